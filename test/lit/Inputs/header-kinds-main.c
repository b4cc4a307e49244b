/* Embedder of cli-header-kinds.test: includes the headers of one module
 * compiled twice, as "hk" and as "HK" (names that differ only in case),
 * defines the host functions the headers declare, and calls the exports
 * through their prototypes, v128 values included. Prints one line per
 * call. */
#include "HK.h"
#include "hk.h"
#include <stdio.h>
#include <string.h>

/* Defined with the headers' prototypes; both headers declare them. */
wasirt_v128 w2o_envQ_swap_halves(wasirt_instance *caller, wasirt_v128 p0) {
  (void)caller;
  wasirt_v128 r = {p0[1], p0[0]};
  return r;
}

double w2o_envQ_scale(wasirt_instance *caller, uint32_t p0, double p1) {
  (void)caller;
  return p0 * p1;
}

static wasirt_v128 bytes(const uint8_t b[16]) {
  wasirt_v128 v;
  memcpy(&v, b, 16);
  return v;
}

static void print_v128(const char *what, wasirt_v128 v) {
  uint8_t b[16];
  memcpy(b, &v, 16);
  printf("%s =", what);
  for (int i = 0; i < 16; ++i)
    printf(" %02x", b[i]);
  printf("\n");
}

struct calls {
  wasirt_instance *lower, *upper;
};

static void run(void *arg) {
  struct calls *c = arg;
  uint8_t b[16];
  for (int i = 0; i < 16; ++i)
    b[i] = (uint8_t)(i + 1);
  printf("lane1 = 0x%08x\n", w2o_hkQE_lane1(c->lower, bytes(b)));
  print_v128("a/*b", w2o_hkQE_aQ2FQ2Ab(c->lower, bytes(b)));
  wasirt_value results[2];
  w2o_HKQE_splat_and_sum(c->upper, 7, results);
  wasirt_v128 splat;
  memcpy(&splat, results[0].v128, 16);
  print_v128("splat", splat);
  printf("sum = %d\n", results[1].i32);
  printf("twice_scaled = %g\n", w2o_HKQE_twice_scaled(c->upper, 3, 0.5));
}

int main(void) {
  struct calls c;
  wasirt_error err;
  if (wasirt_instantiate(&w2o_module_hk, NULL, &c.lower, &err) != WASIRT_OK ||
      wasirt_instantiate(&w2o_module_HK, NULL, &c.upper, &err) != WASIRT_OK) {
    printf("instantiate: %s\n", err.message);
    return 1;
  }
  if (wasirt_try(run, &c, &err) != WASIRT_OK)
    printf("trapped: %s\n", err.message);
  wasirt_instance_free(c.lower);
  wasirt_instance_free(c.upper);
  return 0;
}
