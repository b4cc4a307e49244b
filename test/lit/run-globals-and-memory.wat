;; Purpose: an end-to-end computation over globals, locals, a loop, memory
;; and a recursive call gives the right exit status (55 = fib(10)).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -o %t.o
;; RUN: %cc %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: timeout 20 %t.exe; test $? -eq 55

(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (global $calls (mut i32) (i32.const 0))
  (func $fib (param $n i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "_start")
    (local $i i32)
    ;; store fib(0..10) in memory, then read fib(10) back
    (loop $next
      (i32.store (i32.shl (local.get $i) (i32.const 2)) (call $fib (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.le_u (local.get $i) (i32.const 10))))
    ;; fib(0..10) makes 453 calls in all
    (if (i32.ne (global.get $calls) (i32.const 453)) (then unreachable))
    (call $proc_exit (i32.load (i32.const 40)))))
