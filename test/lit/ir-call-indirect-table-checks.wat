;; Purpose: call_indirect traps with "undefined element" for an index at or
;; past the table's size, and with "uninitialized element" for a null entry.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - | FileCheck %s %trapcodes

(module
  (type $sig (func))
  ;; Exported, so its size and elements may change (see
  ;; ir-call-indirect-immutable-table.wat for a table that cannot).
  (table (export "t") 1 funcref)
  (func (export "call") (param i32)
    (call_indirect (type $sig) (local.get 0))))

;; CHECK-LABEL: define internal tailcc void @w2o_m.f0(
;; CHECK-SAME: i32 [[INDEX:%[0-9]+]])
;; After the prologue's stack check, the table's size:
;; CHECK: call ptr @llvm.stacksave
;; CHECK: br i1
;; CHECK-DAG: [[SIZE:%[0-9]+]] = load i64, ptr
;; CHECK-DAG: [[I:%[0-9]+]] = zext i32 [[INDEX]] to i64
;; CHECK: [[IN:%[a-z0-9.]+]] = icmp ugt i64 [[SIZE]], [[I]]
;; CHECK: br i1 [[IN]], label %[[LOAD:[a-z0-9.]+]], label %[[UNDEF:[a-z0-9.]+]]
;; CHECK: [[LOAD]]:
;; CHECK: [[SLOT:%[0-9]+]] = getelementptr inbounds ptr, ptr {{%[0-9]+}}, i64 [[I]]
;; CHECK-NEXT: [[ENTRY:%[0-9]+]] = load ptr, ptr [[SLOT]]
;; CHECK: [[NULL:%[0-9]+]] = icmp eq ptr [[ENTRY]], null
;; CHECK: br i1 [[NULL]], label %[[UNINIT:[a-z0-9.]+]], label
;; CHECK-DAG: [[UNDEF]]:{{.*}}{{$}}
;; CHECK-DAG: call void @wasirt_trap(ptr {{.*}}, i32 [[UNDEFINED_ELEMENT]])
;; CHECK-DAG: [[UNINIT]]:{{.*}}{{$}}
;; CHECK-DAG: call void @wasirt_trap(ptr {{.*}}, i32 [[UNINITIALIZED_ELEMENT]])
