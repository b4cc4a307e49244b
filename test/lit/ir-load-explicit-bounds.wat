;; Purpose: with --bounds-checks=explicit a load outside any wasm loop
;; traps with "out of bounds memory access" when index + offset + size,
;; computed in 64 bits where it cannot wrap, is above the memory's byte
;; size: one add and one compare, and a later check of the same index with
;; a smaller end is implied by an earlier one and goes. Inside a loop the
;; load instead compares the index with the last index at which the
;; access still fits, size + 1 - (offset + size) saturated at 0: that
;; limit does not depend on the index, so the loop computes it once.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --bounds-checks=explicit --emit=llvm --module-name m -o - \
;; RUN:   | FileCheck %s %trapcodes

(module
  ;; A minimum of 0: the checks below are not decided by it
  ;; (ir-explicit-bounds-below-minimum.wat).
  (memory 0)
  (func (export "load") (param i32) (result i32)
    (i32.load offset=4 (local.get 0)))

  ;; The second load ends at index + 8, inside the first one's index + 16.
  (func (export "two") (param i32) (result i32)
    (i32.add (i32.load offset=12 (local.get 0))
             (i32.load offset=4 (local.get 0))))

  ;; Follows a chain of links: the addresses are not a recurrence.
  (func (export "chase") (param i32) (result i32)
    (loop $next
      (local.set 0 (i32.load offset=4 (local.get 0)))
      (br_if $next (local.get 0)))
    (local.get 0)))

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f0(
;; CHECK-SAME: i32 [[ADDR:%[0-9]+]])
;; CHECK: [[INDEX:%[0-9]+]] = zext i32 [[ADDR]] to i64
;; CHECK: [[SIZE:%[0-9]+]] = load i64, ptr
;; CHECK: [[END:%[0-9]+]] = add nuw nsw i64 [[INDEX]], 8
;; CHECK: [[OUT:%[.a-z0-9]+]] = icmp ugt i64 [[END]], [[SIZE]]
;; CHECK: br i1 [[OUT]], label %[[TRAP:[a-z0-9.]+]], label %[[OK:[a-z0-9.]+]]
;; CHECK: [[OK]]:
;; CHECK: load i32, ptr
;; CHECK: [[TRAP]]:
;; CHECK-NEXT: call void @wasirt_trap(ptr {{.*}}, i32 [[MEMORY_OOB]])

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f1(
;; CHECK: [[END:%[0-9]+]] = add nuw nsw i64 {{%[0-9]+}}, 16
;; CHECK-NEXT: icmp ugt i64 [[END]]
;; CHECK-NOT: icmp
;; CHECK: load i32, ptr
;; CHECK-NOT: icmp
;; CHECK: load i32, ptr
;; CHECK: ret i32

;; CHECK-LABEL: define internal tailcc {{.*}}i32 @w2o_m.f2(
;; CHECK: [[SIZE1:%[0-9]+]] = add nuw i64 {{%[0-9]+}}, 1
;; CHECK: [[LIMIT:%[0-9]+]] = tail call i64 @llvm.usub.sat.i64(i64 [[SIZE1]], i64 8)
;; CHECK: {{^}}loop:
;; CHECK: [[IN:%[.a-z0-9]+]] = icmp ugt i64 [[LIMIT]], {{%[0-9]+}}
;; CHECK: br i1 [[IN]]
