//===- ExpandTrapChecks.h - a function's trap checks become branches ------===//
//
// The translator writes each check that can trap (a bounds check, a
// division by zero, a call_indirect's index and type, a float-to-int
// conversion) as a call of the marker
//
//   call void @w2o.trap_if(i1 %trap, ptr %instance, i32 CODE)
//
// in the middle of its block, not as a branch. Its wasm locals are allocas
// until mem2reg (PromotePass) makes them registers, and mem2reg's cost for
// a local grows with the blocks below the local's first store: with a
// branch per check, a function of many locals and many checks (6,000 of
// each with explicit bounds checks) spent seconds there, growing with the
// square of its size. So PromotePass runs first, on the few blocks of the
// wasm control flow, and then this pass splits each block after its
// markers:
//
//   br i1 %trap, label %trap.CODE, label %cont, !prof unlikely
//
// where trap.CODE, one per code in a function, calls wasirt_trap (the
// translator's own trap blocks, of trap-now instructions, are reused).
// From here on the IR is what the translator used to write, so the passes
// that look for checks (HoistBoundsChecks, VersionChecks) see no change.
// Both run before anything else, at every optimisation level (optimize() in
// Codegen.cpp); the marker's declaration is removed afterwards.
//
//===----------------------------------------------------------------------===//

#ifndef WASM2OBJ_TRANSLATE_EXPANDTRAPCHECKS_H
#define WASM2OBJ_TRANSLATE_EXPANDTRAPCHECKS_H

#include "llvm/IR/BasicBlock.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/PassManager.h"
#include <cstdint>

namespace w2o {

/// The marker's name.
inline constexpr const char *TrapIfMarker = "w2o.trap_if";

/// A new block at the end of F:  call Trap(Instance, Code); unreachable.
llvm::BasicBlock *createTrapBlock(llvm::Function &F, llvm::FunctionCallee Trap,
                                  llvm::Value *Instance, uint32_t Code);

struct ExpandTrapChecksPass : llvm::PassInfoMixin<ExpandTrapChecksPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
};

} // namespace w2o

#endif
