;; Loops unrolled the way clang unrolls them for wasm32 (one block, the
;; copies of the body one after the other, a counter stepped by the
;; unroll factor and compared with an end that is a multiple of it).
;; wasm2obj rolls such loops back up before vectorising them
;; (lib/Translate/RerollLoops.h); the results must be wasm's, also when the
;; buffers overlap, when one copy uses a value of another, and when the
;; copies are not in order (those loops must stay as they are). Run in
;; both modes by the CTest spec-own.

(module
  (memory (export "mem") 1)
  ;; d[k] = min(a[k] + b[k], 255), k < n & -2; two copies
  (func (export "blend2") (param $d i32) (param $a i32) (param $b i32) (param $n i32)
    (local $i i32) (local $end i32) (local $t i32)
    (local.set $end (i32.and (local.get $n) (i32.const -2)))
    (block $done
      (br_if $done (i32.eqz (local.get $end)))
      (loop $next
        (local.set $t (i32.add
          (i32.load8_u (i32.add (local.get $a) (local.get $i)))
          (i32.load8_u (i32.add (local.get $b) (local.get $i)))))
        (i32.store8 (i32.add (local.get $d) (local.get $i))
          (select (i32.const 255) (local.get $t)
                  (i32.gt_u (local.get $t) (i32.const 255))))
        (local.set $t (i32.add
          (i32.load8_u (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 1)))
          (i32.load8_u (i32.add (i32.add (local.get $b) (local.get $i)) (i32.const 1)))))
        (i32.store8 (i32.add (i32.add (local.get $d) (local.get $i)) (i32.const 1))
          (select (i32.const 255) (local.get $t)
                  (i32.gt_u (local.get $t) (i32.const 255))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br_if $next (i32.ne (local.get $i) (local.get $end))))))
  ;; d[k] = s[k], byte by byte upwards, k < n & -4; four copies
  (func (export "copy4") (param $d i32) (param $s i32) (param $n i32)
    (local $i i32) (local $end i32)
    (local.set $end (i32.and (local.get $n) (i32.const -4)))
    (block $done
      (br_if $done (i32.eqz (local.get $end)))
      (loop $next
        (i32.store8 (i32.add (local.get $d) (local.get $i))
          (i32.load8_u (i32.add (local.get $s) (local.get $i))))
        (i32.store8 (i32.add (i32.add (local.get $d) (local.get $i)) (i32.const 1))
          (i32.load8_u (i32.add (i32.add (local.get $s) (local.get $i)) (i32.const 1))))
        (i32.store8 (i32.add (i32.add (local.get $d) (local.get $i)) (i32.const 2))
          (i32.load8_u (i32.add (i32.add (local.get $s) (local.get $i)) (i32.const 2))))
        (i32.store8 (i32.add (i32.add (local.get $d) (local.get $i)) (i32.const 3))
          (i32.load8_u (i32.add (i32.add (local.get $s) (local.get $i)) (i32.const 3))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $next (i32.ne (local.get $i) (local.get $end))))))
  ;; the i32s at p, p+4, ..., stored as index * 3 + v (a value that is a
  ;; recurrence, not a load); two copies counting down from n & -2 to 0
  (func (export "iota2-down") (param $p i32) (param $n i32) (param $v i32)
    (local $i i32)
    (local.set $i (i32.and (local.get $n) (i32.const -2)))
    (block $done
      (br_if $done (i32.eqz (local.get $i)))
      (loop $next
        (i32.store (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))
          (i32.add (i32.mul (local.get $i) (i32.const 3)) (local.get $v)))
        (i32.store (i32.add (local.get $p) (i32.shl (i32.sub (local.get $i) (i32.const 1)) (i32.const 2)))
          (i32.add (i32.mul (i32.sub (local.get $i) (i32.const 1)) (i32.const 3)) (local.get $v)))
        (local.set $i (i32.sub (local.get $i) (i32.const 2)))
        (br_if $next (i32.ne (local.get $i) (i32.const 0))))))
  ;; a[k+1] = a[k] + 1 through memory, k < n & -2; two copies
  (func (export "chain2") (param $a i32) (param $n i32)
    (local $i i32) (local $end i32)
    (local.set $end (i32.and (local.get $n) (i32.const -2)))
    (block $done
      (br_if $done (i32.eqz (local.get $end)))
      (loop $next
        (i32.store8 (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 1))
          (i32.add (i32.load8_u (i32.add (local.get $a) (local.get $i))) (i32.const 1)))
        (i32.store8 (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 2))
          (i32.add (i32.load8_u (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 1)))
                   (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br_if $next (i32.ne (local.get $i) (local.get $end))))))
  ;; like chain2, but the second copy adds 2 to the first copy's load
  ;; instead of loading again: the copies differ, so the loop stays
  (func (export "chain2-forward") (param $a i32) (param $n i32)
    (local $i i32) (local $end i32) (local $t i32)
    (local.set $end (i32.and (local.get $n) (i32.const -2)))
    (block $done
      (br_if $done (i32.eqz (local.get $end)))
      (loop $next
        (local.set $t (i32.load8_u (i32.add (local.get $a) (local.get $i))))
        (i32.store8 (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 1))
          (i32.add (local.get $t) (i32.const 1)))
        (i32.store8 (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 2))
          (i32.add (local.get $t) (i32.const 2)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br_if $next (i32.ne (local.get $i) (local.get $end))))))
  ;; swaps the bytes of [a, a+n&-2) and [b, b+n&-2) with the stores to b
  ;; moved after the second copy's (as clang's wasm for bench/programs/
  ;; sort.c has them): the copies are not in order, so the loop stays
  (func (export "swap2-sunk") (param $a i32) (param $b i32) (param $n i32)
    (local $i i32) (local $end i32) (local $t0 i32) (local $t1 i32)
    (local.set $end (i32.and (local.get $n) (i32.const -2)))
    (block $done
      (br_if $done (i32.eqz (local.get $end)))
      (loop $next
        (local.set $t0 (i32.load8_u (i32.add (local.get $a) (local.get $i))))
        (i32.store8 (i32.add (local.get $a) (local.get $i))
          (i32.load8_u (i32.add (local.get $b) (local.get $i))))
        (local.set $t1 (i32.load8_u (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 1))))
        (i32.store8 (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 1))
          (i32.load8_u (i32.add (i32.add (local.get $b) (local.get $i)) (i32.const 1))))
        (i32.store8 (i32.add (local.get $b) (local.get $i)) (local.get $t0))
        (i32.store8 (i32.add (i32.add (local.get $b) (local.get $i)) (i32.const 1)) (local.get $t1))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br_if $next (i32.ne (local.get $i) (local.get $end))))))
  ;; d[k] = s[k] for even k, s[k] + 1 for odd k, k < n & -2: the copies
  ;; load and store alike but store different values, so the loop stays
  (func (export "alternate2") (param $d i32) (param $s i32) (param $n i32)
    (local $i i32) (local $end i32)
    (local.set $end (i32.and (local.get $n) (i32.const -2)))
    (block $done
      (br_if $done (i32.eqz (local.get $end)))
      (loop $next
        (i32.store8 (i32.add (local.get $d) (local.get $i))
          (i32.load8_u (i32.add (local.get $s) (local.get $i))))
        (i32.store8 (i32.add (i32.add (local.get $d) (local.get $i)) (i32.const 1))
          (i32.add (i32.load8_u (i32.add (i32.add (local.get $s) (local.get $i)) (i32.const 1)))
                   (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br_if $next (i32.ne (local.get $i) (local.get $end))))))
  ;; d[k] = s[k] for even k, e[k] = s[k] for odd k: the copies store to
  ;; different buffers, so the loop stays
  (func (export "split2") (param $d i32) (param $e i32) (param $s i32) (param $n i32)
    (local $i i32) (local $end i32)
    (local.set $end (i32.and (local.get $n) (i32.const -2)))
    (block $done
      (br_if $done (i32.eqz (local.get $end)))
      (loop $next
        (i32.store8 (i32.add (local.get $d) (local.get $i))
          (i32.load8_u (i32.add (local.get $s) (local.get $i))))
        (i32.store8 (i32.add (i32.add (local.get $e) (local.get $i)) (i32.const 1))
          (i32.load8_u (i32.add (i32.add (local.get $s) (local.get $i)) (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br_if $next (i32.ne (local.get $i) (local.get $end))))))
  ;; the sum of the bytes in [a, a+n&-2): a reduction, two copies
  (func (export "sum2") (param $a i32) (param $n i32) (result i32)
    (local $i i32) (local $end i32) (local $s i32)
    (local.set $end (i32.and (local.get $n) (i32.const -2)))
    (block $done
      (br_if $done (i32.eqz (local.get $end)))
      (loop $next
        (local.set $s (i32.add (local.get $s)
          (i32.load8_u (i32.add (local.get $a) (local.get $i)))))
        (local.set $s (i32.add (local.get $s)
          (i32.load8_u (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br_if $next (i32.ne (local.get $i) (local.get $end)))))
    (local.get $s))
  ;; bytes p, p+1, ..., p+n-1 set to v + k (k the byte's index)
  (func (export "ramp") (param $p i32) (param $n i32) (param $v i32)
    (local $i i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (i32.store8 (i32.add (local.get $p) (local.get $i))
          (i32.add (local.get $v) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $i) (local.get $n))))))
;; Reductions, as clang unrolls them: the copies add to one value in turn.
  ;; the sum of the words in [a, a+4(n&-4)), read from the last copy to the first
  (func (export "sum4r") (param $a i32) (param $n i32) (result i32)
    (local $i i32) (local $end i32) (local $s i32)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (block $done
      (br_if $done (i32.eqz (local.get $end)))
      (loop $next
        (local.set $s (i32.add (local.get $s)
          (i32.load (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 12)))))
        (local.set $s (i32.add (local.get $s)
          (i32.load (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 8)))))
        (local.set $s (i32.add (local.get $s)
          (i32.load (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 4)))))
        (local.set $s (i32.add (local.get $s)
          (i32.load (i32.add (local.get $a) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $next (i32.ne (local.get $i) (local.get $end)))))
    (local.get $s))
  ;; the sum of a[k] * b[k] over signed words, k < n & -2, in 64 bits
  (func (export "dot2") (param $a i32) (param $b i32) (param $n i32) (result i64)
    (local $i i32) (local $end i32) (local $s i64)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 2)))
    (block $done
      (br_if $done (i32.eqz (local.get $end)))
      (loop $next
        (local.set $s (i64.add (local.get $s)
          (i64.mul (i64.load32_s (i32.add (local.get $a) (local.get $i)))
                   (i64.load32_s (i32.add (local.get $b) (local.get $i))))))
        (local.set $s (i64.add
          (i64.mul (i64.load32_s (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 4)))
                   (i64.load32_s (i32.add (i32.add (local.get $b) (local.get $i)) (i32.const 4))))
          (local.get $s)))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br_if $next (i32.ne (local.get $i) (local.get $end)))))
    (local.get $s))
  ;; the product of the bytes + 1 in [a, a+n&-2), mod 2^32
  (func (export "prod2") (param $a i32) (param $n i32) (result i32)
    (local $i i32) (local $end i32) (local $s i32)
    (local.set $s (i32.const 1))
    (local.set $end (i32.and (local.get $n) (i32.const -2)))
    (block $done
      (br_if $done (i32.eqz (local.get $end)))
      (loop $next
        (local.set $s (i32.mul (local.get $s) (i32.add (i32.const 1)
          (i32.load8_u (i32.add (local.get $a) (local.get $i))))))
        (local.set $s (i32.mul (local.get $s) (i32.add (i32.const 1)
          (i32.load8_u (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 1))))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br_if $next (i32.ne (local.get $i) (local.get $end)))))
    (local.get $s))
  ;; the sum before the last iteration: the reduction's phi is used after
  ;; the loop, so the loop must stay as it is
  (func (export "sum2-before-last") (param $a i32) (param $n i32) (result i32)
    (local $i i32) (local $end i32) (local $s i32) (local $before i32)
    (local.set $end (i32.and (local.get $n) (i32.const -2)))
    (block $done
      (br_if $done (i32.eqz (local.get $end)))
      (loop $next
        (local.set $before (local.get $s))
        (local.set $s (i32.add (local.get $s)
          (i32.load8_u (i32.add (local.get $a) (local.get $i)))))
        (local.set $s (i32.add (local.get $s)
          (i32.load8_u (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br_if $next (i32.ne (local.get $i) (local.get $end)))))
    (local.get $before))
  ;; a[k] for even k plus b[k] for odd k: the copies read different
  ;; buffers, so the loop must stay as it is
  (func (export "sum2-mixed") (param $a i32) (param $b i32) (param $n i32) (result i32)
    (local $i i32) (local $end i32) (local $s i32)
    (local.set $end (i32.and (local.get $n) (i32.const -2)))
    (block $done
      (br_if $done (i32.eqz (local.get $end)))
      (loop $next
        (local.set $s (i32.add (local.get $s)
          (i32.load8_u (i32.add (local.get $a) (local.get $i)))))
        (local.set $s (i32.add (local.get $s)
          (i32.load8_u (i32.add (i32.add (local.get $b) (local.get $i)) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br_if $next (i32.ne (local.get $i) (local.get $end)))))
    (local.get $s))
  ;; d[k] = a[k] ^ 0xff while the xor of the a[k] is taken, k < n & -2
  (func (export "invert-xor2") (param $d i32) (param $a i32) (param $n i32) (result i32)
    (local $i i32) (local $end i32) (local $s i32) (local $t i32)
    (local.set $end (i32.and (local.get $n) (i32.const -2)))
    (block $done
      (br_if $done (i32.eqz (local.get $end)))
      (loop $next
        (local.set $t (i32.load8_u (i32.add (local.get $a) (local.get $i))))
        (i32.store8 (i32.add (local.get $d) (local.get $i))
          (i32.xor (local.get $t) (i32.const 0xff)))
        (local.set $s (i32.xor (local.get $s) (local.get $t)))
        (local.set $t (i32.load8_u (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 1))))
        (i32.store8 (i32.add (i32.add (local.get $d) (local.get $i)) (i32.const 1))
          (i32.xor (local.get $t) (i32.const 0xff)))
        (local.set $s (i32.xor (local.get $s) (local.get $t)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br_if $next (i32.ne (local.get $i) (local.get $end)))))
    (local.get $s))
  ;; d[k] = a[k] for k < n & -2 and the sum of the a[k], the copies from the
  ;; last to the first: with stores the order matters (d = a + 1 shifts)
  (func (export "move-sum2r") (param $d i32) (param $a i32) (param $n i32) (result i32)
    (local $i i32) (local $end i32) (local $s i32) (local $t i32)
    (local.set $end (i32.and (local.get $n) (i32.const -2)))
    (block $done
      (br_if $done (i32.eqz (local.get $end)))
      (loop $next
        (local.set $t (i32.load8_u (i32.add (i32.add (local.get $a) (local.get $i)) (i32.const 1))))
        (i32.store8 (i32.add (i32.add (local.get $d) (local.get $i)) (i32.const 1)) (local.get $t))
        (local.set $s (i32.add (local.get $s) (local.get $t)))
        (local.set $t (i32.load8_u (i32.add (local.get $a) (local.get $i))))
        (i32.store8 (i32.add (local.get $d) (local.get $i)) (local.get $t))
        (local.set $s (i32.add (local.get $s) (local.get $t)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br_if $next (i32.ne (local.get $i) (local.get $end)))))
    (local.get $s))
  ;; the sum of the signed words at 17 + 4k, k < 320, read from the last of
  ;; eight copies to the first: i is a multiple of 32, so LLVM writes
  ;; i + 17 + 4j as  or disjoint i, (17 + 4j),  which stops being an add
  ;; once the counter steps by 4; rolled, it must become one
  ;; (the end is a constant, as where the fuzz test found it: k < 320)
  (func (export "sum8r-at-17") (result i64)
    (local $i i32) (local $s i64)
    (block $done
      (loop $next
        (local.set $s (i64.add (local.get $s) (i64.load32_s (i32.add (i32.add (i32.const 17) (local.get $i)) (i32.const 28)))))
        (local.set $s (i64.add (local.get $s) (i64.load32_s (i32.add (i32.add (i32.const 17) (local.get $i)) (i32.const 24)))))
        (local.set $s (i64.add (local.get $s) (i64.load32_s (i32.add (i32.add (i32.const 17) (local.get $i)) (i32.const 20)))))
        (local.set $s (i64.add (local.get $s) (i64.load32_s (i32.add (i32.add (i32.const 17) (local.get $i)) (i32.const 16)))))
        (local.set $s (i64.add (local.get $s) (i64.load32_s (i32.add (i32.add (i32.const 17) (local.get $i)) (i32.const 12)))))
        (local.set $s (i64.add (local.get $s) (i64.load32_s (i32.add (i32.add (i32.const 17) (local.get $i)) (i32.const 8)))))
        (local.set $s (i64.add (local.get $s) (i64.load32_s (i32.add (i32.add (i32.const 17) (local.get $i)) (i32.const 4)))))
        (local.set $s (i64.add (local.get $s) (i64.load32_s (i32.add (i32.const 17) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 32)))
        (br_if $next (i32.ne (local.get $i) (i32.const 1280)))))
    (local.get $s))
  ;; w[k] = k * 0x01010101 + c for the words k < n
  (func (export "fill-words") (param $p i32) (param $n i32) (param $c i32)
    (local $i i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (i32.store (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))
          (i32.add (local.get $c) (i32.mul (local.get $i) (i32.const 0x01010101))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $i) (local.get $n))))))
  (func (export "byte") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "word") (param i32) (result i32) (i32.load (local.get 0))))

;; 200 + k and 100 + k: saturates from k = 55 on; n & -2 = 300.
(assert_return (invoke "ramp" (i32.const 1000) (i32.const 301) (i32.const 200)))
(assert_return (invoke "ramp" (i32.const 2000) (i32.const 301) (i32.const 100)))
(assert_return (invoke "blend2" (i32.const 3000) (i32.const 1000) (i32.const 2000) (i32.const 301)))
(assert_return (invoke "byte" (i32.const 3000)) (i32.const 255))
(assert_return (invoke "byte" (i32.const 3000)) (i32.const 255))
(assert_return (invoke "ramp" (i32.const 1000) (i32.const 301) (i32.const 0)))
(assert_return (invoke "ramp" (i32.const 2000) (i32.const 301) (i32.const 10)))
(assert_return (invoke "blend2" (i32.const 3000) (i32.const 1000) (i32.const 2000) (i32.const 301)))
(assert_return (invoke "byte" (i32.const 3000)) (i32.const 10))
(assert_return (invoke "byte" (i32.const 3001)) (i32.const 12))
(assert_return (invoke "byte" (i32.const 3049)) (i32.const 108))
;; The bytes are k mod 256 and (k + 10) mod 256: 2k + 10 is 254 at
;; k = 122 and saturates from 123 to 245; at 246 the second ramp has
;; wrapped to 0, and at 299 the sum is 43 + 53.
(assert_return (invoke "byte" (i32.const 3122)) (i32.const 254))
(assert_return (invoke "byte" (i32.const 3123)) (i32.const 255))
(assert_return (invoke "byte" (i32.const 3245)) (i32.const 255))
(assert_return (invoke "byte" (i32.const 3246)) (i32.const 246))
(assert_return (invoke "byte" (i32.const 3299)) (i32.const 96))
(assert_return (invoke "byte" (i32.const 3300)) (i32.const 0))
;; The destination is the first source shifted by one: each byte is
;; computed from a byte the loop has already written, d[k] = d[k-1] + k,
;; so d[k] = 1 + k(k+1)/2 until it saturates at k = 23.
(assert_return (invoke "ramp" (i32.const 4000) (i32.const 64) (i32.const 1)))
(assert_return (invoke "ramp" (i32.const 5000) (i32.const 64) (i32.const 0)))
(assert_return (invoke "blend2" (i32.const 4001) (i32.const 4000) (i32.const 5000) (i32.const 40)))
(assert_return (invoke "byte" (i32.const 4001)) (i32.const 1))
(assert_return (invoke "byte" (i32.const 4002)) (i32.const 2))
(assert_return (invoke "byte" (i32.const 4011)) (i32.const 56))
(assert_return (invoke "byte" (i32.const 4023)) (i32.const 254))
(assert_return (invoke "byte" (i32.const 4024)) (i32.const 255))
(assert_return (invoke "byte" (i32.const 4040)) (i32.const 255))
(assert_return (invoke "byte" (i32.const 4041)) (i32.const 42))

;; An overlapping copy upwards smears the first byte, as byte-by-byte
;; copies do.
(assert_return (invoke "ramp" (i32.const 6000) (i32.const 100) (i32.const 50)))
(assert_return (invoke "copy4" (i32.const 6001) (i32.const 6000) (i32.const 66)))
(assert_return (invoke "byte" (i32.const 6000)) (i32.const 50))
(assert_return (invoke "byte" (i32.const 6001)) (i32.const 50))
(assert_return (invoke "byte" (i32.const 6064)) (i32.const 50))
(assert_return (invoke "byte" (i32.const 6065)) (i32.const 115))
;; Downwards overlap: a plain copy.
(assert_return (invoke "ramp" (i32.const 6000) (i32.const 100) (i32.const 50)))
(assert_return (invoke "copy4" (i32.const 6000) (i32.const 6003) (i32.const 32)))
(assert_return (invoke "byte" (i32.const 6000)) (i32.const 53))
(assert_return (invoke "byte" (i32.const 6031)) (i32.const 84))
(assert_return (invoke "byte" (i32.const 6032)) (i32.const 82))
;; n & -4: 7 bytes asked, 4 copied.
(assert_return (invoke "copy4" (i32.const 7000) (i32.const 6050) (i32.const 7)))
(assert_return (invoke "word" (i32.const 7000)) (i32.const 0x67666564))
(assert_return (invoke "word" (i32.const 7004)) (i32.const 0))

;; A stored value that is a recurrence, counting down.
(assert_return (invoke "iota2-down" (i32.const 8000) (i32.const 101) (i32.const 7)))
(assert_return (invoke "word" (i32.const 8000)) (i32.const 0))
(assert_return (invoke "word" (i32.const 8004)) (i32.const 10))
(assert_return (invoke "word" (i32.const 8008)) (i32.const 13))
(assert_return (invoke "word" (i32.const 8400)) (i32.const 307))
(assert_return (invoke "word" (i32.const 8404)) (i32.const 0))

;; Through memory: every byte one more than the one before.
(assert_return (invoke "ramp" (i32.const 9000) (i32.const 100) (i32.const 0)))
(assert_return (invoke "chain2" (i32.const 9000) (i32.const 99)))
(assert_return (invoke "word" (i32.const 9000)) (i32.const 0x03020100))
(assert_return (invoke "byte" (i32.const 9098)) (i32.const 98))
(assert_return (invoke "byte" (i32.const 9099)) (i32.const 99))
(assert_return (invoke "ramp" (i32.const 9000) (i32.const 100) (i32.const 5)))
(assert_return (invoke "chain2-forward" (i32.const 9000) (i32.const 8)))
(assert_return (invoke "word" (i32.const 9000)) (i32.const 0x08070605))
(assert_return (invoke "word" (i32.const 9004)) (i32.const 0x0c0b0a09))
(assert_return (invoke "byte" (i32.const 9008)) (i32.const 13))

;; Overlapping swap with the sunk stores: b = a + 1. Of the bytes
;; x0 x1 x2 = 1 2 3 one iteration leaves x1 x0 x1, where swapping byte
;; by byte (the loop rolled up) would leave x1 x2 x0.
(assert_return (invoke "ramp" (i32.const 10000) (i32.const 16) (i32.const 1)))
(assert_return (invoke "swap2-sunk" (i32.const 10000) (i32.const 10001) (i32.const 2)))
(assert_return (invoke "word" (i32.const 10000)) (i32.const 0x04020102))
(assert_return (invoke "ramp" (i32.const 10000) (i32.const 16) (i32.const 1)))
(assert_return (invoke "swap2-sunk" (i32.const 10000) (i32.const 10001) (i32.const 4)))
(assert_return (invoke "word" (i32.const 10000)) (i32.const 0x02040102))
(assert_return (invoke "byte" (i32.const 10004)) (i32.const 4))
(assert_return (invoke "byte" (i32.const 10005)) (i32.const 6))
;; Apart, it is an ordinary swap.
(assert_return (invoke "ramp" (i32.const 11000) (i32.const 8) (i32.const 20)))
(assert_return (invoke "swap2-sunk" (i32.const 11000) (i32.const 10000) (i32.const 4)))
(assert_return (invoke "word" (i32.const 11000)) (i32.const 0x02040102))
(assert_return (invoke "word" (i32.const 10000)) (i32.const 0x17161514))

;; Copies that differ in what they store, or where.
(assert_return (invoke "ramp" (i32.const 13000) (i32.const 64) (i32.const 10)))
(assert_return (invoke "ramp" (i32.const 13100) (i32.const 64) (i32.const 0)))
(assert_return (invoke "ramp" (i32.const 13200) (i32.const 64) (i32.const 0)))
(assert_return (invoke "alternate2" (i32.const 13100) (i32.const 13000) (i32.const 64)))
(assert_return (invoke "word" (i32.const 13100)) (i32.const 0x0e0c0c0a))
(assert_return (invoke "word" (i32.const 13160)) (i32.const 0x4a484846))
(assert_return (invoke "ramp" (i32.const 13100) (i32.const 64) (i32.const 0)))
(assert_return (invoke "split2" (i32.const 13100) (i32.const 13200) (i32.const 13000) (i32.const 64)))
(assert_return (invoke "word" (i32.const 13100)) (i32.const 0x030c010a))
(assert_return (invoke "word" (i32.const 13200)) (i32.const 0x0d020b00))

;; Reductions are rolled too, the adds then taken in another order where
;; the copies read the words from the last to the first.
(assert_return (invoke "ramp" (i32.const 12000) (i32.const 256) (i32.const 0)))
(assert_return (invoke "sum2" (i32.const 12000) (i32.const 255)) (i32.const 32131))
(assert_return (invoke "sum2" (i32.const 12000) (i32.const 256)) (i32.const 32640))

;; Reductions of words, read from the last copy to the first.
(assert_return (invoke "fill-words" (i32.const 14000) (i32.const 300) (i32.const 0x01020304)))
(assert_return (invoke "sum4r" (i32.const 14000) (i32.const 299)) (i32.const 1636479788))
(assert_return (invoke "sum4r" (i32.const 14000) (i32.const 300)) (i32.const 272460258))
(assert_return (invoke "sum4r" (i32.const 14000) (i32.const 3)) (i32.const 0))
;; Products of signed words, summed in 64 bits (the sum wraps).
(assert_return (invoke "fill-words" (i32.const 16000) (i32.const 301) (i32.const 0xfff00000)))
(assert_return (invoke "dot2" (i32.const 14000) (i32.const 16000) (i32.const 301)) (i64.const 4013992924223050610))
(assert_return (invoke "dot2" (i32.const 14000) (i32.const 16000) (i32.const 1)) (i64.const 0))
;; A product that wraps.
(assert_return (invoke "ramp" (i32.const 20000) (i32.const 64) (i32.const 0)))
(assert_return (invoke "prod2" (i32.const 20000) (i32.const 21)) (i32.const -2102132736))
(assert_return (invoke "ramp" (i32.const 20000) (i32.const 64) (i32.const 100)))
(assert_return (invoke "prod2" (i32.const 20000) (i32.const 20)) (i32.const 391643136))
;; Loops that must stay as they are: the phi used after the loop, copies
;; that read different buffers.
(assert_return (invoke "sum2-before-last" (i32.const 12000) (i32.const 256)) (i32.const 32131))
(assert_return (invoke "sum2-before-last" (i32.const 12000) (i32.const 255)) (i32.const 31626))
(assert_return (invoke "ramp" (i32.const 18000) (i32.const 64) (i32.const 100)))
(assert_return (invoke "sum2-mixed" (i32.const 12000) (i32.const 18000) (i32.const 64)) (i32.const 5216))
;; A reduction beside loads and stores.
(assert_return (invoke "invert-xor2" (i32.const 19000) (i32.const 12000) (i32.const 255)) (i32.const 1))
(assert_return (invoke "word" (i32.const 19000)) (i32.const 0xfcfdfeff))
(assert_return (invoke "byte" (i32.const 19253)) (i32.const 2))
(assert_return (invoke "byte" (i32.const 19254)) (i32.const 0))

;; Eight copies from the last to the first at an odd base (the counter's
;; low bits are known zero, so the addresses are disjoint ors).
(assert_return (invoke "fill-words" (i32.const 17) (i32.const 320) (i32.const 0x7ffffff0)))
(assert_return (invoke "sum8r-at-17") (i64.const -98110532768))

;; Copies from the last to the first that store: left as they are.
(assert_return (invoke "ramp" (i32.const 21000) (i32.const 64) (i32.const 1)))
(assert_return (invoke "move-sum2r" (i32.const 21001) (i32.const 21000) (i32.const 9)) (i32.const 33))
(assert_return (invoke "word" (i32.const 21000)) (i32.const 0x02020101))
(assert_return (invoke "word" (i32.const 21004)) (i32.const 0x06060404))
;; Crossing the end of memory traps, as a store or as a load.
(assert_trap (invoke "copy4" (i32.const 65500) (i32.const 1000) (i32.const 64)) "out of bounds memory access")
(assert_trap (invoke "copy4" (i32.const 1000) (i32.const 65500) (i32.const 64)) "out of bounds memory access")
(assert_trap (invoke "sum4r" (i32.const 65500) (i32.const 16)) "out of bounds memory access")
(assert_trap (invoke "dot2" (i32.const 65528) (i32.const 1000) (i32.const 4)) "out of bounds memory access")
