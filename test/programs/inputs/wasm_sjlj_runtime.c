/* What clang's wasm setjmp/longjmp lowering (-mllvm -wasm-enable-sjlj)
 * calls, for setjmp_longjmp.c: Debian 12's wasi-libc predates it. Built
 * with -mexception-handling only (not lowered itself).
 *
 * A lowered function gives each of its setjmp calls a label and each of
 * its calls an identity; setjmp records both in the jmp_buf. longjmp
 * throws the tag __c_longjmp with a pointer to {jmp_buf, value}; each
 * lowered function on the way catches it, asks __wasm_setjmp_test whether
 * the jmp_buf is one of its own live setjmps, and either returns there
 * from setjmp with the value or rethrows. */
#include <stdint.h>

typedef struct {
  void *invocation; /* the call of the function that set it */
  uint32_t label;   /* which setjmp of that function */
  struct {
    void *env;
    int value;
  } arg; /* what longjmp throws a pointer to */
} jmp_buf_impl;

void __wasm_setjmp(void *env, uint32_t label, void *invocation) {
  jmp_buf_impl *j = env;
  j->invocation = invocation;
  j->label = label;
}

uint32_t __wasm_setjmp_test(void *env, void *invocation) {
  jmp_buf_impl *j = env;
  return j->invocation == invocation ? j->label : 0;
}

void __wasm_longjmp(void *env, int value) {
  jmp_buf_impl *j = env;
  j->arg.env = env;
  j->arg.value = value == 0 ? 1 : value;
  __builtin_wasm_throw(1, &j->arg);
}

/* The tag that __builtin_wasm_throw(1, ...) throws, with an i32 (the
 * pointer) as its parameter. */
__asm__(".globl __c_longjmp\n"
        ".tagtype __c_longjmp i32\n"
        "__c_longjmp:\n");
