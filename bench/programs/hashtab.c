/* hashtab: integer hashing into an open-addressing hash table.
 *
 * 64-bit multiply-xorshift mixing, linear probing with power-of-two masks,
 * inserts, hits, misses and deletions with backward-shift; the table is a
 * few megabytes, so probes miss the cache as often as not.
 */
#include "bench.h"

#define TABLE_BITS 20
#define TABLE_SIZE (1u << TABLE_BITS)
#define KEYS_PER_ROUND 600000
#define ROUNDS_PER_UNIT 1

typedef struct {
  uint64_t Key; /* 0 marks an empty slot. */
  uint64_t Value;
} Slot;

static Slot *Table;
static uint32_t Count;

static inline uint64_t hash64(uint64_t X) {
  X ^= X >> 33;
  X *= 0xff51afd7ed558ccdull;
  X ^= X >> 33;
  X *= 0xc4ceb9fe1a85ec53ull;
  X ^= X >> 33;
  return X;
}

static void insert(uint64_t Key, uint64_t Value) {
  uint32_t I = (uint32_t)hash64(Key) & (TABLE_SIZE - 1);
  while (Table[I].Key != 0 && Table[I].Key != Key)
    I = (I + 1) & (TABLE_SIZE - 1);
  if (Table[I].Key == 0)
    ++Count;
  Table[I].Key = Key;
  Table[I].Value = Value;
}

static Slot *lookup(uint64_t Key) {
  uint32_t I = (uint32_t)hash64(Key) & (TABLE_SIZE - 1);
  while (Table[I].Key != 0) {
    if (Table[I].Key == Key)
      return &Table[I];
    I = (I + 1) & (TABLE_SIZE - 1);
  }
  return 0;
}

/* Deletion without tombstones: shift later members of the probe run back. */
static void erase(uint64_t Key) {
  uint32_t I = (uint32_t)hash64(Key) & (TABLE_SIZE - 1);
  while (Table[I].Key != Key) {
    if (Table[I].Key == 0)
      return;
    I = (I + 1) & (TABLE_SIZE - 1);
  }
  --Count;
  uint32_t Hole = I;
  for (;;) {
    I = (I + 1) & (TABLE_SIZE - 1);
    if (Table[I].Key == 0)
      break;
    uint32_t Home = (uint32_t)hash64(Table[I].Key) & (TABLE_SIZE - 1);
    /* Move the entry if its home is not cyclically within (Hole, I]. */
    if (((I - Home) & (TABLE_SIZE - 1)) >= ((I - Hole) & (TABLE_SIZE - 1))) {
      Table[Hole] = Table[I];
      Hole = I;
    }
  }
  Table[Hole].Key = 0;
  Table[Hole].Value = 0;
}

int main(int argc, char **argv) {
  long Rounds = bench_units(argc, argv) * ROUNDS_PER_UNIT;
  Table = malloc(sizeof(Slot) * TABLE_SIZE);
  if (!Table)
    return 1;
  for (uint32_t I = 0; I < TABLE_SIZE; ++I)
    Table[I].Key = Table[I].Value = 0;
  uint64_t H = 14695981039346656037ull;
  uint64_t Hits = 0, Misses = 0;
  for (long R = 0; R < Rounds; ++R) {
    rng_seed(1000 + (uint64_t)R);
    uint64_t Base = rng_next() | 1;
    for (uint32_t K = 0; K < KEYS_PER_ROUND; ++K)
      insert(Base + K * 0x9e3779b9ull, K ^ (uint64_t)R);
    for (uint32_t K = 0; K < KEYS_PER_ROUND; ++K) {
      uint64_t Probe = Base + (K * 2) * 0x9e3779b9ull;
      Slot *S = lookup(Probe);
      if (S) {
        ++Hits;
        H = mix64(H, S->Value);
      } else {
        ++Misses;
      }
    }
    for (uint32_t K = 0; K < KEYS_PER_ROUND; K += 2)
      erase(Base + K * 0x9e3779b9ull);
    H = mix64(H, Count);
    for (uint32_t K = 1; K < KEYS_PER_ROUND; K += 2)
      erase(Base + K * 0x9e3779b9ull);
  }
  printf("hits %llu misses %llu count %u\n", (unsigned long long)Hits,
         (unsigned long long)Misses, Count);
  print_checksum(H);
  free(Table);
  return 0;
}
