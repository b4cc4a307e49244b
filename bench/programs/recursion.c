/* recursion: deep and branching recursion.
 *
 * Doubly recursive Fibonacci, the Ackermann function (recursion several
 * thousand frames deep), a recursive-descent parser of a generated
 * expression with deeply nested parentheses, and mutual recursion. Stresses
 * calls, returns, prologue stack checks and spilling across calls.
 */
#include "bench.h"

#define EXPR_SIZE (1 << 18)
#define MAX_NESTING 2000
#define ROUNDS_PER_UNIT 4

static uint32_t fib(uint32_t N) { return N < 2 ? N : fib(N - 1) + fib(N - 2); }

static uint32_t ackermann(uint32_t M, uint32_t N) {
  if (M == 0)
    return N + 1;
  if (N == 0)
    return ackermann(M - 1, 1);
  return ackermann(M - 1, ackermann(M, N - 1));
}

/* Mutual recursion N frames deep; the work after each call keeps it from
 * becoming a loop. */
static uint32_t walk_odd(uint32_t N);
static uint32_t walk_even(uint32_t N) {
  if (N == 0)
    return 1;
  uint32_t V = walk_odd(N - 1);
  return ((V << 1) | (V >> 31)) ^ N;
}
static uint32_t walk_odd(uint32_t N) {
  if (N == 0)
    return 2;
  uint32_t V = walk_even(N - 1);
  return ((V << 3) | (V >> 29)) + N;
}

/* A random arithmetic expression over small integers with + - * and
 * parentheses, evaluated modulo 2^32 by recursive descent. */
static char Expr[EXPR_SIZE];
static size_t ExprLen;
static const char *Cursor;

static void gen_expr(int Depth, size_t Budget) {
  if (Budget < 8 || Depth >= MAX_NESTING || ExprLen + 16 >= EXPR_SIZE) {
    Expr[ExprLen++] = (char)('1' + rng_below(9));
    return;
  }
  /* Mostly a chain of nested parentheses, sometimes a wide sum. */
  uint32_t R = rng_below(10);
  if (R < 7) {
    Expr[ExprLen++] = '(';
    gen_expr(Depth + 1, Budget - 4);
    Expr[ExprLen++] = "+-*"[rng_below(3)];
    Expr[ExprLen++] = (char)('1' + rng_below(9));
    Expr[ExprLen++] = ')';
  } else {
    gen_expr(Depth + 1, Budget / 2);
    Expr[ExprLen++] = "+-*"[rng_below(3)];
    gen_expr(Depth + 1, Budget / 2);
  }
}

static uint32_t parse_sum(void);

static uint32_t parse_atom(void) {
  if (*Cursor == '(') {
    ++Cursor;
    uint32_t V = parse_sum();
    ++Cursor; /* ')' */
    return V;
  }
  uint32_t V = 0;
  while (*Cursor >= '0' && *Cursor <= '9')
    V = V * 10 + (uint32_t)(*Cursor++ - '0');
  return V;
}

static uint32_t parse_product(void) {
  uint32_t V = parse_atom();
  while (*Cursor == '*') {
    ++Cursor;
    V *= parse_atom();
  }
  return V;
}

static uint32_t parse_sum(void) {
  uint32_t V = parse_product();
  while (*Cursor == '+' || *Cursor == '-') {
    char Op = *Cursor++;
    uint32_t W = parse_product();
    V = Op == '+' ? V + W : V - W;
  }
  return V;
}

int main(int argc, char **argv) {
  long Rounds = bench_units(argc, argv) * ROUNDS_PER_UNIT;
  rng_seed(5);
  gen_expr(0, EXPR_SIZE - 64);
  Expr[ExprLen] = 0;
  uint64_t H = 14695981039346656037ull;
  for (long U = 0; U < Rounds; ++U) {
    H = mix64(H, fib(27 + (uint32_t)(U % 3)));
    H = mix64(H, ackermann(2, 1000 + (uint32_t)U));
    H = mix64(H, ackermann(3, 7));
    for (uint32_t K = 0; K < 200; ++K)
      H = mix64(H, walk_even(5000 + K + (uint32_t)U));
    for (int K = 0; K < 40; ++K) {
      Cursor = Expr;
      H = mix64(H, parse_sum());
    }
  }
  printf("expression of %zu bytes\n", ExprLen);
  print_checksum(H);
  return 0;
}
