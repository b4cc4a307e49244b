;; Purpose: the NaN-quieting select is added only where LLVM could fold the
;; operation to its operand (x/1, x*-1, x+-0, x-0, -0-x) and so return a
;; signalling NaN unchanged; 1/x, 2*x and 0-x are real arithmetic and get
;; no select.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - | FileCheck %s

(module
  (func (export "recip") (param f64) (result f64)
    (f64.div (f64.const 1) (local.get 0)))
  (func (export "twice") (param f32) (result f32)
    (f32.mul (f32.const 2) (local.get 0)))
  (func (export "zero_minus") (param f64) (result f64)
    (f64.sub (f64.const 0) (local.get 0)))
  (func (export "div_one") (param f64) (result f64)
    (f64.div (local.get 0) (f64.const 1)))
  (func (export "mul_minus_one") (param f32) (result f32)
    (f32.mul (f32.const -1) (local.get 0)))
  (func (export "add_minus_zero") (param f64) (result f64)
    (f64.add (local.get 0) (f64.const -0)))
  (func (export "minus_zero_minus") (param f64) (result f64)
    (f64.sub (f64.const -0) (local.get 0))))

;; CHECK-LABEL: @w2o_m.f0(
;; CHECK-NOT: fcmp uno
;; CHECK: fdiv double 1.000000e+00
;; CHECK-NOT: fcmp uno
;; CHECK: {{^}}}
;; CHECK-LABEL: @w2o_m.f1(
;; CHECK-NOT: fcmp uno
;; CHECK: {{^}}}
;; CHECK-LABEL: @w2o_m.f2(
;; CHECK-NOT: fcmp uno
;; CHECK: fsub double 0.000000e+00
;; CHECK-NOT: fcmp uno
;; CHECK: {{^}}}
;; CHECK-LABEL: @w2o_m.f3(
;; CHECK: fcmp uno double
;; CHECK-LABEL: @w2o_m.f4(
;; CHECK: fcmp uno float
;; CHECK-LABEL: @w2o_m.f5(
;; CHECK: fcmp uno double
;; CHECK-LABEL: @w2o_m.f6(
;; CHECK: fcmp uno double
