//===- ModuleTranslator.h - a decoded module to an LLVM module ------------===//
#ifndef WASM2OBJ_TRANSLATE_MODULETRANSLATOR_H
#define WASM2OBJ_TRANSLATE_MODULETRANSLATOR_H

#include "ModuleContext.h"
#include "llvm/IR/DerivedTypes.h"

namespace w2o {

/// LLVM struct types mirroring the descriptor structs of abi.h field by
/// field (a unit test compares their layout with the C compiler's).
struct DescriptorTypes {
  llvm::StructType *Counts, *FuncType, *Import, *Export, *MemType, *TableType,
      *GlobalType, *FuncDef, *DataSegment, *ElemSegment, *ElemItem, *TagType,
      *Module;
  static DescriptorTypes get(llvm::LLVMContext &C);
};

/// Named metadata present in a translated module whose memory accesses
/// have explicit bounds checks (see HoistBoundsChecks.h).
inline constexpr const char *ExplicitBoundsMetadata =
    "wasm2obj.explicit_bounds";

/// Validates and translates the functions of partition P into LM, and,
/// if P.ModuleParts, adds the descriptor, init function, trampolines and
/// wrappers. ExternalRefs receives the defined functions of other
/// partitions that LM refers to.
llvm::Error translatePartition(const Module &M, const CompileOptions &Opts,
                               const TargetFacts &TF, llvm::Module &LM,
                               const Partition &P,
                               std::vector<uint32_t> *ExternalRefs = nullptr);

} // namespace w2o

#endif
