;; The legacy exception-handling proposal (try, catch, catch_all, throw,
;; rethrow, delegate, tags, their imports and exports), for what the
;; official suite (proposals/exception-handling) leaves out: payloads of
;; every value type with their exact bits, try blocks with parameters and
;; several results, rethrow and delegate to each kind of label, tags
;; crossing modules (a catch matches its tag's identity, not its type),
;; branches out of catch bodies (one in a loop of 100000 throws), side
;; effects and locals that survive the unwinding, traps and stack
;; exhaustion that no catch_all catches, and return_call leaving a try.
;; The results are those of wabt's spectest-interp (wast2json and
;; spectest-interp with --enable-exceptions --enable-tail-call). A
;; function that catches keeps its state in parameters, not declared
;; locals, set up by a wrapper: wabt 1.0.32's interpreter loses declared
;; locals when a frame catches (wabt issue 2476), and parameters are
;; locals all the same.
;; features: exceptions tail-call

;; Payloads: each catch must get the thrown values, bit for bit.
(module
  (tag $none)
  (tag $i32 (param i32))
  (tag $i64 (param i64))
  (tag $f32 (param f32))
  (tag $f64 (param f64))
  (tag $v128 (param v128))
  (tag $func (param funcref))
  (tag $ext (param externref))
  (tag $mixed (param i32 f64 i64 f32 externref))
  (type $i-i (func (param i32) (result i32)))
  (table $fns funcref (elem $double $negate))
  (table $slot 1 funcref)
  (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (func $negate (param i32) (result i32) (i32.sub (i32.const 0) (local.get 0)))

  ;; Each payload is thrown by a callee, so it crosses a frame.
  (func $throw-i32 (param i32) (throw $i32 (local.get 0)))
  (func $throw-i64 (param i64) (throw $i64 (local.get 0)))
  (func $throw-f32 (param f32) (throw $f32 (local.get 0)))
  (func $throw-f64 (param f64) (throw $f64 (local.get 0)))
  (func $throw-v128 (param v128) (throw $v128 (local.get 0)))
  (func $throw-mixed (param i32 f64 i64 f32 externref)
    (throw $mixed (local.get 0) (local.get 1) (local.get 2) (local.get 3)
                  (local.get 4)))

  ;; Catches of other tags come first: only $i32's may run.
  (func (export "i32") (param i32) (result i32)
    (try (result i32)
      (do (call $throw-i32 (local.get 0)) (i32.const -1))
      (catch $none (i32.const -2))
      (catch $i64 (drop) (i32.const -3))
      (catch $i32 (i32.const 0x5a5a5a5a) (i32.xor))
      (catch_all (i32.const -4))))
  (func (export "i64") (param i64) (result i64)
    (try (result i64)
      (do (call $throw-i64 (local.get 0)) (i64.const -1))
      (catch $i32 (drop) (i64.const -2))
      (catch $i64)))
  ;; Float payloads as bits: NaN payloads (signalling ones too) and -0.
  (func (export "f32-bits") (param i32) (result i32)
    (i32.reinterpret_f32
      (try (result f32)
        (do (call $throw-f32 (f32.reinterpret_i32 (local.get 0))) (f32.const 0))
        (catch $f32))))
  (func (export "f64-bits") (param i64) (result i64)
    (i64.reinterpret_f64
      (try (result f64)
        (do (call $throw-f64 (f64.reinterpret_i64 (local.get 0))) (f64.const 0))
        (catch $f64))))
  ;; A v128 of two i64 lanes.
  (func (export "v128") (param i64 i64) (result v128)
    (try (result v128)
      (do
        (call $throw-v128
          (i64x2.replace_lane 1 (i64x2.splat (local.get 0)) (local.get 1)))
        (v128.const i64x2 0 0))
      (catch $v128)))
  ;; The caught funcref is called: $fns[which] applied to x.
  (func $call-via-slot (param $f funcref) (param $x i32) (result i32)
    (table.set $slot (i32.const 0) (local.get $f))
    (call_indirect $slot (type $i-i) (local.get $x) (i32.const 0)))
  (func (export "funcref-call") (param $which i32) (param $x i32) (result i32)
    (try (result i32)
      (do (throw $func (table.get $fns (local.get $which))))
      (catch $func (local.get $x) (call $call-via-slot))))
  ;; 1 if the caught funcref is null: a non-zero argument throws null,
  ;; zero throws $double.
  (func (export "funcref-null") (param i32) (result i32)
    (try (result i32)
      (do
        (throw $func
          (select (result funcref) (ref.null func) (ref.func $double)
                  (local.get 0))))
      (catch $func (ref.is_null))))
  (func (export "externref") (param externref) (result externref)
    (try (result externref)
      (do (throw $ext (local.get 0)))
      (catch $ext)))
  ;; Five parameters of mixed types come back in their order.
  (func (export "mixed") (param i32 f64 i64 f32 externref)
                         (result i32 f64 i64 f32 externref)
    (try (result i32 f64 i64 f32 externref)
      (do
        (call $throw-mixed (local.get 0) (local.get 1) (local.get 2)
                           (local.get 3) (local.get 4))
        (unreachable))
      (catch $mixed)))
  ;; A tag without parameters, thrown or not.
  (func (export "none") (param i32) (result i32)
    (try (result i32)
      (do
        (if (local.get 0) (then (throw $none)))
        (i32.const 1))
      (catch $i32)
      (catch $none (i32.const 2)))))

(assert_return (invoke "i32" (i32.const 0x12345678)) (i32.const 0x486e0c22))
(assert_return (invoke "i32" (i32.const 0)) (i32.const 0x5a5a5a5a))
(assert_return (invoke "i64" (i64.const 0x8000000000000001)) (i64.const 0x8000000000000001))
(assert_return (invoke "i64" (i64.const -2)) (i64.const -2))
(assert_return (invoke "f32-bits" (i32.const 0x7fa00001)) (i32.const 0x7fa00001))
(assert_return (invoke "f32-bits" (i32.const 0xffc01234)) (i32.const 0xffc01234))
(assert_return (invoke "f32-bits" (i32.const 0x80000000)) (i32.const 0x80000000))
(assert_return (invoke "f64-bits" (i64.const 0x7ff0000000000001)) (i64.const 0x7ff0000000000001))
(assert_return (invoke "f64-bits" (i64.const 0xfff8dead0000beef)) (i64.const 0xfff8dead0000beef))
(assert_return (invoke "f64-bits" (i64.const 0x8000000000000000)) (i64.const 0x8000000000000000))
(assert_return (invoke "v128" (i64.const 0x0102030405060708) (i64.const 0x1112131415161718))
               (v128.const i64x2 0x0102030405060708 0x1112131415161718))
(assert_return (invoke "funcref-call" (i32.const 0) (i32.const 21)) (i32.const 42))
(assert_return (invoke "funcref-call" (i32.const 1) (i32.const 21)) (i32.const -21))
(assert_return (invoke "funcref-null" (i32.const 1)) (i32.const 1))
(assert_return (invoke "funcref-null" (i32.const 0)) (i32.const 0))
(assert_return (invoke "externref" (ref.extern 7)) (ref.extern 7))
(assert_return (invoke "externref" (ref.null extern)) (ref.null extern))
(assert_return (invoke "mixed" (i32.const -7) (f64.const 2.5) (i64.const 0x100000000)
                               (f32.const -0.75) (ref.extern 3))
               (i32.const -7) (f64.const 2.5) (i64.const 0x100000000)
               (f32.const -0.75) (ref.extern 3))
(assert_return (invoke "none" (i32.const 0)) (i32.const 1))
(assert_return (invoke "none" (i32.const 1)) (i32.const 2))

;; A try with block parameters and two results: t = 0 runs the body
;; (a*b, 200), t = 1 throws the parameters as a pair, caught as (a-b, 100),
;; t = 2 throws a tag without payload, caught by catch_all as (-1, -2).
(module
  (tag $pair (param i32 i32))
  (tag $none)
  (func (export "try-params") (param $a i32) (param $b i32) (param $t i32)
                              (result i32 i32)
    (local.get $a) (local.get $b)
    (try (param i32 i32) (result i32 i32)
      (do
        (if (param i32 i32) (result i32 i32) (i32.eq (local.get $t) (i32.const 1))
          (then (throw $pair)))
        (if (i32.eq (local.get $t) (i32.const 2)) (then (throw $none)))
        (i32.mul) (i32.const 200))
      (catch $pair (i32.sub) (i32.const 100))
      (catch_all (i32.const -1) (i32.const -2))))
  ;; A catch without body: the pair is the try's result as it is.
  (func (export "pair") (param i32 i32) (result i32 i32)
    (try (result i32 i32)
      (do (throw $pair (local.get 1) (local.get 0)))
      (catch $pair))))

(assert_return (invoke "try-params" (i32.const 7) (i32.const 3) (i32.const 0))
               (i32.const 21) (i32.const 200))
(assert_return (invoke "try-params" (i32.const 7) (i32.const 3) (i32.const 1))
               (i32.const 4) (i32.const 100))
(assert_return (invoke "try-params" (i32.const 7) (i32.const 3) (i32.const 2))
               (i32.const -1) (i32.const -2))
(assert_return (invoke "pair" (i32.const 5) (i32.const 6)) (i32.const 6) (i32.const 5))

;; Nested tries in catch bodies and rethrow to each depth.
(module
  (tag $ei (param i32))
  (tag $ej (param i32))
  (tag $f64 (param f64))

  ;; In the inner catch, d = 0 rethrows the inner exception (payload 22,
  ;; rethrow 1 from inside a block), d = 1 the outer one (11, rethrow 2),
  ;; anything else falls through (33).
  (func (export "rethrow-depth") (param $d i32) (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do (throw $ei (i32.const 11)))
          (catch $ei
            (drop)
            (try (result i32)
              (do (throw $ei (i32.const 22)))
              (catch $ei
                (drop)
                (block
                  (br_if 0 (i32.ne (local.get $d) (i32.const 0)))
                  (rethrow 1))
                (block
                  (br_if 0 (i32.ne (local.get $d) (i32.const 1)))
                  (rethrow 2))
                (i32.const 33))))))
      (catch $ei)))

  ;; An inner try that throws and catches $ej inside the catch of $ei does
  ;; not change what rethrow 0 rethrows afterwards: still $ei, payload p.
  (func (export "rethrow-after-inner") (param $p i32) (result i32)
    (try (result i32)
      (do
        (try
          (do (throw $ei (local.get $p)))
          (catch $ei
            (drop)
            (try (do (throw $ej (i32.const 5))) (catch $ej (drop)))
            (rethrow 0)))
        (i32.const -1))
      (catch $ei)
      (catch $ej (i32.const -1000) (i32.add))))

  ;; catch_all rethrows the exception with its payload.
  (func (export "catch-all-rethrow") (param i32) (result i32)
    (try (result i32)
      (do
        (try (do (throw $ei (local.get 0))) (catch_all (rethrow 0)))
        (i32.const -1))
      (catch $ej (drop) (i32.const -2))
      (catch $ei)))
  (func (export "catch-all-rethrow-f64") (param i64) (result i64)
    (i64.reinterpret_f64
      (try (result f64)
        (do
          (try (do (throw $f64 (f64.reinterpret_i64 (local.get 0))))
               (catch_all (rethrow 0)))
          (f64.const 0))
        (catch $f64))))

  ;; Rethrown twice, through two callers, caught by the third.
  (func $throw-ei (param i32) (throw $ei (local.get 0)))
  (func $relay1 (param i32)
    (try (do (call $throw-ei (local.get 0))) (catch_all (rethrow 0))))
  (func $relay2 (param i32)
    (try (do (call $relay1 (local.get 0)))
      (catch $ej (drop))
      (catch_all (nop) (rethrow 0))))
  (func (export "rethrow-chain") (param i32) (result i32)
    (try (result i32)
      (do (call $relay2 (local.get 0)) (i32.const -1))
      (catch $ei (i32.const 1) (i32.add))))

  ;; Rethrow of the outer exception from an inner catch: the outer try's
  ;; own catch_all does not apply to its catch bodies, so it leaves.
  (func (export "rethrow-escapes")
    (try
      (do (throw $ei (i32.const 1)))
      (catch $ei
        (drop)
        (try (do (throw $ej (i32.const 2))) (catch $ej (drop) (rethrow 1))))
      (catch_all))))

(assert_return (invoke "rethrow-depth" (i32.const 0)) (i32.const 22))
(assert_return (invoke "rethrow-depth" (i32.const 1)) (i32.const 11))
(assert_return (invoke "rethrow-depth" (i32.const 2)) (i32.const 33))
(assert_return (invoke "rethrow-after-inner" (i32.const 41)) (i32.const 41))
(assert_return (invoke "catch-all-rethrow" (i32.const 77)) (i32.const 77))
(assert_return (invoke "catch-all-rethrow-f64" (i64.const 0x7ff0000000000123))
               (i64.const 0x7ff0000000000123))
(assert_return (invoke "rethrow-chain" (i32.const 9)) (i32.const 10))
(assert_exception (invoke "rethrow-escapes"))

;; delegate to each kind of label.
(module
  (tag $ei (param i32))
  (tag $ej (param i32))

  ;; To a try several blocks out, skipping a catch_all on the way.
  (func (export "delegate-far") (result i32)
    (try $t (result i32)
      (do
        (block (result i32)
          (loop (result i32)
            (try (result i32)
              (do
                (block (result i32)
                  (try (result i32)
                    (do (throw $ei (i32.const 7)))
                    (delegate $t))))
              (catch_all (i32.const -1))))))
      (catch $ei (i32.const 100) (i32.add))))

  ;; $A { block $blk { $B { $C { try .. delegate X } } } }: to $C its
  ;; catch (+30), to $B its (+20); to the block, outside $B: $A's (+10).
  (func (export "delegate-C") (result i32)
    (try $A (result i32)
      (do
        (block $blk (result i32)
          (try $B (result i32)
            (do
              (try $C (result i32)
                (do (try (result i32) (do (throw $ei (i32.const 1))) (delegate $C)))
                (catch $ei (i32.const 30) (i32.add))))
            (catch $ei (i32.const 20) (i32.add)))))
      (catch $ei (i32.const 10) (i32.add))))
  (func (export "delegate-B") (result i32)
    (try $A (result i32)
      (do
        (block $blk (result i32)
          (try $B (result i32)
            (do
              (try $C (result i32)
                (do (try (result i32) (do (throw $ei (i32.const 1))) (delegate $B)))
                (catch $ei (i32.const 30) (i32.add))))
            (catch $ei (i32.const 20) (i32.add)))))
      (catch $ei (i32.const 10) (i32.add))))
  (func (export "delegate-block") (result i32)
    (try $A (result i32)
      (do
        (block $blk (result i32)
          (try $B (result i32)
            (do
              (try $C (result i32)
                (do (try (result i32) (do (throw $ei (i32.const 1))) (delegate $blk)))
                (catch $ei (i32.const 30) (i32.add))))
            (catch $ei (i32.const 20) (i32.add)))))
      (catch $ei (i32.const 10) (i32.add))))

  ;; To the function's label (1 here; 0 at the top level): the caller
  ;; catches it, not this function's catch_all.
  (func $to-caller (param i32) (result i32)
    (try (result i32)
      (do (try (result i32) (do (throw $ei (local.get 0))) (delegate 1)))
      (catch_all (i32.const -1))))
  (func $to-caller-top (param i32) (result i32)
    (try (result i32) (do (throw $ej (local.get 0))) (delegate 0)))
  (func (export "delegate-to-caller") (param i32) (result i32)
    (try (result i32)
      (do (call $to-caller (local.get 0)))
      (catch $ei (i32.const 1000) (i32.add))))
  (func (export "delegate-to-caller-top") (param i32) (result i32)
    (try (result i32)
      (do (call $to-caller-top (local.get 0)))
      (catch $ej (i32.const 2000) (i32.add))))
  (func (export "delegate-uncaught") (param i32) (result i32)
    (call $to-caller (local.get 0)))

  ;; From inside the catch body of $x: to a block in that body, inside
  ;; $y, $y catches it (+50); to $x itself it leaves $x (whose catch $ej
  ;; does not apply to its catch bodies) for $out (+500).
  (func (export "delegate-in-catch-block") (result i32)
    (try $out (result i32)
      (do
        (try $x (result i32)
          (do (throw $ei (i32.const 1)))
          (catch $ei
            (drop)
            (try $y (result i32)
              (do
                (block $b (result i32)
                  (try (result i32) (do (throw $ej (i32.const 5))) (delegate $b))))
              (catch $ej (i32.const 50) (i32.add))))
          (catch $ej (drop) (i32.const -1))))
      (catch $ej (i32.const 500) (i32.add))))
  (func (export "delegate-in-catch-out") (result i32)
    (try $out (result i32)
      (do
        (try $x (result i32)
          (do (throw $ei (i32.const 1)))
          (catch $ei
            (drop)
            (try $y (result i32)
              (do
                (block $b (result i32)
                  (try (result i32) (do (throw $ej (i32.const 5))) (delegate $x))))
              (catch $ej (i32.const 50) (i32.add))))
          (catch $ej (drop) (i32.const -1))))
      (catch $ej (i32.const 500) (i32.add)))))

(assert_return (invoke "delegate-far") (i32.const 107))
(assert_return (invoke "delegate-C") (i32.const 31))
(assert_return (invoke "delegate-B") (i32.const 21))
(assert_return (invoke "delegate-block") (i32.const 11))
(assert_return (invoke "delegate-to-caller" (i32.const 9)) (i32.const 1009))
(assert_return (invoke "delegate-to-caller-top" (i32.const 9)) (i32.const 2009))
(assert_exception (invoke "delegate-uncaught" (i32.const 9)))
(assert_return (invoke "delegate-in-catch-block") (i32.const 55))
(assert_return (invoke "delegate-in-catch-out") (i32.const 505))

;; Across functions and modules. A and C each define a tag of type
;; (param i32) and a function throwing it; B imports both, and a catch
;; matches the tag's identity: C's exception is never caught as A's.
(module $A
  (tag $e (export "e") (param i32))
  (func (export "throw") (param i32) (throw $e (local.get 0))))
(register "A" $A)

(module $C
  (tag $e (export "e") (param i32))
  (func (export "throw") (param i32) (throw $e (local.get 0))))
(register "C" $C)

(module $B
  (tag $ea (import "A" "e") (param i32))
  (tag $ec (import "C" "e") (param i32))
  (func $throw-a (import "A" "throw") (param i32))
  (func $throw-c (import "C" "throw") (param i32))
  (tag $own (param i32))
  (type $i (func (param i32)))
  (table funcref (elem $throw-a $throw-c $throw-own))
  (export "ea" (tag $ea))
  (func $throw-own (param i32) (throw $own (local.get 0)))
  (func (export "throw-a-here") (param i32) (throw $ea (local.get 0)))

  (func (export "catch-a") (param i32) (result i32)
    (try (result i32)
      (do (call $throw-a (local.get 0)) (i32.const -1))
      (catch $own (i32.const 1000) (i32.add))
      (catch $ec (i32.const 2000) (i32.add))
      (catch $ea (i32.const 3000) (i32.add))))
  (func (export "catch-c") (param i32) (result i32)
    (try (result i32)
      (do (call $throw-c (local.get 0)) (i32.const -1))
      (catch $own (i32.const 1000) (i32.add))
      (catch $ea (i32.const 3000) (i32.add))
      (catch $ec (i32.const 2000) (i32.add))))
  (func (export "c-not-a") (param i32) (result i32)
    (try (result i32)
      (do (call $throw-c (local.get 0)) (i32.const -1))
      (catch $ea (i32.const 3000) (i32.add))
      (catch_all (i32.const 7))))
  (func (export "c-uncaught") (param i32)
    (try (do (call $throw-c (local.get 0))) (catch $ea (drop))))
  ;; Through the table: 0 throws A's tag, 1 C's, 2 B's own.
  (func (export "indirect") (param $i i32) (param $v i32) (result i32)
    (try (result i32)
      (do (call_indirect (type $i) (local.get $v) (local.get $i)) (i32.const -1))
      (catch $ea (i32.const 3000) (i32.add))
      (catch $ec (i32.const 2000) (i32.add))
      (catch $own (i32.const 1000) (i32.add))))
  ;; Three frames deep, through a try whose catch does not match and a
  ;; try that delegates to the caller.
  (func $deep3 (param i32) (call $throw-own (local.get 0)))
  (func $deep2 (param i32)
    (try (do (call $deep3 (local.get 0))) (catch $ea (drop))))
  (func $deep1 (param i32)
    (try (do (call $deep2 (local.get 0))) (delegate 0)))
  (func (export "deep") (param i32) (result i32)
    (try (result i32)
      (do (call $deep1 (local.get 0)) (i32.const -1))
      (catch $ec (drop) (i32.const -2))
      (catch $own (i32.const 1000) (i32.add)))))
(register "B" $B)

(assert_return (invoke $B "catch-a" (i32.const 5)) (i32.const 3005))
(assert_return (invoke $B "catch-c" (i32.const 5)) (i32.const 2005))
(assert_return (invoke $B "c-not-a" (i32.const 5)) (i32.const 7))
(assert_exception (invoke $B "c-uncaught" (i32.const 5)))
(assert_return (invoke $B "indirect" (i32.const 0) (i32.const 1)) (i32.const 3001))
(assert_return (invoke $B "indirect" (i32.const 1) (i32.const 2)) (i32.const 2002))
(assert_return (invoke $B "indirect" (i32.const 2) (i32.const 3)) (i32.const 1003))
(assert_return (invoke $B "deep" (i32.const 4)) (i32.const 1004))
(assert_exception (invoke $A "throw" (i32.const 1)))

;; A's tag re-exported by B is still A's tag: it catches what A throws
;; and what B throws with it, and C's is not it.
(module
  (tag $ea (import "B" "ea") (param i32))
  (func $a-throw (import "A" "throw") (param i32))
  (func $b-throw (import "B" "throw-a-here") (param i32))
  (func $c-throw (import "C" "throw") (param i32))
  (func (export "reexported") (param $which i32) (result i32)
    (try (result i32)
      (do
        (block
          (block
            (block
              (br_table 0 1 2 (local.get $which)))
            (call $a-throw (i32.const 1)))
          (call $b-throw (i32.const 2)))
        (call $c-throw (i32.const 3))
        (i32.const -1))
      (catch $ea (i32.const 10) (i32.add))
      (catch_all (i32.const 99)))))

(assert_return (invoke "reexported" (i32.const 0)) (i32.const 11))
(assert_return (invoke "reexported" (i32.const 1)) (i32.const 12))
(assert_return (invoke "reexported" (i32.const 2)) (i32.const 99))

;; Branches out of catch bodies, and a catch body that falls through.
(module
  (tag $ei (param i32))
  (tag $ext (param externref))

  ;; n throws, each caught and left by a br back to the loop: the sum
  ;; of 0 .. n-1 (mod 2^32).
  (func (export "loop-br") (param $n i32) (result i32)
    (call $loop-br (local.get $n) (i32.const 0) (i32.const 0)))
  (func $loop-br (param $n i32) (param $i i32) (param $sum i32) (result i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (try
          (do (throw $ei (local.get $i)))
          (catch $ei
            (local.set $sum (i32.add (local.get $sum)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $l)))
        (unreachable)))
    (local.get $sum))
  ;; The same with a rethrow from catch_all in between.
  (func (export "loop-rethrow") (param $n i32) (result i32)
    (call $loop-rethrow (local.get $n) (i32.const 0) (i32.const 0)))
  (func $loop-rethrow (param $n i32) (param $i i32) (param $sum i32) (result i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (try
          (do (try (do (throw $ei (local.get $i))) (catch_all (rethrow 0))))
          (catch $ei
            (local.set $sum (i32.add (local.get $sum)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $l)))
        (unreachable)))
    (local.get $sum))
  ;; An externref payload, left by catch_all with a br: the count.
  (func (export "loop-catch-all") (param $n i32) (param $r externref) (result i32)
    (call $loop-catch-all (local.get $n) (local.get $r) (i32.const 0)))
  (func $loop-catch-all (param $n i32) (param $r externref) (param $i i32)
                        (result i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (try
          (do (throw $ext (local.get $r)))
          (catch_all
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $l)))
        (unreachable)))
    (local.get $i))

  ;; p > 10 leaves the catch with p; otherwise 2p + 1000.
  (func (export "br-if") (param i32) (result i32)
    (call $br-if (local.get 0) (i32.const 0)))
  (func $br-if (param $x i32) (param $p i32) (result i32)
    (block $b (result i32)
      (try (result i32)
        (do (throw $ei (local.get $x)))
        (catch $ei
          (local.set $p)
          (br_if $b (local.get $p) (i32.gt_s (local.get $p) (i32.const 10)))
          (drop)
          (i32.mul (local.get $p) (i32.const 2))))
      (i32.const 1000)
      (i32.add)))
  ;; The payload picks the label: 0 -> 10, 1 -> 11, else 12.
  (func (export "br-table") (param i32) (result i32)
    (block $b2
      (block $b1
        (block $b0
          (try
            (do (throw $ei (local.get 0)))
            (catch $ei (br_table $b0 $b1 $b2)))
          (return (i32.const -1)))
        (return (i32.const 10)))
      (return (i32.const 11)))
    (i32.const 12))
  ;; return from a catch two tries deep: 3p.
  (func $ret-from-catch (param i32) (result i32)
    (try
      (do
        (try
          (do (throw $ei (local.get 0)))
          (catch $ei (return (i32.mul (i32.const 3))))))
      (catch_all))
    (i32.const -1))
  ;; After the callee returned from its catch, this frame's throw goes to
  ;; this frame's catch.
  (func (export "return-from-catch") (param i32) (result i32)
    (try (result i32)
      (do (throw $ei (call $ret-from-catch (local.get 0))))
      (catch $ei (i32.const 1) (i32.add))))
  ;; Ten rounds, odd ones throw and their catch falls through to the code
  ;; after the try: sum of 100 i for odd i, i for even = 2500 + 20.
  (func (export "fall-through") (result i32)
    (call $fall-through (i32.const 0) (i32.const 0) (i32.const 0)))
  (func $fall-through (param $i i32) (param $sum i32) (param $v i32) (result i32)
    (loop $l
      (local.set $v (local.get $i))
      (try
        (do
          (if (i32.and (local.get $i) (i32.const 1))
            (then (throw $ei (i32.mul (local.get $i) (i32.const 100))))))
        (catch $ei (local.set $v)))
      (local.set $sum (i32.add (local.get $sum) (local.get $v)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 10))))
    (local.get $sum)))

(assert_return (invoke "loop-br" (i32.const 100000)) (i32.const 704982704))
(assert_return (invoke "loop-br" (i32.const 0)) (i32.const 0))
(assert_return (invoke "loop-rethrow" (i32.const 100000)) (i32.const 704982704))
(assert_return (invoke "loop-catch-all" (i32.const 100000) (ref.extern 1)) (i32.const 100000))
(assert_return (invoke "br-if" (i32.const 50)) (i32.const 50))
(assert_return (invoke "br-if" (i32.const 3)) (i32.const 1006))
(assert_return (invoke "br-table" (i32.const 0)) (i32.const 10))
(assert_return (invoke "br-table" (i32.const 1)) (i32.const 11))
(assert_return (invoke "br-table" (i32.const 2)) (i32.const 12))
(assert_return (invoke "br-table" (i32.const 7)) (i32.const 12))
(assert_return (invoke "return-from-catch" (i32.const 5)) (i32.const 16))
(assert_return (invoke "fall-through") (i32.const 2520))

;; Throws from catch bodies, caught further out, never by the same try.
(module
  (tag $none)
  (tag $ei (param i32))
  (tag $el (param i64))
  (global $count (mut i32) (i32.const 0))

  (func (export "throw-in-catch-all") (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do (throw $none))
          (catch $ei (drop) (i32.const 99))
          (catch_all (throw $ei (i32.const 5)))))
      (catch $ei (i32.const 10) (i32.add))))
  ;; $ei(p) becomes $el(p * 2^32), then + 1.
  (func (export "throw-other-in-catch") (param i32) (result i64)
    (try (result i64)
      (do
        (try (result i64)
          (do (throw $ei (local.get 0)))
          (catch $ei
            (throw $el (i64.shl (i64.extend_i32_s) (i64.const 32))))
          (catch $el (drop) (i64.const -1))))
      (catch $el (i64.const 1) (i64.add))))

  ;; Uncaught: no catch matches. The count is incremented before each
  ;; throw and stays incremented.
  (func (export "no-match")
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (try
      (do (throw $ei (i32.const 1)))
      (catch $el (drop))
      (catch $none)))
  (func (export "count") (result i32) (global.get $count)))

(assert_return (invoke "throw-in-catch-all") (i32.const 15))
(assert_return (invoke "throw-other-in-catch" (i32.const -3)) (i64.const -12884901887))
(assert_return (invoke "throw-other-in-catch" (i32.const 1)) (i64.const 0x100000001))
(assert_exception (invoke "no-match"))
(assert_exception (invoke "no-match"))
(assert_return (invoke "count") (i32.const 2))
(assert_return (invoke "throw-in-catch-all") (i32.const 15))

;; Traps are not exceptions: no catch_all catches them, in the try body
;; or in a callee, and a trap in a catch body is a trap too. The tries
;; they left behind catch nothing afterwards.
(module
  (tag $e)
  (memory 1)
  (table funcref (elem $unreachable))
  (func $unreachable (unreachable))
  (func (export "unreachable")
    (try (do (call_indirect (i32.const 0))) (catch $e) (catch_all)))
  (func (export "div") (param i32 i32) (result i32)
    (try (result i32)
      (do (i32.div_s (local.get 0) (local.get 1)))
      (catch $e (i32.const -2))
      (catch_all (i32.const -1))))
  (func (export "load") (param i32) (result i32)
    (try (result i32)
      (do (i32.load (local.get 0)))
      (catch_all (i32.const -1))))
  (func (export "trap-in-catch") (param i32) (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do (throw $e))
          (catch $e (i32.load (local.get 0)))))
      (catch_all (i32.const -1))))
  (func $recurse (param i32) (result i32)
    (try (result i32)
      (do (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
      (catch_all (i32.const 0))))
  (func (export "recurse") (result i32) (call $recurse (i32.const 0)))
  (func (export "caught") (result i32)
    (try (result i32) (do (throw $e)) (catch $e (i32.const 1))))
  (func (export "uncaught") (throw $e)))

(assert_trap (invoke "unreachable") "unreachable")
(assert_exception (invoke "uncaught"))
(assert_trap (invoke "div" (i32.const 7) (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "div" (i32.const 0x80000000) (i32.const -1)) "integer overflow")
(assert_return (invoke "div" (i32.const 7) (i32.const 2)) (i32.const 3))
(assert_trap (invoke "load" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "load" (i32.const 65533)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 65532)) (i32.const 0))
(assert_trap (invoke "trap-in-catch" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "trap-in-catch" (i32.const 0)) (i32.const 0))
(assert_exhaustion (invoke "recurse") "call stack exhausted")
(assert_return (invoke "caught") (i32.const 1))
(assert_exception (invoke "uncaught"))

;; What the try body did before the throw stays done: memory, globals,
;; and the function's locals, set in a loop before a throw from a callee
;; or from the function itself.
(module
  (tag $e (param i32))
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (func $store-and-throw (param i32)
    (i32.store (i32.const 16) (local.get 0))
    (global.set $g (i32.add (local.get 0) (i32.const 1)))
    (throw $e (i32.const 0)))
  ;; mem[16] = p, g = p + 1, caught: their sum, plus mem[20] = 1000,
  ;; stored by this function before the call.
  (func (export "memory-global") (param i32) (result i32)
    (i32.store (i32.const 16) (i32.const 0))
    (i32.store (i32.const 20) (i32.const 0))
    (global.set $g (i32.const 0))
    (try (result i32)
      (do
        (i32.store (i32.const 20) (i32.const 1000))
        (call $store-and-throw (local.get 0))
        (i32.const -1))
      (catch $e
        (drop)
        (i32.add (i32.load (i32.const 16))
                 (i32.add (global.get $g) (i32.load (i32.const 20)))))))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "g") (result i32) (global.get $g))

  (func $throw-if (param i32) (if (local.get 0) (then (throw $e (i32.const 0)))))
  ;; Rounds i = 0, 1, ...: acc = 31 acc + i, f += 0.5, until the throw at
  ;; the end of round n (from the callee if $direct is 0). Returns acc,
  ;; the rounds, f, and x: 1 before the loop, + 1 in the catch.
  (func (export "locals") (param $n i32) (param $direct i32)
                          (result i64 i32 f64 i32)
    (call $locals (local.get $n) (local.get $direct)
                  (i32.const 0) (i64.const 0) (f64.const 0) (i32.const 0)))
  (func $locals (param $n i32) (param $direct i32)
                (param $i i32) (param $acc i64) (param $f f64) (param $x i32)
                (result i64 i32 f64 i32)
    (try
      (do
        (local.set $x (i32.const 1))
        (loop $l
          (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 31))
                                   (i64.extend_i32_u (local.get $i))))
          (local.set $f (f64.add (local.get $f) (f64.const 0.5)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (if (local.get $direct)
            (then
              (if (i32.eq (local.get $i) (local.get $n))
                (then (throw $e (i32.const 0)))))
            (else (call $throw-if (i32.eq (local.get $i) (local.get $n)))))
          (br $l)))
      (catch $e
        (drop)
        (local.set $x (i32.add (local.get $x) (i32.const 1)))))
    (local.get $acc) (local.get $i) (local.get $f) (local.get $x)))

(assert_return (invoke "memory-global" (i32.const 10)) (i32.const 1021))
(assert_return (invoke "load" (i32.const 16)) (i32.const 10))
(assert_return (invoke "g") (i32.const 11))
(assert_return (invoke "locals" (i32.const 5) (i32.const 0))
               (i64.const 31810) (i32.const 5) (f64.const 2.5) (i32.const 2))
(assert_return (invoke "locals" (i32.const 5) (i32.const 1))
               (i64.const 31810) (i32.const 5) (f64.const 2.5) (i32.const 2))
(assert_return (invoke "locals" (i32.const 1) (i32.const 0))
               (i64.const 0) (i32.const 1) (f64.const 0.5) (i32.const 2))
(assert_return (invoke "locals" (i32.const 20) (i32.const 1))
               (i64.const 0xeef1f91a6b88b40a) (i32.const 20) (f64.const 10) (i32.const 2))

;; return_call leaves the try it is in: the callee's exception is caught
;; by the caller's try (+1000), not the tail-calling function's (+100).
(module
  (tag $e (param i32))
  (type $i-i (func (param i32) (result i32)))
  (table funcref (elem $thrower))
  (func $thrower (param i32) (result i32) (throw $e (local.get 0)))
  (func $tail (param i32) (result i32)
    (try (result i32)
      (do (return_call $thrower (local.get 0)))
      (catch $e (i32.const 100) (i32.add))))
  (func $tail-indirect (param i32) (result i32)
    (try (result i32)
      (do (return_call_indirect (type $i-i) (local.get 0) (i32.const 0)))
      (catch_all (i32.const -1))))
  (func (export "tail") (param i32) (result i32)
    (try (result i32)
      (do (call $tail (local.get 0)))
      (catch $e (i32.const 1000) (i32.add))))
  (func (export "tail-indirect") (param i32) (result i32)
    (try (result i32)
      (do (call $tail-indirect (local.get 0)))
      (catch $e (i32.const 1000) (i32.add))))
  (func (export "tail-uncaught") (param i32) (result i32)
    (call $tail (local.get 0))))

(assert_return (invoke "tail" (i32.const 5)) (i32.const 1005))
(assert_return (invoke "tail-indirect" (i32.const 6)) (i32.const 1006))
(assert_exception (invoke "tail-uncaught" (i32.const 7)))

;; Invalid modules.
;; rethrow's label must be a catch: not a loop or an if inside one, not
;; a try's body, and not past the function.
(assert_invalid
  (module (func (try (do) (catch_all (loop (rethrow 0))))))
  "invalid rethrow label")
(assert_invalid
  (module (tag) (func (try (do) (catch 0 (if (i32.const 1) (then (rethrow 0)))))))
  "invalid rethrow label")
(assert_invalid
  (module (func (try (do (rethrow 0)) (catch_all))))
  "invalid rethrow label")
(assert_invalid
  (module (func (try (do) (catch_all (rethrow 2)))))
  "unknown label")
;; delegate's label counts from outside its try.
(assert_invalid
  (module (func (block (try (do) (delegate 2)))))
  "unknown label")
(assert_invalid
  (module (tag) (func (try (do) (catch 1))))
  "unknown tag")
;; The payload is the catch body's input: of the tag's type, all of it.
(assert_invalid
  (module (tag (param f32))
    (func (result i32) (try (result i32) (do (i32.const 0)) (catch 0))))
  "type mismatch")
(assert_invalid
  (module (tag (param i32 i32))
    (func (result i32) (try (result i32) (do (i32.const 0)) (catch 0))))
  "type mismatch")
(assert_invalid
  (module (tag (param i64))
    (func (result i32)
      (try (result i32) (do (i32.const 0)) (catch 0 (i32.const 1) (i32.add)))))
  "type mismatch")
(assert_invalid
  (module (tag (param i32 i32)) (func (throw 0 (i32.const 1))))
  "type mismatch")
;; A try's parameters are its body's only: catch bodies start empty.
(assert_invalid
  (module (func (param i32) (result i32)
    (local.get 0) (try (param i32) (result i32) (do) (catch_all))))
  "type mismatch")
(assert_invalid
  (module (func (try (param i32) (do (drop)) (catch_all))))
  "type mismatch")
(assert_invalid
  (module (func (result i32 i32)
    (try (result i32 i32) (do (i32.const 1) (i32.const 2)) (catch_all (i32.const 1)))))
  "type mismatch")
(assert_invalid
  (module (func (result i32) (try (result i32) (do (i64.const 0)) (delegate 0))))
  "type mismatch")

;; An exception passes through the frames of a module with no tags and no
;; exception instructions: B only calls A's thrower, directly or through
;; a table A exports, and C's catch_all must catch what A throws.
(module $ThrowA
  (tag $t (param i32))
  (table (export "tab") 1 funcref)
  (elem (i32.const 0) $thrower)
  (func $thrower (export "thrower") (param i32) (throw $t (local.get 0))))
(register "ThrowA" $ThrowA)
(module $PassB
  (import "ThrowA" "thrower" (func $thrower (param i32)))
  (import "ThrowA" "tab" (table 1 funcref))
  (func (export "direct") (param i32) (call $thrower (local.get 0)))
  (func (export "indirect") (param i32)
    (call_indirect (param i32) (local.get 0) (i32.const 0))))
(register "PassB" $PassB)
(module
  (import "PassB" "direct" (func $direct (param i32)))
  (import "PassB" "indirect" (func $indirect (param i32)))
  (func (export "through-direct") (param i32) (result i32)
    (try (result i32)
      (do (call $direct (local.get 0)) (i32.const 0))
      (catch_all (i32.const 1))))
  (func (export "through-indirect") (param i32) (result i32)
    (try (result i32)
      (do (call $indirect (local.get 0)) (i32.const 0))
      (catch_all (i32.const 2)))))
(assert_return (invoke "through-direct" (i32.const 5)) (i32.const 1))
(assert_return (invoke "through-indirect" (i32.const 5)) (i32.const 2))
