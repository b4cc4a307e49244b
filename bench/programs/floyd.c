/* floyd: Floyd-Warshall all-pairs shortest paths on a dense int graph,
 * PolyBench style.
 *
 * The inner loop is a min over a row: a select on i32 that vectorises
 * natively.
 */
#include "bench.h"

#define N 560

static int Path[N][N];

static void init(void) {
  for (int I = 0; I < N; ++I)
    for (int J = 0; J < N; ++J) {
      Path[I][J] = I * J % 7 + 1;
      if ((I + J) % 13 == 0 || (I + J) % 7 == 0 || (I + J) % 11 == 0)
        Path[I][J] = 999;
    }
}

static void kernel_floyd(void) {
  for (int K = 0; K < N; ++K)
    for (int I = 0; I < N; ++I) {
      int IK = Path[I][K];
      for (int J = 0; J < N; ++J) {
        int Via = IK + Path[K][J];
        Path[I][J] = Path[I][J] < Via ? Path[I][J] : Via;
      }
    }
}

int main(int argc, char **argv) {
  long Reps = bench_units(argc, argv);
  uint64_t H = 14695981039346656037ull;
  for (long R = 0; R < Reps; ++R) {
    init();
    /* Perturb one edge per repetition so no two runs are the same. */
    Path[R % N][(R * 7) % N] = 1;
    kernel_floyd();
    for (int I = 0; I < N; ++I)
      for (int J = 0; J < N; ++J)
        H = mix64(H, (uint64_t)Path[I][J]);
  }
  print_checksum(H);
  return 0;
}
