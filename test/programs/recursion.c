// Recursion: Ackermann, naive Fibonacci, mutual recursion, Towers of Hanoi
// and a recursive descent expression parser.
#include <stdint.h>
#include <stdio.h>

static unsigned ackermann(unsigned M, unsigned N) {
  if (M == 0)
    return N + 1;
  if (N == 0)
    return ackermann(M - 1, 1);
  return ackermann(M - 1, ackermann(M, N - 1));
}

static uint64_t fib(unsigned N) { return N < 2 ? N : fib(N - 1) + fib(N - 2); }

static int isOdd(unsigned N);
static int isEven(unsigned N) { return N == 0 ? 1 : isOdd(N - 1); }
static int isOdd(unsigned N) { return N == 0 ? 0 : isEven(N - 1); }

static unsigned long Moves;
static void hanoi(int N, int From, int To, int Via) {
  if (N == 0)
    return;
  hanoi(N - 1, From, Via, To);
  ++Moves;
  hanoi(N - 1, Via, To, From);
}

// expr := term (('+'|'-') term)*; term := factor (('*'|'/') factor)*;
// factor := number | '(' expr ')' | '-' factor
static const char *P;
static long expr(void);
static long factor(void) {
  if (*P == '(') {
    ++P;
    long V = expr();
    ++P; // ')'
    return V;
  }
  if (*P == '-') {
    ++P;
    return -factor();
  }
  long V = 0;
  while (*P >= '0' && *P <= '9')
    V = V * 10 + (*P++ - '0');
  return V;
}
static long term(void) {
  long V = factor();
  while (*P == '*' || *P == '/') {
    char Op = *P++;
    long R = factor();
    V = Op == '*' ? V * R : V / R;
  }
  return V;
}
static long expr(void) {
  long V = term();
  while (*P == '+' || *P == '-') {
    char Op = *P++;
    long R = term();
    V = Op == '+' ? V + R : V - R;
  }
  return V;
}

int main(void) {
  printf("ackermann(2, 3) = %u\n", ackermann(2, 3));
  printf("ackermann(3, 5) = %u\n", ackermann(3, 5));
  printf("fib(27) = %llu\n", (unsigned long long)fib(27));
  printf("isEven(10001) = %d, isOdd(7777) = %d\n", isEven(10001), isOdd(7777));
  hanoi(16, 1, 3, 2);
  printf("hanoi(16) = %lu moves\n", Moves);
  const char *Exprs[] = {"1+2*3", "(1+2)*3", "-(4-10)*(2+3)/3",
                         "((((((7))))))*6-(-1)"};
  for (int I = 0; I < 4; ++I) {
    P = Exprs[I];
    printf("%s = %ld\n", Exprs[I], expr());
  }
  return 0;
}
