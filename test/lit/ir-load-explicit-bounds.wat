;; Purpose: with --bounds-checks=explicit a load compares the end of the
;; access (index + offset + size) with the memory's current size and traps
;; with "out of bounds memory access" past it.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --bounds-checks=explicit --emit=llvm --module-name m -o - \
;; RUN:   | FileCheck %s %trapcodes

(module
  (memory 1)
  (func (export "load") (param i32) (result i32)
    (i32.load offset=4 (local.get 0))))

;; CHECK-LABEL: define internal tailcc i32 @w2o_mQ_f0(
;; CHECK-SAME: i32 [[ADDR:%[0-9]+]])
;; CHECK: [[INDEX:%[0-9]+]] = zext i32 [[ADDR]] to i64
;; CHECK: [[SIZE:%[0-9]+]] = load i64, ptr
;; CHECK: [[END:%[0-9]+]] = add {{.*}}i64 [[INDEX]], 8
;; CHECK: [[OOB:%[0-9]+]] = icmp ugt i64 [[END]], [[SIZE]]
;; CHECK: br i1 [[OOB]], label %[[TRAP:[a-z0-9.]+]], label %[[OK:[a-z0-9.]+]]
;; CHECK: [[OK]]:
;; CHECK: load i32, ptr
;; CHECK: [[TRAP]]:
;; CHECK-NEXT: call void @wasirt_trap(ptr {{.*}}, i32 [[MEMORY_OOB]])
