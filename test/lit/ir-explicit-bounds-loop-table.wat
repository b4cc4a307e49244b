;; Purpose: with --bounds-checks=explicit, a loop's check of an address
;; that is not a recurrence but has a bound (here a table lookup,
;; 1024 + 4 * (x & 255), at most 1020 before the offset) is decided before
;; the loop by comparing that bound with the limit, and the loop runs a
;; copy without it when it holds (lib/Translate/HoistBoundsChecks.h); the
;; other copy keeps every check.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --bounds-checks=explicit --emit=llvm --module-name m -o - \
;; RUN:   | FileCheck %s %trapcodes

(module
  ;; A minimum of 0: the checks below are not decided by it
  ;; (ir-explicit-bounds-below-minimum.wat).
  (memory 0)
  (func (export "crc") (param $p i32) (param $n i32) (result i32)
    (local $c i32) (local $i i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (local.set $c
          (i32.xor
            (i32.load offset=1024
              (i32.shl (i32.and (i32.xor (local.get $c)
                                         (i32.load8_u (i32.add (local.get $p) (local.get $i))))
                                (i32.const 255))
                       (i32.const 2)))
            (i32.shr_u (local.get $c) (i32.const 8))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.ne (local.get $i) (local.get $n)))))
    (local.get $c)))

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f0(
;; CHECK: [[LIMIT:%[0-9]+]] = tail call i64 @llvm.usub.sat.i64(i64 {{%[0-9]+}}, i64 1028)
;; CHECK: [[TABLE_IN:%[0-9]+]] = icmp ugt i64 [[LIMIT]], 1020
;; CHECK: %w2o.in.bounds = and i1 [[TABLE_IN]],
;; CHECK: br i1 %w2o.in.bounds.fr, label %[[FAST:[a-z0-9.]+]], label %[[SLOW:[a-z0-9.]+]]
;; The copy without checks: its table load has none before it.
;; CHECK: [[FAST]]:
;; CHECK-NOT: icmp ult i64 {{%[0-9]+}}, [[LIMIT]]
;; CHECK: {{^}}[[SLOW]]:
;; CHECK: [[IDX:%[0-9]+]] = shl nuw nsw i64 {{%[0-9]+}}, 2
;; CHECK-NEXT: icmp ult i64 [[IDX]], [[LIMIT]]
;; CHECK: call void @wasirt_trap(ptr {{.*}}, i32 [[MEMORY_OOB]])
