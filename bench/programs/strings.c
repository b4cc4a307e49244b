/* strings: byte-wise string processing on a generated text.
 *
 * Tokenising, a word-frequency table keyed by strings, substring search
 * (Boyer-Moore-Horspool), case folding, number parsing and formatting.
 * All string routines are written here, so the native and WebAssembly
 * builds run the same code rather than glibc's and wasi-libc's.
 */
#include "bench.h"

#define TEXT_SIZE (1 << 20)
#define VOCAB 4096
#define BUCKETS 8192
#define ROUNDS_PER_UNIT 6

static char Text[TEXT_SIZE + 1];
static char Vocab[VOCAB][16];

typedef struct {
  const char *Word; /* points into Text; not NUL-terminated */
  uint32_t Len;
  uint32_t Count;
} Entry;

static Entry Table[BUCKETS];

static int is_alpha(char C) {
  return (C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z');
}
static int is_digit(char C) { return C >= '0' && C <= '9'; }

static size_t str_len(const char *S) {
  const char *P = S;
  while (*P)
    ++P;
  return (size_t)(P - S);
}

static int mem_eq(const char *A, const char *B, size_t N) {
  for (size_t I = 0; I < N; ++I)
    if (A[I] != B[I])
      return 0;
  return 1;
}

static char fold(char C) { return (C >= 'A' && C <= 'Z') ? C + 32 : C; }

static void make_text(void) {
  rng_seed(2024);
  for (int W = 0; W < VOCAB; ++W) {
    int Len = 2 + (int)rng_below(10);
    for (int I = 0; I < Len; ++I)
      Vocab[W][I] = (char)('a' + rng_below(26));
    Vocab[W][Len] = 0;
  }
  size_t Pos = 0;
  while (Pos + 32 < TEXT_SIZE) {
    uint32_t R = rng_below(100);
    if (R < 8) {
      /* A number. */
      uint32_t V = (uint32_t)rng_next();
      char Digits[12];
      int N = 0;
      do {
        Digits[N++] = (char)('0' + V % 10);
        V /= 10;
      } while (V);
      while (N)
        Text[Pos++] = Digits[--N];
    } else {
      /* Zipf-like: small indices are much more frequent. */
      uint32_t W = rng_below(rng_below(VOCAB) + 1);
      const char *S = Vocab[W];
      size_t L = str_len(S);
      for (size_t I = 0; I < L; ++I)
        Text[Pos++] = (R < 20 && I == 0) ? (char)(S[I] - 32) : S[I];
    }
    Text[Pos++] = (R % 7 == 0) ? ',' : ' ';
    if (R == 99)
      Text[Pos++] = '\n';
  }
  Text[Pos] = 0;
}

static uint32_t hash_word(const char *S, size_t N) {
  uint32_t H = 2166136261u;
  for (size_t I = 0; I < N; ++I) {
    H ^= (uint8_t)fold(S[I]);
    H *= 16777619u;
  }
  return H;
}

static int word_eq_folded(const char *A, const char *B, size_t N) {
  for (size_t I = 0; I < N; ++I)
    if (fold(A[I]) != fold(B[I]))
      return 0;
  return 1;
}

/* Counts words and sums numbers; returns a hash of the results. */
static uint64_t count_words(void) {
  for (int I = 0; I < BUCKETS; ++I)
    Table[I].Word = 0, Table[I].Len = 0, Table[I].Count = 0;
  uint64_t NumberSum = 0, Distinct = 0;
  const char *P = Text;
  while (*P) {
    if (is_alpha(*P)) {
      const char *Start = P;
      while (is_alpha(*P))
        ++P;
      size_t N = (size_t)(P - Start);
      uint32_t B = hash_word(Start, N) & (BUCKETS - 1);
      while (Table[B].Word &&
             !(Table[B].Len == N && word_eq_folded(Table[B].Word, Start, N)))
        B = (B + 1) & (BUCKETS - 1);
      if (!Table[B].Word) {
        Table[B].Word = Start;
        Table[B].Len = (uint32_t)N;
        ++Distinct;
      }
      ++Table[B].Count;
    } else if (is_digit(*P)) {
      uint64_t V = 0;
      while (is_digit(*P))
        V = V * 10 + (uint64_t)(*P++ - '0');
      NumberSum += V;
    } else {
      ++P;
    }
  }
  uint64_t H = mix64(NumberSum, Distinct);
  for (int I = 0; I < BUCKETS; ++I)
    if (Table[I].Word)
      H += (uint64_t)Table[I].Count * hash_word(Table[I].Word, Table[I].Len);
  return H;
}

/* Boyer-Moore-Horspool; counts (possibly overlapping) matches. */
static uint64_t count_matches(const char *Hay, size_t HayLen, const char *Pat,
                              size_t PatLen) {
  size_t Shift[256];
  for (int I = 0; I < 256; ++I)
    Shift[I] = PatLen;
  for (size_t I = 0; I + 1 < PatLen; ++I)
    Shift[(uint8_t)Pat[I]] = PatLen - 1 - I;
  uint64_t Count = 0;
  size_t Pos = 0;
  while (Pos + PatLen <= HayLen) {
    char Last = Hay[Pos + PatLen - 1];
    if (Last == Pat[PatLen - 1] && mem_eq(Hay + Pos, Pat, PatLen - 1))
      ++Count;
    Pos += Shift[(uint8_t)Last];
  }
  return Count;
}

/* Reverses every word in place and swaps the case of its first letter. */
static void transform(char *S) {
  while (*S) {
    if (!is_alpha(*S)) {
      ++S;
      continue;
    }
    char *End = S;
    while (is_alpha(*End))
      ++End;
    for (char *L = S, *R = End - 1; L < R; ++L, --R) {
      char T = *L;
      *L = *R;
      *R = T;
    }
    *S ^= 32;
    S = End;
  }
}

/* Formats numbers into a line buffer and hashes the lines. */
static uint64_t format_numbers(uint32_t Seed) {
  char Line[64];
  uint64_t H = 0;
  for (uint32_t I = 0; I < 200000; ++I) {
    uint32_t V = (I * 2654435761u) ^ Seed;
    char *P = Line + sizeof Line;
    *--P = 0;
    do {
      *--P = (char)('0' + V % 10);
      V /= 10;
    } while (V);
    *--P = '=';
    H = H * 31 + hash_word(P, str_len(P));
  }
  return H;
}

int main(int argc, char **argv) {
  long Rounds = bench_units(argc, argv) * ROUNDS_PER_UNIT;
  make_text();
  size_t Len = str_len(Text);
  static const char *Patterns[] = {"the", "abc", "zzq", "ing", "qu"};
  uint64_t H = 14695981039346656037ull;
  for (long U = 0; U < Rounds; ++U) {
    H = mix64(H, count_words());
    for (int I = 0; I < 5; ++I)
      H = mix64(H, count_matches(Text, Len, Patterns[I], str_len(Patterns[I])));
    H = mix64(H, count_matches(Text, Len, Vocab[U % VOCAB],
                               str_len(Vocab[U % VOCAB])));
    transform(Text);
    H = mix64(H, format_numbers((uint32_t)U));
  }
  printf("text %zu bytes\n", Len);
  print_checksum(H);
  return 0;
}
