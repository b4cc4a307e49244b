;; Purpose: a dropped v128.load that starts in bounds and ends past the end
;; of a one-page memory still traps (guard pages: the load is kept).
;; The program exits with status 134 and one line "wasm trap: out of bounds memory access" on stderr.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -o %t.o
;; RUN: %cc %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: timeout 20 %t.exe > %t.out 2> %t.err; test $? -eq 134
;; RUN: FileCheck %s --match-full-lines < %t.err
;; RUN: count 1 < %t.err

(module
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (v128.load (i32.const 65521)))))

;; CHECK: wasm trap: out of bounds memory access
