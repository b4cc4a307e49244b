;; Purpose: a table that is neither imported nor exported but that some
;; instruction writes (here table.set, in another function, called from the
;; loop) is reloaded at every call_indirect: the loop calls $f through it
;; until $f clears its own entry, and the next call traps. Treating such a
;; table as read-only would call the stale entry and exit 0.
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
  (global $calls (mut i32) (i32.const 0))
  (func $f
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (if (i32.eq (global.get $calls) (i32.const 3))
      (then (call $clear))))
  (func $clear
    (table.set 0 (i32.const 0) (ref.null func)))
  (func (export "_start")
    (loop $l
      (call_indirect (type $void) (i32.const 0))
      (br $l))))

;; CHECK: wasm trap: uninitialized element
