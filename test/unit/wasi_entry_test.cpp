//===- wasi_entry_test.cpp - wasirt_main: grants, exit status, traps ------===//
//
// Hand-built modules whose "_start" is a C++ function calling the WASI host
// functions as generated code would, run through wasirt_main with the real
// runtime.
//
//===----------------------------------------------------------------------===//

#include "runtime_testing.h"
#include "wasi_testing.h"

#include <catch2/catch.hpp>

using namespace rt_test;
using namespace wasi_test;

namespace {

// What the last "_start" saw.
std::string Seen;

uint8_t *memOf(void *inst) {
  return wasirt_instance_memory(static_cast<wasirt_instance *>(inst), 0)->base;
}

wasirt_instance *asInst(void *inst) {
  return static_cast<wasirt_instance *>(inst);
}

void startHello(void *inst) {
  uint8_t *m = memOf(inst);
  std::memcpy(m + 100, "hi\n", 3);
  wasi_put_u32(m + 200, 100);
  wasi_put_u32(m + 204, 3);
  w2o_wasi_snapshot_preview1Q_fd_write(asInst(inst), 1, 200, 1, 300);
}

void startExit7(void *inst) {
  w2o_wasi_snapshot_preview1Q_proc_exit(asInst(inst), 7);
}

void startExit200(void *inst) {
  w2o_wasi_snapshot_preview1Q_proc_exit(asInst(inst), 200);
}

void startTrap(void *inst) { wasirt_trap(inst, WASIRT_TRAP_UNREACHABLE); }

// Records argv, environ and the preopens' names in Seen.
void startRecord(void *inst) {
  uint8_t *m = memOf(inst);
  Seen.clear();
  w2o_wasi_snapshot_preview1Q_args_sizes_get(asInst(inst), 0, 4);
  uint32_t argc = wasi_get_u32(m);
  w2o_wasi_snapshot_preview1Q_args_get(asInst(inst), 1000, 2000);
  for (uint32_t i = 0; i < argc; ++i)
    Seen += std::string("arg:") +
            reinterpret_cast<char *>(m + wasi_get_u32(m + 1000 + 4 * i)) + ";";
  w2o_wasi_snapshot_preview1Q_environ_sizes_get(asInst(inst), 0, 4);
  uint32_t envc = wasi_get_u32(m);
  w2o_wasi_snapshot_preview1Q_environ_get(asInst(inst), 1000, 2000);
  for (uint32_t i = 0; i < envc; ++i)
    Seen += std::string("env:") +
            reinterpret_cast<char *>(m + wasi_get_u32(m + 1000 + 4 * i)) + ";";
  for (uint32_t fd = 3;; ++fd) {
    if (w2o_wasi_snapshot_preview1Q_fd_prestat_get(asInst(inst), fd, 0) != 0)
      break;
    uint32_t len = wasi_get_u32(m + 4);
    w2o_wasi_snapshot_preview1Q_fd_prestat_dir_name(asInst(inst), fd, 3000,
                                                    len);
    Seen += "dir:" + std::to_string(fd) + "=" +
            std::string(reinterpret_cast<char *>(m + 3000), len) + ";";
  }
}

bool Initialized;
void initialize(void *) { Initialized = true; }

// A module with one memory page and the given exported functions.
struct TestModule {
  TestModule(std::vector<std::pair<const char *, void (*)(void *)>> funcs,
             const std::string &grants = "") {
    B.memory(1, 1, WASIRT_LIMITS_HAS_MAX);
    uint32_t t = B.type({}, {}, trampVoid);
    for (auto &[name, fn] : funcs)
      B.exportAs(name, WASIRT_EXTERN_FUNC, B.func((void *)fn, t));
    M = B.build();
    Grants = grants;
    if (!grants.empty())
      B.M.wasi_grants = Grants.c_str();
  }
  ModuleBuilder B;
  const wasirt_module *M;
  std::string Grants;
};

// Runs wasirt_main with ARGV, capturing stdout and stderr.
struct Run {
  Run(const wasirt_module *m, std::vector<const char *> argv) {
    int out[2], err[2];
    REQUIRE(pipe(out) == 0);
    REQUIRE(pipe(err) == 0);
    int saved1 = dup(1), saved2 = dup(2);
    dup2(out[1], 1);
    dup2(err[1], 2);
    ::close(out[1]);
    ::close(err[1]);
    argv.push_back(nullptr);
    Status =
        wasirt_main(m, (int)argv.size() - 1, const_cast<char **>(argv.data()));
    dup2(saved1, 1);
    dup2(saved2, 2);
    ::close(saved1);
    ::close(saved2);
    Out = drain(out[0]);
    Err = drain(err[0]);
  }
  static std::string drain(int fd) {
    std::string s;
    char buf[1024];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0)
      s.append(buf, (size_t)n);
    ::close(fd);
    return s;
  }
  int Status;
  std::string Out, Err;
};

// Sets an environment variable for the duration of a test.
struct EnvVar {
  EnvVar(const char *name, const std::string &value) : Name(name) {
    setenv(name, value.c_str(), 1);
  }
  ~EnvVar() { unsetenv(Name); }
  const char *Name;
};

} // namespace

TEST_CASE("wasirt_main runs _start", "[wasi][entry]") {
  TestModule t({{"_start", startHello}});
  Run r(t.M, {"prog"});
  CHECK(r.Status == 0);
  CHECK(r.Out == "hi\n");
  CHECK(r.Err == "");
}

TEST_CASE("wasirt_main returns proc_exit's status", "[wasi][entry]") {
  TestModule t({{"_start", startExit7}});
  Run r(t.M, {"prog"});
  CHECK(r.Status == 7);
  // As wasmtime: statuses from 126 on are an error (status 1).
  TestModule t2({{"_start", startExit200}});
  Run r2(t2.M, {"prog"});
  CHECK(r2.Status == 1);
  CHECK(r2.Err.find("exit status outside of [0..126)") != std::string::npos);
}

TEST_CASE("wasirt_main reports a trap", "[wasi][entry]") {
  TestModule t({{"_start", startTrap}});
  Run r(t.M, {"prog"});
  CHECK(r.Status == 134);
  CHECK(r.Err == "wasm trap: unreachable\n");
}

TEST_CASE("wasirt_main without _start", "[wasi][entry]") {
  Initialized = false;
  TestModule t({{"_initialize", initialize}});
  Run r(t.M, {"prog"});
  CHECK(r.Status == 0);
  CHECK(Initialized);
  TestModule none({});
  CHECK(Run(none.M, {"prog"}).Status == 0);
}

TEST_CASE("wasirt_main: no grants, no capabilities", "[wasi][entry]") {
  unsetenv("WASM2OBJ_GRANTS");
  TestModule t({{"_start", startRecord}});
  Run r(t.M, {"./prog", "a b", ""});
  CHECK(r.Status == 0);
  CHECK(Seen == "arg:./prog;arg:a b;arg:;");
}

TEST_CASE("wasirt_main: grants compiled in and at run time", "[wasi][entry]") {
  TempTree tree;
  std::string grants = "dir=" + tree.sandbox() + "::/data" + '\0' + "env=A=1" +
                       '\0' + "env=B=2" + '\0' + "dir=" + tree.path("outside") +
                       '\0' + '\0';
  TestModule t({{"_start", startRecord}}, grants);
  {
    Run r(t.M, {"prog"});
    CHECK(r.Status == 0);
    CHECK(Seen == "arg:prog;env:A=1;env:B=2;dir:3=/data;dir:4=" +
                      tree.path("outside") + ";");
  }
  {
    // Override B, replace /data's host directory, add a directory with a
    // blank in its name, pass the host's C.
    mkdir(tree.path("with blank").c_str(), 0777);
    EnvVar c("WASM2OBJ_TEST_C", "from host");
    EnvVar g("WASM2OBJ_GRANTS", " env=B=3\tdir=" + tree.path("outside") +
                                    "::/data\n dir=" + tree.Root +
                                    "/with\\ blank::/b env=WASM2OBJ_TEST_C "
                                    "env=UNSET_VARIABLE_X ");
    Run r(t.M, {"prog"});
    CHECK(r.Status == 0);
    CHECK(r.Err == "");
    CHECK(Seen == "arg:prog;env:A=1;env:B=3;env:WASM2OBJ_TEST_C=from host;"
                  "dir:3=/data;dir:4=" +
                      tree.path("outside") + ";dir:5=/b;");
  }
  {
    EnvVar g("WASM2OBJ_GRANTS", "clear env=X=1");
    Run r(t.M, {"prog"});
    CHECK(Seen == "arg:prog;env:X=1;");
  }
  {
    EnvVar h("WASM2OBJ_TEST_H", "1");
    EnvVar g("WASM2OBJ_GRANTS", "clear inherit-env env=WASM2OBJ_TEST_H=2");
    Run r(t.M, {"prog"});
    CHECK(Seen.find("env:WASM2OBJ_TEST_H=2;") != std::string::npos);
    CHECK(Seen.find("env:WASM2OBJ_TEST_H=1;") == std::string::npos);
    CHECK(Seen.find("env:WASM2OBJ_GRANTS=") != std::string::npos);
  }
}

TEST_CASE("wasirt_main refuses bad grants", "[wasi][entry]") {
  TestModule t({{"_start", startHello}});
  {
    EnvVar g("WASM2OBJ_GRANTS", "dirr=/tmp");
    Run r(t.M, {"prog"});
    CHECK(r.Status == 1);
    CHECK(r.Out == "");
    CHECK(r.Err == "prog: error: WASM2OBJ_GRANTS: unknown grant 'dirr=/tmp'\n");
  }
  {
    EnvVar g("WASM2OBJ_GRANTS", "dir=/nonexistent/x::/x");
    Run r(t.M, {"prog"});
    CHECK(r.Status == 1);
    CHECK(r.Err.find("cannot open directory '/nonexistent/x'") !=
          std::string::npos);
  }
  std::string bad = std::string("env=") + '\0' + '\0';
  TestModule t2({{"_start", startHello}}, bad);
  Run r(t2.M, {"prog"});
  CHECK(r.Status == 1);
  CHECK(r.Err == "prog: error: module: unknown grant 'env='\n");
}

TEST_CASE("WASM2OBJ_TRACE_WASI traces calls", "[wasi][entry]") {
  TestModule t({{"_start", startHello}});
  EnvVar g("WASM2OBJ_TRACE_WASI", "1");
  Run r(t.M, {"prog"});
  CHECK(r.Status == 0);
  CHECK(r.Out == "hi\n");
  CHECK(r.Err == "[wasi] fd_write(fd=1, iovs=200, iovs_len=1, "
                 "nwritten_out=300) = 0 SUCCESS\n");
}
