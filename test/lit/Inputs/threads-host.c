/* Host of run-threads-shared-memory.wat: THREADS threads, each with its own
 * instance of the module, all importing one shared memory created here as
 * env.memory, run its exports at once; main checks what they left in it.
 * Prints one line per check. */
#include "wasm2obj/wasirt.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>

extern const wasirt_module w2o_module_threads;

enum { THREADS = 4, ATOMIC_ADDS = 200000, LOCKED_ADDS = 50000, ROUNDS = 300 };

static wasirt_memory *shared;

static int resolve(void *user, const char *module, const char *name,
                   uint32_t kind, wasirt_extern *out) {
  (void)user;
  if (strcmp(module, "env") != 0 || strcmp(name, "memory") != 0 ||
      kind != WASIRT_EXTERN_MEMORY)
    return -1;
  out->kind = WASIRT_EXTERN_MEMORY;
  out->u.memory = shared;
  return 1;
}

struct worker {
  int id;
  int failed;
  wasirt_error err;
};

static int call(wasirt_instance *inst, const char *name, wasirt_value *v,
                uint32_t n_args, uint32_t n_results, struct worker *w) {
  if (wasirt_call(inst, name, v, n_args, n_results, &w->err) != WASIRT_OK) {
    w->failed = 1;
    return 0;
  }
  return 1;
}

static void *run(void *arg) {
  struct worker *w = arg;
  wasirt_config cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.resolve = resolve;
  wasirt_instance *inst;
  if (wasirt_instantiate(&w2o_module_threads, &cfg, &inst, &w->err) !=
      WASIRT_OK) {
    w->failed = 1;
    return NULL;
  }
  wasirt_value v[3];
  v[0].i32 = ATOMIC_ADDS;
  v[1].i32 = THREADS;
  if (call(inst, "add_atomic", v, 2, 0, w)) {
    v[0].i32 = LOCKED_ADDS;
    if (call(inst, "add_locked", v, 1, 0, w)) {
      v[0].i32 = w->id;
      v[1].i32 = THREADS;
      v[2].i32 = ROUNDS;
      call(inst, "take_turns", v, 3, 0, w);
    }
  }
  wasirt_instance_free(inst);
  return NULL;
}

int main(void) {
  shared =
      wasirt_memory_new(1, 1, WASIRT_LIMITS_HAS_MAX | WASIRT_LIMITS_SHARED);
  if (!shared) {
    printf("no shared memory\n");
    return 1;
  }
  pthread_t t[THREADS];
  struct worker w[THREADS];
  memset(w, 0, sizeof w);
  for (int i = 0; i < THREADS; ++i) {
    w[i].id = i;
    pthread_create(&t[i], NULL, run, &w[i]);
  }
  for (int i = 0; i < THREADS; ++i) {
    pthread_join(t[i], NULL);
    if (w[i].failed)
      printf("thread %d: %s\n", i, w[i].err.message);
  }
  const unsigned char *m = shared->base;
  uint32_t counter, index;
  uint64_t locked;
  memcpy(&counter, m + 0, 4);
  memcpy(&locked, m + 16, 8);
  memcpy(&index, m + 28, 4);
  printf("atomic counter: %u of %u\n", counter, THREADS * ATOMIC_ADDS);
  printf("locked counter: %llu of %u\n", (unsigned long long)locked,
         THREADS * LOCKED_ADDS);
  int in_turn = 1;
  for (uint32_t i = 0; i < index; ++i) {
    uint32_t id;
    memcpy(&id, m + 32 + 4 * i, 4);
    in_turn &= id == i % THREADS;
  }
  printf("turns: %u of %u, in order: %s\n", index, THREADS * ROUNDS,
         in_turn ? "yes" : "no");
  wasirt_memory_free(shared);
  return 0;
}
