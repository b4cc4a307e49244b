;; Purpose: with --bounds-checks=explicit, a loop's check of a hash-table
;; slot, t + 16 * (h & 1023) with the table's address t loaded before the
;; loop, is decided before the loop by comparing zext(t) + 16368 (the
;; largest slot) with the limits of the load and of the store at offset 8,
;; and the loop runs a copy without checks when it holds
;; (lib/Translate/HoistBoundsChecks.h); the other copy keeps every check.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --bounds-checks=explicit --emit=llvm --module-name m -o - \
;; RUN:   | FileCheck %s %trapcodes

(module
  (memory 1)
  ;; The first empty slot from h on, writing k into the full ones.
  (func (export "probe") (param $h i32) (param $k i64) (result i32)
    (local $t i32) (local $a i32)
    (local.set $t (i32.load (i32.const 64)))
    (loop $next
      (local.set $a (i32.add (local.get $t)
                             (i32.shl (i32.and (local.get $h) (i32.const 1023)) (i32.const 4))))
      (if (i64.ne (i64.load (local.get $a)) (i64.const 0))
        (then
          (i64.store offset=8 (local.get $a) (local.get $k))
          (local.set $h (i32.add (local.get $h) (i32.const 1)))
          (br $next))))
    (local.get $h)))

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f0(
;; CHECK: [[T:%[0-9]+]] = load i32, ptr {{%[0-9]+}}
;; CHECK: [[SIZE:%[0-9]+]] = load i64
;; CHECK: [[LOADLIMIT:%[0-9]+]] = add i64 [[SIZE]], -7
;; CHECK: [[STORELIMIT:%[0-9]+]] = add i64 [[SIZE]], -15
;; CHECK: [[TZ:%[0-9]+]] = zext i32 [[T]] to i64
;; CHECK: [[TOP:%[0-9]+]] = add nuw nsw i64 [[TZ]], 16368
;; CHECK: [[STOREIN:%[0-9]+]] = icmp ult i64 [[TOP]], [[STORELIMIT]]
;; CHECK: [[LOADIN:%[0-9]+]] = icmp ult i64 [[TOP]], [[LOADLIMIT]]
;; CHECK: %w2o.in.bounds = and i1 [[STOREIN]], [[LOADIN]]
;; CHECK: br i1 %w2o.in.bounds.fr, label %[[FAST:[a-z0-9.]+]], label %[[SLOW:[a-z0-9.]+]]
;; The copy without checks: no compare with either limit.
;; CHECK: [[FAST]]:
;; CHECK-NOT: icmp {{.*}} [[LOADLIMIT]]
;; CHECK-NOT: icmp {{.*}} [[STORELIMIT]]
;; CHECK: {{^}}[[SLOW]]:
;; CHECK: icmp ugt i64 [[STORELIMIT]]
;; CHECK: icmp ugt i64 [[LOADLIMIT]]
;; CHECK: call void @wasirt_trap(ptr {{.*}}, i32 [[MEMORY_OOB]])
