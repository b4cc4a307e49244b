/* An embedder of the module "calc" (Inputs/calc.wat): instantiates it with
 * the API of wasirt.h and calls its exports through the prototypes of the
 * header that wasm2obj --header wrote. */
#include "calc.h"
#include <stdio.h>

struct Call {
  wasirt_instance *Instance;
  uint32_t A, B, Result;
};

static void callDivide(void *Arg) {
  struct Call *C = Arg;
  C->Result = w2o_calcQE_divide(C->Instance, C->A, C->B);
}

int main(void) {
  wasirt_instance *Instance;
  wasirt_error Err;
  if (wasirt_instantiate(&w2o_module_calc, NULL, &Instance, &Err) != WASIRT_OK) {
    fprintf(stderr, "instantiate: %s\n", Err.message);
    return 1;
  }
  printf("add(40, 2) = %u\n", w2o_calcQE_add(Instance, 40, 2));
  struct Call C = {Instance, 84, 2, 0};
  if (wasirt_try(callDivide, &C, &Err) == WASIRT_OK)
    printf("divide(84, 2) = %u\n", C.Result);
  C.B = 0;
  if (wasirt_try(callDivide, &C, &Err) == WASIRT_ERR_TRAP)
    printf("divide(84, 0) trapped: %s\n", wasirt_trap_message(Err.trap));
  wasirt_instance_free(Instance);
  return 0;
}
