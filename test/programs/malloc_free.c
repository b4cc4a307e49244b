// malloc, calloc, realloc and free: a linked list, growing buffers and large
// blocks (which make the wasm memory grow), with the contents checked.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Node {
  int Value;
  struct Node *Next;
};

int main(void) {
  // A list of 10000 nodes, summed, then freed.
  struct Node *Head = NULL;
  for (int I = 0; I < 10000; ++I) {
    struct Node *N = malloc(sizeof *N);
    if (!N)
      return 1;
    N->Value = I;
    N->Next = Head;
    Head = N;
  }
  long long Sum = 0;
  int Count = 0;
  while (Head) {
    struct Node *Next = Head->Next;
    Sum += Head->Value;
    ++Count;
    free(Head);
    Head = Next;
  }
  printf("list: %d nodes, sum %lld\n", Count, Sum);

  // A buffer grown by realloc keeps its contents.
  size_t Cap = 1, Len = 0;
  char *Buf = malloc(Cap);
  for (int I = 0; I < 5000; ++I) {
    if (Len + 1 > Cap) {
      Cap *= 2;
      Buf = realloc(Buf, Cap);
      if (!Buf)
        return 1;
    }
    Buf[Len++] = (char)('a' + I % 26);
  }
  int Ok = 1;
  for (size_t I = 0; I < Len; ++I)
    Ok &= Buf[I] == (char)('a' + I % 26);
  printf("realloc: %zu bytes, capacity %zu, contents %s\n", Len, Cap,
         Ok ? "intact" : "CORRUPT");
  free(Buf);

  // calloc zeroes; large blocks come and go.
  uint32_t *Zeros = calloc(100000, sizeof *Zeros);
  uint64_t ZeroSum = 0;
  for (int I = 0; I < 100000; ++I)
    ZeroSum += Zeros[I];
  printf("calloc: sum %llu\n", (unsigned long long)ZeroSum);
  free(Zeros);

  for (int Round = 0; Round < 4; ++Round) {
    size_t Size = (size_t)(16 + Round * 8) << 20; // 16..40 MiB
    unsigned char *Big = malloc(Size);
    if (!Big) {
      printf("big: malloc of %zu MiB failed\n", Size >> 20);
      return 1;
    }
    memset(Big, Round + 1, Size);
    uint64_t Total = 0;
    for (size_t I = 0; I < Size; I += 4096)
      Total += Big[I];
    printf("big: %zu MiB, sampled sum %llu\n", Size >> 20,
           (unsigned long long)Total);
    free(Big);
  }
  return 0;
}
