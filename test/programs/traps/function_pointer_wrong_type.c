// TRAP: indirect call type mismatch
// A call through a function pointer cast to another signature.
#include <stdio.h>

static int takesInt(int X) { return X + 1; }

int main(void) {
  void (*volatile Wrong)(double, double) = (void (*)(double, double))takesInt;
  Wrong(1.0, 2.0);
  printf("not reached\n");
  return 0;
}
