/*===- wasi_sandbox.c - path resolution beneath a directory descriptor ----===*
 *
 * Every path a program passes is relative to a directory descriptor it
 * holds, and must never reach anything outside that directory:
 *
 *   - absolute paths are refused;
 *   - '..' may go up only as far as the directory itself;
 *   - symbolic links are followed (where the operation follows them) only
 *     if their target is relative and stays beneath the directory after
 *     expansion; symbolic links are expanded at most 40 times (ELOOP).
 *
 * Escapes are EPERM, as in wasmtime (cap-std's "a path led outside of the
 * filesystem") and as the WASI test suite expects.
 *
 * Two implementations of "open a directory beneath ROOT" (open_dir_beneath)
 * and "open a file beneath ROOT" (wasi_open_beneath):
 *
 *   openat2   Linux >= 5.6: one openat2(2) with RESOLVE_BENEATH |
 *             RESOLVE_NO_MAGICLINKS; the kernel enforces the rules
 *             atomically (EXDEV for an escape, mapped to EPERM).
 *   walk      everywhere else: component by component with O_PATH |
 *             O_NOFOLLOW, each symlink read and spliced into the rest of
 *             the path by hand, '..' answered from a stack of the
 *             directories entered (never by opening ".."), so it cannot
 *             climb out even if directories move meanwhile.
 *
 * openat2 is probed once per context (ENOSYS, or EPERM from seccomp
 * filters, select the walk); WASIRT_WASI_NO_OPENAT2 forces the walk.
 *
 * Operations other than open work on the last component with *at() calls
 * (wasi_resolve): the directory holding it is opened by the same means,
 * and a symlink in the last component is expanded here when the operation
 * follows it (its target re-resolved from ROOT, so that its '..' steps are
 * checked like any others). The calls then run with AT_SYMLINK_NOFOLLOW or
 * O_NOFOLLOW, so that a link swapped in meanwhile is never followed.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define WASI_MAX_SYMLINKS 40
/* Longest path a program may pass, as the kernel's PATH_MAX. */
#define WASI_PATH_MAX 4096
/* Longest path the expansion of symlinks may build. */
#define WASI_EXPANDED_MAX (WASI_PATH_MAX * (WASI_MAX_SYMLINKS + 1))

/*===------------------------------ openat2 ------------------------------===*/

#ifndef SYS_openat2
#define SYS_openat2 437 /* the same number on every Linux architecture */
#endif

/* struct open_how of <linux/openat2.h>, which older headers lack. */
struct wasi_open_how {
  uint64_t flags;
  uint64_t mode;
  uint64_t resolve;
};
#define WASI_RESOLVE_NO_MAGICLINKS 0x02
#define WASI_RESOLVE_BENEATH 0x08

static int sys_openat2(int dir, const char *path, int flags, unsigned mode) {
  struct wasi_open_how how;
  memset(&how, 0, sizeof(how));
  how.flags = (uint64_t)(unsigned)flags;
  how.mode = (flags & O_CREAT) ? mode : 0; /* openat2 insists */
  how.resolve = WASI_RESOLVE_BENEATH | WASI_RESOLVE_NO_MAGICLINKS;
  return (int)syscall(SYS_openat2, dir, path, &how, sizeof(how));
}

/* Whether to use openat2 for this context, probing it the first time. */
static int use_openat2(wasirt_wasi *ctx, int root) {
  if (ctx->resolver == WASI_RESOLVE_OPENAT2_UNKNOWN) {
    int fd = sys_openat2(root, ".", O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
    if (fd >= 0) {
      close(fd);
      ctx->resolver = WASI_RESOLVE_OPENAT2;
    } else if (errno == ENOSYS || errno == EPERM || errno == EINVAL ||
               errno == E2BIG) {
      ctx->resolver = WASI_RESOLVE_WALK;
    } else {
      return 0; /* undecided (e.g. a bad ROOT): walk this time */
    }
  }
  return ctx->resolver == WASI_RESOLVE_OPENAT2;
}

/* openat2 beneath ROOT. Returns the descriptor, or -1 with errno set
 * (EXDEV becomes EPERM); -1 with errno EAGAIN if the kernel kept refusing
 * because of concurrent renames, in which case the caller walks instead. */
static int openat2_beneath(int root, const char *path, int flags,
                           unsigned mode) {
  for (int tries = 0; tries < 8; ++tries) {
    int fd = sys_openat2(root, path, flags | O_CLOEXEC, mode);
    if (fd >= 0)
      return fd;
    if (errno == EXDEV)
      errno = EPERM;
    if (errno != EAGAIN && errno != EINTR)
      return -1;
  }
  errno = EAGAIN;
  return -1;
}

/*===-------------------------------- walk -------------------------------===*/

/* Reads the target of a symlink, readlinkat(DIR, NAME), into BUF of SIZE
 * bytes, NUL-terminated. Returns its length, or -1 with errno set. */
static ssize_t read_link(int dir, const char *name, char *buf, size_t size) {
  ssize_t n = readlinkat(dir, name, buf, size - 1);
  if (n < 0)
    return -1;
  if ((size_t)n >= size - 1) {
    errno = ENAMETOOLONG;
    return -1;
  }
  buf[n] = 0;
  return n;
}

/* Expands a symlink whose target is TARGET: replaces *PATH with the first
 * PREFIX_LEN bytes of PREFIX, TARGET, then SUFFIX (PREFIX and SUFFIX may
 * point into *PATH). Counts the link in *LINKS. Returns 0 or a WASI errno:
 * EPERM for an absolute target (outside by definition), ENOENT for an
 * empty one, ELOOP after WASI_MAX_SYMLINKS. */
static uint32_t expand_link(char **path, const char *prefix, size_t prefix_len,
                            const char *target, const char *suffix,
                            int *links) {
  if (!target[0])
    return WASI_ENOENT;
  if (target[0] == '/')
    return WASI_EPERM;
  if (++*links > WASI_MAX_SYMLINKS)
    return WASI_ELOOP;
  size_t tl = strlen(target), sl = strlen(suffix);
  if (prefix_len + tl + sl >= WASI_EXPANDED_MAX)
    return WASI_ENAMETOOLONG;
  char *p = malloc(prefix_len + tl + sl + 1);
  if (!p)
    return WASI_ENOMEM;
  memcpy(p, prefix, prefix_len);
  memcpy(p + prefix_len, target, tl);
  memcpy(p + prefix_len + tl, suffix, sl + 1);
  free(*path);
  *path = p;
  return WASI_ESUCCESS;
}

/* Opens the directory PATH beneath ROOT component by component. On success
 * *out is the directory and *owned says whether it is a new descriptor
 * (else it is ROOT itself). *links counts symlinks expanded so far. */
static uint32_t walk_dir(int root, const char *path, int *links, int *out,
                         int *owned) {
  char *pend = strdup(path);
  if (!pend)
    return WASI_ENOMEM;
  int *stack = NULL; /* directories entered, innermost last */
  size_t depth = 0, cap = 0;
  uint32_t err = WASI_ESUCCESS;
  size_t pos = 0;
  char name[NAME_MAX + 1];
  char target[WASI_PATH_MAX + 1];

  for (;;) {
    while (pend[pos] == '/')
      ++pos;
    if (!pend[pos])
      break;
    const char *comp = pend + pos;
    size_t len = strcspn(comp, "/");
    size_t next = pos + len;
    if (len == 1 && comp[0] == '.') {
      pos = next;
      continue;
    }
    if (len == 2 && comp[0] == '.' && comp[1] == '.') {
      if (depth == 0) {
        err = WASI_EPERM; /* above ROOT */
        break;
      }
      close(stack[--depth]);
      pos = next;
      continue;
    }
    if (len > NAME_MAX) {
      err = WASI_ENAMETOOLONG;
      break;
    }
    memcpy(name, comp, len);
    name[len] = 0;
    int cur = depth ? stack[depth - 1] : root;
    int fd = openat(cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
      err = wasi_host_errno();
      if (fd >= 0)
        close(fd);
      break;
    }
    if (S_ISLNK(st.st_mode)) {
      /* Read through the O_PATH descriptor: the very link just checked. */
      ssize_t n = read_link(fd, "", target, sizeof(target));
      close(fd);
      err = n < 0 ? wasi_host_errno()
                  : expand_link(&pend, "", 0, target, pend + next, links);
      if (err)
        break;
      pos = 0;
      continue;
    }
    if (!S_ISDIR(st.st_mode)) {
      close(fd);
      err = WASI_ENOTDIR;
      break;
    }
    if (depth == cap) {
      size_t ncap = cap ? cap * 2 : 16;
      int *s = realloc(stack, ncap * sizeof(int));
      if (!s) {
        close(fd);
        err = WASI_ENOMEM;
        break;
      }
      stack = s;
      cap = ncap;
    }
    stack[depth++] = fd;
    pos = next;
  }

  if (!err) {
    *owned = depth > 0;
    *out = depth ? stack[--depth] : root;
  }
  while (depth)
    close(stack[--depth]);
  free(stack);
  free(pend);
  return err;
}

/* Opens the directory PATH (non-empty, relative) beneath ROOT, as an O_PATH
 * descriptor for use as the directory of *at() calls. */
static uint32_t open_dir_beneath(wasirt_wasi *ctx, int root, const char *path,
                                 int *links, int *out, int *owned) {
  if (use_openat2(ctx, root)) {
    int fd = openat2_beneath(root, path, O_PATH | O_DIRECTORY, 0);
    if (fd >= 0) {
      *out = fd;
      *owned = 1;
      return WASI_ESUCCESS;
    }
    if (errno != EAGAIN)
      return wasi_host_errno();
  }
  return walk_dir(root, path, links, out, owned);
}

/*===--------------------------- wasi_resolve ----------------------------===*/

void wasi_resolved_free(wasi_resolved *r) {
  if (r->dir_owned && r->dir >= 0)
    close(r->dir);
  free(r->name_buf);
  memset(r, 0, sizeof(*r));
  r->dir = -1;
}

const char *wasi_resolved_name_slash(wasi_resolved *r) {
  size_t n = strlen(r->name);
  /* Once: a second call finds the slash already there (name_buf has room
   * for one). */
  if (r->trailing && n > 0 && r->name_buf[n - 1] != '/' &&
      strcmp(r->name, ".") != 0) {
    r->name_buf[n] = '/';
    r->name_buf[n + 1] = 0;
  }
  return r->name_buf;
}

uint32_t wasi_resolved_check_dir(const wasi_resolved *r) {
  if (!r->trailing)
    return WASI_ESUCCESS;
  struct stat st;
  if (fstatat(r->dir, r->name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return wasi_host_errno();
  return S_ISDIR(st.st_mode) ? WASI_ESUCCESS : WASI_ENOTDIR;
}

/* Checks a path as the program passed it. */
static uint32_t check_path(const char *path) {
  if (!path[0])
    return WASI_ENOENT;
  if (path[0] == '/')
    return WASI_EPERM;
  if (strlen(path) >= WASI_PATH_MAX)
    return WASI_ENAMETOOLONG;
  return WASI_ESUCCESS;
}

uint32_t wasi_resolve(wasirt_wasi *ctx, int root, const char *path,
                      unsigned flags, wasi_resolved *out) {
  memset(out, 0, sizeof(*out));
  out->dir = -1;
  uint32_t err = check_path(path);
  if (err)
    return err;
  char *buf = strdup(path);
  if (!buf)
    return WASI_ENOMEM;
  int links = 0;
  char target[WASI_PATH_MAX + 1];

  for (;;) {
    /* Split BUF into the directory part and the last component. */
    size_t len = strlen(buf);
    int trailing = 0;
    while (len > 1 && buf[len - 1] == '/') {
      buf[--len] = 0;
      trailing = 1;
    }
    char *slash = strrchr(buf, '/');
    const char *name = slash ? slash + 1 : buf;
    /* The directory part: none (ROOT itself), BUF up to the last '/', or
     * all of BUF when it ends in ".." (the entry is then "."). */
    size_t dir_len = slash ? (size_t)(slash - buf) : 0;
    if (strcmp(name, "..") == 0) {
      dir_len = len;
      name = ".";
    }
    int dir = root, owned = 0;
    if (dir_len) {
      char saved = buf[dir_len];
      buf[dir_len] = 0;
      err = open_dir_beneath(ctx, root, buf, &links, &dir, &owned);
      buf[dir_len] = saved;
      if (err)
        break;
    }

    int follow = (flags & WASI_RESOLVE_FOLLOW) ||
                 (trailing && !(flags & WASI_RESOLVE_SLASH_AS_IS));
    if (strcmp(name, ".") != 0 && follow) {
      ssize_t n = read_link(dir, name, target, sizeof(target));
      int e = errno;
      if (owned && n >= 0)
        close(dir);
      if (n >= 0) {
        /* A symlink to follow: resolve "DIR/TARGET[/]" from ROOT again, so
         * that its '..' are checked like any. */
        err = expand_link(&buf, buf, slash ? dir_len + 1 : 0, target,
                          trailing ? "/" : "", &links);
        if (err)
          break;
        continue;
      }
      if (e != EINVAL && e != ENOENT) { /* EINVAL: not a symlink */
        err = wasi_errno_from_host(e);
        if (owned)
          close(dir);
        break;
      }
    }

    size_t nl = strlen(name);
    out->name_buf = malloc(nl + 2);
    if (!out->name_buf) {
      if (owned)
        close(dir);
      err = WASI_ENOMEM;
      break;
    }
    memcpy(out->name_buf, name, nl + 1);
    out->name = out->name_buf;
    out->dir = dir;
    out->dir_owned = owned;
    out->trailing = trailing;
    break;
  }
  free(buf);
  return err;
}

/*===------------------------- wasi_open_beneath -------------------------===*/

uint32_t wasi_open_beneath(wasirt_wasi *ctx, int root, const char *path,
                           int flags, unsigned mode, int follow, int *fd_out) {
  *fd_out = -1;
  uint32_t err = check_path(path);
  if (err)
    return err;
  if (use_openat2(ctx, root)) {
    int fd =
        openat2_beneath(root, path, flags | (follow ? 0 : O_NOFOLLOW), mode);
    if (fd >= 0) {
      *fd_out = fd;
      return WASI_ESUCCESS;
    }
    if (errno != EAGAIN)
      return wasi_host_errno();
  }

  /* O_CREAT | O_EXCL never follows a symlink in the last component. */
  if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
    follow = 0;
  size_t len = strlen(path);
  if ((flags & O_CREAT) && path[len - 1] == '/') {
    /* As open(2): creating "NAME/" is EISDIR, once the directory part has
     * resolved, whatever NAME is; but a last "." or ".." names an existing
     * directory, so O_EXCL makes that EEXIST. */
    char *p = strdup(path);
    if (!p)
      return WASI_ENOMEM;
    while (len > 1 && p[len - 1] == '/')
      p[--len] = 0;
    const char *last = strrchr(p, '/');
    last = last ? last + 1 : p;
    int dots = strcmp(last, ".") == 0 || strcmp(last, "..") == 0;
    wasi_resolved r;
    err = wasi_resolve(ctx, root, p, 0, &r);
    wasi_resolved_free(&r);
    free(p);
    if (err)
      return err;
    return dots && (flags & O_EXCL) ? WASI_EEXIST : WASI_EISDIR;
  }
  wasi_resolved r;
  err = wasi_resolve(ctx, root, path, follow ? WASI_RESOLVE_FOLLOW : 0, &r);
  if (err)
    return err;
  if (r.trailing && (flags & O_CREAT)) {
    /* A followed symlink whose target ends in '/': as open(2), creating
     * "NAME/" is EISDIR (O_CREAT | O_DIRECTORY would be EINVAL). */
    wasi_resolved_free(&r);
    return WASI_EISDIR;
  }
  int f = flags | O_NOFOLLOW | O_CLOEXEC;
  if (r.trailing) {
    /* open(2) semantics of a trailing '/' without letting the kernel
     * follow a link in the last component (resolution already did). */
    f |= O_DIRECTORY;
  }
  int fd = openat(r.dir, r.name, f, mode);
  err = fd < 0 ? wasi_host_errno() : WASI_ESUCCESS;
  wasi_resolved_free(&r);
  *fd_out = fd;
  return err;
}
