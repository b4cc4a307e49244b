//===- AlignVectorAccesses.h - vector accesses, aligned by SCEV -----------===//
//
// A wasm load's alignment is only a hint, so the translator marks every
// access of linear memory `align 1`, and InferAlignment later raises it
// from known bits. Known bits give up after six levels of operands, and a
// vectorised stencil's address is deeper than that: the memory base (page
// aligned, WASIRT_MEMORY_BASE_ALIGN) plus  zext((index << 3) - 7984 + row
// + 19664),  where index steps by 2 and row by 8000. So jacobi2d's vector
// loads stayed `align 8`, and SSE2, which folds only 16-byte aligned loads
// into arithmetic, loaded each into a register first (native's code adds
// from memory: 11 instructions per two elements against our 14).
//
// This pass, run last in the optimiser, asks ScalarEvolution instead:
// for a load or store of a vector type whose alignment is below its size,
// the minimum number of trailing zero bits of the address's SCEV (over
// recurrences {S,+,T}: min(tz(S), tz(T)); sums, products, extensions; and
// known bits, which see the base's `!align`) is a fact about every value
// the address takes, so the access gets that alignment, up to 4096.
// Scalar accesses are left alone: x86 folds them at any alignment, and
// SCEV costs compile time.
//
//===----------------------------------------------------------------------===//

#ifndef WASM2OBJ_TRANSLATE_ALIGNVECTORACCESSES_H
#define WASM2OBJ_TRANSLATE_ALIGNVECTORACCESSES_H

#include "llvm/IR/PassManager.h"

namespace w2o {

struct AlignVectorAccessesPass : llvm::PassInfoMixin<AlignVectorAccessesPass> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &FAM);
};

} // namespace w2o

#endif
