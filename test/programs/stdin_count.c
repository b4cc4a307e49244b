// STDIN: inputs/text.txt
// Reads stdin to the end with getchar and fread, counting lines, words and
// bytes, and a checksum of the bytes.
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>

int main(void) {
  long Lines = 0, Words = 0, Bytes = 0;
  uint32_t Hash = 2166136261u; // FNV-1a
  int InWord = 0;
  // The first line with getchar, the rest with fread.
  int C;
  while ((C = getchar()) != EOF) {
    ++Bytes;
    Hash = (Hash ^ (unsigned char)C) * 16777619u;
    if (C == '\n') {
      ++Lines;
      break;
    }
    if (isspace(C))
      InWord = 0;
    else if (!InWord) {
      InWord = 1;
      ++Words;
    }
  }
  InWord = 0;
  unsigned char Buf[100];
  size_t N;
  while ((N = fread(Buf, 1, sizeof Buf, stdin)) > 0) {
    for (size_t I = 0; I < N; ++I) {
      ++Bytes;
      Hash = (Hash ^ Buf[I]) * 16777619u;
      if (Buf[I] == '\n')
        ++Lines;
      if (isspace(Buf[I]))
        InWord = 0;
      else if (!InWord) {
        InWord = 1;
        ++Words;
      }
    }
  }
  printf("%ld lines, %ld words, %ld bytes, fnv1a %08x\n", Lines, Words, Bytes,
         Hash);
  printf("feof %d ferror %d\n", feof(stdin) != 0, ferror(stdin) != 0);
  return 0;
}
