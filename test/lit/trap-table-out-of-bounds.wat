;; Purpose: table.get past the end of a table traps.
;; The program exits with status 134 and one line "wasm trap: out of bounds table access" on stderr.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -o %t.o
;; RUN: %cc %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: timeout 20 %t.exe > %t.out 2> %t.err; test $? -eq 134
;; RUN: FileCheck %s --match-full-lines < %t.err
;; RUN: count 1 < %t.err

(module
  (table $t 1 funcref)
  (func (export "_start")
    (drop (table.get $t (i32.const 1)))))

;; CHECK: wasm trap: out of bounds table access
