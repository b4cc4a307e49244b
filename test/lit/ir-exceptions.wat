;; Purpose: a call inside a try is an invoke whose landing pad (a cleanup
;; pad under the module's thunk of libgcc's C personality) goes to the
;; try's dispatch, which compares the exception's tag with the catch's tag
;; slot in the instance; a throw inside the same try branches to the
;; dispatch without unwinding; an exception no clause takes leaves through
;; wasirt_throw. A module with tags is not nounwind; nor is one whose
;; import may be another module's code; one that only calls WASI and its
;; own functions is.
;; RUN: %wat2wasm --enable-exceptions %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --emit=llvm -O0 --module-name m -o - | FileCheck %s
;; RUN: %wat2wasm %S/Inputs/no-exceptions.wat -o %t2.wasm
;; RUN: %wasm2obj %t2.wasm --emit=llvm -O0 --module-name n -o - | FileCheck %s --check-prefix=NONE
;; RUN: %wat2wasm %S/Inputs/passes-exceptions.wat -o %t3.wasm
;; RUN: %wasm2obj %t3.wasm --emit=llvm -O0 --module-name p -o - | FileCheck %s --check-prefix=PASS

(module
  (import "env" "f" (func $f (param i32) (result i32)))
  (tag $e (param i32))
  (func $g (export "g") (param i32) (result i32)
    (try (result i32)
      (do
        (if (local.get 0) (then (throw $e (i32.const 7))))
        (call $f (local.get 0)))
      (catch $e))))

;; CHECK: define internal tailcc i32 @w2o_m.f1({{.*}}) #[[ATTR:[0-9]+]] personality ptr @w2o_m.personality {
;; CHECK: [[NEW:%[0-9]+]] = call ptr @wasirt_exception_new(
;; CHECK: store i32 7, ptr
;; CHECK-NEXT: br label %catch.dispatch
;; CHECK: catch.dispatch:
;; CHECK-NEXT: %exn = phi ptr [ [[NEW]], %then ], [ [[LP:%[0-9]+]], %lpad ]
;; CHECK: [[TAG:%[0-9]+]] = load ptr, ptr
;; CHECK: [[WANT:%[0-9]+]] = load ptr, ptr %{{[0-9]+}}, {{.*}}!invariant.load
;; CHECK-NEXT: [[SAME:%[0-9]+]] = icmp eq ptr [[TAG]], [[WANT]]
;; CHECK-NEXT: br i1 [[SAME]], label %catch, label %catch.next
;; CHECK: invoke tailcc i32 %{{[0-9]+}}(
;; CHECK-NEXT: to label %{{[0-9]+}} unwind label %lpad
;; CHECK: lpad:
;; CHECK-NEXT: [[PAD:%[0-9]+]] = landingpad { ptr, i32 }
;; CHECK-NEXT: cleanup
;; CHECK-NEXT: [[LP]] = extractvalue { ptr, i32 } [[PAD]], 0
;; Only an exception of the wasm class goes to the dispatch; any other
;; (a host's C++ exception, thread cancellation) unwinds on.
;; CHECK-NEXT: [[CLASS:%[0-9]+]] = load i64, ptr [[LP]]
;; CHECK-NEXT: [[OURS:%[0-9]+]] = icmp eq i64 [[CLASS]], 6283171293017756493
;; CHECK-NEXT: br i1 [[OURS]], label %catch.dispatch, label %lpad.foreign
;; CHECK: lpad.foreign:
;; CHECK-NEXT: resume { ptr, i32 } [[PAD]]
;; CHECK: catch:
;; CHECK: load i32, ptr
;; CHECK: call void @wasirt_exception_free(ptr %exn)
;; CHECK: catch.next:
;; CHECK-NEXT: call void @wasirt_throw(ptr %{{[0-9]+}}, ptr %exn)
;; CHECK-NEXT: unreachable
;; The module's own personality (its unwind tables reach their own
;; DW.ref pointer) is libgcc's C personality.
;; CHECK: define internal i32 @w2o_m.personality(i32 %0, i32 %1, i64 %2, ptr %3, ptr %4)
;; CHECK-NEXT: entry:
;; CHECK-NEXT: %5 = musttail call i32 @__gcc_personality_v0(i32 %0, i32 %1, i64 %2, ptr %3, ptr %4)
;; CHECK-NEXT: ret i32 %5
;; CHECK: declare void @wasirt_throw(ptr, ptr) #[[THROW:[0-9]+]]
;; CHECK: attributes #[[ATTR]] = { uwtable
;; CHECK-NOT: nounwind
;; CHECK-SAME: }
;; CHECK: attributes #[[THROW]] = { cold noreturn }

;; NONE: define internal tailcc i32 @w2o_n.f2({{.*}}) #[[ATTR:[0-9]+]] {
;; NONE: attributes #[[ATTR]] = { nounwind

;; PASS: define internal tailcc i32 @w2o_p.f1({{.*}}) #[[ATTR:[0-9]+]] {
;; PASS: attributes #[[ATTR]] = { uwtable
;; PASS-NOT: nounwind
;; PASS-SAME: }
