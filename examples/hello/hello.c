// hello: the example of the README, compiled to wasm32-wasi by the build.
//
//   wasm2obj hello.wasm -o hello.o && cc hello.o -lwasirt -o hello
//   ./hello world        prints "hello, world!" and exits 0
//   ./hello              prints a usage line on stderr and exits 2
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s NAME...\n", argv[0]);
    return 2;
  }
  for (int I = 1; I < argc; ++I)
    printf("hello, %s!\n", argv[I]);
  printf("greeted %d name%s\n", argc - 1, argc == 2 ? "" : "s");
  return 0;
}
