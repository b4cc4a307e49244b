//===- runtime_atomic_test.cpp - memory.atomic.wait / notify --------------===//

#include "runtime_testing.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

using namespace rt_test;

namespace {

constexpr uint32_t HM = WASIRT_LIMITS_HAS_MAX;

// Memory 0 shared, memory 1 not.
struct AtomicFixture {
  ModuleBuilder B;
  wasirt_instance *I = nullptr;
  uint8_t *Shared = nullptr;
  AtomicFixture() {
    B.memory(1, 1, HM | WASIRT_LIMITS_SHARED);
    B.memory(1, 1, HM);
    REQUIRE(wasirt_instantiate(B.build(), nullptr, &I, nullptr) == WASIRT_OK);
    Shared = wasirt_instance_memory(I, 0)->base;
  }
  ~AtomicFixture() { wasirt_instance_free(I); }

  template <class F> wasirt_trap_code trapOf(F &&fn) {
    wasirt_error err;
    int status = guarded(fn, &err);
    if (status == WASIRT_OK)
      return WASIRT_TRAP_NONE;
    REQUIRE(status == WASIRT_ERR_TRAP);
    return err.trap;
  }
};

constexpr uint64_t Forever = UINT64_MAX; // a negative i64 timeout

} // namespace

TEST_CASE("atomic wait/notify traps", "[runtime][atomic]") {
  AtomicFixture f;
  uint32_t r = 0;
  // Unshared memory: wait traps, notify returns 0.
  CHECK(f.trapOf([&] { wasirt_atomic_wait32(f.I, 1, 0, 0, 0); }) ==
        WASIRT_TRAP_EXPECTED_SHARED_MEMORY);
  CHECK(f.trapOf([&] { wasirt_atomic_wait64(f.I, 1, 0, 0, 0); }) ==
        WASIRT_TRAP_EXPECTED_SHARED_MEMORY);
  CHECK(f.trapOf([&] { r = wasirt_atomic_notify(f.I, 1, 0, 1); }) ==
        WASIRT_TRAP_NONE);
  CHECK(r == 0);
  // Alignment, then bounds.
  CHECK(f.trapOf([&] { wasirt_atomic_wait32(f.I, 0, 2, 0, 0); }) ==
        WASIRT_TRAP_UNALIGNED_ATOMIC);
  CHECK(f.trapOf([&] { wasirt_atomic_wait64(f.I, 0, 4, 0, 0); }) ==
        WASIRT_TRAP_UNALIGNED_ATOMIC);
  CHECK(f.trapOf([&] { wasirt_atomic_notify(f.I, 0, 1, 0); }) ==
        WASIRT_TRAP_UNALIGNED_ATOMIC);
  CHECK(f.trapOf([&] { wasirt_atomic_notify(f.I, 1, 1, 0); }) ==
        WASIRT_TRAP_UNALIGNED_ATOMIC);
  CHECK(f.trapOf([&] { wasirt_atomic_wait32(f.I, 0, 65536, 0, 0); }) ==
        WASIRT_TRAP_MEMORY_OOB);
  CHECK(f.trapOf([&] { wasirt_atomic_wait64(f.I, 0, 65528 + 8, 0, 0); }) ==
        WASIRT_TRAP_MEMORY_OOB);
  CHECK(f.trapOf([&] { wasirt_atomic_notify(f.I, 0, 65536, 1); }) ==
        WASIRT_TRAP_MEMORY_OOB);
  CHECK(f.trapOf([&] { wasirt_atomic_notify(f.I, 1, 65536, 1); }) ==
        WASIRT_TRAP_MEMORY_OOB);
  CHECK(f.trapOf([&] {
    wasirt_atomic_wait32(f.I, 0, 0xfffffffffffffffcull, 0, 0);
  }) == WASIRT_TRAP_MEMORY_OOB);
  // The last aligned cells are in bounds.
  CHECK(f.trapOf([&] { r = wasirt_atomic_wait32(f.I, 0, 65532, 1, 0); }) ==
        WASIRT_TRAP_NONE);
  CHECK(r == 1);
  CHECK(f.trapOf([&] { r = wasirt_atomic_wait64(f.I, 0, 65528, 1, 0); }) ==
        WASIRT_TRAP_NONE);
  CHECK(r == 1);
}

TEST_CASE("atomic wait: not-equal and timed-out", "[runtime][atomic]") {
  AtomicFixture f;
  uint32_t v32 = 5;
  std::memcpy(f.Shared + 8, &v32, 4);
  uint64_t v64 = 0x100000005ull;
  std::memcpy(f.Shared + 16, &v64, 8);
  CHECK(wasirt_atomic_wait32(f.I, 0, 8, 4, Forever) == 1);
  CHECK(wasirt_atomic_wait64(f.I, 0, 16, 5, Forever) == 1); // all 64 bits
  CHECK(wasirt_atomic_wait32(f.I, 0, 8, 5, 0) == 2);
  auto start = std::chrono::steady_clock::now();
  CHECK(wasirt_atomic_wait64(f.I, 0, 16, v64, 20000000) == 2); // 20 ms
  auto waited = std::chrono::steady_clock::now() - start;
  CHECK(waited >= std::chrono::milliseconds(19));
  CHECK(waited < std::chrono::seconds(5));
  CHECK(wasirt_atomic_notify(f.I, 0, 8, 10) == 0); // nobody waiting
}

TEST_CASE("atomic notify wakes waiters", "[runtime][atomic]") {
  AtomicFixture f;
  constexpr int N = 3;
  std::atomic<int> ok{0};
  std::vector<std::thread> waiters;
  for (int i = 0; i < N; ++i) {
    waiters.emplace_back([&] {
      uint32_t r = wasirt_atomic_wait32(f.I, 0, 32, 0, Forever);
      if (r == 0)
        ++ok;
    });
  }
  // A waiter on another address is not woken.
  std::atomic<uint32_t> otherResult{99};
  std::thread other([&] {
    otherResult = wasirt_atomic_wait64(f.I, 0, 40, 0, 300000000); // 300 ms
  });

  // Wake one, then the rest, once all are queued.
  uint32_t woken = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (woken < 1 && std::chrono::steady_clock::now() < deadline) {
    woken += wasirt_atomic_notify(f.I, 0, 32, 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  CHECK(woken == 1);
  while (woken < N && std::chrono::steady_clock::now() < deadline) {
    woken += wasirt_atomic_notify(f.I, 0, 32, 100);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  CHECK(woken == N);
  for (auto &t : waiters)
    t.join();
  CHECK(ok == N);
  other.join();
  CHECK(otherResult == 2);
  CHECK(wasirt_atomic_notify(f.I, 0, 32, 100) == 0);
}
