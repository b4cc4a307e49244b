//===- AlignVectorAccesses.cpp - vector accesses, aligned by SCEV ---------===//

#include "AlignVectorAccesses.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

namespace w2o {

namespace {

constexpr unsigned MaxAlignLog2 = 12; // 4096, the memory base's

} // namespace

PreservedAnalyses AlignVectorAccessesPass::run(Function &F,
                                               FunctionAnalysisManager &FAM) {
  const DataLayout &DL = F.getDataLayout();
  ScalarEvolution *SE = nullptr; // computed only if an access needs it
  bool Changed = false;
  for (Instruction &I : instructions(F)) {
    Type *Ty;
    Value *Ptr;
    Align Current;
    if (auto *LI = dyn_cast<LoadInst>(&I)) {
      Ty = LI->getType();
      Ptr = LI->getPointerOperand();
      Current = LI->getAlign();
    } else if (auto *SI = dyn_cast<StoreInst>(&I)) {
      Ty = SI->getValueOperand()->getType();
      Ptr = SI->getPointerOperand();
      Current = SI->getAlign();
    } else {
      continue;
    }
    if (!Ty->isVectorTy() || Current.value() >= DL.getTypeStoreSize(Ty))
      continue;
    if (!SE)
      SE = &FAM.getResult<ScalarEvolutionAnalysis>(F);
    unsigned Zeros =
        std::min(SE->getMinTrailingZeros(SE->getSCEV(Ptr)), MaxAlignLog2);
    Align Proven(uint64_t(1) << Zeros);
    if (Proven <= Current)
      continue;
    if (auto *LI = dyn_cast<LoadInst>(&I))
      LI->setAlignment(Proven);
    else
      cast<StoreInst>(&I)->setAlignment(Proven);
    Changed = true;
  }
  if (!Changed)
    return PreservedAnalyses::all();
  PreservedAnalyses PA;
  PA.preserveSet<CFGAnalyses>();
  PA.preserve<ScalarEvolutionAnalysis>();
  return PA;
}

} // namespace w2o
