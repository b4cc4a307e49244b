// 64-bit integer arithmetic on a 32-bit-pointer target: multiplication,
// division and remainder of both signs, shifts, rotations, wrap-around, bit
// counting and 128-bit products, all fed values the compiler cannot fold.
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

static volatile uint64_t Inputs[] = {0,
                                     1,
                                     7,
                                     0x7fffffffffffffffULL,
                                     0x8000000000000000ULL,
                                     0xffffffffffffffffULL,
                                     0x123456789abcdef0ULL,
                                     1000000007ULL,
                                     0xdeadbeefULL,
                                     0x100000000ULL};
enum { N = sizeof Inputs / sizeof Inputs[0] };

static uint64_t rotl(uint64_t X, unsigned R) {
  return (X << (R & 63)) | (X >> ((64 - R) & 63));
}

int main(void) {
  uint64_t Acc = 0x9e3779b97f4a7c15ULL;
  for (int I = 0; I < N; ++I) {
    for (int J = 0; J < N; ++J) {
      uint64_t A = Inputs[I], B = Inputs[J];
      int64_t SA = (int64_t)A, SB = (int64_t)B;
      uint64_t Mul = A * B;
      uint64_t Div = B ? A / B : 0, Rem = B ? A % B : 0;
      int64_t SDiv = 0, SRem = 0;
      if (SB != 0 && !(SA == INT64_MIN && SB == -1)) {
        SDiv = SA / SB;
        SRem = SA % SB;
      }
      Acc = rotl(Acc ^ Mul, 7) + Div * 31 + Rem;
      Acc ^= (uint64_t)SDiv * 17 + (uint64_t)SRem;
      Acc += (A << (B & 63)) ^ (A >> (B & 63)) ^ (uint64_t)(SA >> (B & 63));
    }
  }
  printf("mixed: %016" PRIx64 "\n", Acc);

  uint64_t A = Inputs[6], B = Inputs[7];
  printf("mul %" PRIu64 " div %" PRIu64 " rem %" PRIu64 "\n", A * B, A / B,
         A % B);
  int64_t S = -(int64_t)Inputs[6];
  printf("signed div %" PRId64 " rem %" PRId64 " shr %" PRId64 "\n",
         S / (int64_t)B, S % (int64_t)B, S >> 13);
  printf("wrap %" PRIu64 " %" PRId64 "\n", Inputs[5] + 2,
         (int64_t)(Inputs[3] + 1));
  printf("popcount %d clz %d ctz %d\n", __builtin_popcountll(A),
         __builtin_clzll(A), __builtin_ctzll(A));
  unsigned __int128 Wide = (unsigned __int128)Inputs[5] * Inputs[6];
  printf("128-bit product %016" PRIx64 "%016" PRIx64 "\n",
         (uint64_t)(Wide >> 64), (uint64_t)Wide);
  uint64_t Fact = 1;
  for (uint64_t K = 1; K <= 20; ++K)
    Fact *= K;
  printf("20! = %" PRIu64 "\n", Fact);
  int32_t Small = (int32_t)Inputs[8];
  printf("truncation %" PRId32 " extension %" PRId64 " %" PRIu64 "\n", Small,
         (int64_t)Small, (uint64_t)(uint32_t)Small);
  return 0;
}
