/*===- spec_host.c - the spec scripts' host side, in C --------------------===*
 *
 * See spec_host.h.
 *
 *===----------------------------------------------------------------------===*/
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "spec_host.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*===--------------------------- spectest --------------------------------===*/

static void print_none(void *ctx) { (void)ctx; }
static void print_i32(void *ctx, int32_t a) { (void)ctx, (void)a; }
static void print_i64(void *ctx, int64_t a) { (void)ctx, (void)a; }
static void print_f32(void *ctx, float a) { (void)ctx, (void)a; }
static void print_f64(void *ctx, double a) { (void)ctx, (void)a; }
static void print_i32_f32(void *ctx, int32_t a, float b) {
  (void)ctx, (void)a, (void)b;
}
static void print_f64_f64(void *ctx, double a, double b) {
  (void)ctx, (void)a, (void)b;
}

const spec_func spec_funcs[] = {
    {"print", (void *)&print_none, 0, {0}},
    {"print_i32", (void *)&print_i32, 1, {WASIRT_I32}},
    {"print_i64", (void *)&print_i64, 1, {WASIRT_I64}},
    {"print_f32", (void *)&print_f32, 1, {WASIRT_F32}},
    {"print_f64", (void *)&print_f64, 1, {WASIRT_F64}},
    {"print_i32_f32", (void *)&print_i32_f32, 2, {WASIRT_I32, WASIRT_F32}},
    {"print_f64_f64", (void *)&print_f64_f64, 2, {WASIRT_F64, WASIRT_F64}},
};
const unsigned spec_n_funcs = sizeof spec_funcs / sizeof spec_funcs[0];

void spec_unlinked_import(void *ctx) {
  (void)ctx;
  wasirt_raise(WASIRT_TRAP_UNLINKED_IMPORT);
}

static const struct {
  const char *name;
  uint8_t type;
} spec_globals[] = {{"global_i32", WASIRT_I32},
                    {"global_i64", WASIRT_I64},
                    {"global_f32", WASIRT_F32},
                    {"global_f64", WASIRT_F64}};
#define N_GLOBALS (sizeof spec_globals / sizeof spec_globals[0])

typedef struct registered {
  char *name;
  wasirt_instance *inst;
  struct registered *next;
} registered;

struct spec_env {
  registered *registered;
  /* Created on first use: most scripts never import them. */
  wasirt_memory *memory, *shared_memory;
  wasirt_table *table;
  _Alignas(16) unsigned char cells[N_GLOBALS][16];
};

spec_env *spec_env_new(void) {
  spec_env *env = calloc(1, sizeof *env);
  if (!env)
    return NULL;
  int32_t i32 = 666;
  int64_t i64 = 666;
  float f32 = 666.6f;
  double f64 = 666.6;
  memcpy(env->cells[0], &i32, sizeof i32);
  memcpy(env->cells[1], &i64, sizeof i64);
  memcpy(env->cells[2], &f32, sizeof f32);
  memcpy(env->cells[3], &f64, sizeof f64);
  return env;
}

void spec_env_free(spec_env *env) {
  if (!env)
    return;
  while (env->registered) {
    registered *r = env->registered;
    env->registered = r->next;
    free(r->name);
    free(r);
  }
  /* Instances importing them hold their own references. */
  if (env->memory)
    wasirt_memory_free(env->memory);
  if (env->shared_memory)
    wasirt_memory_free(env->shared_memory);
  if (env->table)
    wasirt_table_free(env->table);
  free(env);
}

void spec_env_register(spec_env *env, const char *name, wasirt_instance *inst) {
  for (registered *r = env->registered; r; r = r->next)
    if (strcmp(r->name, name) == 0) {
      r->inst = inst;
      return;
    }
  registered *r = malloc(sizeof *r);
  char *copy = strdup(name);
  if (!r || !copy) {
    free(r);
    free(copy);
    return;
  }
  r->name = copy;
  r->inst = inst;
  r->next = env->registered;
  env->registered = r;
}

static int resolve_spectest(spec_env *env, const char *name, uint32_t kind,
                            wasirt_extern *out) {
  out->kind = kind;
  switch (kind) {
  case WASIRT_EXTERN_FUNC:
    for (unsigned i = 0; i < spec_n_funcs; ++i) {
      const spec_func *f = &spec_funcs[i];
      if (strcmp(name, f->name) != 0)
        continue;
      out->u.func.code = f->code;
      out->u.func.ctx = NULL;
      out->u.func.type_id = wasirt_intern_type(f->params, f->n_params, NULL, 0);
      return 1;
    }
    return 0;
  case WASIRT_EXTERN_GLOBAL:
    for (unsigned i = 0; i < N_GLOBALS; ++i) {
      if (strcmp(name, spec_globals[i].name) != 0)
        continue;
      out->u.global.cell = env->cells[i];
      out->u.global.valtype = spec_globals[i].type;
      out->u.global.mutable_ = 0;
      return 1;
    }
    return 0;
  case WASIRT_EXTERN_TABLE:
    if (strcmp(name, "table") != 0)
      return 0;
    if (!env->table)
      env->table =
          wasirt_table_new(WASIRT_FUNCREF, 10, 20, WASIRT_LIMITS_HAS_MAX);
    out->u.table = env->table;
    return env->table != NULL;
  case WASIRT_EXTERN_MEMORY:
    if (strcmp(name, "shared_memory") == 0) {
      if (!env->shared_memory)
        env->shared_memory = wasirt_memory_new(
            1, 2, WASIRT_LIMITS_HAS_MAX | WASIRT_LIMITS_SHARED);
      out->u.memory = env->shared_memory;
      return env->shared_memory != NULL;
    }
    if (strcmp(name, "memory") != 0)
      return 0;
    if (!env->memory)
      env->memory = wasirt_memory_new(1, 2, WASIRT_LIMITS_HAS_MAX);
    out->u.memory = env->memory;
    return env->memory != NULL;
  default:
    return 0;
  }
}

static int resolve(void *user, const char *module, const char *name,
                   uint32_t kind, wasirt_extern *out) {
  spec_env *env = user;
  int found = 0;
  if (strcmp(module, "spectest") == 0) {
    found = resolve_spectest(env, name, kind, out);
  } else {
    for (registered *r = env->registered; r; r = r->next)
      if (strcmp(r->name, module) == 0) {
        found = wasirt_instance_export(r->inst, name, out) == WASIRT_OK;
        break;
      }
  }
  /* Unknown: refuse it, so that a function is not bound to its host
   * symbol but reported as an unknown import. */
  return found ? 1 : -1;
}

/*===--------------------------- watchdog --------------------------------===*/

static volatile sig_atomic_t in_wasm = 0;
static volatile sig_atomic_t interrupted = 0;

static void on_alarm(int sig) {
  (void)sig;
  if (!in_wasm)
    return;
  in_wasm = 0;
  interrupted = 1;
  /* The guard's jump buffer does not restore the signal mask. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGALRM);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  wasirt_raise(WASIRT_TRAP_HOST);
}

static void watch(unsigned timeout) {
  static int installed = 0;
  interrupted = 0;
  if (!timeout)
    return;
  if (!installed) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    installed = 1;
  }
  in_wasm = 1;
  alarm(timeout);
}

/* Ends the watch; whether the watchdog fired. */
static int unwatch(unsigned timeout) {
  if (timeout) {
    alarm(0);
    in_wasm = 0;
  }
  return interrupted;
}

static void interrupted_message(wasirt_error *err, unsigned timeout) {
  snprintf(err->message, sizeof err->message,
           "interrupted after %u s (an endless loop?)", timeout);
}

int spec_instantiate(spec_env *env, const wasirt_module *module,
                     unsigned timeout, wasirt_instance **out,
                     wasirt_error *err) {
  wasirt_config cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.resolve = resolve;
  cfg.resolve_user = env;
  watch(timeout);
  int status = wasirt_instantiate(module, &cfg, out, err);
  if (unwatch(timeout))
    interrupted_message(err, timeout);
  return status;
}

/*===--------------------------- actions ---------------------------------===*/

/* The type of function Index (in the function index space) of M. */
static const wasirt_functype *function_type(const wasirt_module *m,
                                            uint32_t index) {
  uint32_t type = UINT32_MAX;
  if (index >= m->n_imported_funcs) {
    type = m->funcs[index - m->n_imported_funcs].type;
  } else {
    for (uint32_t i = 0; i < m->n_imports; ++i)
      if (m->imports[i].kind == WASIRT_EXTERN_FUNC &&
          m->imports[i].index == index)
        type = m->imports[i].type;
  }
  return type < m->counts.types ? &m->types[type] : NULL;
}

/* Export FIELD of inst: its descriptor entry and what it is bound to. */
static const wasirt_export *find_export(wasirt_instance *inst,
                                        const char *field, size_t len,
                                        wasirt_extern *ext) {
  const wasirt_module *m = wasirt_instance_module(inst);
  const wasirt_export *ex = NULL;
  for (uint32_t i = 0; i < m->n_exports; ++i)
    if (m->exports[i].name_len == len &&
        memcmp(m->exports[i].name, field, len) == 0)
      ex = &m->exports[i];
  if (!ex || wasirt_instance_export_n(inst, field, len, ext) != WASIRT_OK)
    return NULL;
  return ex;
}

static void clear(spec_outcome *out) {
  out->problem = SPEC_DONE;
  out->detail = 0;
  out->status = WASIRT_OK;
  memset(&out->err, 0, sizeof out->err);
  out->n = 0;
}

void spec_get(wasirt_instance *inst, const char *field, size_t field_len,
              spec_outcome *out) {
  clear(out);
  wasirt_extern ext;
  if (!find_export(inst, field, field_len, &ext)) {
    out->problem = SPEC_UNKNOWN_EXPORT;
    return;
  }
  if (ext.kind != WASIRT_EXTERN_GLOBAL) {
    out->problem = SPEC_NOT_GLOBAL;
    return;
  }
  out->n = 1;
  out->types[0] = ext.u.global.valtype;
  memcpy(&out->values[0], ext.u.global.cell, sizeof out->values[0]);
}

void spec_invoke(wasirt_instance *inst, const char *field, size_t field_len,
                 const uint8_t *arg_types, const wasirt_value *args,
                 uint32_t n_args, unsigned timeout, spec_outcome *out) {
  clear(out);
  wasirt_extern ext;
  const wasirt_export *ex = find_export(inst, field, field_len, &ext);
  if (!ex) {
    out->problem = SPEC_UNKNOWN_EXPORT;
    return;
  }
  const wasirt_functype *t =
      ext.kind == WASIRT_EXTERN_FUNC
          ? function_type(wasirt_instance_module(inst), ex->index)
          : NULL;
  if (!t) {
    out->problem = SPEC_NOT_FUNCTION;
    return;
  }
  if (t->n_params != n_args) {
    out->problem = SPEC_ARITY;
    out->detail = t->n_params;
    return;
  }
  if (t->n_params > SPEC_MAX_VALUES || t->n_results > SPEC_MAX_VALUES) {
    out->problem = SPEC_TOO_MANY_RESULTS;
    return;
  }
  for (uint32_t i = 0; i < n_args; ++i)
    if (arg_types[i] != t->params[i]) {
      out->problem = SPEC_BAD_ARGUMENT;
      out->detail = i;
      return;
    }
  memcpy(out->values, args, n_args * sizeof *args);
  watch(timeout);
  out->status = wasirt_call_funcref(&ext.u.func, t, out->values, &out->err);
  if (unwatch(timeout)) {
    out->problem = SPEC_INTERRUPTED;
    interrupted_message(&out->err, timeout);
    return;
  }
  if (out->status == WASIRT_OK) {
    out->n = t->n_results;
    memcpy(out->types, t->results, t->n_results);
  }
}
