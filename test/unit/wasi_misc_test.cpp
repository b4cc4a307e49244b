//===- wasi_misc_test.cpp - args, clocks, poll, bad pointers, tracing -----===//

#include "wasi_testing.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <poll.h>

using namespace wasi_test;

namespace {

// A context with the given arguments and environment, no directories.
struct ArgsFixture {
  ArgsFixture(std::vector<const char *> argv, std::vector<const char *> env) {
    wasirt_wasi_config cfg;
    wasirt_wasi_config_init(&cfg);
    cfg.argc = (int)argv.size();
    cfg.argv = const_cast<char *const *>(argv.data());
    cfg.env = env.data();
    cfg.n_env = (uint32_t)env.size();
    wasirt_error e;
    REQUIRE(wasirt_wasi_new(&cfg, &Ctx, &e) == WASIRT_OK);
    G = new Guest(Ctx);
  }
  ~ArgsFixture() {
    delete G;
    wasirt_wasi_free(Ctx);
  }
  wasirt_wasi *Ctx = nullptr;
  Guest *G = nullptr;
};

// Stderr redirected to a pipe while alive.
struct CaptureStderr {
  CaptureStderr() {
    REQUIRE(pipe(Fd) == 0);
    Saved = dup(2);
    dup2(Fd[1], 2);
  }
  std::string finish() {
    dup2(Saved, 2);
    ::close(Saved);
    ::close(Fd[1]);
    std::string s;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(Fd[0], buf, sizeof buf)) > 0)
      s.append(buf, (size_t)n);
    ::close(Fd[0]);
    return s;
  }
  int Fd[2], Saved;
};

void putSubClock(Guest &g, uint32_t p, uint64_t userdata, uint32_t id,
                 uint64_t timeout, uint16_t flags) {
  std::memset(g.at(p), 0, 48);
  wasi_put_u64(g.at(p), userdata);
  g.at(p)[8] = 0;
  wasi_put_u32(g.at(p + 16), id);
  wasi_put_u64(g.at(p + 24), timeout);
  wasi_put_u16(g.at(p + 40), flags);
}

void putSubFd(Guest &g, uint32_t p, uint64_t userdata, uint8_t type,
              uint32_t fd) {
  std::memset(g.at(p), 0, 48);
  wasi_put_u64(g.at(p), userdata);
  g.at(p)[8] = type;
  wasi_put_u32(g.at(p + 16), fd);
}

} // namespace

TEST_CASE("args and environ", "[wasi][args]") {
  ArgsFixture f({"prog", "a b", ""}, {"A=1", "B="});
  Guest &g = *f.G;
  uint32_t n = g.alloc(4), size = g.alloc(4);
  REQUIRE(w2o_wasi_snapshot_preview1Q_args_sizes_get(g.caller(), n, size) ==
          OK);
  CHECK(g.u32(n) == 3);
  CHECK(g.u32(size) == 5 + 4 + 1);
  uint32_t argv = g.alloc(12), buf = g.alloc(10);
  REQUIRE(w2o_wasi_snapshot_preview1Q_args_get(g.caller(), argv, buf) == OK);
  CHECK(g.u32(argv) == buf);
  CHECK(std::string((char *)g.at(g.u32(argv))) == "prog");
  CHECK(std::string((char *)g.at(g.u32(argv + 4))) == "a b");
  CHECK(std::string((char *)g.at(g.u32(argv + 8))) == "");

  REQUIRE(w2o_wasi_snapshot_preview1Q_environ_sizes_get(g.caller(), n, size) ==
          OK);
  CHECK(g.u32(n) == 2);
  CHECK(g.u32(size) == 4 + 3);
  uint32_t env = g.alloc(8), ebuf = g.alloc(7);
  REQUIRE(w2o_wasi_snapshot_preview1Q_environ_get(g.caller(), env, ebuf) == OK);
  CHECK(std::string((char *)g.at(g.u32(env))) == "A=1");
  CHECK(std::string((char *)g.at(g.u32(env + 4))) == "B=");

  // Out of memory range: EFAULT, nothing written.
  CHECK(w2o_wasi_snapshot_preview1Q_args_get(g.caller(), g.size() - 8, buf) ==
        FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_args_get(g.caller(), argv, g.size() - 9) ==
        FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_args_sizes_get(g.caller(), 0xfffffffe,
                                                   size) == FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_environ_get(g.caller(), env, 0xffffffff) ==
        FAULT);
}

TEST_CASE("an instance without a WASI context", "[wasi]") {
  Guest g(nullptr);
  uint32_t n = g.alloc(8);
  CHECK(w2o_wasi_snapshot_preview1Q_args_sizes_get(g.caller(), n, n + 4) ==
        NOSYS);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_write(g.caller(), 1, n, 0, n) == NOSYS);
  CHECK(w2o_wasi_snapshot_preview1Q_clock_time_get(g.caller(), 1, 0, n) == OK);
  CHECK(w2o_wasi_snapshot_preview1Q_random_get(g.caller(), n, 8) == OK);
  CHECK(w2o_wasi_snapshot_preview1Q_sched_yield(g.caller()) == OK);
}

TEST_CASE("clocks", "[wasi][clock]") {
  Guest g(nullptr);
  uint32_t t = g.alloc(8);
  for (uint32_t id = 0; id < 4; ++id) {
    INFO("clock " << id);
    REQUIRE(w2o_wasi_snapshot_preview1Q_clock_res_get(g.caller(), id, t) == OK);
    CHECK(g.u64(t) > 0);
    REQUIRE(w2o_wasi_snapshot_preview1Q_clock_time_get(g.caller(), id, 1, t) ==
            OK);
  }
  REQUIRE(w2o_wasi_snapshot_preview1Q_clock_time_get(g.caller(), 1, 0, t) ==
          OK);
  uint64_t a = g.u64(t);
  REQUIRE(w2o_wasi_snapshot_preview1Q_clock_time_get(g.caller(), 1, 0, t) ==
          OK);
  CHECK(g.u64(t) >= a);
  REQUIRE(w2o_wasi_snapshot_preview1Q_clock_time_get(g.caller(), 0, 0, t) ==
          OK);
  CHECK(g.u64(t) > 1600000000ull * 1000000000ull);
  CHECK(w2o_wasi_snapshot_preview1Q_clock_time_get(g.caller(), 4, 0, t) ==
        INVAL);
  CHECK(w2o_wasi_snapshot_preview1Q_clock_res_get(g.caller(), 9, t) == INVAL);
  CHECK(w2o_wasi_snapshot_preview1Q_clock_time_get(g.caller(), 1, 0,
                                                   g.size() - 4) == FAULT);
}

TEST_CASE("random_get, proc_raise, sched_yield", "[wasi]") {
  Guest g(nullptr);
  uint32_t buf = g.alloc(4096);
  REQUIRE(w2o_wasi_snapshot_preview1Q_random_get(g.caller(), buf, 4096) == OK);
  int nonzero = 0;
  for (int i = 0; i < 4096; ++i)
    nonzero += g.at(buf)[i] != 0;
  CHECK(nonzero > 3000);
  CHECK(w2o_wasi_snapshot_preview1Q_random_get(g.caller(), buf, 0) == OK);
  CHECK(w2o_wasi_snapshot_preview1Q_random_get(g.caller(), g.size() - 1, 2) ==
        FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_proc_raise(g.caller(), 6) == NOTSUP);
  CHECK(w2o_wasi_snapshot_preview1Q_proc_raise(g.caller(), 31) == INVAL);
  CHECK(w2o_wasi_snapshot_preview1Q_sched_yield(g.caller()) == OK);
}

TEST_CASE("bad guest pointers are EFAULT, with no effect", "[wasi][efault]") {
  Fixture f;
  Guest &g = *f.G;
  const uint32_t end = g.size();
  uint32_t name = g.put("created");
  // path_open: bad path, bad result pointer (nothing created).
  CHECK(w2o_wasi_snapshot_preview1Q_path_open(f.caller(), 3, 0, end - 2, 7,
                                              WASI_O_CREAT, 0, 0, 0,
                                              g.alloc(4)) == FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_path_open(f.caller(), 3, 0, 0xffffffff, 2,
                                              0, 0, 0, 0, g.alloc(4)) == FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_path_open(f.caller(), 3, 0, name, 7,
                                              WASI_O_CREAT, 0, 0, 0,
                                              end - 3) == FAULT);
  CHECK_FALSE(exists(f.Tree.sandbox("created")));
  // iovec arrays and buffers.
  uint32_t fd;
  REQUIRE(f.open(3, "file", 0, WASI_RIGHT_FD_READ, 0, 0, &fd) == OK);
  uint32_t n = g.alloc(4);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_read(f.caller(), fd, end - 4, 1, n) ==
        FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_read(f.caller(), fd, 0x80000000u,
                                            0x20000000u, n) == FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_read(f.caller(), fd, g.iovec(end - 2, 4),
                                            1, n) == FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_read(
            f.caller(), fd, g.iovec(0xfffffff0u, 0x20), 1, n) == FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_read(f.caller(), fd, g.iovec(100, 4), 1,
                                            end) == FAULT);
  // Nothing was read: the position is still 0.
  std::string text;
  CHECK(f.read(fd, &text) == OK);
  CHECK(text == "hello");
  // An empty buffer anywhere is fine (as wasmtime, which skips it).
  CHECK(w2o_wasi_snapshot_preview1Q_fd_read(
            f.caller(), fd, g.iovec(0xffffffffu, 0), 1, n) == OK);
  CHECK(g.u32(n) == 0);
  // Out-parameters of the others.
  CHECK(w2o_wasi_snapshot_preview1Q_fd_fdstat_get(f.caller(), fd, end - 23) ==
        FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_filestat_get(f.caller(), fd, end - 63) ==
        FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_seek(f.caller(), fd, 0, 0, end - 7) ==
        FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_tell(f.caller(), fd, end) == FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_prestat_get(f.caller(), 3, end - 1) ==
        FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_prestat_dir_name(f.caller(), 3, end,
                                                        1) == FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_readdir(f.caller(), 3, end - 10, 64, 0,
                                               n) == FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_path_filestat_get(
            f.caller(), 3, 0, g.put("file"), 4, end - 1) == FAULT);
  uint32_t link = g.put("link");
  REQUIRE(symlink("file", f.Tree.sandbox("link").c_str()) == 0);
  CHECK(w2o_wasi_snapshot_preview1Q_path_readlink(f.caller(), 3, link, 4,
                                                  end - 2, 64, n) == FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_path_readlink(f.caller(), 3, link, 4,
                                                  g.alloc(8), 8, end) == FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_path_symlink(f.caller(), end - 1, 5, 3,
                                                 g.put("x"), 1) == FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_poll_oneoff(f.caller(), end - 47,
                                                g.alloc(32), 1, n) == FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_poll_oneoff(f.caller(), g.alloc(48),
                                                end - 31, 1, n) == FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_sock_recv(f.caller(), fd, g.alloc(8), 1, 0,
                                              end, n) == NOTSOCK);
  // The whole memory is fine up to its last byte.
  CHECK(w2o_wasi_snapshot_preview1Q_random_get(f.caller(), end - 16, 16) == OK);
  CHECK(w2o_wasi_snapshot_preview1Q_random_get(f.caller(), end, 0) == OK);
  CHECK(w2o_wasi_snapshot_preview1Q_random_get(f.caller(), end + 1, 0) ==
        FAULT);
}

TEST_CASE("poll_oneoff", "[wasi][poll]") {
  int p[2];
  REQUIRE(pipe(p) == 0);
  Fixture f(0, p[0], 1, 2);
  Guest &g = *f.G;
  uint32_t subs = g.alloc(48 * 3), events = g.alloc(32 * 3), n = g.alloc(4);

  // A relative timeout.
  putSubClock(g, subs, 7, WASI_CLOCK_MONOTONIC, 20 * 1000000, 0);
  auto t0 = std::chrono::steady_clock::now();
  REQUIRE(w2o_wasi_snapshot_preview1Q_poll_oneoff(f.caller(), subs, events, 1,
                                                  n) == OK);
  CHECK(std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(20));
  REQUIRE(g.u32(n) == 1);
  CHECK(g.u64(events) == 7);
  CHECK(g.at(events)[10] == 0);

  // An absolute deadline in the past, and stdin (a pipe) with no data.
  uint32_t now = g.alloc(8);
  REQUIRE(w2o_wasi_snapshot_preview1Q_clock_time_get(f.caller(), 0, 0, now) ==
          OK);
  putSubFd(g, subs, 1, 1, 0);
  putSubClock(g, subs + 48, 2, WASI_CLOCK_REALTIME, g.u64(now) - 1000, 1);
  REQUIRE(w2o_wasi_snapshot_preview1Q_poll_oneoff(f.caller(), subs, events, 2,
                                                  n) == OK);
  REQUIRE(g.u32(n) == 1);
  CHECK(g.u64(events) == 2);

  // Data on stdin, a regular file (always ready), stdout writable.
  REQUIRE(write(p[1], "abc", 3) == 3);
  uint32_t fd;
  REQUIRE(f.open(3, "file", 0, WASI_RIGHT_FD_READ, 0, 0, &fd) == OK);
  putSubFd(g, subs, 1, 1, 0);
  putSubFd(g, subs + 48, 2, 1, fd);
  putSubClock(g, subs + 96, 3, WASI_CLOCK_MONOTONIC, 5ull * 1000000000, 0);
  REQUIRE(w2o_wasi_snapshot_preview1Q_poll_oneoff(f.caller(), subs, events, 3,
                                                  n) == OK);
  REQUIRE(g.u32(n) == 2);
  CHECK(g.u64(events) == 1);
  CHECK(g.at(events)[10] == 1);
  CHECK(g.u64(events + 16) == 3); // bytes available
  CHECK(g.u64(events + 32) == 2);
  CHECK(g.u64(events + 32 + 16) == 5); // the file's remaining bytes

  // Errors: no subscriptions, bad descriptors, bad clocks, bad tags.
  CHECK(w2o_wasi_snapshot_preview1Q_poll_oneoff(f.caller(), subs, events, 0,
                                                n) == INVAL);
  putSubFd(g, subs, 1, 1, 42);
  CHECK(w2o_wasi_snapshot_preview1Q_poll_oneoff(f.caller(), subs, events, 1,
                                                n) == BADF);
  putSubFd(g, subs, 1, 2, 0); // stdin for writing
  CHECK(w2o_wasi_snapshot_preview1Q_poll_oneoff(f.caller(), subs, events, 1,
                                                n) == BADF);
  putSubFd(g, subs, 1, 1, 3); // a directory
  CHECK(w2o_wasi_snapshot_preview1Q_poll_oneoff(f.caller(), subs, events, 1,
                                                n) == BADF);
  putSubClock(g, subs, 1, WASI_CLOCK_PROCESS_CPUTIME, 1, 0);
  CHECK(w2o_wasi_snapshot_preview1Q_poll_oneoff(f.caller(), subs, events, 1,
                                                n) == INVAL);
  putSubFd(g, subs, 1, 9, 0);
  CHECK(w2o_wasi_snapshot_preview1Q_poll_oneoff(f.caller(), subs, events, 1,
                                                n) == INVAL);
  close(p[1]);
  close(p[0]);
}

TEST_CASE("the import type check knows all 46 functions", "[wasi]") {
  const uint8_t I32 = WASIRT_I32, I64 = WASIRT_I64;
  CHECK(WASI_FN_COUNT == 46);
  uint8_t rw[] = {I32, I32, I32, I32}, r[] = {I32};
  CHECK(wasirt_wasi_check_import("fd_write", rw, 4, r, 1) == 1);
  CHECK(wasirt_wasi_check_import("fd_write", rw, 3, r, 1) == 0);
  CHECK(wasirt_wasi_check_import("fd_write", rw, 4, r, 0) == 0);
  uint8_t bad[] = {I32, I64, I32, I32};
  CHECK(wasirt_wasi_check_import("fd_write", bad, 4, r, 1) == 0);
  uint8_t seek[] = {I32, I64, I32, I32};
  CHECK(wasirt_wasi_check_import("fd_seek", seek, 4, r, 1) == 1);
  uint8_t exitp[] = {I32};
  CHECK(wasirt_wasi_check_import("proc_exit", exitp, 1, nullptr, 0) == 1);
  CHECK(wasirt_wasi_check_import("proc_exit", exitp, 1, r, 1) == 0);
  CHECK(wasirt_wasi_check_import("sched_yield", nullptr, 0, r, 1) == 1);
  uint8_t open[] = {I32, I32, I32, I32, I32, I64, I64, I32, I32};
  CHECK(wasirt_wasi_check_import("path_open", open, 9, r, 1) == 1);
  uint8_t f64r[] = {WASIRT_F64};
  CHECK(wasirt_wasi_check_import("sched_yield", nullptr, 0, f64r, 1) == 0);
  CHECK(wasirt_wasi_check_import("fd_nonexistent", rw, 4, r, 1) == 0);
  CHECK(wasirt_wasi_check_import("", nullptr, 0, r, 1) == 0);
  // Every function of the table passes with its own signature.
  for (uint32_t i = 0; i < WASI_FN_COUNT; ++i) {
    const wasi_signature &s = wasi_signatures[i];
    INFO(s.name);
    CHECK(wasirt_wasi_check_import(s.name, s.params, s.n_params, r,
                                   s.n_results) == 1);
  }
}

TEST_CASE("tracing writes one line per call", "[wasi][trace]") {
  Fixture f(WASIRT_WASI_TRACE);
  CaptureStderr cap;
  uint32_t fd;
  uint32_t r1 = f.open(3, "file", 0, WASI_RIGHT_FD_READ, 0, 0, &fd);
  uint32_t r2 = f.open(3, "nope\n", 0, WASI_RIGHT_FD_READ, 0, 0, &fd);
  uint32_t r3 =
      w2o_wasi_snapshot_preview1Q_fd_seek(f.caller(), 1, (uint64_t)-5, 0, 100);
  std::string out = cap.finish();
  CHECK(r1 == OK);
  CHECK(r2 == NOENT);
  CHECK(r3 == SPIPE);
  CHECK(out.find("[wasi] path_open(fd=3, dirflags=0, path=\"file\", "
                 "path_len=4, oflags=0, rights_base=2, rights_inheriting=0, "
                 "fdflags=0, fd_out=") != std::string::npos);
  CHECK(out.find(") = 0 SUCCESS\n") != std::string::npos);
  CHECK(out.find("path=\"nope\\x0a\"") != std::string::npos);
  CHECK(out.find(") = 44 NOENT\n") != std::string::npos);
  CHECK(out.find("[wasi] fd_seek(fd=1, offset=-5, whence=0, "
                 "newoffset_out=100) = 70 SPIPE\n") != std::string::npos);
}

TEST_CASE("a context with a missing directory is not created", "[wasi]") {
  wasirt_wasi_config cfg;
  wasirt_wasi_config_init(&cfg);
  wasirt_wasi_dir dir = {"/nonexistent/dir", "/"};
  cfg.dirs = &dir;
  cfg.n_dirs = 1;
  wasirt_wasi *ctx = reinterpret_cast<wasirt_wasi *>(1);
  wasirt_error err;
  CHECK(wasirt_wasi_new(&cfg, &ctx, &err) == WASIRT_ERR_NOT_FOUND);
  CHECK(ctx == nullptr);
  CHECK(std::string(err.message).find("/nonexistent/dir") != std::string::npos);
  wasirt_wasi_free(nullptr);
}

TEST_CASE("stdio on a host descriptor that is not open is closed", "[wasi]") {
  wasirt_wasi_config cfg;
  wasirt_wasi_config_init(&cfg);
  cfg.stdio[1] = 1000; // not open
  cfg.stdio[2] = -1;
  wasirt_wasi *ctx;
  wasirt_error err;
  REQUIRE(wasirt_wasi_new(&cfg, &ctx, &err) == WASIRT_OK);
  {
    Guest g(ctx);
    uint32_t st = g.alloc(24);
    CHECK(w2o_wasi_snapshot_preview1Q_fd_fdstat_get(g.caller(), 0, st) == OK);
    CHECK(w2o_wasi_snapshot_preview1Q_fd_fdstat_get(g.caller(), 1, st) == BADF);
    CHECK(w2o_wasi_snapshot_preview1Q_fd_fdstat_get(g.caller(), 2, st) == BADF);
  }
  wasirt_wasi_free(ctx);
}

TEST_CASE("a module without memory", "[wasi][efault]") {
  wasirt_wasi_config cfg;
  wasirt_wasi_config_init(&cfg);
  wasirt_wasi *ctx;
  wasirt_error err;
  REQUIRE(wasirt_wasi_new(&cfg, &ctx, &err) == WASIRT_OK);
  wasirt_module mod;
  std::memset(&mod, 0, sizeof mod);
  wasirt_instance_header h;
  std::memset(&h, 0, sizeof h);
  h.module = &mod;
  h.wasi = ctx;
  auto *inst = reinterpret_cast<wasirt_instance *>(&h);
  CHECK(w2o_wasi_snapshot_preview1Q_args_sizes_get(inst, 0, 4) == FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_args_get(inst, 0, 0) == OK);
  CHECK(w2o_wasi_snapshot_preview1Q_random_get(inst, 0, 0) == OK);
  CHECK(w2o_wasi_snapshot_preview1Q_random_get(inst, 0, 1) == FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_fd_write(inst, 1, 0, 0, 0) == FAULT);
  CHECK(w2o_wasi_snapshot_preview1Q_sched_yield(inst) == OK);
  wasirt_wasi_free(ctx);
}
