;; Purpose: wasi-threads. `wasi.thread-spawn` starts a thread on a new
;; instance of the module that shares the imported memory (created by the
;; runtime from the import's type, as wasmtime does) and calls its
;; wasi_thread_start(tid, arg). Four threads, one of which spawns a fifth,
;; add to one counter atomically (5 x 100000 adds lose none) and each
;; writes a line with fd_write at the same time as the others; the main
;; thread waits for them with memory.atomic.wait32. The thread ids the
;; threads are given are positive, distinct and those thread-spawn
;; returned, and WASM2OBJ_TRACE_WASI shows the spawns with them. The
;; same with explicit bounds checks. The C header declares the exports,
;; not thread-spawn: libwasirt defines it.
;; RUN: %wat2wasm --enable-threads %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -o %t.o
;; RUN: %cc %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: timeout 60 %t.exe > %t.out; test $? -eq 0
;; RUN: FileCheck %s --match-full-lines < %t.out
;; RUN: env WASM2OBJ_TRACE_WASI=1 timeout 60 %t.exe 2> %t.trace > /dev/null
;; RUN: FileCheck %s --check-prefix=TRACE < %t.trace
;; RUN: %wasm2obj %t.wasm --bounds-checks=explicit -o %t-explicit.o
;; RUN: %cc %t-explicit.o -L%libdir -lwasirt -o %t-explicit.exe
;; RUN: timeout 60 %t-explicit.exe > %t-explicit.out; test $? -eq 0
;; RUN: FileCheck %s --match-full-lines < %t-explicit.out
;; RUN: %wasm2obj %t.wasm --emit=header --module-name wt -o - \
;; RUN:   | FileCheck %s --check-prefix=HEADER

;; CHECK-DAG: thread 0
;; CHECK-DAG: thread 1
;; CHECK-DAG: thread 2
;; CHECK-DAG: thread 3
;; CHECK-DAG: thread 4
;; CHECK: counter: 500000
;; CHECK-NEXT: tids: ok

;; The main thread's spawns, in order, with consecutive ids (thread 3's
;; spawn may be traced before or after main's last).
;; TRACE: [wasi] thread-spawn(start_arg=0) = [[#TID:]]
;; TRACE: [wasi] thread-spawn(start_arg=1) = [[#TID+1]]
;; TRACE: [wasi] thread-spawn(start_arg=2) = [[#TID+2]]
;; TRACE: [wasi] thread-spawn(start_arg=3) = [[#TID+3]]

;; HEADER-NOT: thread-spawn
;; HEADER-NOT: threadQ2Dspawn
;; HEADER: void w2o_wtQE_wasi_thread_start(wasirt_instance *instance, uint32_t p0, uint32_t p1);
;; HEADER-NOT: thread-spawn
;; HEADER-NOT: threadQ2Dspawn

(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 0: the counter; 4: threads done; 16: tid each thread was given, by
  ;; arg; 48: tid thread-spawn returned for it; 128 + 32 * arg: a thread's
  ;; iovecs; 320 + arg: its digit; 512: main's iovecs; 700: main's number.
  ;; The text, copied in once by _start: every instantiation would apply
  ;; an active segment again, while other threads read the memory (wasm-ld
  ;; makes a shared memory's segments passive the same way).
  (data $text "thread \n\00\00\00\00\00\00\00\00counter: \00\00\00\00\00\00\00"
              "tids: \00\00\00\00\00\00\00\00\00\00ok\00\00\00\00\00\00wrong")

  ;; Writes three pieces as one line to stdout, iovecs at $at.
  (func $write3 (param $at i32) (param $a i32) (param $alen i32)
        (param $b i32) (param $blen i32) (param $c i32) (param $clen i32)
    (i32.store (local.get $at) (local.get $a))
    (i32.store offset=4 (local.get $at) (local.get $alen))
    (i32.store offset=8 (local.get $at) (local.get $b))
    (i32.store offset=12 (local.get $at) (local.get $blen))
    (i32.store offset=16 (local.get $at) (local.get $c))
    (i32.store offset=20 (local.get $at) (local.get $clen))
    (drop (call $fd_write (i32.const 1) (local.get $at) (i32.const 3)
                          (i32.add (local.get $at) (i32.const 24)))))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (local $n i32)
    (i32.store offset=16 (i32.shl (local.get $arg) (i32.const 2))
               (local.get $tid))
    (if (i32.eq (local.get $arg) (i32.const 3))
      (then (i32.store offset=64 (i32.const 0)
                       (call $spawn (i32.const 4)))))
    (local.set $n (i32.const 100000))
    (loop $add
      (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
      (br_if $add (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (i32.store8 offset=320 (local.get $arg)
                (i32.add (i32.const 48) (local.get $arg)))
    (call $write3 (i32.add (i32.const 128) (i32.shl (local.get $arg) (i32.const 5)))
                  (i32.const 1024) (i32.const 7)
                  (i32.add (i32.const 320) (local.get $arg)) (i32.const 1)
                  (i32.const 1031) (i32.const 1))
    (drop (i32.atomic.rmw.add (i32.const 4) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 4) (i32.const 100))))

  (func (export "_start")
    (local $i i32) (local $j i32) (local $d i32) (local $p i32) (local $v i32)
    (local $ok i32) (local $tid i32)
    (memory.init $text (i32.const 1024) (i32.const 0) (i32.const 61))
    (data.drop $text)
    (loop $each
      (i32.store offset=48 (i32.shl (local.get $i) (i32.const 2))
                 (call $spawn (local.get $i)))
      (br_if $each (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                             (i32.const 4))))
    (block $all
      (loop $wait
        (local.set $d (i32.atomic.load (i32.const 4)))
        (br_if $all (i32.eq (local.get $d) (i32.const 5)))
        (drop (memory.atomic.wait32 (i32.const 4) (local.get $d) (i64.const -1)))
        (br $wait)))
    ;; the counter in decimal, backwards from 710
    (local.set $v (i32.atomic.load (i32.const 0)))
    (local.set $p (i32.const 710))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
                  (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (br_if $digit (local.tee $v (i32.div_u (local.get $v) (i32.const 10)))))
    (call $write3 (i32.const 512) (i32.const 1040) (i32.const 9)
                  (local.get $p) (i32.sub (i32.const 710) (local.get $p))
                  (i32.const 1031) (i32.const 1))
    ;; the ids: positive, as returned, different from every earlier one
    (local.set $ok (i32.const 1))
    (local.set $i (i32.const 0))
    (loop $check
      (local.set $tid (i32.load offset=16 (i32.shl (local.get $i) (i32.const 2))))
      (if (i32.or (i32.le_s (local.get $tid) (i32.const 0))
                  (i32.ne (local.get $tid)
                          (i32.load offset=48 (i32.shl (local.get $i) (i32.const 2)))))
        (then (local.set $ok (i32.const 0))))
      (local.set $j (i32.const 0))
      (block $done
        (loop $earlier
          (br_if $done (i32.eq (local.get $j) (local.get $i)))
          (if (i32.eq (local.get $tid)
                      (i32.load offset=16 (i32.shl (local.get $j) (i32.const 2))))
            (then (local.set $ok (i32.const 0))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $earlier)))
      (br_if $check (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                              (i32.const 5))))
    (call $write3 (i32.const 512) (i32.const 1056) (i32.const 6)
                  (select (i32.const 1072) (i32.const 1080) (local.get $ok))
                  (select (i32.const 2) (i32.const 5) (local.get $ok))
                  (i32.const 1031) (i32.const 1))))
