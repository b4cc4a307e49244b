//===- translate_opcodes_test.cpp - the operator table --------------------===//

#include "Opcodes.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace w2o;

TEST_CASE("every opcode round-trips through the table", "[opcodes]") {
  std::set<std::pair<unsigned, unsigned>> Encodings;
  for (unsigned I = 0; I < NumOpcodes; ++I) {
    Opcode Op = static_cast<Opcode>(I);
    const OpInfo &Info = opInfo(Op);
    INFO(Info.Text);
    std::optional<Opcode> Back = lookupOpcode(Info.Prefix, Info.Code);
    REQUIRE(Back.has_value());
    CHECK(*Back == Op);
    CHECK(Encodings.insert({Info.Prefix, Info.Code}).second);
    CHECK(std::string(Info.Text).size() > 0);
  }
}

TEST_CASE("holes in the opcode space are not operators", "[opcodes]") {
  CHECK(!lookupOpcode(0, 0x27).has_value());
  CHECK(!lookupOpcode(0, 0xff).has_value());
  CHECK(!lookupOpcode(0xfc, 18).has_value());
  CHECK(!lookupOpcode(0xfe, 0x04).has_value());
  CHECK(!lookupOpcode(0xfc, 1000).has_value());
}

TEST_CASE("simple operators have well-formed signatures", "[opcodes]") {
  for (unsigned I = 0; I < NumOpcodes; ++I) {
    const OpInfo &Info = opInfo(static_cast<Opcode>(I));
    INFO(Info.Text);
    if (!Info.isSimple()) {
      CHECK(std::string(Info.Results) == "?");
      continue;
    }
    for (const char *P = Info.Params; *P; ++P)
      CHECK(std::string("ilfdva").find(*P) != std::string::npos);
    for (const char *P = Info.Results; *P; ++P)
      CHECK(std::string("ilfdva").find(*P) != std::string::npos);
  }
  // Spot checks against the spec.
  CHECK(std::string(opInfo(Opcode::I32Add).Params) == "ii");
  CHECK(std::string(opInfo(Opcode::F64ConvertI32U).Params) == "i");
  CHECK(std::string(opInfo(Opcode::F64ConvertI32U).Results) == "d");
  CHECK(opInfo(Opcode::I64TruncSatF64U).Prefix == 0xfc);
  CHECK(opInfo(Opcode::I64TruncSatF64U).Code == 7);
  CHECK(opInfo(Opcode::I64AtomicRmw32CmpxchgU).Code == 0x4e);
}
