//===- runtime_table_test.cpp - table operators and element segments ------===//

#include "runtime_testing.h"

#include <catch2/catch.hpp>

using namespace rt_test;

namespace {

int32_t seven(void *) { return 7; }

// Table 0: funcref, 4 elements, max 8. Table 1: externref, 2, no max.
// Segment 0: f, null, f (passive). Segment 1: empty.
struct TableFixture {
  ModuleBuilder B;
  wasirt_instance *I = nullptr;
  wasirt_table *T0 = nullptr, *T1 = nullptr;
  uint32_t F = 0;
  TableFixture() {
    uint32_t t = B.type({}, {I32}, trampToI32);
    F = B.func((void *)seven, t);
    B.table(FUNCREF, 4, 8, WASIRT_LIMITS_HAS_MAX);
    B.table(EXTERNREF, 2, 0, 0);
    B.elem(
        {{WASIRT_ELEM_FUNC, F}, {WASIRT_ELEM_NULL, 0}, {WASIRT_ELEM_FUNC, F}},
        FUNCREF);
    B.elem({}, FUNCREF);
    B.init(wasirt_elems_evaluate);
    REQUIRE(wasirt_instantiate(B.build(), nullptr, &I, nullptr) == WASIRT_OK);
    T0 = tableOf(I, 0);
    T1 = tableOf(I, 1);
  }
  ~TableFixture() { wasirt_instance_free(I); }
  void *f() { return funcrefOf(I, F); }

  template <class Fn> wasirt_trap_code trapOf(Fn &&fn) {
    wasirt_error err;
    int status = guarded(fn, &err);
    if (status == WASIRT_OK)
      return WASIRT_TRAP_NONE;
    REQUIRE(status == WASIRT_ERR_TRAP);
    return err.trap;
  }
};

void *const X = reinterpret_cast<void *>(0x1234); // an externref

} // namespace

TEST_CASE("tables start null and have their type", "[runtime][table]") {
  TableFixture f;
  CHECK(f.T0->size == 4);
  CHECK(f.T0->max == 8);
  CHECK(f.T0->elem_type == WASIRT_FUNCREF);
  CHECK(f.T1->size == 2);
  CHECK(f.T1->elem_type == WASIRT_EXTERNREF);
  for (uint64_t i = 0; i < f.T0->size; ++i)
    CHECK(f.T0->elems[i] == nullptr);
  REQUIRE(elemOf(f.I, 0).count == 3);
  CHECK(elemOf(f.I, 0).items[0] == f.f());
  CHECK(elemOf(f.I, 0).items[1] == nullptr);
  CHECK(elemOf(f.I, 1).count == 0);
}

TEST_CASE("table.grow", "[runtime][table]") {
  TableFixture f;
  CHECK(wasirt_table_grow(f.I, 0, f.f(), 0) == 4);
  CHECK(wasirt_table_grow(f.I, 0, f.f(), 3) == 4);
  CHECK(f.T0->size == 7);
  CHECK(f.T0->elems[3] == nullptr);
  CHECK(f.T0->elems[4] == f.f());
  CHECK(f.T0->elems[6] == f.f());
  CHECK(wasirt_table_grow(f.I, 0, nullptr, 2) == UINT64_MAX); // max 8
  CHECK(f.T0->size == 7);
  CHECK(wasirt_table_grow(f.I, 0, nullptr, 1) == 7);
  CHECK(f.T0->elems[7] == nullptr);
  CHECK(wasirt_table_grow(f.I, 0, nullptr, 1) == UINT64_MAX);
  CHECK(wasirt_table_grow(f.I, 0, nullptr, UINT64_MAX) == UINT64_MAX);

  // Without a maximum: up to the documented cap of 10,000,000 elements.
  CHECK(wasirt_table_grow(f.I, 1, X, 1000) == 2);
  CHECK(f.T1->elems[1001] == X);
  CHECK(wasirt_table_grow(f.I, 1, nullptr, 10000000) == UINT64_MAX);
  CHECK(wasirt_table_grow(f.I, 1, nullptr, 10000000 - 1002) == 1002);
  CHECK(f.T1->size == 10000000);
  CHECK(wasirt_table_grow(f.I, 1, nullptr, 1) == UINT64_MAX);
}

TEST_CASE("table.fill bounds", "[runtime][table]") {
  TableFixture f;
  CHECK(f.trapOf([&] { wasirt_table_fill(f.I, 1, 0, X, 2); }) ==
        WASIRT_TRAP_NONE);
  CHECK(f.T1->elems[0] == X);
  CHECK(f.T1->elems[1] == X);
  CHECK(f.trapOf([&] { wasirt_table_fill(f.I, 1, 2, nullptr, 0); }) ==
        WASIRT_TRAP_NONE);
  CHECK(f.trapOf([&] { wasirt_table_fill(f.I, 1, 3, nullptr, 0); }) ==
        WASIRT_TRAP_TABLE_OOB);
  // Partly out of bounds: nothing written.
  CHECK(f.trapOf([&] { wasirt_table_fill(f.I, 1, 1, nullptr, 2); }) ==
        WASIRT_TRAP_TABLE_OOB);
  CHECK(f.T1->elems[1] == X);
  CHECK(f.trapOf([&] { wasirt_table_fill(f.I, 1, 1, nullptr, UINT64_MAX); }) ==
        WASIRT_TRAP_TABLE_OOB);
}

TEST_CASE("table.copy bounds and overlap", "[runtime][table]") {
  TableFixture f;
  void *a = reinterpret_cast<void *>(0xa), *b = reinterpret_cast<void *>(0xb),
       *c = reinterpret_cast<void *>(0xc);
  f.T0->elems[0] = a;
  f.T0->elems[1] = b;
  f.T0->elems[2] = c;
  CHECK(f.trapOf([&] { wasirt_table_copy(f.I, 0, 0, 1, 0, 3); }) ==
        WASIRT_TRAP_NONE);
  CHECK(f.T0->elems[1] == a);
  CHECK(f.T0->elems[2] == b);
  CHECK(f.T0->elems[3] == c);
  CHECK(f.trapOf([&] { wasirt_table_copy(f.I, 0, 0, 0, 1, 3); }) ==
        WASIRT_TRAP_NONE);
  CHECK(f.T0->elems[0] == a);
  CHECK(f.T0->elems[1] == b);
  CHECK(f.T0->elems[2] == c);
  CHECK(f.trapOf([&] { wasirt_table_copy(f.I, 0, 0, 4, 0, 0); }) ==
        WASIRT_TRAP_NONE);
  CHECK(f.trapOf([&] { wasirt_table_copy(f.I, 0, 0, 0, 4, 0); }) ==
        WASIRT_TRAP_NONE);
  CHECK(f.trapOf([&] { wasirt_table_copy(f.I, 0, 0, 5, 0, 0); }) ==
        WASIRT_TRAP_TABLE_OOB);
  CHECK(f.trapOf([&] { wasirt_table_copy(f.I, 0, 0, 0, 5, 0); }) ==
        WASIRT_TRAP_TABLE_OOB);
  CHECK(f.trapOf([&] { wasirt_table_copy(f.I, 0, 0, 2, 0, 3); }) ==
        WASIRT_TRAP_TABLE_OOB);
  CHECK(f.T0->elems[2] == c); // nothing written
  // Between tables: the source range is checked against the source.
  CHECK(f.trapOf([&] { wasirt_table_copy(f.I, 0, 1, 0, 0, 3); }) ==
        WASIRT_TRAP_TABLE_OOB);
  CHECK(f.trapOf([&] { wasirt_table_copy(f.I, 0, 1, 2, 0, 2); }) ==
        WASIRT_TRAP_NONE);
  CHECK(f.T0->elems[2] == nullptr);
}

TEST_CASE("table.init and elem.drop", "[runtime][table]") {
  TableFixture f;
  CHECK(f.trapOf([&] { wasirt_table_init(f.I, 0, 0, 1, 0, 3); }) ==
        WASIRT_TRAP_NONE);
  CHECK(f.T0->elems[0] == nullptr);
  CHECK(f.T0->elems[1] == f.f());
  CHECK(f.T0->elems[2] == nullptr);
  CHECK(f.T0->elems[3] == f.f());
  // Segment range.
  CHECK(f.trapOf([&] { wasirt_table_init(f.I, 0, 0, 0, 3, 0); }) ==
        WASIRT_TRAP_NONE);
  CHECK(f.trapOf([&] { wasirt_table_init(f.I, 0, 0, 0, 4, 0); }) ==
        WASIRT_TRAP_TABLE_OOB);
  CHECK(f.trapOf([&] { wasirt_table_init(f.I, 0, 0, 0, 2, 2); }) ==
        WASIRT_TRAP_TABLE_OOB);
  CHECK(f.T0->elems[0] == nullptr); // nothing written
  // Table range.
  CHECK(f.trapOf([&] { wasirt_table_init(f.I, 0, 0, 4, 0, 0); }) ==
        WASIRT_TRAP_NONE);
  CHECK(f.trapOf([&] { wasirt_table_init(f.I, 0, 0, 5, 0, 0); }) ==
        WASIRT_TRAP_TABLE_OOB);
  CHECK(f.trapOf([&] { wasirt_table_init(f.I, 0, 0, 2, 0, 3); }) ==
        WASIRT_TRAP_TABLE_OOB);
  // Empty segment.
  CHECK(f.trapOf([&] { wasirt_table_init(f.I, 0, 1, 0, 0, 0); }) ==
        WASIRT_TRAP_NONE);
  CHECK(f.trapOf([&] { wasirt_table_init(f.I, 0, 1, 0, 0, 1); }) ==
        WASIRT_TRAP_TABLE_OOB);

  wasirt_elem_drop(f.I, 0);
  CHECK(elemOf(f.I, 0).count == 0);
  CHECK(elemOf(f.I, 0).items == nullptr);
  CHECK(f.trapOf([&] { wasirt_table_init(f.I, 0, 0, 0, 0, 0); }) ==
        WASIRT_TRAP_NONE);
  CHECK(f.trapOf([&] { wasirt_table_init(f.I, 0, 0, 0, 0, 1); }) ==
        WASIRT_TRAP_TABLE_OOB);
  CHECK(f.trapOf([&] { wasirt_table_init(f.I, 0, 0, 0, 1, 0); }) ==
        WASIRT_TRAP_TABLE_OOB);
  wasirt_elem_drop(f.I, 0); // twice is fine
}

TEST_CASE("host-created tables", "[runtime][table]") {
  wasirt_table *t =
      wasirt_table_new(WASIRT_EXTERNREF, 3, 5, WASIRT_LIMITS_HAS_MAX);
  REQUIRE(t);
  CHECK(t->size == 3);
  CHECK(t->max == 5);
  CHECK(t->elems[2] == nullptr);
  wasirt_table_free(t);
  CHECK(wasirt_table_new(WASIRT_FUNCREF, 6, 5, WASIRT_LIMITS_HAS_MAX) ==
        nullptr);
  CHECK(wasirt_table_new(WASIRT_FUNCREF, 20000000, 0, 0) == nullptr);
  t = wasirt_table_new(WASIRT_FUNCREF, 0, 0, 0);
  REQUIRE(t);
  CHECK(t->size == 0);
  wasirt_table_free(t);
}
