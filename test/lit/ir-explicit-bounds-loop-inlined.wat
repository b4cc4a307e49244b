;; Purpose: with --bounds-checks=explicit, a check outside any wasm loop
;; has the end form  zext(p) + 8 > size; when LLVM inlines that function
;; into a loop, HoistBoundsChecks decides the check before the loop too:
;; the largest  zext(p + 4i) + 8  at most size (lib/Translate/
;; HoistBoundsChecks.h), and the loop runs a copy without it.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --bounds-checks=explicit --emit=llvm --module-name m -o - \
;; RUN:   | FileCheck %s %trapcodes

(module
  (memory 1)
  (func $get (param $p i32) (result i32)
    (i32.load offset=4 (local.get $p)))
  (func (export "sum") (param $p i32) (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (local.set $s (i32.add (local.get $s)
          (call $get (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.ne (local.get $i) (local.get $n)))))
    (local.get $s)))

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f1(
;; CHECK: {{^}}loop.preheader:
;; CHECK: [[SIZE:%[0-9]+]] = load i64, ptr
;; CHECK: [[LAST:%[0-9]+]] = add nuw nsw i64 {{%[0-9]+}}, 8
;; CHECK-NEXT: %w2o.in.bounds = icmp ule i64 [[LAST]], [[SIZE]]
;; CHECK: br i1 %w2o.in.bounds.fr, label %[[FAST:[a-z0-9.]+]], label %[[SLOW:[a-z0-9.]+]]
;; CHECK: [[FAST]]:
;; CHECK-NOT: icmp ugt i64 {{%[0-9]+}}, [[SIZE]]
;; CHECK: {{^}}[[SLOW]]:
;; CHECK: icmp ugt i64 {{%[0-9]+}}, [[SIZE]]
;; CHECK: call void @wasirt_trap(ptr {{.*}}, i32 [[MEMORY_OOB]])
