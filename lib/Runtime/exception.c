/*===- exception.c - wasm exceptions: throwing, unwinding, freeing --------===*
 *
 * Design
 * ------
 * Generated code catches a wasm exception the way C++ code does, with
 * LLVM's invoke and landingpad, so that a try costs nothing until
 * something throws and every wasm value live across a call stays in
 * registers or the frame as LLVM chose. Its landing pads are all
 * `cleanup` pads under libgcc's C personality (__gcc_personality_v0):
 * the pad itself compares the exception's tag with its catch clauses and
 * either handles the exception or passes it on.
 *
 * A C personality never claims an exception in the unwinder's search
 * phase, so wasirt_throw does not use _Unwind_RaiseException (whose search
 * would find no handler and give up) but _Unwind_ForcedUnwind, which runs
 * the cleanup phase directly and asks a stop function before each frame.
 * A pad that handles the exception simply carries on: nothing of the
 * unwinder lives outside the exception object and the stack.
 *
 * Uncaught. The stop function ends the unwinding when it reaches the
 * frames of the innermost trap guard (trap.c), or a frame without unwind
 * information (the end of the stack, or the code of a module compiled
 * nounwind, see Module::MayUnwind): it frees the exception and traps with
 * "uncaught exception", which the guard reports like any trap. Host
 * frames beyond the guard are never unwound. With no guard (an export's
 * symbol called directly), the unwinding ends at the export's wrapper,
 * which has no unwind information, and the trap ends the process.
 *
 * Ownership. wasirt_exception_new allocates an exception with malloc;
 * generated code frees it with wasirt_exception_free when control leaves
 * the catch body that caught it (falls through its end, branches or
 * returns out of it, or an exception passes out of it). rethrow throws a
 * copy (wasirt_exception_clone), so each exception has one owner, even
 * when a nested catch catches the rethrown one.
 *
 * Exception references (exnref, the final form of the proposal). A
 * catch_ref or catch_all_ref clause makes the exception a value that wasm
 * code may copy anywhere (locals, globals, tables) and throw again with
 * throw_ref, so no single owner can free it. It is pinned
 * (wasirt_exception_pin): taken out of the thread's list and marked, after
 * which wasirt_exception_free and the trap release leave it alone. A
 * pinned exception is never freed: its memory (about 72 bytes and the
 * payload) stays allocated, on a process-wide list, until the process
 * ends, the price of having no garbage collector (README, known
 * limitations). throw_ref raises the
 * very same object again.
 *
 * Most exnrefs never escape: compilers catch with catch_ref or
 * catch_all_ref only to throw the exception on or drop it (cleanups,
 * typed catches). The compiler keeps such an exception owned instead of
 * pinning it, freeing it where the exnref is dropped
 * (lib/Translate/UnpinExnRefs.h); so only an exnref that is stored,
 * passed or returned costs a pinned exception.
 *
 * Traps. A trap (or proc_exit) inside a catch body leaves nothing to free
 * its exception, so each thread keeps its live exceptions in a list, the
 * newest first, linked through a header in front of each exception. A
 * guard notes the newest when it starts (wasirt__exceptions_mark) and,
 * when a trap unwinds to it or the call returns, frees every exception
 * made since (wasirt__exceptions_release): an exception never outlives
 * the guarded call it was made in, as none crosses a guard. (After a
 * trap, the list may hold one that a frame kept owned for an exnref; on
 * return it holds none, since such a frame frees it when an exception
 * leaves it: lib/Translate/UnpinExnRefs.h. The release on return is a
 * safety net.)
 *
 * Layout: see WASIRT_OFF_EXCEPTION_* in abi.h.
 *
 *===----------------------------------------------------------------------===*/
#include "runtime_internal.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unwind.h>

typedef struct rt_exception {
  struct _Unwind_Exception unwind;
  char pad[WASIRT_OFF_EXCEPTION_TAG - sizeof(struct _Unwind_Exception)];
  const void *tag;         /* WASIRT_OFF_EXCEPTION_TAG */
  uint64_t size;           /* payload bytes */
  unsigned char payload[]; /* WASIRT_OFF_EXCEPTION_PAYLOAD */
} rt_exception;

/* In front of each exception: its links in this thread's list (16 bytes,
 * so the exception keeps malloc's alignment). A pinned exception's newer
 * link points to its own node, its older one to the next pinned node in
 * the process's list of them. */
typedef struct rt_node {
  struct rt_node *older, *newer;
} __attribute__((aligned(16))) rt_node;

static rt_exception *exception_of(rt_node *n) {
  return (rt_exception *)(n + 1);
}
static rt_node *node_of(void *exception) { return (rt_node *)exception - 1; }

/* This thread's live exceptions: the newest, and how many (for tests);
 * how many it pinned (for tests). */
static _Thread_local rt_node *tls_newest;
static _Thread_local uint64_t tls_live;
static _Thread_local uint64_t tls_pinned;

_Static_assert(sizeof(struct _Unwind_Exception) <= WASIRT_OFF_EXCEPTION_TAG,
               "the unwinder's header must fit before the tag");
_Static_assert(offsetof(rt_exception, tag) == WASIRT_OFF_EXCEPTION_TAG,
               "exception tag offset");
_Static_assert(offsetof(rt_exception, payload) == WASIRT_OFF_EXCEPTION_PAYLOAD,
               "exception payload offset");

static void exception_cleanup(_Unwind_Reason_Code reason,
                              struct _Unwind_Exception *exc) {
  (void)reason;
  wasirt_exception_free(exc);
}

void *wasirt_exception_new(void *instance, void *tag, uint64_t bytes) {
  (void)instance;
  rt_node *n = malloc(sizeof(rt_node) + sizeof(rt_exception) + bytes);
  if (!n)
    wasirt_raise(WASIRT_TRAP_HOST); /* no memory for the exception */
  rt_exception *e = exception_of(n);
  memset(&e->unwind, 0, sizeof e->unwind);
  e->unwind.exception_class = WASIRT_EXCEPTION_CLASS;
  e->unwind.exception_cleanup = exception_cleanup;
  e->tag = tag;
  e->size = bytes;
  n->newer = NULL;
  n->older = tls_newest;
  if (tls_newest)
    tls_newest->newer = n;
  tls_newest = n;
  ++tls_live;
  return e;
}

void *wasirt_exception_clone(void *exception) {
  const rt_exception *from = exception;
  rt_exception *e = wasirt_exception_new(NULL, (void *)from->tag, from->size);
  memcpy(e->payload, from->payload, from->size);
  return e;
}

/* Every pinned exception of the process, the newest first: they are never
 * freed, and the list keeps them reachable, retained rather than lost to
 * a leak checker (the sanitized tests run LeakSanitizer). */
static rt_node *pinned_newest;

static int pinned(const rt_node *n) { return n->newer == n; }

static void unlink_node(rt_node *n) {
  if (n->newer)
    n->newer->older = n->older;
  else
    tls_newest = n->older;
  if (n->older)
    n->older->newer = n->newer;
  --tls_live;
}

void wasirt_exception_free(void *exception) {
  rt_node *n = node_of(exception);
  if (pinned(n))
    return;
  unlink_node(n);
  free(n);
}

void *wasirt_exception_pin(void *exception) {
  rt_node *n = node_of(exception);
  if (!pinned(n)) {
    unlink_node(n);
    n->newer = n;
    rt_node *head = __atomic_load_n(&pinned_newest, __ATOMIC_RELAXED);
    do
      n->older = head;
    while (!__atomic_compare_exchange_n(&pinned_newest, &head, n,
                                        /*weak=*/1, __ATOMIC_RELEASE,
                                        __ATOMIC_RELAXED));
    ++tls_pinned;
  }
  return exception;
}

void *wasirt__exceptions_mark(void) { return tls_newest; }

void wasirt__exceptions_release(void *mark) {
  while (tls_newest && tls_newest != mark)
    wasirt_exception_free(exception_of(tls_newest));
}

uint64_t wasirt__exceptions_live(void) { return tls_live; }

uint64_t wasirt__exceptions_pinned(void) { return tls_pinned; }

static _Noreturn void uncaught(struct _Unwind_Exception *exc) {
  wasirt_exception_free(exc);
  wasirt_raise(WASIRT_TRAP_UNCAUGHT_EXCEPTION);
}

static _Unwind_Reason_Code stop_at_guard(int version, _Unwind_Action actions,
                                         _Unwind_Exception_Class cls,
                                         struct _Unwind_Exception *exc,
                                         struct _Unwind_Context *ctx,
                                         void *arg) {
  (void)version;
  (void)cls;
  const void *guard = arg;
  if (actions & _UA_END_OF_STACK)
    uncaught(exc);
  /* The stack grows down. libgcc gives a stop function the canonical frame
   * address of the callee of the frame about to be unwound: at or below
   * the guard (which lives in wasirt__run_guarded's frame) for the frames
   * it called, above it from the caller of wasirt__run_guarded on. So the
   * unwinding stops there; siglongjmp then returns to the guard's frame,
   * which nothing has unwound. */
  if (guard && _Unwind_GetCFA(ctx) > (uintptr_t)guard)
    uncaught(exc);
  return _URC_NO_REASON;
}

void wasirt_throw(void *instance, void *exception) {
  (void)instance;
  struct _Unwind_Exception *exc = exception;
  _Unwind_ForcedUnwind(exc, stop_at_guard, (void *)wasirt__innermost_guard());
  /* Only an unwinder error returns here. */
  uncaught(exc);
}
