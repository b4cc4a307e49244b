;; Purpose: an instance created on one thread runs on another (one thread
;; at a time), entered by paths that do not set its stack limit to the
;; thread's (an export called directly inside wasirt_try,
;; wasirt_call_funcref): its calls succeed instead of trapping with "call
;; stack exhausted" on the other thread's limit, and unbounded recursion
;; still traps on either thread, after which the instance works on. Back on
;; the main thread, whose stack lies above the worker's, the worker's limit
;; must not let the recursion run into the margin the runtime keeps for
;; host functions: the trap comes from a wasm prologue, never from a fault
;; inside the host function the recursion calls (32 KiB of stack, holding
;; a mutex that a trap there would leave locked).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: mkdir -p %t.dir
;; RUN: %wasm2obj %t.wasm --module-name other_thread --no-main-module \
;; RUN:   --header %t.dir/other-thread.h -o %t.o
;; RUN: %cc -std=c11 -Wall -Werror -I%include -I%t.dir \
;; RUN:   %S/Inputs/other-thread-host.c %t.o -L%libdir -lwasirt -lpthread \
;; RUN:   -o %t.exe
;; RUN: timeout 60 %t.exe | FileCheck %s --match-full-lines
;; RUN: %wasm2obj %t.wasm --module-name other_thread --no-main-module -O0 \
;; RUN:   --bounds-checks=explicit -o %t0.o
;; RUN: %cc -std=c11 -I%include -I%t.dir %S/Inputs/other-thread-host.c \
;; RUN:   %t0.o -L%libdir -lwasirt -lpthread -o %t0.exe
;; RUN: timeout 60 %t0.exe | FileCheck %s --match-full-lines

;; CHECK: main: direct depth(1000) = 1000
;; CHECK-NEXT: worker: direct depth(1000) = 1000
;; CHECK-NEXT: worker: funcref depth(1000) = 1000
;; CHECK-NEXT: worker: direct depth(100000000): call stack exhausted
;; CHECK-NEXT: worker: direct depth(1000) = 1000
;; CHECK-NEXT: worker: funcref depth(100000000): call stack exhausted
;; CHECK-NEXT: worker: funcref depth(1000) = 1000
;; CHECK-NEXT: main: direct depth(1000) = 1000
;; CHECK-NEXT: main: direct depth(100000000): call stack exhausted
;; CHECK-NEXT: main: direct depth(1000) = 1000
;; CHECK-NEXT: main: endless: call stack exhausted, host mutex free
;; CHECK-NEXT: main: endless: call stack exhausted, host mutex free
;; CHECK-NEXT: main: endless: call stack exhausted, host mutex free

;; depth(n) = n, one frame per level: the recursive call's result is
;; compared, so the optimiser cannot make the recursion a loop. endless
;; recurses for ever and calls the host at every level.
(module
  (import "env" "host_work" (func $host (param i32) (result i32)))
  (func $depth (export "depth") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else
        (if (result i32)
            (i32.eq (call $depth (i32.sub (local.get $n) (i32.const 1)))
                    (i32.sub (local.get $n) (i32.const 1)))
          (then (local.get $n))
          (else (unreachable))))))
  (func $endless (export "endless") (param $n i32) (result i32)
    (i32.add (call $host (local.get $n))
             (call $endless (i32.add (local.get $n) (i32.const 1))))))
