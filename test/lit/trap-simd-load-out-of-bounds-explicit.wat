;; Purpose: with --bounds-checks=explicit, a dropped v128.load32_zero that
;; starts in bounds and ends past the end of memory traps: the check covers
;; the 4 bytes it reads.
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
    (drop (v128.load32_zero (i32.const 65533)))))

;; CHECK: wasm trap: out of bounds memory access
