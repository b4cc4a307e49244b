;; Purpose: call_indirect compares the callee's type id with the id the
;; instance holds for the expected signature, and traps with "indirect call
;; type mismatch" when they differ.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - | FileCheck %s %trapcodes

(module
  (type $sig (func (param i32) (result i32)))
  (table 1 funcref)
  (func (export "call") (param i32) (result i32)
    (call_indirect (type $sig) (i32.const 7) (local.get 0))))

;; The type id is read from the table entry once it is known to be non-null.
;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f0(
;; CHECK: icmp eq ptr [[ENTRY:%[0-9]+]], null
;; CHECK: [[FIELD:%[0-9]+]] = getelementptr inbounds i8, ptr [[ENTRY]], i64 {{[0-9]+}}
;; CHECK-NEXT: [[ACTUAL:%[0-9]+]] = load i64, ptr [[FIELD]]
;; CHECK: [[EXPECTED:%[0-9]+]] = load i64, ptr {{.*}}!invariant.load
;; CHECK: [[SAME:%[a-z0-9.]+]] = icmp eq i64 [[ACTUAL]], [[EXPECTED]]
;; CHECK: br i1 [[SAME]], label %[[CALL:[a-z0-9.]+]], label %[[TRAP:[a-z0-9.]+]]
;; CHECK: [[CALL]]:
;; CHECK: call tailcc i32 %{{[0-9]+}}(ptr %{{[0-9]+}}, i32 7)
;; CHECK: [[TRAP]]:
;; CHECK-NEXT: call void @wasirt_trap(ptr {{.*}}, i32 [[INDIRECT_CALL_TYPE_MISMATCH]])
