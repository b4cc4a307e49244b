;; Purpose: a table the module defines with maximum = minimum never grows,
;; so call_indirect compares the index with a constant and the element
;; array's address is loop-invariant; a table that can grow has its size
;; reloaded after every call (the callee, or the host it calls, may grow
;; it: the table is exported).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - | FileCheck %s

(module
  (type $sig (func (result i32)))
  (table $fixed 3 3 funcref)
  (table $growable 3 funcref)
  (export "growable-table" (table $growable))
  (func $one (type $sig) (i32.const 1))
  (elem (table $fixed) (i32.const 0) func $one $one $one)
  (elem (table $growable) (i32.const 0) func $one $one $one)
  (func (export "fixed") (param i32 i32) (result i32)
    (local i32)
    (loop $l
      (local.set 2 (i32.add (local.get 2)
                            (call_indirect $fixed (type $sig) (local.get 0))))
      (br_if $l (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))
    (local.get 2))
  (func (export "growable") (param i32 i32) (result i32)
    (local i32)
    (loop $l
      (local.set 2 (i32.add (local.get 2)
                            (call_indirect $growable (type $sig) (local.get 0))))
      (br_if $l (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))
    (local.get 2)))

;; The fixed table: one bounds check against the constant, before the loop.
;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f1(
;; CHECK-SAME: i32 [[INDEX:%[0-9]+]], i32
;; CHECK: icmp ugt i32 [[INDEX]], 2
;; CHECK: load ptr, ptr {{%[0-9]+}}, align 8, !tbaa {{![0-9]+}}, !invariant.load
;; CHECK: {{^}}loop:
;; CHECK-NOT: icmp ugt
;; CHECK: notail call tailcc i32
;; CHECK: {{^}}}

;; The growable table: its size is loaded in the loop.
;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f2(
;; CHECK: {{^}}loop:
;; CHECK: [[SIZE:%[0-9]+]] = load i64, ptr
;; CHECK: icmp ugt i64 [[SIZE]]
;; CHECK: notail call tailcc i32
