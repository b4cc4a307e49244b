/* gemm: C = alpha * A * B + beta * C in double precision, PolyBench style.
 *
 * The loop order (i, k, j) makes the innermost loop a unit-stride
 * multiply-add over rows of B and C, which native compilers vectorise; a
 * WebAssembly compiler has to recover the same from scalar wasm.
 */
#include "bench.h"

#define NI 760
#define NJ 780
#define NK 800

static double A[NI][NK], B[NK][NJ], C[NI][NJ];

static void init(void) {
  for (int I = 0; I < NI; ++I)
    for (int K = 0; K < NK; ++K)
      A[I][K] = (double)((I * (K + 1)) % NK) / NK;
  for (int K = 0; K < NK; ++K)
    for (int J = 0; J < NJ; ++J)
      B[K][J] = (double)((K * (J + 2)) % NJ) / NJ;
  for (int I = 0; I < NI; ++I)
    for (int J = 0; J < NJ; ++J)
      C[I][J] = (double)((I * J + 1) % NI) / NI;
}

static void kernel_gemm(double Alpha, double Beta) {
  for (int I = 0; I < NI; ++I) {
    for (int J = 0; J < NJ; ++J)
      C[I][J] *= Beta;
    for (int K = 0; K < NK; ++K) {
      double AIK = Alpha * A[I][K];
      for (int J = 0; J < NJ; ++J)
        C[I][J] += AIK * B[K][J];
    }
  }
}

int main(int argc, char **argv) {
  long Reps = bench_units(argc, argv);
  init();
  /* Beta < 1 keeps the values bounded over the repetitions. */
  for (long R = 0; R < Reps; ++R)
    kernel_gemm(1.5 / NK, 0.25);
  uint64_t H = 14695981039346656037ull;
  double Sum = 0.0;
  for (int I = 0; I < NI; ++I)
    for (int J = 0; J < NJ; ++J) {
      H = mix_double(H, C[I][J]);
      Sum += C[I][J];
    }
  printf("sum: %.9e\n", Sum);
  print_checksum(H);
  return 0;
}
