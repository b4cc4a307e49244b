/*===- wasi_call.c - the frame of every WASI call --------------------------===*
 *
 * Finding the caller's context and memory, tracing, and the checked
 * conversions between guest data and host data that many functions share:
 * strings, iovec arrays, filestat records.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/*===------------------------------ the frame ----------------------------===*/

wasi_call wasi_begin(wasirt_instance *caller, uint32_t fn,
                     const uint64_t *args) {
  wasi_call c;
  memset(&c, 0, sizeof(c));
  c.fn = fn;
  c.args = args;
  const wasirt_instance_header *h = (const wasirt_instance_header *)caller;
  if (h) {
    c.ctx = (wasirt_wasi *)h->wasi;
    /* threads is set before the first spawned thread starts, by the only
     * thread there is then, so a call that reads 0 runs alone. */
    if (c.ctx && __atomic_load_n(&c.ctx->threads, __ATOMIC_ACQUIRE)) {
      pthread_mutex_lock(&c.ctx->lock);
      c.locked = 1;
    }
    /* Memory 0 is the first slot of the memories region (abi.h), present
     * when the module has a memory, imported or defined. */
    const wasirt_module *m = h->module;
    if (m && m->counts.memories) {
      wasirt_layout l = wasirt_compute_layout(m->counts);
      wasirt_memory *mem =
          *(wasirt_memory *const *)((const char *)caller + l.memories);
      if (mem && mem->base) {
        c.mem = mem->base;
        /* Another thread may grow a shared memory meanwhile (memory.c
         * stores the size atomically); a size read before the growth is
         * still a valid bound. */
        c.mem_size = __atomic_load_n(&mem->size, __ATOMIC_ACQUIRE);
      }
    }
  }
  if (c.ctx && (c.ctx->flags & WASIRT_WASI_TRACE) &&
      wasi_signatures[fn].n_results == 0)
    wasi_trace(&c, 0, 0);
  return c;
}

uint32_t wasi_end(const wasi_call *c, uint32_t err) {
  if (c->ctx && (c->ctx->flags & WASIRT_WASI_TRACE))
    wasi_trace(c, 1, err);
  wasi_leave(c);
  return err;
}

void wasi_leave(const wasi_call *c) {
  if (c->locked)
    pthread_mutex_unlock(&c->ctx->lock);
}

void wasi_wait_begin(const wasi_call *c) { wasi_leave(c); }

void wasi_wait_end(const wasi_call *c) {
  if (c->locked)
    pthread_mutex_lock(&c->ctx->lock);
}

int wasi_io_begin(const wasi_call *c, int host) {
  if (!c->locked)
    return host;
  int fd = fcntl(host, F_DUPFD_CLOEXEC, 0);
  if (fd < 0)
    return host; /* out of descriptors: wait holding the lock */
  wasi_wait_begin(c);
  return fd;
}

void wasi_io_end(const wasi_call *c, int host, int fd) {
  if (fd == host)
    return;
  int e = errno;
  close(fd);
  wasi_wait_end(c);
  errno = e;
}

/* Appends to a fixed buffer, silently truncating. */
typedef struct trace_buf {
  char s[1024];
  size_t n;
} trace_buf;

static void tb_printf(trace_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void tb_printf(trace_buf *b, const char *fmt, ...) {
  if (b->n >= sizeof(b->s))
    return;
  va_list ap;
  va_start(ap, fmt);
  int r = vsnprintf(b->s + b->n, sizeof(b->s) - b->n, fmt, ap);
  va_end(ap);
  if (r > 0)
    b->n += (size_t)r;
  if (b->n > sizeof(b->s))
    b->n = sizeof(b->s);
}

/* A guest string argument, quoted and escaped, at most 200 bytes. */
static void tb_guest_string(trace_buf *b, const wasi_call *c, uint64_t ptr,
                            uint64_t len) {
  if (!wasi_mem_ok(c, ptr, len)) {
    tb_printf(b, "<bad %llu+%llu>", (unsigned long long)ptr,
              (unsigned long long)len);
    return;
  }
  const uint8_t *p = wasi_mem_at(c, ptr);
  tb_printf(b, "\"");
  for (uint64_t i = 0; i < len && i < 200; ++i) {
    if (p[i] == '"' || p[i] == '\\')
      tb_printf(b, "\\%c", p[i]);
    else if (p[i] >= 0x20 && p[i] < 0x7f)
      tb_printf(b, "%c", p[i]);
    else
      tb_printf(b, "\\x%02x", p[i]);
  }
  tb_printf(b, len > 200 ? "\"..." : "\"");
}

void wasi_trace(const wasi_call *c, int has_result, uint32_t err) {
  const wasi_signature *s = &wasi_signatures[c->fn];
  trace_buf b;
  b.n = 0;
  tb_printf(&b, "[wasi] %s(", s->name);
  const char *names = s->param_names;
  for (uint32_t i = 0; i < s->n_params; ++i) {
    size_t len = strcspn(names, " ");
    const char *next = names + len + (names[len] == ' ');
    size_t next_len = strcspn(next, " ");
    tb_printf(&b, "%s%.*s=", i ? ", " : "", (int)len, names);
    /* A "...path" parameter followed by "...path_len" is shown as text. */
    if (len >= 4 && memcmp(names + len - 4, "path", 4) == 0 &&
        i + 1 < s->n_params && next_len == len + 4 &&
        memcmp(next, names, len) == 0 && memcmp(next + len, "_len", 4) == 0) {
      tb_guest_string(&b, c, c->args[i], c->args[i + 1]);
      tb_printf(&b, ", %.*s=%llu", (int)next_len, next,
                (unsigned long long)c->args[i + 1]);
      ++i;
      names = next + next_len + (next[next_len] == ' ');
      continue;
    }
    if (s->params[i] == WASIRT_I64)
      tb_printf(&b, "%lld", (long long)c->args[i]);
    else
      tb_printf(&b, "%u", (unsigned)c->args[i]);
    names = next;
  }
  if (has_result)
    tb_printf(&b, ") = %u %s\n", err, wasi_errno_name(err));
  else
    tb_printf(&b, ")\n");
  if (b.n == sizeof(b.s))
    b.s[b.n - 1] = '\n';
  /* One write: lines of several threads do not interleave. */
  ssize_t r = write(2, b.s, b.n);
  (void)r;
}

/*===------------------------- strings and iovecs ------------------------===*/

/* Length of the valid UTF-8 sequence at P (at most N bytes), 0 if there is
 * none: no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_sequence(const uint8_t *p, size_t n) {
  uint8_t b = p[0];
  if (b < 0x80)
    return 1;
  size_t len;
  uint32_t min, cp;
  if ((b & 0xe0) == 0xc0) {
    len = 2, min = 0x80, cp = b & 0x1f;
  } else if ((b & 0xf0) == 0xe0) {
    len = 3, min = 0x800, cp = b & 0x0f;
  } else if ((b & 0xf8) == 0xf0) {
    len = 4, min = 0x10000, cp = b & 0x07;
  } else {
    return 0;
  }
  if (n < len)
    return 0;
  for (size_t i = 1; i < len; ++i) {
    if ((p[i] & 0xc0) != 0x80)
      return 0;
    cp = cp << 6 | (p[i] & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return len;
}

uint32_t wasi_read_string(const wasi_call *c, uint32_t ptr, uint32_t len,
                          char **out) {
  *out = NULL;
  if (!wasi_mem_ok(c, ptr, len))
    return WASI_EFAULT;
  const uint8_t *p = wasi_mem_at(c, ptr);
  int has_nul = 0;
  for (size_t i = 0; i < len;) {
    size_t n = utf8_sequence(p + i, len - i);
    if (!n)
      return WASI_EILSEQ;
    has_nul |= p[i] == 0;
    i += n;
  }
  if (has_nul)
    return WASI_EINVAL;
  char *s = malloc((size_t)len + 1);
  if (!s)
    return WASI_ENOMEM;
  if (len)
    memcpy(s, p, len);
  s[len] = 0;
  *out = s;
  return WASI_ESUCCESS;
}

uint32_t wasi_iovecs_get(const wasi_call *c, uint32_t iovs, uint32_t n,
                         wasi_iovecs *out) {
  out->iov = out->small;
  out->n = 0;
  out->total = 0;
  if (!wasi_mem_ok(c, iovs, (uint64_t)n * WASI_SIZEOF_IOVEC))
    return WASI_EFAULT;
  const uint8_t *p = wasi_mem_at(c, iovs);
  uint32_t cap = sizeof(out->small) / sizeof(out->small[0]);
  for (uint32_t i = 0; i < n && out->n < IOV_MAX; ++i) {
    uint32_t buf = wasi_get_u32(p + WASI_SIZEOF_IOVEC * i);
    uint32_t len = wasi_get_u32(p + WASI_SIZEOF_IOVEC * i + 4);
    if (len == 0)
      continue;
    if (!wasi_mem_ok(c, buf, len)) {
      wasi_iovecs_free(out);
      return WASI_EFAULT;
    }
    if ((uint32_t)out->n == cap) {
      uint32_t ncap = n < IOV_MAX ? n : IOV_MAX;
      struct iovec *v = malloc(ncap * sizeof(struct iovec));
      if (!v) {
        wasi_iovecs_free(out);
        return WASI_ENOMEM;
      }
      memcpy(v, out->iov, cap * sizeof(struct iovec));
      out->iov = v;
      cap = ncap;
    }
    out->iov[out->n].iov_base = wasi_mem_at(c, buf);
    out->iov[out->n].iov_len = len;
    ++out->n;
    out->total += len;
  }
  return WASI_ESUCCESS;
}

void wasi_iovecs_free(wasi_iovecs *v) {
  if (v->iov != v->small)
    free(v->iov);
  v->iov = v->small;
  v->n = 0;
}

/*===------------------------------ filestat -----------------------------===*/

uint64_t wasi_timespec_ns(const struct timespec *t) {
  if (t->tv_sec < 0)
    return 0;
  if ((uint64_t)t->tv_sec >= UINT64_MAX / 1000000000u)
    return UINT64_MAX;
  return (uint64_t)t->tv_sec * 1000000000u + (uint64_t)t->tv_nsec;
}

void wasi_put_filestat(uint8_t *p, const struct stat *st) {
  memset(p, 0, WASI_SIZEOF_FILESTAT);
  wasi_put_u64(p + 0, (uint64_t)st->st_dev);
  wasi_put_u64(p + 8, (uint64_t)st->st_ino);
  wasi_put_u8(p + 16, wasi_filetype_from_mode(st->st_mode));
  wasi_put_u64(p + 24, (uint64_t)st->st_nlink);
  wasi_put_u64(p + 32, (uint64_t)st->st_size);
  wasi_put_u64(p + 40, wasi_timespec_ns(&st->st_atim));
  wasi_put_u64(p + 48, wasi_timespec_ns(&st->st_mtim));
  wasi_put_u64(p + 56, wasi_timespec_ns(&st->st_ctim));
}

wasi_fd *wasi_get_fd(const wasi_call *c, uint32_t fd, uint32_t *err) {
  if (!c->ctx) {
    *err = WASI_ENOSYS;
    return NULL;
  }
  wasi_fd *e = wasi_fd_lookup(c->ctx, fd);
  if (!e)
    *err = WASI_EBADF;
  return e;
}

wasi_fd *wasi_get_fd_kind(const wasi_call *c, uint32_t fd, int kind,
                          uint32_t *err) {
  wasi_fd *e = wasi_get_fd(c, fd, err);
  if (e && e->kind != kind) {
    *err = WASI_EBADF;
    return NULL;
  }
  return e;
}

/* One timestamp of utimensat(2) from a WASI timestamp and its two flags. */
static uint32_t time_spec(uint64_t t, int set, int now, struct timespec *ts) {
  if (set && now)
    return WASI_EINVAL;
  if (set) {
    ts->tv_sec = (time_t)(t / 1000000000u);
    ts->tv_nsec = (long)(t % 1000000000u);
  } else {
    ts->tv_sec = 0;
    ts->tv_nsec = now ? UTIME_NOW : UTIME_OMIT;
  }
  return WASI_ESUCCESS;
}

uint32_t wasi_set_times_spec(uint64_t atim, uint64_t mtim, uint32_t fst_flags,
                             struct timespec ts[2]) {
  if (fst_flags & ~(uint32_t)WASI_FST_ALL)
    return WASI_EINVAL;
  uint32_t err = time_spec(atim, fst_flags & WASI_FST_ATIM,
                           fst_flags & WASI_FST_ATIM_NOW, &ts[0]);
  if (!err)
    err = time_spec(mtim, fst_flags & WASI_FST_MTIM,
                    fst_flags & WASI_FST_MTIM_NOW, &ts[1]);
  return err;
}
