//===- wasi_testing.h - helpers for the lib/Wasi unit tests ---------------===//
//
// A fake instance (header + memory 0) as generated code would pass to the
// WASI functions, guest memory helpers, and a scratch directory tree:
//
//   <tmp>/outside/secret       a file the program must never reach
//   <tmp>/sandbox/             preopened as "/" (descriptor 3)
//   <tmp>/sandbox/file         "hello"
//   <tmp>/sandbox/dir/         an empty directory
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_TEST_WASI_TESTING_H
#define WASM2OBJ_TEST_WASI_TESTING_H

#include "../../lib/Wasi/wasi_internal.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <ftw.h>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace wasi_test {

// Preview1 errno values the tests compare with.
enum : uint32_t {
  OK = WASI_ESUCCESS,
  BADF = WASI_EBADF,
  EXIST = WASI_EEXIST,
  FAULT = WASI_EFAULT,
  ILSEQ = WASI_EILSEQ,
  INVAL = WASI_EINVAL,
  ISDIR = WASI_EISDIR,
  LOOP = WASI_ELOOP,
  NAMETOOLONG = WASI_ENAMETOOLONG,
  NOENT = WASI_ENOENT,
  NOSYS = WASI_ENOSYS,
  NOTDIR = WASI_ENOTDIR,
  NOTEMPTY = WASI_ENOTEMPTY,
  NOTSOCK = WASI_ENOTSOCK,
  NOTSUP = WASI_ENOTSUP,
  PERM = WASI_EPERM,
  SPIPE = WASI_ESPIPE,
};

inline void writeFile(const std::string &path, const std::string &text) {
  FILE *f = std::fopen(path.c_str(), "w");
  if (!f)
    throw std::runtime_error("cannot write " + path);
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
}

inline std::string readFile(const std::string &path) {
  FILE *f = std::fopen(path.c_str(), "r");
  if (!f)
    return "<missing>";
  std::string s;
  char buf[256];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
    s.append(buf, n);
  std::fclose(f);
  return s;
}

inline bool exists(const std::string &path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

// A scratch directory tree, removed on destruction.
class TempTree {
public:
  TempTree() {
    char tmpl[] = "/tmp/wasi-test-XXXXXX";
    if (!mkdtemp(tmpl))
      throw std::runtime_error("mkdtemp");
    Root = tmpl;
    mkdir((Root + "/outside").c_str(), 0777);
    mkdir((Root + "/sandbox").c_str(), 0777);
    mkdir((Root + "/sandbox/dir").c_str(), 0777);
    writeFile(Root + "/outside/secret", "secret");
    writeFile(Root + "/sandbox/file", "hello");
  }
  ~TempTree() {
    nftw(
        Root.c_str(),
        [](const char *p, const struct stat *, int, struct FTW *) {
          return remove(p);
        },
        16, FTW_DEPTH | FTW_PHYS);
  }
  std::string path(const std::string &rel) const { return Root + "/" + rel; }
  std::string sandbox(const std::string &rel = "") const {
    return Root + "/sandbox" + (rel.empty() ? "" : "/" + rel);
  }
  std::string Root;
};

// The fake instance: a header whose module has one memory, the memory
// pointer in the first slot of the memories region, and a context.
class Guest {
public:
  explicit Guest(wasirt_wasi *ctx, size_t memSize = 65536) : Mem(memSize) {
    std::memset(&Module, 0, sizeof Module);
    Module.abi_version = WASIRT_ABI_VERSION;
    Module.counts.memories = 1;
    std::memset(&Memory, 0, sizeof Memory);
    Memory.base = Mem.data();
    Memory.size = Mem.size();
    std::memset(&Inst, 0, sizeof Inst);
    Inst.H.module = &Module;
    Inst.H.wasi = ctx;
    Inst.Mem0 = &Memory;
  }
  Guest(const Guest &) = delete;
  Guest &operator=(const Guest &) = delete;

  wasirt_instance *caller() {
    return reinterpret_cast<wasirt_instance *>(&Inst);
  }
  uint32_t size() const { return (uint32_t)Mem.size(); }
  uint8_t *at(uint32_t ptr) { return Mem.data() + ptr; }

  // Bump allocation of guest memory from 1024 on (0..1023 stay zero).
  uint32_t alloc(size_t n) {
    uint32_t p = Next;
    Next += (uint32_t)((n + 15) & ~size_t(15));
    if (Next > Mem.size())
      throw std::runtime_error("guest memory exhausted");
    return p;
  }
  uint32_t put(const std::string &s) {
    uint32_t p = alloc(s.size() + 1);
    std::memcpy(at(p), s.data(), s.size());
    return p;
  }
  uint32_t u32(uint32_t ptr) { return wasi_get_u32(at(ptr)); }
  uint64_t u64(uint32_t ptr) { return wasi_get_u64(at(ptr)); }
  std::string str(uint32_t ptr, size_t n) {
    return std::string(reinterpret_cast<char *>(at(ptr)), n);
  }
  // An iovec array of one buffer.
  uint32_t iovec(uint32_t buf, uint32_t len) {
    uint32_t v = alloc(8);
    wasi_put_u32(at(v), buf);
    wasi_put_u32(at(v + 4), len);
    return v;
  }

  std::vector<uint8_t> Mem;
  wasirt_memory Memory;
  wasirt_module Module;
  struct {
    wasirt_instance_header H;
    wasirt_memory *Mem0;
  } Inst;
  uint32_t Next = 1024;
};

// A context over a TempTree's sandbox (descriptor 3, named "/"), stdio on
// the given host descriptors, and a guest calling into it.
class Fixture {
public:
  explicit Fixture(uint32_t flags = 0, int in = 0, int out = 1, int err = 2) {
    wasirt_wasi_config cfg;
    wasirt_wasi_config_init(&cfg);
    std::string sb = Tree.sandbox();
    wasirt_wasi_dir dir = {sb.c_str(), "/"};
    cfg.dirs = &dir;
    cfg.n_dirs = 1;
    cfg.flags = flags;
    cfg.stdio[0] = in;
    cfg.stdio[1] = out;
    cfg.stdio[2] = err;
    wasirt_error e;
    if (wasirt_wasi_new(&cfg, &Ctx, &e) != WASIRT_OK)
      throw std::runtime_error(e.message);
    G = new Guest(Ctx);
  }
  ~Fixture() {
    delete G;
    wasirt_wasi_free(Ctx);
  }
  Fixture(const Fixture &) = delete;
  Fixture &operator=(const Fixture &) = delete;

  wasirt_instance *caller() { return G->caller(); }

  // path_open relative to DIRFD; the new descriptor in *fd.
  uint32_t open(uint32_t dirfd, const std::string &path, uint32_t oflags = 0,
                uint64_t rights = WASI_RIGHT_FD_READ, uint32_t lookup = 0,
                uint32_t fdflags = 0, uint32_t *fd = nullptr) {
    uint32_t p = G->put(path), out = G->alloc(4);
    uint32_t r = w2o_wasi_snapshot_preview1Q_path_open(
        caller(), dirfd, lookup, p, (uint32_t)path.size(), oflags, rights, 0,
        fdflags, out);
    if (fd)
      *fd = r == OK ? G->u32(out) : ~0u;
    return r;
  }
  uint32_t close(uint32_t fd) {
    return w2o_wasi_snapshot_preview1Q_fd_close(caller(), fd);
  }
  // Reads up to N bytes from FD into *text.
  uint32_t read(uint32_t fd, std::string *text, uint32_t n = 256) {
    uint32_t buf = G->alloc(n), iov = G->iovec(buf, n), nread = G->alloc(4);
    uint32_t r =
        w2o_wasi_snapshot_preview1Q_fd_read(caller(), fd, iov, 1, nread);
    if (r == OK)
      *text = G->str(buf, G->u32(nread));
    return r;
  }
  uint32_t write(uint32_t fd, const std::string &text) {
    uint32_t buf = G->put(text), iov = G->iovec(buf, (uint32_t)text.size());
    uint32_t n = G->alloc(4);
    return w2o_wasi_snapshot_preview1Q_fd_write(caller(), fd, iov, 1, n);
  }
  // Opens PATH (following per LOOKUP) and reads it whole.
  uint32_t slurp(const std::string &path, std::string *text,
                 uint32_t lookup = WASI_LOOKUP_SYMLINK_FOLLOW) {
    uint32_t fd;
    uint32_t r = open(3, path, 0, WASI_RIGHT_FD_READ, lookup, 0, &fd);
    if (r != OK)
      return r;
    r = read(fd, text);
    close(fd);
    return r;
  }
  uint32_t stat(const std::string &path, uint32_t lookup, uint32_t statOut) {
    uint32_t p = G->put(path);
    return w2o_wasi_snapshot_preview1Q_path_filestat_get(
        caller(), 3, lookup, p, (uint32_t)path.size(), statOut);
  }
  // Calls F(dirfd, ptr, len) with PATH in guest memory: for the path_*
  // functions that take (fd, path, path_len).
  template <class F> uint32_t onPath(F f, const std::string &path) {
    uint32_t p = G->put(path);
    return f(caller(), 3, p, (uint32_t)path.size());
  }

  TempTree Tree;
  wasirt_wasi *Ctx = nullptr;
  Guest *G = nullptr;
};

} // namespace wasi_test

#endif // WASM2OBJ_TEST_WASI_TESTING_H
