;; Purpose: a table the module defines, does not export and never writes
;; with an instruction keeps, after instantiation, what its element
;; segments put there. Its elements and the funcrefs they point to are
;; loaded as invariant, so in a loop of call_indirect the element, its
;; null and type checks and the callee's address are computed once, before
;; the loop. A table written by table.set (in any function) or exported
;; has its element loaded, and checked, at every call.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --emit=llvm --module-name m -o - | FileCheck %s

(module
  (type $sig (func (param i32) (result i32)))
  (table $ro 2 funcref)
  (table $set 2 funcref)
  (table $exported (export "t") 2 funcref)
  (func $inc (type $sig) (i32.add (local.get 0) (i32.const 1)))
  (elem (table $ro) (i32.const 0) func $inc $inc)
  (elem (table $set) (i32.const 0) func $inc $inc)
  (elem (table $exported) (i32.const 0) func $inc $inc)
  (func (export "ro") (param i32 i32) (result i32)
    (local i32)
    (loop $l
      (local.set 2 (call_indirect $ro (type $sig) (local.get 2) (local.get 0)))
      (br_if $l (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))
    (local.get 2))
  (func (export "set") (param i32 i32) (result i32)
    (local i32)
    (loop $l
      (local.set 2 (call_indirect $set (type $sig) (local.get 2) (local.get 0)))
      (br_if $l (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))
    (local.get 2))
  (func (export "exported") (param i32 i32) (result i32)
    (local i32)
    (loop $l
      (local.set 2
        (call_indirect $exported (type $sig) (local.get 2) (local.get 0)))
      (br_if $l (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))
    (local.get 2))
  (func (export "clear") (param i32)
    (table.set $set (local.get 0) (ref.null func))))

;; The read-only table: the element is invariant and every check happens
;; before the loop, which holds only the call.
;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f1(
;; CHECK: [[SLOT:%[0-9]+]] = getelementptr inbounds ptr, ptr
;; CHECK-NEXT: [[ENTRY:%[0-9]+]] = load ptr, ptr [[SLOT]], align 8, !tbaa {{![0-9]+}}, !invariant.load
;; CHECK: icmp eq ptr [[ENTRY]], null
;; CHECK: {{^}}loop:
;; CHECK-NOT: icmp eq ptr
;; CHECK-NOT: load
;; CHECK: notail call tailcc i32
;; CHECK-NOT: load
;; CHECK: {{^}}}

;; The table written by table.set: the element is loaded in the loop.
;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f2(
;; CHECK: {{^}}loop:
;; CHECK: [[SLOT2:%[0-9]+]] = getelementptr inbounds ptr, ptr
;; CHECK-NEXT: [[E2:%[0-9]+]] = load ptr, ptr [[SLOT2]], align 8, !tbaa {{![0-9]+$}}
;; CHECK: icmp eq ptr [[E2]], null
;; CHECK: notail call tailcc i32

;; The exported table: the same.
;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f3(
;; CHECK: {{^}}loop:
;; CHECK: [[SLOT3:%[0-9]+]] = getelementptr inbounds ptr, ptr
;; CHECK-NEXT: [[E3:%[0-9]+]] = load ptr, ptr [[SLOT3]], align 8, !tbaa {{![0-9]+$}}
;; CHECK: icmp eq ptr [[E3]], null
;; CHECK: notail call tailcc i32
