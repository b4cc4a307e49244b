;; Purpose: relaxed SIMD operators compile to the fixed choices listed in
;; lib/Translate/TranslateSimd.cpp: relaxed_min/max are x86's minps/maxpd
;; (one instruction), a compare and a select of the same meaning on other
;; targets; relaxed_madd is fused (llvm.fma) only when the target has FMA
;; and is a rounded multiply and add otherwise; and a build without the
;; relaxed-simd feature rejects the opcode at its offset.
;; RUN: %wat2wasm --enable-relaxed-simd %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - | FileCheck %s
;; RUN: %wasm2obj %t.wasm --cpu-features=+fma --emit=llvm --module-name m -o - \
;; RUN:   | FileCheck %s --check-prefix=FMA
;; RUN: %wasm2obj %t.wasm --emit=asm --module-name m -o - \
;; RUN:   | FileCheck %s --check-prefix=ASM
;; RUN: %wasm2obj %t.wasm --target=aarch64-linux-gnu --emit=llvm \
;; RUN:   --module-name m -o - | FileCheck %s --check-prefix=ARM
;; x86 without SSE2 has no minpd: the select, which LLVM lowers as it can.
;; RUN: %wasm2obj %t.wasm --target=i686-linux-gnu --cpu=pentium3 \
;; RUN:   --bounds-checks=explicit --emit=llvm --module-name m -o - \
;; RUN:   | FileCheck %s --check-prefix=P3
;; RUN: %wasm2obj %t.wasm --target=i686-linux-gnu --cpu=pentium3 \
;; RUN:   --bounds-checks=explicit -o %t.p3.o
;; RUN: not %wasm2obj %t.wasm --features=-relaxed-simd -o %t.o 2>&1 \
;; RUN:   | FileCheck %s --check-prefix=OFF
;; RUN: not test -e %t.o

(module
  (func (export "min") (param v128 v128) (result v128)
    (f32x4.relaxed_min (local.get 0) (local.get 1)))
  (func (export "max") (param v128 v128) (result v128)
    (f64x2.relaxed_max (local.get 0) (local.get 1)))
  (func (export "madd") (param v128 v128 v128) (result v128)
    (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))))

;; CHECK-LABEL: define {{.*}} @w2o_m.f0(
;; CHECK: call <4 x float> @llvm.x86.sse.min.ps(
;; CHECK-LABEL: define {{.*}} @w2o_m.f1(
;; CHECK: call <2 x double> @llvm.x86.sse2.max.pd(
;; CHECK-LABEL: define {{.*}} @w2o_m.f2(
;; CHECK-NOT: llvm.fma
;; CHECK: fmul <4 x float>
;; CHECK: fadd <4 x float>
;; CHECK: ret

;; FMA-LABEL: define {{.*}} @w2o_m.f2(
;; FMA-NOT: fmul
;; FMA: call <4 x float> @llvm.fma.v4f32(
;; FMA: ret

;; ASM-LABEL: w2o_m.f0:
;; ASM-NEXT: minps
;; ASM-NEXT: retq
;; ASM-LABEL: w2o_m.f1:
;; ASM-NEXT: maxpd
;; ASM-NEXT: retq

;; ARM-LABEL: define {{.*}} @w2o_m.f0(
;; ARM: %[[LT:.*]] = fcmp olt <4 x float> %[[A:.*]], %[[B:.*]]
;; ARM: select <4 x i1> %[[LT]], <4 x float> %[[A]], <4 x float> %[[B]]
;; ARM-LABEL: define {{.*}} @w2o_m.f1(
;; ARM: fcmp ogt <2 x double> %3, %4
;; ARM-LABEL: define {{.*}} @w2o_m.f2(
;; ARM: call <4 x float> @llvm.fma.v4f32(

;; P3-LABEL: define {{.*}} @w2o_m.f1(
;; P3-NOT: llvm.x86
;; P3: fcmp ogt <2 x double>

;; OFF: .wasm:0x3d: error: malformed module: illegal opcode
