;; Purpose: the threads proposal with real threads: four threads, each with
;; its own instance, share one memory (env.memory, created by the host as
;; shared). Atomic read-modify-writes lose no update (4 x 200000 adds, all
;; threads started together; an atomic load and store instead lose some), a
;; spinlock built from i32.atomic.rmw.cmpxchg and i32.atomic.store
;; protects plain loads and stores (4 x 50000), and memory.atomic.wait32
;; and memory.atomic.notify pass a turn around the threads 300 times in
;; order (each logs its id at the next index, taken with an atomic add).
;; The same with explicit checks at -O0.
;; RUN: %wat2wasm --enable-threads %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --module-name threads -o %t.o
;; RUN: %cc -std=c11 -Wall -Werror -I%include %S/Inputs/threads-host.c %t.o \
;; RUN:   -L%libdir -lwasirt -lpthread -o %t.exe
;; RUN: timeout 120 %t.exe | FileCheck %s --match-full-lines
;; RUN: %wasm2obj %t.wasm --module-name threads -O0 --bounds-checks=explicit -o %t0.o
;; RUN: %cc -std=c11 -I%include %S/Inputs/threads-host.c %t0.o \
;; RUN:   -L%libdir -lwasirt -lpthread -o %t0.exe
;; RUN: timeout 120 %t0.exe | FileCheck %s --match-full-lines

;; CHECK: atomic counter: 800000 of 800000
;; CHECK-NEXT: locked counter: 200000 of 200000
;; CHECK-NEXT: turns: 1200 of 1200, in order: yes

(module
  (import "env" "memory" (memory 1 1 shared))
  ;; 0: the atomic counter; 4: the threads that arrived; 8: the lock;
  ;; 16: the i64 it protects; 24: whose turn it is; 28: the next log
  ;; index; 32: the log.
  (func (export "add_atomic") (param $n i32) (param $k i32)
    ;; all k threads start adding at once
    (drop (i32.atomic.rmw.add (i32.const 4) (i32.const 1)))
    (loop $arrive
      (br_if $arrive (i32.ne (i32.atomic.load (i32.const 4)) (local.get $k))))
    (loop $next
      (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
      (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  (func $lock
    (loop $spin
      (br_if $spin
        (i32.atomic.rmw.cmpxchg (i32.const 8) (i32.const 0) (i32.const 1)))))
  (func $unlock (i32.atomic.store (i32.const 8) (i32.const 0)))
  (func (export "add_locked") (param $n i32)
    (loop $next
      (call $lock)
      (i64.store (i32.const 16) (i64.add (i64.load (i32.const 16)) (i64.const 1)))
      (call $unlock)
      (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  (func (export "take_turns") (param $id i32) (param $k i32) (param $rounds i32)
    (local $turn i32)
    (loop $round
      ;; wait until the turn is ours
      (block $mine
        (loop $wait
          (local.set $turn (i32.atomic.load (i32.const 24)))
          (br_if $mine (i32.eq (local.get $turn) (local.get $id)))
          (drop (memory.atomic.wait32 (i32.const 24) (local.get $turn) (i64.const -1)))
          (br $wait)))
      (i32.store
        (i32.add (i32.const 32)
          (i32.shl (i32.atomic.rmw.add (i32.const 28) (i32.const 1)) (i32.const 2)))
        (local.get $id))
      (i32.atomic.store (i32.const 24)
        (i32.rem_u (i32.add (local.get $id) (i32.const 1)) (local.get $k)))
      (drop (memory.atomic.notify (i32.const 24) (local.get $k)))
      (br_if $round (local.tee $rounds (i32.sub (local.get $rounds) (i32.const 1)))))))
