;; Purpose: without rounding instructions (baseline x86-64, SSE2) f32x4.floor
;; calls the runtime's wasirt_f32_floor once per lane, so that the object
;; needs no libm (floorf); with SSE4.1 it is one llvm.floor on the vector.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --target=x86_64-unknown-linux-gnu --emit=llvm --module-name m -o - | FileCheck %s --check-prefix=SSE2
;; RUN: %wasm2obj %t.wasm --target=x86_64-unknown-linux-gnu -o %t.o
;; RUN: %objdump -t %t.o | FileCheck %s --check-prefix=SYMS
;; RUN: %wasm2obj %t.wasm --target=x86_64-unknown-linux-gnu --cpu=x86-64-v2 --emit=llvm --module-name m -o - | FileCheck %s --check-prefix=SSE41

(module
  (func (export "floor") (param v128) (result v128)
    (f32x4.floor (local.get 0))))

;; SSE2-LABEL: define internal tailcc <2 x i64> @w2o_m.f0(
;; SSE2-COUNT-4: call float @wasirt_f32_floor(float
;; SSE2-NOT: call
;; SSE2: ret <2 x i64>

;; SYMS-NOT: floorf
;; SYMS: *UND* {{.*}} wasirt_f32_floor
;; SYMS-NOT: floorf

;; SSE41-LABEL: define internal tailcc <2 x i64> @w2o_m.f0(
;; SSE41-NOT: wasirt_f32_floor
;; SSE41: call <4 x float> @llvm.floor.v4f32(<4 x float>
;; SSE41-NOT: wasirt_f32_floor
;; SSE41: ret <2 x i64>
