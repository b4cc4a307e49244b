/*===- wasi_ctx.c - WASI contexts, descriptor table, args and environ -----===*
 *
 * Creating and freeing a context, the descriptor table (stdio, preopened
 * directories, then what path_open and sock_accept add), the import type
 * check, and the four functions that copy arguments and environment out.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* A program gets at most this many descriptors (slots in the table). */
#define WASI_MAX_FDS (1u << 20)

/*===--------------------------- descriptor table ------------------------===*/

wasi_fd *wasi_fd_lookup(wasirt_wasi *ctx, uint32_t fd) {
  if (!ctx || fd >= ctx->n_fds || ctx->fds[fd].kind == WASI_FD_FREE)
    return NULL;
  return &ctx->fds[fd];
}

static int fds_reserve(wasirt_wasi *ctx, uint32_t n) {
  if (n <= ctx->cap_fds)
    return 1;
  uint32_t cap = ctx->cap_fds ? ctx->cap_fds : 16;
  while (cap < n)
    cap *= 2;
  wasi_fd *fds = realloc(ctx->fds, (size_t)cap * sizeof(wasi_fd));
  if (!fds)
    return 0;
  for (uint32_t i = ctx->cap_fds; i < cap; ++i) {
    memset(&fds[i], 0, sizeof(wasi_fd));
    fds[i].host = -1;
  }
  ctx->fds = fds;
  ctx->cap_fds = cap;
  return 1;
}

wasi_fd *wasi_fd_alloc(wasirt_wasi *ctx, uint32_t *fd_out, uint32_t *err) {
  if (ctx->n_free) {
    for (uint32_t i = ctx->n_fds; i-- > 0;) {
      if (ctx->fds[i].kind == WASI_FD_FREE) {
        --ctx->n_free;
        *fd_out = i;
        return &ctx->fds[i];
      }
    }
  }
  if (ctx->n_fds >= WASI_MAX_FDS) {
    *err = WASI_EMFILE;
    return NULL;
  }
  if (!fds_reserve(ctx, ctx->n_fds + 1)) {
    *err = WASI_ENOMEM;
    return NULL;
  }
  *fd_out = ctx->n_fds;
  return &ctx->fds[ctx->n_fds++];
}

void wasi_fd_clear(wasi_fd *e) {
  if (e->owned && e->host >= 0)
    close(e->host);
  free(e->preopen);
  wasi_dir_snapshot_free(e->dir);
  memset(e, 0, sizeof(*e));
  e->host = -1;
}

void wasi_fd_release(wasirt_wasi *ctx, wasi_fd *e) {
  wasi_fd_clear(e);
  ++ctx->n_free;
}

uint64_t wasi_rights_for_open(int is_dir, int readable, int writable) {
  /* wasmtime reports all rights, less what the descriptor cannot do. */
  uint64_t r = WASI_RIGHTS_ALL;
  if (is_dir) {
    /* Unlike wasmtime, without PATH_FILESTAT_SET_SIZE: the WASI suite's
     * truncation_rights test, seeing it, drops it with
     * fd_fdstat_set_rights, which is ENOTSUP here (README). */
    r &= ~(WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_FILESTAT_SET_SIZE |
           WASI_RIGHT_PATH_FILESTAT_SET_SIZE);
    writable = 0; /* a directory descriptor never has the write flag */
  }
  if (!readable)
    r &= ~(WASI_RIGHT_FD_READ | WASI_RIGHT_FD_READDIR);
  if (!writable)
    r &= ~WASI_RIGHT_FD_WRITE;
  return r;
}

/* The fixed rights wasmtime reports for a preopened directory. */
static const uint64_t preopen_rights_base =
    WASI_RIGHT_PATH_CREATE_DIRECTORY | WASI_RIGHT_PATH_CREATE_FILE |
    WASI_RIGHT_PATH_LINK_SOURCE | WASI_RIGHT_PATH_LINK_TARGET |
    WASI_RIGHT_PATH_OPEN | WASI_RIGHT_FD_READDIR | WASI_RIGHT_PATH_READLINK |
    WASI_RIGHT_PATH_RENAME_SOURCE | WASI_RIGHT_PATH_RENAME_TARGET |
    WASI_RIGHT_PATH_SYMLINK | WASI_RIGHT_PATH_REMOVE_DIRECTORY |
    WASI_RIGHT_PATH_UNLINK_FILE | WASI_RIGHT_PATH_FILESTAT_GET |
    WASI_RIGHT_PATH_FILESTAT_SET_TIMES | WASI_RIGHT_FD_FILESTAT_GET |
    WASI_RIGHT_FD_FILESTAT_SET_TIMES;
static const uint64_t preopen_rights_inheriting =
    preopen_rights_base | WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_READ |
    WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_SYNC |
    WASI_RIGHT_FD_TELL | WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ADVISE |
    WASI_RIGHT_FD_ALLOCATE | WASI_RIGHT_FD_FILESTAT_SET_SIZE |
    WASI_RIGHT_POLL_FD_READWRITE;

uint8_t wasi_filetype_from_mode(unsigned mode) {
  switch (mode & S_IFMT) {
  case S_IFREG:
    return WASI_FILETYPE_REGULAR_FILE;
  case S_IFDIR:
    return WASI_FILETYPE_DIRECTORY;
  case S_IFLNK:
    return WASI_FILETYPE_SYMBOLIC_LINK;
  case S_IFCHR:
    return WASI_FILETYPE_CHARACTER_DEVICE;
  case S_IFBLK:
    return WASI_FILETYPE_BLOCK_DEVICE;
  case S_IFSOCK:
    return WASI_FILETYPE_SOCKET_STREAM;
  default: /* FIFOs: preview1 has no code for them (nor has wasmtime) */
    return WASI_FILETYPE_UNKNOWN;
  }
}

uint32_t wasi_errno_from_host(int host_errno) {
  switch (host_errno) {
#define WASI_ERRNO_CASE(name, value, host)                                     \
  case host:                                                                   \
    return value;
    WASI_ERRNO_LIST(WASI_ERRNO_CASE)
#undef WASI_ERRNO_CASE
  default:
    return WASI_EIO;
  }
}

const char *wasi_errno_name(uint32_t err) {
  static const char *const names[] = {
#define WASI_ERRNO_NAME(name, value, host) [value] = #name,
      WASI_ERRNO_LIST(WASI_ERRNO_NAME)
#undef WASI_ERRNO_NAME
  };
  return err < sizeof(names) / sizeof(names[0]) ? names[err] : "?";
}

/*===------------------------------ contexts -----------------------------===*/

static int strings_init(wasi_strings *s, const char *const *v, uint32_t n) {
  uint64_t size = 0;
  for (uint32_t i = 0; i < n; ++i)
    size += strlen(v[i]) + 1;
  if (size > UINT32_MAX)
    return 0;
  s->buf = malloc(size ? size : 1);
  if (!s->buf)
    return 0;
  char *p = s->buf;
  for (uint32_t i = 0; i < n; ++i) {
    size_t len = strlen(v[i]) + 1;
    memcpy(p, v[i], len);
    p += len;
  }
  s->size = (uint32_t)size;
  s->count = n;
  return 1;
}

void wasirt_wasi_config_init(wasirt_wasi_config *cfg) {
  memset(cfg, 0, sizeof(*cfg));
  cfg->stdio[0] = 0;
  cfg->stdio[1] = 1;
  cfg->stdio[2] = 2;
}

static int fail(wasirt_error *err, int status, const char *fmt, const char *arg,
                int host_errno) {
  if (err) {
    memset(err, 0, sizeof(*err));
    err->status = status;
    snprintf(err->message, sizeof(err->message), fmt, arg,
             strerror(host_errno));
  }
  return status;
}

int wasirt_wasi_new(const wasirt_wasi_config *cfg, wasirt_wasi **out,
                    wasirt_error *err) {
  *out = NULL;
  wasirt_wasi *ctx = calloc(1, sizeof(*ctx));
  if (ctx)
    pthread_mutex_init(&ctx->lock, NULL);
  if (!ctx ||
      !strings_init(&ctx->args, (const char *const *)cfg->argv,
                    cfg->argc > 0 ? (uint32_t)cfg->argc : 0) ||
      !strings_init(&ctx->env, cfg->env, cfg->n_env) ||
      !fds_reserve(ctx, 3 + cfg->n_dirs)) {
    wasirt_wasi_free(ctx);
    return fail(err, WASIRT_ERR_RESOURCE, "%s%s", "WASI context: ", ENOMEM);
  }
  ctx->flags = cfg->flags;
  ctx->resolver = (cfg->flags & WASIRT_WASI_NO_OPENAT2)
                      ? WASI_RESOLVE_WALK
                      : WASI_RESOLVE_OPENAT2_UNKNOWN;

  ctx->n_fds = 3;
  for (int i = 0; i < 3; ++i) {
    wasi_fd *e = &ctx->fds[i];
    /* A host descriptor that is not open is left closed: a directory
     * opened below could take its number. */
    if (cfg->stdio[i] < 0 || fcntl(cfg->stdio[i], F_GETFD) < 0) {
      ++ctx->n_free;
      continue;
    }
    /* As wasmtime: stdio is a stream, a character device if a terminal,
     * of unknown type otherwise, with the one right it is for. */
    e->host = cfg->stdio[i];
    e->kind = i == 0 ? WASI_FD_STDIN : WASI_FD_STDOUT;
    e->filetype = isatty(e->host) ? WASI_FILETYPE_CHARACTER_DEVICE
                                  : WASI_FILETYPE_UNKNOWN;
    e->rights_base = e->rights_inheriting =
        i == 0 ? WASI_RIGHT_FD_READ : WASI_RIGHT_FD_WRITE;
  }

  for (uint32_t i = 0; i < cfg->n_dirs; ++i) {
    const wasirt_wasi_dir *d = &cfg->dirs[i];
    int fd = open(d->host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      int e = errno;
      wasirt_wasi_free(ctx);
      return fail(err, WASIRT_ERR_NOT_FOUND, "cannot open directory '%s': %s",
                  d->host_path, e);
    }
    wasi_fd *e = &ctx->fds[ctx->n_fds++];
    e->host = fd;
    e->owned = 1;
    e->kind = WASI_FD_DIR;
    e->filetype = WASI_FILETYPE_DIRECTORY;
    e->rights_base = preopen_rights_base;
    e->rights_inheriting = preopen_rights_inheriting;
    e->preopen = strdup(d->guest_path);
    if (!e->preopen) {
      wasirt_wasi_free(ctx);
      return fail(err, WASIRT_ERR_RESOURCE, "%s%s", "WASI context: ", ENOMEM);
    }
  }
  *out = ctx;
  return WASIRT_OK;
}

void wasirt_wasi_free(wasirt_wasi *ctx) {
  if (!ctx)
    return;
  for (uint32_t i = 0; i < ctx->n_fds; ++i)
    wasi_fd_clear(&ctx->fds[i]);
  free(ctx->fds);
  free(ctx->args.buf);
  free(ctx->env.buf);
  pthread_mutex_destroy(&ctx->lock);
  free(ctx);
}

/*===------------------------- import type check -------------------------===*/

#define WASI_CODE_I32 WASIRT_I32
#define WASI_CODE_I64 WASIRT_I64
#define WASI_NRESULTS_ERRNO 1
#define WASI_NRESULTS_NORETURN 0

#define WASI_CODES_0() 0
#define WASI_CODES_1(t0, n0) WASI_CODE_##t0
#define WASI_CODES_2(t0, n0, t1, n1) WASI_CODES_1(t0, n0), WASI_CODE_##t1
#define WASI_CODES_3(t0, n0, t1, n1, t2, n2)                                   \
  WASI_CODES_2(t0, n0, t1, n1), WASI_CODE_##t2
#define WASI_CODES_4(t0, n0, t1, n1, t2, n2, t3, n3)                           \
  WASI_CODES_3(t0, n0, t1, n1, t2, n2), WASI_CODE_##t3
#define WASI_CODES_5(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4)                   \
  WASI_CODES_4(t0, n0, t1, n1, t2, n2, t3, n3), WASI_CODE_##t4
#define WASI_CODES_6(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5)           \
  WASI_CODES_5(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4), WASI_CODE_##t5
#define WASI_CODES_7(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5, t6, n6)   \
  WASI_CODES_6(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5), WASI_CODE_##t6
#define WASI_CODES_8(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5, t6, n6,   \
                     t7, n7)                                                   \
  WASI_CODES_7(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5, t6, n6),        \
      WASI_CODE_##t7
#define WASI_CODES_9(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5, t6, n6,   \
                     t7, n7, t8, n8)                                           \
  WASI_CODES_8(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5, t6, n6, t7,     \
               n7),                                                            \
      WASI_CODE_##t8

#define WASI_NAMES_0() ""
#define WASI_NAMES_1(t0, n0) #n0
#define WASI_NAMES_2(t0, n0, t1, n1) WASI_NAMES_1(t0, n0) " " #n1
#define WASI_NAMES_3(t0, n0, t1, n1, t2, n2)                                   \
  WASI_NAMES_2(t0, n0, t1, n1) " " #n2
#define WASI_NAMES_4(t0, n0, t1, n1, t2, n2, t3, n3)                           \
  WASI_NAMES_3(t0, n0, t1, n1, t2, n2) " " #n3
#define WASI_NAMES_5(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4)                   \
  WASI_NAMES_4(t0, n0, t1, n1, t2, n2, t3, n3) " " #n4
#define WASI_NAMES_6(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5)           \
  WASI_NAMES_5(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4) " " #n5
#define WASI_NAMES_7(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5, t6, n6)   \
  WASI_NAMES_6(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5) " " #n6
#define WASI_NAMES_8(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5, t6, n6,   \
                     t7, n7)                                                   \
  WASI_NAMES_7(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5, t6, n6) " " #n7
#define WASI_NAMES_9(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5, t6, n6,   \
                     t7, n7, t8, n8)                                           \
  WASI_NAMES_8(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5, t6, n6, t7, n7) \
  " " #n8

const wasi_signature wasi_signatures[WASI_FN_COUNT] = {
#define WASI_FUNCTION(name, result, n, params)                                 \
  {#name,                                                                      \
   WASI_NAMES_##n params,                                                      \
   n,                                                                          \
   WASI_NRESULTS_##result,                                                     \
   {WASI_CODES_##n params}},
#include "wasi_functions.def"
};

int wasirt_wasi_check_import(const char *name, const uint8_t *params,
                             uint32_t n_params, const uint8_t *results,
                             uint32_t n_results) {
  for (uint32_t i = 0; i < WASI_FN_COUNT; ++i) {
    const wasi_signature *s = &wasi_signatures[i];
    if (strcmp(s->name, name) != 0)
      continue;
    if (n_params != s->n_params || n_results != s->n_results)
      return 0;
    if (n_params && memcmp(params, s->params, n_params) != 0)
      return 0;
    return n_results == 0 || results[0] == WASIRT_I32;
  }
  return 0;
}

/*===-------------------------- args and environ -------------------------===*/

/* Writes a string list as args_get / environ_get do: pointers at PTRS,
 * the strings back to back at BUF. */
static uint32_t put_strings(const wasi_call *c, const wasi_strings *s,
                            uint32_t ptrs, uint32_t buf) {
  if (!wasi_mem_ok(c, ptrs, (uint64_t)s->count * 4) ||
      !wasi_mem_ok(c, buf, s->size))
    return WASI_EFAULT;
  if (s->size)
    memcpy(wasi_mem_at(c, buf), s->buf, s->size);
  uint32_t off = 0;
  for (uint32_t i = 0; i < s->count; ++i) {
    wasi_put_u32(wasi_mem_at(c, ptrs + 4 * i), buf + off);
    off += (uint32_t)strlen(s->buf + off) + 1;
  }
  return WASI_ESUCCESS;
}

static uint32_t put_sizes(const wasi_call *c, const wasi_strings *s,
                          uint32_t count_out, uint32_t size_out) {
  if (!wasi_mem_ok(c, count_out, 4) || !wasi_mem_ok(c, size_out, 4))
    return WASI_EFAULT;
  wasi_put_u32(wasi_mem_at(c, count_out), s->count);
  wasi_put_u32(wasi_mem_at(c, size_out), s->size);
  return WASI_ESUCCESS;
}

uint32_t w2o_wasi_snapshot_preview1Q_args_get(wasirt_instance *caller,
                                              uint32_t argv,
                                              uint32_t argv_buf) {
  const uint64_t args[] = {argv, argv_buf};
  wasi_call c = wasi_begin(caller, WASI_FN_args_get, args);
  return wasi_end(&c, c.ctx ? put_strings(&c, &c.ctx->args, argv, argv_buf)
                            : WASI_ENOSYS);
}

uint32_t w2o_wasi_snapshot_preview1Q_args_sizes_get(
    wasirt_instance *caller, uint32_t argc_out, uint32_t argv_buf_size_out) {
  const uint64_t args[] = {argc_out, argv_buf_size_out};
  wasi_call c = wasi_begin(caller, WASI_FN_args_sizes_get, args);
  return wasi_end(
      &c, c.ctx ? put_sizes(&c, &c.ctx->args, argc_out, argv_buf_size_out)
                : WASI_ENOSYS);
}

uint32_t w2o_wasi_snapshot_preview1Q_environ_get(wasirt_instance *caller,
                                                 uint32_t environ,
                                                 uint32_t environ_buf) {
  const uint64_t args[] = {environ, environ_buf};
  wasi_call c = wasi_begin(caller, WASI_FN_environ_get, args);
  return wasi_end(&c, c.ctx ? put_strings(&c, &c.ctx->env, environ, environ_buf)
                            : WASI_ENOSYS);
}

uint32_t
w2o_wasi_snapshot_preview1Q_environ_sizes_get(wasirt_instance *caller,
                                              uint32_t count_out,
                                              uint32_t environ_buf_size_out) {
  const uint64_t args[] = {count_out, environ_buf_size_out};
  wasi_call c = wasi_begin(caller, WASI_FN_environ_sizes_get, args);
  return wasi_end(
      &c, c.ctx ? put_sizes(&c, &c.ctx->env, count_out, environ_buf_size_out)
                : WASI_ENOSYS);
}
