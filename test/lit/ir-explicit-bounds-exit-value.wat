;; Purpose: with explicit bounds checks, the hoisted check of a loop that
;; starts where an earlier loop stopped is computed from the earlier
;; loop's own value. SCEV sees that start as the earlier loop's recurrence
;; {p+4,+,4} on its last iteration, and SCEVExpander, left alone, rebuilds
;; it from a second counter added to that loop (an extra phi, increment
;; and often a spill per iteration, which cost sort's partition loops).
;; HoistBoundsChecks rewrites the recurrence as the instruction that holds
;; it (ExistingValueRewriter), so the scanning loop keeps its one phi.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --bounds-checks=explicit --emit=llvm --module-name m -o - \
;; RUN:   | FileCheck %s

(module
  (memory 1)
  (func (export "scan_then_clear") (param $p i32) (param $n i32)
    (local $i i32)
    ;; A trip count nothing can compute: up to the first zero word.
    (loop $scan
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $scan (i32.load (local.get $p))))
    (loop $clear
      (i32.store (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))
                 (i32.const 0))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $clear (i32.lt_u (local.get $i) (local.get $n))))))

;; CHECK-LABEL: define internal tailcc void @w2o_m.f0(
;; CHECK: {{^}}loop:
;; CHECK-NEXT: %[[P:[.0-9]+]] = phi i32
;; CHECK-NEXT: %[[NEXT:[0-9]+]] = add i32 %[[P]], 4
;; The clearing loop's check starts from the scanned pointer itself:
;; CHECK: {{^}}loop{{[0-9]+}}.preheader:
;; CHECK-NOT: phi
;; CHECK: add i32 %[[P]], 4
;; CHECK: %w2o.in.bounds = icmp ult i64
;; CHECK: store <4 x i32> zeroinitializer
