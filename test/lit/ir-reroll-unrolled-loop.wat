;; Purpose: a loop the wasm producer unrolled (two copies of a saturating
;; byte add, the counter stepped by 2) is rolled back up before the loop
;; vectoriser runs, which then vectorises it with unit stride. Without the
;; roll the vectoriser sees stride-2 interleaved bytes, which the SSE2 cost
;; model rejects, and the loop stays scalar (RerollLoops.h).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - | FileCheck %s
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - --mllvm=-w2o-reroll-loops=false | FileCheck %s --check-prefix=OFF
;; The copies below are not in order (the second copy's first store comes
;; before the first copy's second one), so that loop must stay unrolled:
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - --mllvm=-print-changed --mllvm=-filter-print-funcs=w2o_m.f0,w2o_m.f1 2>&1 >/dev/null | FileCheck %s --check-prefix=SWAP

(module
  (memory 1)
  (func (export "blend") (param $d i32) (param $a i32) (param $b i32)
    (local $i i32) (local $t i32)
    (loop $next
      (local.set $t (i32.add
        (i32.load8_u (i32.add (local.get $a) (local.get $i)))
        (i32.load8_u (i32.add (local.get $b) (local.get $i)))))
      (i32.store8 (i32.add (local.get $d) (local.get $i))
        (select (i32.const 255) (local.get $t)
                (i32.gt_u (local.get $t) (i32.const 255))))
      (local.set $t (i32.add
        (i32.load8_u (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 1)))
        (i32.load8_u (i32.add (i32.add (local.get $b) (local.get $i)) (i32.const 1)))))
      (i32.store8 (i32.add (i32.add (local.get $d) (local.get $i)) (i32.const 1))
        (select (i32.const 255) (local.get $t)
                (i32.gt_u (local.get $t) (i32.const 255))))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br_if $next (i32.ne (local.get $i) (i32.const 4096)))))
  (func (export "swap") (param $a i32) (param $b i32)
    (local $i i32) (local $t0 i32) (local $t1 i32)
    (loop $next
      (local.set $t0 (i32.load8_u (i32.add (local.get $a) (local.get $i))))
      (i32.store8 (i32.add (local.get $a) (local.get $i))
        (i32.load8_u (i32.add (local.get $b) (local.get $i))))
      (local.set $t1 (i32.load8_u (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 1))))
      (i32.store8 (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 1))
        (i32.load8_u (i32.add (i32.add (local.get $b) (local.get $i)) (i32.const 1))))
      (i32.store8 (i32.add (local.get $b) (local.get $i)) (local.get $t0))
      (i32.store8 (i32.add (i32.add (local.get $b) (local.get $i)) (i32.const 1)) (local.get $t1))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br_if $next (i32.ne (local.get $i) (i32.const 64))))))

;; CHECK-LABEL: define internal tailcc void @w2o_m.f0(
;; CHECK: vector.body:
;; CHECK: load <16 x i8>
;; CHECK: load <16 x i8>
;; CHECK: store <16 x i8>
;; CHECK: ret void

;; OFF-LABEL: define internal tailcc void @w2o_m.f0(
;; OFF-NOT: x i8>
;; OFF: ret void

;; SWAP-DAG: IR Dump After w2o::RerollLoopsPass on w2o_m.f0 ***
;; SWAP-DAG: IR Dump After w2o::RerollLoopsPass on w2o_m.f1 omitted because no change
