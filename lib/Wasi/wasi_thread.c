/*===- wasi_thread.c - wasi-threads: thread-spawn --------------------------===*
 *
 * `wasi.thread-spawn(start_arg) -> tid` as wasmtime runs it: the caller's
 * module is instantiated again with the caller's imports (its shared
 * memory above all) and WASI context (wasirt_instantiate_like), and a new
 * thread calls that instance's export wasi_thread_start(tid, start_arg).
 * The guest's own code (wasi-libc's pthread_create) sets up the new
 * thread's stack and TLS in the shared memory and joins through atomics;
 * the runtime only starts the thread.
 *
 * Thread ids count up from 1 per WASI context, and end at 0x1FFFFFFF as
 * the proposal's ids do. A failure returns a negative WASI errno: -EAGAIN
 * when out of ids, memory or threads, -ENOTSUP when the caller has no WASI
 * context, or its module no shared memory import (a new instance would not
 * share its memory) or no wasi_thread_start(i32, i32) export.
 *
 * A spawned thread that returns frees its instance. One that traps or
 * calls proc_exit ends the whole process, as the proposal requires and
 * wasmtime does: a trap prints "wasm trap: MESSAGE" and exits with status
 * 134, as a trap of the main thread does (entry.c).
 *
 * The context's calls are serialised from the first spawn on (ctx->lock,
 * taken in wasi_begin), except while they wait (wasi_io_begin,
 * wasi_wait_begin).
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "wasi_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The largest thread id, as wasi-libc expects them (29 bits). */
#define WASI_THREAD_ID_MAX 0x1FFFFFFFu

/* Stack of a spawned thread: the main thread's usual 8 MiB. */
#define WASI_THREAD_STACK (8u * 1024u * 1024u)

typedef struct spawned_thread {
  wasirt_instance *instance;
  uint32_t tid, start_arg;
} spawned_thread;

int wasirt_wasi_threads_started(wasirt_wasi *wasi) {
  return wasi && __atomic_load_n(&wasi->threads, __ATOMIC_ACQUIRE);
}

void wasirt_wasi_exit_process(int status, const char *message) {
  /* The process ends once: exit(3) must not run on two threads at once,
   * and only the status that wins has its message printed. */
  static int exiting;
  if (__atomic_exchange_n(&exiting, 1, __ATOMIC_ACQ_REL))
    for (;;)
      pause();
  if (message)
    fprintf(stderr, "%s\n", message);
  exit(status);
}

/* Ends the process as a trap CODE of a spawned thread does. */
static _Noreturn void exit_trap(wasirt_trap_code code) {
  char message[128];
  snprintf(message, sizeof message, "wasm trap: %s", wasirt_trap_message(code));
  wasirt_wasi_exit_process(WASIRT_TRAP_EXIT_STATUS, message);
}

/* Whether an instance of MODULE may have handed references to its
 * functions to code that outlives it (as instance.c's may_have_escaped
 * decides): its element segments to an imported table, its code to an
 * imported global. Functions it imports other than WASI's are the
 * embedder's and out of this reckoning. Such an instance is never freed. */
static int must_stay(const wasirt_module *module) {
  return module->n_imported_tables || module->n_imported_globals;
}

static void *thread_main(void *arg) {
  spawned_thread t = *(spawned_thread *)arg;
  free(arg);
  wasirt_value vals[2];
  vals[0].u32 = t.tid;
  vals[1].u32 = t.start_arg;
  wasirt_error err;
  switch (wasirt_call(t.instance, "wasi_thread_start", vals, 2, 0, &err)) {
  case WASIRT_OK:
    if (!must_stay(wasirt_instance_module(t.instance)))
      wasirt_instance_free(t.instance);
    return NULL;
  case WASIRT_ERR_EXIT:
    wasirt_wasi_exit_process(err.exit_status, NULL);
  case WASIRT_ERR_TRAP:
    exit_trap(err.trap);
  default: {
    char message[320];
    snprintf(message, sizeof message, "error: wasi thread %u: %s", t.tid,
             err.message);
    wasirt_wasi_exit_process(1, message);
  }
  }
}

/* Whether INSTANCE's memory 0, the one WASI calls use, is an imported
 * shared memory, which its new instances will share (wasmtime refuses a
 * wasi-threads module without one). */
static int imports_shared_memory(wasirt_instance *instance) {
  const wasirt_module *m = wasirt_instance_module(instance);
  return m->n_imported_memories > 0 &&
         (m->memories[0].flags & WASIRT_LIMITS_SHARED);
}

/* Whether INSTANCE exports wasi_thread_start with type (i32, i32) -> (). */
static int has_thread_entry(wasirt_instance *instance) {
  wasirt_extern ext;
  if (wasirt_instance_export(instance, "wasi_thread_start", &ext) !=
          WASIRT_OK ||
      ext.kind != WASIRT_EXTERN_FUNC)
    return 0;
  static const uint8_t params[2] = {WASIRT_I32, WASIRT_I32};
  return ext.u.func.type_id == wasirt_intern_type(params, 2, NULL, 0);
}

/* With WASM2OBJ_TRACE_WASI, one line as the preview1 calls get
 * (wasi_call.c): the thread id, or the negated errno and its name. */
static uint32_t trace_spawn(const wasirt_wasi *ctx, uint32_t start_arg,
                            uint32_t result) {
  if (!ctx || !(ctx->flags & WASIRT_WASI_TRACE))
    return result;
  char line[96];
  int32_t r = (int32_t)result;
  int n = r < 0 ? snprintf(line, sizeof line,
                           "[wasi] thread-spawn(start_arg=%u) = %d %s\n",
                           start_arg, r, wasi_errno_name((uint32_t)-r))
                : snprintf(line, sizeof line,
                           "[wasi] thread-spawn(start_arg=%u) = %d\n",
                           start_arg, r);
  if (n > 0) {
    /* One write, as wasi_trace: lines of several threads do not mix. */
    ssize_t w =
        write(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    (void)w;
  }
  return result;
}

static uint32_t spawn(wasirt_instance *caller, wasirt_wasi *ctx,
                      uint32_t start_arg);

uint32_t w2o_wasiQ_threadQ2Dspawn(wasirt_instance *caller, uint32_t start_arg) {
  wasirt_wasi *ctx =
      (wasirt_wasi *)((const wasirt_instance_header *)caller)->wasi;
  return trace_spawn(ctx, start_arg, spawn(caller, ctx, start_arg));
}

static uint32_t spawn(wasirt_instance *caller, wasirt_wasi *ctx,
                      uint32_t start_arg) {
  if (!ctx || !imports_shared_memory(caller) || !has_thread_entry(caller))
    return -(uint32_t)WASI_ENOTSUP;
  uint32_t tid = __atomic_add_fetch(&ctx->next_tid, 1, __ATOMIC_RELAXED);
  if (tid > WASI_THREAD_ID_MAX) {
    __atomic_store_n(&ctx->next_tid, WASI_THREAD_ID_MAX, __ATOMIC_RELAXED);
    return -(uint32_t)WASI_EAGAIN;
  }
  /* Before the new thread exists: from now on its calls and ours take the
   * context's lock. No call of this thread is in progress. */
  __atomic_store_n(&ctx->threads, 1, __ATOMIC_RELEASE);

  spawned_thread *t = malloc(sizeof *t);
  if (!t)
    return -(uint32_t)WASI_EAGAIN;
  t->tid = tid;
  t->start_arg = start_arg;
  t->instance = NULL;
  wasirt_error err;
  if (wasirt_instantiate_like(caller, &t->instance, &err) != WASIRT_OK) {
    /* A trap in the new instance's start function is the guest's: it ends
     * the process like any trap of a thread. */
    if (err.status == WASIRT_ERR_TRAP)
      exit_trap(err.trap);
    if (err.status == WASIRT_ERR_EXIT)
      wasirt_wasi_exit_process(err.exit_status, NULL);
    free(t);
    return -(uint32_t)WASI_EAGAIN;
  }

  pthread_attr_t attr;
  pthread_t thread;
  int ok = pthread_attr_init(&attr) == 0;
  if (ok) {
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, WASI_THREAD_STACK);
    ok = pthread_create(&thread, &attr, thread_main, t) == 0;
    pthread_attr_destroy(&attr);
  }
  if (!ok) {
    if (!must_stay(wasirt_instance_module(t->instance)))
      wasirt_instance_free(t->instance);
    free(t);
    return -(uint32_t)WASI_EAGAIN;
  }
  return tid;
}
