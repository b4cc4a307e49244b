;; Purpose: on x86 (SSE2), f32x4/f64x2 min and max are minps/maxps taken in
;; both operand orders and merged, with NaN lanes made canonical (about 8
;; instructions; llvm.minimum/maximum take 25 without AVX-512), and
;; i32x4.trunc_sat_f32x4_s is cvttps2dq with NaN lanes zeroed and positive
;; overflow flipped to 0x7fffffff (about 7; llvm.fptosi.sat takes 34). The
;; spec tests of these (simd_f32x4, simd_f64x2, simd_conversions) run on
;; the portable default and on x86-64-v3 (CTests spec and
;; spec-simd-x86-64-v3); other targets keep the generic intrinsics.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -S --module-name m -o - | FileCheck %s
;; RUN: %wasm2obj %t.wasm --target=aarch64-linux-gnu --emit=llvm \
;; RUN:   --module-name m -o - | FileCheck %s --check-prefix=ARM

(module
  (func (export "min") (param v128 v128) (result v128)
    (f32x4.min (local.get 0) (local.get 1)))
  (func (export "max") (param v128 v128) (result v128)
    (f64x2.max (local.get 0) (local.get 1)))
  (func (export "trunc") (param v128) (result v128)
    (i32x4.trunc_sat_f32x4_s (local.get 0))))

;; CHECK-LABEL: w2o_m.f0:
;; CHECK: minps
;; CHECK: minps
;; CHECK: orps
;; CHECK: cmpunordps
;; CHECK-NOT: call
;; CHECK: retq
;; CHECK-LABEL: w2o_m.f1:
;; CHECK: maxpd
;; CHECK: maxpd
;; CHECK: xorpd
;; CHECK: subpd
;; CHECK: cmp{{(un)?}}ordpd
;; CHECK-NOT: call
;; CHECK: retq
;; CHECK-LABEL: w2o_m.f2:
;; CHECK: cmpordps
;; CHECK: cvttps2dq
;; CHECK: psrad $31
;; CHECK-NOT: call
;; CHECK: retq

;; ARM-LABEL: define {{.*}} @w2o_m.f0(
;; ARM: @llvm.minimum.v4f32(
;; ARM-LABEL: define {{.*}} @w2o_m.f2(
;; ARM: @llvm.fptosi.sat.v4i32.v4f32(
