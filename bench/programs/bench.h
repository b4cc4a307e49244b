/* bench.h - helpers shared by the benchmark programs.
 *
 * Every program prints one line "checksum: ..." that must be identical for
 * the native build and every WebAssembly variant. Nothing here depends on
 * the C library beyond printf: the random numbers come from our own
 * generator (rand() differs between glibc and wasi-libc), and doubles are
 * folded into the checksum by their bit patterns, so a single differing ulp
 * is caught.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* xorshift64*: small, fast and the same everywhere. */
static uint64_t bench_rng_state = 0x9e3779b97f4a7c15ull;

static inline void rng_seed(uint64_t Seed) {
  bench_rng_state = Seed ? Seed : 0x9e3779b97f4a7c15ull;
}

static inline uint64_t rng_next(void) {
  uint64_t X = bench_rng_state;
  X ^= X >> 12;
  X ^= X << 25;
  X ^= X >> 27;
  bench_rng_state = X;
  return X * 0x2545f4914f6cdd1dull;
}

/* A uniformly distributed integer in [0, N). */
static inline uint32_t rng_below(uint32_t N) {
  return (uint32_t)(((rng_next() >> 32) * (uint64_t)N) >> 32);
}

/* A double in [0, 1). */
static inline double rng_unit(void) {
  return (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0);
}

/* FNV-1a style mixing of 64-bit words. */
static inline uint64_t mix64(uint64_t H, uint64_t V) {
  for (int I = 0; I < 8; ++I) {
    H ^= (V >> (8 * I)) & 0xff;
    H *= 0x100000001b3ull;
  }
  return H;
}

static inline uint64_t double_bits(double D) {
  uint64_t U;
  memcpy(&U, &D, sizeof U);
  return U;
}

static inline uint64_t mix_double(uint64_t H, double D) {
  return mix64(H, double_bits(D));
}

/* The optional first argument is the number of work units: 10 by default
 * (what bench/run times), and the run time grows linearly with it, so
 * bench/run --callgrind passes 1 for a tenth of the work. */
#define BENCH_DEFAULT_UNITS 10

static inline long bench_units(int Argc, char **Argv) {
  if (Argc < 2)
    return BENCH_DEFAULT_UNITS;
  long V = 0;
  for (const char *P = Argv[1]; *P >= '0' && *P <= '9'; ++P)
    V = V * 10 + (*P - '0');
  return V > 0 ? V : BENCH_DEFAULT_UNITS;
}

static inline void print_checksum(uint64_t H) {
  printf("checksum: %016llx\n", (unsigned long long)H);
}

#endif
