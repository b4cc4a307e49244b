/*===- runtime_internal.h - private declarations of lib/Runtime ----------===*
 *
 * Shared by the files of lib/Runtime only; never installed.
 *
 * Every entry point that generated code calls is declared here from
 * runtime_calls.def, so a definition whose signature disagrees with the
 * table fails to compile.
 *
 *===----------------------------------------------------------------------===*/
#ifndef WASIRT_RUNTIME_INTERNAL_H
#define WASIRT_RUNTIME_INTERNAL_H

#include "wasm2obj/abi.h"
#include "wasm2obj/wasirt.h"

#include <stdint.h>

/*===------------------- runtime calls from the table -------------------===*/

#define WASIRT_ATTR_none
#define WASIRT_ATTR_noreturn _Noreturn
#define WASIRT_ATTR_throws _Noreturn
#define WASIRT_ATTR_pure __attribute__((const))
#define WASIRT_CALL(NAME, ATTR, RESULT, ...)                                   \
  WASIRT_ATTR_##ATTR RESULT NAME(__VA_ARGS__);
#include "wasm2obj/runtime_calls.def"
#undef WASIRT_CALL

/* Functions shared between the files of lib/Runtime are named wasirt__*
 * (the archive is linked into user programs, so no short prefixes) and
 * hidden when the runtime is built into a shared object. */
#pragma GCC visibility push(hidden)

/*===---------------------- instance regions ----------------------------===*/

/* An 8-byte slot holding a pointer, as the instance regions store them. */
typedef struct rt_ptr_slot {
  WASIRT_PTR(void *, p);
} rt_ptr_slot;

/* One element segment slot of the instance (16 bytes). */
typedef struct rt_elem_slot {
  WASIRT_PTR(void **, items);
  uint64_t count;
} rt_elem_slot;

_Static_assert(sizeof(rt_ptr_slot) == 8, "pointer slot");
_Static_assert(sizeof(rt_elem_slot) == WASIRT_ELEM_SLOT, "elem slot");

static inline wasirt_instance_header *rt_header(void *instance) {
  return (wasirt_instance_header *)instance;
}

static inline const wasirt_module *rt_module(void *instance) {
  return rt_header(instance)->module;
}

static inline wasirt_layout rt_layout(void *instance) {
  return wasirt_compute_layout(rt_module(instance)->counts);
}

static inline uint8_t *rt_region(void *instance, uint32_t offset) {
  return (uint8_t *)instance + offset;
}

/* Memory N of an instance (imported or defined). N is trusted: the
 * translator validated it. */
static inline wasirt_memory *rt_memory(void *instance, uint32_t n) {
  rt_ptr_slot *slots =
      (rt_ptr_slot *)rt_region(instance, rt_layout(instance).memories);
  return (wasirt_memory *)slots[n].p;
}

static inline wasirt_table *rt_table(void *instance, uint32_t n) {
  rt_ptr_slot *slots =
      (rt_ptr_slot *)rt_region(instance, rt_layout(instance).tables);
  return (wasirt_table *)slots[n].p;
}

static inline rt_elem_slot *rt_elem(void *instance, uint32_t n) {
  return (rt_elem_slot *)rt_region(instance, rt_layout(instance).elems) + n;
}

static inline uint64_t *rt_data_length(void *instance, uint32_t n) {
  return (uint64_t *)rt_region(instance, rt_layout(instance).data) + n;
}

static inline wasirt_funcref *rt_funcref(void *instance, uint32_t n) {
  return (wasirt_funcref *)rt_region(instance, rt_layout(instance).funcrefs) +
         n;
}

/* The 16-byte cell holding global N, whether defined or imported. */
void *wasirt__global_cell(void *instance, uint32_t n);

/*===------------------------- traps (trap.c) ---------------------------===*/

/* Runs fn(arg) under a trap guard on this thread: traps, wasirt_exit and
 * faults in wasm memories or the stack guard unwind to it. Returns
 * WASIRT_OK, WASIRT_ERR_TRAP or WASIRT_ERR_EXIT and fills *err (may be
 * NULL) on failure. Guards nest. */
int wasirt__run_guarded(void (*fn)(void *), void *arg, wasirt_error *err);

/* Number of guards active on this thread. */
unsigned wasirt__guard_depth(void);

/* The innermost active guard of this thread (an address in its C stack
 * frame), or NULL: an exception unwinding past it is uncaught. */
const void *wasirt__innermost_guard(void);

/* This thread's live wasm exceptions (exception.c): a mark of the newest,
 * taken when a guard starts; freeing every exception made since the mark,
 * when the guarded call ends (returns, or a trap unwinds to the guard);
 * how many are live, and how many this thread pinned (tests). */
void *wasirt__exceptions_mark(void);
void wasirt__exceptions_release(void *mark);
uint64_t wasirt__exceptions_live(void);
uint64_t wasirt__exceptions_pinned(void);

/* Gives an instance this thread's stack_limit, the lowest stack pointer
 * generated code may use on this thread (the low end of the thread's stack
 * plus a safety margin, computed once per thread), and stack_span. */
void wasirt__set_stack_limit(wasirt_instance_header *header);

/* Fills *err; message is printf-formatted. */
void wasirt__set_error(wasirt_error *err, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*===---------------------- memories (memory.c) -------------------------===*/

/* Creates a memory of the given type. Returns NULL when the address space
 * cannot be reserved or MIN exceeds what can be provided. */
wasirt_memory *wasirt__memory_create(uint64_t min_pages, uint64_t max_pages,
                                     uint32_t flags);

/* Adds a reference to a memory (an instance importing it). */
void wasirt__memory_retain(wasirt_memory *memory);

/* Drops a reference; unmaps the memory with the last one. */
void wasirt__memory_release(wasirt_memory *memory);

/* Whether every u32 index + u32 offset + 16-byte access from the base lands
 * in the reservation: required by modules compiled without explicit bounds
 * checks. */
int wasirt__memory_has_guard(const wasirt_memory *memory);

/* Whether ADDR lies in the reservation of a live memory. Lock-free and
 * async-signal-safe: called from the SIGSEGV handler. */
int wasirt__address_in_memory(uintptr_t addr);

/* Current size in bytes (an atomic load: shared memories grow
 * concurrently). */
uint64_t wasirt__memory_size(const wasirt_memory *memory);
/* Makes *copy follow the memory's size from now on (NULL: stop): the
 * defining instance's slot in its sizes region (abi.h), for a memory that
 * is not shared. Every growth writes it, whichever instance or host call
 * grows the memory. */
void wasirt__memory_set_size_copy(wasirt_memory *memory, uint64_t *copy);

/*===------------------------ tables (table.c) --------------------------===*/

/* Cap on the size of a table whose type has no maximum (or a larger one):
 * table.grow fails beyond it. */
#define RT_TABLE_MAX_ELEMS 10000000u

wasirt_table *wasirt__table_create(uint32_t elem_type, uint64_t min,
                                   uint64_t max, uint32_t flags);
void wasirt__table_retain(wasirt_table *table);
void wasirt__table_release(wasirt_table *table);

#pragma GCC visibility pop

#endif /* WASIRT_RUNTIME_INTERNAL_H */
