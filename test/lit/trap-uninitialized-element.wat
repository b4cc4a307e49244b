;; Purpose: call_indirect through a null table entry traps.
;; The program exits with status 134 and one line "wasm trap: uninitialized element" on stderr.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -o %t.o
;; RUN: %cc %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: timeout 20 %t.exe > %t.out 2> %t.err; test $? -eq 134
;; RUN: FileCheck %s --match-full-lines < %t.err
;; RUN: count 1 < %t.err

(module
  (type $void (func))
  (table 2 funcref)
  (elem (i32.const 0) $f)
  (func $f)
  (func (export "_start")
    (call_indirect (type $void) (i32.const 1))))

;; CHECK: wasm trap: uninitialized element
