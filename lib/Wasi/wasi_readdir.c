/*===- wasi_readdir.c - fd_readdir ----------------------------------------===*
 *
 * A directory reads as ".", "..", then its host entries (without the host's
 * own "." and ".."), in the host's order. The cookie of an entry is its
 * index in that list, and d_next the index of the next one, as in wasmtime.
 *
 * The list is a snapshot taken when the program reads from cookie 0 (or
 * first reads at all) and kept with the descriptor until then, so that the
 * cookies of one listing stay valid while the program removes or creates
 * entries between calls (wasmtime re-reads the directory on each call).
 *
 * "." and ".." both carry the inode of the directory itself: the entry
 * above a preopened directory lies outside the sandbox.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "wasi_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct snapshot_entry {
  uint64_t ino;
  uint32_t name_off, name_len;
  uint8_t type; /* wasi_filetype */
} snapshot_entry;

struct wasi_dir_snapshot {
  snapshot_entry *entries;
  uint32_t count, cap;
  char *names;
  size_t names_size, names_cap;
};

void wasi_dir_snapshot_free(wasi_dir_snapshot *s) {
  if (!s)
    return;
  free(s->entries);
  free(s->names);
  free(s);
}

static int snapshot_add(wasi_dir_snapshot *s, uint64_t ino, uint8_t type,
                        const char *name) {
  size_t len = strlen(name);
  if (s->count == s->cap) {
    uint32_t cap = s->cap ? s->cap * 2 : 64;
    snapshot_entry *e = realloc(s->entries, cap * sizeof(snapshot_entry));
    if (!e)
      return 0;
    s->entries = e;
    s->cap = cap;
  }
  if (s->names_size + len > s->names_cap) {
    size_t cap = s->names_cap ? s->names_cap * 2 : 1024;
    while (cap < s->names_size + len)
      cap *= 2;
    char *n = realloc(s->names, cap);
    if (!n)
      return 0;
    s->names = n;
    s->names_cap = cap;
  }
  memcpy(s->names + s->names_size, name, len);
  snapshot_entry *e = &s->entries[s->count++];
  e->ino = ino;
  e->name_off = (uint32_t)s->names_size;
  e->name_len = (uint32_t)len;
  e->type = type;
  s->names_size += len;
  return 1;
}

static uint8_t filetype_from_dirent(int dir, const struct dirent *d) {
  switch (d->d_type) {
  case DT_REG:
    return WASI_FILETYPE_REGULAR_FILE;
  case DT_DIR:
    return WASI_FILETYPE_DIRECTORY;
  case DT_LNK:
    return WASI_FILETYPE_SYMBOLIC_LINK;
  case DT_CHR:
    return WASI_FILETYPE_CHARACTER_DEVICE;
  case DT_BLK:
    return WASI_FILETYPE_BLOCK_DEVICE;
  case DT_SOCK:
    return WASI_FILETYPE_SOCKET_STREAM;
  case DT_FIFO:
    return WASI_FILETYPE_UNKNOWN;
  default: {
    struct stat st;
    if (fstatat(dir, d->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
      return WASI_FILETYPE_UNKNOWN;
    return wasi_filetype_from_mode(st.st_mode);
  }
  }
}

/* Lists the directory open as DIR. */
static uint32_t snapshot_take(int dir, wasi_dir_snapshot **out) {
  *out = NULL;
  struct stat st;
  if (fstat(dir, &st) < 0)
    return wasi_host_errno();
  int fd = dup(dir);
  if (fd < 0)
    return wasi_host_errno();
  DIR *d = fdopendir(fd);
  if (!d) {
    int e = errno;
    close(fd);
    return wasi_errno_from_host(e);
  }
  rewinddir(d);
  wasi_dir_snapshot *s = calloc(1, sizeof(*s));
  uint32_t err = WASI_ESUCCESS;
  if (!s || !snapshot_add(s, st.st_ino, WASI_FILETYPE_DIRECTORY, ".") ||
      !snapshot_add(s, st.st_ino, WASI_FILETYPE_DIRECTORY, "..")) {
    err = WASI_ENOMEM;
  }
  while (!err) {
    errno = 0;
    struct dirent *ent = readdir(d);
    if (!ent) {
      if (errno)
        err = wasi_host_errno();
      break;
    }
    if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
      continue;
    if (!snapshot_add(s, ent->d_ino, filetype_from_dirent(dir, ent),
                      ent->d_name))
      err = WASI_ENOMEM;
  }
  closedir(d);
  if (err) {
    wasi_dir_snapshot_free(s);
    return err;
  }
  *out = s;
  return WASI_ESUCCESS;
}

static uint32_t fd_readdir(const wasi_call *c, uint32_t fd, uint32_t buf,
                           uint32_t buf_len, uint64_t cookie,
                           uint32_t bufused_out) {
  uint32_t err;
  wasi_fd *e = wasi_get_fd(c, fd, &err);
  if (!e)
    return err;
  if (e->kind != WASI_FD_DIR)
    return WASI_EBADF;
  if (!wasi_mem_ok(c, buf, buf_len) || !wasi_mem_ok(c, bufused_out, 4))
    return WASI_EFAULT;
  if (cookie == 0 || !e->dir) {
    wasi_dir_snapshot *s;
    err = snapshot_take(e->host, &s);
    if (err)
      return err;
    wasi_dir_snapshot_free(e->dir);
    e->dir = s;
  }

  /* Entries from COOKIE on, each a dirent then its name, the last one cut
   * wherever the buffer ends (then the buffer counts as full). */
  const wasi_dir_snapshot *s = e->dir;
  uint8_t *out = wasi_mem_at(c, buf);
  uint32_t cap = buf_len;
  for (uint64_t i = cookie; i < s->count && cap > 0; ++i) {
    const snapshot_entry *ent = &s->entries[i];
    uint8_t head[WASI_SIZEOF_DIRENT];
    memset(head, 0, sizeof(head));
    wasi_put_u64(head, i + 1);
    wasi_put_u64(head + 8, ent->ino);
    wasi_put_u32(head + 16, ent->name_len);
    wasi_put_u8(head + 20, ent->type);
    uint32_t n = cap < sizeof(head) ? cap : (uint32_t)sizeof(head);
    memcpy(out, head, n);
    out += n;
    cap -= n;
    n = cap < ent->name_len ? cap : ent->name_len;
    memcpy(out, s->names + ent->name_off, n);
    out += n;
    cap -= n;
  }
  wasi_put_u32(wasi_mem_at(c, bufused_out), buf_len - cap);
  return WASI_ESUCCESS;
}

uint32_t w2o_wasi_snapshot_preview1Q_fd_readdir(wasirt_instance *caller,
                                                uint32_t fd, uint32_t buf,
                                                uint32_t buf_len,
                                                uint64_t cookie,
                                                uint32_t bufused_out) {
  const uint64_t args[] = {fd, buf, buf_len, cookie, bufused_out};
  wasi_call c = wasi_begin(caller, WASI_FN_fd_readdir, args);
  return wasi_end(&c, fd_readdir(&c, fd, buf, buf_len, cookie, bufused_out));
}
