/* The host of run-exceptions-foreign.wat: its import ends the calling
 * thread with pthread_exit, a forced unwind that is not a wasm exception.
 * The thread must end with its exit value, and the module's catch_all
 * must never run. */
#include "wasm2obj/wasirt.h"
#include <pthread.h>
#include <stdio.h>

extern const wasirt_module w2o_module_m;

void w2o_envQ_exit_thread(wasirt_instance *caller) {
  (void)caller;
  pthread_exit((void *)7);
}

static void *thread_main(void *arg) {
  wasirt_value v[1];
  wasirt_error err;
  wasirt_call(arg, "run", v, 0, 1, &err);
  return (void *)1; /* not reached */
}

int main(void) {
  wasirt_instance *inst;
  wasirt_error err;
  if (wasirt_instantiate(&w2o_module_m, NULL, &inst, &err) != WASIRT_OK)
    return 2;
  pthread_t t;
  void *ret = NULL;
  if (pthread_create(&t, NULL, thread_main, inst) != 0 ||
      pthread_join(t, &ret) != 0)
    return 3;
  wasirt_value v[1];
  if (wasirt_call(inst, "caught", v, 0, 1, &err) != WASIRT_OK)
    return 4;
  printf("thread exit value %ld, catch_all ran %d times\n", (long)ret,
         (int)v[0].i32);
  wasirt_instance_free(inst);
  return 0;
}
