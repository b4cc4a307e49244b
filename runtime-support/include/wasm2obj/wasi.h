/*===- wasm2obj/wasi.h - WASI contexts for wasi_snapshot_preview1 ---------===*
 *
 * libwasirt implements every function of `wasi_snapshot_preview1` (the
 * host symbols w2o_wasi_snapshot_preview1Q_NAME, see abi.h). Each call finds
 * its state through the calling instance: `header.wasi` points to a
 * wasirt_wasi context, given to wasirt_instantiate as wasirt_config.wasi.
 *
 * A context holds the program's arguments and environment, its descriptor
 * table (stdio and preopened directories first) and its capabilities: paths
 * resolve only beneath a directory descriptor the program holds, never
 * outside a preopened directory. One context serves one instance at a time
 * and is not thread-safe; create one per program.
 *
 * wasi-threads. libwasirt also provides `wasi.thread-spawn`
 * (w2o_wasiQ_threadQ2Dspawn): it instantiates the caller's module again
 * (wasirt_instantiate_like: the same imports, so the same shared memory,
 * and the same context) and runs its export wasi_thread_start(tid, arg)
 * on a new thread. From then on the context serves all those instances,
 * one call at a time. A trap or proc_exit in a spawned thread ends the
 * process (wasirt_wasi_exit_process), as in wasmtime; the context and the
 * instance that spawned threads must then outlive them, so a program that
 * has spawned threads ends with wasirt_wasi_exit_process instead of
 * freeing them.
 *
 *   wasirt_wasi_config cfg;
 *   wasirt_wasi_config_init(&cfg);
 *   cfg.argc = argc;
 *   cfg.argv = argv;
 *   wasirt_wasi_dir dir = {"/srv/data", "/data"};
 *   cfg.dirs = &dir;
 *   cfg.n_dirs = 1;
 *   wasirt_wasi *wasi;
 *   wasirt_error err;
 *   if (wasirt_wasi_new(&cfg, &wasi, &err) != WASIRT_OK) ...
 *   wasirt_config rc = {0};
 *   rc.wasi = wasi;
 *   wasirt_instantiate(&w2o_module_app, &rc, &inst, &err);
 *   ...
 *   wasirt_instance_free(inst);
 *   wasirt_wasi_free(wasi);
 *
 * An instance without a context (wasirt_config.wasi == NULL) gets ENOSYS from
 * every function that needs one (all but clock_*, random_get, sched_yield,
 * proc_exit and proc_raise).
 *
 *===----------------------------------------------------------------------===*/
#ifndef WASM2OBJ_WASI_H
#define WASM2OBJ_WASI_H

#include "wasm2obj/wasirt.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wasirt_wasi wasirt_wasi;

/* A directory granted to the program: HOST_PATH is opened when the context
 * is created and appears to the program as the preopened directory named
 * GUEST_PATH (e.g. "/", "/data" or "."). */
typedef struct wasirt_wasi_dir {
  const char *host_path;
  const char *guest_path;
} wasirt_wasi_dir;

enum wasirt_wasi_flags {
  /* Write one line per WASI call, with its arguments and result, to the
   * host's standard error. */
  WASIRT_WASI_TRACE = 1u,
  /* Resolve paths with the portable component-by-component walk even when
   * the kernel has openat2(2) (for tests; the walk is used anyway when
   * openat2 is missing). */
  WASIRT_WASI_NO_OPENAT2 = 2u,
};

typedef struct wasirt_wasi_config {
  /* Arguments as the program sees them, argv[0] included. Copied. */
  int argc;
  char *const *argv;
  /* Environment, "NAME=VALUE" strings in order. Copied. */
  const char *const *env;
  uint32_t n_env;
  /* Preopened directories; they get descriptors 3, 4, ... in order. */
  const wasirt_wasi_dir *dirs;
  uint32_t n_dirs;
  /* Host descriptors behind the program's 0, 1 and 2, or -1 to leave that
   * descriptor closed. They are used, never closed, by the context. */
  int stdio[3];
  uint32_t flags; /* wasirt_wasi_flags */
} wasirt_wasi_config;

/* No arguments, no environment, no directories, stdio on host 0, 1, 2. */
void wasirt_wasi_config_init(wasirt_wasi_config *cfg);

/* Creates a context. Returns WASIRT_OK, or WASIRT_ERR_NOT_FOUND (a directory
 * cannot be opened) or WASIRT_ERR_RESOURCE (out of memory) with a one-line
 * message in *err; *out is then NULL. */
int wasirt_wasi_new(const wasirt_wasi_config *cfg, wasirt_wasi **out,
                    wasirt_error *err);

/* Closes every descriptor the context opened and frees it. NULL is fine. */
void wasirt_wasi_free(wasirt_wasi *wasi);

/* 1 once wasi.thread-spawn has been called with this context (from then on
 * threads may use it, even if that call failed). */
int wasirt_wasi_threads_started(wasirt_wasi *wasi);

/* Ends the process with STATUS (exit(3)), after printing MESSAGE (if not
 * NULL) and a newline on stderr. The first thread to call it exits; any
 * other caller waits for the end, printing nothing: two threads of a
 * wasi-threads program may finish at once. */
WASIRT_NORETURN void wasirt_wasi_exit_process(int status, const char *message);

/* 1 if NAME is a wasi_snapshot_preview1 function with exactly the given
 * signature (wasirt_valtype codes), else 0. For the runtime's import
 * type check. */
int wasirt_wasi_check_import(const char *name, const uint8_t *params,
                             uint32_t n_params, const uint8_t *results,
                             uint32_t n_results);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASM2OBJ_WASI_H */
