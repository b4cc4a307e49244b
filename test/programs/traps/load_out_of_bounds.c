// TRAP: out of bounds memory access
// A load through a pointer far past the end of linear memory.
#include <stdint.h>
#include <stdio.h>

int main(void) {
  volatile uintptr_t Address = 0xfffffff0u;
  printf("loading\n");
  fflush(stdout);
  return *(volatile int *)Address;
}
