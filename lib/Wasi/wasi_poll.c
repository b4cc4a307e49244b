/*===- wasi_poll.c - poll_oneoff, clocks, randomness, process -------------===*
 *
 * poll_oneoff waits with one ppoll(2) on the host descriptors behind the
 * fd_read / fd_write subscriptions, bounded by the earliest clock
 * subscription (all deadlines kept on the monotonic clock). Regular files
 * are always ready, as in wasmtime. Events come out in subscription order.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
  WASI_EVENT_CLOCK = 0,
  WASI_EVENT_FD_READ = 1,
  WASI_EVENT_FD_WRITE = 2,
};
#define WASI_SUBCLOCK_ABSTIME 1u
#define WASI_EVENT_HANGUP 1u

/*===-------------------------------- clocks -----------------------------===*/

static int host_clock(uint32_t id, clockid_t *out) {
  switch (id) {
  case WASI_CLOCK_REALTIME:
    *out = CLOCK_REALTIME;
    return 1;
  case WASI_CLOCK_MONOTONIC:
    *out = CLOCK_MONOTONIC;
    return 1;
  case WASI_CLOCK_PROCESS_CPUTIME:
    *out = CLOCK_PROCESS_CPUTIME_ID;
    return 1;
  case WASI_CLOCK_THREAD_CPUTIME:
    *out = CLOCK_THREAD_CPUTIME_ID;
    return 1;
  default:
    return 0;
  }
}

static uint64_t now_ns(clockid_t id) {
  struct timespec t;
  clock_gettime(id, &t);
  return wasi_timespec_ns(&t);
}

static uint32_t clock_res_get(const wasi_call *c, uint32_t id,
                              uint32_t resolution_out) {
  clockid_t host;
  if (!host_clock(id, &host))
    return WASI_EINVAL;
  struct timespec t;
  if (clock_getres(host, &t) < 0)
    return wasi_host_errno();
  return wasi_store_u64(c, resolution_out, wasi_timespec_ns(&t));
}

static uint32_t clock_time_get(const wasi_call *c, uint32_t id,
                               uint32_t time_out) {
  clockid_t host;
  if (!host_clock(id, &host))
    return WASI_EINVAL;
  struct timespec t;
  if (clock_gettime(host, &t) < 0)
    return wasi_host_errno();
  return wasi_store_u64(c, time_out, wasi_timespec_ns(&t));
}

/*===----------------------------- poll_oneoff ---------------------------===*/

typedef struct poll_sub {
  uint64_t userdata;
  uint64_t deadline; /* clock: monotonic nanoseconds */
  uint8_t type;      /* WASI_EVENT_* */
  uint8_t ready_now; /* a regular file: always ready */
  int pfd;           /* index in the pollfd array, or -1 */
  int host;
} poll_sub;

static uint64_t sat_add(uint64_t a, uint64_t b) {
  return a + b < a ? UINT64_MAX : a + b;
}

/* Decodes subscription P into S (adding a pollfd to PFDS if needed). */
static uint32_t parse_sub(const wasi_call *c, const uint8_t *p, poll_sub *s,
                          struct pollfd *pfds, int *npfds, uint64_t now) {
  s->userdata = wasi_get_u64(p);
  s->type = p[8];
  s->pfd = -1;
  s->ready_now = 0;
  if (s->type == WASI_EVENT_CLOCK) {
    uint32_t id = wasi_get_u32(p + 16);
    uint64_t timeout = wasi_get_u64(p + 24);
    uint16_t flags = wasi_get_u16(p + 40);
    if (flags & ~WASI_SUBCLOCK_ABSTIME)
      return WASI_EINVAL;
    int abs = flags & WASI_SUBCLOCK_ABSTIME;
    if (id == WASI_CLOCK_MONOTONIC) {
      s->deadline = abs ? timeout : sat_add(now, timeout);
    } else if (id == WASI_CLOCK_REALTIME) {
      uint64_t real = now_ns(CLOCK_REALTIME);
      if (!abs)
        s->deadline = sat_add(now, timeout);
      else
        s->deadline = timeout > real ? sat_add(now, timeout - real) : now;
    } else {
      return WASI_EINVAL; /* as wasmtime: no CPU-time timers */
    }
    return WASI_ESUCCESS;
  }
  if (s->type != WASI_EVENT_FD_READ && s->type != WASI_EVENT_FD_WRITE)
    return WASI_EINVAL;
  uint32_t err;
  wasi_fd *e = wasi_get_fd(c, wasi_get_u32(p + 16), &err);
  if (!e)
    return err;
  int reading = s->type == WASI_EVENT_FD_READ;
  if (!(e->kind == WASI_FD_FILE ||
        e->kind == (reading ? WASI_FD_STDIN : WASI_FD_STDOUT)))
    return WASI_EBADF;
  s->host = e->host;
  struct stat st;
  if (e->kind == WASI_FD_FILE && fstat(e->host, &st) == 0 &&
      S_ISREG(st.st_mode)) {
    s->ready_now = 1;
    return WASI_ESUCCESS;
  }
  s->pfd = (*npfds)++;
  pfds[s->pfd].fd = e->host;
  pfds[s->pfd].events = reading ? POLLIN : POLLOUT;
  pfds[s->pfd].revents = 0;
  return WASI_ESUCCESS;
}

/* Fills event P for the ready subscription S. */
static void put_event(uint8_t *p, const poll_sub *s,
                      const struct pollfd *pfds) {
  uint16_t error = WASI_ESUCCESS, flags = 0;
  uint64_t nbytes = 0;
  if (s->type != WASI_EVENT_CLOCK) {
    short rev = s->pfd >= 0 ? pfds[s->pfd].revents : 0;
    if (rev & POLLNVAL)
      error = WASI_EBADF;
    else if (rev & POLLERR)
      error = WASI_EIO;
    if (rev & POLLHUP)
      flags |= WASI_EVENT_HANGUP;
    if (s->type == WASI_EVENT_FD_READ) {
      int avail = 0;
      struct stat st;
      if (s->ready_now && fstat(s->host, &st) == 0) {
        off_t pos = lseek(s->host, 0, SEEK_CUR);
        nbytes =
            pos >= 0 && st.st_size > pos ? (uint64_t)(st.st_size - pos) : 0;
        if (!nbytes)
          flags |= WASI_EVENT_HANGUP;
      } else if (ioctl(s->pfd >= 0 ? pfds[s->pfd].fd : s->host, FIONREAD,
                       &avail) == 0 &&
                 avail > 0) {
        nbytes = (uint64_t)avail;
      } else if (!(rev & POLLHUP)) {
        nbytes = 1;
      }
    } else {
      nbytes = 1; /* as wasmtime: writable, size unknown */
    }
  }
  memset(p, 0, WASI_SIZEOF_EVENT);
  wasi_put_u64(p, s->userdata);
  wasi_put_u16(p + 8, error);
  wasi_put_u8(p + 10, s->type);
  wasi_put_u64(p + 16, nbytes);
  wasi_put_u16(p + 24, flags);
}

/* The subscription whose descriptor is pfds[PFD]. */
static uint32_t pfd_owner(const poll_sub *subs, uint32_t n, int pfd) {
  uint32_t i = 0;
  while (i + 1 < n && subs[i].pfd != pfd)
    ++i;
  return i;
}

static uint32_t poll_oneoff(const wasi_call *c, uint32_t in, uint32_t out,
                            uint32_t nsubscriptions, uint32_t nevents_out) {
  if (nsubscriptions == 0)
    return WASI_EINVAL; /* as wasmtime: no sleeping forever */
  if (!wasi_mem_ok(c, in,
                   (uint64_t)nsubscriptions * WASI_SIZEOF_SUBSCRIPTION) ||
      !wasi_mem_ok(c, out, (uint64_t)nsubscriptions * WASI_SIZEOF_EVENT) ||
      !wasi_mem_ok(c, nevents_out, 4))
    return WASI_EFAULT;
  poll_sub *subs = malloc(nsubscriptions * sizeof(poll_sub));
  struct pollfd *pfds = malloc(nsubscriptions * sizeof(struct pollfd));
  if (!subs || !pfds) {
    free(subs);
    free(pfds);
    return WASI_ENOMEM;
  }
  uint32_t err = WASI_ESUCCESS;
  int npfds = 0, ready_now = 0, clocks = 0;
  uint64_t now = now_ns(CLOCK_MONOTONIC), first = UINT64_MAX;
  for (uint32_t i = 0; i < nsubscriptions && !err; ++i) {
    poll_sub *s = &subs[i];
    err = parse_sub(c,
                    wasi_mem_at(c, in + (uint64_t)i * WASI_SIZEOF_SUBSCRIPTION),
                    s, pfds, &npfds, now);
    ready_now |= s->ready_now;
    if (s->type == WASI_EVENT_CLOCK) {
      clocks = 1;
      if (s->deadline < first)
        first = s->deadline;
    }
  }

  /* With threads, the wait lets the other threads' calls run, on
   * duplicates of the descriptors (see wasi_io_begin), which the events are
   * then read from. Not when a regular file is ready: there is no wait, and
   * its event is read from the guest's descriptor. */
  int unlock = c->locked && !ready_now && !err;
  int dups = 0;
  while (unlock && dups < npfds) {
    int d = fcntl(pfds[dups].fd, F_DUPFD_CLOEXEC, 0);
    if (d < 0)
      break;
    pfds[dups++].fd = d;
  }
  if (unlock && dups < npfds) {
    /* Out of descriptors: wait on the guest's, holding the lock. */
    for (int i = 0; i < dups; ++i) {
      close(pfds[i].fd);
      pfds[i].fd = subs[pfd_owner(subs, nsubscriptions, i)].host;
    }
    dups = 0;
    unlock = 0;
  }

  uint32_t count = 0;
  while (!err) {
    struct timespec ts, *tsp = NULL;
    if (ready_now || (clocks && first <= now)) {
      ts.tv_sec = 0;
      ts.tv_nsec = 0;
      tsp = &ts;
    } else if (clocks) {
      uint64_t wait = first - now;
      ts.tv_sec = (time_t)(wait / 1000000000u);
      ts.tv_nsec = (long)(wait % 1000000000u);
      tsp = &ts;
    }
    if (unlock)
      wasi_wait_begin(c);
    int r = ppoll(pfds, (nfds_t)npfds, tsp, NULL);
    int e = errno;
    if (unlock)
      wasi_wait_end(c);
    if (r < 0 && e != EINTR) {
      err = wasi_errno_from_host(e);
      break;
    }
    now = now_ns(CLOCK_MONOTONIC);
    for (uint32_t i = 0; i < nsubscriptions; ++i) {
      const poll_sub *s = &subs[i];
      int ready = s->type == WASI_EVENT_CLOCK
                      ? s->deadline <= now
                      : s->ready_now || (s->pfd >= 0 && pfds[s->pfd].revents);
      if (ready)
        put_event(wasi_mem_at(c, out + (uint64_t)count++ * WASI_SIZEOF_EVENT),
                  s, pfds);
    }
    if (count)
      break;
  }
  if (!err)
    wasi_put_u32(wasi_mem_at(c, nevents_out), count);
  for (int i = 0; i < dups; ++i)
    close(pfds[i].fd);
  free(subs);
  free(pfds);
  return err;
}

/*===------------------------- randomness, process -----------------------===*/

static uint32_t random_get(const wasi_call *c, uint32_t buf, uint32_t len) {
  if (!wasi_mem_ok(c, buf, len))
    return WASI_EFAULT;
  uint8_t *p = wasi_mem_at(c, buf);
  while (len) {
    ssize_t n = getrandom(p, len, 0);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return wasi_host_errno();
    }
    p += n;
    len -= (uint32_t)n;
  }
  return WASI_ESUCCESS;
}

/*===--------------------------- host functions --------------------------===*/

uint32_t w2o_wasi_snapshot_preview1Q_clock_res_get(wasirt_instance *caller,
                                                   uint32_t id,
                                                   uint32_t resolution_out) {
  const uint64_t args[] = {id, resolution_out};
  wasi_call c = wasi_begin(caller, WASI_FN_clock_res_get, args);
  return wasi_end(&c, clock_res_get(&c, id, resolution_out));
}

uint32_t w2o_wasi_snapshot_preview1Q_clock_time_get(wasirt_instance *caller,
                                                    uint32_t id,
                                                    uint64_t precision,
                                                    uint32_t time_out) {
  const uint64_t args[] = {id, precision, time_out};
  wasi_call c = wasi_begin(caller, WASI_FN_clock_time_get, args);
  return wasi_end(&c, clock_time_get(&c, id, time_out));
}

uint32_t w2o_wasi_snapshot_preview1Q_poll_oneoff(wasirt_instance *caller,
                                                 uint32_t in, uint32_t out,
                                                 uint32_t nsubscriptions,
                                                 uint32_t nevents_out) {
  const uint64_t args[] = {in, out, nsubscriptions, nevents_out};
  wasi_call c = wasi_begin(caller, WASI_FN_poll_oneoff, args);
  return wasi_end(&c, poll_oneoff(&c, in, out, nsubscriptions, nevents_out));
}

WASIRT_NORETURN void
w2o_wasi_snapshot_preview1Q_proc_exit(wasirt_instance *caller, uint32_t code) {
  const uint64_t args[] = {code};
  wasi_call c = wasi_begin(caller, WASI_FN_proc_exit, args);
  wasi_leave(&c);
  if (code >= 126) {
    /* As wasmtime: an error, which its CLI reports with status 1. */
    static const char msg[] =
        "Error: exit with invalid exit status outside of [0..126)\n";
    ssize_t r = write(2, msg, sizeof(msg) - 1);
    (void)r;
    wasirt_exit(1);
  }
  wasirt_exit((int)code);
}

uint32_t w2o_wasi_snapshot_preview1Q_proc_raise(wasirt_instance *caller,
                                                uint32_t sig) {
  const uint64_t args[] = {sig};
  wasi_call c = wasi_begin(caller, WASI_FN_proc_raise, args);
  /* As wasmtime: signals are not supported (0..30 are the valid ones). */
  return wasi_end(&c, sig > 30 ? WASI_EINVAL : WASI_ENOTSUP);
}

uint32_t w2o_wasi_snapshot_preview1Q_random_get(wasirt_instance *caller,
                                                uint32_t buf,
                                                uint32_t buf_len) {
  const uint64_t args[] = {buf, buf_len};
  wasi_call c = wasi_begin(caller, WASI_FN_random_get, args);
  return wasi_end(&c, random_get(&c, buf, buf_len));
}

uint32_t w2o_wasi_snapshot_preview1Q_sched_yield(wasirt_instance *caller) {
  wasi_call c = wasi_begin(caller, WASI_FN_sched_yield, NULL);
  wasi_wait_begin(&c);
  sched_yield();
  wasi_wait_end(&c);
  return wasi_end(&c, WASI_ESUCCESS);
}
