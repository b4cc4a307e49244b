/* Host of run-instance-other-thread.wat: an instance created on the main
 * thread is used, one thread at a time, from a worker thread with a
 * small stack of its own (mapped below the main thread's stack), then
 * again from the main thread. The instance's stack limit is the main
 * thread's when the worker enters it through paths that do not set it:
 * an export called directly inside wasirt_try, and wasirt_call_funcref.
 * Prints one line per call. */
#include "other-thread.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static wasirt_instance *inst;

struct depth_call {
  uint32_t n, result;
};

static void call_depth(void *arg) {
  struct depth_call *c = arg;
  c->result = w2o_other_threadQE_depth(inst, c->n);
}

/* The export "depth" called directly inside wasirt_try. */
static void direct(const char *who, uint32_t n) {
  struct depth_call c = {n, 0};
  wasirt_error err;
  memset(&err, 0, sizeof err);
  int status = wasirt_try(call_depth, &c, &err);
  if (status == WASIRT_OK)
    printf("%s: direct depth(%u) = %u\n", who, n, c.result);
  else
    printf("%s: direct depth(%u): %s\n", who, n, err.message);
}

/* The same export through its function reference (the module's first
 * defined function). */
static void by_funcref(const char *who, uint32_t n) {
  wasirt_extern ex;
  if (wasirt_instance_export(inst, "depth", &ex) != WASIRT_OK) {
    printf("%s: no export depth\n", who);
    return;
  }
  const wasirt_module *m = wasirt_instance_module(inst);
  wasirt_value v[1];
  v[0].i32 = (int32_t)n;
  wasirt_error err;
  if (wasirt_call_funcref(&ex.u.func, &m->types[m->funcs[0].type], v, &err) ==
      WASIRT_OK)
    printf("%s: funcref depth(%u) = %u\n", who, n, v[0].u32);
  else
    printf("%s: funcref depth(%u): %s\n", who, n, err.message);
}

static void *worker(void *arg) {
  (void)arg;
  direct("worker", 1000);
  by_funcref("worker", 1000);
  direct("worker", 100000000);
  direct("worker", 1000);
  by_funcref("worker", 100000000);
  by_funcref("worker", 1000);
  return NULL;
}

int main(void) {
  wasirt_error err;
  if (wasirt_instantiate(&w2o_module_other_thread, NULL, &inst, &err) !=
      WASIRT_OK) {
    printf("instantiate: %s\n", err.message);
    return 1;
  }
  direct("main", 1000);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 256 << 10);
  pthread_t th;
  if (pthread_create(&th, &attr, worker, NULL) != 0) {
    printf("pthread_create failed\n");
    return 1;
  }
  pthread_join(th, NULL);
  pthread_attr_destroy(&attr);
  /* Back on the main thread, whose stack is above the worker's: the
   * worker's limit checks nothing here, and the guard page below the
   * main thread's stack stops the recursion instead. */
  direct("main", 1000);
  direct("main", 100000000);
  direct("main", 1000);
  wasirt_instance_free(inst);
  return 0;
}
