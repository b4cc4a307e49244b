/* files.c - file-system behaviour of a WASI program, against the native one.
 *
 * Built twice with clang-19 -O2: for wasm32-wasi (then wasm2obj and
 * cc -lwasirt) and for the host. run-files-test.py runs it.
 *
 *   files ops
 *     Works in its current directory (the native build's cwd; the wasm
 *     build's preopened guest directory "."): creates, writes, reads,
 *     seeks, truncates, renames, links, lists, stats and deletes files,
 *     directories and symlinks, printing one line per observation (errors by
 *     errno name). Nothing host-specific is printed (no inode numbers, no
 *     times it did not set), so both builds must print the same lines, exit
 *     with the same status and leave the same tree behind.
 *
 *   files escape TOKEN      (wasm build only)
 *     Tries to reach outside its preopened directory, through raw
 *     wasi_snapshot_preview1 calls and through wasi-libc, and checks that
 *     each attempt fails with the errno wasmtime gives; some allowed
 *     operations next to them must succeed. Prints "ok   CASE: ..." or
 *     "FAIL CASE: ..." per case; exit status 1 if any failed. Names it tries
 *     to create outside contain TOKEN, so the driver can look for them.
 *     The driver lays out (box is the granted directory):
 *
 *       box/file.txt                 "inside\n"
 *       box/sub/inner.txt            "inner\n"
 *       box/sub/rel_ok -> ../file.txt          (stays inside)
 *       box/sub/up -> ../..                    (leads out)
 *       box/link_tmp -> /tmp                   (absolute)
 *       box/link_out -> ../outside
 *       box/link_secret -> ../outside/secret.txt
 *       box/chain1 -> chain2 -> chain3 -> ../outside
 *       box/chain_in1 -> chain_in2 -> sub      (stays inside)
 *       box/outin -> ../box/file.txt           (out and back in)
 *       box/abs_in -> /ABSOLUTE/PATH/OF/box/file.txt
 *       box/loop1 -> loop2 -> loop1
 *       outside/secret.txt, outside/victim.txt, outside/dir/
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __wasi__
#include <wasi/api.h>
#endif

/*===------------------------------ helpers -----------------------------===*/

static const char *errname(int e) {
  switch (e) {
  case 0:
    return "ok";
  case EPERM:
    return "EPERM";
  case ENOENT:
    return "ENOENT";
  case EBADF:
    return "EBADF";
  case EACCES:
    return "EACCES";
  case EEXIST:
    return "EEXIST";
  case EXDEV:
    return "EXDEV";
  case ENOTDIR:
    return "ENOTDIR";
  case EISDIR:
    return "EISDIR";
  case EINVAL:
    return "EINVAL";
  case EMLINK:
    return "EMLINK";
  case ENOSPC:
    return "ENOSPC";
  case ESPIPE:
    return "ESPIPE";
  case EROFS:
    return "EROFS";
  case ENAMETOOLONG:
    return "ENAMETOOLONG";
  case ENOTEMPTY:
    return "ENOTEMPTY";
  case ELOOP:
    return "ELOOP";
  case ENOSYS:
    return "ENOSYS";
  case EBUSY:
    return "EBUSY";
  case EFBIG:
    return "EFBIG";
  case EOVERFLOW:
    return "EOVERFLOW";
  case EFAULT:
    return "EFAULT";
  case EIO:
    return "EIO";
#ifdef ENOTCAPABLE
  case ENOTCAPABLE:
    return "ENOTCAPABLE";
#endif
  default: {
    static char buf[32];
    snprintf(buf, sizeof buf, "errno %d", e);
    return buf;
  }
  }
}

/* Prints "WHAT: ok" when RC >= 0, else "WHAT: ENAME". Returns RC. */
static long step(const char *what, long rc) {
  printf("%s: %s\n", what, rc >= 0 ? "ok" : errname(errno));
  return rc;
}

static char type_char(mode_t m) {
  return S_ISREG(m) ? 'f' : S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : '?';
}

static void show_stat(const char *path, int follow) {
  struct stat st;
  int rc = follow ? stat(path, &st) : lstat(path, &st);
  if (rc < 0) {
    printf("%s %s: %s\n", follow ? "stat" : "lstat", path, errname(errno));
    return;
  }
  printf("%s %s: type %c size %lld", follow ? "stat" : "lstat", path,
         type_char(st.st_mode), (long long)st.st_size);
  if (!S_ISDIR(st.st_mode)) /* a directory's count depends on the fs */
    printf(" nlink %llu", (unsigned long long)st.st_nlink);
  printf("\n");
}

static void show_file(const char *path) {
  char buf[512];
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    printf("read %s: %s\n", path, errname(errno));
    return;
  }
  ssize_t n = read(fd, buf, sizeof buf - 1);
  if (n < 0) {
    printf("read %s: %s\n", path, errname(errno));
  } else {
    buf[n] = 0;
    printf("read %s: %zd bytes \"", path, n);
    for (ssize_t i = 0; i < n; ++i)
      if (buf[i] >= 32 && buf[i] < 127)
        putchar(buf[i]);
      else
        printf("\\x%02x", (unsigned char)buf[i]);
    printf("\"\n");
  }
  close(fd);
}

static int write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0)
    return -1;
  ssize_t n = write(fd, text, strlen(text));
  close(fd);
  return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Entries of a directory as "name:type", sorted. */
typedef struct listing {
  char **names;
  size_t n;
} listing;

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static char entry_type(const char *dir, const struct dirent *e) {
  switch (e->d_type) {
  case DT_REG:
    return 'f';
  case DT_DIR:
    return 'd';
  case DT_LNK:
    return 'l';
  case DT_UNKNOWN: { /* not every file system reports types */
    char path[1024];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    return lstat(path, &st) == 0 ? type_char(st.st_mode) : '!';
  }
  default:
    return '?';
  }
}

static int read_listing(const char *path, listing *l) {
  l->names = NULL;
  l->n = 0;
  DIR *d = opendir(path);
  if (!d)
    return -1;
  size_t cap = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (l->n == cap) {
      cap = cap ? cap * 2 : 16;
      l->names = realloc(l->names, cap * sizeof(char *));
    }
    char *s = malloc(strlen(e->d_name) + 3);
    sprintf(s, "%s:%c", e->d_name, entry_type(path, e));
    l->names[l->n++] = s;
  }
  closedir(d);
  qsort(l->names, l->n, sizeof(char *), cmp_str);
  return 0;
}

static void free_listing(listing *l) {
  for (size_t i = 0; i < l->n; ++i)
    free(l->names[i]);
  free(l->names);
}

static void show_listing(const char *path) {
  listing l;
  if (read_listing(path, &l) < 0) {
    printf("list %s: %s\n", path, errname(errno));
    return;
  }
  printf("list %s:", path);
  for (size_t i = 0; i < l.n; ++i)
    printf(" %s", l.names[i]);
  printf("\n");
  free_listing(&l);
}

/*===-------------------------------- ops -------------------------------===*/

static void ops_files(void) {
  printf("-- files\n");
  step("mkdir d", mkdir("d", 0755));
  step("mkdir d again", mkdir("d", 0755));
  step("mkdir d/sub", mkdir("d/sub", 0755));
  step("mkdir d/nope/x", mkdir("d/nope/x", 0755));

  int fd = step("open d/a.txt creat excl",
                open("d/a.txt", O_WRONLY | O_CREAT | O_EXCL, 0644));
  printf("write: %zd\n", write(fd, "hello, world\n", 13));
  close(fd);
  step("open d/a.txt creat excl again",
       open("d/a.txt", O_WRONLY | O_CREAT | O_EXCL, 0644));
  step("open d/missing", open("d/missing", O_RDONLY));
  step("open d/a.txt/x", open("d/a.txt/x", O_RDONLY));
  step("open d/a.txt/ (trailing slash)", open("d/a.txt/", O_RDONLY));
  step("open d/a.txt O_DIRECTORY", open("d/a.txt", O_RDONLY | O_DIRECTORY));
  step("open d/sub O_WRONLY", open("d/sub", O_WRONLY));
  show_file("d/a.txt");
  show_stat("d/a.txt", 1);

  /* Seeking and positioned I/O. */
  char buf[128];
  fd = open("d/a.txt", O_RDWR);
  printf("lseek SET 7: %lld\n", (long long)lseek(fd, 7, SEEK_SET));
  ssize_t n = read(fd, buf, 5);
  printf("read 5: \"%.*s\"\n", (int)(n > 0 ? n : 0), buf);
  printf("lseek CUR 0: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
  printf("lseek END -6: %lld\n", (long long)lseek(fd, -6, SEEK_END));
  n = read(fd, buf, sizeof buf);
  printf("read rest: %zd\n", n);
  printf("lseek CUR -100: %lld", (long long)lseek(fd, -100, SEEK_CUR));
  printf(" %s\n", errname(errno));
  printf("pread 4 at 0: %zd \"%.4s\"\n", pread(fd, buf, 4, 0), buf);
  printf("pwrite \"HELLO\" at 0: %zd\n", pwrite(fd, "HELLO", 5, 0));
  printf("lseek CUR after pread/pwrite: %lld\n",
         (long long)lseek(fd, 0, SEEK_CUR));
  printf("lseek SET 100: %lld\n", (long long)lseek(fd, 100, SEEK_SET));
  printf("write past end: %zd\n", write(fd, "X", 1));
  struct stat st;
  fstat(fd, &st);
  printf("size with hole: %lld\n", (long long)st.st_size);
  memset(buf, 1, sizeof buf);
  n = pread(fd, buf, 87, 13);
  int zero = n == 87;
  for (ssize_t i = 0; i < n; ++i)
    zero &= buf[i] == 0;
  printf("hole reads as zeros: %s\n", zero ? "yes" : "no");
  step("ftruncate 5", ftruncate(fd, 5));
  fstat(fd, &st);
  printf("size: %lld\n", (long long)st.st_size);
  printf("lseek CUR after truncate: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
  step("fsync", fsync(fd));
  step("fdatasync", fdatasync(fd));
  close(fd);
  show_file("d/a.txt");
  step("truncate d/a.txt 20", truncate("d/a.txt", 20));
  show_file("d/a.txt");
  step("truncate d/missing", truncate("d/missing", 1));

  /* Access modes. */
  fd = open("d/a.txt", O_RDONLY);
  printf("write to O_RDONLY: %zd %s\n", write(fd, "x", 1), errname(errno));
  close(fd);
  fd = open("d/a.txt", O_WRONLY | O_TRUNC);
  printf("read from O_WRONLY: %zd %s\n", read(fd, buf, 1), errname(errno));
  printf("write after O_TRUNC: %zd\n", write(fd, "one\n", 4));
  close(fd);
  fd = open("d/a.txt", O_WRONLY | O_APPEND);
  lseek(fd, 0, SEEK_SET);
  printf("append after seek to 0: %zd\n", write(fd, "two\n", 4));
  printf("lseek CUR after append: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
  close(fd);
  show_file("d/a.txt");

  /* An open file outlives its name. */
  write_file("d/gone.txt", "still here\n");
  fd = open("d/gone.txt", O_RDONLY);
  step("unlink d/gone.txt while open", unlink("d/gone.txt"));
  fstat(fd, &st);
  n = read(fd, buf, sizeof buf);
  printf("read unlinked: %zd \"%.*s\" nlink %llu\n", n,
         (int)(n > 0 ? n - 1 : 0), buf, (unsigned long long)st.st_nlink);
  close(fd);
  show_stat("d/gone.txt", 1);

  /* stdio on top. */
  FILE *f = fopen("d/b.txt", "w");
  for (int i = 1; i <= 3; ++i)
    fprintf(f, "line %d of %d\n", i, 3);
  printf("ftell after 3 lines: %ld\n", ftell(f));
  fclose(f);
  f = fopen("d/b.txt", "a+");
  fputs("line 4 (appended)\n", f);
  rewind(f);
  int lines = 0;
  while (fgets(buf, sizeof buf, f))
    printf("fgets %d: %s", ++lines, buf);
  printf("feof: %d\n", feof(f) != 0);
  fseek(f, -9, SEEK_END);
  printf("after fseek END -9: %s", fgets(buf, sizeof buf, f));
  fclose(f);
  printf("fopen d/missing r: %s\n",
         fopen("d/missing", "r") ? "opened" : errname(errno));
}

static void ops_times(void) {
  printf("-- times\n");
  struct timespec ts[2] = {{1000000000, 5}, {1234567890, 123456789}};
  struct stat st, st2;
  step("utimensat d/b.txt", utimensat(AT_FDCWD, "d/b.txt", ts, 0));
  stat("d/b.txt", &st);
  printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec,
         st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  struct timespec omit[2] = {{0, UTIME_OMIT}, {2000000000, 0}};
  step("utimensat atime OMIT", utimensat(AT_FDCWD, "d/b.txt", omit, 0));
  stat("d/b.txt", &st2);
  printf("atime kept: %s, mtime %lld.%09ld\n",
         st2.st_atim.tv_sec == st.st_atim.tv_sec &&
                 st2.st_atim.tv_nsec == st.st_atim.tv_nsec
             ? "yes"
             : "no",
         (long long)st2.st_mtim.tv_sec, st2.st_mtim.tv_nsec);
  int fd = open("d/b.txt", O_RDONLY);
  /* Both times to now. Debian's wasi-libc gets this wrong on its own (an
   * explicit UTIME_NOW is EINVAL before any WASI call; futimens(fd, NULL)
   * sends ATIM|MTIM with 0, the epoch), so the wasm build asks WASI for
   * ATIM_NOW|MTIM_NOW itself. */
#ifdef __wasi__
  int e = __wasi_fd_filestat_set_times(
      fd, 0, 0, __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW);
  printf("futimens now: %s\n", errname(e));
#else
  struct timespec now[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
  printf("futimens now: %s\n", futimens(fd, now) == 0 ? "ok" : errname(errno));
#endif
  fstat(fd, &st);
  close(fd);
  long long age = (long long)time(NULL) - (long long)st.st_mtim.tv_sec;
  printf("mtime is now: %s\n", age >= -5 && age <= 60 ? "yes" : "no");
  step("utimensat d/missing", utimensat(AT_FDCWD, "d/missing", ts, 0));
}

static void ops_links(void) {
  printf("-- links\n");
  struct stat a, b;
  step("link d/b.txt d/hard", link("d/b.txt", "d/hard"));
  step("link d/b.txt d/hard again", link("d/b.txt", "d/hard"));
  step("link d/missing d/h2", link("d/missing", "d/h2"));
  stat("d/b.txt", &a);
  stat("d/hard", &b);
  printf("same inode: %s, nlink %llu\n", a.st_ino == b.st_ino ? "yes" : "no",
         (unsigned long long)b.st_nlink);
  step("symlink b.txt d/sl", symlink("b.txt", "d/sl"));
  step("symlink x d/sl again", symlink("x", "d/sl"));
  step("symlink missing d/dangle", symlink("missing", "d/dangle"));
  step("symlink sub d/sl_dir", symlink("sub", "d/sl_dir"));
  char buf[256];
  ssize_t n = readlink("d/sl", buf, sizeof buf);
  printf("readlink d/sl: %zd \"%.*s\"\n", n, (int)(n > 0 ? n : 0), buf);
  n = readlink("d/b.txt", buf, sizeof buf);
  printf("readlink d/b.txt: %zd %s\n", n, errname(errno));
  show_stat("d/sl", 0);
  show_stat("d/sl", 1);
  show_stat("d/dangle", 0);
  show_stat("d/dangle", 1);
  show_file("d/sl");
  step("open d/sl O_NOFOLLOW", open("d/sl", O_RDONLY | O_NOFOLLOW));
  step("write_file d/sl_dir/via_link.txt",
       write_file("d/sl_dir/via_link.txt", "through a link\n"));
  show_file("d/sub/via_link.txt");
  step("unlink d/hard", unlink("d/hard"));
  show_stat("d/b.txt", 1);
  step("unlink d/sl", unlink("d/sl"));
  show_stat("d/b.txt", 1);
}

/* A trailing '/' on a symlink in calls that never follow the last
 * component (mkdir, rmdir, unlink, rename, symlink, link): Linux takes the
 * link itself, so nothing happens to what it points to. */
static void ops_slash_links(void) {
  printf("-- trailing slash on symlinks\n");
  step("mkdir s", mkdir("s", 0755));
  step("mkdir s/d", mkdir("s/d", 0755));
  write_file("s/f", "f\n");
  step("symlink d s/ld", symlink("d", "s/ld"));
  step("symlink newdir s/ln", symlink("newdir", "s/ln"));
  step("symlink f s/lf", symlink("f", "s/lf"));
  step("rmdir s/ld/", rmdir("s/ld/"));
  step("mkdir s/ln/", mkdir("s/ln/", 0755));
  step("unlink s/lf/", unlink("s/lf/"));
  step("unlink s/ld/", unlink("s/ld/"));
  step("rename s/ld/ s/moved", rename("s/ld/", "s/moved"));
  step("mkdir s/e", mkdir("s/e", 0755));
  step("rename s/e s/ln/", rename("s/e", "s/ln/"));
  step("symlink x s/ld/", symlink("x", "s/ld/"));
  step("link s/f s/ln/", link("s/f", "s/ln/"));
  show_stat("s/ld/", 0);
  show_listing("s");
  show_listing("s/d");
}

static void ops_rename(void) {
  printf("-- rename\n");
  step("rename d/a.txt d/a2.txt", rename("d/a.txt", "d/a2.txt"));
  show_stat("d/a.txt", 1);
  step("rename d/a2.txt d/sub/a.txt", rename("d/a2.txt", "d/sub/a.txt"));
  write_file("d/c.txt", "replacement\n");
  step("rename d/c.txt over d/sub/a.txt", rename("d/c.txt", "d/sub/a.txt"));
  show_file("d/sub/a.txt");
  step("rename d/missing d/x", rename("d/missing", "d/x"));
  step("rename d/sub d/sub2", rename("d/sub", "d/sub2"));
  step("mkdir d/full", mkdir("d/full", 0755));
  write_file("d/full/f", "f\n");
  step("rename d/sub2 over non-empty d/full", rename("d/sub2", "d/full"));
  step("mkdir d/empty", mkdir("d/empty", 0755));
  step("rename d/full over empty d/empty", rename("d/full", "d/empty"));
  step("rename file d/b.txt over dir d/empty", rename("d/b.txt", "d/empty"));
  step("rename dir d/empty over file d/b.txt", rename("d/empty", "d/b.txt"));
  step("rename d/sub2 into itself", rename("d/sub2", "d/sub2/inner"));
  step("rename d/b.txt to itself", rename("d/b.txt", "d/b.txt"));
  show_listing("d");
}

static void ops_dirs(void) {
  printf("-- directories\n");
  step("mkdir d/many", mkdir("d/many", 0755));
  /* Enough entries to need several fd_readdir buffers. */
  char path[128];
  int made = 0;
  for (int i = 0; i < 300; ++i) {
    snprintf(path, sizeof path,
             "d/many/entry-%03d-with-a-fairly-long-name-to-fill-buffers", i);
    made += write_file(path, "") == 0;
  }
  printf("created %d entries\n", made);
  listing l;
  read_listing("d/many", &l);
  unsigned long hash = 5381;
  int dups = 0;
  for (size_t i = 0; i < l.n; ++i) {
    for (const char *p = l.names[i]; *p; ++p)
      hash = hash * 33 + (unsigned char)*p;
    dups += i > 0 && strcmp(l.names[i - 1], l.names[i]) == 0;
  }
  printf("readdir d/many: %zu entries, %d duplicates, hash %08lx, "
         "first %s, last %s\n",
         l.n, dups, hash & 0xfffffffful, l.names[0], l.names[l.n - 1]);
  free_listing(&l);

  /* telldir/seekdir return to the same place; rewinddir to the start. */
  DIR *d = opendir("d/many");
  for (int i = 0; i < 100; ++i)
    readdir(d);
  long pos = telldir(d);
  char after[5][128];
  for (int i = 0; i < 5; ++i)
    snprintf(after[i], sizeof after[i], "%s", readdir(d)->d_name);
  for (int i = 0; i < 50; ++i)
    readdir(d);
  seekdir(d, pos);
  int same = 1;
  for (int i = 0; i < 5; ++i) {
    struct dirent *e = readdir(d);
    same &= e && strcmp(e->d_name, after[i]) == 0;
  }
  printf("seekdir to telldir: same entries %s\n", same ? "yes" : "no");
  rewinddir(d);
  int count = 0;
  while (readdir(d))
    ++count;
  printf("after rewinddir: %d entries\n", count);
  closedir(d);
  printf("opendir d/b.txt: %s\n",
         opendir("d/b.txt") ? "opened" : errname(errno));
  printf("opendir d/missing: %s\n",
         opendir("d/missing") ? "opened" : errname(errno));

  int removed = 0;
  for (int i = 0; i < 300; ++i) {
    snprintf(path, sizeof path,
             "d/many/entry-%03d-with-a-fairly-long-name-to-fill-buffers", i);
    removed += unlink(path) == 0;
  }
  printf("removed %d entries\n", removed);
  show_listing("d/many");

  show_listing("d");
  show_stat("d", 1);
  show_stat("d/sub2", 1);
  step("rmdir d/sub2 (not empty)", rmdir("d/sub2"));
  step("rmdir d/b.txt (a file)", rmdir("d/b.txt"));
  step("unlink d/sub2 (a directory)", unlink("d/sub2"));
  step("rmdir d/missing", rmdir("d/missing"));
  step("rmdir d/many", rmdir("d/many"));
  step("rmdir d/many again", rmdir("d/many"));
  step("unlink d/sub2/a.txt", unlink("d/sub2/a.txt"));
  step("unlink d/sub2/a.txt again", unlink("d/sub2/a.txt"));
  step("unlink d/sub2/via_link.txt", unlink("d/sub2/via_link.txt"));
  step("rmdir d/sub2/ (trailing slash)", rmdir("d/sub2/"));
  step("unlink d/dangle", unlink("d/dangle"));
  step("mkdir keep", mkdir("keep", 0755));
  step("rename d/b.txt keep/b.txt", rename("d/b.txt", "keep/b.txt"));
  step("rename d/sl_dir keep/link", rename("d/sl_dir", "keep/link"));
  show_listing("d");
  show_listing("d/empty");
  show_listing(".");
  show_listing("keep");
}

static int run_ops(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  ops_files();
  ops_times();
  ops_links();
  ops_slash_links();
  ops_rename();
  ops_dirs();
  printf("-- done\n");
  return 0;
}

/*===------------------------------ escape ------------------------------===*/

#ifdef __wasi__

static int failures;
static const char *token;
static __wasi_fd_t box = (__wasi_fd_t)-1; /* the preopened "." */

/* Reports a case: ERR (0 for success) must be WANT. */
static void expect(const char *what, int err, int want) {
  if (err == want) {
    printf("ok   %s: %s\n", what, errname(err));
  } else {
    printf("FAIL %s: %s, want %s\n", what, errname(err), errname(want));
    ++failures;
  }
}

/* NAME with TOKEN spliced in for "%s". */
static const char *tok(const char *fmt) {
  static char bufs[4][256];
  static int next;
  char *b = bufs[next++ % 4];
  snprintf(b, sizeof bufs[0], fmt, token);
  return b;
}

/* Every right wasi_snapshot_preview1 defines (undefined bits are EINVAL)
 * but FD_WRITE, which opens for writing (a directory refuses that, EISDIR);
 * O_CREAT and O_TRUNC open for writing anyway. */
static const __wasi_rights_t open_rights =
    (__WASI_RIGHTS_SOCK_ACCEPT * 2 - 1) & ~__WASI_RIGHTS_FD_WRITE;

static int raw_open(__wasi_fd_t dir, const char *path,
                    __wasi_lookupflags_t look, __wasi_oflags_t of,
                    __wasi_fd_t *out) {
  __wasi_fd_t fd;
  int e =
      __wasi_path_open(dir, look, path, of, open_rights, open_rights, 0, &fd);
  if (e == 0) {
    if (out)
      *out = fd;
    else
      (void)__wasi_fd_close(fd);
  }
  return e;
}

#define FOLLOW __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW
#define CREAT __WASI_OFLAGS_CREAT
#define DIRECTORY __WASI_OFLAGS_DIRECTORY
#define TRUNC __WASI_OFLAGS_TRUNC

static void find_box(void) {
  for (__wasi_fd_t fd = 3; fd < 64; ++fd) {
    __wasi_prestat_t ps;
    if (__wasi_fd_prestat_get(fd, &ps) != 0)
      continue;
    char name[64] = {0};
    if (ps.u.dir.pr_name_len < sizeof name &&
        __wasi_fd_prestat_dir_name(fd, (uint8_t *)name, ps.u.dir.pr_name_len) ==
            0 &&
        strcmp(name, ".") == 0) {
      box = fd;
      return;
    }
  }
}

/* Raw wasi_snapshot_preview1 calls on the preopened directory: the
 * runtime's own checks. Escapes are EPERM, as in wasmtime. */
static void escape_raw(void) {
  const int P = EPERM;
  printf("-- raw path_open\n");
  expect("open ../outside/secret.txt",
         raw_open(box, "../outside/secret.txt", FOLLOW, 0, NULL), P);
  expect("open .. (directory)", raw_open(box, "..", FOLLOW, DIRECTORY, NULL),
         P);
  expect("open sub/../../outside/secret.txt",
         raw_open(box, "sub/../../outside/secret.txt", FOLLOW, 0, NULL), P);
  expect("open /tmp (absolute)", raw_open(box, "/tmp", FOLLOW, DIRECTORY, NULL),
         P);
  expect("create /tmp/TOKEN (absolute)",
         raw_open(box, tok("/tmp/%s-abs"), FOLLOW, CREAT, NULL), P);
  expect("create link_tmp/TOKEN (symlink to /tmp)",
         raw_open(box, tok("link_tmp/%s-open"), FOLLOW, CREAT, NULL), P);
  expect("create link_tmp/TOKEN without following",
         raw_open(box, tok("link_tmp/%s-nofollow"), 0, CREAT, NULL), P);
  expect("open link_tmp (directory)",
         raw_open(box, "link_tmp", FOLLOW, DIRECTORY, NULL), P);
  expect("open link_out/secret.txt",
         raw_open(box, "link_out/secret.txt", FOLLOW, 0, NULL), P);
  expect("create link_out/TOKEN",
         raw_open(box, tok("link_out/%s-new"), FOLLOW, CREAT, NULL), P);
  expect("open link_secret truncating",
         raw_open(box, "link_secret", FOLLOW, TRUNC, NULL), P);
  expect("open chain1/secret.txt (symlink chain)",
         raw_open(box, "chain1/secret.txt", FOLLOW, 0, NULL), P);
  expect("create chain1/TOKEN",
         raw_open(box, tok("chain1/%s-chain"), FOLLOW, CREAT, NULL), P);
  expect("open sub/up/outside/secret.txt (up -> ../..)",
         raw_open(box, "sub/up/outside/secret.txt", FOLLOW, 0, NULL), P);
  expect("open outin (-> ../box/file.txt)",
         raw_open(box, "outin", FOLLOW, 0, NULL), P);
  expect("open abs_in (absolute symlink to inside)",
         raw_open(box, "abs_in", FOLLOW, 0, NULL), P);
  /* Not escapes: the links themselves, never followed; a loop. */
  expect("open link_secret without following",
         raw_open(box, "link_secret", 0, 0, NULL), ELOOP);
  expect("open loop1 (symlink loop)", raw_open(box, "loop1", FOLLOW, 0, NULL),
         ELOOP);

  /* A directory descriptor is a root of its own. */
  __wasi_fd_t sub = (__wasi_fd_t)-1;
  expect("open sub (directory)", raw_open(box, "sub", FOLLOW, DIRECTORY, &sub),
         0);
  expect("from sub: open ../file.txt",
         raw_open(sub, "../file.txt", FOLLOW, 0, NULL), P);
  expect("from sub: open rel_ok (-> ../file.txt)",
         raw_open(sub, "rel_ok", FOLLOW, 0, NULL), P);
  expect("from sub: create ../TOKEN",
         raw_open(sub, tok("../%s-fromsub"), FOLLOW, CREAT, NULL), P);
  expect("from sub: mkdir ../TOKEN",
         __wasi_path_create_directory(sub, tok("../%s-fromsub-dir")), P);
  (void)__wasi_fd_close(sub);

  printf("-- raw directory, unlink, rename, link, symlink, stat calls\n");
  expect("mkdir ../TOKEN", __wasi_path_create_directory(box, tok("../%s-dir")),
         P);
  expect("mkdir link_out/TOKEN",
         __wasi_path_create_directory(box, tok("link_out/%s-dir")), P);
  expect("mkdir link_tmp/TOKEN",
         __wasi_path_create_directory(box, tok("link_tmp/%s-dir")), P);
  expect("mkdir chain1/TOKEN",
         __wasi_path_create_directory(box, tok("chain1/%s-dir")), P);
  expect("mkdir /tmp/TOKEN",
         __wasi_path_create_directory(box, tok("/tmp/%s-dir")), P);
  expect("unlink ../outside/victim.txt",
         __wasi_path_unlink_file(box, "../outside/victim.txt"), P);
  expect("unlink link_out/victim.txt",
         __wasi_path_unlink_file(box, "link_out/victim.txt"), P);
  expect("unlink chain1/victim.txt",
         __wasi_path_unlink_file(box, "chain1/victim.txt"), P);
  expect("rmdir ../outside/dir",
         __wasi_path_remove_directory(box, "../outside/dir"), P);
  expect("rmdir link_out/dir",
         __wasi_path_remove_directory(box, "link_out/dir"), P);
  expect("rename file.txt ../outside/TOKEN",
         __wasi_path_rename(box, "file.txt", box, tok("../outside/%s-moved")),
         P);
  expect("rename file.txt over link_out/victim.txt",
         __wasi_path_rename(box, "file.txt", box, "link_out/victim.txt"), P);
  expect("rename file.txt link_tmp/TOKEN",
         __wasi_path_rename(box, "file.txt", box, tok("link_tmp/%s-ren")), P);
  expect("rename link_out/victim.txt stolen.txt",
         __wasi_path_rename(box, "link_out/victim.txt", box, "stolen.txt"), P);
  expect("rename chain1/dir stolen_dir",
         __wasi_path_rename(box, "chain1/dir", box, "stolen_dir"), P);
  expect("link link_out/secret.txt stolen",
         __wasi_path_link(box, 0, "link_out/secret.txt", box, "stolen"), P);
  expect("link ../outside/secret.txt stolen",
         __wasi_path_link(box, 0, "../outside/secret.txt", box, "stolen"), P);
  expect("link file.txt link_out/TOKEN",
         __wasi_path_link(box, 0, "file.txt", box, tok("link_out/%s-hard")), P);
  expect("link file.txt /tmp/TOKEN",
         __wasi_path_link(box, 0, "file.txt", box, tok("/tmp/%s-hard")), P);
  /* wasmtime refuses to hard-link the target of a symlink at all. */
  expect("link following link_secret",
         __wasi_path_link(box, FOLLOW, "link_secret", box, "stolen"), EINVAL);
  expect("symlink at link_out/TOKEN",
         __wasi_path_symlink("file.txt", box, tok("link_out/%s-sl")), P);
  expect("symlink at ../TOKEN",
         __wasi_path_symlink("file.txt", box, tok("../%s-sl")), P);
  __wasi_filestat_t fs;
  expect("stat ../outside/secret.txt",
         __wasi_path_filestat_get(box, FOLLOW, "../outside/secret.txt", &fs),
         P);
  expect("stat following link_out",
         __wasi_path_filestat_get(box, FOLLOW, "link_out", &fs), P);
  expect("stat chain1/secret.txt",
         __wasi_path_filestat_get(box, FOLLOW, "chain1/secret.txt", &fs), P);
  expect("stat link_out without following (the link itself)",
         __wasi_path_filestat_get(box, 0, "link_out", &fs), 0);
  expect("set times following link_secret",
         __wasi_path_filestat_set_times(box, FOLLOW, "link_secret", 0, 0,
                                        __WASI_FSTFLAGS_MTIM),
         P);
  expect("set times ../outside/victim.txt",
         __wasi_path_filestat_set_times(box, 0, "../outside/victim.txt", 0, 0,
                                        __WASI_FSTFLAGS_MTIM),
         P);
  char lb[64];
  __wasi_size_t used;
  expect("readlink sub/up/box/link_out (through up -> ../..)",
         __wasi_path_readlink(box, "sub/up/box/link_out", (uint8_t *)lb,
                              sizeof lb, &used),
         P);
}

/* The same through wasi-libc, as a C program sees it. */
static void escape_libc(void) {
  printf("-- libc\n");
  int fd;
  errno = 0;
  FILE *f = fopen("../outside/secret.txt", "r");
  expect("fopen ../outside/secret.txt", f ? 0 : errno, EPERM);
  fd = open(tok("link_tmp/%s-libc"), O_WRONLY | O_CREAT, 0644);
  expect("open(O_CREAT) link_tmp/TOKEN", fd >= 0 ? 0 : errno, EPERM);
  /* wasi-libc maps absolute paths into the preopen named "." (as under
   * wasmtime): /tmp/x is ./tmp/x, and the box has no tmp. */
  fd = open(tok("/tmp/%s-libc-abs"), O_WRONLY | O_CREAT, 0644);
  expect("open(O_CREAT) /tmp/TOKEN (is ./tmp/TOKEN)", fd >= 0 ? 0 : errno,
         ENOENT);
  expect("mkdir link_out/TOKEN",
         mkdir(tok("link_out/%s-libc-dir"), 0755) ? errno : 0, EPERM);
  expect("mkdir ../TOKEN", mkdir(tok("../%s-libc-dir"), 0755) ? errno : 0,
         EPERM);
  expect("rename file.txt link_out/TOKEN",
         rename("file.txt", tok("link_out/%s-libc-ren")) ? errno : 0, EPERM);
  expect("rename link_out/victim.txt here",
         rename("link_out/victim.txt", "victim.txt") ? errno : 0, EPERM);
  expect("link link_out/secret.txt here",
         link("link_out/secret.txt", "stolen-libc") ? errno : 0, EPERM);
  expect("unlink link_out/victim.txt",
         unlink("link_out/victim.txt") ? errno : 0, EPERM);
  expect("unlink chain1/victim.txt", unlink("chain1/victim.txt") ? errno : 0,
         EPERM);
  expect("rmdir chain1/dir", rmdir("chain1/dir") ? errno : 0, EPERM);
  expect("symlink at link_out/TOKEN",
         symlink("x", tok("link_out/%s-libc-sl")) ? errno : 0, EPERM);
  struct stat st;
  expect("stat chain1/secret.txt", stat("chain1/secret.txt", &st) ? errno : 0,
         EPERM);
  expect("truncate link_secret", truncate("link_secret", 0) ? errno : 0, EPERM);
  struct timespec ts[2] = {{1, 0}, {1, 0}};
  expect("utimensat link_secret",
         utimensat(AT_FDCWD, "link_secret", ts, 0) ? errno : 0, EPERM);
  DIR *d = opendir("link_out");
  expect("opendir link_out", d ? 0 : errno, EPERM);
  d = opendir("..");
  expect("opendir ..", d ? 0 : errno, EPERM);
}

/* What must keep working next to the refusals. */
static void allowed(void) {
  printf("-- allowed\n");
  char buf[64];
  __wasi_fd_t fd;
  int e = raw_open(box, "file.txt", FOLLOW, 0, &fd);
  expect("open file.txt", e, 0);
  if (e == 0) {
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
    __wasi_size_t n = 0;
    e = __wasi_fd_read(fd, &iov, 1, &n);
    expect("read file.txt is \"inside\\n\"",
           e                                             ? e
           : (n == 7 && memcmp(buf, "inside\n", 7) == 0) ? 0
                                                         : EIO,
           0);
    (void)__wasi_fd_close(fd);
  }
  expect("open sub/../file.txt",
         raw_open(box, "sub/../file.txt", FOLLOW, 0, NULL), 0);
  expect("open ./sub/./inner.txt",
         raw_open(box, "./sub/./inner.txt", FOLLOW, 0, NULL), 0);
  expect("open sub/rel_ok (-> ../file.txt)",
         raw_open(box, "sub/rel_ok", FOLLOW, 0, NULL), 0);
  expect("open chain_in1/inner.txt (chain inside)",
         raw_open(box, "chain_in1/inner.txt", FOLLOW, 0, NULL), 0);
  expect("create sub/TOKEN",
         raw_open(box, tok("sub/%s-ok"), FOLLOW, CREAT, NULL), 0);
  expect("unlink sub/TOKEN", __wasi_path_unlink_file(box, tok("sub/%s-ok")), 0);
  FILE *f = fopen("sub/inner.txt", "r");
  expect("fopen sub/inner.txt", f ? 0 : errno, 0);
  if (f)
    fclose(f);
  struct stat st;
  expect("lstat link_out (the link itself)", lstat("link_out", &st) ? errno : 0,
         0);

  /* A directory opened with descriptor flags keeps none, as in wasmtime,
   * and has every right but seeking, writing and resizing (wasmtime keeps
   * PATH_FILESTAT_SET_SIZE; wasi_ctx.c says why we do not). */
  e = __wasi_path_open(box, FOLLOW, "sub", DIRECTORY, open_rights, open_rights,
                       __WASI_FDFLAGS_APPEND | __WASI_FDFLAGS_NONBLOCK, &fd);
  expect("open sub with append and nonblock", e, 0);
  if (e == 0) {
    __wasi_fdstat_t fs;
    e = __wasi_fd_fdstat_get(fd, &fs);
    const __wasi_rights_t not_dir = __WASI_RIGHTS_FD_SEEK |
                                    __WASI_RIGHTS_FD_WRITE |
                                    __WASI_RIGHTS_FD_FILESTAT_SET_SIZE |
                                    __WASI_RIGHTS_PATH_FILESTAT_SET_SIZE;
    expect("fdstat of sub: no flags", e ? e : fs.fs_flags == 0 ? 0 : EINVAL, 0);
    expect("fdstat of sub: the rights of a directory",
           e                                               ? e
           : fs.fs_rights_base == (open_rights & ~not_dir) ? 0
                                                           : EINVAL,
           0);
    (void)__wasi_fd_close(fd);
  }
}

static int run_escape(const char *t) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  token = t;
  find_box();
  if (box == (__wasi_fd_t)-1) {
    printf("FAIL no preopened directory \".\"\n");
    return 1;
  }
  escape_raw();
  escape_libc();
  allowed();
  printf("-- %d failed\n", failures);
  return failures ? 1 : 0;
}

#endif /* __wasi__ */

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "ops") == 0)
    return run_ops();
#ifdef __wasi__
  if (argc == 3 && strcmp(argv[1], "escape") == 0)
    return run_escape(argv[2]);
#endif
  fprintf(stderr, "usage: files ops | files escape TOKEN (wasm only)\n");
  return 2;
}
