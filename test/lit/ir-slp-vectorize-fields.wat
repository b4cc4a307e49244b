;; Purpose: -O2 runs the SLP vectoriser, as clang -O2 does: two
;; neighbouring f64 fields of a struct in linear memory, updated the same
;; way (a kick of a velocity by an acceleration), become one <2 x double>
;; load, multiply-add and store. -O1 does not run it.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - | FileCheck %s
;; RUN: %wasm2obj %t.wasm -O1 --emit=llvm --module-name m -o - | FileCheck %s --check-prefix=O1

(module
  (memory 1)
  (func (export "kick") (param $b i32) (param $dt f64)
    (f64.store offset=0 (local.get $b)
      (f64.add (f64.load offset=0 (local.get $b))
               (f64.mul (f64.load offset=16 (local.get $b)) (local.get $dt))))
    (f64.store offset=8 (local.get $b)
      (f64.add (f64.load offset=8 (local.get $b))
               (f64.mul (f64.load offset=24 (local.get $b)) (local.get $dt))))))

;; CHECK-LABEL: define internal tailcc void @w2o_m.f0(
;; CHECK: load <2 x double>
;; CHECK: load <2 x double>
;; CHECK: fmul <2 x double>
;; CHECK: fadd <2 x double>
;; CHECK: store <2 x double>
;; CHECK: ret void

;; O1-LABEL: define internal tailcc void @w2o_m.f0(
;; O1-NOT: <2 x double>
;; O1: ret void
