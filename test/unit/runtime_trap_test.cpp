//===- runtime_trap_test.cpp - guards, traps, exit, faults, stack ---------===//

#include "runtime_testing.h"

#include <catch2/catch.hpp>

#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <pthread.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

using namespace rt_test;

TEST_CASE("trap messages are the spec's assert_trap texts", "[runtime][trap]") {
  CHECK(std::string(wasirt_trap_message(WASIRT_TRAP_UNREACHABLE)) ==
        "unreachable");
  CHECK(std::string(wasirt_trap_message(WASIRT_TRAP_MEMORY_OOB)) ==
        "out of bounds memory access");
  CHECK(std::string(wasirt_trap_message(WASIRT_TRAP_TABLE_OOB)) ==
        "out of bounds table access");
  CHECK(std::string(wasirt_trap_message(WASIRT_TRAP_STACK_EXHAUSTED)) ==
        "call stack exhausted");
  CHECK(std::string(wasirt_trap_message(WASIRT_TRAP_INT_DIV_BY_ZERO)) ==
        "integer divide by zero");
  CHECK(std::string(wasirt_trap_message(WASIRT_TRAP_COUNT)) == "unknown trap");
}

TEST_CASE("wasirt_try catches raises and reports them", "[runtime][trap]") {
  wasirt_error err;
  int reached = 0;
  CHECK(guarded([&] { reached = 1; }, &err) == WASIRT_OK);
  CHECK(reached == 1);

  int after = 0;
  CHECK(guarded(
            [&] {
              wasirt_raise(WASIRT_TRAP_INT_OVERFLOW);
              after = 1;
            },
            &err) == WASIRT_ERR_TRAP);
  CHECK(after == 0);
  CHECK(err.status == WASIRT_ERR_TRAP);
  CHECK(err.trap == WASIRT_TRAP_INT_OVERFLOW);
  CHECK(std::string(err.message) == "integer overflow");

  // wasirt_trap is the same for generated code; a NULL err is allowed.
  CHECK(guarded([] { wasirt_trap(nullptr, WASIRT_TRAP_UNREACHABLE); },
                nullptr) == WASIRT_ERR_TRAP);
}

TEST_CASE("guards nest: host -> wasm -> host -> wasm", "[runtime][trap]") {
  wasirt_error outer, inner;
  int innerStatus = -1, continued = 0;
  int status = guarded(
      [&] {
        innerStatus = guarded(
            [&] { wasirt_raise(WASIRT_TRAP_INDIRECT_CALL_TYPE_MISMATCH); },
            &inner);
        continued = 1;
        // A second inner guard, then a trap for the outer one.
        guarded([] {}, nullptr);
        wasirt_raise(WASIRT_TRAP_NULL_REFERENCE);
      },
      &outer);
  CHECK(innerStatus == WASIRT_ERR_TRAP);
  CHECK(inner.trap == WASIRT_TRAP_INDIRECT_CALL_TYPE_MISMATCH);
  CHECK(continued == 1);
  CHECK(status == WASIRT_ERR_TRAP);
  CHECK(outer.trap == WASIRT_TRAP_NULL_REFERENCE);

  // Deeper: a trap three levels down unwinds only the innermost.
  int depthReached = 0;
  status = guarded(
      [&] {
        guarded(
            [&] {
              guarded([] { wasirt_raise(WASIRT_TRAP_HOST); }, nullptr);
              depthReached = 2;
            },
            nullptr);
        depthReached += 1;
      },
      &outer);
  CHECK(status == WASIRT_OK);
  CHECK(depthReached == 3);
}

TEST_CASE("wasirt_exit unwinds to the innermost guard", "[runtime][trap]") {
  wasirt_error err;
  int after = 0;
  CHECK(guarded(
            [&] {
              wasirt_exit(42);
              after = 1;
            },
            &err) == WASIRT_ERR_EXIT);
  CHECK(after == 0);
  CHECK(err.status == WASIRT_ERR_EXIT);
  CHECK(err.exit_status == 42);

  wasirt_error inner;
  int innerStatus = -1;
  CHECK(guarded([&] { innerStatus = guarded([] { wasirt_exit(0); }, &inner); },
                &err) == WASIRT_OK);
  CHECK(innerStatus == WASIRT_ERR_EXIT);
  CHECK(inner.exit_status == 0);
}

namespace {

void exitFromWasm(void *) { wasirt_exit(3); }

// Runs fn in a child process; returns its wait status and its stderr.
template <class F> std::pair<int, std::string> inChild(F fn) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  std::fflush(nullptr);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    dup2(fds[1], STDERR_FILENO);
    fn();
    _exit(0);
  }
  close(fds[1]);
  std::string out;
  char buf[256];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0)
    out.append(buf, (size_t)n);
  close(fds[0]);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  return {status, out};
}

} // namespace

TEST_CASE("instantiation reports wasirt_exit from the start function",
          "[runtime][trap]") {
  ModuleBuilder b;
  uint32_t t = b.type({}, {}, trampVoid);
  b.start(b.func((void *)exitFromWasm, t));
  wasirt_instance *inst = nullptr;
  wasirt_error err;
  CHECK(wasirt_instantiate(b.build(), nullptr, &inst, &err) == WASIRT_ERR_EXIT);
  CHECK(err.exit_status == 3);
  CHECK(inst == nullptr);
}

TEST_CASE("without a guard, a trap ends the process with status 134",
          "[runtime][trap]") {
  auto [status, err] =
      inChild([] { wasirt_raise(WASIRT_TRAP_INVALID_CONVERSION); });
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == WASIRT_TRAP_EXIT_STATUS);
  CHECK(err == "wasm trap: invalid conversion to integer\n");
}

TEST_CASE("without a guard, wasirt_exit exits", "[runtime][trap]") {
  auto [status, err] = inChild([] { wasirt_exit(7); });
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 7);
  CHECK(err.empty());
}

TEST_CASE("real crashes are not swallowed", "[runtime][trap]") {
  // The handler is installed by the first guard of the process.
  guarded([] {}, nullptr);
  static volatile int *volatile nullPtr = nullptr;

  SECTION("outside any guard") {
    auto [status, err] = inChild([] { *nullPtr = 1; });
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGSEGV);
  }
  SECTION("inside a guard, outside wasm memories and the stack") {
    auto [status, err] = inChild([] {
      wasirt_error e;
      int s = guarded([] { *nullPtr = 1; }, &e);
      std::fprintf(stderr, "swallowed: %d %d\n", s, (int)e.trap);
    });
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGSEGV);
    CHECK(err.empty());
  }
  SECTION("a fault in a wasm memory outside any guard") {
    auto [status, err] = inChild([] {
      wasirt_memory *m = wasirt_memory_new(1, 1, WASIRT_LIMITS_HAS_MAX);
      ((volatile uint8_t *)m->base)[WASIRT_PAGE_SIZE] = 1;
    });
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGSEGV);
  }
  SECTION("SIGSEGV sent by kill") {
    auto [status, err] = inChild([] {
      guarded([] { raise(SIGSEGV); }, nullptr);
      std::fprintf(stderr, "survived\n");
    });
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGSEGV);
    CHECK(err.empty());
  }
}

namespace {

void earlierHandler(int, siginfo_t *info, void *) {
  // Reached for a fault that is not wasm's: report where, and die.
  _exit(info->si_addr == nullptr ? 55 : 56);
}

} // namespace

// Runs only when asked for by name, in a fresh process (see below).
TEST_CASE("chain child", "[.runtime-chain-child]") {
  struct sigaction sa{};
  sa.sa_sigaction = earlierHandler;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, nullptr);
  // The runtime installs its handler now, after ours.
  wasirt_memory *m = wasirt_memory_new(1, 1, WASIRT_LIMITS_HAS_MAX);
  wasirt_error err;
  int status = guarded(
      [m] { ((volatile uint8_t *)m->base)[WASIRT_PAGE_SIZE] = 1; }, &err);
  if (status != WASIRT_ERR_TRAP || err.trap != WASIRT_TRAP_MEMORY_OOB)
    _exit(57); // wasm's own faults must not reach the earlier handler
  static volatile int *volatile p = nullptr;
  guarded([] { *p = 1; }, nullptr);
  _exit(58);
}

TEST_CASE("faults that are not wasm's go to the earlier handler",
          "[runtime][trap]") {
  // The handler is installed once per process, so this needs a fresh one:
  // re-run this executable for the hidden test above.
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  REQUIRE(n > 0);
  self[n] = '\0';
  auto [status, err] = inChild([&self] {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDOUT_FILENO);
    execl(self, self, "[.runtime-chain-child]", (char *)nullptr);
    _exit(99);
  });
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 55);
}

//===------------------------------ the stack
//------------------------------===//

namespace {

// Recursion with a large frame, as runaway wasm recursion would be without
// a prologue check: ends in the guard page below the thread's stack.
int recurseUnchecked(int depth) {
  volatile char frame[4096];
  frame[0] = (char)depth;
  return recurseUnchecked(depth + 1) + frame[0];
}

// The same with the prologue check generated code performs.
uintptr_t checkedLimit;
int recurseChecked(int depth) {
  volatile char frame[512];
  if ((uintptr_t)__builtin_frame_address(0) < checkedLimit)
    wasirt_raise(WASIRT_TRAP_STACK_EXHAUSTED);
  frame[0] = (char)depth;
  return recurseChecked(depth + 1) + frame[0];
}

struct ThreadResult {
  int status = -1;
  wasirt_trap_code trap = WASIRT_TRAP_NONE;
  int afterwards = -1;
};

template <class F> ThreadResult onSmallThread(F fn) {
  ThreadResult r;
  struct Arg {
    F *fn;
    ThreadResult *r;
  } arg{&fn, &r};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 1 << 20);
  pthread_t th;
  int rc = pthread_create(
      &th, &attr,
      [](void *p) -> void * {
        auto *a = static_cast<Arg *>(p);
        wasirt_error err;
        a->r->status = guarded(*a->fn, &err);
        a->r->trap = err.trap;
        // The thread keeps working after the trap.
        a->r->afterwards = guarded([] {}, nullptr);
        return nullptr;
      },
      &arg);
  pthread_attr_destroy(&attr);
  REQUIRE(rc == 0);
  pthread_join(th, nullptr);
  return r;
}

} // namespace

TEST_CASE("stack overflow in the guard page is a trap",
          "[runtime][trap][stack]") {
  // Twice: the alternate signal stack must be usable again.
  for (int i = 0; i < 2; ++i) {
    ThreadResult r = onSmallThread([] { recurseUnchecked(0); });
    CHECK(r.status == WASIRT_ERR_TRAP);
    CHECK(r.trap == WASIRT_TRAP_STACK_EXHAUSTED);
    CHECK(r.afterwards == WASIRT_OK);
  }
}

TEST_CASE("the stack limit leaves room for a prologue check",
          "[runtime][trap][stack]") {
  ModuleBuilder b;
  const wasirt_module *m = b.build();
  ThreadResult r = onSmallThread([m] {
    wasirt_instance *inst = nullptr;
    if (wasirt_instantiate(m, nullptr, &inst, nullptr) != WASIRT_OK)
      return;
    checkedLimit = headerOf(inst)->stack_limit;
    wasirt_instance_free(inst);
    recurseChecked(0);
  });
  CHECK(r.status == WASIRT_ERR_TRAP);
  CHECK(r.trap == WASIRT_TRAP_STACK_EXHAUSTED);
  CHECK(r.afterwards == WASIRT_OK);
}

TEST_CASE("a prologue below another thread's stack limit goes on",
          "[runtime][trap][stack]") {
  // The instance's limit is the main thread's; on another thread (whose
  // stack is elsewhere) generated code finds its stack pointer below it
  // and calls wasirt_stack_check, which must not trap but give the
  // instance this thread's limit; below that limit it traps.
  ModuleBuilder b;
  const wasirt_module *m = b.build();
  wasirt_instance *inst = nullptr;
  REQUIRE(wasirt_instantiate(m, nullptr, &inst, nullptr) == WASIRT_OK);
  static uintptr_t replaced, sp;
  static uint64_t span;
  static wasirt_instance *shared;
  shared = inst;
  headerOf(inst)->stack_limit = UINTPTR_MAX; // above any stack
  ThreadResult r = onSmallThread([] {
    sp = (uintptr_t)__builtin_frame_address(0);
    wasirt_stack_check(shared, sp);
    replaced = headerOf(shared)->stack_limit;
    span = headerOf(shared)->stack_span;
    wasirt_stack_check(shared, replaced - 1);
  });
  CHECK(replaced != UINTPTR_MAX);
  CHECK(replaced < sp);
  CHECK(sp - replaced < (uintptr_t)1 << 20); // within the 1 MiB thread
  // limit + span is the top of that thread's stack: above its frames.
  CHECK(sp - replaced < span);
  CHECK(span < (uint64_t)1 << 20);
  CHECK(r.status == WASIRT_ERR_TRAP);
  CHECK(r.trap == WASIRT_TRAP_STACK_EXHAUSTED);
  CHECK(r.afterwards == WASIRT_OK);
  wasirt_instance_free(inst);
}
