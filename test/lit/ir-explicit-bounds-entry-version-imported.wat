;; Purpose: VersionChecks (ir-explicit-bounds-entry-version.wat) also
;; decides the checks of an imported memory at a function's entry, whose
;; bound is its descriptor's size field (a memory the module defines is
;; checked against the instance's copy of its size instead,
;; ir-explicit-bounds-size-copy.wat): the entry loads the descriptor's
;; pointer, then the size, and tests both parameters against it.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --bounds-checks=explicit --emit=llvm --module-name m -o - \
;; RUN:   | FileCheck %s

(module
  (import "env" "mem" (memory 1))
  (func (export "cmp") (param $a i32) (param $b i32) (result i32)
    (if (i32.ne (i32.load (local.get $a)) (i32.load (local.get $b)))
      (then (return (i32.const -1))))
    (i32.sub (i32.load offset=4 (local.get $a))
             (i32.load offset=4 (local.get $b)))))

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f0(
;; CHECK-SAME: i32 [[A:%[0-9]+]], i32 [[B:%[0-9]+]])
;; CHECK-NEXT: version:
;; CHECK-NEXT: [[SLOT:%[0-9]+]] = getelementptr inbounds i8, ptr %0, i64 64
;; CHECK-NEXT: [[DESC:%[0-9]+]] = load ptr, ptr [[SLOT]]
;; CHECK-NEXT: [[FIELD:%[0-9]+]] = getelementptr inbounds i8, ptr [[DESC]], i64 8
;; CHECK-NEXT: [[SIZE:%[0-9]+]] = load i64, ptr [[FIELD]]
;; CHECK: [[AW:%[0-9]+]] = zext i32 [[A]] to i64
;; CHECK: icmp uge i64 {{%[0-9]+}}, [[AW]]
;; CHECK: [[BW:%[0-9]+]] = zext i32 [[B]] to i64
;; CHECK: icmp uge i64 {{%[0-9]+}}, [[BW]]
;; CHECK: br i1 {{%[0-9]+}}, label %{{[a-z0-9.]+}}, label %{{[a-z0-9.]+}}, !prof
