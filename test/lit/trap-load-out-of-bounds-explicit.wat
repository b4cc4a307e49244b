;; Purpose: with --bounds-checks=explicit, a load that starts in bounds and
;; ends past the end of memory traps.
;; The program exits with status 134 and one line "wasm trap: out of bounds memory access" on stderr.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --bounds-checks=explicit -o %t.o
;; RUN: %cc %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: timeout 20 %t.exe > %t.out 2> %t.err; test $? -eq 134
;; RUN: FileCheck %s --match-full-lines < %t.err
;; RUN: count 1 < %t.err

(module
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (i32.load (i32.const 65533)))))

;; CHECK: wasm trap: out of bounds memory access
