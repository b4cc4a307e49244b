// TRAP: integer divide by zero
// Integer division by a zero the compiler cannot see.
#include <stdio.h>

int main(int argc, char **argv) {
  volatile int Zero = argc - 1; // run without arguments
  printf("%d\n", 100 / Zero);
  return 0;
}
