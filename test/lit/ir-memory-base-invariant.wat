;; Purpose: the memory base is loaded with !invariant.load (it never moves
;; under guard pages), so a loop of loads reads it once, before the loop,
;; and it takes one load: the instance holds a copy of it.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - | FileCheck %s

(module
  (memory 1)
  (func (export "sum") (param $p i32) (param $n i32) (result i32)
    (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $s)))

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f0(
;; The base is one load from the instance's copy of it (offset 72: the
;; 64-byte header, then one descriptor pointer, then the bases).
;; CHECK: [[SLOT:%[0-9]+]] = getelementptr inbounds i8, ptr %0, i64 72
;; CHECK-NEXT: [[BASE:%[0-9]+]] = load ptr, ptr [[SLOT]], {{.*}}!invariant.load
;; CHECK-NOT: load ptr
;; CHECK: getelementptr i8, ptr [[BASE]]
;; CHECK-NOT: load ptr
;; CHECK: ret i32
;; CHECK-NEXT: }
