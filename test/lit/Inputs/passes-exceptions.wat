;; A module without tags or exception instructions that an exception may
;; pass through (ir-exceptions.wat): its import may be another module's
;; function, which may throw. Its functions unwind.
(module
  (import "env" "f" (func $f (param i32) (result i32)))
  (func $g (export "g") (param i32) (result i32)
    (call $f (local.get 0))))
