;; A module for cli-header-kinds.test: v128 parameters and results, several
;; results, an imported host function with a v128, and export names that
;; are not C identifiers (one holds "/*", which must not start a comment
;; in the header).
(module
  (import "env" "swap_halves" (func $swap (param v128) (result v128)))
  (import "env" "scale" (func $scale (param i32 f64) (result f64)))
  ;; The same host function imported twice: one prototype.
  (import "env" "scale" (func $scale2 (param i32 f64) (result f64)))
  (func (export "a/*b") (param v128) (result v128)
    (call $swap (local.get 0)))
  (func (export "lane1") (param v128) (result i32)
    (i32x4.extract_lane 1 (local.get 0)))
  (func (export "splat_and_sum") (param i32) (result v128 i32)
    (i32x4.splat (local.get 0))
    (i32.add (local.get 0) (local.get 0)))
  (func (export "twice_scaled") (param i32 f64) (result f64)
    (f64.add (call $scale (local.get 0) (local.get 1))
             (call $scale2 (local.get 0) (local.get 1)))))
