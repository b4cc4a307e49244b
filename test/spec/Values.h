//===- Values.h - script values as runtime values, and their checks -------===//
//
// Arguments become wasirt_values; results are compared with the expected
// values: numbers bit for bit, nan:canonical and nan:arithmetic for floats
// (also per v128 lane), references by identity. An externref N of the
// script is the host pointer N + 1, so that ref.extern 0 is not null.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_SPEC_VALUES_H
#define WASM2OBJ_SPEC_VALUES_H

#include "WastScript.h"
#include "wasm2obj/abi.h"
#include <optional>
#include <string>

namespace w2o::spec {

/// The wasirt_valtype code of a script value type.
uint8_t valtypeCode(ValKind K);

/// The script value type of a wasirt_valtype code, if it has one.
std::optional<ValKind> valKindOf(uint8_t Code);

/// The host pointer standing for ref.extern N.
inline void *externRef(uint64_t N) {
  return reinterpret_cast<void *>(static_cast<uintptr_t>(N + 1));
}

/// An argument as a runtime value; fails for patterns that are not values
/// (NaN patterns, ref.func without an index).
std::optional<wasirt_value> toRuntimeValue(const Value &V);

/// Whether Got, a value of type GotKind, is what Expected describes.
bool matches(const Value &Expected, ValKind GotKind, const wasirt_value &Got);

/// "i32:42", "f32:nan:canonical", "externref:1", "funcref:null" ...
std::string describe(const Value &V);
/// The same for a runtime value of the given type.
std::string describe(ValKind K, const wasirt_value &V);

/// Reads a value of type K from a 16-byte global cell.
wasirt_value readCell(ValKind K, const void *Cell);

} // namespace w2o::spec

#endif
