/*===- wasi_fd.c - the fd_* functions (but fd_readdir) --------------------===*
 *
 * Descriptors are served by their host descriptor directly: the file
 * position is the host's, append mode is the host's O_APPEND, reads and
 * writes are readv/writev from and to guest memory.
 *
 * Which descriptors each function accepts follows wasmtime: the stdio
 * descriptors are streams (no seek, no positional I/O: ESPIPE; no flags,
 * sizes, times or syncing: EBADF), directories take no data I/O (EBADF).
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

/*===------------------------- descriptor state --------------------------===*/

static uint32_t fd_close(const wasi_call *c, uint32_t fd) {
  uint32_t err;
  wasi_fd *e = wasi_get_fd(c, fd, &err);
  if (!e)
    return err;
  wasi_fd_release(c->ctx, e);
  return WASI_ESUCCESS;
}

static uint32_t fd_renumber(const wasi_call *c, uint32_t fd, uint32_t to) {
  uint32_t err;
  wasi_fd *dst = wasi_get_fd(c, to, &err);
  if (!dst)
    return err;
  wasi_fd *src = wasi_get_fd(c, fd, &err);
  if (!src)
    return err;
  if (src == dst)
    return WASI_ESUCCESS;
  wasi_fd_clear(dst);
  *dst = *src;
  memset(src, 0, sizeof(*src));
  src->host = -1;
  ++c->ctx->n_free;
  return WASI_ESUCCESS;
}

static uint32_t fd_fdstat_get(const wasi_call *c, uint32_t fd,
                              uint32_t stat_out) {
  uint32_t err;
  wasi_fd *e = wasi_get_fd(c, fd, &err);
  if (!e)
    return err;
  if (!wasi_mem_ok(c, stat_out, WASI_SIZEOF_FDSTAT))
    return WASI_EFAULT;
  uint8_t *p = wasi_mem_at(c, stat_out);
  memset(p, 0, WASI_SIZEOF_FDSTAT);
  wasi_put_u8(p, e->filetype);
  wasi_put_u16(p + 2, e->fdflags);
  wasi_put_u64(p + 8, e->rights_base);
  wasi_put_u64(p + 16, e->rights_inheriting);
  return WASI_ESUCCESS;
}

static uint32_t fd_fdstat_set_flags(const wasi_call *c, uint32_t fd,
                                    uint32_t flags) {
  if (flags & ~(uint32_t)WASI_FDFLAGS_ALL)
    return WASI_EINVAL;
  uint32_t err;
  wasi_fd *e = wasi_get_fd_kind(c, fd, WASI_FD_FILE, &err);
  if (!e)
    return err;
  /* As wasmtime: only APPEND and NONBLOCK can change. */
  if (flags & (WASI_FDFLAG_DSYNC | WASI_FDFLAG_RSYNC | WASI_FDFLAG_SYNC))
    return WASI_EINVAL;
  int fl = fcntl(e->host, F_GETFL);
  if (fl < 0)
    return wasi_host_errno();
  fl &= ~(O_APPEND | O_NONBLOCK);
  if (flags & WASI_FDFLAG_APPEND)
    fl |= O_APPEND;
  if (flags & WASI_FDFLAG_NONBLOCK)
    fl |= O_NONBLOCK;
  if (fcntl(e->host, F_SETFL, fl) < 0)
    return wasi_host_errno();
  e->fdflags =
      (uint16_t)((e->fdflags & ~(WASI_FDFLAG_APPEND | WASI_FDFLAG_NONBLOCK)) |
                 flags);
  return WASI_ESUCCESS;
}

static uint32_t fd_fdstat_set_rights(const wasi_call *c, uint32_t fd,
                                     uint64_t base, uint64_t inheriting) {
  if ((base | inheriting) & ~WASI_RIGHTS_ALL)
    return WASI_EINVAL;
  uint32_t err;
  wasi_fd *e = wasi_get_fd(c, fd, &err);
  if (!e)
    return err;
  if (e->kind != WASI_FD_FILE && e->kind != WASI_FD_DIR)
    return WASI_EBADF;
  /* wasmtime does not support changing rights (the test suite skips its
   * rights tests on this answer). */
  return WASI_ENOTSUP;
}

/*===------------------------------ metadata -----------------------------===*/

static uint32_t fd_filestat_get(const wasi_call *c, uint32_t fd,
                                uint32_t stat_out) {
  uint32_t err;
  wasi_fd *e = wasi_get_fd(c, fd, &err);
  if (!e)
    return err;
  if (!wasi_mem_ok(c, stat_out, WASI_SIZEOF_FILESTAT))
    return WASI_EFAULT;
  uint8_t *p = wasi_mem_at(c, stat_out);
  if (e->kind == WASI_FD_STDIN || e->kind == WASI_FD_STDOUT) {
    /* As wasmtime: nothing about the host's stdio but its filetype. */
    memset(p, 0, WASI_SIZEOF_FILESTAT);
    wasi_put_u8(p + 16, e->filetype);
    return WASI_ESUCCESS;
  }
  struct stat st;
  if (fstat(e->host, &st) < 0)
    return wasi_host_errno();
  wasi_put_filestat(p, &st);
  if (S_ISSOCK(st.st_mode))
    wasi_put_u8(p + 16, e->filetype); /* stream or datagram */
  return WASI_ESUCCESS;
}

static uint32_t fd_filestat_set_size(const wasi_call *c, uint32_t fd,
                                     uint64_t size) {
  uint32_t err;
  wasi_fd *e = wasi_get_fd_kind(c, fd, WASI_FD_FILE, &err);
  if (!e)
    return err;
  if (size > INT64_MAX)
    return WASI_EINVAL;
  if (ftruncate(e->host, (off_t)size) < 0)
    return wasi_host_errno();
  return WASI_ESUCCESS;
}

static uint32_t fd_filestat_set_times(const wasi_call *c, uint32_t fd,
                                      uint64_t atim, uint64_t mtim,
                                      uint32_t fst_flags) {
  struct timespec ts[2];
  uint32_t err = wasi_set_times_spec(atim, mtim, fst_flags, ts);
  if (err)
    return err;
  wasi_fd *e = wasi_get_fd(c, fd, &err);
  if (!e)
    return err;
  if (e->kind != WASI_FD_FILE && e->kind != WASI_FD_DIR)
    return WASI_EBADF;
  if (futimens(e->host, ts) < 0)
    return wasi_host_errno();
  return WASI_ESUCCESS;
}

static uint32_t fd_prestat_get(const wasi_call *c, uint32_t fd,
                               uint32_t prestat_out) {
  uint32_t err;
  wasi_fd *e = wasi_get_fd(c, fd, &err);
  if (!e)
    return err;
  if (!e->preopen)
    return WASI_EBADF;
  if (!wasi_mem_ok(c, prestat_out, WASI_SIZEOF_PRESTAT))
    return WASI_EFAULT;
  uint8_t *p = wasi_mem_at(c, prestat_out);
  memset(p, 0, WASI_SIZEOF_PRESTAT);
  wasi_put_u8(p, 0); /* preopentype dir */
  wasi_put_u32(p + 4, (uint32_t)strlen(e->preopen));
  return WASI_ESUCCESS;
}

static uint32_t fd_prestat_dir_name(const wasi_call *c, uint32_t fd,
                                    uint32_t path, uint32_t path_len) {
  uint32_t err;
  wasi_fd *e = wasi_get_fd(c, fd, &err);
  if (!e)
    return err;
  if (!e->preopen)
    return WASI_ENOTDIR; /* as wasmtime */
  size_t len = strlen(e->preopen);
  if (len > path_len)
    return WASI_ENAMETOOLONG;
  if (!wasi_mem_ok(c, path, len))
    return WASI_EFAULT;
  if (len)
    memcpy(wasi_mem_at(c, path), e->preopen, len);
  return WASI_ESUCCESS;
}

/*===------------------------------ position -----------------------------===*/

/* The file descriptor FD for seeking: ESPIPE for stdio, EBADF otherwise. */
static wasi_fd *get_seekable(const wasi_call *c, uint32_t fd, uint32_t *err) {
  wasi_fd *e = wasi_get_fd(c, fd, err);
  if (!e)
    return NULL;
  if (e->kind == WASI_FD_FILE)
    return e;
  *err = e->kind == WASI_FD_DIR ? WASI_EBADF : WASI_ESPIPE;
  return NULL;
}

static uint32_t fd_seek(const wasi_call *c, uint32_t fd, uint64_t offset,
                        uint32_t whence, uint32_t newoffset_out) {
  int how;
  switch (whence) {
  case 0:
    how = SEEK_SET;
    break;
  case 1:
    how = SEEK_CUR;
    break;
  case 2:
    how = SEEK_END;
    break;
  default:
    return WASI_EINVAL;
  }
  uint32_t err;
  wasi_fd *e = get_seekable(c, fd, &err);
  if (!e)
    return err;
  if (!wasi_mem_ok(c, newoffset_out, 8))
    return WASI_EFAULT;
  off_t r = lseek(e->host, (off_t)(int64_t)offset, how);
  if (r < 0)
    return wasi_host_errno();
  wasi_put_u64(wasi_mem_at(c, newoffset_out), (uint64_t)r);
  return WASI_ESUCCESS;
}

static uint32_t fd_tell(const wasi_call *c, uint32_t fd, uint32_t offset_out) {
  uint32_t err;
  wasi_fd *e = get_seekable(c, fd, &err);
  if (!e)
    return err;
  if (!wasi_mem_ok(c, offset_out, 8))
    return WASI_EFAULT;
  off_t r = lseek(e->host, 0, SEEK_CUR);
  if (r < 0)
    return wasi_host_errno();
  wasi_put_u64(wasi_mem_at(c, offset_out), (uint64_t)r);
  return WASI_ESUCCESS;
}

/*===------------------------------ data I/O -----------------------------===*/

/* Reads or writes the guest's iovecs with readv/writev/preadv/pwritev.
 * OFFSET < 0: at the current position. Stores the count at COUNT_OUT. */
static uint32_t transfer(const wasi_call *c, int host, int write, uint32_t iovs,
                         uint32_t iovs_len, int64_t offset,
                         uint32_t count_out) {
  if (!wasi_mem_ok(c, count_out, 4))
    return WASI_EFAULT;
  wasi_iovecs v;
  uint32_t err = wasi_iovecs_get(c, iovs, iovs_len, &v);
  if (err)
    return err;
  ssize_t n = 0;
  if (v.n) {
    int fd = wasi_io_begin(c, host);
    do {
      if (offset < 0)
        n = write ? writev(fd, v.iov, v.n) : readv(fd, v.iov, v.n);
      else
        n = write ? pwritev(fd, v.iov, v.n, offset)
                  : preadv(fd, v.iov, v.n, offset);
    } while (n < 0 && errno == EINTR);
    wasi_io_end(c, host, fd);
  }
  err = n < 0 ? wasi_host_errno() : WASI_ESUCCESS;
  wasi_iovecs_free(&v);
  if (!err)
    wasi_put_u32(wasi_mem_at(c, count_out), (uint32_t)n);
  return err;
}

/* Writes all of the guest's iovecs to a stdio stream, as wasmtime's blocking
 * write-and-flush does; a failure after some bytes reports those bytes. */
static uint32_t write_all(const wasi_call *c, int host, uint32_t iovs,
                          uint32_t iovs_len, uint32_t count_out) {
  if (!wasi_mem_ok(c, count_out, 4))
    return WASI_EFAULT;
  wasi_iovecs v;
  uint32_t err = wasi_iovecs_get(c, iovs, iovs_len, &v);
  if (err)
    return err;
  uint64_t done = 0;
  struct iovec *iov = v.iov;
  int n = v.n;
  int fd = n > 0 ? wasi_io_begin(c, host) : host;
  while (n > 0) {
    ssize_t w = writev(fd, iov, n);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      if (!done)
        err = wasi_host_errno();
      break;
    }
    done += (uint64_t)w;
    while (n > 0 && (size_t)w >= iov->iov_len) {
      w -= (ssize_t)iov->iov_len;
      ++iov;
      --n;
    }
    if (n > 0) {
      iov->iov_base = (char *)iov->iov_base + w;
      iov->iov_len -= (size_t)w;
    }
  }
  wasi_io_end(c, host, fd);
  wasi_iovecs_free(&v);
  if (!err)
    wasi_put_u32(wasi_mem_at(c, count_out), (uint32_t)done);
  return err;
}

static uint32_t fd_read(const wasi_call *c, uint32_t fd, uint32_t iovs,
                        uint32_t iovs_len, uint32_t nread_out) {
  uint32_t err;
  wasi_fd *e = wasi_get_fd(c, fd, &err);
  if (!e)
    return err;
  if (e->kind != WASI_FD_FILE && e->kind != WASI_FD_STDIN)
    return WASI_EBADF;
  return transfer(c, e->host, 0, iovs, iovs_len, -1, nread_out);
}

static uint32_t fd_write(const wasi_call *c, uint32_t fd, uint32_t iovs,
                         uint32_t iovs_len, uint32_t nwritten_out) {
  uint32_t err;
  wasi_fd *e = wasi_get_fd(c, fd, &err);
  if (!e)
    return err;
  if (e->kind == WASI_FD_STDOUT)
    return write_all(c, e->host, iovs, iovs_len, nwritten_out);
  if (e->kind != WASI_FD_FILE)
    return WASI_EBADF;
  return transfer(c, e->host, 1, iovs, iovs_len, -1, nwritten_out);
}

static uint32_t fd_pread(const wasi_call *c, uint32_t fd, uint32_t iovs,
                         uint32_t iovs_len, uint64_t offset,
                         uint32_t nread_out) {
  uint32_t err;
  wasi_fd *e = wasi_get_fd(c, fd, &err);
  if (!e)
    return err;
  if (e->kind == WASI_FD_STDIN)
    return WASI_ESPIPE;
  if (e->kind != WASI_FD_FILE)
    return WASI_EBADF;
  if (offset > INT64_MAX)
    return WASI_EINVAL;
  return transfer(c, e->host, 0, iovs, iovs_len, (int64_t)offset, nread_out);
}

static uint32_t fd_pwrite(const wasi_call *c, uint32_t fd, uint32_t iovs,
                          uint32_t iovs_len, uint64_t offset,
                          uint32_t nwritten_out) {
  uint32_t err;
  wasi_fd *e = wasi_get_fd(c, fd, &err);
  if (!e)
    return err;
  if (e->kind == WASI_FD_STDOUT)
    return WASI_ESPIPE;
  if (e->kind != WASI_FD_FILE)
    return WASI_EBADF;
  if (offset > INT64_MAX)
    return WASI_EINVAL;
  /* With O_APPEND, Linux appends whatever the offset (as wasmtime). */
  return transfer(c, e->host, 1, iovs, iovs_len, (int64_t)offset, nwritten_out);
}

/*===--------------------------- file contents ---------------------------===*/

static uint32_t fd_advise(const wasi_call *c, uint32_t fd, uint64_t offset,
                          uint64_t len, uint32_t advice) {
  static const int host_advice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL,
                                    POSIX_FADV_RANDOM,   POSIX_FADV_WILLNEED,
                                    POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
  if (advice >= sizeof(host_advice) / sizeof(host_advice[0]))
    return WASI_EINVAL;
  uint32_t err;
  wasi_fd *e = wasi_get_fd_kind(c, fd, WASI_FD_FILE, &err);
  if (!e)
    return err;
  if (offset > INT64_MAX || len > INT64_MAX)
    return WASI_EINVAL;
  int r =
      posix_fadvise(e->host, (off_t)offset, (off_t)len, host_advice[advice]);
  return r ? wasi_errno_from_host(r) : WASI_ESUCCESS;
}

static uint32_t fd_allocate(const wasi_call *c, uint32_t fd, uint64_t offset,
                            uint64_t len) {
  uint32_t err;
  wasi_fd *e = wasi_get_fd_kind(c, fd, WASI_FD_FILE, &err);
  if (!e)
    return err;
  if (offset > INT64_MAX || len > INT64_MAX || offset + len > INT64_MAX)
    return WASI_EINVAL;
  int r = posix_fallocate(e->host, (off_t)offset, (off_t)len);
  return r ? wasi_errno_from_host(r) : WASI_ESUCCESS;
}

static uint32_t fd_datasync(const wasi_call *c, uint32_t fd) {
  uint32_t err;
  wasi_fd *e = wasi_get_fd_kind(c, fd, WASI_FD_FILE, &err);
  if (!e)
    return err;
  return fdatasync(e->host) < 0 ? wasi_host_errno() : WASI_ESUCCESS;
}

static uint32_t fd_sync(const wasi_call *c, uint32_t fd) {
  uint32_t err;
  wasi_fd *e = wasi_get_fd_kind(c, fd, WASI_FD_FILE, &err);
  if (!e)
    return err;
  return fsync(e->host) < 0 ? wasi_host_errno() : WASI_ESUCCESS;
}

/*===--------------------------- host functions --------------------------===*/

uint32_t w2o_wasi_snapshot_preview1Q_fd_advise(wasirt_instance *caller,
                                               uint32_t fd, uint64_t offset,
                                               uint64_t len, uint32_t advice) {
  const uint64_t args[] = {fd, offset, len, advice};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_advise, args);
  return wasi_end(&c, fd_advise(&c, fd, offset, len, advice));
}

uint32_t w2o_wasi_snapshot_preview1Q_fd_allocate(wasirt_instance *caller,
                                                 uint32_t fd, uint64_t offset,
                                                 uint64_t len) {
  const uint64_t args[] = {fd, offset, len};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_allocate, args);
  return wasi_end(&c, fd_allocate(&c, fd, offset, len));
}

uint32_t w2o_wasi_snapshot_preview1Q_fd_close(wasirt_instance *caller,
                                              uint32_t fd) {
  const uint64_t args[] = {fd};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_close, args);
  return wasi_end(&c, fd_close(&c, fd));
}

uint32_t w2o_wasi_snapshot_preview1Q_fd_datasync(wasirt_instance *caller,
                                                 uint32_t fd) {
  const uint64_t args[] = {fd};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_datasync, args);
  return wasi_end(&c, fd_datasync(&c, fd));
}

uint32_t w2o_wasi_snapshot_preview1Q_fd_fdstat_get(wasirt_instance *caller,
                                                   uint32_t fd,
                                                   uint32_t stat_out) {
  const uint64_t args[] = {fd, stat_out};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_fdstat_get, args);
  return wasi_end(&c, fd_fdstat_get(&c, fd, stat_out));
}

uint32_t
w2o_wasi_snapshot_preview1Q_fd_fdstat_set_flags(wasirt_instance *caller,
                                                uint32_t fd, uint32_t flags) {
  const uint64_t args[] = {fd, flags};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_fdstat_set_flags, args);
  return wasi_end(&c, fd_fdstat_set_flags(&c, fd, flags));
}

uint32_t w2o_wasi_snapshot_preview1Q_fd_fdstat_set_rights(
    wasirt_instance *caller, uint32_t fd, uint64_t rights_base,
    uint64_t rights_inheriting) {
  const uint64_t args[] = {fd, rights_base, rights_inheriting};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_fdstat_set_rights, args);
  return wasi_end(&c,
                  fd_fdstat_set_rights(&c, fd, rights_base, rights_inheriting));
}

uint32_t w2o_wasi_snapshot_preview1Q_fd_filestat_get(wasirt_instance *caller,
                                                     uint32_t fd,
                                                     uint32_t stat_out) {
  const uint64_t args[] = {fd, stat_out};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_filestat_get, args);
  return wasi_end(&c, fd_filestat_get(&c, fd, stat_out));
}

uint32_t
w2o_wasi_snapshot_preview1Q_fd_filestat_set_size(wasirt_instance *caller,
                                                 uint32_t fd, uint64_t size) {
  const uint64_t args[] = {fd, size};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_filestat_set_size, args);
  return wasi_end(&c, fd_filestat_set_size(&c, fd, size));
}

uint32_t w2o_wasi_snapshot_preview1Q_fd_filestat_set_times(
    wasirt_instance *caller, uint32_t fd, uint64_t atim, uint64_t mtim,
    uint32_t fst_flags) {
  const uint64_t args[] = {fd, atim, mtim, fst_flags};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_filestat_set_times, args);
  return wasi_end(&c, fd_filestat_set_times(&c, fd, atim, mtim, fst_flags));
}

uint32_t w2o_wasi_snapshot_preview1Q_fd_pread(wasirt_instance *caller,
                                              uint32_t fd, uint32_t iovs,
                                              uint32_t iovs_len,
                                              uint64_t offset,
                                              uint32_t nread_out) {
  const uint64_t args[] = {fd, iovs, iovs_len, offset, nread_out};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_pread, args);
  return wasi_end(&c, fd_pread(&c, fd, iovs, iovs_len, offset, nread_out));
}

uint32_t w2o_wasi_snapshot_preview1Q_fd_prestat_dir_name(
    wasirt_instance *caller, uint32_t fd, uint32_t path, uint32_t path_len) {
  const uint64_t args[] = {fd, path, path_len};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_prestat_dir_name, args);
  return wasi_end(&c, fd_prestat_dir_name(&c, fd, path, path_len));
}

uint32_t w2o_wasi_snapshot_preview1Q_fd_prestat_get(wasirt_instance *caller,
                                                    uint32_t fd,
                                                    uint32_t prestat_out) {
  const uint64_t args[] = {fd, prestat_out};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_prestat_get, args);
  return wasi_end(&c, fd_prestat_get(&c, fd, prestat_out));
}

uint32_t w2o_wasi_snapshot_preview1Q_fd_pwrite(wasirt_instance *caller,
                                               uint32_t fd, uint32_t iovs,
                                               uint32_t iovs_len,
                                               uint64_t offset,
                                               uint32_t nwritten_out) {
  const uint64_t args[] = {fd, iovs, iovs_len, offset, nwritten_out};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_pwrite, args);
  return wasi_end(&c, fd_pwrite(&c, fd, iovs, iovs_len, offset, nwritten_out));
}

uint32_t w2o_wasi_snapshot_preview1Q_fd_read(wasirt_instance *caller,
                                             uint32_t fd, uint32_t iovs,
                                             uint32_t iovs_len,
                                             uint32_t nread_out) {
  const uint64_t args[] = {fd, iovs, iovs_len, nread_out};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_read, args);
  return wasi_end(&c, fd_read(&c, fd, iovs, iovs_len, nread_out));
}

uint32_t w2o_wasi_snapshot_preview1Q_fd_renumber(wasirt_instance *caller,
                                                 uint32_t fd, uint32_t to) {
  const uint64_t args[] = {fd, to};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_renumber, args);
  return wasi_end(&c, fd_renumber(&c, fd, to));
}

uint32_t w2o_wasi_snapshot_preview1Q_fd_seek(wasirt_instance *caller,
                                             uint32_t fd, uint64_t offset,
                                             uint32_t whence,
                                             uint32_t newoffset_out) {
  const uint64_t args[] = {fd, offset, whence, newoffset_out};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_seek, args);
  return wasi_end(&c, fd_seek(&c, fd, offset, whence, newoffset_out));
}

uint32_t w2o_wasi_snapshot_preview1Q_fd_sync(wasirt_instance *caller,
                                             uint32_t fd) {
  const uint64_t args[] = {fd};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_sync, args);
  return wasi_end(&c, fd_sync(&c, fd));
}

uint32_t w2o_wasi_snapshot_preview1Q_fd_tell(wasirt_instance *caller,
                                             uint32_t fd, uint32_t offset_out) {
  const uint64_t args[] = {fd, offset_out};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_tell, args);
  return wasi_end(&c, fd_tell(&c, fd, offset_out));
}

uint32_t w2o_wasi_snapshot_preview1Q_fd_write(wasirt_instance *caller,
                                              uint32_t fd, uint32_t iovs,
                                              uint32_t iovs_len,
                                              uint32_t nwritten_out) {
  const uint64_t args[] = {fd, iovs, iovs_len, nwritten_out};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_write, args);
  return wasi_end(&c, fd_write(&c, fd, iovs, iovs_len, nwritten_out));
}
