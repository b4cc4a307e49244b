/*===- atomic.c - memory.atomic.wait32/64 and memory.atomic.notify -------===*
 *
 * Threads proposal semantics:
 *   wait: traps "unaligned atomic" for a misaligned address, "out of bounds
 *   memory access" beyond the memory, "expected shared memory" on an
 *   unshared one; returns 1 ("not-equal") when the value differs from the
 *   expected one, else blocks until notified (0, "ok") or until the timeout
 *   in nanoseconds expires (2, "timed-out"); a negative timeout (as i64)
 *   waits forever.
 *   notify: same alignment and bounds traps; wakes at most COUNT waiters
 *   of that address, oldest first, and returns how many; on an unshared
 *   memory it wakes nobody and returns 0.
 *
 * A parking lot: waiters queue, in arrival order, in one of RT_PARK_BUCKETS
 * buckets chosen by the host address of the waited-on cell (so waits on a
 * memory shared by several instances meet). The value comparison and the
 * enqueueing happen under the bucket lock, and notify dequeues under it,
 * so no wake-up is lost. A waiter then sleeps on a futex word of its own
 * (on Linux; a short sleep loop elsewhere). The bucket array is a
 * documented process-wide global, initialised once.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "runtime_internal.h"

#include <pthread.h>
#include <time.h>
#ifdef __linux__
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#define RT_PARK_BUCKETS 64

typedef struct rt_waiter {
  uintptr_t addr;
  uint32_t woken; /* futex word: 1 once notified */
  struct rt_waiter *next;
} rt_waiter;

typedef struct rt_bucket {
  pthread_mutex_t lock;
  rt_waiter *head, *tail;
} rt_bucket;

static rt_bucket park_buckets[RT_PARK_BUCKETS];
static pthread_once_t park_once = PTHREAD_ONCE_INIT;

static void init_buckets(void) {
  for (unsigned i = 0; i < RT_PARK_BUCKETS; ++i)
    pthread_mutex_init(&park_buckets[i].lock, NULL);
}

static rt_bucket *bucket_for(uintptr_t addr) {
  pthread_once(&park_once, init_buckets);
  uint64_t h = (uint64_t)(addr >> 2) * 0x9e3779b97f4a7c15ull;
  return &park_buckets[h >> 58]; /* top 6 bits: 64 buckets */
}

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Sleeps while *word == 0, for at most ns nanoseconds (UINT64_MAX:
 * forever). May return early. */
static void park(uint32_t *word, uint64_t ns) {
#ifdef __linux__
  struct timespec ts, *tsp = NULL;
  if (ns != UINT64_MAX) {
    ts.tv_sec = (time_t)(ns / 1000000000ull);
    ts.tv_nsec = (long)(ns % 1000000000ull);
    tsp = &ts;
  }
  syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, 0, tsp, NULL, 0);
#else
  struct timespec ts = {0, 100000};
  if (ns < 100000)
    ts.tv_nsec = (long)ns;
  (void)word;
  nanosleep(&ts, NULL);
#endif
}

static void unpark(uint32_t *word) {
  __atomic_store_n(word, 1, __ATOMIC_SEQ_CST);
#ifdef __linux__
  syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
#endif
}

/* Checks alignment then bounds (the order of the reference interpreter)
 * and returns the host address. */
static uintptr_t atomic_address(void *instance, wasirt_memory *m, uint64_t addr,
                                uint64_t width) {
  if (addr & (width - 1))
    wasirt_trap(instance, WASIRT_TRAP_UNALIGNED_ATOMIC);
  uint64_t size = wasirt__memory_size(m);
  if (size < width || addr > size - width)
    wasirt_trap(instance, WASIRT_TRAP_MEMORY_OOB);
  return (uintptr_t)(m->base + addr);
}

static void unlink_waiter(rt_bucket *b, rt_waiter *w) {
  rt_waiter **pp = &b->head, *prev = NULL;
  for (; *pp; prev = *pp, pp = &(*pp)->next) {
    if (*pp == w) {
      *pp = w->next;
      if (b->tail == w)
        b->tail = prev;
      return;
    }
  }
}

static uint32_t atomic_wait(void *instance, uint32_t mem, uint64_t addr,
                            uint64_t expected, uint64_t timeout,
                            uint64_t width) {
  wasirt_memory *m = rt_memory(instance, mem);
  uintptr_t p = atomic_address(instance, m, addr, width);
  if (!(m->flags & WASIRT_LIMITS_SHARED))
    wasirt_trap(instance, WASIRT_TRAP_EXPECTED_SHARED_MEMORY);

  rt_bucket *b = bucket_for(p);
  pthread_mutex_lock(&b->lock);
  uint64_t value = width == 4
                       ? __atomic_load_n((uint32_t *)p, __ATOMIC_SEQ_CST)
                       : __atomic_load_n((uint64_t *)p, __ATOMIC_SEQ_CST);
  if (value != expected) {
    pthread_mutex_unlock(&b->lock);
    return 1;
  }
  rt_waiter w = {p, 0, NULL};
  if (b->tail)
    b->tail->next = &w;
  else
    b->head = &w;
  b->tail = &w;
  pthread_mutex_unlock(&b->lock);

  /* A negative i64 timeout, or one too large to matter, is infinite. */
  int forever = (int64_t)timeout < 0 || timeout >= (1ull << 62);
  uint64_t deadline = forever ? 0 : now_ns() + timeout;
  while (!__atomic_load_n(&w.woken, __ATOMIC_SEQ_CST)) {
    uint64_t left = UINT64_MAX;
    if (!forever) {
      uint64_t now = now_ns();
      if (now >= deadline)
        break;
      left = deadline - now;
    }
    park(&w.woken, left);
  }
  if (__atomic_load_n(&w.woken, __ATOMIC_SEQ_CST))
    return 0;
  pthread_mutex_lock(&b->lock);
  uint32_t result = 2;
  if (__atomic_load_n(&w.woken, __ATOMIC_SEQ_CST))
    result = 0; /* notified while we were timing out */
  else
    unlink_waiter(b, &w);
  pthread_mutex_unlock(&b->lock);
  return result;
}

uint32_t wasirt_atomic_wait32(void *instance, uint32_t mem, uint64_t addr,
                              uint32_t expected, uint64_t timeout) {
  return atomic_wait(instance, mem, addr, expected, timeout, 4);
}

uint32_t wasirt_atomic_wait64(void *instance, uint32_t mem, uint64_t addr,
                              uint64_t expected, uint64_t timeout) {
  return atomic_wait(instance, mem, addr, expected, timeout, 8);
}

uint32_t wasirt_atomic_notify(void *instance, uint32_t mem, uint64_t addr,
                              uint32_t count) {
  wasirt_memory *m = rt_memory(instance, mem);
  uintptr_t p = atomic_address(instance, m, addr, 4);
  if (!(m->flags & WASIRT_LIMITS_SHARED))
    return 0;
  rt_bucket *b = bucket_for(p);
  uint32_t woken = 0;
  pthread_mutex_lock(&b->lock);
  rt_waiter **pp = &b->head, *prev = NULL;
  while (*pp && woken < count) {
    rt_waiter *w = *pp;
    if (w->addr != p) {
      prev = w;
      pp = &w->next;
      continue;
    }
    *pp = w->next;
    if (b->tail == w)
      b->tail = prev;
    /* w may return as soon as woken is set: do not touch it after. */
    unpark(&w->woken);
    ++woken;
  }
  pthread_mutex_unlock(&b->lock);
  return woken;
}
