;; Purpose: with explicit bounds checks, a loop whose accesses can all be
;; decided before it runs is versioned on that one test: the address of
;; the last iteration, p + 4(n-1), against the limit. The copy for "in
;; bounds" has no check and is vectorised; the other copy checks each
;; access and traps. Guard pages need neither (HoistBoundsChecks.h).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --bounds-checks=explicit --emit=llvm --module-name m -o - \
;; RUN:   | FileCheck %s %trapcodes
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - \
;; RUN:   | FileCheck %s --check-prefix=GUARD

(module
  ;; A minimum of 0: the checks below are not decided by it
  ;; (ir-explicit-bounds-below-minimum.wat).
  (memory 0)
  (func (export "sum") (param $p i32) (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (local.set $s (i32.add (local.get $s)
          (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $i) (local.get $n)))))
    (local.get $s)))

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f0(
;; CHECK-SAME: i32 [[P:%[0-9]+]], i32 [[N:%[0-9]+]])
;; CHECK: [[LIMIT:%[0-9]+]] = tail call i64 @llvm.usub.sat.i64(i64 {{%[0-9]+}}, i64 4)
;; CHECK: [[NM1:%[0-9]+]] = add i32 [[N]], -1
;; CHECK: [[NM1W:%[0-9]+]] = zext i32 [[NM1]] to i64
;; CHECK: [[SPAN:%[0-9]+]] = shl nuw nsw i64 [[NM1W]], 2
;; CHECK: [[PW:%[0-9]+]] = zext i32 [[P]] to i64
;; CHECK: [[LAST:%[0-9]+]] = add nuw nsw i64 [[SPAN]], [[PW]]
;; CHECK: %w2o.in.bounds = icmp ult i64 [[LAST]], [[LIMIT]]
;; CHECK: %w2o.in.bounds.fr = freeze i1 %w2o.in.bounds
;; CHECK: br i1 %w2o.in.bounds.fr, label %[[FAST:[a-z0-9.]+]], label %[[SLOW:[a-z0-9.]+]]
;; The copy without checks, vectorised:
;; CHECK: load <4 x i32>
;; The copy with a check per access:
;; CHECK: [[SLOW]]:
;; CHECK: [[IN:%[.a-z0-9]+]] = icmp ugt i64 [[LIMIT]], {{%[0-9]+}}
;; CHECK-NEXT: br i1 [[IN]], label %{{[0-9]+}}, label %[[TRAP:[a-z0-9.]+]]
;; CHECK: [[TRAP]]:
;; CHECK-NEXT: call void @wasirt_trap(ptr {{.*}}, i32 [[MEMORY_OOB]])

;; GUARD-LABEL: define internal tailcc i32 @w2o_m.f0(
;; GUARD-NOT: w2o.in.bounds
;; GUARD-NOT: wasirt_trap
;; GUARD: ret i32
