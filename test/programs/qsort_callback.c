// qsort and bsearch with callbacks: integers ascending and descending,
// structs by two keys, doubles; the results are checked and printed.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ascending(const void *A, const void *B) {
  int X = *(const int *)A, Y = *(const int *)B;
  return (X > Y) - (X < Y);
}
static int descending(const void *A, const void *B) { return ascending(B, A); }

struct Person {
  char Name[16];
  int Age;
};
static int byAgeThenName(const void *A, const void *B) {
  const struct Person *P = A, *Q = B;
  if (P->Age != Q->Age)
    return P->Age - Q->Age;
  return strcmp(P->Name, Q->Name);
}
static int byValue(const void *A, const void *B) {
  double X = *(const double *)A, Y = *(const double *)B;
  return (X > Y) - (X < Y);
}

static uint32_t Seed = 12345;
static uint32_t next(void) { // xorshift32: the same numbers everywhere
  Seed ^= Seed << 13;
  Seed ^= Seed >> 17;
  Seed ^= Seed << 5;
  return Seed;
}

int main(void) {
  enum { N = 2000 };
  static int Values[N];
  for (int I = 0; I < N; ++I)
    Values[I] = (int)(next() % 100000) - 50000;
  int (*Orders[2])(const void *, const void *) = {ascending, descending};
  for (int O = 0; O < 2; ++O) {
    qsort(Values, N, sizeof Values[0], Orders[O]);
    int Sorted = 1;
    for (int I = 1; I < N; ++I)
      Sorted &= Orders[O](&Values[I - 1], &Values[I]) <= 0;
    printf("%s: sorted=%d first=%d last=%d median=%d\n",
           O ? "descending" : "ascending", Sorted, Values[0], Values[N - 1],
           Values[N / 2]);
  }
  qsort(Values, N, sizeof Values[0], ascending);
  int Key = Values[1234];
  int *Found = bsearch(&Key, Values, N, sizeof Values[0], ascending);
  printf("bsearch %d: %s\n", Key, Found && *Found == Key ? "found" : "missing");
  Key = 50001;
  printf("bsearch %d: %s\n", Key,
         bsearch(&Key, Values, N, sizeof Values[0], ascending) ? "found"
                                                               : "missing");

  struct Person People[] = {{"mallory", 41}, {"alice", 30}, {"bob", 25},
                            {"carol", 30},   {"dave", 25},  {"eve", 41}};
  size_t Count = sizeof People / sizeof People[0];
  qsort(People, Count, sizeof People[0], byAgeThenName);
  for (size_t I = 0; I < Count; ++I)
    printf("%d %s\n", People[I].Age, People[I].Name);

  double Doubles[] = {3.5, -0.25, 1e10, -7.0, 0.0, 2.0 / 3.0, -1e-3};
  size_t DCount = sizeof Doubles / sizeof Doubles[0];
  qsort(Doubles, DCount, sizeof Doubles[0], byValue);
  for (size_t I = 0; I < DCount; ++I)
    printf("%g%s", Doubles[I], I + 1 < DCount ? " " : "\n");
  return 0;
}
