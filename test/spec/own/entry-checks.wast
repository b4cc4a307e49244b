;; Functions whose explicit bounds checks of their pointer parameters
;; wasm2obj decides once, at the entry, for a copy of the function without
;; them (lib/Translate/VersionChecks.h). When the entry's test fails the
;; function runs with every check, so a call that returns before reaching
;; an out-of-bounds field must not trap, one that reaches it must trap
;; there, after every store before it, and memory grown during the call
;; counts. Run in both modes by the CTest spec-own; the same results are
;; wasm's in either.

(module
  ;; No room to grow: with explicit checks and no guard region, an access
  ;; that a wrong copy lets through lands outside the memory's mapping.
  (memory (export "mem") 1 1)
  ;; A comparator: the i32s at a and b, then the bytes at a+8.. and
  ;; b+8..b+11, then the i32s at a+4 and b+4.
  (func $cmp (export "cmp") (param $a i32) (param $b i32) (result i32)
    (if (i32.ne (i32.load (local.get $a)) (i32.load (local.get $b)))
      (then (return (select (i32.const -1) (i32.const 1)
                            (i32.lt_u (i32.load (local.get $a))
                                      (i32.load (local.get $b)))))))
    (if (i32.ne (i32.load8_u offset=8 (local.get $a))
                (i32.load8_u offset=8 (local.get $b)))
      (then (return (i32.const 2))))
    (if (i32.ne (i32.load8_u offset=9 (local.get $a))
                (i32.load8_u offset=9 (local.get $b)))
      (then (return (i32.const 3))))
    (if (i32.ne (i32.load8_u offset=10 (local.get $a))
                (i32.load8_u offset=10 (local.get $b)))
      (then (return (i32.const 4))))
    (if (i32.ne (i32.load8_u offset=11 (local.get $a))
                (i32.load8_u offset=11 (local.get $b)))
      (then (return (i32.const 5))))
    (i32.sub (i32.load offset=4 (local.get $a))
             (i32.load offset=4 (local.get $b))))

  ;; Stores 7 at d, then copies the i32s at s+0, s+4, s+8 to d+4, d+8, d+12.
  (func (export "copy3") (param $s i32) (param $d i32)
    (i32.store (local.get $d) (i32.const 7))
    (i32.store offset=4 (local.get $d) (i32.load (local.get $s)))
    (i32.store offset=8 (local.get $d) (i32.load offset=4 (local.get $s)))
    (i32.store offset=12 (local.get $d) (i32.load offset=8 (local.get $s))))

  (func (export "load") (param $p i32) (result i32)
    (i32.load (local.get $p)))
  (func (export "store8") (param $p i32) (param $v i32)
    (i32.store8 (local.get $p) (local.get $v)))
  (func (export "size") (result i32) (memory.size))

  (data (i32.const 0) "\01\00\00\00\0a\00\00\00abcd")
  (data (i32.const 16) "\01\00\00\00\03\00\00\00abcd")
  (data (i32.const 32) "\02\00\00\00\00\00\00\00abce")
  ;; A record whose bytes at +8 and +9 are the last two of the first page.
  (data (i32.const 65526) "\01\00\00\00\05\06\07\08ac")
)

;; Everything in bounds: the copy without checks.
(assert_return (invoke "cmp" (i32.const 0) (i32.const 16)) (i32.const 7))
(assert_return (invoke "cmp" (i32.const 16) (i32.const 0)) (i32.const -7))
(assert_return (invoke "cmp" (i32.const 0) (i32.const 32)) (i32.const -1))
(assert_return (invoke "cmp" (i32.const 32) (i32.const 16)) (i32.const 1))

;; A record that runs past the end of memory: the calls return at the
;; first field, or at a byte still in bounds, and do not trap.
(assert_return (invoke "cmp" (i32.const 32) (i32.const 65528)) (i32.const -1))
(assert_return (invoke "cmp" (i32.const 65528) (i32.const 32)) (i32.const 1))
(assert_return (invoke "cmp" (i32.const 0) (i32.const 65526)) (i32.const 3))
(assert_return (invoke "cmp" (i32.const 65526) (i32.const 0)) (i32.const 3))

;; Stores, then loads until one is out of bounds: the stores before it
;; are done, the ones after it are not.
(invoke "copy3" (i32.const 0) (i32.const 200))
(assert_return (invoke "load" (i32.const 200)) (i32.const 7))
(assert_return (invoke "load" (i32.const 204)) (i32.const 1))
(assert_return (invoke "load" (i32.const 208)) (i32.const 10))
(assert_return (invoke "load" (i32.const 212)) (i32.const 0x64636261))
(assert_trap (invoke "copy3" (i32.const 65528) (i32.const 100))
             "out of bounds memory access")
(assert_return (invoke "load" (i32.const 100)) (i32.const 7))
(assert_return (invoke "load" (i32.const 104)) (i32.const 0x06050000))
(assert_return (invoke "load" (i32.const 108)) (i32.const 0x63610807))
(assert_return (invoke "load" (i32.const 112)) (i32.const 0))
(assert_trap (invoke "copy3" (i32.const 65524) (i32.const 65530))
             "out of bounds memory access")
(assert_return (invoke "load" (i32.const 65530)) (i32.const 7))
(assert_return (invoke "load" (i32.const 65532)) (i32.const 0x63610000))

;; The same fields as far as the last byte of memory, then one past it.
(invoke "store8" (i32.const 65535) (i32.const 0x62))
(assert_trap (invoke "cmp" (i32.const 0) (i32.const 65526))
             "out of bounds memory access")
(assert_trap (invoke "cmp" (i32.const 65526) (i32.const 16))
             "out of bounds memory access")

;; Memory grown during the call: in bounds after the grow...
(module
  (memory 1 3)
  ;; Reads the i32 at p, grows memory by one page, then reads p+8 and
  ;; p+12: in bounds only after the grow.
  (func (export "grow-then-read") (param $p i32) (result i32)
    (local $x i32)
    (local.set $x (i32.load (local.get $p)))
    (drop (memory.grow (i32.const 1)))
    (i32.add (local.get $x)
             (i32.add (i32.load offset=8 (local.get $p))
                      (i32.load offset=12 (local.get $p)))))

  (func (export "size") (result i32) (memory.size))
  (data (i32.const 65528) "\00\00\07\00"))
(assert_return (invoke "grow-then-read" (i32.const 65528)) (i32.const 0x00070000))
(assert_return (invoke "size") (i32.const 2))
(assert_return (invoke "grow-then-read" (i32.const 131064)) (i32.const 0))
(assert_return (invoke "size") (i32.const 3))
;; ...and out of bounds when the grow fails (the maximum is 3 pages).
(assert_trap (invoke "grow-then-read" (i32.const 196600))
             "out of bounds memory access")
(assert_return (invoke "size") (i32.const 3))
