/*===- ttf_driver.c - runs a binaryen-generated module like --fuzz-exec ---===*
 *
 * Linked with one object compiled by wasm2obj from a module of
 * `wasm-opt -ttf` (ttf_fuzz.py). Provides the module's "fuzzing-support"
 * imports, instantiates it, then calls every exported function in export
 * order with zero arguments, as binaryen's `wasm-opt --fuzz-exec-before`
 * does (calling the module's "hangLimitInitializer" export, if any, before
 * each, which resets the hang-limit global as binaryen does), and prints
 * one line per event with the value's type and exact
 * bits, for ttf_fuzz.py to compare with binaryen's interpreter:
 *
 *   call NAME                       an export is called
 *   log TYPE VALUE                  a "fuzzing-support" import was called
 *   result TYPE VALUE               the call returned (one line per result;
 *                                   a v128 as four 32-bit lanes, lane 0 first)
 *   trap MESSAGE                    the call trapped
 *
 *===----------------------------------------------------------------------===*/
#include "wasm2obj/abi.h"
#include "wasm2obj/wasirt.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

extern const wasirt_module w2o_main_module;

static void print_value(uint8_t type, wasirt_value v) {
  switch (type) {
  case WASIRT_I32:
    printf("i32 %" PRId32, v.i32);
    break;
  case WASIRT_I64:
    printf("i64 %" PRId64, v.i64);
    break;
  case WASIRT_F32: {
    uint32_t bits;
    memcpy(&bits, &v.f32, 4);
    printf("f32 0x%08" PRIx32, bits);
    break;
  }
  case WASIRT_F64: {
    uint64_t bits;
    memcpy(&bits, &v.f64, 8);
    printf("f64 0x%016" PRIx64, bits);
    break;
  }
  case WASIRT_V128: {
    uint32_t lanes[4];
    memcpy(lanes, v.v128, 16);
    printf("v128 0x%08" PRIx32 " 0x%08" PRIx32 " 0x%08" PRIx32 " 0x%08" PRIx32,
           lanes[0], lanes[1], lanes[2], lanes[3]);
    break;
  }
  default:
    printf("type%u ?", type);
    break;
  }
}

static void log_value(uint8_t type, wasirt_value v) {
  printf("log ");
  print_value(type, v);
  printf("\n");
  fflush(stdout);
}

void w2o_fuzzingQ2DsupportQ_logQ2Di32(wasirt_instance *caller, uint32_t x) {
  (void)caller;
  log_value(WASIRT_I32, (wasirt_value){.u32 = x});
}

void w2o_fuzzingQ2DsupportQ_logQ2Di64(wasirt_instance *caller, uint64_t x) {
  (void)caller;
  log_value(WASIRT_I64, (wasirt_value){.u64 = x});
}

void w2o_fuzzingQ2DsupportQ_logQ2Df32(wasirt_instance *caller, float x) {
  (void)caller;
  log_value(WASIRT_F32, (wasirt_value){.f32 = x});
}

void w2o_fuzzingQ2DsupportQ_logQ2Df64(wasirt_instance *caller, double x) {
  (void)caller;
  log_value(WASIRT_F64, (wasirt_value){.f64 = x});
}

/* A v128 parameter is passed as the C vector type of the same size. */
typedef int64_t v2i64 __attribute__((vector_size(16)));

void w2o_fuzzingQ2DsupportQ_logQ2Dv128(wasirt_instance *caller, v2i64 x) {
  (void)caller;
  wasirt_value v;
  memcpy(v.v128, &x, 16);
  log_value(WASIRT_V128, v);
}

/* The type of function FUNC of module M. */
static const wasirt_functype *func_type(const wasirt_module *m, uint32_t func) {
  if (func >= m->n_imported_funcs)
    return &m->types[m->funcs[func - m->n_imported_funcs].type];
  for (uint32_t i = 0; i < m->n_imports; ++i)
    if (m->imports[i].kind == WASIRT_EXTERN_FUNC && m->imports[i].index == func)
      return &m->types[m->imports[i].type];
  return NULL;
}

int main(void) {
  const wasirt_module *m = &w2o_main_module;
  wasirt_instance *inst;
  wasirt_error err;
  if (wasirt_instantiate(m, NULL, &inst, &err) != WASIRT_OK) {
    printf("instantiate %s\n", err.message);
    return 0;
  }
  int has_hang_limit = 0;
  for (uint32_t e = 0; e < m->n_exports; ++e)
    if (m->exports[e].kind == WASIRT_EXTERN_FUNC &&
        strcmp(m->exports[e].name, "hangLimitInitializer") == 0)
      has_hang_limit = 1;
  for (uint32_t e = 0; e < m->n_exports; ++e) {
    const wasirt_export *ex = &m->exports[e];
    if (ex->kind != WASIRT_EXTERN_FUNC)
      continue;
    const wasirt_functype *t = func_type(m, ex->index);
    printf("call %s\n", ex->name);
    fflush(stdout);
    wasirt_value vals[64];
    if (!t || t->n_params > 64 || t->n_results > 64) {
      printf("unsupported signature\n");
      continue;
    }
    memset(vals, 0, sizeof vals);
    if (has_hang_limit) {
      wasirt_value none[1];
      wasirt_call(inst, "hangLimitInitializer", none, 0, 0, &err);
    }
    int rc = wasirt_call(inst, ex->name, vals, t->n_params, t->n_results, &err);
    if (rc == WASIRT_ERR_TRAP) {
      printf("trap %s\n", err.message);
    } else if (rc != WASIRT_OK) {
      printf("error %s\n", err.message);
    } else {
      for (uint32_t r = 0; r < t->n_results; ++r) {
        printf("result ");
        print_value(t->results[r], vals[r]);
        printf("\n");
      }
    }
    fflush(stdout);
  }
  wasirt_instance_free(inst);
  return 0;
}
