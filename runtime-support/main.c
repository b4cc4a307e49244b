/*===- main.c - the entry point of a standalone wasm2obj program ----------===*
 *
 * `cc app.o -lwasirt` takes main from here when app.o defines none. The
 * translator emits w2o_main_module as a weak alias of the module's
 * descriptor; wasirt_main (entry.c) does the rest.
 *
 *===----------------------------------------------------------------------===*/
#include "wasm2obj/wasirt.h"

extern const wasirt_module w2o_main_module;

int main(int argc, char **argv) {
  return wasirt_main(&w2o_main_module, argc, argv);
}
