//===- VersionNoWrap.cpp - a loop's address additions, proven not to wrap -===//
//
// See VersionNoWrap.h.
//
//===----------------------------------------------------------------------===//

#include "VersionNoWrap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/LoopUtils.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"

using namespace llvm;

static cl::opt<bool> EnableVersionNoWrap(
    "w2o-version-nowrap", cl::init(true), cl::Hidden,
    cl::desc("version loops whose address additions cannot wrap"));

namespace w2o {
namespace {

constexpr unsigned MaxInstructions = 400;
constexpr unsigned MinAdditions = 2;

// The additions  add i32 X, C  of one header phi X, and X's step from one
// iteration to the next when it is such an addition too.
struct PhiAdditions {
  uint64_t MaxC = 0;
  SmallVector<BinaryOperator *, 8> Adds;
  BinaryOperator *Increment = nullptr;
};

// X's value on the latch edge, when it is  add X, Step  with Step > 0.
BinaryOperator *positiveIncrement(PHINode *X, Loop &L) {
  auto *Inc =
      dyn_cast<BinaryOperator>(X->getIncomingValueForBlock(L.getLoopLatch()));
  if (!Inc || Inc->getOpcode() != Instruction::Add || Inc->getOperand(0) != X ||
      Inc->hasNoUnsignedWrap())
    return nullptr;
  auto *C = dyn_cast<ConstantInt>(Inc->getOperand(1));
  return C && !C->isZero() && !C->isNegative() ? Inc : nullptr;
}

bool hasZExtToI64User(const Instruction &I) {
  for (const User *U : I.users())
    if (auto *Z = dyn_cast<ZExtInst>(U); Z && Z->getType()->isIntegerTy(64))
      return true;
  return false;
}

bool versionLoop(Loop &L, LoopInfo &LI, DominatorTree &DT,
                 ScalarEvolution &SE) {
  BasicBlock *Preheader = L.getLoopPreheader();
  BasicBlock *Exit = L.getExitBlock();
  if (!Preheader || !Exit || !L.isLoopSimplifyForm() || !L.isLCSSAForm(DT))
    return false;
  unsigned Size = 0;
  for (BasicBlock *BB : L.blocks()) {
    Size += BB->size();
    if (BB->isEHPad())
      return false;
    for (Instruction &I : *BB)
      if (isa<InvokeInst>(I) || isa<CallBrInst>(I) || I.getType()->isTokenTy())
        return false;
  }
  if (Size > MaxInstructions)
    return false;
  const SCEV *BTC = SE.getBackedgeTakenCount(&L);
  if (isa<SCEVCouldNotCompute>(BTC) || !BTC->getType()->isIntegerTy() ||
      BTC->getType()->getIntegerBitWidth() > 64)
    return false;

  MapVector<PHINode *, PhiAdditions> ByPhi;
  unsigned Count = 0;
  for (BasicBlock *BB : L.blocks())
    for (Instruction &I : *BB) {
      auto *Add = dyn_cast<BinaryOperator>(&I);
      if (!Add || Add->getOpcode() != Instruction::Add ||
          !Add->getType()->isIntegerTy(32) || Add->hasNoUnsignedWrap())
        continue;
      auto *X = dyn_cast<PHINode>(Add->getOperand(0));
      auto *C = dyn_cast<ConstantInt>(Add->getOperand(1));
      if (!X || X->getParent() != L.getHeader() || !C || C->isZero() ||
          C->isNegative() || !hasZExtToI64User(*Add))
        continue;
      auto *AR = dyn_cast<SCEVAddRecExpr>(SE.getSCEV(X));
      if (!AR || AR->getLoop() != &L || !AR->isAffine() ||
          !isa<SCEVConstant>(AR->getStepRecurrence(SE)))
        continue;
      PhiAdditions &PA = ByPhi[X];
      if (Add == positiveIncrement(X, L))
        continue;
      PA.MaxC = std::max(PA.MaxC, C->getZExtValue());
      PA.Adds.push_back(Add);
      ++Count;
    }
  if (Count < MinAdditions)
    return false;
  Instruction *InsertPt = Preheader->getTerminator();
  SCEVExpander Expander(SE, Preheader->getModule()->getDataLayout(), "nowrap");
  if (!Expander.isSafeToExpandAt(BTC, InsertPt))
    return false;

  // The test, in the preheader. When the count is above 2^32 - 1 the
  // products below may wrap in 64 bits, but then the first term is false.
  // Otherwise Span < 2^63, Start < 2^32 and MaxC < 2^31: no sum wraps.
  Value *Count64 = Expander.expandCodeFor(BTC, BTC->getType(), InsertPt);
  IRBuilder<> B(InsertPt);
  Type *I64 = B.getInt64Ty();
  Count64 = B.CreateZExt(Count64, I64);
  const uint64_t Max32 = 0xffffffffull;
  Value *Ok = B.CreateICmpULE(Count64, B.getInt64(Max32));
  for (auto &[X, PA] : ByPhi) {
    auto *AR = cast<SCEVAddRecExpr>(SE.getSCEV(X));
    const APInt &Step =
        cast<SCEVConstant>(AR->getStepRecurrence(SE))->getAPInt();
    Value *Start = B.CreateZExt(X->getIncomingValueForBlock(Preheader), I64);
    Value *Span = B.CreateMul(Count64, B.getInt64(Step.abs().getZExtValue()));
    if (Step.isNegative()) {
      Ok = B.CreateAnd(Ok, B.CreateICmpULE(Span, Start));
      Ok = B.CreateAnd(Ok,
                       B.CreateICmpULE(B.CreateAdd(Start, B.getInt64(PA.MaxC)),
                                       B.getInt64(Max32)));
    } else {
      // The step from the last iteration must not wrap either when it is
      // marked too: its value may be used after the loop.
      PA.Increment = positiveIncrement(X, L);
      uint64_t Last = PA.MaxC;
      if (PA.Increment)
        Last = std::max(Last, Step.getZExtValue());
      Value *End = B.CreateAdd(B.CreateAdd(Start, Span), B.getInt64(Last));
      Ok = B.CreateAnd(Ok, B.CreateICmpULE(End, B.getInt64(Max32)));
    }
  }

  // Preheader -> NoWrapPH -> L, and a copy of L behind WrapPH.
  BasicBlock *NoWrapPH =
      SplitBlock(Preheader, Preheader->getTerminator(), &DT, &LI, nullptr,
                 Preheader->getName() + ".nowrap");
  ValueToValueMapTy VMap;
  SmallVector<BasicBlock *, 8> WrapBlocks;
  cloneLoopWithPreheader(NoWrapPH, Preheader, &L, VMap, ".wrap", &LI, &DT,
                         WrapBlocks);
  remapInstructionsInBlocks(WrapBlocks, VMap);
  auto *WrapPH = cast<BasicBlock>(VMap[NoWrapPH]);
  Instruction *Br = Preheader->getTerminator();
  BranchInst::Create(NoWrapPH, WrapPH, Ok, Br);
  Br->eraseFromParent();
  // The exit's LCSSA phis take the copy's values from the copy's blocks.
  for (PHINode &PN : Exit->phis()) {
    unsigned N = PN.getNumIncomingValues();
    for (unsigned I = 0; I < N; ++I) {
      BasicBlock *From = PN.getIncomingBlock(I);
      if (!L.contains(From))
        continue;
      Value *V = PN.getIncomingValue(I);
      auto It = VMap.find(V);
      PN.addIncoming(It != VMap.end() ? static_cast<Value *>(It->second) : V,
                     cast<BasicBlock>(VMap[From]));
    }
  }
  DT.changeImmediateDominator(Exit, Preheader);
  formDedicatedExitBlocks(&L, &DT, &LI, nullptr, /*PreserveLCSSA=*/true);
  if (Loop *Copy = LI.getLoopFor(WrapPH->getSingleSuccessor()))
    formDedicatedExitBlocks(Copy, &DT, &LI, nullptr, /*PreserveLCSSA=*/true);
  // In the copy that runs when the test holds: the additions are nuw, and
  // each  zext(X + C)  becomes  zext(X) + C  with one zext of X per
  // iteration (LLVM does not widen them itself: InstCombine keeps the
  // narrow add, and loop strength reduction, whose SCEVs do not carry the
  // flags, would keep a register per offset).
  for (auto &[X, PA] : ByPhi) {
    IRBuilder<> HB(X->getParent(), X->getParent()->getFirstInsertionPt());
    Value *Wide = HB.CreateZExt(X, I64, X->getName() + ".wide");
    for (BinaryOperator *Add : PA.Adds) {
      Add->setHasNoUnsignedWrap(true);
      uint64_t C = cast<ConstantInt>(Add->getOperand(1))->getZExtValue();
      for (User *U : make_early_inc_range(Add->users())) {
        auto *Z = dyn_cast<ZExtInst>(U);
        if (!Z || !Z->getType()->isIntegerTy(64))
          continue;
        IRBuilder<> ZB(Z);
        Z->replaceAllUsesWith(ZB.CreateAdd(Wide, ZB.getInt64(C), Z->getName(),
                                           /*HasNUW=*/true, /*HasNSW=*/true));
        Z->eraseFromParent();
      }
    }
    if (PA.Increment)
      PA.Increment->setHasNoUnsignedWrap(true);
  }
  SE.forgetLoop(&L);
  return true;
}

} // namespace

PreservedAnalyses VersionNoWrapPass::run(Function &F,
                                         FunctionAnalysisManager &FAM) {
  if (!EnableVersionNoWrap)
    return PreservedAnalyses::all();
  auto &LI = FAM.getResult<LoopAnalysis>(F);
  auto &DT = FAM.getResult<DominatorTreeAnalysis>(F);
  auto &SE = FAM.getResult<ScalarEvolutionAnalysis>(F);
  SmallVector<Loop *, 8> Innermost;
  for (Loop *L : LI.getLoopsInPreorder())
    if (L->isInnermost())
      Innermost.push_back(L);
  bool Changed = false;
  for (Loop *L : Innermost)
    Changed |= versionLoop(*L, LI, DT, SE);
  if (!Changed)
    return PreservedAnalyses::all();
  PreservedAnalyses PA;
  PA.preserve<LoopAnalysis>();
  PA.preserve<DominatorTreeAnalysis>();
  return PA;
}

} // namespace w2o
