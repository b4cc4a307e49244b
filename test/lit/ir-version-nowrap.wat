;; Purpose: a loop whose accesses are at  p + C  for a stepped p (clang's
;; field accesses) runs, when a test before it shows that no p + C can wrap
;; at 2^32, in a copy whose additions are nuw, so that its addresses are
;; zext(p) + C: one base for all of them (VersionNoWrap.h). The original
;; loop, with its wrapping additions, runs otherwise.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - \
;; RUN:   --mllvm=-w2o-reroll-loops=false | FileCheck %s
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - \
;; RUN:   --mllvm=-w2o-version-nowrap=false | FileCheck %s --check-prefix=OFF

(module
  (memory 1)
  ;; for n steps of 40 from p: s += f64 at p+8, p+16, p+24
  (func (export "fields") (param $p i32) (param $n i32) (result f64)
    (local $s f64)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (local.set $s (f64.add (local.get $s)
          (f64.mul (f64.load (i32.add (local.get $p) (i32.const 8)))
            (f64.add (f64.load (i32.add (local.get $p) (i32.const 16)))
                     (f64.load (i32.add (local.get $p) (i32.const 24)))))))
        (local.set $p (i32.add (local.get $p) (i32.const 40)))
        (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
    (local.get $s)))

;; The test: the last iteration's p + 40 (the step, the largest constant
;; added to p) below 2^32 - 1, in 64 bits; then one of two loops.
;; CHECK-LABEL: define {{.*}} @w2o_m.f0(
;; CHECK: [[SPAN:%[0-9a-z.]+]] = mul nuw nsw i64 %{{.*}}, 40
;; CHECK: [[LAST:%[0-9a-z.]+]] = add nuw nsw i64 [[SPAN]], %{{.*}}
;; CHECK: [[OK:%[0-9a-z.]+]] = icmp ult i64 [[LAST]], 4294967256
;; CHECK: br i1 [[OK]], label %{{.*}}, label %loop.wrap.preheader
;; The original: each field's address wraps in 32 bits first.
;; CHECK: loop.wrap:
;; CHECK: add i32 %{{.*}}, 8
;; CHECK-NEXT: zext i32
;; CHECK: add i32 %{{.*}}, 16
;; CHECK-NEXT: zext i32
;; The copy: one zext of p per iteration, the fields at constant offsets
;; from it (the base plus the offset hoisted by LICM), nuw steps.
;; CHECK: {{^}}loop:
;; CHECK: [[W:%[0-9a-z.]+]] = zext i32 [[P:%[0-9a-z.]+]] to i64
;; CHECK-NEXT: getelementptr i8, ptr %{{.*}}, i64 [[W]]
;; CHECK: add nuw i32 [[P]], 40
;; CHECK-LABEL: define

;; Without the pass, one loop with wrapping additions.
;; OFF-LABEL: define {{.*}} @w2o_m.f0(
;; OFF-NOT: loop.wrap
;; OFF: add i32 %{{.*}}, 8
;; OFF-NOT: loop.wrap
;; OFF-LABEL: define
