// String functions: copying, comparing, searching, tokenising, converting.
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  char Buf[64];
  strcpy(Buf, "Hello");
  strcat(Buf, ", WebAssembly");
  printf("'%s' length %zu\n", Buf, strlen(Buf));
  printf("strcmp %d %d %d\n", strcmp("abc", "abd") < 0, strcmp("b", "a") > 0,
         strcmp("same", "same"));
  printf("strncmp %d strchr '%s' strrchr '%s' strstr '%s'\n",
         strncmp("prefix-a", "prefix-b", 6), strchr(Buf, 'W'),
         strrchr(Buf, 'l'), strstr(Buf, "Assembly"));
  char Csv[] = "alpha,beta,,gamma;delta";
  for (char *Tok = strtok(Csv, ",;"); Tok; Tok = strtok(NULL, ",;"))
    printf("token '%s'\n", Tok);
  printf("strtol %ld %ld %ld\n", strtol("-1234", NULL, 10),
         strtol("ff", NULL, 16), strtol("0777", NULL, 0));
  char *End;
  double D = strtod("3.25e2xyz", &End);
  printf("strtod %g rest '%s' atoi %d\n", D, End, atoi("  42abc"));
  for (char *P = Buf; *P; ++P)
    *P = (char)toupper((unsigned char)*P);
  printf("upper '%s'\n", Buf);
  memmove(Buf + 2, Buf, 5);
  Buf[7] = 0;
  printf("memmove '%s' memcmp %d\n", Buf, memcmp("abc", "abd", 3) < 0);
  char Line[80];
  int N = sprintf(Line, "%-8s|%8.3f|%+05d", "left", 3.14159, 42);
  printf("sprintf %d '%s'\n", N, Line);
  return 0;
}
