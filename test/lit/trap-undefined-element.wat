;; Purpose: call_indirect with an index past the end of the table traps.
;; The program exits with status 134 and one line "wasm trap: undefined element" on stderr.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -o %t.o
;; RUN: %cc %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: timeout 20 %t.exe > %t.out 2> %t.err; test $? -eq 134
;; RUN: FileCheck %s --match-full-lines < %t.err
;; RUN: count 1 < %t.err

(module
  (type $void (func))
  (table 2 funcref)
  (func (export "_start")
    (call_indirect (type $void) (i32.const 2))))

;; CHECK: wasm trap: undefined element
