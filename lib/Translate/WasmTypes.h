//===- WasmTypes.h - WebAssembly types and module-level entities ----------===//
//
// The small vocabulary shared by the decoder, the validator and the
// translator: value types, function types, limits, and the kinds of
// external values.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_TRANSLATE_WASMTYPES_H
#define WASM2OBJ_TRANSLATE_WASMTYPES_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>

namespace w2o {

/// Value types, numbered by their binary encoding. `Bottom` is the
/// validator's unknown type on a polymorphic stack; it never appears in a
/// module.
enum class ValType : uint8_t {
  Bottom = 0,
  I32 = 0x7f,
  I64 = 0x7e,
  F32 = 0x7d,
  F64 = 0x7c,
  V128 = 0x7b,
  FuncRef = 0x70,
  ExternRef = 0x6f,
  ExnRef = 0x69,
};

inline bool isRefType(ValType T) {
  return T == ValType::FuncRef || T == ValType::ExternRef ||
         T == ValType::ExnRef;
}
inline bool isNumType(ValType T) {
  return T == ValType::I32 || T == ValType::I64 || T == ValType::F32 ||
         T == ValType::F64;
}
llvm::StringRef valTypeName(ValType T);

struct FuncType {
  llvm::SmallVector<ValType, 4> Params;
  llvm::SmallVector<ValType, 2> Results;
  bool operator==(const FuncType &O) const {
    return Params == O.Params && Results == O.Results;
  }
  /// "[i32 i32] -> [i64]"
  std::string str() const;
};

struct Limits {
  uint64_t Min = 0;
  uint64_t Max = 0;
  bool HasMax = false;
  bool Is64 = false;   // memory64 / table64
  bool Shared = false; // threads
};

struct TableType {
  ValType Elem = ValType::FuncRef;
  Limits Lim;
};

struct MemoryType {
  Limits Lim;
};

struct GlobalType {
  ValType Type = ValType::I32;
  bool Mutable = false;
};

struct TagType {
  uint32_t TypeIndex = 0;
};

enum class ExternKind : uint8_t {
  Func = 0,
  Table = 1,
  Memory = 2,
  Global = 3,
  Tag = 4,
};
llvm::StringRef externKindName(ExternKind K);

} // namespace w2o

#endif
