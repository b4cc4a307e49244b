;; Purpose: an unrolled reduction (four copies adding to one sum, the words
;; read from the last copy to the first, as clang's wasm32 output does) is
;; rolled back up and then vectorised by the loop vectoriser, with the sum
;; kept in a vector register across iterations. Without the roll the SLP
;; vectoriser at best adds each group of four words horizontally on every
;; iteration (RerollLoops.h).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - | FileCheck %s
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - --mllvm=-w2o-reroll-loops=false | FileCheck %s --check-prefix=OFF

(module
  (memory 1)
  (func (export "sum") (param $a i32) (result i32)
    (local $i i32) (local $s i32)
    (loop $next
      (local.set $s (i32.add (local.get $s)
        (i32.load (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 12)))))
      (local.set $s (i32.add (local.get $s)
        (i32.load (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 8)))))
      (local.set $s (i32.add (local.get $s)
        (i32.load (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 4)))))
      (local.set $s (i32.add (local.get $s)
        (i32.load (i32.add (local.get $a) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br_if $next (i32.ne (local.get $i) (i32.const 4096))))
    (local.get $s)))

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f0(
;; CHECK: vector.body:
;; CHECK: phi <4 x i32>
;; CHECK: load <4 x i32>
;; CHECK: add <4 x i32>
;; CHECK: llvm.vector.reduce.add.v4i32
;; CHECK: ret i32

;; OFF-LABEL: define internal tailcc i32 @w2o_m.f0(
;; OFF-NOT: phi <4 x i32>
;; OFF: ret i32
