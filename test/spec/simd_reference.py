#!/usr/bin/env python3
"""simd_reference.py: writes a .wast of random checks of the SIMD
operators whose x86 code wasm2obj writes out by hand (min, max, the
saturating truncations, ceil, floor, trunc and nearest without SSE4.1,
lib/Translate/TranslateSimdFloat.cpp; q15mulr_sat_s,
TranslateSimdInteger.cpp), with the
expected results computed here, in Python, from the spec's definitions.
The CTest spec-simd-reference runs it for the portable x86-64 default and
for x86-64-v3.

    simd_reference.py OUT.wast [--cases N] [--seed S]

Inputs are drawn to hit the edges: NaNs of every kind (canonical,
signalling, with payloads, negative), infinities, signed zeros,
subnormals, and the neighbours of 2^31 and 2^32.
"""
import argparse
import math
import random
import struct


def f32_of(b):
    return struct.unpack("<f", struct.pack("<I", b))[0]


def f64_of(b):
    return struct.unpack("<d", struct.pack("<Q", b))[0]


def bits_f32(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def bits_f64(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


class Shape:
    def __init__(self, bits):
        self.bits = bits
        self.exp = 0x7F800000 if bits == 32 else 0x7FF0000000000000
        self.mant = 0x7FFFFF if bits == 32 else 0xFFFFFFFFFFFFF
        self.quiet = 0x400000 if bits == 32 else 0x8000000000000
        self.value = f32_of if bits == 32 else f64_of

    def is_nan(self, b):
        return b & self.exp == self.exp and b & self.mant != 0

    def canonical(self, b):
        return b & (self.exp | self.mant) == self.exp | self.quiet


F32, F64 = Shape(32), Shape(64)


def random_bits(rng, shape):
    edges32 = [0, 0x80000000, 0x7FC00000, 0xFFC00000, 0x7FA00000, 0xFF800001,
               0x7F800000, 0xFF800000, 0x3F800000, 0xBF800000, 1, 0x80000001,
               bits_f32(2147483520.0), bits_f32(2147483648.0),
               bits_f32(4294967040.0), bits_f32(4294967296.0),
               bits_f32(-2147483648.0), bits_f32(-2147483904.0),
               bits_f32(0.999), bits_f32(-0.999), bits_f32(0.5),
               bits_f32(-0.5), bits_f32(2.5), bits_f32(-2.5),
               bits_f32(8388607.5), bits_f32(-8388607.5),
               bits_f32(8388608.0), bits_f32(-8388609.0)]
    edges64 = [0, 1 << 63, 0x7FF8000000000000, 0xFFF8000000000000,
               0x7FF4000000000000, 0x7FF0000000000001, 0x7FF0000000000000,
               0xFFF0000000000000, 0x3FF0000000000000, 1, (1 << 63) | 1]
    edges64 += [bits_f64(x) for x in (
        2147483647.0, 2147483647.5, 2147483648.0, -2147483648.0,
        -2147483648.5, -2147483649.0, 4294967295.0, 4294967295.5,
        4294967296.0, -0.5, 0.5, -1.0, 2.5, -2.5, 4503599627370495.5,
        -4503599627370495.5, 4503599627370496.0, -4503599627370497.0)]
    kind = rng.randrange(5)
    if kind == 0:
        return rng.getrandbits(shape.bits)
    if kind == 1:
        return rng.choice(edges32 if shape.bits == 32 else edges64)
    if kind == 2:
        x = rng.uniform(-5e9, 5e9) if shape.bits == 32 else rng.uniform(-1e10, 1e10)
        return bits_f32(x) if shape.bits == 32 else bits_f64(x)
    if kind == 3:
        x = rng.uniform(-10, 10)
        return bits_f32(x) if shape.bits == 32 else bits_f64(x)
    return rng.choice([0, 1 << (shape.bits - 1)])


def minmax(shape, a, b, is_min):
    """One lane of fmin/fmax: an expected-lane token for the .wast."""
    nans = [x for x in (a, b) if shape.is_nan(x)]
    if nans:
        return ("nan:canonical" if all(shape.canonical(x) for x in nans)
                else "nan:arithmetic")
    x, y = shape.value(a), shape.value(b)
    if x == 0 and y == 0:
        neg_a, neg_b = a >> (shape.bits - 1), b >> (shape.bits - 1)
        neg = (neg_a or neg_b) if is_min else (neg_a and neg_b)
        return "-0" if neg else "0"
    return float.hex(min(x, y) if is_min else max(x, y))


def trunc_sat(x, signed):
    if x != x:
        return 0
    lo, hi = (-2**31, 2**31 - 1) if signed else (0, 2**32 - 1)
    if x >= hi + 1:
        return hi
    if x <= lo - 1:
        return lo
    return int(x)  # toward zero, and in range


def u32(v):
    return str(v & 0xFFFFFFFF)


def rounded(shape, b, how):
    """One lane of ceil/floor/trunc/nearest: an expected-lane token."""
    if shape.is_nan(b):
        return "nan:canonical" if shape.canonical(b) else "nan:arithmetic"
    x = shape.value(b)
    if math.isinf(x):
        return float.hex(x)
    r = {"ceil": math.ceil, "floor": math.floor, "trunc": math.trunc,
         "nearest": round}[how](x)  # round: ties to even
    r = math.copysign(float(r), x)  # a zero keeps x's sign
    return float.hex(r) if r != 0 else ("-0" if r < 0 or
                                         math.copysign(1, r) < 0 else "0")


def q15mulr_sat(a, b):
    return min((a * b + 0x4000) >> 15, 0x7FFF)


def random_i16(rng):
    return rng.choice([-32768, 32767, -32767, 0, 1, -1, 16384, -16384,
                       rng.randrange(-32768, 32768),
                       rng.randrange(-32768, 32768)])


ROUNDINGS = ("ceil", "floor", "trunc", "nearest")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--cases", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    lines = [";; Written by test/spec/simd_reference.py: do not edit.",
             "(module"]
    for name, op in (("min32", "f32x4.min"), ("max32", "f32x4.max"),
                     ("min64", "f64x2.min"), ("max64", "f64x2.max")):
        lines.append(f'  (func (export "{name}") (param v128 v128) '
                     f'(result v128) ({op} (local.get 0) (local.get 1)))')
    for name, op in (("ts", "i32x4.trunc_sat_f32x4_s"),
                     ("tu", "i32x4.trunc_sat_f32x4_u"),
                     ("ds", "i32x4.trunc_sat_f64x2_s_zero"),
                     ("du", "i32x4.trunc_sat_f64x2_u_zero")):
        lines.append(f'  (func (export "{name}") (param v128) (result v128) '
                     f'({op} (local.get 0)))')
    lines.append('  (func (export "q15") (param v128 v128) (result v128) '
                 '(i16x8.q15mulr_sat_s (local.get 0) (local.get 1)))')
    for how in ROUNDINGS:
        for shape in ("f32x4", "f64x2"):
            lines.append(f'  (func (export "{how}{shape[1:3]}") (param v128) '
                         f'(result v128) ({shape}.{how} (local.get 0)))')
    lines.append(")")

    def v32(bits):
        return "(v128.const i32x4 " + " ".join(hex(b) for b in bits) + ")"

    def v64(bits):
        return "(v128.const i64x2 " + " ".join(hex(b) for b in bits) + ")"

    for _ in range(args.cases):
        a = [random_bits(rng, F32) for _ in range(4)]
        b = [random_bits(rng, F32) for _ in range(4)]
        c = [random_bits(rng, F64) for _ in range(2)]
        d = [random_bits(rng, F64) for _ in range(2)]
        for name, is_min in (("min32", True), ("max32", False)):
            lanes = " ".join(minmax(F32, x, y, is_min) for x, y in zip(a, b))
            lines.append(f'(assert_return (invoke "{name}" {v32(a)} {v32(b)}) '
                         f'(v128.const f32x4 {lanes}))')
        for name, is_min in (("min64", True), ("max64", False)):
            lanes = " ".join(minmax(F64, x, y, is_min) for x, y in zip(c, d))
            lines.append(f'(assert_return (invoke "{name}" {v64(c)} {v64(d)}) '
                         f'(v128.const f64x2 {lanes}))')
        for name, signed in (("ts", True), ("tu", False)):
            lanes = " ".join(u32(trunc_sat(f32_of(x), signed)) for x in a)
            lines.append(f'(assert_return (invoke "{name}" {v32(a)}) '
                         f'(v128.const i32x4 {lanes}))')
        for name, signed in (("ds", True), ("du", False)):
            lanes = " ".join(u32(trunc_sat(f64_of(x), signed)) for x in c)
            lines.append(f'(assert_return (invoke "{name}" {v64(c)}) '
                         f'(v128.const i32x4 {lanes} 0 0))')
        for how in ROUNDINGS:
            lanes = " ".join(rounded(F32, x, how) for x in a)
            lines.append(f'(assert_return (invoke "{how}32" {v32(a)}) '
                         f'(v128.const f32x4 {lanes}))')
            lanes = " ".join(rounded(F64, x, how) for x in c)
            lines.append(f'(assert_return (invoke "{how}64" {v64(c)}) '
                         f'(v128.const f64x2 {lanes}))')
        p = [random_i16(rng) for _ in range(8)]
        q = [random_i16(rng) for _ in range(8)]
        r = [q15mulr_sat(x, y) for x, y in zip(p, q)]
        lines.append('(assert_return (invoke "q15" '
                     f'(v128.const i16x8 {" ".join(map(str, p))}) '
                     f'(v128.const i16x8 {" ".join(map(str, q))})) '
                     f'(v128.const i16x8 {" ".join(map(str, r))}))')
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
