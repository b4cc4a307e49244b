/*===- wasi_sock.c - sock_accept, sock_recv, sock_send, sock_shutdown -----===*
 *
 * Preview1 can only use sockets it is given, and this runtime gives none:
 * the stdio descriptors are streams even when the host's are sockets (as
 * in wasmtime: ENOTSOCK), path_open cannot open a socket, and
 * wasirt_wasi_config has no way to place a listening socket in the table
 * (wasmtime's --tcplisten). So every call answers EBADF or ENOTSOCK; the
 * rest is what the calls do on a descriptor whose host descriptor is a
 * socket, for when the configuration can place one.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "wasi_internal.h"

#include <errno.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define WASI_RIFLAG_PEEK 1u
#define WASI_RIFLAG_WAITALL 2u
#define WASI_ROFLAG_TRUNCATED 1u
#define WASI_SDFLAG_RD 1u
#define WASI_SDFLAG_WR 2u

/* The socket descriptor FD: EBADF if not open, ENOTSOCK if not a socket. */
static wasi_fd *get_socket(const wasi_call *c, uint32_t fd, uint32_t *err) {
  wasi_fd *e = wasi_get_fd(c, fd, err);
  if (!e)
    return NULL;
  struct stat st;
  if (e->kind != WASI_FD_FILE || fstat(e->host, &st) < 0 ||
      !S_ISSOCK(st.st_mode)) {
    *err = WASI_ENOTSOCK;
    return NULL;
  }
  return e;
}

static uint32_t sock_accept(const wasi_call *c, uint32_t fd, uint32_t flags,
                            uint32_t fd_out) {
  uint32_t err;
  wasi_fd *e = get_socket(c, fd, &err);
  if (!e)
    return err;
  if (flags & ~(uint32_t)WASI_FDFLAG_NONBLOCK)
    return WASI_EINVAL;
  if (!wasi_mem_ok(c, fd_out, 4))
    return WASI_EFAULT;
  int own = e->host, listener = wasi_io_begin(c, own);
  int host;
  do
    host = accept4(listener, NULL, NULL,
                   SOCK_CLOEXEC | (flags ? SOCK_NONBLOCK : 0));
  while (host < 0 && errno == EINTR);
  wasi_io_end(c, own, listener);
  if (host < 0)
    return wasi_host_errno();
  uint32_t newfd;
  wasi_fd *n = wasi_fd_alloc(c->ctx, &newfd, &err);
  if (!n) {
    close(host);
    return err;
  }
  n->host = host;
  n->owned = 1;
  n->kind = WASI_FD_FILE;
  n->filetype = WASI_FILETYPE_SOCKET_STREAM;
  n->fdflags = (uint16_t)flags;
  n->rights_base = n->rights_inheriting =
      WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE |
      WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_FILESTAT_GET |
      WASI_RIGHT_POLL_FD_READWRITE | WASI_RIGHT_SOCK_SHUTDOWN;
  wasi_put_u32(wasi_mem_at(c, fd_out), newfd);
  return WASI_ESUCCESS;
}

static uint32_t sock_recv(const wasi_call *c, uint32_t fd, uint32_t ri_data,
                          uint32_t ri_data_len, uint32_t ri_flags,
                          uint32_t ro_datalen_out, uint32_t ro_flags_out) {
  if (ri_flags & ~(WASI_RIFLAG_PEEK | WASI_RIFLAG_WAITALL))
    return WASI_EINVAL;
  uint32_t err;
  wasi_fd *e = get_socket(c, fd, &err);
  if (!e)
    return err;
  if (!wasi_mem_ok(c, ro_datalen_out, 4) || !wasi_mem_ok(c, ro_flags_out, 2))
    return WASI_EFAULT;
  wasi_iovecs v;
  err = wasi_iovecs_get(c, ri_data, ri_data_len, &v);
  if (err)
    return err;
  struct msghdr msg;
  memset(&msg, 0, sizeof(msg));
  msg.msg_iov = v.iov;
  msg.msg_iovlen = (size_t)v.n;
  int flags = ((ri_flags & WASI_RIFLAG_PEEK) ? MSG_PEEK : 0) |
              ((ri_flags & WASI_RIFLAG_WAITALL) ? MSG_WAITALL : 0);
  ssize_t n;
  int own = e->host, sock = wasi_io_begin(c, own);
  do
    n = recvmsg(sock, &msg, flags);
  while (n < 0 && errno == EINTR);
  wasi_io_end(c, own, sock);
  err = n < 0 ? wasi_host_errno() : WASI_ESUCCESS;
  wasi_iovecs_free(&v);
  if (err)
    return err;
  wasi_put_u32(wasi_mem_at(c, ro_datalen_out), (uint32_t)n);
  wasi_put_u16(wasi_mem_at(c, ro_flags_out),
               (msg.msg_flags & MSG_TRUNC) ? WASI_ROFLAG_TRUNCATED : 0);
  return WASI_ESUCCESS;
}

static uint32_t sock_send(const wasi_call *c, uint32_t fd, uint32_t si_data,
                          uint32_t si_data_len, uint32_t si_flags,
                          uint32_t so_datalen_out) {
  if (si_flags)
    return WASI_EINVAL; /* siflags has no flags defined */
  uint32_t err;
  wasi_fd *e = get_socket(c, fd, &err);
  if (!e)
    return err;
  if (!wasi_mem_ok(c, so_datalen_out, 4))
    return WASI_EFAULT;
  wasi_iovecs v;
  err = wasi_iovecs_get(c, si_data, si_data_len, &v);
  if (err)
    return err;
  struct msghdr msg;
  memset(&msg, 0, sizeof(msg));
  msg.msg_iov = v.iov;
  msg.msg_iovlen = (size_t)v.n;
  ssize_t n;
  int own = e->host, sock = wasi_io_begin(c, own);
  do
    n = sendmsg(sock, &msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  wasi_io_end(c, own, sock);
  err = n < 0 ? wasi_host_errno() : WASI_ESUCCESS;
  wasi_iovecs_free(&v);
  if (!err)
    wasi_put_u32(wasi_mem_at(c, so_datalen_out), (uint32_t)n);
  return err;
}

static uint32_t sock_shutdown(const wasi_call *c, uint32_t fd, uint32_t how) {
  if (how & ~(WASI_SDFLAG_RD | WASI_SDFLAG_WR))
    return WASI_EINVAL;
  uint32_t err;
  wasi_fd *e = get_socket(c, fd, &err);
  if (!e)
    return err;
  int h;
  switch (how) {
  case WASI_SDFLAG_RD:
    h = SHUT_RD;
    break;
  case WASI_SDFLAG_WR:
    h = SHUT_WR;
    break;
  case WASI_SDFLAG_RD | WASI_SDFLAG_WR:
    h = SHUT_RDWR;
    break;
  default:
    return WASI_EINVAL;
  }
  return shutdown(e->host, h) < 0 ? wasi_host_errno() : WASI_ESUCCESS;
}

uint32_t w2o_wasi_snapshot_preview1Q_sock_accept(wasirt_instance *caller,
                                                 uint32_t fd, uint32_t flags,
                                                 uint32_t fd_out) {
  const uint64_t args[] = {fd, flags, fd_out};
  wasi_call c = wasi_begin(caller, WASI_FN_sock_accept, args);
  return wasi_end(&c, sock_accept(&c, fd, flags, fd_out));
}

uint32_t w2o_wasi_snapshot_preview1Q_sock_recv(wasirt_instance *caller,
                                               uint32_t fd, uint32_t ri_data,
                                               uint32_t ri_data_len,
                                               uint32_t ri_flags,
                                               uint32_t ro_datalen_out,
                                               uint32_t ro_flags_out) {
  const uint64_t args[] = {fd,       ri_data,        ri_data_len,
                           ri_flags, ro_datalen_out, ro_flags_out};
  wasi_call c = wasi_begin(caller, WASI_FN_sock_recv, args);
  return wasi_end(&c, sock_recv(&c, fd, ri_data, ri_data_len, ri_flags,
                                ro_datalen_out, ro_flags_out));
}

uint32_t w2o_wasi_snapshot_preview1Q_sock_send(wasirt_instance *caller,
                                               uint32_t fd, uint32_t si_data,
                                               uint32_t si_data_len,
                                               uint32_t si_flags,
                                               uint32_t so_datalen_out) {
  const uint64_t args[] = {fd, si_data, si_data_len, si_flags, so_datalen_out};
  wasi_call c = wasi_begin(caller, WASI_FN_sock_send, args);
  return wasi_end(
      &c, sock_send(&c, fd, si_data, si_data_len, si_flags, so_datalen_out));
}

uint32_t w2o_wasi_snapshot_preview1Q_sock_shutdown(wasirt_instance *caller,
                                                   uint32_t fd, uint32_t how) {
  const uint64_t args[] = {fd, how};
  wasi_call c = wasi_begin(caller, WASI_FN_sock_shutdown, args);
  return wasi_end(&c, sock_shutdown(&c, fd, how));
}
