;; Purpose: the translator writes each check as a w2o.trap_if marker, and
;; ExpandTrapChecks turns the markers into branches only after PromotePass
;; has made the locals registers (mem2reg over a block per check grew with
;; the square of a function's size). At -O0, where nothing else runs: no
;; local is left in memory, no marker is left, and each check is a branch,
;; marked unlikely, to a trap block of its code that calls wasirt_trap,
;; one such block per code.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -O0 --bounds-checks=explicit --emit=llvm --module-name m -o - \
;; RUN:   | FileCheck %s %trapcodes

(module
  (memory 1)
  (func (export "f") (param $p i32) (param $d i32) (result i32)
    (local $a i32) (local $b i32)
    (local.set $a (i32.load (local.get $p)))
    (local.set $b (i32.div_u (local.get $a) (local.get $d)))
    (local.set $a (i32.add (local.get $a) (i32.load offset=4 (local.get $p))))
    (i32.div_u (local.get $b) (local.get $a))))

;; CHECK-NOT: w2o.trap_if
;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f0(
;; CHECK-NOT: alloca
;; CHECK: br i1 %{{.*}}, label %[[OOB:trap[0-9]*]], label %{{.*}}, !prof [[UNLIKELY:![0-9]+]]
;; CHECK: br i1 %{{.*}}, label %[[DIV:trap[0-9]*]], label %{{.*}}, !prof [[UNLIKELY]]
;; CHECK: br i1 %{{.*}}, label %[[OOB]], label %{{.*}}, !prof [[UNLIKELY]]
;; CHECK: br i1 %{{.*}}, label %[[DIV]], label %{{.*}}, !prof [[UNLIKELY]]
;; CHECK: [[OOB]]:
;; CHECK-NEXT: call void @wasirt_trap(ptr %0, i32 [[MEMORY_OOB]])
;; CHECK-NEXT: unreachable
;; CHECK: [[DIV]]:
;; CHECK-NEXT: call void @wasirt_trap(ptr %0, i32 [[INT_DIV_BY_ZERO]])
;; CHECK-NEXT: unreachable
;; CHECK-LABEL: define
;; CHECK-NOT: w2o.trap_if
;; CHECK: [[UNLIKELY]] = !{!"branch_weights", {{.*}}i32 1, i32 {{[0-9]+}}}
