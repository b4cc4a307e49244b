/*===- wasi_path.c - the path_* functions ---------------------------------===*
 *
 * Each path is read from guest memory (UTF-8, no NUL), resolved beneath the
 * directory descriptor it is relative to (wasi_sandbox.c), and the
 * operation runs as an *at() call on the last component. Calls that never
 * follow a symlink in the last component get the component with its
 * trailing '/' so that the kernel gives its own answer to "dir/" versus
 * "file/"; calls that may follow get it resolved and without the slash.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* The directory descriptor FD for a path operation: EBADF if it is not a
 * directory (as wasmtime). */
static wasi_fd *get_dir(const wasi_call *c, uint32_t fd, uint32_t *err) {
  return wasi_get_fd_kind(c, fd, WASI_FD_DIR, err);
}

/* Reads the guest path PATH/LEN and resolves it beneath DIR. */
static uint32_t resolve_arg(const wasi_call *c, const wasi_fd *dir,
                            uint32_t path, uint32_t len, unsigned flags,
                            wasi_resolved *r) {
  char *s;
  memset(r, 0, sizeof(*r));
  r->dir = -1;
  uint32_t err = wasi_read_string(c, path, len, &s);
  if (err)
    return err;
  err = wasi_resolve(c->ctx, dir->host, s, flags, r);
  free(s);
  return err;
}

static unsigned follow_flag(uint32_t lookupflags) {
  return (lookupflags & WASI_LOOKUP_SYMLINK_FOLLOW) ? WASI_RESOLVE_FOLLOW : 0;
}

/*===------------------------------ path_open ----------------------------===*/

static uint32_t path_open(const wasi_call *c, uint32_t fd, uint32_t dirflags,
                          uint32_t path, uint32_t path_len, uint32_t oflags,
                          uint64_t rights_base, uint64_t rights_inheriting,
                          uint32_t fdflags, uint32_t fd_out) {
  if ((dirflags & ~(uint32_t)WASI_LOOKUP_SYMLINK_FOLLOW) ||
      (oflags & ~(uint32_t)WASI_O_ALL) ||
      ((rights_base | rights_inheriting) & ~WASI_RIGHTS_ALL) ||
      (fdflags & ~(uint32_t)WASI_FDFLAGS_ALL))
    return WASI_EINVAL;
  char *s;
  uint32_t err = wasi_read_string(c, path, path_len, &s);
  if (err)
    return err;
  wasi_fd *dir = wasi_get_fd(c, fd, &err);
  if (dir && dir->kind != WASI_FD_DIR) {
    err = dir->kind == WASI_FD_FILE ? WASI_ENOTDIR : WASI_EBADF;
    dir = NULL;
  }
  if (!dir) {
    free(s);
    return err;
  }
  if ((oflags & WASI_O_DIRECTORY) &&
      (oflags & (WASI_O_CREAT | WASI_O_EXCL | WASI_O_TRUNC))) {
    free(s);
    return WASI_EINVAL;
  }
  if (!wasi_mem_ok(c, fd_out, 4)) {
    free(s);
    return WASI_EFAULT;
  }

  /* Access mode as wasmtime derives it: creating or truncating writes;
   * without the write right the file is read. */
  int readable = (rights_base & WASI_RIGHT_FD_READ) != 0;
  int writable = (rights_base & WASI_RIGHT_FD_WRITE) != 0;
  if (oflags & (WASI_O_CREAT | WASI_O_TRUNC))
    writable = 1;
  if (!(rights_base & WASI_RIGHT_FD_WRITE))
    readable = 1;
  int flags = readable && writable ? O_RDWR : writable ? O_WRONLY : O_RDONLY;
  if (oflags & WASI_O_CREAT)
    flags |= O_CREAT | ((oflags & WASI_O_EXCL) ? O_EXCL : 0);
  if (oflags & WASI_O_TRUNC)
    flags |= O_TRUNC;
  if (oflags & WASI_O_DIRECTORY)
    flags |= O_DIRECTORY;
  if (fdflags & WASI_FDFLAG_APPEND)
    flags |= O_APPEND;
  if (fdflags & WASI_FDFLAG_NONBLOCK)
    flags |= O_NONBLOCK;
  if (fdflags & WASI_FDFLAG_DSYNC)
    flags |= O_DSYNC;
  if (fdflags & WASI_FDFLAG_RSYNC)
    flags |= O_RSYNC;
  if (fdflags & WASI_FDFLAG_SYNC)
    flags |= O_SYNC;
  flags |= O_NOCTTY;

  int host;
  err = wasi_open_beneath(c->ctx, dir->host, s, flags, 0666,
                          (dirflags & WASI_LOOKUP_SYMLINK_FOLLOW) != 0, &host);
  free(s);
  if (err)
    return err;
  struct stat st;
  if (fstat(host, &st) < 0) {
    err = wasi_host_errno();
    close(host);
    return err;
  }
  uint32_t newfd;
  wasi_fd *e = wasi_fd_alloc(c->ctx, &newfd, &err);
  if (!e) {
    close(host);
    return err;
  }
  int is_dir = S_ISDIR(st.st_mode);
  e->host = host;
  e->owned = 1;
  e->kind = is_dir ? WASI_FD_DIR : WASI_FD_FILE;
  e->filetype = wasi_filetype_from_mode(st.st_mode);
  /* wasmtime keeps no descriptor flags for a directory. */
  e->fdflags = is_dir ? 0 : (uint16_t)fdflags;
  e->rights_base = e->rights_inheriting =
      wasi_rights_for_open(is_dir, readable, writable);
  wasi_put_u32(wasi_mem_at(c, fd_out), newfd);
  return WASI_ESUCCESS;
}

/*===------------------------------ metadata -----------------------------===*/

static uint32_t path_filestat_get(const wasi_call *c, uint32_t fd,
                                  uint32_t flags, uint32_t path,
                                  uint32_t path_len, uint32_t stat_out) {
  if (flags & ~(uint32_t)WASI_LOOKUP_SYMLINK_FOLLOW)
    return WASI_EINVAL;
  uint32_t err;
  wasi_fd *dir = get_dir(c, fd, &err);
  if (!dir)
    return err;
  wasi_resolved r;
  err = resolve_arg(c, dir, path, path_len, follow_flag(flags), &r);
  if (!err && !wasi_mem_ok(c, stat_out, WASI_SIZEOF_FILESTAT))
    err = WASI_EFAULT;
  if (!err)
    err = wasi_resolved_check_dir(&r);
  struct stat st;
  if (!err && fstatat(r.dir, r.name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    err = wasi_host_errno();
  if (!err)
    wasi_put_filestat(wasi_mem_at(c, stat_out), &st);
  wasi_resolved_free(&r);
  return err;
}

static uint32_t path_filestat_set_times(const wasi_call *c, uint32_t fd,
                                        uint32_t flags, uint32_t path,
                                        uint32_t path_len, uint64_t atim,
                                        uint64_t mtim, uint32_t fst_flags) {
  if (flags & ~(uint32_t)WASI_LOOKUP_SYMLINK_FOLLOW)
    return WASI_EINVAL;
  struct timespec ts[2];
  uint32_t err = wasi_set_times_spec(atim, mtim, fst_flags, ts);
  if (err)
    return err;
  wasi_fd *dir = get_dir(c, fd, &err);
  if (!dir)
    return err;
  wasi_resolved r;
  err = resolve_arg(c, dir, path, path_len, follow_flag(flags), &r);
  if (!err)
    err = wasi_resolved_check_dir(&r);
  if (!err && utimensat(r.dir, r.name, ts, AT_SYMLINK_NOFOLLOW) < 0)
    err = wasi_host_errno();
  wasi_resolved_free(&r);
  return err;
}

static uint32_t path_readlink(const wasi_call *c, uint32_t fd, uint32_t path,
                              uint32_t path_len, uint32_t buf, uint32_t buf_len,
                              uint32_t bufused_out) {
  uint32_t err;
  wasi_fd *dir = get_dir(c, fd, &err);
  if (!dir)
    return err;
  wasi_resolved r;
  err = resolve_arg(c, dir, path, path_len, 0, &r);
  if (!err && !wasi_mem_ok(c, bufused_out, 4))
    err = WASI_EFAULT;
  if (!err)
    err = wasi_resolved_check_dir(&r);
  char target[PATH_MAX];
  ssize_t n = 0;
  if (!err && (n = readlinkat(r.dir, r.name, target, sizeof(target))) < 0)
    err = wasi_host_errno();
  wasi_resolved_free(&r);
  if (err)
    return err;
  /* As wasmtime (cap-std): absolute targets are not shown, they would tell
   * about the host's filesystem outside the sandbox. */
  if (n > 0 && target[0] == '/')
    return WASI_EPERM;
  /* As wasmtime: a target longer than the buffer is cut, not an error. */
  uint32_t len = (uint64_t)n < buf_len ? (uint32_t)n : buf_len;
  if (!wasi_mem_ok(c, buf, len))
    return WASI_EFAULT;
  if (len)
    memcpy(wasi_mem_at(c, buf), target, len);
  wasi_put_u32(wasi_mem_at(c, bufused_out), len);
  return WASI_ESUCCESS;
}

/*===---------------------- creating and removing ------------------------===*/

static uint32_t path_create_directory(const wasi_call *c, uint32_t fd,
                                      uint32_t path, uint32_t path_len) {
  uint32_t err;
  wasi_fd *dir = get_dir(c, fd, &err);
  if (!dir)
    return err;
  wasi_resolved r;
  err = resolve_arg(c, dir, path, path_len, WASI_RESOLVE_SLASH_AS_IS, &r);
  if (!err && mkdirat(r.dir, wasi_resolved_name_slash(&r), 0777) < 0)
    err = wasi_host_errno();
  wasi_resolved_free(&r);
  return err;
}

static uint32_t remove_at(const wasi_call *c, uint32_t fd, uint32_t path,
                          uint32_t path_len, int at_flags) {
  uint32_t err;
  wasi_fd *dir = get_dir(c, fd, &err);
  if (!dir)
    return err;
  wasi_resolved r;
  err = resolve_arg(c, dir, path, path_len, WASI_RESOLVE_SLASH_AS_IS, &r);
  if (!err && unlinkat(r.dir, wasi_resolved_name_slash(&r), at_flags) < 0)
    err = wasi_host_errno();
  wasi_resolved_free(&r);
  return err;
}

static uint32_t path_symlink(const wasi_call *c, uint32_t old_path,
                             uint32_t old_path_len, uint32_t fd,
                             uint32_t new_path, uint32_t new_path_len) {
  uint32_t err;
  wasi_fd *dir = get_dir(c, fd, &err);
  if (!dir)
    return err;
  char *target;
  err = wasi_read_string(c, old_path, old_path_len, &target);
  if (err)
    return err;
  /* As wasmtime (cap-std): no symlinks to absolute paths, which could lead
   * programs outside the sandbox astray. Relative targets are free: they
   * are checked whenever they are followed. */
  if (target[0] == '/') {
    free(target);
    return WASI_EPERM;
  }
  wasi_resolved r;
  err =
      resolve_arg(c, dir, new_path, new_path_len, WASI_RESOLVE_SLASH_AS_IS, &r);
  if (!err && symlinkat(target, r.dir, wasi_resolved_name_slash(&r)) < 0)
    err = wasi_host_errno();
  wasi_resolved_free(&r);
  free(target);
  return err;
}

static uint32_t path_link(const wasi_call *c, uint32_t old_fd,
                          uint32_t old_flags, uint32_t old_path,
                          uint32_t old_path_len, uint32_t new_fd,
                          uint32_t new_path, uint32_t new_path_len) {
  if (old_flags & ~(uint32_t)WASI_LOOKUP_SYMLINK_FOLLOW)
    return WASI_EINVAL;
  uint32_t err;
  wasi_fd *odir = get_dir(c, old_fd, &err);
  if (!odir)
    return err;
  wasi_fd *ndir = get_dir(c, new_fd, &err);
  if (!ndir)
    return err;
  /* As wasmtime: hard links to what a symlink points to are refused. */
  if (old_flags & WASI_LOOKUP_SYMLINK_FOLLOW)
    return WASI_EINVAL;
  wasi_resolved o, n;
  err = resolve_arg(c, odir, old_path, old_path_len, 0, &o);
  if (!err)
    err = wasi_resolved_check_dir(&o);
  if (err) {
    wasi_resolved_free(&o);
    return err;
  }
  err = resolve_arg(c, ndir, new_path, new_path_len, WASI_RESOLVE_SLASH_AS_IS,
                    &n);
  if (!err && linkat(o.dir, o.name, n.dir, wasi_resolved_name_slash(&n), 0) < 0)
    err = wasi_host_errno();
  wasi_resolved_free(&n);
  wasi_resolved_free(&o);
  return err;
}

static uint32_t path_rename(const wasi_call *c, uint32_t fd, uint32_t old_path,
                            uint32_t old_path_len, uint32_t new_fd,
                            uint32_t new_path, uint32_t new_path_len) {
  uint32_t err;
  wasi_fd *odir = get_dir(c, fd, &err);
  if (!odir)
    return err;
  wasi_fd *ndir = get_dir(c, new_fd, &err);
  if (!ndir)
    return err;
  wasi_resolved o, n;
  err = resolve_arg(c, odir, old_path, old_path_len, WASI_RESOLVE_SLASH_AS_IS,
                    &o);
  if (err) {
    wasi_resolved_free(&o);
    return err;
  }
  err = resolve_arg(c, ndir, new_path, new_path_len, WASI_RESOLVE_SLASH_AS_IS,
                    &n);
  if (!err && renameat(o.dir, wasi_resolved_name_slash(&o), n.dir,
                       wasi_resolved_name_slash(&n)) < 0)
    err = wasi_host_errno();
  wasi_resolved_free(&n);
  wasi_resolved_free(&o);
  return err;
}

/*===--------------------------- host functions --------------------------===*/

uint32_t w2o_wasi_snapshot_preview1Q_path_create_directory(
    wasirt_instance *caller, uint32_t fd, uint32_t path, uint32_t path_len) {
  const uint64_t args[] = {fd, path, path_len};
  wasi_call c = wasi_begin(caller, WASI_FN_path_create_directory, args);
  return wasi_end(&c, path_create_directory(&c, fd, path, path_len));
}

uint32_t w2o_wasi_snapshot_preview1Q_path_filestat_get(
    wasirt_instance *caller, uint32_t fd, uint32_t flags, uint32_t path,
    uint32_t path_len, uint32_t stat_out) {
  const uint64_t args[] = {fd, flags, path, path_len, stat_out};
  wasi_call c = wasi_begin(caller, WASI_FN_path_filestat_get, args);
  return wasi_end(&c,
                  path_filestat_get(&c, fd, flags, path, path_len, stat_out));
}

uint32_t w2o_wasi_snapshot_preview1Q_path_filestat_set_times(
    wasirt_instance *caller, uint32_t fd, uint32_t flags, uint32_t path,
    uint32_t path_len, uint64_t atim, uint64_t mtim, uint32_t fst_flags) {
  const uint64_t args[] = {fd, flags, path, path_len, atim, mtim, fst_flags};
  wasi_call c = wasi_begin(caller, WASI_FN_path_filestat_set_times, args);
  return wasi_end(&c, path_filestat_set_times(&c, fd, flags, path, path_len,
                                              atim, mtim, fst_flags));
}

uint32_t w2o_wasi_snapshot_preview1Q_path_link(
    wasirt_instance *caller, uint32_t old_fd, uint32_t old_flags,
    uint32_t old_path, uint32_t old_path_len, uint32_t new_fd,
    uint32_t new_path, uint32_t new_path_len) {
  const uint64_t args[] = {old_fd, old_flags, old_path,    old_path_len,
                           new_fd, new_path,  new_path_len};
  wasi_call c = wasi_begin(caller, WASI_FN_path_link, args);
  return wasi_end(&c, path_link(&c, old_fd, old_flags, old_path, old_path_len,
                                new_fd, new_path, new_path_len));
}

uint32_t w2o_wasi_snapshot_preview1Q_path_open(
    wasirt_instance *caller, uint32_t fd, uint32_t dirflags, uint32_t path,
    uint32_t path_len, uint32_t oflags, uint64_t rights_base,
    uint64_t rights_inheriting, uint32_t fdflags, uint32_t fd_out) {
  const uint64_t args[] = {
      fd,          dirflags,          path,    path_len, oflags,
      rights_base, rights_inheriting, fdflags, fd_out};
  wasi_call c = wasi_begin(caller, WASI_FN_path_open, args);
  return wasi_end(&c,
                  path_open(&c, fd, dirflags, path, path_len, oflags,
                            rights_base, rights_inheriting, fdflags, fd_out));
}

uint32_t w2o_wasi_snapshot_preview1Q_path_readlink(
    wasirt_instance *caller, uint32_t fd, uint32_t path, uint32_t path_len,
    uint32_t buf, uint32_t buf_len, uint32_t bufused_out) {
  const uint64_t args[] = {fd, path, path_len, buf, buf_len, bufused_out};
  wasi_call c = wasi_begin(caller, WASI_FN_path_readlink, args);
  return wasi_end(
      &c, path_readlink(&c, fd, path, path_len, buf, buf_len, bufused_out));
}

uint32_t w2o_wasi_snapshot_preview1Q_path_remove_directory(
    wasirt_instance *caller, uint32_t fd, uint32_t path, uint32_t path_len) {
  const uint64_t args[] = {fd, path, path_len};
  wasi_call c = wasi_begin(caller, WASI_FN_path_remove_directory, args);
  return wasi_end(&c, remove_at(&c, fd, path, path_len, AT_REMOVEDIR));
}

uint32_t w2o_wasi_snapshot_preview1Q_path_rename(wasirt_instance *caller,
                                                 uint32_t fd, uint32_t old_path,
                                                 uint32_t old_path_len,
                                                 uint32_t new_fd,
                                                 uint32_t new_path,
                                                 uint32_t new_path_len) {
  const uint64_t args[] = {fd,     old_path, old_path_len,
                           new_fd, new_path, new_path_len};
  wasi_call c = wasi_begin(caller, WASI_FN_path_rename, args);
  return wasi_end(&c, path_rename(&c, fd, old_path, old_path_len, new_fd,
                                  new_path, new_path_len));
}

uint32_t w2o_wasi_snapshot_preview1Q_path_symlink(
    wasirt_instance *caller, uint32_t old_path, uint32_t old_path_len,
    uint32_t fd, uint32_t new_path, uint32_t new_path_len) {
  const uint64_t args[] = {old_path, old_path_len, fd, new_path, new_path_len};
  wasi_call c = wasi_begin(caller, WASI_FN_path_symlink, args);
  return wasi_end(
      &c, path_symlink(&c, old_path, old_path_len, fd, new_path, new_path_len));
}

uint32_t w2o_wasi_snapshot_preview1Q_path_unlink_file(wasirt_instance *caller,
                                                      uint32_t fd,
                                                      uint32_t path,
                                                      uint32_t path_len) {
  const uint64_t args[] = {fd, path, path_len};
  wasi_call c = wasi_begin(caller, WASI_FN_path_unlink_file, args);
  return wasi_end(&c, remove_at(&c, fd, path, path_len, 0));
}
