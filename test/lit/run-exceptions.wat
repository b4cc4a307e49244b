;; Purpose: a native program catches wasm exceptions thrown two calls down,
;; through call_indirect, with their payload, 1000 times (each caught
;; exception is freed: the program ends with no exception left), and an
;; exception no catch takes ends it like a trap: exit status 134 and
;; "wasm trap: uncaught exception" on stderr.
;; RUN: %wat2wasm --enable-exceptions %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -o %t.o
;; RUN: %cc %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: timeout 20 %t.exe > %t.out 2> %t.err; test $? -eq 134
;; RUN: FileCheck %s --match-full-lines < %t.err
;; RUN: count 1 < %t.err
;; RUN: FileCheck %s --check-prefix=OUT --match-full-lines < %t.out

(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (tag $e (param i32 i64))
  (tag $other)
  (table 2 funcref)
  (elem (i32.const 0) $thrower $middle)
  (func $thrower (param i32) (result i32)
    (throw $e (local.get 0) (i64.const 3)))
  ;; Catches and rethrows, so every exception crosses two frames.
  (func $middle (param i32) (result i32)
    (try (result i32)
      (do (call $thrower (local.get 0)))
      (catch $e (drop) (drop) (rethrow 0))))
  ;; Writes the decimal digits of $n and a newline.
  (func $print (param $n i32)
    (local $p i32)
    (local.set $p (i32.const 100))
    (i32.store8 (local.get $p) (i32.const 10))
    (loop $digits
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $digits (local.get $n)))
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (i32.sub (i32.const 101) (local.get $p)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start")
    (local $sum i32) (local $i i32)
    (loop $l
      (try
        (do (drop (call_indirect (param i32) (result i32)
                    (local.get $i) (i32.const 1))))
        (catch $e
          (i32.wrap_i64) (i32.add) (local.get $sum) (i32.add)
          (local.set $sum)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000))))
    ;; sum of i + 3 for i < 1000
    (call $print (local.get $sum))
    (try
      (do (throw $other))
      (catch $e (drop) (drop) (call $print (i32.const 1))))
    (call $print (i32.const 2))))

;; OUT: 502500
;; OUT-NOT: {{.}}
;; CHECK: wasm trap: uncaught exception
