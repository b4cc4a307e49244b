;; Purpose: with --bounds-checks=explicit, a small function whose checks
;; of its i32 parameters can be decided together at its entry (here
;; a + 4, b + 4, then a + 8, b + 8 after an early return) tests
;; a + 8 <= size and b + 8 <= size first, and on success runs a copy of
;; its body without those checks; otherwise the body with every check
;; (lib/Translate/VersionChecks.h). A function where the copy would save
;; less than two checks is left alone. The test is  a <= size - 8  when
;; the memory's minimum is at least 8 bytes (the two parameters share the
;; subtraction), and  a + 8 <= size  when it may be smaller.
;; RUN: %wat2wasm --enable-multi-memory %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --bounds-checks=explicit --emit=llvm --module-name m -o - \
;; RUN:   | FileCheck %s %trapcodes

(module
  (memory 1)
  (memory $empty 0)
  (func (export "cmp") (param $a i32) (param $b i32) (result i32)
    (if (i32.ne (i32.load (local.get $a)) (i32.load (local.get $b)))
      (then (return (i32.const -1))))
    (i32.sub (i32.load offset=4 (local.get $a))
             (i32.load offset=4 (local.get $b))))
  (func (export "one") (param $a i32) (result i32)
    (i32.add (i32.load (local.get $a)) (i32.load offset=8 (local.get $a))))
  (func (export "cmp-empty") (param $a i32) (param $b i32) (result i32)
    (if (i32.ne (i32.load $empty (local.get $a)) (i32.load $empty (local.get $b)))
      (then (return (i32.const -1))))
    (i32.sub (i32.load $empty offset=4 (local.get $a))
             (i32.load $empty offset=4 (local.get $b)))))

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f0(
;; CHECK-SAME: i32 [[A:%[0-9]+]], i32 [[B:%[0-9]+]])
;; CHECK-NEXT: version:
;; CHECK: [[SIZE:%[0-9]+]] = load i64, ptr
;; CHECK: [[AW:%[0-9]+]] = zext i32 [[A]] to i64
;; CHECK: [[ALIM:%[0-9]+]] = add i64 [[SIZE]], -8
;; CHECK: [[AIN:%[0-9]+]] = icmp uge i64 [[ALIM]], [[AW]]
;; CHECK: [[BW:%[0-9]+]] = zext i32 [[B]] to i64
;; CHECK: [[BLIM:%[0-9]+]] = add i64 [[SIZE]], -8
;; CHECK: [[BIN:%[0-9]+]] = icmp uge i64 [[BLIM]], [[BW]]
;; CHECK: [[BOTH:%[0-9]+]] = and i1 [[AIN]], [[BIN]]
;; CHECK: br i1 [[BOTH]], label %[[FAST:[a-z0-9.]+]], label %[[SLOW:[a-z0-9.]+]]
;; The body with its checks:
;; CHECK: [[SLOW]]:
;; CHECK: add nuw nsw i64 {{%[0-9]+}}, 4
;; CHECK-NEXT: icmp ugt i64
;; CHECK: call void @wasirt_trap(ptr {{.*}}, i32 [[MEMORY_OOB]])
;; The copy: loads, no compares with the size.
;; CHECK: [[FAST]]:
;; CHECK-NOT: icmp ugt
;; CHECK-NOT: wasirt_trap
;; CHECK: {{^}}}

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f1(
;; CHECK-NEXT: entry:
;; CHECK-NOT: version
;; CHECK: {{^}}}
;; A memory that may be empty: the size minus 8 could wrap around.
;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f2(
;; CHECK-SAME: i32 [[A:%[0-9]+]], i32 [[B:%[0-9]+]])
;; CHECK-NEXT: version:
;; CHECK: [[SIZE:%[0-9]+]] = load i64, ptr
;; CHECK: [[AW:%[0-9]+]] = zext i32 [[A]] to i64
;; CHECK: [[AEND:%[0-9]+]] = add nuw nsw i64 [[AW]], 8
;; CHECK: [[AIN:%[0-9]+]] = icmp ule i64 [[AEND]], [[SIZE]]
;; CHECK: [[BW:%[0-9]+]] = zext i32 [[B]] to i64
;; CHECK: [[BEND:%[0-9]+]] = add nuw nsw i64 [[BW]], 8
;; CHECK: [[BIN:%[0-9]+]] = icmp ule i64 [[BEND]], [[SIZE]]
;; CHECK: [[BOTH:%[0-9]+]] = and i1 [[AIN]], [[BIN]]
;; CHECK: br i1 [[BOTH]]
