;; Purpose: a function that calls checks the stack pointer against the limit
;; in the instance and, below it, calls wasirt_stack_check (which traps with
;; "call stack exhausted", or replaces a limit left by another thread and
;; returns) before it goes on; a leaf function (no calls) has no such check.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - | FileCheck %s %trapcodes

(module
  (import "env" "host" (func $host (param i32) (result i32)))
  (func $leaf (export "leaf") (param i32) (result i32)
    (i32.mul (local.get 0) (local.get 0)))
  (func $caller (export "caller") (param i32) (result i32)
    (call $host (local.get 0))))

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f1(
;; CHECK-NOT: stacksave
;; CHECK-NOT: wasirt_stack_check
;; CHECK: ret i32
;; CHECK-NEXT: }

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f2(
;; CHECK: [[LIMIT:%[0-9]+]] = load i64, ptr
;; CHECK-NEXT: [[SP:%[0-9]+]] = {{.*}}call ptr @llvm.stacksave
;; CHECK-NEXT: [[SPINT:%[0-9]+]] = ptrtoint ptr [[SP]] to i64
;; CHECK-NEXT: [[LOW:%[0-9]+]] = icmp ugt i64 [[LIMIT]], [[SPINT]]
;; CHECK-NEXT: br i1 [[LOW]], label %[[SLOW:[a-z0-9.]+]], label %[[BODY:[a-z0-9.]+]],
;; CHECK: [[SLOW]]:
;; CHECK-NEXT: call void @wasirt_stack_check(ptr {{.*}}%0, i64 [[SPINT]])
;; CHECK-NEXT: br label %[[BODY]]
