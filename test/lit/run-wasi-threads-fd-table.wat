;; Purpose: wasi-threads: the WASI context's descriptor table is used by
;; one thread at a time. A spawned thread opens eight descriptors on a
;; preopened directory and closes them again, 300 times (the table grows,
;; slots are freed and reused), while the main thread, started at the same
;; moment, asks for stdout's fdstat 3000 times and opens and closes a
;; descriptor of its own. Every call must succeed; under lit-tsan, calls
;; made without the context's lock are data races on the table, which fail
;; the program.
;; RUN: %wat2wasm --enable-threads %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -o %t.o
;; RUN: %cc %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: rm -rf %t.dir && mkdir %t.dir
;; RUN: env WASM2OBJ_GRANTS='dir=%t.dir::/d' timeout 60 %t.exe > %t.out
;; RUN: FileCheck %s --match-full-lines < %t.out

;; CHECK: ok
;; CHECK-EMPTY:

(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get"
    (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 0: threads at the start line; 4: the thread is done; 64: its
  ;; descriptors; 128: its fd_out; 192: main's fd_out; 256: fdstat;
  ;; 512: "f", 516: "g", 520: "ok\n"; 544: main's iovec.

  (func $init
    (i32.store8 (i32.const 512) (i32.const 102))
    (i32.store8 (i32.const 516) (i32.const 103))
    (i32.store8 (i32.const 520) (i32.const 111))
    (i32.store8 (i32.const 521) (i32.const 107))
    (i32.store8 (i32.const 522) (i32.const 10)))

  ;; Opens NAME (one byte) in the preopened directory, creating it; the
  ;; descriptor is stored at OUT.
  (func $open (param $name i32) (param $out i32)
    (if (call $path_open (i32.const 3) (i32.const 0) (local.get $name) (i32.const 1)
                         (i32.const 1) (i64.const 0x42) (i64.const 0)
                         (i32.const 0) (local.get $out))
      (then unreachable)))

  (func $close (param $fd i32)
    (if (call $fd_close (local.get $fd)) (then unreachable)))

  ;; Both threads arrive, then both go.
  (func $start_line
    (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
    (loop $wait
      (br_if $wait (i32.ne (i32.atomic.load (i32.const 0)) (i32.const 2)))))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (local $round i32) (local $k i32)
    (call $start_line)
    (loop $rounds
      (local.set $k (i32.const 0))
      (loop $opens
        (call $open (i32.const 512) (i32.add (i32.const 64) (i32.shl (local.get $k) (i32.const 2))))
        (br_if $opens (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1)))
                                (i32.const 8))))
      (local.set $k (i32.const 0))
      (loop $closes
        (call $close (i32.load offset=64 (i32.shl (local.get $k) (i32.const 2))))
        (br_if $closes (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1)))
                                 (i32.const 8))))
      (br_if $rounds (i32.lt_u (local.tee $round (i32.add (local.get $round) (i32.const 1)))
                               (i32.const 300))))
    (i32.atomic.store (i32.const 4) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 4) (i32.const 1))))

  (func (export "_start")
    (local $i i32)
    (call $init)
    (if (i32.le_s (call $spawn (i32.const 0)) (i32.const 0))
      (then unreachable))
    (call $start_line)
    (loop $calls
      (if (call $fd_fdstat_get (i32.const 1) (i32.const 256)) (then unreachable))
      (if (i32.eqz (i32.rem_u (local.get $i) (i32.const 10)))
        (then
          (call $open (i32.const 516) (i32.const 192))
          (call $close (i32.load (i32.const 192)))))
      (br_if $calls (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                              (i32.const 3000))))
    (loop $wait
      (if (i32.eqz (i32.atomic.load (i32.const 4)))
        (then
          (drop (memory.atomic.wait32 (i32.const 4) (i32.const 0) (i64.const -1)))
          (br $wait))))
    (i32.store (i32.const 544) (i32.const 520))
    (i32.store (i32.const 548) (i32.const 3))
    (if (call $fd_write (i32.const 1) (i32.const 544) (i32.const 1) (i32.const 552))
      (then unreachable))))
