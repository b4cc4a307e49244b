//===- wasi_fd_test.cpp - descriptors: I/O, position, metadata, readdir ---===//

#include "wasi_testing.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace wasi_test;

namespace {

const uint64_t RW = WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE;

struct Pipe {
  int Fd[2];
  Pipe() { REQUIRE(pipe(Fd) == 0); }
  ~Pipe() {
    ::close(Fd[0]);
    ::close(Fd[1]);
  }
  std::string drain() {
    char buf[256];
    ssize_t n = ::read(Fd[0], buf, sizeof buf);
    return n > 0 ? std::string(buf, (size_t)n) : "";
  }
};

uint32_t seek(Fixture &f, uint32_t fd, int64_t off, uint32_t whence,
              uint64_t *pos) {
  uint32_t out = f.G->alloc(8);
  uint32_t r = w2o_wasi_snapshot_preview1Q_fd_seek(f.caller(), fd,
                                                   (uint64_t)off, whence, out);
  if (r == OK && pos)
    *pos = f.G->u64(out);
  return r;
}

uint32_t tell(Fixture &f, uint32_t fd, uint64_t *pos) {
  uint32_t out = f.G->alloc(8);
  uint32_t r = w2o_wasi_snapshot_preview1Q_fd_tell(f.caller(), fd, out);
  if (r == OK)
    *pos = f.G->u64(out);
  return r;
}

struct Fdstat {
  uint8_t filetype;
  uint16_t flags;
  uint64_t base, inheriting;
};

uint32_t fdstat(Fixture &f, uint32_t fd, Fdstat *s) {
  uint32_t out = f.G->alloc(24);
  uint32_t r = w2o_wasi_snapshot_preview1Q_fd_fdstat_get(f.caller(), fd, out);
  if (r == OK)
    *s = {f.G->at(out)[0], wasi_get_u16(f.G->at(out + 2)), f.G->u64(out + 8),
          f.G->u64(out + 16)};
  return r;
}

// fd_readdir from COOKIE into a buffer of LEN bytes: the entries
// (name, d_next, d_ino, d_type) and the bytes used.
struct Dirent {
  std::string name;
  uint64_t next, ino;
  uint8_t type;
};

uint32_t readdir(Fixture &f, uint32_t fd, uint64_t cookie, uint32_t len,
                 std::vector<Dirent> *out, uint32_t *used) {
  uint32_t buf = f.G->alloc(len), usedp = f.G->alloc(4);
  uint32_t r = w2o_wasi_snapshot_preview1Q_fd_readdir(f.caller(), fd, buf, len,
                                                      cookie, usedp);
  if (r != OK)
    return r;
  *used = f.G->u32(usedp);
  out->clear();
  for (uint32_t p = 0; p + 24 <= *used;) {
    const uint8_t *d = f.G->at(buf + p);
    uint32_t namelen = wasi_get_u32(d + 16);
    if (p + 24 + namelen > *used)
      break;
    out->push_back({f.G->str(buf + p + 24, namelen), wasi_get_u64(d),
                    wasi_get_u64(d + 8), d[20]});
    p += 24 + namelen;
  }
  return OK;
}

} // namespace

TEST_CASE("read, write, seek and tell a file", "[wasi][fd]") {
  Fixture f;
  uint32_t fd;
  REQUIRE(f.open(3, "data", WASI_O_CREAT, RW, 0, 0, &fd) == OK);
  CHECK(fd == 4);
  CHECK(f.write(fd, "0123456789") == OK);
  uint64_t pos = 0;
  CHECK(tell(f, fd, &pos) == OK);
  CHECK(pos == 10);
  CHECK(seek(f, fd, 2, 0, &pos) == OK);
  CHECK(pos == 2);
  std::string text;
  CHECK(f.read(fd, &text, 3) == OK);
  CHECK(text == "234");
  CHECK(seek(f, fd, -2, 1, &pos) == OK);
  CHECK(pos == 3);
  CHECK(seek(f, fd, -1, 2, &pos) == OK);
  CHECK(pos == 9);
  CHECK(seek(f, fd, -100, 1, &pos) == INVAL);
  CHECK(seek(f, fd, 0, 3, &pos) == INVAL);
  CHECK(seek(f, fd, 100, 0, &pos) == OK); // past the end is fine
  CHECK(f.read(fd, &text) == OK);
  CHECK(text.empty());

  // Several iovecs in one call.
  uint32_t a = f.G->put("ab"), b = f.G->put("cd"), iov = f.G->alloc(24);
  wasi_put_u32(f.G->at(iov), a);
  wasi_put_u32(f.G->at(iov + 4), 2);
  wasi_put_u32(f.G->at(iov + 8), b);
  wasi_put_u32(f.G->at(iov + 12), 0);
  wasi_put_u32(f.G->at(iov + 16), b);
  wasi_put_u32(f.G->at(iov + 20), 2);
  uint32_t n = f.G->alloc(4);
  CHECK(seek(f, fd, 0, 0, &pos) == OK);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_write(f.caller(), fd, iov, 3, n) == OK);
  CHECK(f.G->u32(n) == 4);
  CHECK(f.close(fd) == OK);
  CHECK(readFile(f.Tree.sandbox("data")) == "abcd456789");
  CHECK(f.close(fd) == BADF);
}

TEST_CASE("pread, pwrite and append", "[wasi][fd]") {
  Fixture f;
  uint32_t fd;
  REQUIRE(f.open(3, "data", WASI_O_CREAT, RW, 0, 0, &fd) == OK);
  CHECK(f.write(fd, "hello world") == OK);
  uint32_t buf = f.G->alloc(16), iov = f.G->iovec(buf, 5), n = f.G->alloc(4);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_pread(f.caller(), fd, iov, 1, 6, n) ==
        OK);
  CHECK(f.G->str(buf, f.G->u32(n)) == "world");
  uint32_t x = f.G->put("W"), xv = f.G->iovec(x, 1);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_pwrite(f.caller(), fd, xv, 1, 6, n) ==
        OK);
  uint64_t pos;
  CHECK(tell(f, fd, &pos) == OK);
  CHECK(pos == 11); // positional I/O leaves the position alone
  CHECK(w2o_wasi_snapshot_preview1Q_fd_pread(f.caller(), fd, iov, 1, UINT64_MAX,
                                             n) == INVAL);

  // Append mode, set and cleared with fd_fdstat_set_flags.
  CHECK(w2o_wasi_snapshot_preview1Q_fd_fdstat_set_flags(
            f.caller(), fd, WASI_FDFLAG_APPEND) == OK);
  Fdstat s;
  REQUIRE(fdstat(f, fd, &s) == OK);
  CHECK(s.flags == WASI_FDFLAG_APPEND);
  CHECK(seek(f, fd, 0, 0, &pos) == OK);
  CHECK(f.write(fd, "!") == OK);
  CHECK(tell(f, fd, &pos) == OK);
  CHECK(pos == 12);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_fdstat_set_flags(f.caller(), fd, 0) ==
        OK);
  CHECK(seek(f, fd, 0, 0, &pos) == OK);
  CHECK(f.write(fd, "H") == OK);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_fdstat_set_flags(
            f.caller(), fd, WASI_FDFLAG_SYNC) == INVAL);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_fdstat_set_flags(f.caller(), fd, 64) ==
        INVAL);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_fdstat_set_flags(f.caller(), 3, 0) ==
        BADF);
  CHECK(f.close(fd) == OK);
  CHECK(readFile(f.Tree.sandbox("data")) == "Hello World!");

  // Opened with APPEND and SYNC: both reported.
  REQUIRE(f.open(3, "data", 0, RW, 0, WASI_FDFLAG_APPEND | WASI_FDFLAG_SYNC,
                 &fd) == OK);
  REQUIRE(fdstat(f, fd, &s) == OK);
  CHECK(s.flags == (WASI_FDFLAG_APPEND | WASI_FDFLAG_SYNC));
  CHECK(f.write(fd, "?") == OK);
  CHECK(readFile(f.Tree.sandbox("data")) == "Hello World!?");
}

TEST_CASE("sizes, allocation, times, sync", "[wasi][fd]") {
  Fixture f;
  uint32_t fd;
  REQUIRE(f.open(3, "data", WASI_O_CREAT, RW, 0, 0, &fd) == OK);
  uint32_t st = f.G->alloc(64);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_allocate(f.caller(), fd, 0, 100) == OK);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_filestat_get(f.caller(), fd, st) == OK);
  CHECK(f.G->u64(st + 32) == 100);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_allocate(f.caller(), fd, 10, 10) == OK);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_allocate(f.caller(), fd, 90, 20) == OK);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_filestat_get(f.caller(), fd, st) == OK);
  CHECK(f.G->u64(st + 32) == 110);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_filestat_set_size(f.caller(), fd, 7) ==
        OK);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_filestat_get(f.caller(), fd, st) == OK);
  CHECK(f.G->u64(st + 32) == 7);
  CHECK(f.G->at(st)[16] == WASI_FILETYPE_REGULAR_FILE);
  CHECK(f.G->u64(st + 24) == 1); // nlink

  // Times: exact nanoseconds; X with X_NOW is EINVAL.
  const uint64_t t = 1000000000ull * 1234567 + 89;
  CHECK(w2o_wasi_snapshot_preview1Q_fd_filestat_set_times(
            f.caller(), fd, t, t + 1, WASI_FST_ATIM | WASI_FST_MTIM) == OK);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_filestat_get(f.caller(), fd, st) == OK);
  CHECK(f.G->u64(st + 40) == t);
  CHECK(f.G->u64(st + 48) == t + 1);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_filestat_set_times(
            f.caller(), fd, 0, 0, WASI_FST_MTIM | WASI_FST_MTIM_NOW) == INVAL);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_filestat_set_times(f.caller(), fd, 0, 0,
                                                          16) == INVAL);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_filestat_get(f.caller(), fd, st) == OK);
  CHECK(f.G->u64(st + 48) == t + 1);

  CHECK(w2o_wasi_snapshot_preview1Q_fd_sync(f.caller(), fd) == OK);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_datasync(f.caller(), fd) == OK);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_advise(f.caller(), fd, 0, 0, 1) == OK);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_advise(f.caller(), fd, 0, 0, 6) ==
        INVAL);

  // Directories take none of this (as wasmtime: EBADF).
  CHECK(w2o_wasi_snapshot_preview1Q_fd_allocate(f.caller(), 3, 0, 1) == BADF);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_filestat_set_size(f.caller(), 3, 0) ==
        BADF);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_sync(f.caller(), 3) == BADF);
  uint64_t pos;
  CHECK(seek(f, 3, 0, 0, &pos) == BADF);
  CHECK(tell(f, 3, &pos) == BADF);
  std::string text;
  CHECK(f.read(3, &text) == BADF);
  CHECK(f.write(3, "x") == BADF);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_filestat_get(f.caller(), 3, st) == OK);
  CHECK(f.G->at(st)[16] == WASI_FILETYPE_DIRECTORY);
}

TEST_CASE("fdstat rights as wasmtime reports them", "[wasi][fd]") {
  Fixture f;
  Fdstat s;
  REQUIRE(fdstat(f, 3, &s) == OK);
  CHECK(s.filetype == WASI_FILETYPE_DIRECTORY);
  CHECK(s.flags == 0);
  CHECK((s.base & WASI_RIGHT_PATH_OPEN) != 0);
  CHECK((s.base & WASI_RIGHT_FD_READ) == 0);
  CHECK((s.inheriting & RW) == RW);
  CHECK((s.inheriting & WASI_RIGHT_POLL_FD_READWRITE) != 0);

  uint32_t fd;
  REQUIRE(f.open(3, "file", 0, WASI_RIGHT_FD_READ, 0, 0, &fd) == OK);
  REQUIRE(fdstat(f, fd, &s) == OK);
  CHECK(s.filetype == WASI_FILETYPE_REGULAR_FILE);
  CHECK((s.base & WASI_RIGHT_FD_READ) != 0);
  CHECK((s.base & WASI_RIGHT_FD_WRITE) == 0);
  CHECK(s.base == s.inheriting);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_fdstat_set_rights(f.caller(), fd, 0,
                                                         0) == NOTSUP);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_fdstat_set_rights(
            f.caller(), fd, 1ull << 40, 0) == INVAL);
  std::string text;
  CHECK(f.write(fd, "x") == BADF); // the host descriptor is read-only

  REQUIRE(f.open(3, "dir", WASI_O_DIRECTORY, 0, 0, 0, &fd) == OK);
  REQUIRE(fdstat(f, fd, &s) == OK);
  CHECK(s.filetype == WASI_FILETYPE_DIRECTORY);
  CHECK((s.base & (WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_WRITE)) == 0);
  CHECK((s.base & WASI_RIGHT_FD_READDIR) != 0);
  // A directory opened for writing: EISDIR.
  CHECK(f.open(3, ".", WASI_O_DIRECTORY, RW, 0, 0, &fd) == ISDIR);
  CHECK(f.open(3, "dir", WASI_O_DIRECTORY | WASI_O_CREAT, 0, 0, 0, &fd) ==
        INVAL);
  CHECK(f.open(3, "file", WASI_O_DIRECTORY, 0, 0, 0, &fd) == NOTDIR);
}

TEST_CASE("stdio descriptors are streams", "[wasi][fd]") {
  Pipe out, in;
  Fixture f(0, in.Fd[0], out.Fd[1], out.Fd[1]);
  CHECK(f.write(1, "to stdout") == OK);
  CHECK(out.drain() == "to stdout");
  REQUIRE(::write(in.Fd[1], "typed", 5) == 5);
  std::string text;
  CHECK(f.read(0, &text) == OK);
  CHECK(text == "typed");
  uint64_t pos;
  CHECK(seek(f, 1, 0, 0, &pos) == SPIPE);
  CHECK(tell(f, 0, &pos) == SPIPE);
  uint32_t st = f.G->alloc(64), iov = f.G->iovec(f.G->alloc(4), 4);
  uint32_t n = f.G->alloc(4);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_pwrite(f.caller(), 1, iov, 1, 0, n) ==
        SPIPE);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_pread(f.caller(), 0, iov, 1, 0, n) ==
        SPIPE);
  CHECK(f.read(1, &text) == BADF);
  CHECK(f.write(0, "x") == BADF);
  Fdstat s;
  REQUIRE(fdstat(f, 0, &s) == OK);
  CHECK(s.filetype == WASI_FILETYPE_UNKNOWN); // a pipe, not a terminal
  CHECK(s.base == WASI_RIGHT_FD_READ);
  REQUIRE(fdstat(f, 2, &s) == OK);
  CHECK(s.base == WASI_RIGHT_FD_WRITE);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_filestat_get(f.caller(), 1, st) == OK);
  CHECK(f.G->u64(st) == 0);
  CHECK(f.G->u64(st + 8) == 0);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_filestat_set_times(f.caller(), 1, 0, 0,
                                                          0) == BADF);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_sync(f.caller(), 1) == BADF);
  CHECK(w2o_wasi_snapshot_preview1Q_sock_shutdown(f.caller(), 1, 1) == NOTSOCK);
  CHECK(w2o_wasi_snapshot_preview1Q_sock_shutdown(f.caller(), 99, 1) == BADF);
  // Closing stdio leaves the host's descriptor open.
  CHECK(f.close(1) == OK);
  CHECK(f.write(1, "x") == BADF);
  CHECK(::write(out.Fd[1], "still", 5) == 5);
}

TEST_CASE("renumber and descriptor allocation", "[wasi][fd]") {
  Fixture f;
  uint32_t a, b, c;
  REQUIRE(f.open(3, "file", 0, WASI_RIGHT_FD_READ, 0, 0, &a) == OK);
  REQUIRE(f.open(3, "a", WASI_O_CREAT, RW, 0, 0, &b) == OK);
  REQUIRE(f.open(3, "b", WASI_O_CREAT, RW, 0, 0, &c) == OK);
  CHECK(a == 4);
  CHECK(b == 5);
  CHECK(c == 6);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_renumber(f.caller(), a, c) == OK);
  std::string text;
  CHECK(f.read(c, &text) == OK);
  CHECK(text == "hello");
  CHECK(f.read(a, &text) == BADF);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_renumber(f.caller(), c, 99) == BADF);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_renumber(f.caller(), 99, c) == BADF);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_renumber(f.caller(), c, c) == OK);
  // As wasmtime: the highest released descriptor is reused first.
  CHECK(f.close(b) == OK);
  uint32_t d, e, g;
  REQUIRE(f.open(3, "file", 0, WASI_RIGHT_FD_READ, 0, 0, &d) == OK);
  REQUIRE(f.open(3, "file", 0, WASI_RIGHT_FD_READ, 0, 0, &e) == OK);
  REQUIRE(f.open(3, "file", 0, WASI_RIGHT_FD_READ, 0, 0, &g) == OK);
  CHECK(d == 5);
  CHECK(e == 4);
  CHECK(g == 7);
  // Renumbering over a preopen and closing preopens is allowed.
  CHECK(w2o_wasi_snapshot_preview1Q_fd_renumber(f.caller(), g, 3) == OK);
  uint32_t pre = f.G->alloc(8);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_prestat_get(f.caller(), 3, pre) == BADF);
  CHECK(f.read(3, &text) == OK);
  CHECK(text == "hello");
}

TEST_CASE("prestat", "[wasi][fd]") {
  Fixture f;
  uint32_t pre = f.G->alloc(8), name = f.G->alloc(8);
  REQUIRE(w2o_wasi_snapshot_preview1Q_fd_prestat_get(f.caller(), 3, pre) == OK);
  CHECK(f.G->at(pre)[0] == 0);
  CHECK(f.G->u32(pre + 4) == 1);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_prestat_dir_name(f.caller(), 3, name,
                                                        8) == OK);
  CHECK(f.G->str(name, 1) == "/");
  CHECK(w2o_wasi_snapshot_preview1Q_fd_prestat_dir_name(f.caller(), 3, name,
                                                        0) == NAMETOOLONG);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_prestat_get(f.caller(), 4, pre) == BADF);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_prestat_get(f.caller(), 1, pre) == BADF);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_prestat_dir_name(f.caller(), 1, name,
                                                        8) == NOTDIR);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_prestat_dir_name(f.caller(), 9, name,
                                                        8) == BADF);
}

TEST_CASE("fd_readdir", "[wasi][fd][readdir]") {
  Fixture f;
  uint32_t dir;
  REQUIRE(f.open(3, "dir", WASI_O_DIRECTORY, 0, 0, 0, &dir) == OK);
  std::vector<Dirent> ents;
  uint32_t used;
  REQUIRE(readdir(f, dir, 0, 256, &ents, &used) == OK);
  REQUIRE(ents.size() == 2);
  CHECK(ents[0].name == ".");
  CHECK(ents[1].name == "..");
  CHECK(ents[0].type == WASI_FILETYPE_DIRECTORY);
  CHECK(ents[0].next == 1);
  CHECK(ents[1].next == 2);
  CHECK(used == 24 * 2 + 3);
  uint32_t st = f.G->alloc(64);
  REQUIRE(w2o_wasi_snapshot_preview1Q_fd_filestat_get(f.caller(), dir, st) ==
          OK);
  CHECK(ents[0].ino == f.G->u64(st + 8));
  CHECK(ents[1].ino == f.G->u64(st + 8));

  // Entries of several types; cookies resume where a listing stopped.
  writeFile(f.Tree.sandbox("dir/a_file"), "x");
  mkdir(f.Tree.sandbox("dir/b_dir").c_str(), 0777);
  REQUIRE(symlink("a_file", f.Tree.sandbox("dir/c_link").c_str()) == 0);
  REQUIRE(readdir(f, dir, 0, 4096, &ents, &used) == OK);
  REQUIRE(ents.size() == 5);
  std::set<std::string> names;
  for (size_t i = 0; i < ents.size(); ++i) {
    CHECK(ents[i].next == i + 1);
    names.insert(ents[i].name);
    if (ents[i].name == "a_file")
      CHECK(ents[i].type == WASI_FILETYPE_REGULAR_FILE);
    if (ents[i].name == "b_dir")
      CHECK(ents[i].type == WASI_FILETYPE_DIRECTORY);
    if (ents[i].name == "c_link")
      CHECK(ents[i].type == WASI_FILETYPE_SYMBOLIC_LINK);
  }
  CHECK(names == std::set<std::string>{".", "..", "a_file", "b_dir", "c_link"});
  std::vector<Dirent> rest;
  REQUIRE(readdir(f, dir, 3, 4096, &rest, &used) == OK);
  REQUIRE(rest.size() == 2);
  CHECK(rest[0].name == ents[3].name);
  CHECK(rest[1].name == ents[4].name);
  REQUIRE(readdir(f, dir, 5, 4096, &rest, &used) == OK);
  CHECK(used == 0);
  REQUIRE(readdir(f, dir, 1000, 4096, &rest, &used) == OK);
  CHECK(used == 0);

  // A buffer that ends inside an entry is reported full; the cut entry is
  // read again, whole, from its cookie.
  REQUIRE(readdir(f, dir, 0, 24 + 1 + 24 + 2 + 10, &rest, &used) == OK);
  CHECK(used == 24 + 1 + 24 + 2 + 10);
  CHECK(rest.size() == 2);
  REQUIRE(readdir(f, dir, 2, 24 + 3, &rest, &used) == OK);
  CHECK(used == 27); // name cut to 3 bytes
  REQUIRE(readdir(f, dir, 2, 4096, &rest, &used) == OK);
  CHECK(rest.size() == 3);

  // The listing is kept until the program reads from cookie 0 again.
  writeFile(f.Tree.sandbox("dir/d_new"), "x");
  REQUIRE(readdir(f, dir, 2, 4096, &rest, &used) == OK);
  CHECK(rest.size() == 3);
  REQUIRE(readdir(f, dir, 0, 4096, &rest, &used) == OK);
  CHECK(rest.size() == 6);

  CHECK(readdir(f, 4 + 100, 0, 64, &rest, &used) == BADF);
  uint32_t file;
  REQUIRE(f.open(3, "file", 0, WASI_RIGHT_FD_READ, 0, 0, &file) == OK);
  CHECK(readdir(f, file, 0, 64, &rest, &used) == BADF);
}

TEST_CASE("fd_readdir lists many entries in pieces", "[wasi][fd][readdir]") {
  Fixture f;
  for (int i = 0; i < 500; ++i)
    writeFile(f.Tree.sandbox("dir/file." + std::to_string(i)), "");
  uint32_t dir;
  REQUIRE(f.open(3, "dir", WASI_O_DIRECTORY, 0, 0, 0, &dir) == OK);
  std::set<std::string> seen;
  uint64_t cookie = 0;
  for (;;) {
    std::vector<Dirent> ents;
    uint32_t used;
    REQUIRE(readdir(f, dir, cookie, 256, &ents, &used) == OK);
    for (auto &e : ents)
      CHECK(seen.insert(e.name).second);
    if (used < 256)
      break;
    REQUIRE(!ents.empty());
    cookie = ents.back().next;
  }
  CHECK(seen.size() == 502);
}
