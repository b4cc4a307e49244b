;; Purpose: a trap in the module's start function, before _start runs, ends
;; the program the same way.
;; The program exits with status 134 and one line "wasm trap: integer divide by zero" on stderr.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -o %t.o
;; RUN: %cc %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: timeout 20 %t.exe > %t.out 2> %t.err; test $? -eq 134
;; RUN: FileCheck %s --match-full-lines < %t.err
;; RUN: count 1 < %t.err

(module
  (global $zero (mut i32) (i32.const 0))
  (func $init (drop (i32.div_s (i32.const 1) (global.get $zero))))
  (start $init)
  (func (export "_start") unreachable))

;; CHECK: wasm trap: integer divide by zero
