;; A module without tags or exception instructions (ir-exceptions.wat):
;; its functions are nounwind.
(module
  (import "env" "f" (func $f (param i32) (result i32)))
  (func $g (export "g") (param i32) (result i32)
    (call $f (local.get 0))))
