/*===- spec_host.h - the spec scripts' host side, in C --------------------===*
 *
 * What a script's commands do to instances, written once in plain C so
 * that it runs wherever the compiled code runs: linked into spec-runner
 * for the host's code (ScriptRunner.cpp, through LocalEngine), and into
 * spec-agent, cross-compiled for another target and run under qemu-user,
 * for that target's code (spec_agent.c, through RemoteEngine):
 *
 *   - the "spectest" module (its functions print nothing, as in wabt's
 *     spectest interpreter; its globals hold 666, its table is 10..20
 *     funcrefs, its memories 1..2 pages, one shared) and the instances a
 *     script registers under a name, as a wasirt_resolver;
 *   - instantiation, a call of an export with typed values, and the read
 *     of an exported global, under a watchdog: a call into wasm that runs
 *     longer than its limit gets SIGALRM, whose handler raises a trap as
 *     the runtime's fault handler does, and the script goes on.
 *
 *===----------------------------------------------------------------------===*/
#ifndef WASM2OBJ_SPEC_HOST_H
#define WASM2OBJ_SPEC_HOST_H

#include "wasm2obj/wasirt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The spectest functions, with the internal calling convention of abi.h
 * (the context first, then the parameters). */
typedef struct spec_func {
  const char *name;
  void *code;
  uint32_t n_params;
  uint8_t params[2];
} spec_func;
extern const spec_func spec_funcs[];
extern const unsigned spec_n_funcs;

/* Traps with "unlinked import": the code of an import nothing provides. */
void spec_unlinked_import(void *ctx);

/* The spectest module and the registered instances. */
typedef struct spec_env spec_env;
spec_env *spec_env_new(void);
void spec_env_free(spec_env *env);
/* Makes the exports of inst importable as module NAME (the script's
 * "register"); a later registration of the same name replaces it. */
void spec_env_register(spec_env *env, const char *name, wasirt_instance *inst);

/* Instantiates with env's imports, the call limited to timeout seconds
 * (0: none). As wasirt_instantiate; when interrupted, err->message says
 * so. */
int spec_instantiate(spec_env *env, const wasirt_module *module,
                     unsigned timeout, wasirt_instance **out,
                     wasirt_error *err);

/* Why an action could not be performed at all. */
enum spec_problem {
  SPEC_DONE = 0,         /* performed: status, err, the results */
  SPEC_UNKNOWN_EXPORT,   /* no such export */
  SPEC_NOT_GLOBAL,       /* get of an export that is not a global */
  SPEC_NOT_FUNCTION,     /* invoke of an export that is not a function */
  SPEC_ARITY,            /* detail: the number of parameters */
  SPEC_BAD_ARGUMENT,     /* detail: the index of the mistyped argument */
  SPEC_TOO_MANY_RESULTS, /* more than SPEC_MAX_VALUES */
  SPEC_INTERRUPTED       /* the watchdog ended the call */
};

#define SPEC_MAX_VALUES 256

typedef struct spec_outcome {
  int problem;     /* spec_problem */
  uint32_t detail; /* for SPEC_ARITY and SPEC_BAD_ARGUMENT */
  int status;      /* wasirt_status of the call */
  wasirt_error err;
  uint32_t n; /* results: their wasirt_valtype codes and values */
  uint8_t types[SPEC_MAX_VALUES];
  wasirt_value values[SPEC_MAX_VALUES];
} spec_outcome;

/* Calls export FIELD (name_len bytes) of inst with n_args arguments of
 * the given wasirt_valtype codes, limited to timeout seconds. */
void spec_invoke(wasirt_instance *inst, const char *field, size_t field_len,
                 const uint8_t *arg_types, const wasirt_value *args,
                 uint32_t n_args, unsigned timeout, spec_outcome *out);

/* Reads exported global FIELD: one result, its type and its 16-byte cell
 * as it is (Values.h's readCell takes the value out). */
void spec_get(wasirt_instance *inst, const char *field, size_t field_len,
              spec_outcome *out);

#ifdef __cplusplus
}
#endif

#endif
