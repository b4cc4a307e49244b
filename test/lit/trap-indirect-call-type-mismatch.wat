;; Purpose: call_indirect through an entry of another signature traps.
;; The program exits with status 134 and one line "wasm trap: indirect call type mismatch" on stderr.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -o %t.o
;; RUN: %cc %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: timeout 20 %t.exe > %t.out 2> %t.err; test $? -eq 134
;; RUN: FileCheck %s --match-full-lines < %t.err
;; RUN: count 1 < %t.err

(module
  (type $ret_i32 (func (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $no_result)
  (func $no_result)
  (func (export "_start")
    (drop (call_indirect (type $ret_i32) (i32.const 0)))))

;; CHECK: wasm trap: indirect call type mismatch
