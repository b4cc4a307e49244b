/* Host of run-instance-other-thread.wat: an instance created on the main
 * thread is used, one thread at a time, from a worker thread with a
 * small stack of its own (mapped below the main thread's stack), then
 * again from the main thread. The instance's stack limit is the main
 * thread's when the worker enters it through paths that do not set it:
 * an export called directly inside wasirt_try, and wasirt_call_funcref;
 * then the worker's when the main thread does. Prints one line per call. */
#include "other-thread.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static wasirt_instance *inst;
static pthread_mutex_t host_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile int sink;

__attribute__((noinline)) static void use_stack(void) {
  volatile char buf[32 * 1024];
  memset((char *)buf, 1, sizeof buf);
  sink += buf[100];
}

/* The import env.host_work: a well-behaved host function that holds a
 * lock while it uses 32 KiB of stack. */
uint32_t w2o_envQ_host_work(wasirt_instance *caller, uint32_t p0) {
  (void)caller;
  pthread_mutex_lock(&host_lock);
  use_stack();
  pthread_mutex_unlock(&host_lock);
  return p0 & 1;
}

static void call_endless(void *arg) {
  (void)arg;
  w2o_other_threadQE_endless(inst, 0);
}

/* Unbounded recursion through the host function: must trap in wasm code. */
static void endless(const char *who) {
  wasirt_error err;
  int status = wasirt_try(call_endless, NULL, &err);
  int locked = pthread_mutex_trylock(&host_lock) != 0;
  if (!locked)
    pthread_mutex_unlock(&host_lock);
  printf("%s: endless: %s, host mutex %s\n", who,
         status == WASIRT_OK ? "returned" : err.message,
         locked ? "left locked" : "free");
}

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

static void *worker_light(void *arg) {
  (void)arg;
  struct depth_call c = {10, 0};
  wasirt_error err;
  wasirt_try(call_depth, &c, &err);
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
  /* Back on the main thread, whose stack is above the worker's: the
   * worker's limit lies below this stack, and the prologue must see that
   * the stack pointer is not in the worker's stack. */
  direct("main", 1000);
  direct("main", 100000000);
  direct("main", 1000);
  /* Once more after the worker, which only makes calls that do not
   * exhaust the stack, so the limit it leaves behind is its own. */
  pthread_t th2;
  if (pthread_create(&th2, &attr, worker_light, NULL) != 0) {
    printf("pthread_create failed\n");
    return 1;
  }
  pthread_join(th2, NULL);
  for (int i = 0; i < 3; ++i)
    endless("main");
  pthread_attr_destroy(&attr);
  wasirt_instance_free(inst);
  return 0;
}
