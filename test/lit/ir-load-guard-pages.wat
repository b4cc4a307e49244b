;; Purpose: with guard pages (the default) a 32-bit load has no bounds check:
;; the address is zero-extended and added to the memory base, no compare.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - | FileCheck %s

(module
  (memory 1)
  (func (export "load") (param i32) (result i32)
    (i32.load offset=4 (local.get 0))))

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f0(
;; CHECK-SAME: i32 [[ADDR:%[0-9]+]])
;; CHECK-NOT: icmp
;; CHECK: [[INDEX:%[0-9]+]] = zext i32 [[ADDR]] to i64
;; CHECK-NOT: icmp
;; CHECK: [[SLOT:%[0-9]+]] = getelementptr inbounds i8, ptr %0, i64 72
;; CHECK-NEXT: [[BASE:%[0-9]+]] = load ptr, ptr [[SLOT]]
;; CHECK-NOT: icmp
;; CHECK: [[P:%[0-9]+]] = getelementptr i8, ptr [[BASE]], i64 [[INDEX]]
;; CHECK-NEXT: [[Q:%[0-9]+]] = getelementptr i8, ptr [[P]], i64 4
;; CHECK-NEXT: [[V:%[0-9]+]] = load i32, ptr [[Q]]
;; CHECK-NEXT: ret i32 [[V]]
;; CHECK-NEXT: }
