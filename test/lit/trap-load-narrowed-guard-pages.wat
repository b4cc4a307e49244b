;; Purpose: with guard pages, a v128.load that starts in bounds and ends past
;; the end of memory traps even when only its first lane is used (LLVM must
;; not narrow it to a load of the bytes that are in bounds).
;; The program exits with status 134 and one line "wasm trap: out of bounds memory access" on stderr.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -o %t.o
;; RUN: %cc %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: timeout 20 %t.exe > %t.out 2> %t.err; test $? -eq 134
;; RUN: FileCheck %s --match-full-lines < %t.err
;; RUN: count 1 < %t.err

(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func $first_lane (param i32) (result i32)
    (i32x4.extract_lane 0 (v128.load (local.get 0))))
  (func (export "_start")
    ;; 65532 + 16 > 65536: out of bounds, though lane 0 is in bounds.
    (call $proc_exit (call $first_lane (i32.const 65532)))))

;; CHECK: wasm trap: out of bounds memory access
