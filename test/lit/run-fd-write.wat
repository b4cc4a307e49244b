;; Purpose: a program's fd_write output reaches stdout and stderr, and
;; returning from _start exits with status 0.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -o %t.o
;; RUN: %cc %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: timeout 20 %t.exe > %t.out 2> %t.err
;; RUN: FileCheck %s --check-prefix=OUT --match-full-lines < %t.out
;; RUN: count 2 < %t.out
;; RUN: FileCheck %s --check-prefix=ERR --match-full-lines < %t.err

(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "hello from wasm\n")
  (data (i32.const 96) "a line on stderr\n")
  ;; write(fd, ptr, len) with one iovec at address 0
  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start")
    (call $write (i32.const 1) (i32.const 64) (i32.const 16))
    (call $write (i32.const 2) (i32.const 96) (i32.const 17))
    (call $write (i32.const 1) (i32.const 64) (i32.const 16))))

;; OUT: hello from wasm
;; OUT-NEXT: hello from wasm
;; ERR: a line on stderr
