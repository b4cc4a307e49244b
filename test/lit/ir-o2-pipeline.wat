;; Purpose: -O2's pipeline for already-optimised code (buildWasmO2Pipeline
;; in Codegen.cpp) keeps the passes it was measured to need besides
;; InstCombine and the loop passes: one round of inlining (a small
;; function called twice disappears into its caller), Reassociate (a*b*c
;; and c*a*b are put in one order, so their difference is 0) and, with
;; explicit checks, ConstraintElimination (a check implied by an earlier
;; one goes: [p, p+8) in bounds implies [p, p+4) is).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --bounds-checks=explicit --emit=llvm --module-name m -o - \
;; RUN:   | FileCheck %s

(module
  (memory 1)
  (func $scale (param i32) (result i32)
    (i32.add (i32.mul (local.get 0) (i32.const 3)) (i32.const 7)))
  (func (export "twice") (param i32 i32) (result i32)
    (i32.add (call $scale (local.get 0)) (call $scale (local.get 1))))
  (func (export "pair") (param $p i32) (result i32)
    (i32.add (i32.load offset=4 (local.get $p)) (i32.load (local.get $p))))
  (func (export "mix") (param i32 i32 i32) (result i32)
    (i32.sub (i32.mul (i32.mul (local.get 0) (local.get 1)) (local.get 2))
             (i32.mul (i32.mul (local.get 2) (local.get 0)) (local.get 1)))))

;; $scale is gone: inlined into its two calls, which are then one.
;; CHECK-NOT: define {{.*}} @w2o_m.f0(
;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f1(
;; CHECK-NOT: call tailcc
;; CHECK:      body:
;; CHECK-NEXT:   %[[SUM:[0-9]+]] = add i32 %2, %1
;; CHECK-NEXT:   %[[MUL:[0-9]+]] = mul i32 %[[SUM]], 3
;; CHECK-NEXT:   %[[R:[0-9]+]] = add i32 %[[MUL]], 14
;; CHECK-NEXT:   ret i32 %[[R]]

;; One compare: the load at offset 4 checks p+8; the one at 0 needs no
;; check of its own.
;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f2(
;; CHECK:       add nuw nsw i64 %{{[0-9]+}}, 8
;; CHECK-NEXT:  icmp ugt i64
;; CHECK-NOT:   icmp
;; CHECK:       ret i32

;; InstCombine alone leaves both products and the subtraction.
;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f3(
;; CHECK-NEXT:  entry:
;; CHECK-NEXT:    ret i32 0
