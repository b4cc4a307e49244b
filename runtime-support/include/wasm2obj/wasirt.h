/*===- wasm2obj/wasirt.h - the embedding API of libwasirt ---------------===*
 *
 * For programs that instantiate one or several wasm2obj-compiled modules
 * themselves (sandboxing C libraries, test harnesses), and for the runtime's
 * own main(). C11 or C++11 (GCC or Clang); link with `cc ... -lwasirt`.
 *
 * Typical use:
 *
 *   extern const wasirt_module w2o_module_mylib;
 *   wasirt_instance *inst;
 *   wasirt_error err;
 *   if (wasirt_instantiate(&w2o_module_mylib, NULL, &inst, &err) != 0)
 *     fprintf(stderr, "%s\n", err.message);
 *   wasirt_value v[2] = {{.i32 = 1}, {.i32 = 2}};
 *   if (wasirt_call(inst, "add", v, 2, 1, &err) != 0) ...  // trapped
 *   wasirt_instance_free(inst);
 *
 *===----------------------------------------------------------------------===*/
#ifndef WASM2OBJ_WASIRT_H
#define WASM2OBJ_WASIRT_H

#include "wasm2obj/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An instance starts with wasirt_instance_header; the rest is opaque. */
typedef struct wasirt_instance wasirt_instance;

/* Result of an API call that may fail. */
enum wasirt_status {
  WASIRT_OK = 0,
  WASIRT_ERR_TRAP = 1,     /* wasm trapped; error.trap says which */
  WASIRT_ERR_EXIT = 2,     /* WASI proc_exit; error.exit_status */
  WASIRT_ERR_LINK = 3,     /* unknown import or incompatible import type */
  WASIRT_ERR_RESOURCE = 4, /* out of memory or address space */
  WASIRT_ERR_NOT_FOUND = 5,
  WASIRT_ERR_ABI = 6, /* descriptor from another ABI version */
  WASIRT_ERR_ARGS = 7 /* wrong number or kind of arguments */
};

typedef struct wasirt_error {
  int status;            /* wasirt_status */
  wasirt_trap_code trap; /* when status == WASIRT_ERR_TRAP */
  int exit_status;       /* when status == WASIRT_ERR_EXIT */
  char message[256];     /* one line, no final newline */
} wasirt_error;

/* Text of a trap code: the spec's assert_trap message. */
const char *wasirt_trap_message(wasirt_trap_code code);

/*===------------------------- external values ---------------------------===*/

/* What an export provides and an import is bound to. */
typedef struct wasirt_extern {
  uint32_t kind;  /* wasirt_extern_kind */
  uint32_t flags; /* WASIRT_EXTERN_* */
  union {
    /* A function: by default a host C function (code, ctx as in abi.h's
     * "Symbols": RESULT code(ctx, PARAM...)); with WASIRT_EXTERN_WASM_CODE
     * a function reference of generated code, as wasirt_instance_export
     * returns. type_id is from wasirt_intern_type. */
    wasirt_funcref func;
    wasirt_memory *memory;
    wasirt_table *table;
    struct {
      void *cell;      /* 16-byte value cell */
      uint8_t valtype; /* wasirt_valtype */
      uint8_t mutable_;
    } global;
    void *tag;
  } u;
} wasirt_extern;

enum wasirt_extern_flags {
  /* func is generated code (internal convention), not a host function */
  WASIRT_EXTERN_WASM_CODE = 1u
};

/* Interns a function signature; equal signatures get equal ids, in any
 * module, for the life of the process. Thread-safe. */
uint64_t wasirt_intern_type(const uint8_t *params, uint32_t n_params,
                            const uint8_t *results, uint32_t n_results);

/* Resolves one import. Returns 1 and fills *out when it provides it, 0 to
 * fall back to the default (for functions: the linked host symbol recorded
 * in the descriptor; otherwise an unknown-import error), or -1 to refuse
 * it (an unknown-import error even for a function). */
typedef int (*wasirt_resolver)(void *user, const char *module, const char *name,
                               uint32_t kind, wasirt_extern *out);

typedef struct wasirt_config {
  wasirt_resolver resolve; /* may be NULL */
  void *resolve_user;
  void *host_data; /* stored in the instance header */
  void *wasi;      /* WASI context for wasi_snapshot_preview1 imports */
} wasirt_config;

/*===------------------------ instances ----------------------------------===*/

/* Creates an instance: binds imports (type-checked), creates memories and
 * tables, runs the module's initialisation and its start function.
 * On failure returns a wasirt_status, fills *err, and *out is NULL, except
 * after a trap or exit in the initialisation or the start function that may
 * have handed references to the instance's functions to others (the module
 * imports a table, or the start function ran and the module imports
 * functions or globals): then *out is the instance, unusable but alive, for
 * the embedder to free with wasirt_instance_free once nothing uses them. */
int wasirt_instantiate(const wasirt_module *module, const wasirt_config *cfg,
                       wasirt_instance **out, wasirt_error *err);

/* Instantiates MODEL's module again with MODEL's imports (the same
 * functions, memories, tables, globals and tags; WASI functions bound to
 * the new instance), host data and WASI context, as wasi-threads does for
 * each new thread. Returns as wasirt_instantiate. */
int wasirt_instantiate_like(wasirt_instance *model, wasirt_instance **out,
                            wasirt_error *err);

void wasirt_instance_free(wasirt_instance *instance);

const wasirt_module *wasirt_instance_module(const wasirt_instance *instance);

/* Looks up an export by name. Returns WASIRT_OK or WASIRT_ERR_NOT_FOUND. */
int wasirt_instance_export(wasirt_instance *instance, const char *name,
                           wasirt_extern *out);

/* The same with an explicit name length (wasm names may contain NUL). */
int wasirt_instance_export_n(wasirt_instance *instance, const char *name,
                             size_t name_len, wasirt_extern *out);

/* Memory index N of an instance (imported or defined), or NULL. */
wasirt_memory *wasirt_instance_memory(wasirt_instance *instance, uint32_t n);

/* Calls an exported function with generic values. vals holds the
 * arguments on entry and the results on return (size at least
 * max(params, results)). Traps and proc_exit are caught. */
int wasirt_call(wasirt_instance *instance, const char *name, wasirt_value *vals,
                uint32_t n_args, uint32_t n_results, wasirt_error *err);

/* Calls any function reference whose signature is TYPE, as wasirt_call. */
int wasirt_call_funcref(const wasirt_funcref *func, const wasirt_functype *type,
                        wasirt_value *vals, wasirt_error *err);

/* Runs fn(arg) with traps and proc_exit caught; for embedders calling
 * export symbols (w2o_<module>QE_<name>) directly. */
int wasirt_try(void (*fn)(void *arg), void *arg, wasirt_error *err);

/*===------------------ host-created memories and tables ------------------===*/

/* For embedders and test harnesses that provide memories or tables as
 * imports (like the spec's "spectest" module). */
wasirt_memory *wasirt_memory_new(uint64_t min_pages, uint64_t max_pages,
                                 uint32_t flags);
void wasirt_memory_free(wasirt_memory *memory);
wasirt_table *wasirt_table_new(uint32_t elem_type, uint64_t min, uint64_t max,
                               uint32_t flags);
void wasirt_table_free(wasirt_table *table);

/*===------------------------- standalone programs -----------------------===*/

/* What libwasirt's main() does: sets up WASI from the grants recorded in
 * the module and the environment, instantiates, calls "_start", and
 * returns the exit status (WASIRT_TRAP_EXIT_STATUS after printing
 * "wasm trap: MESSAGE" on a trap). */
int wasirt_main(const wasirt_module *module, int argc, char **argv);

#if defined(__cplusplus)
#define WASIRT_NORETURN [[noreturn]]
#else
#define WASIRT_NORETURN _Noreturn
#endif

/* Raises a trap from a host function called by wasm code. */
WASIRT_NORETURN void wasirt_raise(wasirt_trap_code code);

/* Ends the program as WASI proc_exit does: unwinds to the innermost
 * wasirt_call / wasirt_try / wasirt_instantiate on this thread, which
 * reports WASIRT_ERR_EXIT with STATUS; with none active, exits the
 * process with STATUS. */
WASIRT_NORETURN void wasirt_exit(int status);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASM2OBJ_WASIRT_H */
