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
  bool GuardPages = true;         // 32-bit memories need no explicit checks
};

class ModuleContext {
public:
  ModuleContext(const Module &M, const CompileOptions &Opts,
                const TargetFacts &TF, llvm::Module &LM);

  const Module &M;
  const CompileOptions &Opts;
  const TargetFacts &TF;
  llvm::Module &LM;
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

  /// The LLVM function of a defined function (null for imports).
  llvm::Function *function(uint32_t FuncIndex) const {
    return FuncIndex < M.NumImportedFuncs
               ? nullptr
               : Funcs[FuncIndex - M.NumImportedFuncs];
  }
  void setFunction(uint32_t FuncIndex, llvm::Function *F) {
    Funcs[FuncIndex - M.NumImportedFuncs] = F;
  }

  llvm::FunctionCallee runtime(RuntimeCall RC);

  /// The memory-safety decision for one memory (see MemoryAccess.cpp).
  bool needsExplicitBoundsChecks(uint32_t MemIndex) const;

  std::string functionName(uint32_t FuncIndex) const;

  // Instance offsets.
  uint64_t memoryPtrOffset(uint32_t I) const { return Layout.memories + 8 * I; }
  uint64_t tablePtrOffset(uint32_t I) const { return Layout.tables + 8 * I; }
  uint64_t globalOffset(uint32_t I) const {
    return Layout.globals + WASIRT_GLOBAL_SLOT * I;
  }
  uint64_t typeIdOffset(uint32_t I) const { return Layout.type_ids + 8 * I; }
  uint64_t funcrefOffset(uint32_t I) const {
    return Layout.funcrefs + WASIRT_FUNCREF_SIZE * uint64_t(I);
  }

  // TBAA access tags: linear memory never aliases the runtime's structures.
  llvm::MDNode *TBAAMemory;   // linear memory
  llvm::MDNode *TBAAInstance; // instance header and pointer slots
  llvm::MDNode *TBAAGlobal;   // global cells
  llvm::MDNode *TBAATable;    // table descriptors and elements
  llvm::MDNode *TBAAFuncRef;  // funcref slots and the type ids
  llvm::MDNode *EmptyMD;      // for !invariant.load

private:
  std::vector<llvm::Function *> Funcs;
  std::vector<llvm::FunctionType *> FuncTypes;
  std::array<llvm::Function *, NumRuntimeCalls> RuntimeFns{};
};

} // namespace w2o

#endif
