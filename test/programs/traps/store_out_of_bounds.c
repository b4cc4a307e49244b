// TRAP: out of bounds memory access
// A store through a heap pointer moved far past the end of linear memory.
#include <stdint.h>
#include <stdlib.h>

int main(void) {
  int *Block = malloc(16 * sizeof(int));
  volatile uintptr_t Far = 0xf0000000u;
  volatile int *Beyond = Block + (Far - (uintptr_t)Block) / sizeof(int);
  *Beyond = 1;
  return 0;
}
