;; Purpose: the translator loads a memory's base (one load: the instance
;; holds a copy) once per function, in the prologue, whatever the number
;; of accesses and blocks, even at -O0 (no optimiser has to clean up a load
;; per access). A function that does not touch memory does not load it.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj -O0 %t.wasm --emit=llvm --module-name m -o - | FileCheck %s

(module
  (memory 1)
  (func (export "three") (param $p i32) (result i32)
    (local $s i32)
    (local.set $s (i32.load (local.get $p)))
    (if (local.get $s)
      (then (local.set $s (i32.load offset=4 (local.get $p))))
      (else (i32.store (local.get $p) (i32.const 7))))
    (i32.add (local.get $s) (i32.load8_u (i32.const 0))))
  (func (export "none") (param i32) (result i32)
    (i32.add (local.get 0) (i32.const 1))))

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f0(
;; CHECK-NEXT: entry:
;; CHECK: [[BASE:%[0-9]+]] = load ptr, ptr {{.*}}!invariant.load
;; CHECK-NEXT: br {{.*}}label %body
;; CHECK: body:
;; CHECK-NOT: load ptr
;; CHECK: getelementptr i8, ptr [[BASE]]
;; CHECK-NOT: load ptr
;; CHECK: getelementptr i8, ptr [[BASE]]
;; CHECK-NOT: load ptr
;; CHECK: store i32 7, ptr
;; CHECK-NOT: load ptr
;; CHECK: load i8, ptr [[BASE]]
;; CHECK-NOT: load ptr
;; CHECK: ret i32

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f1(
;; CHECK-NOT: load ptr
;; CHECK: ret i32
;; CHECK-NEXT: }
