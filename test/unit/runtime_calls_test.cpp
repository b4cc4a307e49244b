//===- runtime_calls_test.cpp - every runtime call of the table exists ----===//
//
// The runtime declares each function from runtime_calls.def in C, so a
// definition with another signature does not compile; here we check that
// each one is defined in libwasirt (the link fails otherwise) and that the
// attribute column uses only the documented values.

#include "runtime_testing.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

namespace {

struct Call {
  const char *Name;
  const char *Attr;
  void (*Address)();
};

const std::vector<Call> &allCalls() {
  static const std::vector<Call> calls = {
#define WASIRT_CALL(NAME, ATTR, RESULT, ...)                                   \
  {#NAME, #ATTR, reinterpret_cast<void (*)()>(&NAME)},
#include "wasm2obj/runtime_calls.def"
#undef WASIRT_CALL
  };
  return calls;
}

} // namespace

TEST_CASE("every runtime call is defined", "[runtime][abi]") {
  const auto &calls = allCalls();
  REQUIRE(!calls.empty());
  std::set<std::string> names;
  for (const Call &c : calls) {
    INFO(c.Name);
    CHECK(c.Address != nullptr);
    std::string attr = c.Attr;
    CHECK((attr == "none" || attr == "noreturn" || attr == "throws" ||
           attr == "pure"));
    CHECK(names.insert(c.Name).second);
  }
}
