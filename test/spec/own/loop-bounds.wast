;; Loops whose explicit bounds checks wasm2obj decides once, before the
;; loop, when it can (lib/Translate/HoistBoundsChecks.h): a loop that stays
;; in bounds runs without per-access checks, and one that does not must
;; still trap at the first access out of bounds, after every store before
;; it, even when the i32 address wraps around. Run in both modes by the
;; CTest spec-own; the same results are wasm's in either.

(module
  (memory (export "mem") 1 2)
  ;; stores v at p, p+4, ..., p+4(n-1)
  (func (export "fill") (param $p i32) (param $n i32) (param $v i32)
    (local $i i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (i32.store (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))
                   (local.get $v))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $i) (local.get $n))))))
  ;; stores v at p, p-4, ..., p-4(n-1)
  (func (export "fill-down") (param $p i32) (param $n i32) (param $v i32)
    (local $i i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (i32.store (i32.sub (local.get $p) (i32.shl (local.get $i) (i32.const 2)))
                   (local.get $v))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $i) (local.get $n))))))
  ;; the sum of the i32s at p, p+4, ..., p+4(n-1), read at offset 8
  (func (export "sum") (param $p i32) (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (local.set $s (i32.add (local.get $s)
          (i32.load offset=8 (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $i) (local.get $n)))))
    (local.get $s))
  ;; copies n i32s from src to dst, a word at a time, ascending
  (func (export "copy") (param $dst i32) (param $src i32) (param $n i32)
    (local $i i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (i32.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
          (i32.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $i) (local.get $n))))))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))

;; All of memory, in bounds.
(assert_return (invoke "fill" (i32.const 0) (i32.const 16384) (i32.const 7)))
(assert_return (invoke "sum" (i32.const 0) (i32.const 16382)) (i32.const 114674))
(assert_return (invoke "load" (i32.const 65532)) (i32.const 7))
;; The last word of the loop is the last of memory: still in bounds.
(assert_return (invoke "fill" (i32.const 65528) (i32.const 2) (i32.const 3)))
(assert_return (invoke "load" (i32.const 65532)) (i32.const 3))
;; The offset of the load (8) takes the last word past the end.
(assert_trap (invoke "sum" (i32.const 65524) (i32.const 2)) "out of bounds memory access")
(assert_return (invoke "sum" (i32.const 65520) (i32.const 2)) (i32.const 6))

;; Crossing the end: the words before it are written, then the trap.
;; (With guard pages, a vectorised loop may lose the last words before
;; the trap: see known-failures.txt.)
(assert_return (invoke "fill" (i32.const 0) (i32.const 16384) (i32.const 7)))
(assert_trap (invoke "fill" (i32.const 65000) (i32.const 200) (i32.const 9)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 64996)) (i32.const 7))
(assert_return (invoke "load" (i32.const 65000)) (i32.const 9))
(assert_return (invoke "load" (i32.const 65532)) (i32.const 9))
;; At the edge: the last word in bounds, then one past it.
(assert_return (invoke "fill" (i32.const 64000) (i32.const 384) (i32.const 10)))
(assert_return (invoke "load" (i32.const 65532)) (i32.const 10))
(assert_trap (invoke "fill" (i32.const 64004) (i32.const 384) (i32.const 11)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 64000)) (i32.const 10))
(assert_return (invoke "load" (i32.const 64004)) (i32.const 11))
(assert_return (invoke "load" (i32.const 65532)) (i32.const 11))
;; A store that straddles the end writes nothing of itself.
(assert_return (invoke "fill" (i32.const 65528) (i32.const 2) (i32.const 9)))
(assert_trap (invoke "fill" (i32.const 65530) (i32.const 2) (i32.const 0x01020304)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 65528)) (i32.const 0x03040009))
(assert_return (invoke "load" (i32.const 65532)) (i32.const 0x00000102))

;; The address wraps around 4 GiB: the first store is already out of bounds.
(assert_trap (invoke "fill" (i32.const 0xfffffff8) (i32.const 8) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 0)) (i32.const 7))
(assert_return (invoke "load" (i32.const 4)) (i32.const 7))
;; Downwards through address 0: 12, 8, 4, 0 are written, then 0xfffffffc traps.
(assert_trap (invoke "fill-down" (i32.const 12) (i32.const 8) (i32.const 2)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 0)) (i32.const 2))
(assert_return (invoke "load" (i32.const 12)) (i32.const 2))
(assert_return (invoke "load" (i32.const 16)) (i32.const 7))
(assert_return (invoke "fill-down" (i32.const 1532) (i32.const 384) (i32.const 12)))
(assert_return (invoke "load" (i32.const 0)) (i32.const 12))
(assert_trap (invoke "fill-down" (i32.const 1528) (i32.const 384) (i32.const 13)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 0)) (i32.const 13))
(assert_return (invoke "load" (i32.const 1528)) (i32.const 13))
(assert_return (invoke "load" (i32.const 1532)) (i32.const 12))
(assert_return (invoke "fill-down" (i32.const 65532) (i32.const 16384) (i32.const 4)))
(assert_return (invoke "sum" (i32.const 0) (i32.const 16382)) (i32.const 65528))

;; A copy whose source runs out first: the destination words before it
;; are copied.
(assert_return (invoke "fill" (i32.const 0) (i32.const 16384) (i32.const 0)))
(assert_return (invoke "fill" (i32.const 65280) (i32.const 64) (i32.const 6)))
(assert_trap (invoke "copy" (i32.const 1024) (i32.const 65280) (i32.const 100)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 1024)) (i32.const 6))
(assert_return (invoke "load" (i32.const 1276)) (i32.const 6))
(assert_return (invoke "load" (i32.const 1280)) (i32.const 0))

;; After memory.grow the same loop reaches the new page.
(assert_trap (invoke "fill" (i32.const 65532) (i32.const 2) (i32.const 8)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 65532)) (i32.const 8))
(assert_return (invoke "grow" (i32.const 1)) (i32.const 1))
(assert_return (invoke "fill" (i32.const 65532) (i32.const 16385) (i32.const 8)))
(assert_return (invoke "load" (i32.const 131068)) (i32.const 8))
(assert_trap (invoke "fill" (i32.const 131064) (i32.const 3) (i32.const 8)) "out of bounds memory access")

;; Unrolled copies at base+0 .. base+3 share one hoisted condition per base
;; (the highest address, computed without wrapping, in bounds); below
;; it the checks fall back to one per access. A loop that starts
;; where another stopped has its condition computed from that loop's own
;; value.
(module
  (memory 1)
  (data (i32.const 0) "\01\02\03\04\05\06\07\08")
  (data (i32.const 65528) "\11\12\13\14\15\16\17\18")
  ;; swaps the bytes [a, a+4n) and [b+d, b+d+4n), four per iteration
  (func $swap4 (param $a i32) (param $b i32) (param $n i32)
    (local $i i32) (local $t i32) (local $pa i32) (local $pb i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (local.set $pa (i32.add (local.get $a) (local.get $i)))
        (local.set $pb (i32.add (local.get $b) (local.get $i)))
        (local.set $t (i32.load8_u (local.get $pa)))
        (i32.store8 (local.get $pa) (i32.load8_u (local.get $pb)))
        (i32.store8 (local.get $pb) (local.get $t))
        (local.set $t (i32.load8_u (i32.add (local.get $pa) (i32.const 1))))
        (i32.store8 (i32.add (local.get $pa) (i32.const 1))
                    (i32.load8_u (i32.add (local.get $pb) (i32.const 1))))
        (i32.store8 (i32.add (local.get $pb) (i32.const 1)) (local.get $t))
        (local.set $t (i32.load8_u (i32.add (local.get $pa) (i32.const 2))))
        (i32.store8 (i32.add (local.get $pa) (i32.const 2))
                    (i32.load8_u (i32.add (local.get $pb) (i32.const 2))))
        (i32.store8 (i32.add (local.get $pb) (i32.const 2)) (local.get $t))
        (local.set $t (i32.load8_u (i32.add (local.get $pa) (i32.const 3))))
        (i32.store8 (i32.add (local.get $pa) (i32.const 3))
                    (i32.load8_u (i32.add (local.get $pb) (i32.const 3))))
        (i32.store8 (i32.add (local.get $pb) (i32.const 3)) (local.get $t))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $l (i32.lt_u (local.get $i)
                            (i32.shl (local.get $n) (i32.const 2)))))))
  (func (export "swap4") (param i32 i32 i32)
    (call $swap4 (local.get 0) (local.get 1) (local.get 2)))
  ;; the same with the second range 24 bytes below b: b-24+i+k
  (func (export "swap4-below") (param $a i32) (param $b i32) (param $n i32)
    (local $i i32) (local $t i32) (local $pa i32) (local $pb i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (local.set $pa (i32.add (local.get $a) (local.get $i)))
        (local.set $pb (i32.add (i32.add (local.get $b) (local.get $i))
                                (i32.const -24)))
        (local.set $t (i32.load8_u (local.get $pa)))
        (i32.store8 (local.get $pa) (i32.load8_u (local.get $pb)))
        (i32.store8 (local.get $pb) (local.get $t))
        (local.set $t (i32.load8_u (i32.add (local.get $pa) (i32.const 1))))
        (i32.store8 (i32.add (local.get $pa) (i32.const 1))
                    (i32.load8_u (i32.add (local.get $pb) (i32.const 1))))
        (i32.store8 (i32.add (local.get $pb) (i32.const 1)) (local.get $t))
        (local.set $t (i32.load8_u (i32.add (local.get $pa) (i32.const 2))))
        (i32.store8 (i32.add (local.get $pa) (i32.const 2))
                    (i32.load8_u (i32.add (local.get $pb) (i32.const 2))))
        (i32.store8 (i32.add (local.get $pb) (i32.const 2)) (local.get $t))
        (local.set $t (i32.load8_u (i32.add (local.get $pa) (i32.const 3))))
        (i32.store8 (i32.add (local.get $pa) (i32.const 3))
                    (i32.load8_u (i32.add (local.get $pb) (i32.const 3))))
        (i32.store8 (i32.add (local.get $pb) (i32.const 3)) (local.get $t))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $l (i32.lt_u (local.get $i)
                            (i32.shl (local.get $n) (i32.const 2)))))))
  ;; from p, steps 4 bytes while the word there is not zero, then stores v
  ;; in n words from there on
  (func (export "scan-fill") (param $p i32) (param $n i32) (param $v i32)
    (local $i i32)
    (loop $scan
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $scan (i32.load (local.get $p))))
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $fill
        (i32.store (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))
                   (local.get $v))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $fill (i32.lt_u (local.get $i) (local.get $n))))))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1))))

;; In bounds: the first 8 bytes and the last 8 trade places, and back.
(assert_return (invoke "swap4" (i32.const 0) (i32.const 65528) (i32.const 2)))
(assert_return (invoke "load" (i32.const 0)) (i32.const 0x14131211))
(assert_return (invoke "load" (i32.const 4)) (i32.const 0x18171615))
(assert_return (invoke "load" (i32.const 65528)) (i32.const 0x04030201))
(assert_return (invoke "load" (i32.const 65532)) (i32.const 0x08070605))
(assert_return (invoke "swap4-below" (i32.const 65528) (i32.const 24) (i32.const 2)))
(assert_return (invoke "load" (i32.const 0)) (i32.const 0x04030201))
(assert_return (invoke "load" (i32.const 65532)) (i32.const 0x18171615))
;; The second group of four starts at the end of memory: the first group
;; is swapped, then the trap.
(assert_trap (invoke "swap4" (i32.const 65532) (i32.const 0) (i32.const 2)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 0)) (i32.const 0x18171615))
(assert_return (invoke "load" (i32.const 4)) (i32.const 0x08070605))
(assert_return (invoke "load" (i32.const 65532)) (i32.const 0x04030201))
(assert_return (invoke "swap4" (i32.const 65532) (i32.const 0) (i32.const 1)))
;; The last byte of the range is the last of memory, or one past it.
(assert_return (invoke "swap4" (i32.const 65528) (i32.const 65532) (i32.const 1)))
(assert_return (invoke "load" (i32.const 65528)) (i32.const 0x18171615))
(assert_trap (invoke "swap4" (i32.const 65529) (i32.const 65533) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 65529)) (i32.const 0x12))
(assert_return (invoke "load8" (i32.const 65531)) (i32.const 0x14))
(assert_return (invoke "load8" (i32.const 65532)) (i32.const 0x11))
(assert_return (invoke "load8" (i32.const 65533)) (i32.const 0x16))
(assert_return (invoke "load8" (i32.const 65535)) (i32.const 0x18))
;; b-24 wraps around below address 0: 0xfffffffe and 0xffffffff are out
;; of bounds; at b = 24 and up nothing wraps.
(assert_trap (invoke "swap4-below" (i32.const 100) (i32.const 22) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 100)) (i32.const 0))
(assert_trap (invoke "swap4-below" (i32.const 100) (i32.const 23) (i32.const 2)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 100)) (i32.const 0))
(assert_return (invoke "swap4-below" (i32.const 100) (i32.const 24) (i32.const 1)))
(assert_return (invoke "load" (i32.const 100)) (i32.const 0x04030201))
(assert_return (invoke "load" (i32.const 0)) (i32.const 0))
;; A byte range that wraps around 4 GiB itself.
(assert_trap (invoke "swap4" (i32.const 0xfffffffe) (i32.const 0) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 100)) (i32.const 0x04030201))

;; The fill starts where the scan stopped, at the first zero word.
(assert_return (invoke "store" (i32.const 200) (i32.const 1)))
(assert_return (invoke "store" (i32.const 204) (i32.const 1)))
(assert_return (invoke "scan-fill" (i32.const 196) (i32.const 3) (i32.const 9)))
(assert_return (invoke "load" (i32.const 204)) (i32.const 1))
(assert_return (invoke "load" (i32.const 208)) (i32.const 9))
(assert_return (invoke "load" (i32.const 216)) (i32.const 9))
(assert_return (invoke "load" (i32.const 220)) (i32.const 0))
;; Near the end: two words are stored, then the third traps.
(assert_return (invoke "store" (i32.const 65524) (i32.const 1)))
(assert_return (invoke "store" (i32.const 65528) (i32.const 0)))
(assert_trap (invoke "scan-fill" (i32.const 65520) (i32.const 3) (i32.const 5)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 65528)) (i32.const 5))
(assert_return (invoke "load" (i32.const 65532)) (i32.const 5))

;; A longer swap whose second range ends one byte past memory: only the
;; copies' highest offset (+3) of the last iteration is out of bounds, and
;; every byte before it is still swapped.
(module
  (memory 1)
  (data (i32.const 0) "\40\41\42\43\44\45\46\47\48\49\4a\4b\4c\4d\4e\4f\50\51\52\53\54\55\56\57\58\59\5a\5b\5c\5d\5e\5f\60\61\62\63\64\65\66\67\68\69\6a\6b\6c\6d\6e\6f\70\71\72\73\74\75\76\77\78\79\7a\7b\7c\7d\7e\7f")
  (func (export "swap4") (param $a i32) (param $b i32) (param $n i32)
    (local $i i32) (local $t i32) (local $pa i32) (local $pb i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (local.set $pa (i32.add (local.get $a) (local.get $i)))
        (local.set $pb (i32.add (local.get $b) (local.get $i)))
        (local.set $t (i32.load8_u (local.get $pa)))
        (i32.store8 (local.get $pa) (i32.load8_u (local.get $pb)))
        (i32.store8 (local.get $pb) (local.get $t))
        (local.set $t (i32.load8_u (i32.add (local.get $pa) (i32.const 1))))
        (i32.store8 (i32.add (local.get $pa) (i32.const 1))
                    (i32.load8_u (i32.add (local.get $pb) (i32.const 1))))
        (i32.store8 (i32.add (local.get $pb) (i32.const 1)) (local.get $t))
        (local.set $t (i32.load8_u (i32.add (local.get $pa) (i32.const 2))))
        (i32.store8 (i32.add (local.get $pa) (i32.const 2))
                    (i32.load8_u (i32.add (local.get $pb) (i32.const 2))))
        (i32.store8 (i32.add (local.get $pb) (i32.const 2)) (local.get $t))
        (local.set $t (i32.load8_u (i32.add (local.get $pa) (i32.const 3))))
        (i32.store8 (i32.add (local.get $pa) (i32.const 3))
                    (i32.load8_u (i32.add (local.get $pb) (i32.const 3))))
        (i32.store8 (i32.add (local.get $pb) (i32.const 3)) (local.get $t))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $l (i32.lt_u (local.get $i)
                            (i32.shl (local.get $n) (i32.const 2)))))))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0))))

;; Bytes 0..62 go to 65473..65535; byte 63's partner, 65536, traps.
(assert_trap (invoke "swap4" (i32.const 0) (i32.const 65473) (i32.const 16)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 65473)) (i32.const 0x40))
(assert_return (invoke "load8" (i32.const 65520)) (i32.const 0x6f))
(assert_return (invoke "load8" (i32.const 65535)) (i32.const 0x7e))
(assert_return (invoke "load8" (i32.const 62)) (i32.const 0))
(assert_return (invoke "load8" (i32.const 63)) (i32.const 0x7f))

;; Table lookups: the address 65536 - 1024 + 4 * (x & 255) (or 65536 -
;; 1020 + ...) is not a recurrence but has a bound, which the check of the
;; loop compares once with the limit before it. With the first table every
;; entry is in bounds, its last one ending at the end of memory; with the
;; second, entry 255 is one word past it and must trap at its iteration,
;; after the stores before it.
(module
  (memory 1 1)
  (data (i32.const 0) "\00\01\fe\ff\07")
  ;; entry k of the first table is 3k + 1
  (func (export "init")
    (local $k i32)
    (loop $next
      (i32.store offset=64512 (i32.shl (local.get $k) (i32.const 2))
                 (i32.add (i32.mul (local.get $k) (i32.const 3)) (i32.const 1)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $next (i32.ne (local.get $k) (i32.const 256)))))
  ;; out[i] = table[in[i]] for i < n
  (func (export "lookup-a") (param $in i32) (param $out i32) (param $n i32)
    (local $i i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (i32.load offset=64512
            (i32.shl (i32.and (i32.load8_u (i32.add (local.get $in) (local.get $i)))
                              (i32.const 255))
                     (i32.const 2))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.ne (local.get $i) (local.get $n))))))
  (func (export "lookup-b") (param $in i32) (param $out i32) (param $n i32)
    (local $i i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (i32.load offset=64516
            (i32.shl (i32.and (i32.load8_u (i32.add (local.get $in) (local.get $i)))
                              (i32.const 255))
                     (i32.const 2))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.ne (local.get $i) (local.get $n))))))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))
(invoke "init")
(invoke "lookup-a" (i32.const 0) (i32.const 100) (i32.const 5))
(assert_return (invoke "load" (i32.const 100)) (i32.const 1))
(assert_return (invoke "load" (i32.const 104)) (i32.const 4))
(assert_return (invoke "load" (i32.const 108)) (i32.const 763))
(assert_return (invoke "load" (i32.const 112)) (i32.const 766))
(assert_return (invoke "load" (i32.const 116)) (i32.const 22))
(invoke "lookup-b" (i32.const 0) (i32.const 300) (i32.const 3))
(assert_return (invoke "load" (i32.const 300)) (i32.const 4))
(assert_return (invoke "load" (i32.const 304)) (i32.const 7))
(assert_return (invoke "load" (i32.const 308)) (i32.const 766))
(assert_trap (invoke "lookup-b" (i32.const 0) (i32.const 200) (i32.const 5))
             "out of bounds memory access")
(assert_return (invoke "load" (i32.const 200)) (i32.const 4))
(assert_return (invoke "load" (i32.const 204)) (i32.const 7))
(assert_return (invoke "load" (i32.const 208)) (i32.const 766))
(assert_return (invoke "load" (i32.const 212)) (i32.const 0))

;; A helper the compiler inlines into a loop: its check, made outside any
;; wasm loop, is decided before the loop too. The words at p+4, p+8, ...
;; are copied to q, q+4, ...; where a read runs past the end of memory the
;; copy traps there, after the stores before it.
(module
  (memory 1 1)
  (func $get (param $p i32) (result i32)
    (i32.load offset=4 (local.get $p)))
  (func (export "copy") (param $p i32) (param $q i32) (param $n i32)
    (local $i i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (i32.store (i32.add (local.get $q) (i32.shl (local.get $i) (i32.const 2)))
          (call $get (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.ne (local.get $i) (local.get $n))))))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (data (i32.const 65520) "\01\00\00\00\02\00\00\00\03\00\00\00\04\00\00\00"))
;; p = 65512: reads 65516..65535, the last word of memory included.
(invoke "copy" (i32.const 65512) (i32.const 0) (i32.const 5))
(assert_return (invoke "load" (i32.const 0)) (i32.const 0))
(assert_return (invoke "load" (i32.const 4)) (i32.const 1))
(assert_return (invoke "load" (i32.const 8)) (i32.const 2))
(assert_return (invoke "load" (i32.const 16)) (i32.const 4))
;; p = 65516: the fifth read is 65536..65539.
(assert_trap (invoke "copy" (i32.const 65516) (i32.const 100) (i32.const 5))
             "out of bounds memory access")
(assert_return (invoke "load" (i32.const 100)) (i32.const 1))
(assert_return (invoke "load" (i32.const 112)) (i32.const 4))
(assert_return (invoke "load" (i32.const 116)) (i32.const 0))

;; Hash-table probes: the slot address t + 16 * (h & 15) is neither a
;; recurrence nor bounded by itself, but it is an invariant base t plus a
;; bounded value, so the check of the loop compares t + 240 + 16 once
;; with the limit before it. The slots a backward-shift deletion moves
;; from and to are phis of such addresses, with the same base. Where the
;; table ends at the end of memory every slot is in bounds; one slot
;; further, the last slot is out of bounds and a probe that reaches it
;; traps there, after the stores before it; with t = -16 the first slot
;; is out of bounds and the others wrap around to the start of memory.
(module
  (memory 1 1)
  ;; From slot h on, writes k into the second word of each slot whose
  ;; key (the first word) is not 0; returns the first slot whose key is 0.
  (func (export "probe") (param $t i32) (param $h i32) (param $k i64) (result i32)
    (local $a i32)
    (loop $next
      (local.set $a (i32.add (local.get $t)
                             (i32.shl (i32.and (local.get $h) (i32.const 15)) (i32.const 4))))
      (if (i64.ne (i64.load (local.get $a)) (i64.const 0))
        (then
          (i64.store offset=8 (local.get $a) (local.get $k))
          (local.set $h (i32.add (local.get $h) (i32.const 1)))
          (br $next))))
    (i32.and (local.get $h) (i32.const 15)))
  ;; Empties slot s: the slots after it, up to the first empty one, whose
  ;; key is odd move back into the hole, which moves on to where they
  ;; were; the last hole is emptied.
  (func (export "shift") (param $t i32) (param $s i32)
    (local $hole i32) (local $i i32) (local $a i32) (local $b i32)
    (local.set $hole (i32.and (local.get $s) (i32.const 15)))
    (local.set $i (local.get $hole))
    (block $done
      (loop $next
        (local.set $i (i32.and (i32.add (local.get $i) (i32.const 1)) (i32.const 15)))
        (local.set $a (i32.add (local.get $t) (i32.shl (local.get $i) (i32.const 4))))
        (br_if $done (i64.eqz (i64.load (local.get $a))))
        (if (i32.wrap_i64 (i64.and (i64.load (local.get $a)) (i64.const 1)))
          (then
            (local.set $b (i32.add (local.get $t) (i32.shl (local.get $hole) (i32.const 4))))
            (i64.store (local.get $b) (i64.load (local.get $a)))
            (i64.store (i32.add (local.get $b) (i32.const 8))
                       (i64.load (i32.add (local.get $a) (i32.const 8))))
            (local.set $hole (local.get $i))))
        (br $next)))
    (local.set $b (i32.add (local.get $t) (i32.shl (local.get $hole) (i32.const 4))))
    (i64.store (local.get $b) (i64.const 0))
    (i64.store (i32.add (local.get $b) (i32.const 8)) (i64.const 0)))
  (func (export "set") (param $a i32) (param $v i64) (i64.store (local.get $a) (local.get $v)))
  (func (export "get") (param $a i32) (result i64) (i64.load (local.get $a))))

;; A table at 1024: slots 2, 3, 4 full, 5 empty.
(invoke "set" (i32.const 1056) (i64.const 3))
(invoke "set" (i32.const 1072) (i64.const 5))
(invoke "set" (i32.const 1088) (i64.const 8))
(assert_return (invoke "probe" (i32.const 1024) (i32.const 2) (i64.const 77)) (i32.const 5))
(assert_return (invoke "get" (i32.const 1064)) (i64.const 77))
(assert_return (invoke "get" (i32.const 1096)) (i64.const 77))
(assert_return (invoke "get" (i32.const 1112)) (i64.const 0))
;; Emptying slot 2: 5 (odd) moves into it, 8 (even) stays, slot 3 empties.
(invoke "shift" (i32.const 1024) (i32.const 2))
(assert_return (invoke "get" (i32.const 1056)) (i64.const 5))
(assert_return (invoke "get" (i32.const 1064)) (i64.const 77))
(assert_return (invoke "get" (i32.const 1072)) (i64.const 0))
(assert_return (invoke "get" (i32.const 1088)) (i64.const 8))

;; A table whose slot 15 is the last 16 bytes of memory: slots 14, 15, 0
;; full, 1 empty; the probe wraps around the table.
(invoke "set" (i32.const 65504) (i64.const 1))
(invoke "set" (i32.const 65520) (i64.const 9))
(invoke "set" (i32.const 65280) (i64.const 4))
(assert_return (invoke "probe" (i32.const 65280) (i32.const 14) (i64.const 6)) (i32.const 1))
(assert_return (invoke "get" (i32.const 65512)) (i64.const 6))
(assert_return (invoke "get" (i32.const 65528)) (i64.const 6))
(assert_return (invoke "get" (i32.const 65288)) (i64.const 6))
(invoke "shift" (i32.const 65280) (i32.const 14))
(assert_return (invoke "get" (i32.const 65504)) (i64.const 9))
(assert_return (invoke "get" (i32.const 65512)) (i64.const 6))
(assert_return (invoke "get" (i32.const 65520)) (i64.const 0))
(assert_return (invoke "get" (i32.const 65528)) (i64.const 0))
(assert_return (invoke "get" (i32.const 65280)) (i64.const 4))

;; One slot further, slot 15 starts at 65536. Probes that stay below it
;; work; one that reaches it traps there, after its stores into 13 and 14.
(invoke "set" (i32.const 65504) (i64.const 0))
(invoke "set" (i32.const 65296) (i64.const 2))
(assert_return (invoke "probe" (i32.const 65296) (i32.const 0) (i64.const 5)) (i32.const 1))
(assert_return (invoke "get" (i32.const 65304)) (i64.const 5))
(invoke "set" (i32.const 65504) (i64.const 7))
(invoke "set" (i32.const 65520) (i64.const 7))
(assert_trap (invoke "probe" (i32.const 65296) (i32.const 13) (i64.const 11))
             "out of bounds memory access")
(assert_return (invoke "get" (i32.const 65512)) (i64.const 11))
(assert_return (invoke "get" (i32.const 65528)) (i64.const 11))
;; Emptying slot 12 moves 13 and 14 (odd keys) back, then reads slot 15.
(assert_trap (invoke "shift" (i32.const 65296) (i32.const 12))
             "out of bounds memory access")
(assert_return (invoke "get" (i32.const 65488)) (i64.const 7))
(assert_return (invoke "get" (i32.const 65496)) (i64.const 11))

;; t = -16: slot 0 is out of bounds, slot h > 0 is at 16 (h - 1), wrapped.
(invoke "set" (i32.const 0) (i64.const 3))
(invoke "set" (i32.const 16) (i64.const 6))
(assert_return (invoke "probe" (i32.const -16) (i32.const 1) (i64.const 12)) (i32.const 3))
(assert_return (invoke "get" (i32.const 8)) (i64.const 12))
(assert_return (invoke "get" (i32.const 24)) (i64.const 12))
(invoke "shift" (i32.const -16) (i32.const 1))
(assert_return (invoke "get" (i32.const 0)) (i64.const 0))
(assert_return (invoke "get" (i32.const 16)) (i64.const 6))
(invoke "set" (i32.const 224) (i64.const 1))
(assert_trap (invoke "probe" (i32.const -16) (i32.const 15) (i64.const 13))
             "out of bounds memory access")
(assert_return (invoke "get" (i32.const 232)) (i64.const 13))
