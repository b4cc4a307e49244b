/*===- wasi_internal.h - shared declarations of lib/Wasi ------------------===*
 *
 * The WASI context, its descriptor table, checked access to guest memory,
 * the preview1 constants, and the prototypes of every host function
 * (generated from wasi_functions.def).
 *
 * Every exported function has the same shape:
 *
 *   uint32_t w2o_wasi_snapshot_preview1Q_fd_close(wasirt_instance *caller,
 *                                                 uint32_t fd) {
 *     const uint64_t args[] = {fd};
 *     wasi_call c = wasi_begin(caller, WASI_FN_fd_close, args);
 *     return wasi_end(&c, fd_close(&c, fd));
 *   }
 *
 * wasi_begin finds the context and memory 0 of the caller; wasi_end traces
 * the call when tracing is on. The static function does the work and
 * returns a WASI errno. Guest pointers are checked with wasi_mem_ok (or the
 * load/store helpers) before use: a bad pointer is EFAULT, never a crash.
 *
 *===----------------------------------------------------------------------===*/
#ifndef WASM2OBJ_LIB_WASI_INTERNAL_H
#define WASM2OBJ_LIB_WASI_INTERNAL_H

#include "wasm2obj/wasi.h"

#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/*===------------------------- preview1 constants ------------------------===*/

/* X(NAME, WASI value, host errno or -1). The host errno column drives the
 * host -> WASI mapping; names appear in traces. */
#define WASI_ERRNO_LIST(X)                                                     \
  X(SUCCESS, 0, 0)                                                             \
  X(2BIG, 1, E2BIG)                                                            \
  X(ACCES, 2, EACCES)                                                          \
  X(ADDRINUSE, 3, EADDRINUSE)                                                  \
  X(ADDRNOTAVAIL, 4, EADDRNOTAVAIL)                                            \
  X(AFNOSUPPORT, 5, EAFNOSUPPORT)                                              \
  X(AGAIN, 6, EAGAIN)                                                          \
  X(ALREADY, 7, EALREADY)                                                      \
  X(BADF, 8, EBADF)                                                            \
  X(BADMSG, 9, EBADMSG)                                                        \
  X(BUSY, 10, EBUSY)                                                           \
  X(CANCELED, 11, ECANCELED)                                                   \
  X(CHILD, 12, ECHILD)                                                         \
  X(CONNABORTED, 13, ECONNABORTED)                                             \
  X(CONNREFUSED, 14, ECONNREFUSED)                                             \
  X(CONNRESET, 15, ECONNRESET)                                                 \
  X(DEADLK, 16, EDEADLK)                                                       \
  X(DESTADDRREQ, 17, EDESTADDRREQ)                                             \
  X(DOM, 18, EDOM)                                                             \
  X(DQUOT, 19, EDQUOT)                                                         \
  X(EXIST, 20, EEXIST)                                                         \
  X(FAULT, 21, EFAULT)                                                         \
  X(FBIG, 22, EFBIG)                                                           \
  X(HOSTUNREACH, 23, EHOSTUNREACH)                                             \
  X(IDRM, 24, EIDRM)                                                           \
  X(ILSEQ, 25, EILSEQ)                                                         \
  X(INPROGRESS, 26, EINPROGRESS)                                               \
  X(INTR, 27, EINTR)                                                           \
  X(INVAL, 28, EINVAL)                                                         \
  X(IO, 29, EIO)                                                               \
  X(ISCONN, 30, EISCONN)                                                       \
  X(ISDIR, 31, EISDIR)                                                         \
  X(LOOP, 32, ELOOP)                                                           \
  X(MFILE, 33, EMFILE)                                                         \
  X(MLINK, 34, EMLINK)                                                         \
  X(MSGSIZE, 35, EMSGSIZE)                                                     \
  X(MULTIHOP, 36, EMULTIHOP)                                                   \
  X(NAMETOOLONG, 37, ENAMETOOLONG)                                             \
  X(NETDOWN, 38, ENETDOWN)                                                     \
  X(NETRESET, 39, ENETRESET)                                                   \
  X(NETUNREACH, 40, ENETUNREACH)                                               \
  X(NFILE, 41, ENFILE)                                                         \
  X(NOBUFS, 42, ENOBUFS)                                                       \
  X(NODEV, 43, ENODEV)                                                         \
  X(NOENT, 44, ENOENT)                                                         \
  X(NOEXEC, 45, ENOEXEC)                                                       \
  X(NOLCK, 46, ENOLCK)                                                         \
  X(NOLINK, 47, ENOLINK)                                                       \
  X(NOMEM, 48, ENOMEM)                                                         \
  X(NOMSG, 49, ENOMSG)                                                         \
  X(NOPROTOOPT, 50, ENOPROTOOPT)                                               \
  X(NOSPC, 51, ENOSPC)                                                         \
  X(NOSYS, 52, ENOSYS)                                                         \
  X(NOTCONN, 53, ENOTCONN)                                                     \
  X(NOTDIR, 54, ENOTDIR)                                                       \
  X(NOTEMPTY, 55, ENOTEMPTY)                                                   \
  X(NOTRECOVERABLE, 56, ENOTRECOVERABLE)                                       \
  X(NOTSOCK, 57, ENOTSOCK)                                                     \
  X(NOTSUP, 58, ENOTSUP)                                                       \
  X(NOTTY, 59, ENOTTY)                                                         \
  X(NXIO, 60, ENXIO)                                                           \
  X(OVERFLOW, 61, EOVERFLOW)                                                   \
  X(OWNERDEAD, 62, EOWNERDEAD)                                                 \
  X(PERM, 63, EPERM)                                                           \
  X(PIPE, 64, EPIPE)                                                           \
  X(PROTO, 65, EPROTO)                                                         \
  X(PROTONOSUPPORT, 66, EPROTONOSUPPORT)                                       \
  X(PROTOTYPE, 67, EPROTOTYPE)                                                 \
  X(RANGE, 68, ERANGE)                                                         \
  X(ROFS, 69, EROFS)                                                           \
  X(SPIPE, 70, ESPIPE)                                                         \
  X(SRCH, 71, ESRCH)                                                           \
  X(STALE, 72, ESTALE)                                                         \
  X(TIMEDOUT, 73, ETIMEDOUT)                                                   \
  X(TXTBSY, 74, ETXTBSY)                                                       \
  X(XDEV, 75, EXDEV)                                                           \
  X(NOTCAPABLE, 76, -1)

enum wasi_errno {
#define WASI_ERRNO_ENUM(name, value, host) WASI_E##name = value,
  WASI_ERRNO_LIST(WASI_ERRNO_ENUM)
#undef WASI_ERRNO_ENUM
};

enum wasi_filetype {
  WASI_FILETYPE_UNKNOWN = 0,
  WASI_FILETYPE_BLOCK_DEVICE = 1,
  WASI_FILETYPE_CHARACTER_DEVICE = 2,
  WASI_FILETYPE_DIRECTORY = 3,
  WASI_FILETYPE_REGULAR_FILE = 4,
  WASI_FILETYPE_SOCKET_DGRAM = 5,
  WASI_FILETYPE_SOCKET_STREAM = 6,
  WASI_FILETYPE_SYMBOLIC_LINK = 7,
};

enum wasi_fdflags {
  WASI_FDFLAG_APPEND = 1,
  WASI_FDFLAG_DSYNC = 2,
  WASI_FDFLAG_NONBLOCK = 4,
  WASI_FDFLAG_RSYNC = 8,
  WASI_FDFLAG_SYNC = 16,
  WASI_FDFLAGS_ALL = 31,
};

enum wasi_oflags {
  WASI_O_CREAT = 1,
  WASI_O_DIRECTORY = 2,
  WASI_O_EXCL = 4,
  WASI_O_TRUNC = 8,
  WASI_O_ALL = 15,
};

enum wasi_lookupflags { WASI_LOOKUP_SYMLINK_FOLLOW = 1 };

enum wasi_fstflags {
  WASI_FST_ATIM = 1,
  WASI_FST_ATIM_NOW = 2,
  WASI_FST_MTIM = 4,
  WASI_FST_MTIM_NOW = 8,
  WASI_FST_ALL = 15,
};

enum wasi_clockid {
  WASI_CLOCK_REALTIME = 0,
  WASI_CLOCK_MONOTONIC = 1,
  WASI_CLOCK_PROCESS_CPUTIME = 2,
  WASI_CLOCK_THREAD_CPUTIME = 3,
};

/* Rights bits, in preview1 order. */
#define WASI_RIGHT_FD_DATASYNC (1ull << 0)
#define WASI_RIGHT_FD_READ (1ull << 1)
#define WASI_RIGHT_FD_SEEK (1ull << 2)
#define WASI_RIGHT_FD_FDSTAT_SET_FLAGS (1ull << 3)
#define WASI_RIGHT_FD_SYNC (1ull << 4)
#define WASI_RIGHT_FD_TELL (1ull << 5)
#define WASI_RIGHT_FD_WRITE (1ull << 6)
#define WASI_RIGHT_FD_ADVISE (1ull << 7)
#define WASI_RIGHT_FD_ALLOCATE (1ull << 8)
#define WASI_RIGHT_PATH_CREATE_DIRECTORY (1ull << 9)
#define WASI_RIGHT_PATH_CREATE_FILE (1ull << 10)
#define WASI_RIGHT_PATH_LINK_SOURCE (1ull << 11)
#define WASI_RIGHT_PATH_LINK_TARGET (1ull << 12)
#define WASI_RIGHT_PATH_OPEN (1ull << 13)
#define WASI_RIGHT_FD_READDIR (1ull << 14)
#define WASI_RIGHT_PATH_READLINK (1ull << 15)
#define WASI_RIGHT_PATH_RENAME_SOURCE (1ull << 16)
#define WASI_RIGHT_PATH_RENAME_TARGET (1ull << 17)
#define WASI_RIGHT_PATH_FILESTAT_GET (1ull << 18)
#define WASI_RIGHT_PATH_FILESTAT_SET_SIZE (1ull << 19)
#define WASI_RIGHT_PATH_FILESTAT_SET_TIMES (1ull << 20)
#define WASI_RIGHT_FD_FILESTAT_GET (1ull << 21)
#define WASI_RIGHT_FD_FILESTAT_SET_SIZE (1ull << 22)
#define WASI_RIGHT_FD_FILESTAT_SET_TIMES (1ull << 23)
#define WASI_RIGHT_PATH_SYMLINK (1ull << 24)
#define WASI_RIGHT_PATH_REMOVE_DIRECTORY (1ull << 25)
#define WASI_RIGHT_PATH_UNLINK_FILE (1ull << 26)
#define WASI_RIGHT_POLL_FD_READWRITE (1ull << 27)
#define WASI_RIGHT_SOCK_SHUTDOWN (1ull << 28)
#define WASI_RIGHT_SOCK_ACCEPT (1ull << 29)
#define WASI_RIGHTS_ALL ((1ull << 30) - 1)

/* Sizes of the guest structures (wasm32 layout). */
#define WASI_SIZEOF_IOVEC 8u
#define WASI_SIZEOF_FDSTAT 24u
#define WASI_SIZEOF_FILESTAT 64u
#define WASI_SIZEOF_PRESTAT 8u
#define WASI_SIZEOF_DIRENT 24u
#define WASI_SIZEOF_SUBSCRIPTION 48u
#define WASI_SIZEOF_EVENT 32u

/*===----------------------- the context and its fds ---------------------===*/

/* What a descriptor slot holds. Stdio descriptors behave as streams (no
 * seek, no positional I/O) wherever they are renumbered to. */
enum wasi_fd_kind {
  WASI_FD_FREE = 0,
  WASI_FD_STDIN,
  WASI_FD_STDOUT, /* stdout or stderr */
  WASI_FD_FILE,   /* anything opened that is not a directory */
  WASI_FD_DIR,
};

typedef struct wasi_dir_snapshot wasi_dir_snapshot;

typedef struct wasi_fd {
  int host;         /* host descriptor; -1 in a free slot */
  uint8_t kind;     /* wasi_fd_kind */
  uint8_t filetype; /* wasi_filetype reported by fd_fdstat_get */
  uint8_t owned;    /* close `host` when the slot is released */
  uint8_t reserved;
  uint16_t fdflags; /* wasi_fdflags as the program set them */
  uint64_t rights_base, rights_inheriting;
  char *preopen;          /* guest name of a preopened directory, or NULL */
  wasi_dir_snapshot *dir; /* fd_readdir's listing of a directory, or NULL */
} wasi_fd;

/* A list of NUL-terminated strings, as args_get / environ_get copy it. */
typedef struct wasi_strings {
  char *buf;     /* the strings, back to back */
  uint32_t size; /* bytes in buf, NULs included */
  uint32_t count;
} wasi_strings;

/* How paths are resolved (see wasi_sandbox.c). */
enum wasi_resolver {
  WASI_RESOLVE_OPENAT2_UNKNOWN = 0, /* try openat2 on first use */
  WASI_RESOLVE_OPENAT2,
  WASI_RESOLVE_WALK,
};

struct wasirt_wasi {
  wasi_strings args, env;
  wasi_fd *fds;      /* slots 0 .. n_fds-1 */
  uint32_t n_fds;    /* one past the highest slot ever used */
  uint32_t cap_fds;  /* allocated slots */
  uint32_t n_free;   /* free slots below n_fds */
  uint32_t flags;    /* wasirt_wasi_flags */
  uint32_t resolver; /* wasi_resolver */
  /* wasi-threads (wasi_thread.c). Once a thread has been spawned (threads
   * set, before the first new thread starts), every call holds lock from
   * wasi_begin to wasi_end, so the descriptor table and what its entries
   * hold are never used by two threads at once; a call lets it go while
   * it waits (for I/O, on duplicates of the host descriptors: wasi_io_begin;
   * in a sleep or sched_yield: wasi_wait_begin). next_tid: the last thread
   * id handed out. */
  pthread_mutex_t lock;
  int threads;
  uint32_t next_tid;
};

/* The fd slot FD if it is in use, else NULL. */
wasi_fd *wasi_fd_lookup(wasirt_wasi *ctx, uint32_t fd);

/* Takes a free slot as wasmtime does: the highest released one, else the
 * next never used. Returns the slot (kind FREE, host -1) or NULL with
 * *err set. */
wasi_fd *wasi_fd_alloc(wasirt_wasi *ctx, uint32_t *fd_out, uint32_t *err);

/* Closes the host descriptor if owned and frees what the entry holds; the
 * slot is left as a free, unlisted entry (for a slot about to be reused). */
void wasi_fd_clear(wasi_fd *e);

/* wasi_fd_clear, and the slot becomes free for wasi_fd_alloc. */
void wasi_fd_release(wasirt_wasi *ctx, wasi_fd *e);

/* Rights that fd_fdstat_get reports for a descriptor opened by path_open,
 * as wasmtime computes them. */
uint64_t wasi_rights_for_open(int is_dir, int readable, int writable);

/* WASI filetype of a host st_mode (sockets: SOCKET_STREAM). */
uint8_t wasi_filetype_from_mode(unsigned mode);

/* Host errno -> WASI errno (EIO for codes WASI lacks). */
uint32_t wasi_errno_from_host(int host_errno);

/* The WASI errno of the host's current errno. */
static inline uint32_t wasi_host_errno(void) {
  return wasi_errno_from_host(errno);
}

/* Trace name of a WASI errno ("NOENT"), "?" if unknown. */
const char *wasi_errno_name(uint32_t err);

/*===--------------------------- one WASI call ---------------------------===*/

enum wasi_fn {
#define WASI_FUNCTION(name, result, n, params) WASI_FN_##name,
#include "wasi_functions.def"
  WASI_FN_COUNT
};

/* A function's entry in the table: its name, parameter names (separated
 * by spaces) and wasm types. */
typedef struct wasi_signature {
  const char *name;
  const char *param_names;
  uint8_t n_params, n_results;
  uint8_t params[9]; /* wasirt_valtype codes */
} wasi_signature;

extern const wasi_signature wasi_signatures[WASI_FN_COUNT];

typedef struct wasi_call {
  wasirt_wasi *ctx; /* NULL when the instance has no WASI context */
  uint8_t *mem;     /* memory 0 of the caller, NULL without one */
  uint64_t mem_size;
  const uint64_t *args; /* for the trace */
  uint32_t fn;          /* wasi_fn */
  int locked;           /* holds ctx->lock (wasi-threads) */
} wasi_call;

/* Starts a call by CALLER to FN with ARGS (the parameters in order,
 * widened to 64 bits; NULL for none). Functions that never return trace
 * here; the others in wasi_end. */
wasi_call wasi_begin(wasirt_instance *caller, uint32_t fn,
                     const uint64_t *args);

/* Ends a call with result ERR (a wasi_errno) and returns it. */
uint32_t wasi_end(const wasi_call *c, uint32_t err);

/* Around a wait that uses nothing of the context (a sleep, a yield): lets
 * the other threads' calls run meanwhile. */
void wasi_wait_begin(const wasi_call *c);
void wasi_wait_end(const wasi_call *c);

/* Ends a call that never returns (proc_exit), releasing the context. */
void wasi_leave(const wasi_call *c);

/* Around a read or write that may block on host descriptor HOST. When
 * threads share the context, returns a duplicate of HOST and lets the other
 * threads' calls run until wasi_io_end: the duplicate keeps the open file
 * alive even if another thread closes the guest's descriptor meanwhile, so
 * the transfer never reaches a host descriptor number reused since.
 * Otherwise (no threads, or no descriptor left for the duplicate) returns
 * HOST and keeps the lock. wasi_io_end(c, HOST, what wasi_io_begin
 * returned) closes the duplicate and takes the lock again; it keeps
 * errno. */
int wasi_io_begin(const wasi_call *c, int host);
void wasi_io_end(const wasi_call *c, int host, int fd);

/* Writes the trace line of a call to the host's stderr, with its result
 * if HAS_RESULT. */
void wasi_trace(const wasi_call *c, int has_result, uint32_t err);

/*===------------------------- guest memory access -----------------------===*/

/* 1 if [ptr, ptr + len) lies in the caller's memory. */
static inline int wasi_mem_ok(const wasi_call *c, uint64_t ptr, uint64_t len) {
  return len <= c->mem_size && ptr <= c->mem_size - len;
}

/* Host address of guest address PTR; only after wasi_mem_ok. (A module
 * without memory passes wasi_mem_ok for empty ranges at 0 only.) */
static inline uint8_t *wasi_mem_at(const wasi_call *c, uint64_t ptr) {
  return c->mem ? c->mem + ptr : NULL;
}

/* Little-endian accessors (wasm memory is little-endian whatever the
 * host). P may be unaligned. */
static inline uint16_t wasi_get_u16(const uint8_t *p) {
  return (uint16_t)(p[0] | (uint16_t)p[1] << 8);
}
static inline uint32_t wasi_get_u32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}
static inline uint64_t wasi_get_u64(const uint8_t *p) {
  return (uint64_t)wasi_get_u32(p) | (uint64_t)wasi_get_u32(p + 4) << 32;
}
static inline void wasi_put_u8(uint8_t *p, uint8_t v) { p[0] = v; }
static inline void wasi_put_u16(uint8_t *p, uint16_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
}
static inline void wasi_put_u32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
  p[2] = (uint8_t)(v >> 16);
  p[3] = (uint8_t)(v >> 24);
}
static inline void wasi_put_u64(uint8_t *p, uint64_t v) {
  wasi_put_u32(p, (uint32_t)v);
  wasi_put_u32(p + 4, (uint32_t)(v >> 32));
}

/* Checked stores of one value: WASI_ESUCCESS or WASI_EFAULT. */
static inline uint32_t wasi_store_u32(const wasi_call *c, uint32_t ptr,
                                      uint32_t v) {
  if (!wasi_mem_ok(c, ptr, 4))
    return WASI_EFAULT;
  wasi_put_u32(wasi_mem_at(c, ptr), v);
  return WASI_ESUCCESS;
}
static inline uint32_t wasi_store_u64(const wasi_call *c, uint32_t ptr,
                                      uint64_t v) {
  if (!wasi_mem_ok(c, ptr, 8))
    return WASI_EFAULT;
  wasi_put_u64(wasi_mem_at(c, ptr), v);
  return WASI_ESUCCESS;
}

/* Reads a guest string (a path or a symlink target) into a new host
 * string: EFAULT outside memory, EILSEQ if not UTF-8 (wasmtime reads them as
 * Rust strings), EINVAL if it contains a NUL. */
uint32_t wasi_read_string(const wasi_call *c, uint32_t ptr, uint32_t len,
                          char **out);

/* An iovec array of the guest, checked and translated to host iovecs. At
 * most IOV_MAX buffers are taken (a shorter transfer, as POSIX allows);
 * empty buffers are skipped unchecked. */
typedef struct wasi_iovecs {
  struct iovec *iov; /* `small` or allocated */
  int n;
  uint64_t total; /* bytes in all buffers taken */
  struct iovec small[8];
} wasi_iovecs;

uint32_t wasi_iovecs_get(const wasi_call *c, uint32_t iovs, uint32_t n,
                         wasi_iovecs *out);
void wasi_iovecs_free(wasi_iovecs *v);

/*===------------------------------ filesystem ---------------------------===*/

/* The descriptor FD of the caller: NULL with *err = EBADF if it is not
 * open, ENOSYS without a context. */
wasi_fd *wasi_get_fd(const wasi_call *c, uint32_t fd, uint32_t *err);

/* wasi_get_fd, and EBADF unless the descriptor is of KIND (wasi_fd_kind). */
wasi_fd *wasi_get_fd_kind(const wasi_call *c, uint32_t fd, int kind,
                          uint32_t *err);

/* Nanoseconds since the epoch of a host time: 0 before the epoch,
 * saturated past 2554. */
uint64_t wasi_timespec_ns(const struct timespec *t);

/* Converts fd_filestat_set_times / path_filestat_set_times arguments to
 * utimensat(2) times: EINVAL for unknown flags or both X and X_NOW. */
uint32_t wasi_set_times_spec(uint64_t atim, uint64_t mtim, uint32_t fst_flags,
                             struct timespec ts[2]);

/* Host stat -> guest filestat at P (WASI_SIZEOF_FILESTAT bytes). */
struct stat;
void wasi_put_filestat(uint8_t *p, const struct stat *st);

/* A guest path resolved for an operation on its last component, never
 * outside the directory it is relative to (see wasi_sandbox.c). */
typedef struct wasi_resolved {
  int dir;        /* directory holding the last component */
  int dir_owned;  /* close `dir` when done */
  int trailing;   /* the path ended in '/': it must name a directory */
  char *name;     /* the last component: a name without '/', or "." */
  char *name_buf; /* storage: name, with room for a '/' after it */
} wasi_resolved;

enum wasi_resolve_flags {
  /* Follow a symbolic link in the last component (as a trailing '/'
   * always does). Otherwise the last component is left as it is. */
  WASI_RESOLVE_FOLLOW = 1u,
  /* The last component goes to the kernel with its trailing '/'
   * (wasi_resolved_name_slash) in a call that never follows it: a trailing
   * '/' does not follow a symlink there either, so that "link/" is the
   * link itself, as Linux takes it in mkdir, rmdir, unlink, rename,
   * symlink and link, and not what it points to. */
  WASI_RESOLVE_SLASH_AS_IS = 2u,
};

/* Resolves PATH relative to the host directory ROOT. Escapes (absolute
 * paths, '..' above ROOT, symlinks leading out or to absolute targets) are
 * EPERM, symlink loops ELOOP. */
uint32_t wasi_resolve(wasirt_wasi *ctx, int root, const char *path,
                      unsigned flags, wasi_resolved *out);
void wasi_resolved_free(wasi_resolved *r);

/* The last component with its trailing '/' put back, for the calls that
 * never follow it (mkdirat, unlinkat, renameat, symlinkat, linkat's new
 * name), so that the kernel decides what the slash means. The path must
 * have been resolved with WASI_RESOLVE_SLASH_AS_IS. */
const char *wasi_resolved_name_slash(wasi_resolved *r);

/* For the calls that do follow: with a trailing '/', checks that the
 * resolved object is a directory (ENOTDIR otherwise, ENOENT if missing). */
uint32_t wasi_resolved_check_dir(const wasi_resolved *r);

/* Opens PATH relative to ROOT with open(2) FLAGS and MODE, following a
 * symbolic link in the last component iff FOLLOW; O_NOFOLLOW must not be in
 * FLAGS. Confined as wasi_resolve. */
uint32_t wasi_open_beneath(wasirt_wasi *ctx, int root, const char *path,
                           int flags, unsigned mode, int follow, int *fd_out);

/* Frees the fd_readdir listing of a directory descriptor. */
void wasi_dir_snapshot_free(wasi_dir_snapshot *s);

/*===-------------------------- host functions ---------------------------===*/

#define WASI_CTYPE_I32 uint32_t
#define WASI_CTYPE_I64 uint64_t
#define WASI_RESULT_ERRNO uint32_t
#define WASI_RESULT_NORETURN WASIRT_NORETURN void

#define WASI_PARAMS_0()
#define WASI_PARAMS_1(t0, n0) , WASI_CTYPE_##t0 n0
#define WASI_PARAMS_2(t0, n0, t1, n1) WASI_PARAMS_1(t0, n0), WASI_CTYPE_##t1 n1
#define WASI_PARAMS_3(t0, n0, t1, n1, t2, n2)                                  \
  WASI_PARAMS_2(t0, n0, t1, n1), WASI_CTYPE_##t2 n2
#define WASI_PARAMS_4(t0, n0, t1, n1, t2, n2, t3, n3)                          \
  WASI_PARAMS_3(t0, n0, t1, n1, t2, n2), WASI_CTYPE_##t3 n3
#define WASI_PARAMS_5(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4)                  \
  WASI_PARAMS_4(t0, n0, t1, n1, t2, n2, t3, n3), WASI_CTYPE_##t4 n4
#define WASI_PARAMS_6(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5)          \
  WASI_PARAMS_5(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4), WASI_CTYPE_##t5 n5
#define WASI_PARAMS_7(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5, t6, n6)  \
  WASI_PARAMS_6(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5),               \
      WASI_CTYPE_##t6 n6
#define WASI_PARAMS_8(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5, t6, n6,  \
                      t7, n7)                                                  \
  WASI_PARAMS_7(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5, t6, n6),       \
      WASI_CTYPE_##t7 n7
#define WASI_PARAMS_9(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5, t6, n6,  \
                      t7, n7, t8, n8)                                          \
  WASI_PARAMS_8(t0, n0, t1, n1, t2, n2, t3, n3, t4, n4, t5, n5, t6, n6, t7,    \
                n7),                                                           \
      WASI_CTYPE_##t8 n8

#define WASI_FUNCTION(name, result, n, params)                                 \
  WASI_RESULT_##result w2o_wasi_snapshot_preview1Q_##name(                     \
      wasirt_instance *caller WASI_PARAMS_##n params);
#include "wasi_functions.def"

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASM2OBJ_LIB_WASI_INTERNAL_H */
