//===- Module.h - the decoded module ----------------------------------------//
//
// What the decoder keeps of a module: the module-level sections, decoded
// and validated, and the byte range of every function body, which the
// function translator decodes and validates later (in parallel).
// Index spaces put imports first, as the spec does.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_TRANSLATE_MODULE_H
#define WASM2OBJ_TRANSLATE_MODULE_H

#include "Features.h"
#include "WasmTypes.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace w2o {

/// One instruction of a constant expression.
struct ConstInstr {
  enum Kind : uint8_t {
    I32Const,
    I64Const,
    F32Const,
    F64Const,
    V128Const,
    RefNull,
    RefFunc,
    GlobalGet,
    I32Add,
    I32Sub,
    I32Mul,
    I64Add,
    I64Sub,
    I64Mul,
  } K;
  ValType Type = ValType::Bottom; // RefNull: the reference type
  uint32_t Index = 0;             // RefFunc, GlobalGet
  uint64_t Bits[2] = {0, 0};      // constants (V128: low, high)
};

struct ConstExpr {
  std::vector<ConstInstr> Instrs;
  uint64_t Offset = 0; // of the first byte
  ValType Type = ValType::Bottom;
};

struct Import {
  std::string Module;
  std::string Name;
  ExternKind Kind = ExternKind::Func;
  uint32_t Index = 0; // index in the kind's index space
  uint64_t Offset = 0;

  /// A function libwasirt provides: every wasi_snapshot_preview1 function
  /// and wasi-threads' wasi.thread-spawn. None of them unwinds into wasm,
  /// and an embedder does not write them (the C header leaves them out).
  bool isRuntimeFunction() const {
    return Kind == ExternKind::Func &&
           (Module == "wasi_snapshot_preview1" ||
            (Module == "wasi" && Name == "thread-spawn"));
  }
};

struct Export {
  std::string Name;
  ExternKind Kind = ExternKind::Func;
  uint32_t Index = 0;
};

struct Global {
  GlobalType Type;
  ConstExpr Init; // empty for imports
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElemSegment {
  SegmentMode Mode = SegmentMode::Active;
  uint32_t Table = 0;
  ConstExpr Offset; // active only
  ValType Type = ValType::FuncRef;
  std::vector<ConstExpr> Items; // each ref.func / ref.null / global.get
  uint64_t FileOffset = 0;
};

struct DataSegment {
  SegmentMode Mode = SegmentMode::Active;
  uint32_t Memory = 0;
  ConstExpr Offset; // active only
  llvm::ArrayRef<uint8_t> Bytes;
  uint64_t FileOffset = 0;
};

struct FunctionBody {
  uint64_t Offset = 0; // file offset of the body (after its size)
  llvm::ArrayRef<uint8_t> Bytes;
};

struct Module {
  Features Feats;
  llvm::ArrayRef<uint8_t> Bytes; // the whole binary; the caller keeps it

  std::vector<FuncType> Types;
  std::vector<Import> Imports;
  std::vector<uint32_t> FuncTypeIndices; // type index of every function
  std::vector<TableType> Tables;
  std::vector<MemoryType> Memories;
  std::vector<Global> Globals;
  std::vector<TagType> Tags;
  std::vector<Export> Exports;
  std::optional<uint32_t> Start;
  std::vector<ElemSegment> Elems;
  std::optional<uint32_t> DataCount;
  std::vector<DataSegment> Data;
  std::vector<FunctionBody> Bodies; // defined functions, in order

  uint32_t NumImportedFuncs = 0;
  uint32_t NumImportedTables = 0;
  uint32_t NumImportedMemories = 0;
  uint32_t NumImportedGlobals = 0;
  uint32_t NumImportedTags = 0;

  /// Functions that ref.func may name in code: those referenced from
  /// element segments, exports, or global initialisers (spec: C.refs).
  llvm::BitVector DeclaredFuncRefs;

  /// Tables whose elements may change after instantiation: imported,
  /// exported, or written by some instruction (Scan.cpp). The others hold
  /// what the active element segments put there, for good.
  llvm::BitVector MutableTables;

  /// An exception may start in, or pass through, the module's code: it has
  /// tags or exception instructions, imports a function other than WASI's
  /// (which may be another module's code), or calls through a table that
  /// may hold another module's functions (MutableTables). Its functions
  /// unwind; any other module's are nounwind (Scan.cpp).
  bool MayUnwind = false;

  /// From the "name" custom section, when present and well formed. Any
  /// index may be named (a DenseMap would reserve two of them).
  std::string ModuleName;
  std::unordered_map<uint32_t, std::string> FuncNames;

  const FuncType &funcType(uint32_t FuncIndex) const {
    return Types[FuncTypeIndices[FuncIndex]];
  }
  uint32_t numFuncs() const { return FuncTypeIndices.size(); }
  uint32_t numDefinedFuncs() const { return Bodies.size(); }
  ValType addressType(uint32_t Mem) const {
    return Memories[Mem].Lim.Is64 ? ValType::I64 : ValType::I32;
  }
  ValType tableIndexType(uint32_t Table) const {
    return Tables[Table].Lim.Is64 ? ValType::I64 : ValType::I32;
  }
};

} // namespace w2o

#endif
