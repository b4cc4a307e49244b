;; Purpose: with explicit bounds checks, the checks of an unrolled loop's
;; copies, at base+0 .. base+3 of the same base, are hoisted as one
;; condition per base (HoistBoundsChecks.h): the highest address in
;; bounds implies the rest.
;; clang unrolls byte loops this way (sort's swap of 24-byte records), and
;; one compare per access before the loop was most of a short loop's cost.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --bounds-checks=explicit --emit=llvm --module-name m -o - \
;; RUN:   --mllvm=-w2o-reroll-loops=false | FileCheck %s

(module
  (memory 1)
  ;; swaps the bytes [a, a+4n) and [b, b+4n), four per iteration
  (func (export "swap4") (param $a i32) (param $b i32) (param $n i32)
    (local $i i32) (local $t i32) (local $pa i32) (local $pb i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (local.set $pa (i32.add (local.get $a) (local.get $i)))
        (local.set $pb (i32.add (local.get $b) (local.get $i)))
        (local.set $t (i32.load8_u (local.get $pa)))
        (i32.store8 (local.get $pa) (i32.load8_u (local.get $pb)))
        (i32.store8 (local.get $pb) (local.get $t))
        (local.set $t (i32.load8_u offset=0 (i32.add (local.get $pa) (i32.const 1))))
        (i32.store8 (i32.add (local.get $pa) (i32.const 1))
                    (i32.load8_u (i32.add (local.get $pb) (i32.const 1))))
        (i32.store8 (i32.add (local.get $pb) (i32.const 1)) (local.get $t))
        (local.set $t (i32.load8_u (i32.add (local.get $pa) (i32.const 2))))
        (i32.store8 (i32.add (local.get $pa) (i32.const 2))
                    (i32.load8_u (i32.add (local.get $pb) (i32.const 2))))
        (i32.store8 (i32.add (local.get $pb) (i32.const 2)) (local.get $t))
        (local.set $t (i32.load8_u (i32.add (local.get $pa) (i32.const 3))))
        (i32.store8 (i32.add (local.get $pa) (i32.const 3))
                    (i32.load8_u (i32.add (local.get $pb) (i32.const 3))))
        (i32.store8 (i32.add (local.get $pb) (i32.const 3)) (local.get $t))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $l (i32.lt_u (local.get $i)
                            (i32.shl (local.get $n) (i32.const 2))))))))

;; CHECK-LABEL: define internal tailcc void @w2o_m.f0(
;; The memory size, then one compare with it per base (a, then b), and
;; nothing else: no test that base + 3 does not wrap around in i32, which
;; the compare implies (HoistBoundsChecks.h).
;; CHECK: %[[SIZE:[0-9]+]] = load i64
;; CHECK-NOT: icmp
;; CHECK: icmp ult i64 %{{[0-9]+}}, %[[SIZE]]
;; CHECK-NOT: icmp
;; CHECK: icmp ult i64 %{{[0-9]+}}, %[[SIZE]]
;; CHECK-NOT: icmp
;; CHECK: %w2o.in.bounds = and i1
