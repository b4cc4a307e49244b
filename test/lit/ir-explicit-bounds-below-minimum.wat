;; Purpose: with --bounds-checks=explicit an access that ends within the
;; memory's declared minimum needs no check (a memory never shrinks, and an
;; imported one is at least its import's minimum): the load of the memory's
;; size carries the range [minimum, 2^64), and LLVM folds such checks, as
;; for C's static data at constant addresses. An access that may end past
;; the minimum keeps its check.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --bounds-checks=explicit --emit=llvm --module-name m -o - \
;; RUN:   | FileCheck %s %trapcodes
;; RUN: %wasm2obj %t.wasm --bounds-checks=explicit --emit=llvm -O0 --module-name m -o - \
;; RUN:   | FileCheck %s --check-prefix=RANGE

(module
  (import "env" "mem" (memory 2))
  ;; Ends at 131072, the minimum's last byte: no check.
  (func (export "last") (result i32)
    (i32.load offset=131068 (i32.const 0)))
  ;; Ends one byte past the minimum: checked.
  (func (export "past") (result i32)
    (i32.load offset=131069 (i32.const 0)))
  ;; An index below the minimum, but not a constant: checked.
  (func (export "index") (param i32) (result i32)
    (i32.load (local.get 0))))

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f0(
;; CHECK-NOT: icmp
;; CHECK-NOT: wasirt_trap
;; CHECK: load i32
;; CHECK-NEXT: ret i32

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f1(
;; CHECK: icmp
;; CHECK: call void @wasirt_trap(ptr {{.*}}, i32 [[MEMORY_OOB]])

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f2(
;; CHECK: icmp
;; CHECK: call void @wasirt_trap(ptr {{.*}}, i32 [[MEMORY_OOB]])

;; The size's range, from 2 pages up:
;; RANGE: load i64, ptr {{.*}}, !range [[R:![0-9]+]]
;; RANGE: [[R]] = !{i64 131072, i64 0}
