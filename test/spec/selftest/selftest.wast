;; The runner's own test (CTest spec-runner-selftest): every kind of command
;; and value, a spectest import of each kind, registered modules, and the
;; ways a command can fail. The expected per-file line is in
;; test/spec/CMakeLists.txt; keep them in sync with the commands here.

(module $Host
  (import "spectest" "print_i32" (func $print_i32 (param i32)))
  (import "spectest" "print_f64_f64" (func (param f64 f64)))
  (import "spectest" "global_i32" (global $gi32 i32))
  (import "spectest" "global_f64" (global $gf64 f64))
  (import "spectest" "table" (table 10 20 funcref))
  (import "spectest" "memory" (memory 1 2))
  (global $g (export "g") (mut i32) (i32.const 7))
  (func (export "get-gi32") (result i32) (call $print_i32 (global.get $gi32)) (global.get $gi32))
  (func (export "get-gf64") (result f64) (global.get $gf64))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "set-g") (param i32) (global.set $g (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0)))
  (func (export "snan-add") (param f64) (result f64) (f64.add (local.get 0) (f64.const 1)))
  (func (export "swap") (param i64 f32) (result f32 i64) (local.get 1) (local.get 0))
  (func (export "id-extern") (param externref) (result externref) (local.get 0))
  (func (export "null-func") (result funcref) (ref.null func))
  (func $recurse (export "recurse") (param i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "loop-forever") (loop (br 0)))
  (func (export "\00nul") (result i32) (i32.const 99))
)
(register "host" $Host)

(assert_return (invoke "get-gi32") (i32.const 666))
(assert_return (invoke "get-gf64") (f64.const 666.6))
(assert_return (invoke "add" (i32.const -1) (i32.const 3)) (i32.const 2))
(invoke "set-g" (i32.const 42))
(assert_return (get "g") (i32.const 42))
(assert_return (invoke "nan") (f32.const nan:canonical))
(assert_return (invoke "snan-add" (f64.const nan:0x4)) (f64.const nan:arithmetic))
(assert_return (invoke "swap" (i64.const -5) (f32.const 1.5)) (f32.const 1.5) (i64.const -5))
(assert_return (invoke "id-extern" (ref.extern 0)) (ref.extern 0))
(assert_return (invoke "id-extern" (ref.null extern)) (ref.null extern))
(assert_return (invoke "null-func") (ref.null func))
(assert_return (invoke "\00nul") (i32.const 99))
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "load" (i32.const 131072)) "out of bounds memory access")
(assert_exhaustion (invoke "recurse" (i32.const 0)) "call stack exhausted")

;; A second module importing from the registered one and from spectest.
(module
  (import "host" "add" (func $add (param i32 i32) (result i32)))
  (import "host" "g" (global $g (mut i32)))
  (import "spectest" "memory" (memory 1))
  (func (export "add-g") (param i32) (result i32)
    (call $add (local.get 0) (global.get $g)))
  (func (export "peek") (result i32) (i32.load (i32.const 8)))
)
(assert_return (invoke "add-g" (i32.const 1)) (i32.const 43))
(invoke $Host "store" (i32.const 8) (i32.const 1234))
(assert_return (invoke "peek") (i32.const 1234))

(assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
(assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
(assert_malformed (module quote "(func (i32.const))") "unexpected token")
(assert_unlinkable (module (import "host" "nothing" (func))) "unknown import")
(assert_unlinkable (module (import "nowhere" "f" (func))) "unknown import")
(assert_unlinkable (module (import "host" "add" (func (param i64)))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "memory" (memory 3))) "incompatible import type")
(assert_trap
  (module (memory 1) (data (i32.const 65536) "x")) "out of bounds memory access")

;; Failures the runner must report (the CTest counts them):
;; a wrong value, a wrong trap, an endless loop, and a crash (the CTest
;; passes --debug-crash-at with this last line).
(assert_return (invoke $Host "add" (i32.const 1) (i32.const 1)) (i32.const 3))
(assert_trap (invoke $Host "div" (i32.const 1) (i32.const 0)) "integer overflow")
(assert_trap (invoke $Host "loop-forever") "unreachable")
(assert_return (invoke $Host "add" (i32.const 2) (i32.const 2)) (i32.const 4))
;; After the crash, the state of the script is rebuilt and it goes on.
(assert_return (get $Host "g") (i32.const 42))
(assert_return (invoke "peek") (i32.const 1234))
;; "either" (relaxed SIMD's scripts): any one alternative passes; none is a
;; failure, the fourth the CTest counts.
(assert_return (invoke $Host "add" (i32.const 1) (i32.const 2))
  (either (i32.const 4) (i32.const 3)))
(assert_return (invoke $Host "add" (i32.const 1) (i32.const 2))
  (either (i32.const 4) (i32.const 5)))
