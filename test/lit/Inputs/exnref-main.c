/* The driver of run-exnref.test: calls each export of the module "exn"
 * (Inputs/gen-exnref.py) through the prototypes of its header, each under
 * wasirt_try, and prints its result or its trap, then how many exceptions
 * this thread still holds (the runtime's count of live, unpinned ones) and
 * how many it pinned. */
#include "exn.h"
#include <stdio.h>

uint64_t wasirt__exceptions_live(void);   /* lib/Runtime/exception.c */
uint64_t wasirt__exceptions_pinned(void); /* lib/Runtime/exception.c */

struct Call {
  wasirt_instance *Instance;
  uint32_t (*Fn0)(wasirt_instance *);
  uint32_t (*Fn1)(wasirt_instance *, uint32_t);
  void (*Proc1)(wasirt_instance *, uint32_t);
  uint32_t Arg, Result;
};

static void run(void *Arg) {
  struct Call *C = Arg;
  if (C->Fn0)
    C->Result = C->Fn0(C->Instance);
  else if (C->Fn1)
    C->Result = C->Fn1(C->Instance, C->Arg);
  else
    C->Proc1(C->Instance, C->Arg);
}

static void report(const char *Name, struct Call C) {
  wasirt_error Err;
  if (wasirt_try(run, &C, &Err) == WASIRT_OK) {
    if (C.Proc1)
      printf("%s: ok\n", Name);
    else
      printf("%s: %d\n", Name, (int)C.Result);
  } else {
    printf("%s: trap: %s\n", Name, wasirt_trap_message(Err.trap));
  }
}

#define CALL0(F) report(#F, (struct Call){I, w2o_exnQE_##F, 0, 0, 0, 0})
#define CALL1(F, A) report(#F, (struct Call){I, 0, w2o_exnQE_##F, 0, A, 0})
#define PROC1(F, A) report(#F, (struct Call){I, 0, 0, w2o_exnQE_##F, A, 0})
/* A call of an export that catches all it throws, and the live count. */
#define DIRECT(CALL)                                                           \
  printf("%s: %d, live %llu\n", #CALL, (int)w2o_exnQE_##CALL,                  \
         (unsigned long long)wasirt__exceptions_live())

int main(void) {
  wasirt_instance *I;
  wasirt_error Err;
  if (wasirt_instantiate(&w2o_module_exn, NULL, &I, &Err) != WASIRT_OK) {
    fprintf(stderr, "instantiate: %s\n", Err.message);
    return 1;
  }
  CALL0(catch_payload);
  CALL0(catch_local_throw);
  CALL0(catch_all);
  CALL0(clause_order);
  CALL0(rethrow_ref);
  CALL0(throw_ref_null);
  CALL0(is_null);
  PROC1(stash, 77);
  CALL0(is_null);
  CALL0(unstash);
  CALL0(unstash);
  PROC1(stash_trap, 88);
  CALL0(unstash);
  CALL0(uncaught_ref);
  CALL0(unstash);
  CALL1(loop_count, 100000);
  CALL0(legacy_inside);
  CALL0(no_match);
  CALL1(params, 41);
  CALL0(table);
  CALL0(multi);
  CALL0(cleanup);
  /* Without a guard, whose end would free what a call left live. */
  DIRECT(typed_loop(I, 1000));
  DIRECT(cleanup_out(I));
  DIRECT(loop_rethrow(I));
  DIRECT(drop_now(I));
  DIRECT(cleanup_throws(I));
  DIRECT(switch_sum(I));
  /* The frame's owned exception is freed as the call that throws out of
   * it unwinds through it. */
  DIRECT(cleanup_escapes(I));
  printf("live exceptions: %llu\n",
         (unsigned long long)wasirt__exceptions_live());
  printf("pinned exceptions: %llu\n",
         (unsigned long long)wasirt__exceptions_pinned());
  wasirt_instance_free(I);
  return 0;
}
