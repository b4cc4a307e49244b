/* heat3d: the 3-D heat equation, a seven-point stencil, PolyBench style.
 *
 * Two N^3 grids updated alternately; the neighbours in the slowest
 * dimension are N*N elements apart, so the loop streams through memory.
 */
#include "bench.h"

#define N 120
#define STEPS_PER_UNIT 20

static double A[N][N][N], B[N][N][N];

static void init(void) {
  for (int I = 0; I < N; ++I)
    for (int J = 0; J < N; ++J)
      for (int K = 0; K < N; ++K)
        A[I][J][K] = B[I][J][K] = (double)((I * J + (N - K) * K) % 97) / N;
}

static void step(double (*Dst)[N][N], double (*Src)[N][N]) {
  for (int I = 1; I < N - 1; ++I)
    for (int J = 1; J < N - 1; ++J)
      for (int K = 1; K < N - 1; ++K)
        Dst[I][J][K] =
            0.125 * (Src[I + 1][J][K] - 2.0 * Src[I][J][K] + Src[I - 1][J][K]) +
            0.125 * (Src[I][J + 1][K] - 2.0 * Src[I][J][K] + Src[I][J - 1][K]) +
            0.125 * (Src[I][J][K + 1] - 2.0 * Src[I][J][K] + Src[I][J][K - 1]) +
            Src[I][J][K];
}

int main(int argc, char **argv) {
  long Steps = bench_units(argc, argv) * STEPS_PER_UNIT;
  init();
  for (long T = 0; T < Steps; ++T) {
    step(B, A);
    step(A, B);
  }
  uint64_t H = 14695981039346656037ull;
  double Sum = 0.0;
  for (int I = 0; I < N; ++I)
    for (int J = 0; J < N; ++J)
      for (int K = 0; K < N; ++K) {
        H = mix_double(H, A[I][J][K]);
        Sum += A[I][J][K];
      }
  printf("sum: %.9e\n", Sum);
  print_checksum(H);
  return 0;
}
