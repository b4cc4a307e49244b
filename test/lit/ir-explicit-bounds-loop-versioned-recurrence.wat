;; Purpose: with explicit bounds checks, the copy of a loop that runs
;; without checks must reach the vectoriser with the checks gone, not as
;; `br i1 true` to the trap: here a three-point stencil whose loop carries
;; the loaded values from one iteration to the next (a recurrence), so the
;; first check sits in the loop header. The copy is vectorised
;; (HoistBoundsChecks.h; the clean-up runs InstCombine, then SimplifyCFG).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --bounds-checks=explicit --emit=llvm --module-name m -o - \
;; RUN:   | FileCheck %s

(module
  (memory 1)
  ;; dst[i] = src[i-1] - 2 src[i] + src[i+1] for i = 1 .. n-2 (f64s)
  (func (export "stencil") (param $dst i32) (param $src i32) (param $n i32)
    (local $i i32) (local $prev f64) (local $cur f64) (local $next f64)
    (local.set $prev (f64.load (local.get $src)))
    (local.set $cur (f64.load offset=8 (local.get $src)))
    (local.set $i (i32.const 1))
    (block $done
      (br_if $done (i32.le_u (local.get $n) (i32.const 2)))
      (loop $l
        (local.set $next (f64.load offset=8
          (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 3)))))
        (f64.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 3)))
          (f64.add (f64.sub (local.get $prev) (f64.mul (f64.const 2) (local.get $cur)))
                   (local.get $next)))
        (local.set $prev (local.get $cur))
        (local.set $cur (local.get $next))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (i32.sub (local.get $n) (i32.const 1))))))))

;; CHECK-LABEL: define internal tailcc void @w2o_m.f0(
;; CHECK: %w2o.in.bounds.fr = freeze i1 %w2o.in.bounds
;; CHECK: br i1 %w2o.in.bounds.fr
;; CHECK: vector.body:
;; CHECK: load <2 x double>
;; CHECK: store <2 x double>
;; CHECK: ret void
