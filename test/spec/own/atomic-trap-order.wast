;; features: threads
;; An atomic access that is both misaligned and out of bounds traps
;; "unaligned atomic", in both bounds-check modes: alignment is checked
;; first, as the reference interpreter does and as the runtime's wait and
;; notify do (lib/Runtime/atomic.c). Run in both modes by the CTest
;; spec-own.

(module
  (memory 1 1 shared)
  (func (export "load32") (param i32) (result i32)
    (i32.atomic.load (local.get 0)))
  (func (export "load64_off") (param i32) (result i64)
    (i64.atomic.load offset=65528 (local.get 0)))
  (func (export "store16") (param i32)
    (i32.atomic.store16 (local.get 0) (i32.const 7)))
  (func (export "rmw_add") (param i32) (result i32)
    (i32.atomic.rmw.add (local.get 0) (i32.const 1)))
  (func (export "cmpxchg64") (param i32) (result i64)
    (i64.atomic.rmw.cmpxchg (local.get 0) (i64.const 0) (i64.const 1)))
  (func (export "notify") (param i32) (result i32)
    (memory.atomic.notify (local.get 0) (i32.const 1)))
)

;; Misaligned and out of bounds: alignment wins.
(assert_trap (invoke "load32" (i32.const 65537)) "unaligned atomic")
(assert_trap (invoke "load32" (i32.const 0xffffffff)) "unaligned atomic")
(assert_trap (invoke "load64_off" (i32.const 6)) "unaligned atomic")
(assert_trap (invoke "store16" (i32.const 65537)) "unaligned atomic")
(assert_trap (invoke "rmw_add" (i32.const 70002)) "unaligned atomic")
(assert_trap (invoke "cmpxchg64" (i32.const 65540)) "unaligned atomic")
(assert_trap (invoke "notify" (i32.const 65537)) "unaligned atomic")

;; Aligned and out of bounds.
(assert_trap (invoke "load32" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "load64_off" (i32.const 8)) "out of bounds memory access")
(assert_trap (invoke "store16" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "rmw_add" (i32.const 70000)) "out of bounds memory access")
(assert_trap (invoke "cmpxchg64" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "notify" (i32.const 65536)) "out of bounds memory access")

;; Misaligned and in bounds; aligned and in bounds.
(assert_trap (invoke "load32" (i32.const 2)) "unaligned atomic")
(assert_trap (invoke "cmpxchg64" (i32.const 65524)) "unaligned atomic")
(assert_return (invoke "rmw_add" (i32.const 65532)) (i32.const 0))
(assert_return (invoke "load32" (i32.const 65532)) (i32.const 1))
(assert_return (invoke "load64_off" (i32.const 0)) (i64.const 0x100000000))
