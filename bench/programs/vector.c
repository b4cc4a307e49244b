/* vector: simple loops that native compilers vectorise.
 *
 * Integer dot products, a float saxpy, byte-wise saturating blends, int16
 * sums, a max reduction and an int-to-float conversion, all over arrays
 * that fit in L2. The wasm is built without -msimd128 (the default), so a
 * WebAssembly compiler gets scalar loops and must vectorise them again to
 * keep up with the native build.
 */
#include "bench.h"

#define LEN 16384
#define PASSES_PER_UNIT 5000

static int32_t IA[LEN], IB[LEN];
static float FA[LEN], FB[LEN];
static uint8_t BA[LEN], BB[LEN], BC[LEN];
static int16_t SA[LEN];

static int64_t dot_i32(const int32_t *A, const int32_t *B) {
  int64_t S = 0;
  for (int I = 0; I < LEN; ++I)
    S += (int64_t)A[I] * B[I];
  return S;
}

static uint32_t dot_u32_wrap(const int32_t *A, const int32_t *B) {
  uint32_t S = 0;
  for (int I = 0; I < LEN; ++I)
    S += (uint32_t)A[I] * (uint32_t)B[I];
  return S;
}

static void saxpy(float *Y, const float *X, float A) {
  for (int I = 0; I < LEN; ++I)
    Y[I] = A * X[I] + Y[I];
}

static void blend_u8(uint8_t *Dst, const uint8_t *A, const uint8_t *B) {
  for (int I = 0; I < LEN; ++I) {
    unsigned S = (unsigned)A[I] + B[I];
    Dst[I] = S > 255 ? 255 : (uint8_t)S;
  }
}

static int32_t sum_i16(const int16_t *A) {
  int32_t S = 0;
  for (int I = 0; I < LEN; ++I)
    S += A[I];
  return S;
}

static int32_t max_i32(const int32_t *A) {
  int32_t M = A[0];
  for (int I = 1; I < LEN; ++I)
    M = A[I] > M ? A[I] : M;
  return M;
}

static void to_float(float *Dst, const int32_t *Src) {
  for (int I = 0; I < LEN; ++I)
    Dst[I] = (float)(Src[I] & 0xffff) * 0.5f;
}

int main(int argc, char **argv) {
  long Passes = bench_units(argc, argv) * PASSES_PER_UNIT;
  rng_seed(3);
  for (int I = 0; I < LEN; ++I) {
    IA[I] = (int32_t)(rng_next() >> 40) - (1 << 23);
    IB[I] = (int32_t)(rng_next() >> 40) - (1 << 23);
    FA[I] = (float)rng_below(1000) / 64.0f;
    FB[I] = 0.0f;
    BA[I] = (uint8_t)rng_next();
    BB[I] = (uint8_t)rng_next();
    SA[I] = (int16_t)rng_next();
  }
  uint64_t H = 14695981039346656037ull;
  for (long P = 0; P < Passes; ++P) {
    H = mix64(H, (uint64_t)dot_i32(IA, IB));
    H = mix64(H, dot_u32_wrap(IA, IB));
    /* A small coefficient keeps the floats from overflowing. */
    saxpy(FB, FA, (float)(P % 8) * 0.001f);
    blend_u8(BC, BA, BB);
    H = mix64(H, (uint32_t)sum_i16(SA));
    H = mix64(H, (uint32_t)max_i32(IA));
    /* Perturb the inputs so no pass repeats the previous one. */
    IA[P % LEN] ^= (int32_t)BC[(P * 7) % LEN];
    SA[(P * 3) % LEN] += (int16_t)P;
    BA[P % LEN] = BC[(P + 1) % LEN];
    if (P % 64 == 0)
      to_float(FA, IB);
  }
  for (int I = 0; I < LEN; I += 64) {
    uint32_t Bits;
    memcpy(&Bits, &FB[I], 4);
    H = mix64(H, Bits);
    H = mix64(H, BC[I]);
  }
  print_checksum(H);
  return 0;
}
