;; Purpose: i32.trunc_f64_s of 3e9, out of the range of i32, traps.
;; The program exits with status 134 and one line "wasm trap: integer overflow" on stderr.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -o %t.o
;; RUN: %cc %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: timeout 20 %t.exe > %t.out 2> %t.err; test $? -eq 134
;; RUN: FileCheck %s --match-full-lines < %t.err
;; RUN: count 1 < %t.err

(module
  (global $big (mut f64) (f64.const 3e9))
  (func (export "_start")
    (drop (i32.trunc_f64_s (global.get $big)))))

;; CHECK: wasm trap: integer overflow
