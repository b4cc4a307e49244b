;; Purpose: wasi-threads: a trap or proc_exit in any thread ends the whole
;; process, whatever the other threads are doing (blocked in
;; memory.atomic.wait32 for ever, or looping), as in wasmtime: a trap prints
;; "wasm trap: MESSAGE" and exits with 134, proc_exit with its status. A
;; spawned thread gets its own stack limit and fault handling: endless
;; recursion and an out-of-bounds load there are traps too. When _start
;; returns, the process ends even though a thread still runs, making WASI
;; calls (were the context freed first, lit-sanitized would report the use
;; after free). The number of arguments picks the case (the thread gets it
;; as its argument).
;; RUN: %wat2wasm --enable-threads %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -o %t.o
;; RUN: %cc %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: timeout 20 %t.exe > %t.out 2> %t.err; test $? -eq 134
;; RUN: FileCheck %s --check-prefix=UNREACHABLE --match-full-lines < %t.err
;; RUN: timeout 20 %t.exe a > %t.out 2> %t.err; test $? -eq 7
;; RUN: count 0 < %t.err
;; RUN: timeout 20 %t.exe a b > %t.out 2> %t.err; test $? -eq 5
;; RUN: count 0 < %t.err
;; RUN: timeout 20 %t.exe a b c > %t.out 2> %t.err; test $? -eq 0
;; RUN: count 0 < %t.err
;; RUN: timeout 20 %t.exe a b c d > %t.out 2> %t.err; test $? -eq 134
;; RUN: FileCheck %s --check-prefix=UNREACHABLE --match-full-lines < %t.err
;; RUN: timeout 20 %t.exe a b c d e > %t.out 2> %t.err; test $? -eq 134
;; RUN: FileCheck %s --check-prefix=STACK --match-full-lines < %t.err
;; RUN: timeout 20 %t.exe a b c d e f > %t.out 2> %t.err; test $? -eq 134
;; RUN: FileCheck %s --check-prefix=OOB --match-full-lines < %t.err
;; RUN: %wasm2obj %t.wasm --bounds-checks=explicit -o %t-explicit.o
;; RUN: %cc %t-explicit.o -L%libdir -lwasirt -o %t-explicit.exe
;; RUN: timeout 20 %t-explicit.exe a b c d e f > %t.out 2> %t.err; test $? -eq 134
;; RUN: FileCheck %s --check-prefix=OOB --match-full-lines < %t.err

;; UNREACHABLE: wasm trap: unreachable
;; UNREACHABLE-EMPTY:
;; STACK: wasm trap: call stack exhausted
;; STACK-EMPTY:
;; OOB: wasm trap: out of bounds memory access
;; OOB-EMPTY:

(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 0: argc; 4: argv bytes; 8: never written (waited on for ever);
  ;; 12: set once the thread runs.

  (func $wait_forever
    (loop $again
      (drop (memory.atomic.wait32 (i32.const 8) (i32.const 0) (i64.const -1)))
      (br $again)))

  (func $started
    (i32.atomic.store (i32.const 12) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 12) (i32.const 1))))

  (func $wait_started
    (loop $again
      (if (i32.eqz (i32.atomic.load (i32.const 12)))
        (then
          (drop (memory.atomic.wait32 (i32.const 12) (i32.const 0) (i64.const -1)))
          (br $again)))))

  (func $recurse (param $n i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get $n) (i32.const 1)))
             (local.get $n)))

  (func (export "wasi_thread_start") (param $tid i32) (param $case i32)
    (block $b7 (block $b6 (block $b5 (block $b4 (block $b3 (block $b2 (block $b1
      (br_table $b1 $b1 $b2 $b3 $b4 $b5 $b6 $b7 (local.get $case)))
      unreachable)
      (call $proc_exit (i32.const 7)) unreachable)
      (call $started) (call $wait_forever) unreachable)
      (call $started) (loop $spin (drop (call $sched_yield)) (br $spin))
      unreachable)
      (call $started) (call $wait_forever) unreachable)
      (drop (call $recurse (i32.const 0))) unreachable)
    (drop (i32.load (i32.const 65536))))

  (func (export "_start")
    (local $case i32)
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (local.set $case (i32.load (i32.const 0)))
    (if (i32.le_s (call $spawn (local.get $case)) (i32.const 0))
      (then unreachable))
    (block $c5
      (block $c4
        (block $c3
          (block $wait
            (br_table $wait $wait $wait $c3 $c4 $c5 $wait $wait (local.get $case)))
          (call $wait_forever))
        ;; case 3: proc_exit here while the thread waits for ever
        (call $wait_started)
        (call $proc_exit (i32.const 5)))
      ;; case 4: return while the thread loops
      (call $wait_started)
      (return))
    ;; case 5: trap here while the thread waits for ever
    (call $wait_started)
    unreachable))
