//===- runtime_memory_test.cpp - linear memory and bulk memory ops --------===//

#include "runtime_testing.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace rt_test;

namespace {

constexpr uint64_t Page = WASIRT_PAGE_SIZE;
constexpr uint32_t HM = WASIRT_LIMITS_HAS_MAX;

// An instance with memory 0 (the given type) and two data segments:
// 0 = "hello" (5 bytes), 1 = "" (empty). No init: segments stay passive.
struct MemFixture {
  ModuleBuilder B;
  wasirt_instance *I = nullptr;
  wasirt_memory *Mem = nullptr;
  explicit MemFixture(uint64_t min, uint64_t max, uint32_t flags,
                      uint32_t moduleFlags = 0) {
    B.memory(min, max, flags);
    B.memory(1, 1, HM);
    B.data("hello", 5);
    B.data("", 0);
    B.flags(moduleFlags);
    wasirt_error err;
    int status = wasirt_instantiate(B.build(), nullptr, &I, &err);
    INFO(err.message);
    REQUIRE(status == WASIRT_OK);
    Mem = wasirt_instance_memory(I, 0);
    REQUIRE(Mem);
  }
  ~MemFixture() { wasirt_instance_free(I); }

  // Runs fn under a guard; returns the trap code, or NONE.
  template <class F> wasirt_trap_code trapOf(F &&fn) {
    wasirt_error err;
    int status = guarded(fn, &err);
    if (status == WASIRT_OK)
      return WASIRT_TRAP_NONE;
    REQUIRE(status == WASIRT_ERR_TRAP);
    return err.trap;
  }
};

bool allBytes(const uint8_t *p, uint64_t n, uint8_t value) {
  for (uint64_t i = 0; i < n; ++i)
    if (p[i] != value)
      return false;
  return true;
}

} // namespace

TEST_CASE("32-bit memories have a guard region", "[runtime][memory]") {
  wasirt_memory *m = wasirt_memory_new(1, 3, HM);
  REQUIRE(m);
  CHECK(m->base != nullptr);
  CHECK(m->size == Page);
  CHECK(m->max_pages == 3);
  CHECK(m->flags == HM);
  CHECK(m->owner_refs == 1);
  if (sizeof(void *) == 8)
    CHECK(m->reserved >= (8ull << 30) + Page);
  m->base[0] = 1;
  m->base[Page - 1] = 2;
  CHECK(m->base[Page - 1] == 2);
  wasirt_memory_free(m);

  // Without a maximum, the index type's.
  m = wasirt_memory_new(0, 0, 0);
  REQUIRE(m);
  CHECK(m->size == 0);
  CHECK(m->max_pages == 65536);
  wasirt_memory_free(m);

  // More than the index type can address is refused.
  CHECK(wasirt_memory_new(65537, 0, 0) == nullptr);
  CHECK(wasirt_memory_new(3, 2, HM) == nullptr);
}

// Compiled code assumes WASIRT_MEMORY_BASE_ALIGN (TranslateMemory.cpp's
// memoryBase), with a guard region or without one.
TEST_CASE("a memory's base is aligned", "[runtime][memory]") {
  for (uint32_t flags :
       {HM, HM | WASIRT_LIMITS_64, HM | WASIRT_LIMITS_SHARED}) {
    wasirt_memory *m = wasirt_memory_new(0, 2, flags);
    REQUIRE(m);
    CHECK(reinterpret_cast<uintptr_t>(m->base) % WASIRT_MEMORY_BASE_ALIGN == 0);
    wasirt_memory_free(m);
  }
}

TEST_CASE("memory.grow up to the maximum and no further", "[runtime][memory]") {
  MemFixture f(1, 3, HM);
  CHECK(wasirt_memory_grow(f.I, 0, 0) == 1);
  CHECK(wasirt_memory_grow(f.I, 0, 1) == 1);
  CHECK(f.Mem->size == 2 * Page);
  f.Mem->base[2 * Page - 1] = 9; // newly accessible
  CHECK(wasirt_memory_grow(f.I, 0, 2) == UINT64_MAX);
  CHECK(f.Mem->size == 2 * Page);
  CHECK(wasirt_memory_grow(f.I, 0, 1) == 2);
  CHECK(wasirt_memory_grow(f.I, 0, 1) == UINT64_MAX);
  CHECK(wasirt_memory_grow(f.I, 0, UINT64_MAX) == UINT64_MAX);
  CHECK(wasirt_memory_grow(f.I, 0, 0) == 3);
  CHECK(f.Mem->base[2 * Page - 1] == 9);
  // The other memory is untouched.
  CHECK(wasirt_instance_memory(f.I, 1)->size == Page);
}

TEST_CASE("memory.grow to 4 GiB without a maximum", "[runtime][memory]") {
  MemFixture f(0, 0, 0);
  uint8_t *base = f.Mem->base;
  CHECK(wasirt_memory_grow(f.I, 0, 65536) == 0);
  CHECK(f.Mem->size == (4ull << 30));
  CHECK(f.Mem->base == base); // never moves
  f.Mem->base[(4ull << 30) - 1] = 1;
  CHECK(wasirt_memory_grow(f.I, 0, 1) == UINT64_MAX);
  CHECK(wasirt_memory_grow(f.I, 0, 0) == 65536);
}

TEST_CASE("memory64 reservations are capped", "[runtime][memory]") {
  // Documented cap: 16 GiB of address space on 64-bit hosts.
  wasirt_memory *m = wasirt_memory_new(1, 0, WASIRT_LIMITS_64);
  REQUIRE(m);
  CHECK(m->reserved == (16ull << 30));
  CHECK(m->max_pages == (1ull << 48));
  wasirt_memory_free(m);
  // A declared maximum below the cap is reserved exactly.
  m = wasirt_memory_new(1, 3, HM | WASIRT_LIMITS_64);
  REQUIRE(m);
  CHECK(m->reserved == 3 * Page);
  wasirt_memory_free(m);
  // The largest memory64 limits are accepted.
  m = wasirt_memory_new(0, 1ull << 48, HM | WASIRT_LIMITS_64);
  REQUIRE(m);
  CHECK(m->reserved == (16ull << 30));
  wasirt_memory_free(m);

  MemFixture f(1, 1ull << 20, HM | WASIRT_LIMITS_64,
               WASIRT_MODULE_BOUNDS_EXPLICIT);
  uint64_t limitPages = f.Mem->reserved / Page;
  CHECK(limitPages < (1ull << 20));
  CHECK(wasirt_memory_grow(f.I, 0, limitPages) == UINT64_MAX);
  CHECK(wasirt_memory_grow(f.I, 0, limitPages - 1) == 1);
  CHECK(f.Mem->size == limitPages * Page);
  CHECK(wasirt_memory_grow(f.I, 0, 1) == UINT64_MAX);
}

TEST_CASE("out-of-bounds accesses in the guard region trap",
          "[runtime][memory][trap]") {
  MemFixture f(1, 2, HM);
  volatile uint8_t *base = f.Mem->base;
  CHECK(f.trapOf([&] { base[Page] = 1; }) == WASIRT_TRAP_MEMORY_OOB);
  CHECK(f.trapOf([&] { (void)base[Page + 12345]; }) == WASIRT_TRAP_MEMORY_OOB);
  // The farthest a u32 index + u32 offset + 16-byte access can reach.
  CHECK(f.trapOf([&] { (void)base[0x1fffffffeull + 15]; }) ==
        WASIRT_TRAP_MEMORY_OOB);
  // The program continues, and the memory works after growing.
  CHECK(f.trapOf([&] { base[Page - 1] = 1; }) == WASIRT_TRAP_NONE);
  CHECK(wasirt_memory_grow(f.I, 0, 1) == 1);
  CHECK(f.trapOf([&] { base[Page] = 1; }) == WASIRT_TRAP_NONE);
  CHECK(f.trapOf([&] { base[2 * Page] = 1; }) == WASIRT_TRAP_MEMORY_OOB);
  // Traps nest: a fault inside a nested guard is caught by the inner one.
  wasirt_error inner;
  int innerStatus = -1;
  CHECK(f.trapOf([&] {
    innerStatus = guarded([&] { base[4 * Page] = 1; }, &inner);
  }) == WASIRT_TRAP_NONE);
  CHECK(innerStatus == WASIRT_ERR_TRAP);
  CHECK(inner.trap == WASIRT_TRAP_MEMORY_OOB);
}

namespace {

// In a child with little address space (RLIMIT_AS), where the guarded
// reservation fails: returns 0 when the fallback behaves as documented,
// else the number of the failed check.
int childWithoutGuard() {
  unsigned long long pages = 0;
  if (FILE *f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%llu", &pages) != 1)
      pages = 0;
    std::fclose(f);
  }
  if (!pages)
    return 1;
  rlimit lim;
  lim.rlim_cur = lim.rlim_max =
      pages * (unsigned long long)sysconf(_SC_PAGESIZE) + (1ull << 30);
  if (setrlimit(RLIMIT_AS, &lim) != 0)
    return 2;
  // Memory without a guard region: the reservation is just the maximum.
  wasirt_memory *m = wasirt_memory_new(1, 2, HM);
  if (!m)
    return 3;
  if (m->reserved != 2 * Page)
    return 4;
  wasirt_memory_free(m);

  ModuleBuilder b;
  b.memory(1, 2, HM);
  wasirt_instance *inst = nullptr;
  wasirt_error err;
  // Compiled for guard pages: refused.
  if (wasirt_instantiate(b.build(), nullptr, &inst, &err) !=
      WASIRT_ERR_RESOURCE)
    return 5;
  if (!std::strstr(err.message, "no guard region"))
    return 6;
  // Compiled with explicit checks: fine, grows up to its maximum.
  b.M.flags = WASIRT_MODULE_BOUNDS_EXPLICIT;
  if (wasirt_instantiate(&b.M, nullptr, &inst, &err) != WASIRT_OK)
    return 7;
  if (wasirt_memory_grow(inst, 0, 1) != 1 ||
      wasirt_memory_grow(inst, 0, 1) != UINT64_MAX)
    return 8;
  wasirt_instance_free(inst);
  return 0;
}

} // namespace

TEST_CASE("without address space, memories fall back to no guard region",
          "[runtime][memory]") {
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0)
    _exit(childWithoutGuard());
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("memory.fill bounds", "[runtime][memory][bulk]") {
  MemFixture f(1, 1, HM);
  uint8_t *base = f.Mem->base;
  CHECK(f.trapOf([&] { wasirt_memory_fill(f.I, 0, 10, 0xab, 5); }) ==
        WASIRT_TRAP_NONE);
  CHECK(allBytes(base + 10, 5, 0xab));
  CHECK(base[9] == 0);
  CHECK(base[15] == 0);
  // The value is truncated to a byte.
  CHECK(f.trapOf([&] { wasirt_memory_fill(f.I, 0, 0, 0x1234, 1); }) ==
        WASIRT_TRAP_NONE);
  CHECK(base[0] == 0x34);
  // n = 0 at the end is fine, one past the end is not.
  CHECK(f.trapOf([&] { wasirt_memory_fill(f.I, 0, Page, 1, 0); }) ==
        WASIRT_TRAP_NONE);
  CHECK(f.trapOf([&] { wasirt_memory_fill(f.I, 0, Page + 1, 1, 0); }) ==
        WASIRT_TRAP_MEMORY_OOB);
  // Partly out of bounds: traps before writing anything.
  CHECK(f.trapOf([&] { wasirt_memory_fill(f.I, 0, Page - 4, 0xcd, 5); }) ==
        WASIRT_TRAP_MEMORY_OOB);
  CHECK(allBytes(base + Page - 4, 4, 0));
  CHECK(f.trapOf([&] { wasirt_memory_fill(f.I, 0, Page - 4, 0xcd, 4); }) ==
        WASIRT_TRAP_NONE);
  CHECK(allBytes(base + Page - 4, 4, 0xcd));
  // No wrap-around of dst + n.
  CHECK(f.trapOf([&] { wasirt_memory_fill(f.I, 0, 1, 0, UINT64_MAX); }) ==
        WASIRT_TRAP_MEMORY_OOB);
  CHECK(f.trapOf([&] { wasirt_memory_fill(f.I, 0, UINT64_MAX, 0, 2); }) ==
        WASIRT_TRAP_MEMORY_OOB);
}

TEST_CASE("memory.copy bounds and overlap", "[runtime][memory][bulk]") {
  MemFixture f(1, 1, HM);
  uint8_t *base = f.Mem->base;
  for (int i = 0; i < 16; ++i)
    base[i] = (uint8_t)i;
  // Overlapping, forwards and backwards: memmove semantics.
  CHECK(f.trapOf([&] { wasirt_memory_copy(f.I, 0, 0, 2, 0, 8); }) ==
        WASIRT_TRAP_NONE);
  const uint8_t fwd[] = {0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 10};
  CHECK(std::memcmp(base, fwd, sizeof fwd) == 0);
  CHECK(f.trapOf([&] { wasirt_memory_copy(f.I, 0, 0, 0, 2, 8); }) ==
        WASIRT_TRAP_NONE);
  const uint8_t back[] = {0, 1, 2, 3, 4, 5, 6, 7, 6, 7, 10};
  CHECK(std::memcmp(base, back, sizeof back) == 0);

  CHECK(f.trapOf([&] { wasirt_memory_copy(f.I, 0, 0, Page, 0, 0); }) ==
        WASIRT_TRAP_NONE);
  CHECK(f.trapOf([&] { wasirt_memory_copy(f.I, 0, 0, 0, Page, 0); }) ==
        WASIRT_TRAP_NONE);
  CHECK(f.trapOf([&] { wasirt_memory_copy(f.I, 0, 0, Page + 1, 0, 0); }) ==
        WASIRT_TRAP_MEMORY_OOB);
  CHECK(f.trapOf([&] { wasirt_memory_copy(f.I, 0, 0, 0, Page + 1, 0); }) ==
        WASIRT_TRAP_MEMORY_OOB);
  // Source partly out of bounds: nothing written.
  std::memset(base + 100, 0x55, 8);
  CHECK(f.trapOf([&] { wasirt_memory_copy(f.I, 0, 0, 100, Page - 4, 8); }) ==
        WASIRT_TRAP_MEMORY_OOB);
  CHECK(allBytes(base + 100, 8, 0x55));
  // Destination partly out of bounds.
  CHECK(f.trapOf([&] { wasirt_memory_copy(f.I, 0, 0, Page - 4, 0, 8); }) ==
        WASIRT_TRAP_MEMORY_OOB);

  // Between memories (multi-memory).
  uint8_t *other = wasirt_instance_memory(f.I, 1)->base;
  CHECK(f.trapOf([&] { wasirt_memory_copy(f.I, 1, 0, 5, 0, 4); }) ==
        WASIRT_TRAP_NONE);
  CHECK(std::memcmp(other + 5, base, 4) == 0);
}

TEST_CASE("memory.init and data.drop", "[runtime][memory][bulk]") {
  MemFixture f(1, 1, HM);
  uint8_t *base = f.Mem->base;
  CHECK(dataLengthOf(f.I, 0) == 5);
  CHECK(dataLengthOf(f.I, 1) == 0);
  CHECK(f.trapOf([&] { wasirt_memory_init(f.I, 0, 0, 100, 1, 3); }) ==
        WASIRT_TRAP_NONE);
  CHECK(std::memcmp(base + 100, "ell", 3) == 0);
  CHECK(f.trapOf([&] { wasirt_memory_init(f.I, 0, 0, 200, 0, 5); }) ==
        WASIRT_TRAP_NONE);
  CHECK(std::memcmp(base + 200, "hello", 5) == 0);
  // Segment range: n = 0 at its end is fine, past it is not.
  CHECK(f.trapOf([&] { wasirt_memory_init(f.I, 0, 0, 0, 5, 0); }) ==
        WASIRT_TRAP_NONE);
  CHECK(f.trapOf([&] { wasirt_memory_init(f.I, 0, 0, 0, 6, 0); }) ==
        WASIRT_TRAP_MEMORY_OOB);
  CHECK(f.trapOf([&] { wasirt_memory_init(f.I, 0, 0, 300, 2, 4); }) ==
        WASIRT_TRAP_MEMORY_OOB);
  CHECK(base[300] == 0);
  // Memory range.
  CHECK(f.trapOf([&] { wasirt_memory_init(f.I, 0, 0, Page, 0, 0); }) ==
        WASIRT_TRAP_NONE);
  CHECK(f.trapOf([&] { wasirt_memory_init(f.I, 0, 0, Page - 2, 0, 3); }) ==
        WASIRT_TRAP_MEMORY_OOB);
  CHECK(base[Page - 2] == 0);
  CHECK(f.trapOf([&] { wasirt_memory_init(f.I, 0, 0, Page + 1, 0, 0); }) ==
        WASIRT_TRAP_MEMORY_OOB);
  // An empty segment.
  CHECK(f.trapOf([&] { wasirt_memory_init(f.I, 0, 1, 0, 0, 0); }) ==
        WASIRT_TRAP_NONE);
  CHECK(f.trapOf([&] { wasirt_memory_init(f.I, 0, 1, 0, 0, 1); }) ==
        WASIRT_TRAP_MEMORY_OOB);

  // After data.drop the segment has length 0.
  wasirt_data_drop(f.I, 0);
  CHECK(dataLengthOf(f.I, 0) == 0);
  CHECK(f.trapOf([&] { wasirt_memory_init(f.I, 0, 0, 0, 0, 0); }) ==
        WASIRT_TRAP_NONE);
  CHECK(f.trapOf([&] { wasirt_memory_init(f.I, 0, 0, 0, 0, 1); }) ==
        WASIRT_TRAP_MEMORY_OOB);
  CHECK(f.trapOf([&] { wasirt_memory_init(f.I, 0, 0, 0, 1, 0); }) ==
        WASIRT_TRAP_MEMORY_OOB);
  // Dropping twice is allowed.
  wasirt_data_drop(f.I, 0);
  CHECK(dataLengthOf(f.I, 0) == 0);
}

TEST_CASE("host-created memories are reference counted", "[runtime][memory]") {
  wasirt_memory *m = wasirt_memory_new(1, 1, HM);
  REQUIRE(m);
  ModuleBuilder b;
  b.importMemory("env", "m", {1, 1, HM, 0});
  struct R {
    static int resolve(void *user, const char *, const char *, uint32_t,
                       wasirt_extern *out) {
      out->kind = WASIRT_EXTERN_MEMORY;
      out->u.memory = static_cast<wasirt_memory *>(user);
      return 1;
    }
  };
  wasirt_config cfg{};
  cfg.resolve = R::resolve;
  cfg.resolve_user = m;
  wasirt_instance *a = nullptr, *c = nullptr;
  REQUIRE(wasirt_instantiate(b.build(), &cfg, &a, nullptr) == WASIRT_OK);
  REQUIRE(wasirt_instantiate(&b.M, &cfg, &c, nullptr) == WASIRT_OK);
  CHECK(m->owner_refs == 3);
  wasirt_memory_free(m); // the host's reference
  CHECK(m->owner_refs == 2);
  m->base[10] = 3;
  wasirt_instance_free(a);
  CHECK(m->owner_refs == 1);
  CHECK(wasirt_instance_memory(c, 0)->base[10] == 3);
  wasirt_instance_free(c);
}

TEST_CASE("guard-page traps on several threads at once",
          "[runtime][memory][trap]") {
  MemFixture f(1, 1, HM);
  volatile uint8_t *base = f.Mem->base;
  constexpr int Threads = 4, Rounds = 200;
  std::atomic<int> caught{0}, wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < Threads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < Rounds; ++i) {
        wasirt_error err;
        uint64_t off = Page + (uint64_t)(t * Rounds + i) * 4096;
        int s = guarded([&] { base[off] = 1; }, &err);
        if (s == WASIRT_ERR_TRAP && err.trap == WASIRT_TRAP_MEMORY_OOB)
          ++caught;
        else
          ++wrong;
        // In-bounds accesses keep working in between.
        if (guarded([&] { base[i] = (uint8_t)t; }, nullptr) != WASIRT_OK)
          ++wrong;
      }
    });
  }
  for (auto &th : threads)
    th.join();
  CHECK(caught == Threads * Rounds);
  CHECK(wrong == 0);
}
