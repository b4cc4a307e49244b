;; Purpose: i8x16.swizzle (and relaxed_swizzle, which is the same) is one
;; instruction where the target has one of its meaning: AArch64's tbl
;; (an index of 16 or more gives 0), and x86's pshufb with SSSE3 after a
;; saturating add of 0x70 (an index of 16 or more gets its top bit set,
;; which pshufb makes 0). The portable x86-64 default has neither and
;; builds the vector lane by lane. The spec tests of swizzle run on all
;; three x86 forms (CTests spec and spec-simd-x86-64-v3).
;; RUN: %wat2wasm --enable-relaxed-simd %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --cpu=x86-64-v2 -S --module-name m -o - \
;; RUN:   | FileCheck %s --check-prefix=SSSE3
;; RUN: %wasm2obj %t.wasm -S --module-name m -o - \
;; RUN:   | FileCheck %s --check-prefix=BASE
;; RUN: %wasm2obj %t.wasm --target=aarch64-linux-gnu -S --module-name m -o - \
;; RUN:   | FileCheck %s --check-prefix=ARM

(module
  (func (export "swizzle") (param v128 v128) (result v128)
    (i8x16.swizzle (local.get 0) (local.get 1)))
  (func (export "relaxed") (param v128 v128) (result v128)
    (i8x16.relaxed_swizzle (local.get 0) (local.get 1))))

;; SSSE3-LABEL: w2o_m.f0:
;; SSSE3-NEXT: paddusb {{.*}}, %xmm1
;; SSSE3-NEXT: pshufb %xmm1, %xmm0
;; SSSE3-NEXT: retq
;; SSSE3-LABEL: w2o_m.f1:
;; SSSE3-NEXT: paddusb {{.*}}, %xmm1
;; SSSE3-NEXT: pshufb %xmm1, %xmm0
;; SSSE3-NEXT: retq

;; BASE-LABEL: w2o_m.f0:
;; BASE-NOT: pshufb
;; BASE: retq

;; ARM-LABEL: w2o_m.f0:
;; ARM-NEXT: tbl v0.16b, { v0.16b }, v1.16b
;; ARM-NEXT: ret
;; ARM-LABEL: w2o_m.f1:
;; ARM-NEXT: tbl v0.16b, { v0.16b }, v1.16b
;; ARM-NEXT: ret
