//===- ModuleContext.h - per-module state of the translation --------------===//
//
// What every function translator of one LLVM module shares: the decoded
// module, the options, LLVM types, the declarations of the functions and
// runtime calls, the instance layout and the TBAA tags. Per-function state
// (value stack, control stack) lives in FunctionTranslator.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_TRANSLATE_MODULECONTEXT_H
#define WASM2OBJ_TRANSLATE_MODULECONTEXT_H

#include "Compiler.h"
#include "Module.h"
#include "RuntimeCalls.h"
#include "wasm2obj/abi.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include <array>

namespace w2o {

/// Properties of the code generation target the translator needs.
struct TargetFacts {
  bool Is64Bit = true;
  bool HasRoundingInstrs = false; // ceil/floor/trunc/nearest in hardware
  bool HasFMA = false;            // fused multiply-add in hardware
  bool X86SSE2 = false;           // x86 with SSE2 (minps, cvttps2dq, ...)
  bool X86SSSE3 = false;          // x86's pshufb, pmulhrsw (SSSE3)
  bool IsX86 = false;             // x86 (32- or 64-bit)
  bool IsAArch64 = false;         // AArch64's NEON intrinsics (tbl)
  bool GuardPages = true;         // 32-bit memories need no explicit checks
};

/// The slice of the module one LLVM module holds.
struct Partition {
  uint32_t Begin = 0, End = 0; // owned defined functions [Begin, End)
  bool Shared = false;         // other partitions exist (symbols are hidden
                               // externals instead of internal)
  bool ModuleParts = true;     // descriptor, init, trampolines, wrappers
};

/// The name of the TBAA type of the instance's copies of memory sizes
/// (abi.h, the sizes region), by which VersionChecks recognises them.
inline constexpr const char *MemorySizeTBAAName = "memory size";

/// The sizes of the instance's regions (abi.h, wasirt_compute_layout).
wasirt_counts moduleCounts(const Module &M);

/// The symbol of a defined function: "w2o_" mangle(module) ".f" index,
/// then "_" and the mangled name-section name when there is one. Every
/// internal symbol has the "." after the module, which no mangled name
/// contains, so none can be an import's "w2o_" mangle(module) "Q_" ...
std::string functionSymbol(const Module &M, llvm::StringRef ModuleName,
                           uint32_t FuncIndex);

class ModuleContext {
public:
  ModuleContext(const Module &M, const CompileOptions &Opts,
                const TargetFacts &TF, llvm::Module &LM, const Partition &P);

  const Module &M;
  const CompileOptions &Opts;
  const TargetFacts &TF;
  llvm::Module &LM;
  Partition Part;
  llvm::LLVMContext &Ctx;
  wasirt_layout Layout;

  llvm::Type *VoidTy, *I8Ty, *I16Ty, *I32Ty, *I64Ty, *F32Ty, *F64Ty, *V128Ty;
  llvm::PointerType *PtrTy;

  llvm::Type *llvmType(ValType T) const;
  /// Internal calling convention of a wasm function type:
  /// RESULT (ptr ctx, PARAM...), several results as a literal struct.
  llvm::FunctionType *funcType(uint32_t TypeIndex);
  llvm::FunctionType *funcTypeOf(const FuncType &T);
  llvm::Type *resultType(const FuncType &T);

  /// The LLVM function of a defined function (null for imports), created
  /// on first use: a definition shell if this partition owns it, else a
  /// declaration of the symbol another partition defines.
  llvm::Function *function(uint32_t FuncIndex);
  /// Whether this partition translates the body of FuncIndex.
  bool owns(uint32_t FuncIndex) const {
    return FuncIndex >= Part.Begin && FuncIndex < Part.End;
  }
  /// Whether code outside the module's own calls can reach the function
  /// (exports, tables, ref.func, start): only those need a code pointer in
  /// the descriptor; the rest LLVM may inline, specialise or delete.
  bool escapes(uint32_t FuncIndex) const;
  /// Defined functions of other partitions this one refers to.
  const std::vector<uint32_t> &externalRefs() const { return ExternalRefs; }

  llvm::FunctionCallee runtime(RuntimeCall RC);
  /// w2o.trap_if(i1, ptr, i32), which ExpandTrapChecksPass turns into a
  /// branch to a trap.
  llvm::FunctionCallee trapIfMarker();

  /// The memory-safety decision for one memory (see MemoryAccess.cpp).
  bool needsExplicitBoundsChecks(uint32_t MemIndex) const;
  /// Whether any memory of the module needs them.
  bool anyExplicitBoundsChecks() const;

  std::string functionName(uint32_t FuncIndex) const;

  // Instance offsets.
  uint64_t memoryPtrOffset(uint32_t I) const { return Layout.memories + 8 * I; }
  uint64_t memoryBaseOffset(uint32_t I) const { return Layout.bases + 8 * I; }
  /// The instance's copy of memory I's size (abi.h, the sizes region):
  /// kept by the runtime for memories the module defines and does not
  /// share; the others are read from their descriptor.
  bool hasMemorySizeCopy(uint32_t I) const {
    return I >= M.NumImportedMemories && !M.Memories[I].Lim.Shared;
  }
  uint64_t memorySizeOffset(uint32_t I) const { return Layout.sizes + 8 * I; }
  uint64_t tablePtrOffset(uint32_t I) const { return Layout.tables + 8 * I; }
  uint64_t globalOffset(uint32_t I) const {
    return Layout.globals + WASIRT_GLOBAL_SLOT * I;
  }
  uint64_t typeIdOffset(uint32_t I) const { return Layout.type_ids + 8 * I; }
  uint64_t tagOffset(uint32_t I) const { return Layout.tags + 8 * uint64_t(I); }
  uint64_t funcrefOffset(uint32_t I) const {
    return Layout.funcrefs + WASIRT_FUNCREF_SIZE * uint64_t(I);
  }

  // TBAA access tags: linear memory never aliases the runtime's structures.
  llvm::MDNode *TBAAMemory;     // linear memory
  llvm::MDNode *TBAAInstance;   // instance header and pointer slots
  llvm::MDNode *TBAAMemorySize; // the instance's copies of memory sizes
  llvm::MDNode *TBAAGlobal;     // global cells
  llvm::MDNode *TBAATable;      // table descriptors and elements
  llvm::MDNode *TBAAFuncRef;    // funcref slots and the type ids
  llvm::MDNode *EmptyMD;        // for !invariant.load

private:
  std::vector<llvm::Function *> Funcs;
  std::vector<uint32_t> ExternalRefs;
  std::vector<llvm::FunctionType *> FuncTypes;
  std::array<llvm::Function *, NumRuntimeCalls> RuntimeFns{};
};

} // namespace w2o

#endif
