;; features: threads memory64
;; memory.atomic.notify, wait32 and wait64 on a 64-bit memory whose index
;; plus offset passes 2^64: wasm adds them without wrap-around, so the
;; access is out of bounds (the runtime once checked the wrapped sum, an
;; address in bounds, and waited or notified there); when it is also
;; misaligned, alignment is checked first. Run in both modes by spec-own.

(module
  (memory i64 1 1 shared)
  (data (i64.const 16) "\01\00\00\00\00\00\00\00")
  (func (export "notify") (param $a i64) (result i32)
    (memory.atomic.notify offset=32 (local.get $a) (i32.const 1)))
  (func (export "wait32") (param $a i64) (param $e i32) (result i32)
    (memory.atomic.wait32 offset=32 (local.get $a) (local.get $e)
      (i64.const 0)))
  (func (export "wait64") (param $a i64) (param $e i64) (result i32)
    (memory.atomic.wait64 offset=32 (local.get $a) (local.get $e)
      (i64.const 0)))
  (func (export "notify_max") (param $a i64) (result i32)
    (memory.atomic.notify offset=0xfffffffc (local.get $a)
      (i32.const 1)))
)

;; 2^64 - 16 + 32 wraps to 16, where the memory holds 1.
(assert_trap (invoke "notify" (i64.const -16)) "out of bounds memory access")
(assert_trap (invoke "wait32" (i64.const -16) (i32.const 0))
  "out of bounds memory access")
(assert_trap (invoke "wait32" (i64.const -16) (i32.const 1))
  "out of bounds memory access")
(assert_trap (invoke "wait64" (i64.const -16) (i64.const 1))
  "out of bounds memory access")
(assert_trap (invoke "notify_max" (i64.const -4)) "out of bounds memory access")
;; Past 2^64 and misaligned: "unaligned atomic".
(assert_trap (invoke "notify" (i64.const -14)) "unaligned atomic")
(assert_trap (invoke "wait64" (i64.const -20) (i64.const 1))
  "unaligned atomic")
;; In bounds (address 32, which holds 0): the same functions work.
(assert_return (invoke "notify" (i64.const 0)) (i32.const 0))
(assert_return (invoke "wait32" (i64.const 0) (i32.const 0)) (i32.const 2))
(assert_return (invoke "wait32" (i64.const 0) (i32.const 5)) (i32.const 1))
(assert_return (invoke "wait64" (i64.const 0) (i64.const 0)) (i32.const 2))
