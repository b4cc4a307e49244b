//===- ExpandTrapChecks.cpp - a function's trap checks become branches ----===//
//
// See ExpandTrapChecks.h.
//
//===----------------------------------------------------------------------===//

#include "ExpandTrapChecks.h"
#include "RuntimeCalls.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"

using namespace w2o;
using namespace llvm;

BasicBlock *w2o::createTrapBlock(Function &F, FunctionCallee Trap,
                                 Value *Instance, uint32_t Code) {
  BasicBlock *BB = BasicBlock::Create(F.getContext(), "trap", &F);
  IRBuilder<> B(BB);
  CallInst *C = B.CreateCall(Trap, {Instance, B.getInt32(Code)});
  C->setDoesNotReturn();
  B.CreateUnreachable();
  return BB;
}

namespace {

// The block  call wasirt_trap(Instance, Code); unreachable  of F for each
// (instance, code): those F has, and new ones at its end.
class TrapBlocks {
public:
  TrapBlocks(Function &F, Function *Trap) : F(F), Trap(Trap) {
    for (BasicBlock &BB : F) {
      auto *C = dyn_cast<CallInst>(&BB.front());
      if (!C || C->getCalledFunction() != Trap ||
          !isa<UnreachableInst>(C->getNextNode()))
        continue;
      if (auto *Code = dyn_cast<ConstantInt>(C->getArgOperand(1)))
        Blocks.try_emplace({C->getArgOperand(0), Code->getZExtValue()}, &BB);
    }
  }

  BasicBlock *get(Value *Instance, uint64_t Code) {
    BasicBlock *&BB = Blocks[{Instance, Code}];
    if (!BB)
      BB = createTrapBlock(F, Trap, Instance, static_cast<uint32_t>(Code));
    return BB;
  }

private:
  Function &F;
  Function *Trap;
  DenseMap<std::pair<Value *, uint64_t>, BasicBlock *> Blocks;
};

} // namespace

PreservedAnalyses ExpandTrapChecksPass::run(Module &M,
                                            ModuleAnalysisManager &) {
  Function *Marker = M.getFunction(TrapIfMarker);
  if (!Marker)
    return PreservedAnalyses::all();
  Function *Trap = declareRuntimeCall(M, RuntimeCall::wasirt_trap);
  MDNode *Unlikely = MDBuilder(M.getContext()).createUnlikelyBranchWeights();
  for (Function &F : M) {
    // In program order, so that the trap blocks are made in the order of
    // their first checks. A split moves the rest of a block, and the
    // markers in it, to a new block right after it.
    SmallVector<CallInst *, 16> Markers;
    for (BasicBlock &BB : F)
      for (Instruction &I : BB)
        if (auto *C = dyn_cast<CallInst>(&I);
            C && C->getCalledFunction() == Marker)
          Markers.push_back(C);
    if (Markers.empty())
      continue;
    TrapBlocks Traps(F, Trap);
    for (CallInst *C : Markers) {
      Value *Cond = C->getArgOperand(0);
      auto *Code = cast<ConstantInt>(C->getArgOperand(2));
      if (auto *K = dyn_cast<ConstantInt>(Cond); K && K->isZero()) {
        C->eraseFromParent();
        continue;
      }
      BasicBlock *Head = C->getParent();
      BasicBlock *Cont = Head->splitBasicBlock(C->getNextNode()->getIterator());
      Head->getTerminator()->eraseFromParent();
      BranchInst *Br = BranchInst::Create(
          Traps.get(C->getArgOperand(1), Code->getZExtValue()), Cont, Cond,
          Head);
      Br->setMetadata(LLVMContext::MD_prof, Unlikely);
      C->eraseFromParent();
    }
  }
  Marker->eraseFromParent();
  return PreservedAnalyses::none();
}
