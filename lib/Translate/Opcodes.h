//===- Opcodes.h - operator enums and the operator table ------------------===//
//
// Everything here is generated from Opcodes.def: the Opcode enum over all
// operators, one enum per family for the translator's switches, and the
// table of names, encodings, immediates and signatures.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_TRANSLATE_OPCODES_H
#define WASM2OBJ_TRANSLATE_OPCODES_H

#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>

namespace w2o {

enum class OpFamily : uint8_t {
  Control,
  Parametric,
  Variable,
  Table,
  Memory,
  Numeric,
  Conversion,
  Reference,
  Atomic,
  Exception,
  Simd,
};

/// The immediate operands an operator carries (decoded by decodeImmediates).
enum class ImmKind : uint8_t {
  None,
  BlockType,    // block type
  Label,        // label index
  BrTable,      // vec(label) label
  Func,         // function index
  CallIndirect, // type index, table index
  Local,        // local index
  Global,       // global index
  Table,        // table index
  TableInit,    // element index, table index
  Elem,         // element index
  TableCopy,    // table index, table index
  MemArg,       // align flags (+ memory index), offset
  Memory,       // memory index (a zero byte before multi-memory)
  MemoryInit,   // data index, memory index
  Data,         // data index
  MemoryCopy,   // memory index, memory index
  I32,          // i32 constant (signed LEB)
  I64,          // i64 constant (signed LEB)
  F32,          // 4 bytes
  F64,          // 8 bytes
  SelectT,      // vec(valtype)
  HeapType,     // reference type of ref.null
  Tag,          // tag index
  Zero,         // a reserved zero byte
  TryTable,     // block type, vec(catch clause)
  V128,         // 16 bytes (v128.const)
  Lane,         // lane index byte, below the operator's lane count
  MemArgLane,   // memarg, then a lane index byte
  Shuffle,      // 16 lane index bytes, each below 32
};

enum class Opcode : uint16_t {
#define W2O_OP(Family, Name, ...) Name,
#include "Opcodes.def"
};

constexpr unsigned NumOpcodes = 0
#define W2O_OP(...) +1
#include "Opcodes.def"
    ;

enum class ControlOp : uint16_t {
#define W2O_CONTROL(Name, ...) Name,
#include "Opcodes.def"
};
enum class ParametricOp : uint16_t {
#define W2O_PARAMETRIC(Name, ...) Name,
#include "Opcodes.def"
};
enum class VariableOp : uint16_t {
#define W2O_VARIABLE(Name, ...) Name,
#include "Opcodes.def"
};
enum class TableOp : uint16_t {
#define W2O_TABLE(Name, ...) Name,
#include "Opcodes.def"
};
enum class MemoryOp : uint16_t {
#define W2O_MEMORY(Name, ...) Name,
#include "Opcodes.def"
};
enum class NumericOp : uint16_t {
#define W2O_NUMERIC(Name, ...) Name,
#include "Opcodes.def"
};
enum class ConversionOp : uint16_t {
#define W2O_CONVERSION(Name, ...) Name,
#include "Opcodes.def"
};
enum class ReferenceOp : uint16_t {
#define W2O_REFERENCE(Name, ...) Name,
#include "Opcodes.def"
};
enum class AtomicOp : uint16_t {
#define W2O_ATOMIC(Name, ...) Name,
#include "Opcodes.def"
};
enum class ExceptionOp : uint16_t {
#define W2O_EXCEPTION(Name, ...) Name,
#include "Opcodes.def"
};
enum class SimdOp : uint16_t {
#define W2O_SIMD(Name, ...) Name,
#include "Opcodes.def"
};

struct OpInfo {
  const char *Text;
  uint8_t Prefix; // 0 for single-byte opcodes, else 0xfc / 0xfd / 0xfe
  uint32_t Code;
  OpFamily Family;
  uint16_t FamilyIndex; // value of the family enum
  ImmKind Imm;
  const char *Params;  // signature letters, or "?" when not simple
  const char *Results; // signature letters, or "?" when not simple
  bool isSimple() const { return Params[0] != '?'; }
};

const OpInfo &opInfo(Opcode Op);
inline llvm::StringRef opName(Opcode Op) { return opInfo(Op).Text; }

/// Finds the operator for a prefix byte (0 for none) and code.
std::optional<Opcode> lookupOpcode(uint8_t Prefix, uint32_t Code);

} // namespace w2o

#endif
