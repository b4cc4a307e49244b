/*===- memory.c - linear memories ----------------------------------------===*
 *
 * A memory is one reservation of address space, PROT_NONE except for its
 * first `size` bytes; memory.grow makes more of it accessible and never
 * moves the base, so generated code may treat the base as invariant.
 *
 *   32-bit memory, 64-bit host (the default, "guarded"): the reservation is
 *     RT_GUARD_RESERVATION = 8 GiB + 64 KiB, which covers any
 *     u32 index + u32 offset + 16-byte access. Accesses beyond `size` fault
 *     and the signal handler (trap.c) turns the fault into the
 *     out-of-bounds trap, so generated code needs no bounds checks.
 *   If that reservation fails (ulimit -v, 32-bit host), or for memory64,
 *     the reservation is min(maximum, RT_RESERVE_CAP) bytes, halved until
 *     the mapping succeeds but never below the initial size. Such a memory
 *     has no guard region: only modules compiled with explicit bounds checks
 *     may use it (instantiation refuses others), and memory.grow fails
 *     beyond the reservation, as the spec allows.
 *
 * Memories are reference counted (wasirt_memory.owner_refs): the creator
 * holds one reference and every importing instance another, so an exported
 * memory lives until its last user is freed.
 *
 * Every live reservation is recorded in a registry that the signal handler
 * reads without locks: chunks of slots, linked by atomic pointers and never
 * freed; a slot is claimed and released under a mutex and its bounds are
 * published with atomic stores. This registry and its mutex are the only
 * mutable globals of this file.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "runtime_internal.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define RT_GUARD_RESERVATION ((8ull << 30) + WASIRT_PAGE_SIZE)

/* Reservation for memories without a guard region (memory64, or when the
 * guarded reservation is not possible). */
#if UINTPTR_MAX > 0xffffffffu
#define RT_RESERVE_CAP (16ull << 30)
#else
#define RT_RESERVE_CAP (1ull << 30)
#endif

/* Largest page count each index type can address. */
#define RT_MEMORY32_MAX_PAGES 65536ull
#define RT_MEMORY64_MAX_PAGES (1ull << 48)

/*===-------------------------- reservations ----------------------------===*/

typedef struct rt_reservation {
  uintptr_t start; /* 0 when free */
  uintptr_t end;
} rt_reservation;

#define RT_RESERVATION_CHUNK 256

typedef struct rt_reservation_chunk {
  rt_reservation slots[RT_RESERVATION_CHUNK];
  struct rt_reservation_chunk *next;
} rt_reservation_chunk;

static rt_reservation_chunk first_chunk;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

static rt_reservation *register_reservation(uintptr_t start, uintptr_t end) {
  pthread_mutex_lock(&registry_lock);
  rt_reservation_chunk *chunk = &first_chunk;
  rt_reservation *slot = NULL;
  for (;;) {
    for (unsigned i = 0; i < RT_RESERVATION_CHUNK; ++i) {
      if (__atomic_load_n(&chunk->slots[i].start, __ATOMIC_RELAXED) == 0) {
        slot = &chunk->slots[i];
        break;
      }
    }
    if (slot)
      break;
    rt_reservation_chunk *next =
        __atomic_load_n(&chunk->next, __ATOMIC_ACQUIRE);
    if (!next) {
      next = (rt_reservation_chunk *)calloc(1, sizeof *next);
      if (!next)
        break;
      __atomic_store_n(&chunk->next, next, __ATOMIC_RELEASE);
    }
    chunk = next;
  }
  if (slot) {
    __atomic_store_n(&slot->end, end, __ATOMIC_RELAXED);
    __atomic_store_n(&slot->start, start, __ATOMIC_RELEASE);
  }
  pthread_mutex_unlock(&registry_lock);
  return slot;
}

static void unregister_reservation(rt_reservation *slot) {
  pthread_mutex_lock(&registry_lock);
  __atomic_store_n(&slot->start, 0, __ATOMIC_RELEASE);
  __atomic_store_n(&slot->end, 0, __ATOMIC_RELAXED);
  pthread_mutex_unlock(&registry_lock);
}

int wasirt__address_in_memory(uintptr_t addr) {
  for (rt_reservation_chunk *chunk = &first_chunk; chunk;
       chunk = __atomic_load_n(&chunk->next, __ATOMIC_ACQUIRE)) {
    for (unsigned i = 0; i < RT_RESERVATION_CHUNK; ++i) {
      uintptr_t start =
          __atomic_load_n(&chunk->slots[i].start, __ATOMIC_ACQUIRE);
      if (start && addr >= start &&
          addr < __atomic_load_n(&chunk->slots[i].end, __ATOMIC_RELAXED))
        return 1;
    }
  }
  return 0;
}

/*===------------------------ creation and growth -----------------------===*/

typedef struct rt_memory_impl {
  wasirt_memory pub; /* first: pub.runtime points back here */
  rt_reservation *slot;
  uint64_t limit_pages; /* growth limit: min(max_pages, reservation) */
  pthread_mutex_t grow_lock;
  uint64_t *size_copy; /* the defining instance's copy of pub.size, or NULL */
} rt_memory_impl;

static void *reserve(uint64_t bytes) {
  if (bytes == 0 || bytes > SIZE_MAX)
    return NULL;
  void *p = mmap(NULL, (size_t)bytes, PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

static int make_accessible(uint8_t *base, uint64_t from, uint64_t to) {
  if (to <= from)
    return 1;
  return mprotect(base + from, (size_t)(to - from), PROT_READ | PROT_WRITE) ==
         0;
}

wasirt_memory *wasirt__memory_create(uint64_t min_pages, uint64_t max_pages,
                                     uint32_t flags) {
  int is64 = (flags & WASIRT_LIMITS_64) != 0;
  uint64_t index_max = is64 ? RT_MEMORY64_MAX_PAGES : RT_MEMORY32_MAX_PAGES;
  if (!(flags & WASIRT_LIMITS_HAS_MAX) || max_pages > index_max)
    max_pages = index_max;
  if (min_pages > max_pages)
    return NULL;
  if (min_pages > SIZE_MAX / WASIRT_PAGE_SIZE)
    return NULL;
  uint64_t min_bytes = min_pages * WASIRT_PAGE_SIZE;
  /* 2^48 pages of memory64 are 2^64 bytes: saturate. */
  uint64_t max_bytes = max_pages > UINT64_MAX / WASIRT_PAGE_SIZE
                           ? UINT64_MAX
                           : max_pages * WASIRT_PAGE_SIZE;

  uint8_t *base = NULL;
  uint64_t reserved = 0;
  if (!is64 && UINTPTR_MAX > 0xffffffffu) {
    reserved = RT_GUARD_RESERVATION;
    base = (uint8_t *)reserve(reserved);
  }
  if (!base) {
    /* No guard region: reserve the maximum, within the cap, at least the
     * initial size and one page (so the base is a unique address). */
    reserved = max_bytes < RT_RESERVE_CAP ? max_bytes : RT_RESERVE_CAP;
    uint64_t floor =
        min_bytes > WASIRT_PAGE_SIZE ? min_bytes : WASIRT_PAGE_SIZE;
    if (reserved < floor)
      reserved = floor;
    while (!(base = (uint8_t *)reserve(reserved)) && reserved > floor) {
      reserved /= 2;
      reserved &= ~(uint64_t)(WASIRT_PAGE_SIZE - 1);
      if (reserved < floor)
        reserved = floor;
    }
    if (!base)
      return NULL;
  }
  if (!make_accessible(base, 0, min_bytes)) {
    munmap(base, (size_t)reserved);
    return NULL;
  }
  rt_memory_impl *m = (rt_memory_impl *)calloc(1, sizeof *m);
  if (!m) {
    munmap(base, (size_t)reserved);
    return NULL;
  }
  m->slot = register_reservation((uintptr_t)base, (uintptr_t)base + reserved);
  if (!m->slot) {
    munmap(base, (size_t)reserved);
    free(m);
    return NULL;
  }
  uint64_t reserved_pages = reserved / WASIRT_PAGE_SIZE;
  m->limit_pages = max_pages < reserved_pages ? max_pages : reserved_pages;
  pthread_mutex_init(&m->grow_lock, NULL);
  /* mmap returns page-aligned addresses; compiled code relies on it. */
  assert(((uintptr_t)base & (WASIRT_MEMORY_BASE_ALIGN - 1)) == 0);
  m->pub.base = base;
  m->pub.size = min_bytes;
  m->pub.max_pages = max_pages;
  m->pub.reserved = reserved;
  m->pub.flags = flags;
  m->pub.owner_refs = 1;
  m->pub.runtime = m;
  return &m->pub;
}

void wasirt__memory_retain(wasirt_memory *memory) {
  __atomic_fetch_add(&memory->owner_refs, 1, __ATOMIC_RELAXED);
}

void wasirt__memory_release(wasirt_memory *memory) {
  if (!memory ||
      __atomic_sub_fetch(&memory->owner_refs, 1, __ATOMIC_ACQ_REL) != 0)
    return;
  rt_memory_impl *m = (rt_memory_impl *)memory->runtime;
  unregister_reservation(m->slot);
  munmap(memory->base, (size_t)memory->reserved);
  pthread_mutex_destroy(&m->grow_lock);
  free(m);
}

int wasirt__memory_has_guard(const wasirt_memory *memory) {
  return !(memory->flags & WASIRT_LIMITS_64) &&
         memory->reserved >= RT_GUARD_RESERVATION;
}

uint64_t wasirt__memory_size(const wasirt_memory *memory) {
  return __atomic_load_n(&memory->size, __ATOMIC_ACQUIRE);
}

static uint64_t memory_grow(wasirt_memory *memory, uint64_t delta) {
  rt_memory_impl *m = (rt_memory_impl *)memory->runtime;
  uint64_t result = UINT64_MAX;
  pthread_mutex_lock(&m->grow_lock);
  uint64_t old_bytes = memory->size;
  uint64_t old_pages = old_bytes / WASIRT_PAGE_SIZE;
  if (delta <= m->limit_pages - old_pages) {
    uint64_t new_bytes = (old_pages + delta) * WASIRT_PAGE_SIZE;
    if (make_accessible(memory->base, old_bytes, new_bytes)) {
      __atomic_store_n(&memory->size, new_bytes, __ATOMIC_RELEASE);
      if (m->size_copy)
        *m->size_copy = new_bytes;
      result = old_pages;
    }
  }
  pthread_mutex_unlock(&m->grow_lock);
  return result;
}

void wasirt__memory_set_size_copy(wasirt_memory *memory, uint64_t *copy) {
  rt_memory_impl *m = (rt_memory_impl *)memory->runtime;
  pthread_mutex_lock(&m->grow_lock);
  m->size_copy = copy;
  if (copy)
    *copy = memory->size;
  pthread_mutex_unlock(&m->grow_lock);
}

uint64_t wasirt_memory_grow(void *instance, uint32_t mem, uint64_t delta) {
  return memory_grow(rt_memory(instance, mem), delta);
}

wasirt_memory *wasirt_memory_new(uint64_t min_pages, uint64_t max_pages,
                                 uint32_t flags) {
  return wasirt__memory_create(min_pages, max_pages, flags);
}

void wasirt_memory_free(wasirt_memory *memory) {
  wasirt__memory_release(memory);
}

/*===--------------------------- bulk memory ----------------------------===*/

/* [off, off + n) within [0, size), without overflow. n == 0 at
 * off == size is in bounds. */
static int in_bounds(uint64_t off, uint64_t n, uint64_t size) {
  return off <= size && n <= size - off;
}

void wasirt_memory_fill(void *instance, uint32_t mem, uint64_t dst,
                        uint32_t value, uint64_t n) {
  wasirt_memory *m = rt_memory(instance, mem);
  if (!in_bounds(dst, n, wasirt__memory_size(m)))
    wasirt_trap(instance, WASIRT_TRAP_MEMORY_OOB);
  if (n)
    memset(m->base + dst, (int)(uint8_t)value, (size_t)n);
}

void wasirt_memory_copy(void *instance, uint32_t dst_mem, uint32_t src_mem,
                        uint64_t dst, uint64_t src, uint64_t n) {
  wasirt_memory *d = rt_memory(instance, dst_mem);
  wasirt_memory *s = rt_memory(instance, src_mem);
  if (!in_bounds(dst, n, wasirt__memory_size(d)) ||
      !in_bounds(src, n, wasirt__memory_size(s)))
    wasirt_trap(instance, WASIRT_TRAP_MEMORY_OOB);
  if (n)
    memmove(d->base + dst, s->base + src, (size_t)n);
}

void wasirt_memory_init(void *instance, uint32_t mem, uint32_t seg,
                        uint64_t dst, uint32_t src, uint32_t n) {
  wasirt_memory *m = rt_memory(instance, mem);
  uint64_t seg_len = *rt_data_length(instance, seg);
  if (!in_bounds(src, n, seg_len) || !in_bounds(dst, n, wasirt__memory_size(m)))
    wasirt_trap(instance, WASIRT_TRAP_MEMORY_OOB);
  if (n)
    memcpy(m->base + dst, rt_module(instance)->data[seg].bytes + src, n);
}

void wasirt_data_drop(void *instance, uint32_t seg) {
  *rt_data_length(instance, seg) = 0;
}
