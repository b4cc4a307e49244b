;; Loops whose address additions  p + C  wasm2obj proves, before the loop,
;; cannot wrap at 2^32, and then runs in a copy whose additions are marked
;; so (lib/Translate/VersionNoWrap.h). When p + C may wrap the original
;; loop must run: a wrapped address is a low one, in bounds, and the copy
;; would address 2^32 + (p + C - 2^32) instead, in the guard region. Run
;; in both modes by the CTest spec-own; the results are wasm's in either.

(module
  (memory (export "mem") 1)
  ;; words 0..7 are 1, 2, 4, ..., 128
  (data (i32.const 0) "\01\00\00\00\02\00\00\00\04\00\00\00\08\00\00\00")
  (data (i32.const 16) "\10\00\00\00\20\00\00\00\40\00\00\00\80\00\00\00")
  ;; for n steps of 16 (or -16) from p: s += load(p + 16) + load(p + 20)
  (func (export "up") (param $p i32) (param $n i32) (result i32)
    (local $s i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (local.set $s (i32.add (local.get $s)
          (i32.add (i32.load (i32.add (local.get $p) (i32.const 16)))
                   (i32.load (i32.add (local.get $p) (i32.const 20))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
    (local.get $s))
  (func (export "down") (param $p i32) (param $n i32) (result i32)
    (local $s i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (local.set $s (i32.add (local.get $s)
          (i32.add (i32.load (i32.add (local.get $p) (i32.const 16)))
                   (i32.load (i32.add (local.get $p) (i32.const 20))))))
        (local.set $p (i32.sub (local.get $p) (i32.const 16)))
        (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
    (local.get $s))
  ;; for i < n: copies the words at p+4i+8 and p+4i+12 to q+8i and q+8i+4
  (func (export "pairs") (param $p i32) (param $q i32) (param $n i32)
    (local $i i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (i32.store (local.get $q) (i32.load (i32.add (local.get $p) (i32.const 8))))
        (i32.store (i32.add (local.get $q) (i32.const 4))
                   (i32.load (i32.add (local.get $p) (i32.const 12))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $q (i32.add (local.get $q) (i32.const 8)))
        (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                          (local.get $n))))))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))

;; From p = 0, one step: the words at 16 and 20 (16 + 32), no wrap.
(assert_return (invoke "up" (i32.const 0) (i32.const 1)) (i32.const 48))
(assert_return (invoke "up" (i32.const 0) (i32.const 1000)) (i32.const 48))
;; From p = -16 = 2^32 - 16, two steps: p + 16 and p + 20 wrap to 0 and 4
;; (1 + 2), then p is 0 (16 + 32).
(assert_return (invoke "up" (i32.const -16) (i32.const 2)) (i32.const 51))
(assert_return (invoke "up" (i32.const 0xfffffff0) (i32.const 1)) (i32.const 3))
;; p = 2^32 - 32: p + 16 and p + 20 are at the top, then wrap to 0 and 4
;; in the second step: the top of the address space is out of bounds.
(assert_trap (invoke "up" (i32.const 0xffffffe0) (i32.const 2)) "out of bounds memory access")
;; p + 20 wraps to 0 while p + 16 = 2^32 - 4 does not.
(assert_trap (invoke "up" (i32.const 0xffffffec) (i32.const 1)) "out of bounds memory access")
;; Down from p = 0: p + 16 = 16, then 0, then wraps below 0 to the top.
(assert_return (invoke "down" (i32.const 0) (i32.const 2)) (i32.const 51))
(assert_trap (invoke "down" (i32.const 0) (i32.const 3)) "out of bounds memory access")
;; Down from p = -16 (p + 16 = 0): one step, then p + 16 is 2^32 - 16.
(assert_return (invoke "down" (i32.const -16) (i32.const 1)) (i32.const 3))
(assert_trap (invoke "down" (i32.const -16) (i32.const 2)) "out of bounds memory access")
;; Down from p = 16 to p = -16: p + 16 = 32, 16, 0: all in bounds, though
;; p itself wraps.
(assert_return (invoke "down" (i32.const 16) (i32.const 3)) (i32.const 51))

;; pairs: p = 2^32 - 8, so p + 8 wraps to 0 and p + 12 to 4.
(assert_return (invoke "pairs" (i32.const 0xfffffff8) (i32.const 1024) (i32.const 3)))
(assert_return (invoke "load" (i32.const 1024)) (i32.const 1))
(assert_return (invoke "load" (i32.const 1028)) (i32.const 2))
(assert_return (invoke "load" (i32.const 1032)) (i32.const 2))
(assert_return (invoke "load" (i32.const 1036)) (i32.const 4))
(assert_return (invoke "load" (i32.const 1040)) (i32.const 4))
(assert_return (invoke "load" (i32.const 1044)) (i32.const 8))
;; No wrap: from p = 16.
(assert_return (invoke "pairs" (i32.const 16) (i32.const 2048) (i32.const 2)))
(assert_return (invoke "load" (i32.const 2048)) (i32.const 64))
(assert_return (invoke "load" (i32.const 2052)) (i32.const 128))
(assert_return (invoke "load" (i32.const 2056)) (i32.const 128))
(assert_return (invoke "load" (i32.const 2060)) (i32.const 0))
