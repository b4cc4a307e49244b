//===- translate_validate_test.cpp - decoder and validator ----------------===//
//
// Small binaries, assembled by wasm_builder.h, through decodeModule and
// compileModule: what is malformed, what is invalid, and where.
//
//===----------------------------------------------------------------------===//

#include "Compiler.h"
#include "WasmError.h"
#include "wasm_builder.h"

#include <catch2/catch.hpp>

using namespace w2o;
using namespace wb;

namespace {

struct Diagnostic {
  bool Ok = false;
  WasmErrorKind Kind = WasmErrorKind::Malformed;
  uint64_t Offset = 0;
  std::string Message;
};

Diagnostic check(const Bytes &B, Features F = Features()) {
  Diagnostic D;
  auto Take = [&](llvm::Error E) {
    llvm::handleAllErrors(
        std::move(E),
        [&](const WasmError &WE) {
          D.Kind = WE.kind();
          D.Offset = WE.offset();
          D.Message = WE.text();
        },
        [&](const llvm::ErrorInfoBase &EI) { D.Message = EI.message(); });
  };
  auto M = decodeModule(B, F);
  if (!M) {
    Take(M.takeError());
    return D;
  }
  CompileOptions Opts;
  Opts.OptLevel = 0;
  llvm::SmallVector<char, 0> Out;
  if (llvm::Error E = compileModule(**M, Opts, EmitKind::LLVMIR, Out)) {
    Take(std::move(E));
    return D;
  }
  D.Ok = true;
  return D;
}

// Offset of the first byte of the code section's first body's code (after
// the body size and the locals vector), for a module built by
// singleFunction with no locals.
size_t codeStart(const WasmBuilder &W, size_t CodeLen) {
  return W.size() - CodeLen;
}

} // namespace

TEST_CASE("the header is checked", "[decoder]") {
  Diagnostic D = check(Bytes{0x00, 0x61, 0x73});
  CHECK(!D.Ok);
  CHECK(D.Kind == WasmErrorKind::Malformed);
  CHECK(D.Message == "unexpected end");
  CHECK(D.Offset == 3);
  CHECK(check(Bytes{0x00, 0x61, 0x62}).Message == "magic header not detected");
  CHECK(check(Bytes{0x01, 0x61, 0x73, 0x6d, 1, 0, 0, 0}).Message ==
        "magic header not detected");

  D = check(Bytes{0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00});
  CHECK(D.Message == "unknown binary version");
  CHECK(D.Offset == 4);

  CHECK(check(WasmBuilder().bytes()).Ok);
}

TEST_CASE("sections are ordered and sized", "[decoder]") {
  WasmBuilder W;
  W.section(3, vec({})).section(1, vec({}));
  Diagnostic D = check(W.bytes());
  CHECK(D.Kind == WasmErrorKind::Malformed);
  CHECK(D.Message == "unexpected content after last section");
  CHECK(D.Offset == 11); // the type section's id byte

  WasmBuilder Size;
  Size.sectionWithSize(1, 2, vec({}));
  D = check(Size.bytes());
  CHECK(D.Kind == WasmErrorKind::Malformed);

  WasmBuilder Unknown;
  Unknown.section(14, {});
  CHECK(check(Unknown.bytes()).Message == "malformed section id");

  // Custom sections may appear anywhere.
  WasmBuilder Custom;
  Custom.section(0, name("x")).section(1, vec({})).section(0, name("y"));
  CHECK(check(Custom.bytes()).Ok);
}

TEST_CASE("function and code sections must agree", "[decoder]") {
  WasmBuilder W;
  W.section(1, vec({functype({}, {})})).section(3, vec({uleb(0)}));
  Diagnostic D = check(W.bytes());
  CHECK(D.Kind == WasmErrorKind::Malformed);
  CHECK(D.Message == "function and code section have inconsistent lengths");
}

TEST_CASE("index spaces are checked with the byte offset", "[decoder]") {
  WasmBuilder W;
  W.section(1, vec({functype({}, {})})).section(3, vec({uleb(1)}));
  Diagnostic D = check(W.bytes());
  CHECK(D.Kind == WasmErrorKind::Invalid);
  CHECK(D.Message == "unknown type 1");
  CHECK(D.Offset == W.size() - 1);
}

TEST_CASE("memory limits", "[decoder]") {
  WasmBuilder W;
  W.section(5, vec({cat({{0x01}, uleb(2), uleb(1)})}));
  CHECK(check(W.bytes()).Message ==
        "size minimum must not be greater than maximum");

  WasmBuilder Big;
  Big.section(5, vec({cat({{0x00}, uleb(65537)})}));
  CHECK(check(Big.bytes()).Kind == WasmErrorKind::Invalid);

  WasmBuilder Two;
  Two.section(5, vec({cat({{0x00}, uleb(1)}), cat({{0x00}, uleb(1)})}));
  CHECK(check(Two.bytes(), Features::wasm2()).Message == "multiple memories");
  CHECK(check(Two.bytes()).Ok); // multi-memory is on by default
}

TEST_CASE("duplicate export names are invalid", "[decoder]") {
  WasmBuilder W;
  W.section(1, vec({functype({}, {})}))
      .section(3, vec({uleb(0)}))
      .section(7, vec({cat({name("f"), {0x00}, uleb(0)}),
                       cat({name("f"), {0x00}, uleb(0)})}))
      .section(10, vec({body({}, {0x0b})}));
  CHECK(check(W.bytes()).Message == "duplicate export name");
}

TEST_CASE("type mismatches name the operator and the types", "[validator]") {
  // (func (result i32) (i32.add (i32.const 1) (f32.const 0)))
  Bytes Code = cat({{0x41, 0x01, 0x43, 0, 0, 0, 0, 0x6a, 0x0b}});
  WasmBuilder W;
  W.singleFunction({}, {I32}, body({}, Code));
  Diagnostic D = check(W.bytes());
  CHECK(D.Kind == WasmErrorKind::Invalid);
  CHECK(D.Message ==
        "type mismatch in i32.add: expected [i32 i32], got [i32 f32]");
  CHECK(D.Offset == codeStart(W, Code.size()) + 7);
}

TEST_CASE("a block must leave exactly its results", "[validator]") {
  // (func (block (result i32) (nop)))  -- missing the i32
  WasmBuilder W;
  W.singleFunction({}, {}, body({}, Bytes{0x02, 0x7f, 0x01, 0x0b, 0x1a, 0x0b}));
  CHECK(check(W.bytes()).Kind == WasmErrorKind::Invalid);

  // Unreachable code is still type-checked: (unreachable) (i64.const 0)
  // (i32.add) must fail, but (unreachable) (i32.add) alone is fine.
  WasmBuilder Bad;
  Bad.singleFunction({}, {I32}, body({}, Bytes{0x00, 0x42, 0x00, 0x6a, 0x0b}));
  CHECK(check(Bad.bytes()).Message ==
        "type mismatch in i32.add: expected [i32 i32], got [i64]");
  WasmBuilder Good;
  Good.singleFunction({}, {I32}, body({}, Bytes{0x00, 0x6a, 0x0b}));
  CHECK(check(Good.bytes()).Ok);
}

TEST_CASE("branches check label arity and depth", "[validator]") {
  WasmBuilder W;
  W.singleFunction({}, {}, body({}, Bytes{0x0c, 0x01, 0x0b}));
  CHECK(check(W.bytes()).Message == "unknown label 1");

  // br_table with labels of different arities.
  WasmBuilder T;
  T.singleFunction({}, {},
                   body({}, Bytes{0x02, 0x7f, 0x41, 0x00, 0x41, 0x00, 0x0e,
                                  0x01, 0x00, 0x01, 0x0b, 0x1a, 0x0b}));
  CHECK(check(T.bytes()).Kind == WasmErrorKind::Invalid);
}

TEST_CASE("locals, globals and functions are bounds-checked", "[validator]") {
  WasmBuilder L;
  L.singleFunction({}, {}, body({{1, I32}}, Bytes{0x20, 0x01, 0x1a, 0x0b}));
  CHECK(check(L.bytes()).Message == "unknown local 1");

  WasmBuilder G;
  G.singleFunction({}, {}, body({}, Bytes{0x23, 0x00, 0x1a, 0x0b}));
  CHECK(check(G.bytes()).Message == "unknown global 0");

  WasmBuilder C;
  C.singleFunction({}, {}, body({}, Bytes{0x10, 0x05, 0x0b}));
  CHECK(check(C.bytes()).Message == "unknown function 5");
}

TEST_CASE("immutable globals cannot be set", "[validator]") {
  WasmBuilder W;
  W.section(1, vec({functype({}, {})}))
      .section(3, vec({uleb(0)}))
      .section(6, vec({cat({{I32, 0x00}, {0x41, 0x00, 0x0b}})}))
      .section(10, vec({body({}, Bytes{0x41, 0x01, 0x24, 0x00, 0x0b})}));
  CHECK(check(W.bytes()).Message == "global is immutable");
}

TEST_CASE("memory instructions need a memory and natural alignment",
          "[validator]") {
  WasmBuilder NoMem;
  NoMem.singleFunction({}, {I32},
                       body({}, Bytes{0x41, 0x00, 0x28, 0x02, 0x00, 0x0b}));
  CHECK(check(NoMem.bytes()).Message == "unknown memory 0");

  WasmBuilder Align;
  Align.section(1, vec({functype({}, {I32})}))
      .section(3, vec({uleb(0)}))
      .section(5, vec({cat({{0x00}, uleb(1)})}))
      .section(10, vec({body({}, Bytes{0x41, 0x00, 0x28, 0x03, 0x00, 0x0b})}));
  CHECK(check(Align.bytes()).Message ==
        "alignment must not be larger than natural");
}

TEST_CASE("a body must end with end and nothing after", "[validator]") {
  WasmBuilder NoEnd;
  NoEnd.singleFunction({}, {}, body({}, Bytes{0x01}));
  Diagnostic D = check(NoEnd.bytes());
  CHECK(D.Kind == WasmErrorKind::Malformed);

  WasmBuilder Illegal;
  Illegal.singleFunction({}, {}, body({}, Bytes{0xff, 0x0b}));
  CHECK(check(Illegal.bytes()).Message == "illegal opcode");
}

TEST_CASE("memory.init needs the data count section", "[validator]") {
  WasmBuilder W;
  W.section(1, vec({functype({}, {})}))
      .section(3, vec({uleb(0)}))
      .section(5, vec({cat({{0x00}, uleb(1)})}))
      .section(10, vec({body({}, Bytes{0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 0x08,
                                       0x00, 0x00, 0x0b})}))
      .section(11, vec({cat({{0x01}, name("ab")})}));
  Diagnostic D = check(W.bytes());
  CHECK(D.Kind == WasmErrorKind::Malformed);
  CHECK(D.Message == "data count section required");
}

TEST_CASE("ref.func needs a declared function", "[validator]") {
  WasmBuilder W;
  W.singleFunction({}, {}, body({}, Bytes{0xd2, 0x00, 0x1a, 0x0b}));
  CHECK(check(W.bytes()).Message == "undeclared function reference");
}

TEST_CASE("too many locals is malformed", "[validator]") {
  WasmBuilder W;
  W.singleFunction({}, {},
                   body({{0xffffffffu, I32}, {0xffffffffu, I32}}, Bytes{0x0b}));
  CHECK(check(W.bytes()).Message == "too many locals");
}

TEST_CASE("SIMD lane indices and alignments are checked", "[validator]") {
  constexpr uint8_t V128 = 0x7b;
  // (func (param v128) (result i32) (i8x16.extract_lane_s LANE (local.get 0)))
  auto Extract = [&](uint8_t Lane) {
    WasmBuilder W;
    W.singleFunction({V128}, {I32},
                     body({}, Bytes{0x20, 0x00, 0xfd, 0x15, Lane, 0x0b}));
    return check(W.bytes());
  };
  CHECK(Extract(15).Ok);
  Diagnostic D = Extract(16);
  CHECK(D.Kind == WasmErrorKind::Invalid);
  CHECK(D.Message == "invalid lane index");

  // i8x16.shuffle: each of the 16 lanes below 32.
  auto Shuffle = [&](uint8_t Last) {
    Bytes Code{0x20, 0x00, 0x20, 0x00, 0xfd, 0x0d};
    for (unsigned I = 0; I < 15; ++I)
      Code.push_back(I);
    Code.push_back(Last);
    Code.push_back(0x0b);
    WasmBuilder W;
    W.singleFunction({V128}, {V128}, body({}, Code));
    return check(W.bytes());
  };
  CHECK(Shuffle(31).Ok);
  CHECK(Shuffle(32).Message == "invalid lane index");

  // v128.load32_lane ALIGN 0 LANE (i32.const 0) (local.get 0)
  auto LoadLane = [&](uint8_t Align, uint8_t Lane) {
    WasmBuilder W;
    W.section(1, vec({functype({V128}, {V128})}))
        .section(3, vec({uleb(0)}))
        .section(5, vec({cat({{0x00}, uleb(1)})}))
        .section(10, vec({body({}, Bytes{0x41, 0x00, 0x20, 0x00, 0xfd, 0x56,
                                         Align, 0x00, Lane, 0x0b})}));
    return check(W.bytes());
  };
  CHECK(LoadLane(2, 3).Ok);
  CHECK(LoadLane(2, 4).Message == "invalid lane index");
  CHECK(LoadLane(3, 0).Message == "alignment must not be larger than natural");
}

TEST_CASE("SIMD operators are typed from the table", "[validator]") {
  // (func (result v128) (i8x16.add (i32.const 0) (i32.const 0)))
  WasmBuilder W;
  W.singleFunction({}, {0x7b},
                   body({}, Bytes{0x41, 0x00, 0x41, 0x00, 0xfd, 0x6e, 0x0b}));
  CHECK(check(W.bytes()).Message ==
        "type mismatch in i8x16.add: expected [v128 v128], got [i32 i32]");
}

TEST_CASE("SIMD opcodes are illegal when unused or disabled", "[validator]") {
  // (func (drop (i8x16.splat (i32.const 0))))
  WasmBuilder Splat;
  Splat.singleFunction({}, {},
                       body({}, Bytes{0x41, 0x00, 0xfd, 0x0f, 0x1a, 0x0b}));
  CHECK(check(Splat.bytes()).Ok);
  Features NoSimd;
  NoSimd.SIMD = false;
  Diagnostic D = check(Splat.bytes(), NoSimd);
  CHECK(D.Kind == WasmErrorKind::Malformed);
  CHECK(D.Message == "illegal opcode");

  // 0xfd 0x9a is an unused code (LEB 0x9a 0x01).
  WasmBuilder Unused;
  Unused.singleFunction({}, {}, body({}, Bytes{0xfd, 0x9a, 0x01, 0x0b}));
  CHECK(check(Unused.bytes()).Message == "illegal opcode");
}
