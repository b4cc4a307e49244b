;; Purpose: with --bounds-checks=explicit a memory the module defines and
;; does not share is checked against the instance's copy of its size (the
;; sizes region of abi.h, which the runtime keeps current on every growth):
;; one load. An imported memory, which another instance may grow, and a
;; shared one, which another thread may grow, are checked against their
;; descriptor's size: the descriptor's pointer, then its size field.
;; RUN: %wat2wasm --enable-multi-memory --enable-threads %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --bounds-checks=explicit --emit=llvm --module-name m -o - \
;; RUN:   | FileCheck %s

(module
  (import "env" "mem" (memory 1))
  (memory $own 1)
  (memory $shared 1 1 shared)
  (func (export "imported") (param i32) (result i32)
    (i32.load (local.get 0)))
  (func (export "own") (param i32) (result i32)
    (i32.load $own (local.get 0)))
  (func (export "shared") (param i32) (result i32)
    (i32.load $shared (local.get 0))))

;; Memory 0's descriptor pointer is at 64 in the instance, memory 2's at 80.
;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f0(
;; CHECK: [[SLOT:%[0-9]+]] = getelementptr inbounds i8, ptr %0, i64 64
;; CHECK-NEXT: [[DESC:%[0-9]+]] = load ptr, ptr [[SLOT]]
;; CHECK: [[FIELD:%[0-9]+]] = getelementptr inbounds i8, ptr [[DESC]], i64 8
;; CHECK-NEXT: load i64, ptr [[FIELD]], align 8, !tbaa [[INSTANCE:![0-9]+]]

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f1(
;; CHECK-NOT: load ptr
;; CHECK: [[COPY:%[0-9]+]] = getelementptr inbounds i8, ptr %0, i64 {{[0-9]+}}
;; CHECK-NEXT: load i64, ptr [[COPY]], align 8, !tbaa [[SIZE:![0-9]+]]
;; CHECK: icmp

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f2(
;; CHECK: [[SLOT:%[0-9]+]] = getelementptr inbounds i8, ptr %0, i64 80
;; CHECK-NEXT: [[DESC:%[0-9]+]] = load ptr, ptr [[SLOT]]
;; CHECK: [[FIELD:%[0-9]+]] = getelementptr inbounds i8, ptr [[DESC]], i64 8
;; CHECK-NEXT: load i64, ptr [[FIELD]], align 8, !tbaa [[INSTANCE]]

;; CHECK-DAG: [[INSTANCE]] = !{[[INSTANCE_TYPE:![0-9]+]], [[INSTANCE_TYPE]], i64 0}
;; CHECK-DAG: [[INSTANCE_TYPE]] = !{!"instance",
;; CHECK-DAG: [[SIZE]] = !{[[SIZE_TYPE:![0-9]+]], [[SIZE_TYPE]], i64 0}
;; CHECK-DAG: [[SIZE_TYPE]] = !{!"memory size",
