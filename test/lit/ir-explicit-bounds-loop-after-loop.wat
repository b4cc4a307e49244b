;; Purpose: with explicit bounds checks, a loop that follows another loop
;; is versioned too. After SimplifyCFG the first loop's latch is often the
;; second loop's only way in, so the second loop has no preheader of its
;; own to hold the hoisted check; LoopSimplify gives it one before
;; HoistBoundsChecks runs (Codegen.cpp). Here both loops get their one
;; check and both vectorise; without the preheader the summing loop kept
;; a check per access and stayed scalar.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --bounds-checks=explicit --emit=llvm --module-name m -o - \
;; RUN:   | FileCheck %s

(module
  (memory 1)
  (func (export "fill_then_sum") (param $p i32) (param $q i32) (result i32)
    (local $i i32) (local $s i32)
    (loop $fill
      (i32.store (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))
                 (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.ne (local.get $i) (i32.const 1024))))
    (local.set $i (i32.const 0))
    (loop $sum
      (local.set $s (i32.add (local.get $s)
        (i32.load (i32.add (local.get $q) (i32.shl (local.get $i) (i32.const 2))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $sum (i32.ne (local.get $i) (i32.const 1024))))
    (local.get $s)))

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f0(
;; The filling loop:
;; CHECK: %w2o.in.bounds = icmp ult i64
;; CHECK: store <4 x i32>
;; The summing loop, entered from the first one's latch:
;; CHECK: %w2o.in.bounds{{[0-9]+}} = icmp ult i64
;; CHECK: load <4 x i32>
;; CHECK: ret i32
