/* sort: a generic qsort-style sort with a comparison callback.
 *
 * The sort takes (base, count, size, compare) like qsort and moves
 * elements bytewise, so every comparison is an indirect call
 * (call_indirect in WebAssembly) and every swap a generic memory loop.
 * It is written here rather than taken from the C library so that the
 * native and WebAssembly builds run the same algorithm (glibc sorts with
 * a merge sort, wasi-libc with smoothsort).
 */
#include "bench.h"

#define COUNT 100000
#define SORTS_PER_UNIT 8

typedef struct {
  uint32_t Key;
  uint32_t Id;
  double Score;
  char Name[8];
} Record;

typedef int (*CompareFn)(const void *, const void *);

static void swap_bytes(char *A, char *B, size_t Size) {
  for (size_t I = 0; I < Size; ++I) {
    char T = A[I];
    A[I] = B[I];
    B[I] = T;
  }
}

/* Quicksort with a median-of-three pivot, recursing into the smaller part
 * and finishing short ranges with insertion sort. */
static void sort_generic(void *Base, size_t N, size_t Size, CompareFn Cmp) {
  char *B = Base;
  while (N > 12) {
    char *Mid = B + (N / 2) * Size, *Last = B + (N - 1) * Size;
    if (Cmp(Mid, B) < 0)
      swap_bytes(Mid, B, Size);
    if (Cmp(Last, Mid) < 0) {
      swap_bytes(Last, Mid, Size);
      if (Cmp(Mid, B) < 0)
        swap_bytes(Mid, B, Size);
    }
    /* The pivot goes to B + Size; B and Last already bound the partition. */
    swap_bytes(Mid, B + Size, Size);
    char *Pivot = B + Size;
    char *L = B + Size, *R = Last;
    for (;;) {
      do
        L += Size;
      while (Cmp(L, Pivot) < 0);
      do
        R -= Size;
      while (Cmp(Pivot, R) < 0);
      if (L >= R)
        break;
      swap_bytes(L, R, Size);
    }
    swap_bytes(Pivot, R, Size);
    size_t Left = (size_t)(R - B) / Size;
    size_t Right = N - Left - 1;
    if (Left < Right) {
      sort_generic(B, Left, Size, Cmp);
      B = R + Size;
      N = Right;
    } else {
      sort_generic(R + Size, Right, Size, Cmp);
      N = Left;
    }
  }
  for (size_t I = 1; I < N; ++I)
    for (char *P = B + I * Size; P > B && Cmp(P, P - Size) < 0; P -= Size)
      swap_bytes(P, P - Size, Size);
}

/* Every comparison ends with the unique Id, so the order is total. */
static int by_id(const Record *A, const Record *B) {
  return (A->Id > B->Id) - (A->Id < B->Id);
}

static int cmp_key(const void *PA, const void *PB) {
  const Record *A = PA, *B = PB;
  if (A->Key != B->Key)
    return A->Key < B->Key ? -1 : 1;
  return by_id(A, B);
}

static int cmp_score_desc(const void *PA, const void *PB) {
  const Record *A = PA, *B = PB;
  if (A->Score != B->Score)
    return A->Score > B->Score ? -1 : 1;
  return by_id(A, B);
}

static int cmp_name(const void *PA, const void *PB) {
  const Record *A = PA, *B = PB;
  for (int I = 0; I < 8; ++I)
    if (A->Name[I] != B->Name[I])
      return (unsigned char)A->Name[I] < (unsigned char)B->Name[I] ? -1 : 1;
  return by_id(A, B);
}

static int cmp_key_mod_then_name(const void *PA, const void *PB) {
  const Record *A = PA, *B = PB;
  uint32_t KA = A->Key % 1000, KB = B->Key % 1000;
  if (KA != KB)
    return KA < KB ? -1 : 1;
  return cmp_name(PA, PB);
}

static CompareFn Comparators[] = {cmp_key, cmp_score_desc, cmp_name,
                                  cmp_key_mod_then_name};

int main(int argc, char **argv) {
  long Sorts = bench_units(argc, argv) * SORTS_PER_UNIT;
  Record *Recs = malloc(sizeof(Record) * COUNT);
  if (!Recs)
    return 1;
  rng_seed(31337);
  for (uint32_t I = 0; I < COUNT; ++I) {
    Recs[I].Key = (uint32_t)rng_next() % 50000;
    Recs[I].Id = I;
    Recs[I].Score = (double)rng_below(1000) / 8.0;
    for (int K = 0; K < 7; ++K)
      Recs[I].Name[K] = (char)('a' + rng_below(4 + (uint32_t)K));
    Recs[I].Name[7] = 0;
  }
  uint64_t H = 14695981039346656037ull;
  for (long S = 0; S < Sorts; ++S) {
    /* Shuffle a little so that no sort starts from sorted input. */
    for (uint32_t I = 0; I < COUNT / 4; ++I) {
      uint32_t A = rng_below(COUNT), B = rng_below(COUNT);
      Record T = Recs[A];
      Recs[A] = Recs[B];
      Recs[B] = T;
    }
    CompareFn Cmp = Comparators[S % 4];
    sort_generic(Recs, COUNT, sizeof(Record), Cmp);
    for (uint32_t I = 0; I < COUNT; I += 97)
      H = mix64(H, Recs[I].Id);
    for (uint32_t I = 1; I < COUNT; ++I)
      if (Cmp(&Recs[I - 1], &Recs[I]) >= 0) {
        printf("not sorted at %u\n", I);
        return 1;
      }
  }
  print_checksum(H);
  free(Recs);
  return 0;
}
