/* bitops: bit manipulation - CRC-32, SHA-256 and bit counting.
 *
 * CRC-32 is table driven (byte loads, shifts, xors); SHA-256 is written
 * from FIPS 180-4 (32-bit rotates, and, xor, not); the rest counts bits
 * with popcount, clz and ctz and reverses them, which the baseline
 * x86-64 has no instruction for.
 */
#include "bench.h"

#define BUF_SIZE (1 << 16)
#define PASSES_PER_UNIT 240

static uint8_t Buf[BUF_SIZE];
static uint32_t CrcTable[256];

static void crc_init(void) {
  for (uint32_t I = 0; I < 256; ++I) {
    uint32_t C = I;
    for (int K = 0; K < 8; ++K)
      C = (C & 1) ? 0xedb88320u ^ (C >> 1) : C >> 1;
    CrcTable[I] = C;
  }
}

static uint32_t crc32(const uint8_t *P, size_t N, uint32_t Crc) {
  Crc = ~Crc;
  for (size_t I = 0; I < N; ++I)
    Crc = CrcTable[(Crc ^ P[I]) & 0xff] ^ (Crc >> 8);
  return ~Crc;
}

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static inline uint32_t rotr(uint32_t X, int N) {
  return (X >> N) | (X << (32 - N));
}

/* Compresses whole 64-byte blocks into State (no padding: the input length
 * is a multiple of 64 and the digest is only used as a checksum). */
static void sha256_blocks(uint32_t State[8], const uint8_t *P, size_t N) {
  for (size_t Off = 0; Off + 64 <= N; Off += 64) {
    uint32_t W[64];
    for (int T = 0; T < 16; ++T)
      W[T] = (uint32_t)P[Off + 4 * T] << 24 |
             (uint32_t)P[Off + 4 * T + 1] << 16 |
             (uint32_t)P[Off + 4 * T + 2] << 8 | P[Off + 4 * T + 3];
    for (int T = 16; T < 64; ++T) {
      uint32_t S0 = rotr(W[T - 15], 7) ^ rotr(W[T - 15], 18) ^ (W[T - 15] >> 3);
      uint32_t S1 = rotr(W[T - 2], 17) ^ rotr(W[T - 2], 19) ^ (W[T - 2] >> 10);
      W[T] = W[T - 16] + S0 + W[T - 7] + S1;
    }
    uint32_t A = State[0], B = State[1], C = State[2], D = State[3];
    uint32_t E = State[4], F = State[5], G = State[6], H = State[7];
    for (int T = 0; T < 64; ++T) {
      uint32_t T1 = H + (rotr(E, 6) ^ rotr(E, 11) ^ rotr(E, 25)) +
                    ((E & F) ^ (~E & G)) + K256[T] + W[T];
      uint32_t T2 = (rotr(A, 2) ^ rotr(A, 13) ^ rotr(A, 22)) +
                    ((A & B) ^ (A & C) ^ (B & C));
      H = G;
      G = F;
      F = E;
      E = D + T1;
      D = C;
      C = B;
      B = A;
      A = T1 + T2;
    }
    State[0] += A;
    State[1] += B;
    State[2] += C;
    State[3] += D;
    State[4] += E;
    State[5] += F;
    State[6] += G;
    State[7] += H;
  }
}

static inline uint32_t reverse_bits(uint32_t X) {
  X = ((X >> 1) & 0x55555555u) | ((X & 0x55555555u) << 1);
  X = ((X >> 2) & 0x33333333u) | ((X & 0x33333333u) << 2);
  X = ((X >> 4) & 0x0f0f0f0fu) | ((X & 0x0f0f0f0fu) << 4);
  X = ((X >> 8) & 0x00ff00ffu) | ((X & 0x00ff00ffu) << 8);
  return (X >> 16) | (X << 16);
}

static uint64_t count_bits(const uint8_t *P, size_t N) {
  uint64_t Acc = 0;
  for (size_t I = 0; I + 8 <= N; I += 8) {
    uint64_t W;
    memcpy(&W, P + I, 8);
    Acc += (uint64_t)__builtin_popcountll(W);
    Acc += W ? (uint64_t)__builtin_clzll(W) : 64;
    Acc += W ? (uint64_t)__builtin_ctzll(W) * 3 : 0;
    Acc ^= reverse_bits((uint32_t)W) + ((Acc << 7) | (Acc >> 57));
  }
  return Acc;
}

int main(int argc, char **argv) {
  long Passes = bench_units(argc, argv) * PASSES_PER_UNIT;
  crc_init();
  rng_seed(7);
  for (int I = 0; I < BUF_SIZE; ++I)
    Buf[I] = (uint8_t)(rng_next() >> 56);
  uint32_t State[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  uint32_t Crc = 0;
  uint64_t Bits = 0;
  for (long P = 0; P < Passes; ++P) {
    Crc = crc32(Buf, BUF_SIZE, Crc);
    sha256_blocks(State, Buf, BUF_SIZE);
    Bits += count_bits(Buf, BUF_SIZE);
    /* Feed the results back so every pass hashes different data. */
    Buf[P % BUF_SIZE] ^= (uint8_t)(Crc ^ State[0] ^ Bits);
  }
  uint64_t H = 14695981039346656037ull;
  H = mix64(H, Crc);
  for (int I = 0; I < 8; ++I)
    H = mix64(H, State[I]);
  H = mix64(H, Bits);
  printf("crc %08x sha %08x%08x bits %llu\n", Crc, State[0], State[1],
         (unsigned long long)Bits);
  print_checksum(H);
  return 0;
}
