/* jacobi2d: the 2-D Jacobi five-point stencil, PolyBench style.
 *
 * Two N x N grids; every time step writes B from A and then A from B.
 * Three rows are live at once, so the loop is bound by loads and adds.
 */
#include "bench.h"

#define N 1000
#define STEPS_PER_UNIT 50

static double A[N][N], B[N][N];

static void init(void) {
  for (int I = 0; I < N; ++I)
    for (int J = 0; J < N; ++J) {
      A[I][J] = ((double)I * (J + 2) + 2) / N;
      B[I][J] = ((double)I * (J + 3) + 3) / N;
    }
}

static void kernel_jacobi2d(long Steps) {
  for (long T = 0; T < Steps; ++T) {
    for (int I = 1; I < N - 1; ++I)
      for (int J = 1; J < N - 1; ++J)
        B[I][J] = 0.2 * (A[I][J] + A[I][J - 1] + A[I][J + 1] + A[I + 1][J] +
                         A[I - 1][J]);
    for (int I = 1; I < N - 1; ++I)
      for (int J = 1; J < N - 1; ++J)
        A[I][J] = 0.2 * (B[I][J] + B[I][J - 1] + B[I][J + 1] + B[I + 1][J] +
                         B[I - 1][J]);
  }
}

int main(int argc, char **argv) {
  long Steps = bench_units(argc, argv) * STEPS_PER_UNIT;
  init();
  kernel_jacobi2d(Steps);
  uint64_t H = 14695981039346656037ull;
  double Sum = 0.0;
  for (int I = 0; I < N; ++I)
    for (int J = 0; J < N; ++J) {
      H = mix_double(H, A[I][J]);
      Sum += A[I][J];
    }
  printf("sum: %.9e\n", Sum);
  print_checksum(H);
  return 0;
}
