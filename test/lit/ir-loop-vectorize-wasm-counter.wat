;; Purpose: the loop shape clang's wasm backend emits for `for (i = 0; i <
;; N; ++i) s += a[i]` over a static array (an i32 counter running from -4N
;; up to 0, the array's address folded into each access as a wrapping i32
;; add) must stay affine for SCEV, so that LLVM's vectorisers still see
;; consecutive accesses: the loads become vector loads. (IndVarSimplify's
;; widening by zero extension would turn the addresses into masked adds.)
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - | FileCheck %s
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - \
;; RUN:   --mllvm=-indvars-widen-indvars=true | FileCheck %s --check-prefix=WIDENED

(module
  (memory 2)
  (func (export "sum") (result i32)
    (local i32 i32)
    (local.set 0 (i32.const -16384))
    (loop $l
      (local.set 1
        (i32.add (local.get 1)
                 (i32.load (i32.add (local.get 0) (i32.const 17408)))))
      (br_if $l (local.tee 0 (i32.add (local.get 0) (i32.const 4)))))
    (local.get 1)))

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f0(
;; CHECK: load <4 x i32>
;; CHECK: {{^}}}

;; WIDENED-LABEL: define internal tailcc i32 @w2o_m.f0(
;; WIDENED-NOT: load <4 x i32>
;; WIDENED: {{^}}}
