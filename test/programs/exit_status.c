// exit() with a non-zero status runs the atexit handlers and flushes stdio.
#include <stdio.h>
#include <stdlib.h>

static void first(void) { printf("atexit: registered first, runs last\n"); }
static void second(void) { printf("atexit: registered second, runs first\n"); }

static void finish(int Status) {
  printf("exiting with %d", Status); // no newline: exit must flush
  exit(Status);
}

int main(void) {
  atexit(first);
  atexit(second);
  printf("in main\n");
  finish(37);
  printf("not reached\n");
  return 0;
}
