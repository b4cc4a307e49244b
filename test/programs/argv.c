// ARGS: first "with space" --flag=value "" last
// Prints its arguments (not argv[0], which names the program differently in
// each environment) and exits with their count.
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  printf("argc %d\n", argc);
  for (int I = 1; I < argc; ++I)
    printf("argv[%d] = '%s' (%zu bytes)\n", I, argv[I], strlen(argv[I]));
  printf("argv[argc] is %s\n", argv[argc] ? "not null" : "null");
  return argc - 1;
}
