/*===- table.c - tables and element segments -----------------------------===*
 *
 * A table is a malloc'ed array of `void *` (NULL is the null reference;
 * funcref tables hold `wasirt_funcref *`, externref tables the host's
 * pointers). Growth reallocates it, so generated code reloads `elems`
 * after any call. A table without a maximum (or with a larger one) grows
 * at most to RT_TABLE_MAX_ELEMS elements; table.grow fails beyond, which
 * the spec allows.
 *
 * Tables are reference counted like memories: the creator holds one
 * reference and every importing instance another.
 *
 * Element segments are evaluated once, at instantiation, into an array of
 * references per segment kept in the instance's elems region; elem.drop
 * frees it and sets the count to 0.
 *
 *===----------------------------------------------------------------------===*/
#include "runtime_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct rt_table_impl {
  wasirt_table pub; /* first: pub.runtime points back here */
  uint32_t refs;
} rt_table_impl;

wasirt_table *wasirt__table_create(uint32_t elem_type, uint64_t min,
                                   uint64_t max, uint32_t flags) {
  uint64_t index_max =
      (flags & WASIRT_LIMITS_64) ? UINT64_MAX : (uint64_t)UINT32_MAX;
  if (!(flags & WASIRT_LIMITS_HAS_MAX) || max > index_max)
    max = index_max;
  if (min > max || min > RT_TABLE_MAX_ELEMS)
    return NULL;
  rt_table_impl *t = (rt_table_impl *)calloc(1, sizeof *t);
  if (!t)
    return NULL;
  void **elems = (void **)calloc(min ? (size_t)min : 1, sizeof(void *));
  if (!elems) {
    free(t);
    return NULL;
  }
  t->pub.elems = elems;
  t->pub.size = min;
  t->pub.max = max;
  t->pub.elem_type = elem_type;
  t->pub.flags = flags;
  t->pub.runtime = t;
  t->refs = 1;
  return &t->pub;
}

void wasirt__table_retain(wasirt_table *table) {
  rt_table_impl *t = (rt_table_impl *)table->runtime;
  __atomic_fetch_add(&t->refs, 1, __ATOMIC_RELAXED);
}

void wasirt__table_release(wasirt_table *table) {
  if (!table)
    return;
  rt_table_impl *t = (rt_table_impl *)table->runtime;
  if (__atomic_sub_fetch(&t->refs, 1, __ATOMIC_ACQ_REL) != 0)
    return;
  free(table->elems);
  free(t);
}

wasirt_table *wasirt_table_new(uint32_t elem_type, uint64_t min, uint64_t max,
                               uint32_t flags) {
  return wasirt__table_create(elem_type, min, max, flags);
}

void wasirt_table_free(wasirt_table *table) { wasirt__table_release(table); }

/*===------------------------- table operators --------------------------===*/

static int in_bounds(uint64_t off, uint64_t n, uint64_t size) {
  return off <= size && n <= size - off;
}

uint64_t wasirt_table_grow(void *instance, uint32_t table, void *init,
                           uint64_t delta) {
  wasirt_table *t = rt_table(instance, table);
  uint64_t old = t->size;
  uint64_t limit = t->max < RT_TABLE_MAX_ELEMS ? t->max : RT_TABLE_MAX_ELEMS;
  if (old > limit || delta > limit - old)
    return UINT64_MAX;
  if (delta == 0)
    return old;
  uint64_t size = old + delta;
  void **elems = (void **)realloc(t->elems, (size_t)size * sizeof(void *));
  if (!elems)
    return UINT64_MAX;
  for (uint64_t i = old; i < size; ++i)
    elems[i] = init;
  t->elems = elems;
  t->size = size;
  return old;
}

void wasirt_table_fill(void *instance, uint32_t table, uint64_t dst,
                       void *value, uint64_t n) {
  wasirt_table *t = rt_table(instance, table);
  if (!in_bounds(dst, n, t->size))
    wasirt_trap(instance, WASIRT_TRAP_TABLE_OOB);
  for (uint64_t i = 0; i < n; ++i)
    t->elems[dst + i] = value;
}

void wasirt_table_copy(void *instance, uint32_t dst_table, uint32_t src_table,
                       uint64_t dst, uint64_t src, uint64_t n) {
  wasirt_table *d = rt_table(instance, dst_table);
  wasirt_table *s = rt_table(instance, src_table);
  if (!in_bounds(dst, n, d->size) || !in_bounds(src, n, s->size))
    wasirt_trap(instance, WASIRT_TRAP_TABLE_OOB);
  if (n)
    memmove(d->elems + dst, s->elems + src, (size_t)n * sizeof(void *));
}

void wasirt_table_init(void *instance, uint32_t table, uint32_t seg,
                       uint64_t dst, uint32_t src, uint32_t n) {
  wasirt_table *t = rt_table(instance, table);
  rt_elem_slot *e = rt_elem(instance, seg);
  if (!in_bounds(src, n, e->count) || !in_bounds(dst, n, t->size))
    wasirt_trap(instance, WASIRT_TRAP_TABLE_OOB);
  if (n)
    memcpy(t->elems + dst, e->items + src, (size_t)n * sizeof(void *));
}

void wasirt_elem_drop(void *instance, uint32_t seg) {
  rt_elem_slot *e = rt_elem(instance, seg);
  free(e->items);
  e->items = NULL;
  e->count = 0;
}

static void *evaluate_item(void *instance, wasirt_elem_item item) {
  switch (item.kind) {
  case WASIRT_ELEM_FUNC:
    return rt_funcref(instance, item.index);
  case WASIRT_ELEM_GLOBAL:
    return ((wasirt_value *)wasirt__global_cell(instance, item.index))->ref;
  default:
    return NULL;
  }
}

void wasirt_elems_evaluate(void *instance) {
  const wasirt_module *module = rt_module(instance);
  for (uint32_t i = 0; i < module->counts.elems; ++i) {
    const wasirt_elem_segment *seg = &module->elems[i];
    wasirt_elem_drop(instance, i);
    if (!seg->count)
      continue;
    void **items = (void **)malloc((size_t)seg->count * sizeof(void *));
    if (!items)
      wasirt_trap(instance, WASIRT_TRAP_HOST);
    for (uint32_t j = 0; j < seg->count; ++j)
      items[j] = evaluate_item(instance, seg->items[j]);
    rt_elem_slot *e = rt_elem(instance, i);
    e->items = items;
    e->count = seg->count;
  }
}
