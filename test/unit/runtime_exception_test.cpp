//===- runtime_exception_test.cpp - wasm exceptions in libwasirt ----------===//

#include "runtime_testing.h"

#include <catch2/catch.hpp>

#include <cstring>

using namespace rt_test;

extern "C" uint64_t wasirt__exceptions_live(void);
extern "C" uint64_t wasirt__exceptions_pinned(void);

namespace {
// A tag identity: any address will do.
uint64_t TagCell = 42;

void *newException(uint64_t Payload) {
  void *E = wasirt_exception_new(nullptr, &TagCell, 16);
  std::memcpy(static_cast<char *>(E) + WASIRT_OFF_EXCEPTION_PAYLOAD, &Payload,
              8);
  return E;
}
} // namespace

TEST_CASE("an exception keeps its tag and payload, and a clone copies them",
          "[runtime][exception]") {
  uint64_t Live = wasirt__exceptions_live();
  void *E = newException(0x1122334455667788ull);
  void *C = wasirt_exception_clone(E);
  CHECK(C != E);
  CHECK(wasirt__exceptions_live() == Live + 2);
  for (void *X : {E, C}) {
    void *Tag;
    std::memcpy(&Tag, static_cast<char *>(X) + WASIRT_OFF_EXCEPTION_TAG, 8);
    CHECK(Tag == &TagCell);
    uint64_t P;
    std::memcpy(&P, static_cast<char *>(X) + WASIRT_OFF_EXCEPTION_PAYLOAD, 8);
    CHECK(P == 0x1122334455667788ull);
  }
  wasirt_exception_free(E);
  wasirt_exception_free(C);
  CHECK(wasirt__exceptions_live() == Live);
}

TEST_CASE("a trap frees the exceptions made since its guard started",
          "[runtime][exception]") {
  uint64_t Live = wasirt__exceptions_live();
  wasirt_error Err;
  // The outer call holds an exception (a catch body) and calls the host,
  // which enters wasm again; that call makes two and traps.
  void *Held = nullptr;
  uint64_t AfterInner = 0;
  int Outer = guarded(
      [&] {
        Held = newException(1);
        int Inner = guarded(
            [&] {
              newException(2);
              void *E = newException(3);
              wasirt_exception_free(wasirt_exception_clone(E));
              wasirt_raise(WASIRT_TRAP_UNREACHABLE);
            },
            &Err);
        CHECK(Inner == WASIRT_ERR_TRAP);
        AfterInner = wasirt__exceptions_live();
        wasirt_exception_free(Held);
      },
      &Err);
  CHECK(Outer == WASIRT_OK);
  CHECK(AfterInner == Live + 1); // only the held one survived the trap
  CHECK(wasirt__exceptions_live() == Live);

  // A trap in the outer call frees what it still held.
  CHECK(guarded(
            [&] {
              newException(4);
              wasirt_raise(WASIRT_TRAP_UNREACHABLE);
            },
            &Err) == WASIRT_ERR_TRAP);
  CHECK(wasirt__exceptions_live() == Live);
}

TEST_CASE("a guarded call that returns frees the exceptions it left live",
          "[runtime][exception]") {
  uint64_t Live = wasirt__exceptions_live();
  wasirt_error Err;
  // The outer call holds one across an inner call, which leaves one
  // behind (a frame that kept an exnref owned, left by another exception)
  // and returns: only the inner one is freed.
  void *Held = nullptr;
  uint64_t DuringInner = 0, AfterInner = 0;
  CHECK(guarded(
            [&] {
              Held = newException(6);
              CHECK(guarded(
                        [&] {
                          newException(7);
                          DuringInner = wasirt__exceptions_live();
                        },
                        &Err) == WASIRT_OK);
              AfterInner = wasirt__exceptions_live();
              wasirt_exception_free(Held);
            },
            &Err) == WASIRT_OK);
  CHECK(DuringInner == Live + 2);
  CHECK(AfterInner == Live + 1);
  CHECK(wasirt__exceptions_live() == Live);
}

TEST_CASE("an exception no handler takes is the trap \"uncaught exception\"",
          "[runtime][exception]") {
  uint64_t Live = wasirt__exceptions_live();
  wasirt_error Err;
  int After = 0;
  CHECK(guarded(
            [&] {
              wasirt_throw(nullptr, newException(5));
              After = 1;
            },
            &Err) == WASIRT_ERR_TRAP);
  CHECK(After == 0);
  CHECK(Err.trap == WASIRT_TRAP_UNCAUGHT_EXCEPTION);
  CHECK(std::string(Err.message) == "uncaught exception");
  CHECK(wasirt__exceptions_live() == Live);
}

TEST_CASE("a pinned exception (an exnref) outlives frees, traps and "
          "throws",
          "[runtime][exception]") {
  uint64_t Live = wasirt__exceptions_live();
  uint64_t PinnedBefore = wasirt__exceptions_pinned();
  wasirt_error Err;
  void *Pinned = nullptr;
  // Pinned in a call that then traps: the trap's release leaves it.
  CHECK(guarded(
            [&] {
              void *E = newException(0xabcdef);
              Pinned = wasirt_exception_pin(E);
              CHECK(Pinned == E);
              CHECK(wasirt_exception_pin(E) == E); // pinning twice is fine
              newException(7);                     // freed by the trap
              wasirt_raise(WASIRT_TRAP_UNREACHABLE);
            },
            &Err) == WASIRT_ERR_TRAP);
  CHECK(wasirt__exceptions_live() == Live); // a pinned one is not counted
  CHECK(wasirt__exceptions_pinned() == PinnedBefore + 1); // counted once
  // A catch body that ends frees it: a pinned exception stays.
  wasirt_exception_free(Pinned);
  // Thrown (throw_ref) with no handler: uncaught, and still there.
  CHECK(guarded([&] { wasirt_throw(nullptr, Pinned); }, &Err) ==
        WASIRT_ERR_TRAP);
  CHECK(Err.trap == WASIRT_TRAP_UNCAUGHT_EXCEPTION);
  uint64_t P;
  std::memcpy(&P, static_cast<char *>(Pinned) + WASIRT_OFF_EXCEPTION_PAYLOAD,
              8);
  CHECK(P == 0xabcdef);
  void *Tag;
  std::memcpy(&Tag, static_cast<char *>(Pinned) + WASIRT_OFF_EXCEPTION_TAG, 8);
  CHECK(Tag == &TagCell);
  CHECK(wasirt__exceptions_live() == Live);
}
