;; Purpose: a function that calls checks that the stack pointer lies in the
;; stack the instance's limit belongs to and above the limit (SP - limit <
;; span, one unsigned compare); if not, it calls the runtime's
;; wasirt_stack_check (which traps with "call stack exhausted", or replaces
;; a limit left by another thread and returns), on x86-64 with the
;; preserve_most convention, before it goes on. A leaf function (no calls)
;; has no such check.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --target=x86_64-linux-gnu --emit=llvm --module-name m -o - \
;; RUN:   | FileCheck %s
;; RUN: %wasm2obj %t.wasm --target=aarch64-linux-gnu --emit=llvm --module-name m -o - \
;; RUN:   | FileCheck %s --check-prefix=A64

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
;; CHECK-NEXT: getelementptr inbounds i8, ptr %0, i64 40
;; CHECK-NEXT: [[SPAN:%[0-9]+]] = load i64, ptr
;; CHECK-NEXT: [[SP:%[0-9]+]] = {{.*}}call ptr @llvm.stacksave
;; CHECK-NEXT: [[SPINT:%[0-9]+]] = ptrtoint ptr [[SP]] to i64
;; CHECK-NEXT: [[ABOVE:%[0-9]+]] = sub i64 [[SPINT]], [[LIMIT]]
;; CHECK-NEXT: [[IN:%[.a-z0-9]+]] = icmp ult i64 [[ABOVE]], [[SPAN]]
;; CHECK-NEXT: br i1 [[IN]], label %[[BODY:[a-z0-9.]+]], label %[[SLOW:[a-z0-9.]+]],
;; CHECK: [[SLOW]]:
;; CHECK-NEXT: call preserve_mostcc void @wasirt_stack_check_preserve_most(ptr {{.*}}%0, i64 [[SPINT]])
;; CHECK-NEXT: br label %[[BODY]]

;; Elsewhere the C function itself:
;; A64-LABEL: define internal tailcc i32 @w2o_m.f2(
;; A64: stack.slow:
;; A64-NEXT: call void @wasirt_stack_check(ptr {{.*}}%0, i64
