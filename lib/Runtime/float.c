/*===- float.c - rounding without libm -----------------------------------===*
 *
 * ceil, floor, trunc and nearest (round half to even) for targets without
 * the instructions, on the bit patterns, so that libwasirt needs no -lm and
 * the results are exact whatever the compiler does with floating point:
 *
 *   - NaN in gives a quiet NaN out (the quiet bit set, payload and sign
 *     kept), an arithmetic NaN as the spec requires;
 *   - infinities and values whose exponent leaves no fraction bits
 *     (|x| >= 2^23 for f32, 2^52 for f64) are returned unchanged;
 *   - the sign of a zero result is the sign of the argument
 *     (ceil(-0.5) = -0.0, nearest(0.5) = +0.0).
 *
 * With e the unbiased exponent (0 <= e < mantissa bits), the fraction bits
 * of the value are `mask = MANT >> e` and one unit of the integer part is
 * `mask + 1`; adding that unit to the bit pattern of an integral value adds
 * 1.0 to its magnitude, a carry into the exponent included.
 *
 *===----------------------------------------------------------------------===*/
#include "runtime_internal.h"

#include <string.h>

/* Rounding modes of the shared implementation. */
enum { RT_TRUNC, RT_FLOOR, RT_CEIL, RT_NEAREST };

static uint32_t f32_bits(float x) {
  uint32_t u;
  memcpy(&u, &x, sizeof u);
  return u;
}

static float f32_from(uint32_t u) {
  float x;
  memcpy(&x, &u, sizeof x);
  return x;
}

static uint64_t f64_bits(double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return u;
}

static double f64_from(uint64_t u) {
  double x;
  memcpy(&x, &u, sizeof x);
  return x;
}

#define F32_MANT_BITS 23
#define F32_EXP_MASK 0xffu
#define F32_BIAS 127
#define F32_SIGN 0x80000000u
#define F32_MANT 0x007fffffu
#define F32_QUIET 0x00400000u
#define F32_ONE 0x3f800000u

static uint32_t round_f32(uint32_t u, int mode) {
  uint32_t sign = u & F32_SIGN;
  int e = (int)((u >> F32_MANT_BITS) & F32_EXP_MASK) - F32_BIAS;
  if (e >= F32_MANT_BITS) {
    /* Integral already, infinite or NaN. */
    if (e == F32_EXP_MASK - F32_BIAS && (u & F32_MANT))
      return u | F32_QUIET;
    return u;
  }
  if ((u & ~F32_SIGN) == 0)
    return u; /* ±0 */
  if (e < 0) {
    /* 0 < |x| < 1 */
    switch (mode) {
    case RT_FLOOR:
      return sign ? (F32_SIGN | F32_ONE) : 0;
    case RT_CEIL:
      return sign ? F32_SIGN : F32_ONE;
    case RT_NEAREST:
      /* |x| > 0.5 rounds to 1; 0.5 itself to the even 0. */
      return (e == -1 && (u & F32_MANT)) ? (sign | F32_ONE) : sign;
    default:
      return sign;
    }
  }
  uint32_t mask = F32_MANT >> e;
  uint32_t frac = u & mask;
  if (!frac)
    return u;
  uint32_t unit = mask + 1;
  uint32_t t = u & ~mask;
  switch (mode) {
  case RT_FLOOR:
    return sign ? t + unit : t;
  case RT_CEIL:
    return sign ? t : t + unit;
  case RT_NEAREST: {
    uint32_t half = unit >> 1;
    if (frac > half || (frac == half && (t & unit)))
      return t + unit;
    return t;
  }
  default:
    return t;
  }
}

#define F64_MANT_BITS 52
#define F64_EXP_MASK 0x7ffu
#define F64_BIAS 1023
#define F64_SIGN 0x8000000000000000ull
#define F64_MANT 0x000fffffffffffffull
#define F64_QUIET 0x0008000000000000ull
#define F64_ONE 0x3ff0000000000000ull

static uint64_t round_f64(uint64_t u, int mode) {
  uint64_t sign = u & F64_SIGN;
  int e = (int)((u >> F64_MANT_BITS) & F64_EXP_MASK) - F64_BIAS;
  if (e >= F64_MANT_BITS) {
    if (e == F64_EXP_MASK - F64_BIAS && (u & F64_MANT))
      return u | F64_QUIET;
    return u;
  }
  if ((u & ~F64_SIGN) == 0)
    return u;
  if (e < 0) {
    switch (mode) {
    case RT_FLOOR:
      return sign ? (F64_SIGN | F64_ONE) : 0;
    case RT_CEIL:
      return sign ? F64_SIGN : F64_ONE;
    case RT_NEAREST:
      return (e == -1 && (u & F64_MANT)) ? (sign | F64_ONE) : sign;
    default:
      return sign;
    }
  }
  uint64_t mask = F64_MANT >> e;
  uint64_t frac = u & mask;
  if (!frac)
    return u;
  uint64_t unit = mask + 1;
  uint64_t t = u & ~mask;
  switch (mode) {
  case RT_FLOOR:
    return sign ? t + unit : t;
  case RT_CEIL:
    return sign ? t : t + unit;
  case RT_NEAREST: {
    uint64_t half = unit >> 1;
    if (frac > half || (frac == half && (t & unit)))
      return t + unit;
    return t;
  }
  default:
    return t;
  }
}

float wasirt_f32_ceil(float x) {
  return f32_from(round_f32(f32_bits(x), RT_CEIL));
}

float wasirt_f32_floor(float x) {
  return f32_from(round_f32(f32_bits(x), RT_FLOOR));
}

float wasirt_f32_trunc(float x) {
  return f32_from(round_f32(f32_bits(x), RT_TRUNC));
}

float wasirt_f32_nearest(float x) {
  return f32_from(round_f32(f32_bits(x), RT_NEAREST));
}

double wasirt_f64_ceil(double x) {
  return f64_from(round_f64(f64_bits(x), RT_CEIL));
}

double wasirt_f64_floor(double x) {
  return f64_from(round_f64(f64_bits(x), RT_FLOOR));
}

double wasirt_f64_trunc(double x) {
  return f64_from(round_f64(f64_bits(x), RT_TRUNC));
}

double wasirt_f64_nearest(double x) {
  return f64_from(round_f64(f64_bits(x), RT_NEAREST));
}
