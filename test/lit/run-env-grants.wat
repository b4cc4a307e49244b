;; Purpose: --env records an environment variable in the object, the program
;; sees it through environ_get, and WASM2OBJ_GRANTS adds to or clears the
;; recorded grants at run time; without grants the environment is empty.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --env GREETING=hello --env EMPTY= -o %t.o
;; RUN: %cc %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: %wasm2obj %t.wasm -o %t.none.o
;; RUN: %cc %t.none.o -L%libdir -lwasirt -o %t.none.exe
;; RUN: env HOSTVAR=ignored timeout 20 %t.exe | FileCheck %s --check-prefix=RECORDED --match-full-lines
;; RUN: env WASM2OBJ_GRANTS='env=EXTRA=added\ value' timeout 20 %t.exe \
;; RUN:   | FileCheck %s --check-prefix=ADDED --match-full-lines
;; RUN: env WASM2OBJ_GRANTS=clear timeout 20 %t.exe | FileCheck %s --check-prefix=CLEARED
;; RUN: env HOSTVAR=ignored timeout 20 %t.none.exe | FileCheck %s --check-prefix=CLEARED

(module
  (import "wasi_snapshot_preview1" "environ_sizes_get"
    (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get"
    (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; 0: count, 4: buffer size, 16: iovec, 1024: pointers, 4096: strings
  (func (export "_start")
    (local $i i32)
    (drop (call $environ_sizes_get (i32.const 0) (i32.const 4)))
    (drop (call $environ_get (i32.const 1024) (i32.const 4096)))
    ;; one "NAME=VALUE" per line: each NUL becomes a newline
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.load (i32.const 4))))
        (if (i32.eqz (i32.load8_u offset=4096 (local.get $i)))
          (then (i32.store8 offset=4096 (local.get $i) (i32.const 10))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    ;; then "count=N" (N < 10)
    (i32.store8 offset=4096 (local.get $i) (i32.const 99)) ;; c
    (i32.store (i32.add (local.get $i) (i32.const 4097)) (i32.const 0x746e756f)) ;; ount
    (i32.store8 offset=4101 (local.get $i) (i32.const 61)) ;; =
    (i32.store8 offset=4102 (local.get $i)
      (i32.add (i32.const 48) (i32.load (i32.const 0))))
    (i32.store8 offset=4103 (local.get $i) (i32.const 10))
    (i32.store (i32.const 16) (i32.const 4096))
    (i32.store (i32.const 20) (i32.add (local.get $i) (i32.const 8)))
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 8)))))

;; RECORDED: GREETING=hello
;; RECORDED-NEXT: EMPTY=
;; RECORDED-NEXT: count=2
;; ADDED: GREETING=hello
;; ADDED-NEXT: EMPTY=
;; ADDED-NEXT: EXTRA=added value
;; ADDED-NEXT: count=3
;; CLEARED: {{^}}count=0
