;; Purpose: a loop the wasm producer unrolled whose copies hand a loaded
;; value on to the next copy (fdtd2d's EX[I][J] -= 0.5 * (HZ[I][J] -
;; HZ[I][J-1]): HZ[I][J] is loaded once and used again as the next
;; element's HZ[I][J-1]) is rolled back up with that value carried by the
;; header phi, and then vectorised as a first-order recurrence, in both
;; bounds-check modes. Unrolled, LLVM 19's vectoriser gives up on such a
;; loop (RerollLoops.h). With explicit checks the loop comes out of
;; unswitching as a header and a latch, and is rotated before the roll-up;
;; its counter is then computed from another counter's increment.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - | FileCheck %s
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - --bounds-checks=explicit | FileCheck %s
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - --mllvm=-w2o-reroll-loops=false | FileCheck %s --check-prefix=OFF

(module
  (memory 177)
  ;; clang-19 --target=wasm32 -O2 of
  ;;   double EX[800][900], HZ[800][900];
  ;;   for (int I = 0; I < 800; ++I)
  ;;     for (int J = 1; J < 900; ++J)
  ;;       EX[I][J] = EX[I][J] - 0.5 * (HZ[I][J] - HZ[I][J - 1]);
  ;; (the first copy, the exit test, then the second copy)
  (func (export "ex")
    (local $j i32) (local $row i32) (local $i i32) (local $at i32)
    (local $ex i32) (local $prev f64) (local $hz f64)
    (loop $rows
      (local.set $prev (f64.load (i32.add (i32.mul (local.get $i)
        (i32.const 7200)) (i32.const 5761024))))
      (local.set $j (i32.const 0))
      (loop $cols
        (f64.store
          (local.tee $ex (i32.add
            (local.tee $at (i32.add (local.get $j) (local.get $row)))
            (i32.const 1032)))
          (f64.add
            (f64.mul
              (f64.sub
                (local.tee $hz (f64.load (i32.add (local.get $at)
                  (i32.const 5761032))))
                (local.get $prev))
              (f64.const -0.5))
            (f64.load (local.get $ex))))
        (if (i32.eq (local.get $j) (i32.const 7184))
          (then
            (local.set $row (i32.add (local.get $row) (i32.const 7200)))
            (br_if $rows (i32.ne
              (local.tee $i (i32.add (local.get $i) (i32.const 1)))
              (i32.const 800))))
          (else
            (f64.store
              (local.tee $ex (i32.add (local.get $at) (i32.const 1040)))
              (f64.add
                (f64.mul
                  (f64.sub
                    (local.tee $prev (f64.load (i32.add (local.get $at)
                      (i32.const 5761040))))
                    (local.get $hz))
                  (f64.const -0.5))
                (f64.load (local.get $ex))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $cols))))))
  ;; d[k] -= 0.5 * (a[k+1] - a[k]), two copies in one block
  (func (export "diff") (param $d i32) (param $a i32) (param $n i32)
    (local $i i32) (local $prev f64) (local $x f64)
    (local.set $n (i32.and (local.get $n) (i32.const 0xfff0)))
    (if (i32.eqz (local.get $n)) (then (return)))
    (local.set $prev (f64.load (local.get $a)))
    (loop $next
      (local.set $x (f64.load (i32.add (i32.add (local.get $a) (local.get $i))
        (i32.const 8))))
      (f64.store (i32.add (local.get $d) (local.get $i))
        (f64.sub (f64.load (i32.add (local.get $d) (local.get $i)))
          (f64.mul (f64.sub (local.get $x) (local.get $prev)) (f64.const 0.5))))
      (local.set $prev (f64.load (i32.add (i32.add (local.get $a) (local.get $i))
        (i32.const 16))))
      (f64.store (i32.add (i32.add (local.get $d) (local.get $i)) (i32.const 8))
        (f64.sub (f64.load (i32.add (i32.add (local.get $d) (local.get $i))
          (i32.const 8)))
          (f64.mul (f64.sub (local.get $prev) (local.get $x)) (f64.const 0.5))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br_if $next (i32.ne (local.get $i) (local.get $n))))))

;; CHECK-LABEL: define internal tailcc void @w2o_m.f0(
;; CHECK: vector.body:
;; CHECK: %vector.recur = phi <2 x double>
;; CHECK: shufflevector <2 x double> %vector.recur
;; CHECK: fmul <2 x double>
;; CHECK-LABEL: define internal tailcc void @w2o_m.f1(
;; CHECK: vector.body:
;; CHECK: %vector.recur = phi <2 x double>
;; CHECK: shufflevector <2 x double> %vector.recur
;; CHECK: fmul <2 x double>
;; CHECK: ret void

;; OFF-LABEL: define internal tailcc void @w2o_m.f0(
;; OFF-NOT: vector.recur
;; OFF-LABEL: define internal tailcc void @w2o_m.f1(
;; OFF-NOT: vector.recur
;; OFF: ret void
