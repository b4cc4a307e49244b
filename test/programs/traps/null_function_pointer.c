// TRAP: uninitialized element
// A call through a null function pointer (table slot 0 is always null).
#include <stdio.h>

int main(void) {
  int (*volatile Callback)(int) = 0;
  printf("%d\n", Callback(1));
  return 0;
}
