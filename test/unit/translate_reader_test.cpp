//===- translate_reader_test.cpp - LEB128 and names -----------------------===//

#include "Reader.h"
#include "wasm_builder.h"

#include <catch2/catch.hpp>

using namespace w2o;
using wb::Bytes;

namespace {
Reader reader(const Bytes &B) { return Reader(B, 0); }
} // namespace

TEST_CASE("unsigned LEB128 decodes and rejects overlong forms", "[leb]") {
  Bytes Max32{0xff, 0xff, 0xff, 0xff, 0x0f};
  Reader R = reader(Max32);
  CHECK(R.u32() == 0xffffffffu);
  CHECK(!R.failed());
  CHECK(R.atEnd());

  // Padding with zero continuation bytes is allowed up to 5 bytes.
  Bytes Padded{0x80, 0x80, 0x80, 0x80, 0x00};
  Reader R2 = reader(Padded);
  CHECK(R2.u32() == 0);
  CHECK(!R2.failed());

  // A sixth byte is too long.
  Bytes TooLong{0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  Reader R3 = reader(TooLong);
  R3.u32();
  CHECK(R3.failed());
  CHECK(R3.errorMessage() == "integer representation too long");

  // Unused bits of the fifth byte must be zero.
  Bytes TooLarge{0xff, 0xff, 0xff, 0xff, 0x1f};
  Reader R4 = reader(TooLarge);
  R4.u32();
  CHECK(R4.failed());
  CHECK(R4.errorMessage() == "integer too large");

  Bytes Truncated{0x80, 0x80};
  Reader R5 = reader(Truncated);
  R5.u32();
  CHECK(R5.failed());
  CHECK(R5.errorMessage() == "unexpected end");
  CHECK(R5.errorOffset() == 0);
}

TEST_CASE("signed LEB128 sign-extends and checks the unused bits", "[leb]") {
  CHECK(reader(wb::sleb(-1)).s32() == -1);
  CHECK(reader(wb::sleb(INT32_MIN)).s32() == INT32_MIN);
  CHECK(reader(wb::sleb(INT32_MAX)).s32() == INT32_MAX);
  CHECK(reader(wb::sleb(INT64_MIN)).s64() == INT64_MIN);
  CHECK(reader(wb::sleb(INT64_MAX)).s64() == INT64_MAX);
  CHECK(reader(wb::sleb(-64)).s64() == -64);
  CHECK(reader(wb::sleb(63)).s64() == 63);

  // -1 as five bytes: the last byte must be 0x7f (all sign bits).
  Bytes MinusOne5{0xff, 0xff, 0xff, 0xff, 0x7f};
  Reader R = reader(MinusOne5);
  CHECK(R.s32() == -1);
  CHECK(!R.failed());

  // 0x4f in the last byte: bits above the sign differ from it.
  Bytes Bad{0xff, 0xff, 0xff, 0xff, 0x4f};
  Reader R2 = reader(Bad);
  R2.s32();
  CHECK(R2.failed());
  CHECK(R2.errorMessage() == "integer too large");

  // i64: ten bytes at most, the last one 0x00 or 0x7f.
  Bytes Ok64{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f};
  Reader R3 = reader(Ok64);
  CHECK(R3.s64() == INT64_MIN);
  CHECK(!R3.failed());
  Bytes Bad64{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
  Reader R4 = reader(Bad64);
  R4.s64();
  CHECK(R4.failed());

  // s33 block types: 0x40 is -64.
  Bytes Empty{0x40};
  CHECK(reader(Empty).s33() == -64);
}

TEST_CASE("fixed-width values are little-endian", "[leb]") {
  Bytes B{0x78, 0x56, 0x34, 0x12, 0xef, 0xcd,
          0xab, 0x89, 0x67, 0x45, 0x23, 0x01};
  Reader R = reader(B);
  CHECK(R.fixed32() == 0x12345678u);
  CHECK(R.fixed64() == 0x0123456789abcdefull);
  CHECK(R.atEnd());
  R.fixed32();
  CHECK(R.failed());
}

TEST_CASE("names must be valid UTF-8", "[leb]") {
  Bytes Good = wb::name("h\xc3\xa9llo \xf0\x9f\x98\x80");
  Reader R = reader(Good);
  CHECK(R.name() == "h\xc3\xa9llo \xf0\x9f\x98\x80");
  CHECK(!R.failed());

  for (Bytes Bad : {Bytes{0x01, 0x80}, Bytes{0x02, 0xc0, 0x80},
                    Bytes{0x03, 0xed, 0xa0, 0x80},       // surrogate
                    Bytes{0x04, 0xf4, 0x90, 0x80, 0x80}, // > U+10FFFF
                    Bytes{0x02, 0xe2, 0x82}}) {          // truncated
    Reader RB = reader(Bad);
    RB.name();
    CHECK(RB.failed());
  }
}

TEST_CASE("a count larger than the remaining bytes fails early", "[leb]") {
  Bytes B = wb::cat({wb::uleb(1000000), Bytes{1, 2, 3}});
  Reader R = reader(B);
  CHECK(R.count() == 0);
  CHECK(R.failed());
}
