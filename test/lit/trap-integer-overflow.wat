;; Purpose: i32.div_s of INT32_MIN by -1 traps.
;; The program exits with status 134 and one line "wasm trap: integer overflow" on stderr.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -o %t.o
;; RUN: %cc %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: timeout 20 %t.exe > %t.out 2> %t.err; test $? -eq 134
;; RUN: FileCheck %s --match-full-lines < %t.err
;; RUN: count 1 < %t.err

(module
  (global $minus1 (mut i32) (i32.const -1))
  (func (export "_start")
    (drop (i32.div_s (i32.const 0x80000000) (global.get $minus1)))))

;; CHECK: wasm trap: integer overflow
