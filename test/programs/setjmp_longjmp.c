// WASM-CFLAGS: -mexception-handling -mllvm -wasm-enable-sjlj
// WASM-EXTRA: inputs/wasm_sjlj_runtime.c -mexception-handling
/* setjmp and longjmp as clang compiles them to wasm exceptions (a try
 * around each call of a function that calls setjmp, longjmp a throw):
 * jumps across several frames, several setjmp points in one function,
 * nested jmp_bufs where an inner handler passes the jump on, longjmp(0),
 * volatile locals that keep their values, and many jumps in a loop. The
 * output must equal the native build's (glibc). */
#include <stdio.h>
#ifdef __wasm__
/* wasi-libc of Debian 12 has no <setjmp.h>: inputs/wasm_sjlj_runtime.c. */
typedef struct {
  void *invocation;
  unsigned label;
  void *env;
  int value;
} jmp_buf[1];
int setjmp(jmp_buf env) __attribute__((returns_twice));
void longjmp(jmp_buf env, int value) __attribute__((noreturn));
#else
#include <setjmp.h>
#endif

static jmp_buf outer, inner;
static int trace[64], ntrace;

static void note(int x) {
  if (ntrace < 64)
    trace[ntrace++] = x;
}

__attribute__((noinline)) static int dive(jmp_buf env, int depth, int value) {
  note(depth);
  if (depth == 0)
    longjmp(env, value);
  return dive(env, depth - 1, value) + 1;
}

/* Two setjmp points in one function, each jumped to once. */
static int two_points(void) {
  volatile int stage = 0;
  jmp_buf a, b;
  if (setjmp(a) == 0) {
    stage = 1;
    if (setjmp(b) == 0) {
      stage = 2;
      dive(b, 3, 7);
    }
    stage += 10; /* back at b */
    dive(a, 2, 9);
  }
  return stage; /* back at a: 12 */
}

/* An inner handler that catches a jump meant for the outer one passes it
 * on (the inner jmp_buf is no longer live once its function returned). */
__attribute__((noinline)) static int middle(int value) {
  if (setjmp(inner) == 0)
    dive(outer, 4, value); /* not inner's: goes past this frame */
  return -1;               /* never reached */
}

static int nested(void) {
  int r = setjmp(outer);
  if (r == 0)
    return middle(5);
  return r;
}

static int zero_becomes_one(void) {
  jmp_buf env;
  int r = setjmp(env);
  if (r == 0)
    longjmp(env, 0);
  return r;
}

int main(void) {
  printf("two points: %d\n", two_points());
  printf("nested: %d\n", nested());
  printf("longjmp(0): %d\n", zero_becomes_one());
  volatile long sum = 0;
  for (volatile int i = 0; i < 20000; ++i) {
    jmp_buf env;
    int r = setjmp(env);
    if (r == 0)
      dive(env, i % 5, i + 1);
    else
      sum += r;
  }
  printf("loop sum: %ld\n", (long)sum);
  printf("trace:");
  for (int i = 0; i < ntrace; ++i)
    printf(" %d", trace[i]);
  printf("\n");
  return 0;
}
