// STDIN: inputs/text.txt
// Reads lines from stdin with fgets, sorts them with qsort and a strcmp
// callback, and prints them with their original line numbers.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Line {
  char *Text;
  int Number;
};

static int byText(const void *A, const void *B) {
  const struct Line *L = A, *R = B;
  int C = strcmp(L->Text, R->Text);
  return C ? C : L->Number - R->Number;
}

int main(void) {
  struct Line *Lines = NULL;
  int N = 0, Cap = 0;
  char Buf[512];
  while (fgets(Buf, sizeof Buf, stdin)) {
    Buf[strcspn(Buf, "\n")] = 0;
    if (N == Cap) {
      Cap = Cap ? Cap * 2 : 8;
      Lines = realloc(Lines, Cap * sizeof *Lines);
    }
    Lines[N].Text = strdup(Buf);
    Lines[N].Number = N + 1;
    ++N;
  }
  qsort(Lines, N, sizeof *Lines, byText);
  for (int I = 0; I < N; ++I) {
    printf("%3d: %s\n", Lines[I].Number, Lines[I].Text);
    free(Lines[I].Text);
  }
  free(Lines);
  return 0;
}
