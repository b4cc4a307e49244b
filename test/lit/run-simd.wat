;; Purpose: an end-to-end SIMD computation (a v128 load, pairwise widening
;; adds, float conversion, division and f32x4.nearest, which rounds ties to
;; even) links with plain `cc -lwasirt` (no libm) and gives the right exit
;; status: nearest(10/4, 26/4, 42/4, 58/4) = 2, 6, 10, 14, whose sum is 32
;; (rounding ties away from zero would give 36).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm -o %t.o
;; RUN: %cc %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: timeout 20 %t.exe; test $? -eq 32

(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10")
  (func (export "_start")
    (local $v v128)
    ;; bytes 1..16 -> i16x8 pair sums -> i32x4 sums 10, 26, 42, 58
    (local.set $v
      (i32x4.extadd_pairwise_i16x8_u
        (i16x8.extadd_pairwise_i8x16_u (v128.load (i32.const 0)))))
    (local.set $v
      (i32x4.trunc_sat_f32x4_s
        (f32x4.nearest
          (f32x4.div (f32x4.convert_i32x4_s (local.get $v))
                     (f32x4.splat (f32.const 4))))))
    (call $proc_exit
      (i32.add
        (i32.add (i32x4.extract_lane 0 (local.get $v))
                 (i32x4.extract_lane 1 (local.get $v)))
        (i32.add (i32x4.extract_lane 2 (local.get $v))
                 (i32x4.extract_lane 3 (local.get $v)))))))
