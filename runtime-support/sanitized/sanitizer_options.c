/*===- sanitizer_options.c - defaults of the sanitized libwasirt.a -------===*
 *
 * Only in the copies of libwasirt.a built with AddressSanitizer and
 * UndefinedBehaviorSanitizer for the *-sanitized tests, and with
 * ThreadSanitizer for lit-tsan (runtime-support/CMakeLists.txt). A wasm
 * trap on a guard page is a SIGSEGV that the runtime's own handler turns
 * into a trap, so ASan must leave SIGSEGV alone; everything else it
 * reports, leaks included. These defaults are linked into every test
 * program, so no test depends on the environment passing ASAN_OPTIONS
 * through.
 *
 *===----------------------------------------------------------------------===*/

const char *__asan_default_options(void);
const char *__ubsan_default_options(void);
const char *__tsan_default_options(void);

const char *__asan_default_options(void) {
  return "handle_segv=0:allow_user_segv_handler=1:detect_leaks=1";
}

const char *__ubsan_default_options(void) {
  return "print_stacktrace=1:halt_on_error=1";
}

/* In the ThreadSanitizer copy (wasirt_tsan): the first race reported ends
 * the program with TSan's status 66. */
const char *__tsan_default_options(void) { return "halt_on_error=1"; }
