/* memloop: memory-bound loops over arrays much larger than the caches.
 *
 * A streaming triad, a strided gather, a copy with a dependent index and a
 * pointer chase through a random cyclic permutation (one cache miss per
 * step, nothing to overlap). Measures the cost of address computation and
 * bounds checking when the memory system is the bottleneck.
 */
#include "bench.h"

#define WORDS (1u << 22) /* 16 MiB of uint32_t per array */
#define CHASE_STEPS (1u << 19)

static uint32_t *X, *Y, *Next;

static void make_cycle(void) {
  /* Sattolo's algorithm: a single cycle through all the slots. */
  for (uint32_t I = 0; I < WORDS; ++I)
    Next[I] = I;
  for (uint32_t I = WORDS - 1; I > 0; --I) {
    uint32_t J = rng_below(I);
    uint32_t T = Next[I];
    Next[I] = Next[J];
    Next[J] = T;
  }
}

int main(int argc, char **argv) {
  long Units = bench_units(argc, argv);
  X = malloc(WORDS * sizeof(uint32_t));
  Y = malloc(WORDS * sizeof(uint32_t));
  Next = malloc(WORDS * sizeof(uint32_t));
  if (!X || !Y || !Next)
    return 1;
  rng_seed(99);
  for (uint32_t I = 0; I < WORDS; ++I) {
    X[I] = I * 2654435761u;
    Y[I] = I ^ 0x5bd1e995u;
  }
  make_cycle();
  uint64_t H = 14695981039346656037ull;
  uint32_t Pos = 0;
  for (long U = 0; U < Units; ++U) {
    /* Streaming triad. */
    uint32_t Scale = (uint32_t)U * 2 + 3;
    for (uint32_t I = 0; I < WORDS; ++I)
      X[I] = Y[I] + Scale * X[I];
    /* Strided gather: 32-byte stride, wrapping around 8 times. */
    uint64_t Sum = 0;
    for (uint32_t S = 0; S < 8; ++S)
      for (uint32_t I = S; I < WORDS; I += 8)
        Sum += X[I];
    H = mix64(H, Sum);
    /* Copy through an index computed from the data. */
    for (uint32_t I = 0; I < WORDS; ++I)
      Y[I] = X[(I + (X[I] & 1023)) & (WORDS - 1)];
    /* Pointer chase. */
    for (uint32_t I = 0; I < CHASE_STEPS; ++I)
      Pos = Next[Pos];
    H = mix64(H, Pos);
  }
  H = mix64(H, Y[12345]);
  print_checksum(H);
  free(X);
  free(Y);
  free(Next);
  return 0;
}
