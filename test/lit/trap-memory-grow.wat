;; Purpose: memory.grow makes one more page accessible, and the page after it
;; still traps.
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
    (if (i32.ne (memory.grow (i32.const 1)) (i32.const 1)) (then (return)))
    (i32.store (i32.const 131068) (i32.const 1))
    (i32.store (i32.const 131072) (i32.const 1))))

;; CHECK: wasm trap: out of bounds memory access
