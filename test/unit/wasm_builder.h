//===- wasm_builder.h - assembling small binaries for the unit tests ------===//
//
// Modules are written as sections of readable parts rather than opaque hex:
//   WasmBuilder W;
//   W.section(1, vec({functype({I32}, {I32})}));
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_TEST_WASM_BUILDER_H
#define WASM2OBJ_TEST_WASM_BUILDER_H

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace wb {

using Bytes = std::vector<uint8_t>;

constexpr uint8_t I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c,
                  FUNCREF = 0x70, EXTERNREF = 0x6f;

inline Bytes uleb(uint64_t V) {
  Bytes B;
  do {
    uint8_t Byte = V & 0x7f;
    V >>= 7;
    if (V)
      Byte |= 0x80;
    B.push_back(Byte);
  } while (V);
  return B;
}

inline Bytes sleb(int64_t V) {
  Bytes B;
  bool More = true;
  while (More) {
    uint8_t Byte = V & 0x7f;
    V >>= 7;
    if ((V == 0 && !(Byte & 0x40)) || (V == -1 && (Byte & 0x40)))
      More = false;
    else
      Byte |= 0x80;
    B.push_back(Byte);
  }
  return B;
}

inline Bytes cat(std::initializer_list<Bytes> Parts) {
  Bytes B;
  for (const Bytes &P : Parts)
    B.insert(B.end(), P.begin(), P.end());
  return B;
}

inline Bytes vec(std::initializer_list<Bytes> Items) {
  Bytes B = uleb(Items.size());
  for (const Bytes &I : Items)
    B.insert(B.end(), I.begin(), I.end());
  return B;
}

inline Bytes name(const std::string &S) {
  Bytes B = uleb(S.size());
  B.insert(B.end(), S.begin(), S.end());
  return B;
}

inline Bytes functype(Bytes Params, Bytes Results) {
  return cat(
      {{0x60}, uleb(Params.size()), Params, uleb(Results.size()), Results});
}

/// A function body: locals (count, type) pairs, then code (ending in end).
inline Bytes body(std::initializer_list<std::pair<uint32_t, uint8_t>> Locals,
                  Bytes Code) {
  Bytes B = uleb(Locals.size());
  for (auto &L : Locals) {
    Bytes N = uleb(L.first);
    B.insert(B.end(), N.begin(), N.end());
    B.push_back(L.second);
  }
  B.insert(B.end(), Code.begin(), Code.end());
  Bytes Sized = uleb(B.size());
  Sized.insert(Sized.end(), B.begin(), B.end());
  return Sized;
}

class WasmBuilder {
public:
  WasmBuilder() : Data{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00} {}
  WasmBuilder &section(uint8_t Id, const Bytes &Contents) {
    Data.push_back(Id);
    Bytes Size = uleb(Contents.size());
    Data.insert(Data.end(), Size.begin(), Size.end());
    Data.insert(Data.end(), Contents.begin(), Contents.end());
    return *this;
  }
  /// A section whose declared size differs from its contents.
  WasmBuilder &sectionWithSize(uint8_t Id, uint32_t Size,
                               const Bytes &Contents) {
    Data.push_back(Id);
    Bytes S = uleb(Size);
    Data.insert(Data.end(), S.begin(), S.end());
    Data.insert(Data.end(), Contents.begin(), Contents.end());
    return *this;
  }
  /// One function of type Params -> Results with the given body.
  WasmBuilder &singleFunction(Bytes Params, Bytes Results, Bytes Body) {
    section(1, vec({functype(Params, Results)}));
    section(3, vec({uleb(0)}));
    section(10, vec({Body}));
    return *this;
  }
  const Bytes &bytes() const { return Data; }
  size_t size() const { return Data.size(); }

private:
  Bytes Data;
};

} // namespace wb

#endif
