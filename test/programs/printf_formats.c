// printf with integer, string, character, float and padding conversions.
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int main(void) {
  printf("int %d %i %+d % d %05d %-5d|\n", 42, -42, 7, 7, 42, 42);
  printf("unsigned %u %x %X %#x %o %#o\n", 3000000000u, 0xbeefu, 0xbeefu, 255u,
         8u, 8u);
  printf("int64 %" PRId64 " %" PRIu64 " %" PRIx64 "\n", INT64_MIN, UINT64_MAX,
         (uint64_t)0x0123456789abcdefULL);
  printf("size %zu %zd\n", (size_t)12345, (ptrdiff_t)-6789);
  printf("char %c%c%c string '%s' '%10s' '%-10s' '%.3s'\n", 'w', 'a', 's',
         "text", "right", "left", "truncated");
  printf("double %f %.2f %10.3f %-10.1f| %e %E %g %g %g\n", 3.14159, 2.5,
         -1.0 / 3.0, 100.25, 12345.678, 0.000123, 1e-5, 123456789.0, 0.5);
  printf("special %f %f %f\n", 1.0 / 0.0, -1.0 / 0.0, 0.0 * -1.0);
  printf("hex float %a\n", 1.0);
  printf("percent %% star %*d %.*f\n", 6, 99, 3, 2.0 / 3.0);
  int Written = printf("counted\n");
  printf("printf returned %d\n", Written);
  char Buf[32];
  int N = snprintf(Buf, sizeof Buf, "%s-%d-%.1f", "snprintf", 7, 7.5);
  printf("%s (%d)\n", Buf, N);
  N = snprintf(Buf, 8, "%s", "longer than eight");
  printf("truncated '%s' would be %d\n", Buf, N);
  return 0;
}
