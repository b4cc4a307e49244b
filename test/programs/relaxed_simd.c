// WASM-CFLAGS: -msimd128 -mrelaxed-simd
/* Relaxed SIMD as clang compiles its intrinsics (wasm_simd128.h), over
 * arrays with the awkward values in them: NaNs, signed zeros, floats out
 * of int32 range, int8 -128, swizzle indices of 16 and more. The native
 * build computes the same with scalar C written to the choices wasm2obj
 * makes (README, "Known limitations"); both print the same checksums.
 * (madd and nmadd are compared where fusing cannot change the result:
 * where the product is exact. The native build fuses only on hosts with
 * FMA, wasm2obj only on targets with it, AArch64's among them.) */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 1024

static int8_t qa[N], qb[N];
static float fa[N], fb[N], fc[N];
static double da[N], db[N];
static uint8_t ua[N], ub[N], um[N];
static int16_t sa[N], sb[N];

static uint32_t seed = 12345;
static uint32_t next(void) {
  seed = seed * 1103515245u + 12345u;
  return seed >> 8;
}

static float f32_of(uint32_t bits) {
  float f;
  memcpy(&f, &bits, 4);
  return f;
}
static uint32_t bits_of_f32(float f) {
  uint32_t b;
  memcpy(&b, &f, 4);
  return b;
}
static double f64_of(uint64_t bits) {
  double d;
  memcpy(&d, &bits, 8);
  return d;
}
static uint64_t bits_of_f64(double d) {
  uint64_t b;
  memcpy(&b, &d, 8);
  return b;
}

static float special_f32(uint32_t r) {
  static const uint32_t specials[] = {
      0x7fc00000u, 0xffc00000u, 0x7fa00000u, 0x80000000u, 0x00000000u,
      0x4f000000u, 0xcf000001u, 0x4f800000u, 0x7f800000u, 0xff800000u};
  return f32_of(specials[r % 10]);
}

static void fill(void) {
  for (int i = 0; i < N; ++i) {
    qa[i] = (int8_t)next();
    qb[i] = (int8_t)next();
    if (i % 7 == 0)
      qa[i] = qb[i] = -128;
    uint32_t r = next();
    fa[i] = r % 5 == 0 ? special_f32(r / 5)
                       : (float)((int32_t)(next() % 20001) - 10000) / 8.0f;
    fb[i] = r % 3 == 0 ? special_f32(r / 3)
                       : (float)((int32_t)(next() % 20001) - 10000) / 16.0f;
    /* Small integers: a*b+c is exact, fused or not. */
    fc[i] = (float)((int32_t)(next() % 2001) - 1000);
    da[i] = r % 4 == 0 ? f64_of(0x7ff4000000000000ull + i)
                       : (double)((int32_t)next()) * 1e-3;
    db[i] = r % 6 == 0 ? -0.0 : (double)((int32_t)next()) * 1e-3;
    ua[i] = (uint8_t)next();
    ub[i] = (uint8_t)next();
    um[i] = (uint8_t)(i % 3 == 0 ? next() % 40 : next());
    sa[i] = (int16_t)next();
    sb[i] = (int16_t)next();
    if (i % 11 == 0)
      sa[i] = sb[i] = -32768;
  }
}

/* The results, filled by either build. */
static int32_t dot_add[N / 4];
static int16_t dot16[N / 2];
static float madd[N], nmadd[N], fmin_[N], fmax_[N];
static double dmin[N], dmax[N];
static int32_t trunc_s[N];
static uint32_t trunc_u[N];
static uint8_t swz[N], sel[N];
static int16_t q15[N];

#ifdef __wasm_relaxed_simd__
#include <wasm_simd128.h>

static void compute(void) {
  for (int i = 0; i < N; i += 16) {
    v128_t a = wasm_v128_load(qa + i), b = wasm_v128_load(qb + i);
    v128_t acc = wasm_i32x4_make(i, -i, 7, 0x7fffffff);
    wasm_v128_store(dot_add + i / 4,
                    wasm_i32x4_relaxed_dot_i8x16_i7x16_add(a, b, acc));
    wasm_v128_store(dot16 + i / 2, wasm_i16x8_relaxed_dot_i8x16_i7x16(a, b));
  }
  for (int i = 0; i < N; i += 4) {
    v128_t a = wasm_v128_load(fa + i), b = wasm_v128_load(fb + i);
    v128_t c = wasm_v128_load(fc + i);
    wasm_v128_store(madd + i, wasm_f32x4_relaxed_madd(a, b, c));
    wasm_v128_store(nmadd + i, wasm_f32x4_relaxed_nmadd(a, b, c));
    wasm_v128_store(fmin_ + i, wasm_f32x4_relaxed_min(a, b));
    wasm_v128_store(fmax_ + i, wasm_f32x4_relaxed_max(a, b));
    wasm_v128_store(trunc_s + i, wasm_i32x4_relaxed_trunc_f32x4(a));
    wasm_v128_store(trunc_u + i, wasm_u32x4_relaxed_trunc_f32x4(b));
  }
  for (int i = 0; i < N; i += 2) {
    v128_t a = wasm_v128_load(da + i), b = wasm_v128_load(db + i);
    wasm_v128_store(dmin + i, wasm_f64x2_relaxed_min(a, b));
    wasm_v128_store(dmax + i, wasm_f64x2_relaxed_max(a, b));
  }
  for (int i = 0; i < N; i += 16) {
    v128_t a = wasm_v128_load(ua + i), b = wasm_v128_load(ub + i);
    v128_t m = wasm_v128_load(um + i);
    wasm_v128_store(swz + i, wasm_i8x16_relaxed_swizzle(a, m));
    wasm_v128_store(sel + i, wasm_i8x16_relaxed_laneselect(a, b, m));
  }
  for (int i = 0; i < N; i += 8)
    wasm_v128_store(q15 + i,
                    wasm_i16x8_relaxed_q15mulr(wasm_v128_load(sa + i),
                                               wasm_v128_load(sb + i)));
}

#else

static int32_t trunc_sat_s(float f) {
  if (f != f)
    return 0;
  if (f >= 2147483648.0f)
    return INT32_MAX;
  if (f < -2147483648.0f)
    return INT32_MIN;
  return (int32_t)f;
}
static uint32_t trunc_sat_u(float f) {
  if (f != f || f <= -1.0f)
    return 0;
  if (f >= 4294967296.0f)
    return UINT32_MAX;
  return (uint32_t)f;
}

static void compute(void) {
  for (int i = 0; i < N; i += 16)
    for (int l = 0; l < 4; ++l) {
      int32_t acc = l == 0 ? i : l == 1 ? -i : l == 2 ? 7 : 0x7fffffff;
      int32_t s = 0;
      for (int k = 0; k < 4; ++k)
        s += qa[i + 4 * l + k] * qb[i + 4 * l + k];
      dot_add[i / 4 + l] = (int32_t)((uint32_t)s + (uint32_t)acc);
    }
  for (int i = 0; i < N; i += 2)
    dot16[i / 2] = (int16_t)(uint16_t)(qa[i] * qb[i] + qa[i + 1] * qb[i + 1]);
  for (int i = 0; i < N; ++i) {
    madd[i] = fa[i] * fb[i] + fc[i];
    nmadd[i] = -(fa[i] * fb[i]) + fc[i];
    fmin_[i] = fa[i] < fb[i] ? fa[i] : fb[i];
    fmax_[i] = fa[i] > fb[i] ? fa[i] : fb[i];
    trunc_s[i] = trunc_sat_s(fa[i]);
    trunc_u[i] = trunc_sat_u(fb[i]);
    dmin[i] = da[i] < db[i] ? da[i] : db[i];
    dmax[i] = da[i] > db[i] ? da[i] : db[i];
    int base = i & ~15;
    swz[i] = um[i] < 16 ? ua[base + um[i]] : 0;
    sel[i] = (uint8_t)((ua[i] & um[i]) | (ub[i] & ~um[i]));
    int32_t p = ((int32_t)sa[i] * sb[i] + 0x4000) >> 15;
    q15[i] = (int16_t)(p > 32767 ? 32767 : p);
  }
}

#endif

/* FNV-1a over the bytes, NaN payloads and the signs of zeros included. */
static uint32_t hash(const void *p, size_t n) {
  const unsigned char *b = p;
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; ++i)
    h = (h ^ b[i]) * 16777619u;
  return h;
}

static unsigned nan_quiet(const float *v) {
  unsigned quiet = 0;
  for (int i = 0; i < N; ++i)
    quiet += v[i] != v[i] && (bits_of_f32(v[i]) & 0x00400000u);
  return quiet;
}

int main(void) {
  fill();
  compute();
  printf("dot_add %08x  dot16 %08x\n", hash(dot_add, sizeof dot_add),
         hash(dot16, sizeof dot16));
  printf("min %08x  max %08x  dmin %08x  dmax %08x\n",
         hash(fmin_, sizeof fmin_), hash(fmax_, sizeof fmax_),
         hash(dmin, sizeof dmin), hash(dmax, sizeof dmax));
  printf("trunc_s %08x  trunc_u %08x\n", hash(trunc_s, sizeof trunc_s),
         hash(trunc_u, sizeof trunc_u));
  printf("swizzle %08x  laneselect %08x  q15mulr %08x\n", hash(swz, sizeof swz),
         hash(sel, sizeof sel), hash(q15, sizeof q15));
  /* madd: exactly, where the product a*b is exact in float (there fusing
   * changes nothing: the sum is the only rounding); a NaN result is
   * quiet, whatever its payload. */
  unsigned finite_madd = 0, finite_nmadd = 0;
  uint32_t h = 2166136261u, hn = 2166136261u;
  for (int i = 0; i < N; ++i) {
    double exact = (double)fa[i] * (double)fb[i];
    float rounded = fa[i] * fb[i];
    if (exact != (double)rounded)
      continue;
    if (madd[i] == madd[i]) {
      ++finite_madd;
      h = (h ^ bits_of_f32(madd[i])) * 16777619u;
    }
    if (nmadd[i] == nmadd[i]) {
      ++finite_nmadd;
      hn = (hn ^ bits_of_f32(nmadd[i])) * 16777619u;
    }
  }
  printf("madd %u %08x quiet %u  nmadd %u %08x quiet %u\n", finite_madd, h,
         nan_quiet(madd), finite_nmadd, hn, nan_quiet(nmadd));
  printf("samples: %d %d %d %u %08x %016llx\n", dot_add[1], dot16[0],
         trunc_s[10], trunc_u[3], bits_of_f32(fmin_[0]),
         (unsigned long long)bits_of_f64(dmax[8]));
  return 0;
}
