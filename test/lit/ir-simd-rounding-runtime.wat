;; Purpose: the lanes of f32x4.floor are rounded without libm (which a plain
;; `cc app.o -lwasirt` does not link): with SSE4.1 by one llvm.floor on the
;; vector; on baseline x86-64 (SSE2) by the add-and-subtract-2^23 sequence
;; written out in IR; and where neither exists (x86 without SSE2) by a call
;; of the runtime's wasirt_f32_floor per lane.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --target=x86_64-unknown-linux-gnu --emit=llvm --module-name m -o - | FileCheck %s --check-prefix=SSE2
;; RUN: %wasm2obj %t.wasm --target=x86_64-unknown-linux-gnu -o %t.o
;; RUN: %objdump -t %t.o | FileCheck %s --check-prefix=SYMS
;; RUN: %wasm2obj %t.wasm --target=x86_64-unknown-linux-gnu --cpu=x86-64-v2 --emit=llvm --module-name m -o - | FileCheck %s --check-prefix=SSE41
;; RUN: %wasm2obj %t.wasm --target=i686-unknown-linux-gnu --cpu=pentium3 --bounds-checks=explicit --emit=llvm --module-name m -o - | FileCheck %s --check-prefix=SSE1
;; RUN: %wasm2obj %t.wasm --target=i686-unknown-linux-gnu --cpu=pentium3 --bounds-checks=explicit -o %t.sse1.o
;; RUN: %objdump -t %t.sse1.o | FileCheck %s --check-prefix=SYMS1

(module
  (func (export "floor") (param v128) (result v128)
    (f32x4.floor (local.get 0))))

;; SSE2-LABEL: define internal tailcc <2 x i64> @w2o_m.f0(
;; SSE2-NOT: @wasirt_f32_floor
;; SSE2: fadd <4 x float> %{{.*}}, <float 0x4160000000000000,
;; SSE2: fadd <4 x float> %{{.*}}, <float 0xC160000000000000,
;; SSE2-NOT: @wasirt_f32_floor
;; SSE2: ret <2 x i64>

;; SYMS-NOT: *UND* {{.*}}floor

;; SSE41-LABEL: define internal tailcc <2 x i64> @w2o_m.f0(
;; SSE41-NOT: wasirt_f32_floor
;; SSE41: call <4 x float> @llvm.floor.v4f32(<4 x float>
;; SSE41-NOT: wasirt_f32_floor
;; SSE41: ret <2 x i64>

;; SSE1-LABEL: define internal {{.*}} @w2o_m.f0(
;; SSE1-COUNT-4: call float @wasirt_f32_floor(float
;; SSE1-NOT: call
;; SSE1: ret <2 x i64>

;; SYMS1-NOT: floorf
;; SYMS1: *UND* {{.*}} wasirt_f32_floor
;; SYMS1-NOT: floorf
