;; Purpose: an unwinding that is not a wasm exception (here the forced
;; unwind of pthread_exit, called by a host import inside a try) never
;; runs a catch_all: the thread ends with its exit value. (The import's
;; adapter has no unwind information, so the unwinding ends there; a
;; landing pad would also pass any exception of another class on, see
;; ir-exceptions.wat.)
;; RUN: %wat2wasm --enable-exceptions %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --module-name m --no-main-module -o %t.o
;; RUN: %cc %S/Inputs/eh-cancel-host.c %t.o -I%include -L%libdir -lwasirt -lpthread -o %t.exe
;; RUN: timeout 20 %t.exe | FileCheck %s

(module
  (import "env" "exit_thread" (func $exit_thread))
  (global $caught (mut i32) (i32.const 0))
  (func (export "run") (result i32)
    (try (result i32)
      (do (call $exit_thread) (i32.const 1))
      (catch_all
        (global.set $caught (i32.add (global.get $caught) (i32.const 1)))
        (i32.const 2))))
  (func (export "caught") (result i32) (global.get $caught)))

;; CHECK: thread exit value 7, catch_all ran 0 times
