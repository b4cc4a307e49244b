;; Purpose: i32.trunc_f64_s of NaN traps.
;; The program exits with status 134 and one line "wasm trap: invalid conversion to integer" on stderr.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -o %t.o
;; RUN: %cc %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: timeout 20 %t.exe > %t.out 2> %t.err; test $? -eq 134
;; RUN: FileCheck %s --match-full-lines < %t.err
;; RUN: count 1 < %t.err

(module
  (global $nan (mut f64) (f64.const nan))
  (func (export "_start")
    (drop (i32.trunc_f64_s (global.get $nan)))))

;; CHECK: wasm trap: invalid conversion to integer
