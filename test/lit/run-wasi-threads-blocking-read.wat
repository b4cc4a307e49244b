;; Purpose: wasi-threads: a thread blocked in poll_oneoff on a descriptor,
;; or in fd_read, does not hold up the other threads' WASI calls. One
;; thread waits for stdin with poll_oneoff, reads a line, then blocks in
;; fd_read for the next; stdin is a pipe that gets each line only once
;; the main thread has written a line of its own, after a poll_oneoff
;; sleep of its own while the reader waits. Were a wait made under the
;; context's lock, the main thread's calls would wait for the reader and
;; the reader for them: the program would not finish (interact.py ends it
;; after 30 s with status 124).
;; RUN: %wat2wasm --enable-threads %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -o %t.o
;; RUN: %cc %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: %python %S/Inputs/interact.py waiting one 'read: one' two -- %t.exe \
;; RUN:   > %t.out; test $? -eq 0
;; RUN: FileCheck %s --match-full-lines < %t.out

;; CHECK: waiting
;; CHECK-NEXT: read: one
;; CHECK-NEXT: read: two
;; CHECK-EMPTY:

(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff"
    (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 0, 4, 8: the reader is about to poll, has read the first line, has
  ;; read the second; 64: its iovec; 72, 76: the counts; 128, 160: its
  ;; buffers; 192: its subscription; 256: main's iovecs; 300: main's count;
  ;; 320: main's subscription; 384, 416: events; 448: events out.
  (data (i32.const 1024) "waiting\0aread: ")

  (func $wait_for (param $at i32)
    (loop $again
      (if (i32.eqz (i32.atomic.load (local.get $at)))
        (then
          (drop (memory.atomic.wait32 (local.get $at) (i32.const 0) (i64.const -1)))
          (br $again)))))

  (func $signal (param $at i32)
    (i32.atomic.store (local.get $at) (i32.const 1))
    (drop (memory.atomic.notify (local.get $at) (i32.const 1))))

  (func $read_line (param $buf i32) (param $count_out i32)
    (i32.store (i32.const 64) (local.get $buf))
    (i32.store (i32.const 68) (i32.const 32))
    (if (call $fd_read (i32.const 0) (i32.const 64) (i32.const 1) (local.get $count_out))
      (then unreachable)))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    ;; wait until stdin is readable: type 1 (fd_read) on descriptor 0
    (i32.store8 (i32.const 200) (i32.const 1))
    (i32.store (i32.const 208) (i32.const 0))
    (call $signal (i32.const 0))
    (if (call $poll_oneoff (i32.const 192) (i32.const 416) (i32.const 1) (i32.const 452))
      (then unreachable))
    (call $read_line (i32.const 128) (i32.const 72))
    (call $signal (i32.const 4))
    (call $read_line (i32.const 160) (i32.const 76))
    (call $signal (i32.const 8)))

  (func $write (param $at i32) (param $len i32)
    (i32.store (i32.const 256) (local.get $at))
    (i32.store (i32.const 260) (local.get $len))
    (if (call $fd_write (i32.const 1) (i32.const 256) (i32.const 1) (i32.const 300))
      (then unreachable)))

  ;; Sleeps 100 ms (monotonic clock, relative), so that the reader is in
  ;; its wait by the time this thread's next call comes.
  (func $sleep
    (i32.store8 (i32.const 328) (i32.const 0))
    (i32.store (i32.const 336) (i32.const 1))
    (i64.store (i32.const 344) (i64.const 100000000))
    (i64.store (i32.const 352) (i64.const 0))
    (i32.store16 (i32.const 360) (i32.const 0))
    (if (call $poll_oneoff (i32.const 320) (i32.const 384) (i32.const 1) (i32.const 448))
      (then unreachable)))

  (func (export "_start")
    (if (i32.le_s (call $spawn (i32.const 0)) (i32.const 0))
      (then unreachable))
    (call $wait_for (i32.const 0))
    (call $sleep)
    (call $write (i32.const 1024) (i32.const 8))
    (call $wait_for (i32.const 4))
    (call $sleep)
    (call $write (i32.const 1032) (i32.const 6))
    (call $write (i32.const 128) (i32.load (i32.const 72)))
    (call $wait_for (i32.const 8))
    (call $write (i32.const 1032) (i32.const 6))
    (call $write (i32.const 160) (i32.load (i32.const 76)))))
