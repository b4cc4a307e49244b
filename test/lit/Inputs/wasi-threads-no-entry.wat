;; wasi-threads without a usable entry point: thread-spawn must fail with a
;; negative WASI errno, which _start passes to proc_exit negated.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  (func (export "_start")
    (call $proc_exit (i32.sub (i32.const 0) (call $spawn (i32.const 0))))))
