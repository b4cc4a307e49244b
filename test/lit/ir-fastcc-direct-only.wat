;; Purpose: wasm functions use tailcc, which return_call and escaping
;; function pointers need; a function only ever called directly, making and
;; receiving no tail call, gets fastcc instead (no `ret $8` on x86-64). A
;; function in a table, one that makes a return_call and one that receives
;; it keep tailcc.
;; RUN: %wat2wasm --enable-tail-call %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -O1 --emit=llvm --module-name m -o - | FileCheck %s

(module
  (type $t (func (param i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $in_table)
  ;; Called directly only, and recursive so that it is not inlined.
  (func $direct (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 3)
                     (call $direct (i32.sub (local.get 0) (i32.const 1)))))))
  (func $in_table (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 1))
      (else (call $in_table (i32.sub (local.get 0) (i32.const 1))))))
  (func $tail_target (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 2))
      (else (return_call $tail_target (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "run") (param i32) (result i32)
    (i32.add (call $direct (local.get 0))
             (i32.add (call_indirect (type $t) (local.get 0) (i32.const 0))
                      (call $tail_target (local.get 0))))))

;; CHECK-DAG: define internal fastcc {{.*}}@w2o_m.f0(
;; CHECK-DAG: define internal tailcc {{.*}}@w2o_m.f1(
;; CHECK-DAG: define internal tailcc {{.*}}@w2o_m.f2(
;; CHECK-DAG: call fastcc {{.*}}@w2o_m.f0(
;; CHECK-DAG: call tailcc {{.*}}@w2o_m.f1(
;; CHECK-DAG: call tailcc {{.*}}@w2o_m.f2(
