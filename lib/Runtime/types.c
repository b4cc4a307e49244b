/*===- types.c - the process-wide function type registry -----------------===*
 *
 * wasirt_intern_type gives every distinct signature a small id, equal for
 * equal signatures in any module, so that call_indirect and import
 * matching compare one integer. Ids start at 1 (0 never names a type) and
 * live as long as the process.
 *
 * The registry is an open-addressing hash table behind a mutex: one of the
 * two documented pieces of mutable global state of the runtime (the other
 * is signal handling, trap.c and memory.c). It is only used at
 * instantiation and by the embedding API, never on a hot path.
 *
 *===----------------------------------------------------------------------===*/
#include "runtime_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct rt_signature {
  uint64_t hash;
  uint64_t id; /* 0: empty bucket */
  uint32_t n_params, n_results;
  uint8_t *types; /* params then results */
} rt_signature;

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static rt_signature *buckets;
static size_t n_buckets; /* a power of two, or 0 */
static uint64_t n_types;

static uint64_t hash_bytes(uint64_t h, const uint8_t *p, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

static uint64_t hash_signature(const uint8_t *params, uint32_t n_params,
                               const uint8_t *results, uint32_t n_results) {
  uint64_t h = 0xcbf29ce484222325ull;
  uint8_t counts[8];
  for (int i = 0; i < 4; ++i) {
    counts[i] = (uint8_t)(n_params >> (8 * i));
    counts[4 + i] = (uint8_t)(n_results >> (8 * i));
  }
  h = hash_bytes(h, counts, 8);
  h = hash_bytes(h, params, n_params);
  return hash_bytes(h, results, n_results);
}

static int same_signature(const rt_signature *s, uint64_t hash,
                          const uint8_t *params, uint32_t n_params,
                          const uint8_t *results, uint32_t n_results) {
  return s->hash == hash && s->n_params == n_params &&
         s->n_results == n_results &&
         (!n_params || memcmp(s->types, params, n_params) == 0) &&
         (!n_results || memcmp(s->types + n_params, results, n_results) == 0);
}

/* Doubles the table. Returns 0 when out of memory. */
static int grow_buckets(void) {
  size_t n = n_buckets ? n_buckets * 2 : 64;
  rt_signature *fresh = (rt_signature *)calloc(n, sizeof *fresh);
  if (!fresh)
    return 0;
  for (size_t i = 0; i < n_buckets; ++i) {
    if (!buckets[i].id)
      continue;
    size_t j = (size_t)buckets[i].hash & (n - 1);
    while (fresh[j].id)
      j = (j + 1) & (n - 1);
    fresh[j] = buckets[i];
  }
  free(buckets);
  buckets = fresh;
  n_buckets = n;
  return 1;
}

uint64_t wasirt_intern_type(const uint8_t *params, uint32_t n_params,
                            const uint8_t *results, uint32_t n_results) {
  uint64_t hash = hash_signature(params, n_params, results, n_results);
  uint64_t id = 0;
  pthread_mutex_lock(&registry_lock);
  if ((n_types + 1) * 2 > n_buckets && !grow_buckets())
    goto done;
  size_t i = (size_t)hash & (n_buckets - 1);
  for (; buckets[i].id; i = (i + 1) & (n_buckets - 1)) {
    if (same_signature(&buckets[i], hash, params, n_params, results,
                       n_results)) {
      id = buckets[i].id;
      goto done;
    }
  }
  size_t len = (size_t)n_params + n_results;
  uint8_t *types = (uint8_t *)malloc(len ? len : 1);
  if (!types)
    goto done;
  if (n_params)
    memcpy(types, params, n_params);
  if (n_results)
    memcpy(types + n_params, results, n_results);
  buckets[i].hash = hash;
  buckets[i].n_params = n_params;
  buckets[i].n_results = n_results;
  buckets[i].types = types;
  buckets[i].id = id = ++n_types;
done:
  pthread_mutex_unlock(&registry_lock);
  return id;
}
