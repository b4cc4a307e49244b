// TRAP: unreachable
// abort() in wasi-libc ends in the unreachable instruction.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  printf("about to abort\n");
  abort();
}
