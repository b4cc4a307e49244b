/* alloc: allocation-heavy code, malloc and free in tight loops.
 *
 * Builds and frees complete binary trees of small nodes, and keeps a pool
 * of live blocks of random sizes (16 B to 4 KiB) that are freed and
 * replaced in random order. Each side uses its own C library's allocator
 * (glibc's ptmalloc natively, dlmalloc from wasi-libc in WebAssembly), so
 * this measures the allocator as compiled, not only the compiler.
 */
#include "bench.h"

#define TREE_DEPTH 16
#define TREES_PER_UNIT 40
#define POOL 4096
#define CHURN_PER_UNIT 400000

typedef struct Node {
  struct Node *Left, *Right;
  uint32_t Value;
} Node;

static Node *build(int Depth, uint32_t Value) {
  Node *N = malloc(sizeof(Node));
  N->Value = Value;
  if (Depth == 0) {
    N->Left = N->Right = 0;
  } else {
    N->Left = build(Depth - 1, Value * 2);
    N->Right = build(Depth - 1, Value * 2 + 1);
  }
  return N;
}

static uint64_t check(const Node *N) {
  uint64_t S = N->Value;
  if (N->Left)
    S += check(N->Left) ^ check(N->Right);
  return S;
}

static void destroy(Node *N) {
  if (N->Left) {
    destroy(N->Left);
    destroy(N->Right);
  }
  free(N);
}

int main(int argc, char **argv) {
  long Units = bench_units(argc, argv);
  uint64_t H = 14695981039346656037ull;
  static uint8_t *Pool[POOL];
  static uint32_t Sizes[POOL];
  rng_seed(77);
  for (int I = 0; I < POOL; ++I) {
    Sizes[I] = 16 + rng_below(256);
    Pool[I] = malloc(Sizes[I]);
    Pool[I][0] = (uint8_t)I;
    Pool[I][Sizes[I] - 1] = (uint8_t)(I >> 3);
  }
  for (long U = 0; U < Units; ++U) {
    for (int T = 0; T < TREES_PER_UNIT; ++T) {
      Node *Root = build(TREE_DEPTH - (T % 4), (uint32_t)(T + U));
      H = mix64(H, check(Root));
      destroy(Root);
    }
    for (int K = 0; K < CHURN_PER_UNIT; ++K) {
      uint32_t I = rng_below(POOL);
      /* Read back what was written when the block was allocated. */
      H = H * 31 + Pool[I][0] + Pool[I][Sizes[I] - 1];
      free(Pool[I]);
      /* Mostly small blocks, sometimes up to 4 KiB. */
      Sizes[I] = rng_below(8) ? 16 + rng_below(112) : 16 + rng_below(4080);
      Pool[I] = malloc(Sizes[I]);
      Pool[I][0] = (uint8_t)K;
      Pool[I][Sizes[I] - 1] = (uint8_t)(K >> 8);
    }
  }
  for (int I = 0; I < POOL; ++I)
    free(Pool[I]);
  print_checksum(H);
  return 0;
}
