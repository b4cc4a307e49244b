;; A module no exception can start in or pass through (ir-exceptions.wat):
;; no tags or exception instructions, only WASI imports (preview1's and
;; wasi-threads' thread-spawn, which libwasirt provides), and call_indirect
;; through a table no other module can write. Its functions are nounwind.
(module
  (import "wasi_snapshot_preview1" "fd_close" (func $close (param i32) (result i32)))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (type $t (func (param i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $close)
  (func $g (export "g") (param i32) (result i32)
    (call $spawn
      (call_indirect (type $t) (local.get 0) (i32.const 0)))))
