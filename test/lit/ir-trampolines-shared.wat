;; Purpose: types with the same parameters and results share one trampoline
;; (the generic call adapter of a type) and one signature array: a type
;; section of many identical types makes one function, not one per type
;; (a million empty types took minutes and gigabytes).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -O0 --emit=llvm --module-name m -o %t.ll
;; RUN: grep -c "^define internal void @w2o_m.trampoline" %t.ll | FileCheck %s --check-prefix=COUNT
;; COUNT: {{^}}2{{$}}
;; RUN: FileCheck %s < %t.ll

(module
  (type $a (func))
  (type $b (func))
  (type $c (func (param i32) (result i32)))
  (type $d (func (param i32) (result i32)))
  (type $e (func))
  (func (export "f") (type $b))
  (func (export "g") (type $d) (local.get 0)))

;; The type table: types 0, 1 and 4 share trampoline0, 2 and 3 trampoline2.
;; CHECK: @w2o_m.types = {{.*}}trampoline0 }, {{.*}}trampoline0 }, {{.*}}trampoline2 }, {{.*}}trampoline2 }, {{.*}}trampoline0 }]
