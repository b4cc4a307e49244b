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
  // SIMD: the unused codes of the final numbering, those after relaxed
  // SIMD's last (0x113), and the end of the table's page.
  for (unsigned Code : {0x9a, 0xa2, 0xa5, 0xa6, 0xaf,  0xb0,  0xb2,  0xb3,
                        0xb4, 0xbb, 0xc2, 0xc5, 0xc6,  0xcf,  0xd0,  0xd2,
                        0xd3, 0xd4, 0xe2, 0xee, 0x114, 0x1ff, 0x200, 0x100000})
    CHECK(!lookupOpcode(0xfd, Code).has_value());
  CHECK(lookupOpcode(0xfd, 0x100) == Opcode::I8x16RelaxedSwizzle);
  CHECK(lookupOpcode(0xfd, 0x113) == Opcode::I32x4RelaxedDotI8x16I7x16AddS);
}

TEST_CASE("the SIMD operators are WebAssembly 2.0's and relaxed SIMD's",
          "[opcodes]") {
  unsigned Simd = 0;
  for (unsigned I = 0; I < NumOpcodes; ++I) {
    const OpInfo &Info = opInfo(static_cast<Opcode>(I));
    INFO(Info.Text);
    CHECK((Info.Family == OpFamily::Simd) == (Info.Prefix == 0xfd));
    if (Info.Family != OpFamily::Simd)
      continue;
    ++Simd;
    // Every SIMD operator is simple, and its lane shape (or v128) is the
    // prefix of its name.
    CHECK(Info.isSimple());
    std::string Text = Info.Text;
    std::string Shape = Text.substr(0, Text.find('.'));
    CHECK(std::set<std::string>{"v128", "i8x16", "i16x8", "i32x4", "i64x2",
                                "f32x4", "f64x2"}
              .count(Shape) == 1);
    // Lane immediates go with lane operators, memargs with memory ones.
    bool Lane = Text.find("_lane") != std::string::npos &&
                Text.find("_laneselect") == std::string::npos;
    CHECK((Info.Imm == ImmKind::Lane || Info.Imm == ImmKind::MemArgLane) ==
          Lane);
    bool Memory =
        Text.rfind("v128.load", 0) == 0 || Text.rfind("v128.store", 0) == 0;
    CHECK((Info.Imm == ImmKind::MemArg || Info.Imm == ImmKind::MemArgLane) ==
          Memory);
    CHECK((std::string(Info.Params).find('a') == 0) == Memory);
  }
  // 256 = 0x00..0xff less the 20 unused codes, and relaxed SIMD's 20
  // (0x100..0x113).
  CHECK(Simd == 256);

  auto Is = [](Opcode Op, unsigned Code, ImmKind Imm, const char *Params,
               const char *Results) {
    const OpInfo &Info = opInfo(Op);
    INFO(Info.Text);
    CHECK(Info.Prefix == 0xfd);
    CHECK(Info.Code == Code);
    CHECK(Info.Imm == Imm);
    CHECK(std::string(Info.Params) == Params);
    CHECK(std::string(Info.Results) == Results);
  };
  Is(Opcode::V128Load, 0x00, ImmKind::MemArg, "a", "v");
  Is(Opcode::V128Store, 0x0b, ImmKind::MemArg, "av", "");
  Is(Opcode::V128Const, 0x0c, ImmKind::V128, "", "v");
  Is(Opcode::I8x16Shuffle, 0x0d, ImmKind::Shuffle, "vv", "v");
  Is(Opcode::I64x2Splat, 0x12, ImmKind::None, "l", "v");
  Is(Opcode::I8x16ExtractLaneS, 0x15, ImmKind::Lane, "v", "i");
  Is(Opcode::F64x2ReplaceLane, 0x22, ImmKind::Lane, "vd", "v");
  Is(Opcode::V128Bitselect, 0x52, ImmKind::None, "vvv", "v");
  Is(Opcode::V128AnyTrue, 0x53, ImmKind::None, "v", "i");
  Is(Opcode::V128Load16Lane, 0x55, ImmKind::MemArgLane, "av", "v");
  Is(Opcode::V128Store64Lane, 0x5b, ImmKind::MemArgLane, "av", "");
  Is(Opcode::V128Load64Zero, 0x5d, ImmKind::MemArg, "a", "v");
  Is(Opcode::I8x16Shl, 0x6b, ImmKind::None, "vi", "v");
  Is(Opcode::F64x2Nearest, 0x94, ImmKind::None, "v", "v");
  Is(Opcode::I16x8Q15mulrSatS, 0x82, ImmKind::None, "vv", "v");
  Is(Opcode::I32x4DotI16x8S, 0xba, ImmKind::None, "vv", "v");
  Is(Opcode::I64x2Bitmask, 0xc4, ImmKind::None, "v", "i");
  Is(Opcode::I64x2GeS, 0xdb, ImmKind::None, "vv", "v");
  Is(Opcode::F32x4Pmax, 0xeb, ImmKind::None, "vv", "v");
  Is(Opcode::F64x2ConvertLowI32x4U, 0xff, ImmKind::None, "v", "v");
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
