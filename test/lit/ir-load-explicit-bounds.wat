;; Purpose: with --bounds-checks=explicit a load compares the index with
;; the last index at which the access (offset + size bytes) still fits,
;; size + 1 - (offset + size) saturated at 0, and traps with "out of bounds
;; memory access" at or past it. The limit does not depend on the index,
;; so a loop computes it once.
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
;; CHECK: [[SIZE1:%[0-9]+]] = add nuw i64 [[SIZE]], 1
;; CHECK: [[LIMIT:%[0-9]+]] = tail call i64 @llvm.usub.sat.i64(i64 [[SIZE1]], i64 8)
;; CHECK: [[IN:%[.a-z0-9]+]] = icmp ugt i64 [[LIMIT]], [[INDEX]]
;; CHECK: br i1 [[IN]], label %[[OK:[a-z0-9.]+]], label %[[TRAP:[a-z0-9.]+]]
;; CHECK: [[OK]]:
;; CHECK: load i32, ptr
;; CHECK: [[TRAP]]:
;; CHECK-NEXT: call void @wasirt_trap(ptr {{.*}}, i32 [[MEMORY_OOB]])
