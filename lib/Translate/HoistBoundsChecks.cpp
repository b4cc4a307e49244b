//===- HoistBoundsChecks.cpp - one bounds check per loop, when it suffices ===//

#include "HoistBoundsChecks.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"

using namespace llvm;

namespace w2o {

namespace {

const char *const HoistedTag = "w2o.hoisted";

/// A loop exit  V pred Limit  where Limit is loop-invariant and V is
/// either zext(i32 {S,+,Step}) (Start = zext(S)) or an i64
/// {Start,+,Step} whose Start is known to be small.
struct Check {
  BranchInst *Branch;
  ICmpInst *Compare;
  bool ValueIfBelow; ///< the compare's value when V <u Limit
  const SCEV *Start; ///< i64
  int64_t Step;
  Value *Limit;
};

std::optional<Check> matchCheck(Loop &L, BasicBlock *Exiting,
                                ScalarEvolution &SE) {
  auto *BI = dyn_cast<BranchInst>(Exiting->getTerminator());
  if (!BI || !BI->isConditional())
    return std::nullopt;
  auto *Cmp = dyn_cast<ICmpInst>(BI->getCondition());
  if (!Cmp)
    return std::nullopt;
  Value *V = Cmp->getOperand(0), *Limit = Cmp->getOperand(1);
  CmpInst::Predicate Pred = Cmp->getPredicate();
  if (L.isLoopInvariant(V)) {
    std::swap(V, Limit);
    Pred = CmpInst::getSwappedPredicate(Pred);
  }
  if (L.isLoopInvariant(V) || !L.isLoopInvariant(Limit) ||
      !V->getType()->isIntegerTy(64))
    return std::nullopt;
  bool ValueIfBelow;
  if (Pred == CmpInst::ICMP_ULT)
    ValueIfBelow = true;
  else if (Pred == CmpInst::ICMP_UGE)
    ValueIfBelow = false;
  else
    return std::nullopt;
  const SCEV *SV = SE.getSCEV(V);
  bool Narrow = false;
  if (auto *ZExt = dyn_cast<SCEVZeroExtendExpr>(SV)) {
    SV = ZExt->getOperand();
    Narrow = true;
  }
  auto *AR = dyn_cast<SCEVAddRecExpr>(SV);
  if (!AR || AR->getLoop() != &L || !AR->isAffine() ||
      !AR->getType()->isIntegerTy(Narrow ? 32 : 64))
    return std::nullopt;
  auto *Step = dyn_cast<SCEVConstant>(AR->getStepRecurrence(SE));
  if (!Step || Step->getAPInt().getSignificantBits() > 32)
    return std::nullopt;
  const SCEV *Start = AR->getStart();
  if (Narrow)
    Start = SE.getZeroExtendExpr(Start, V->getType());
  else if (SE.getUnsignedRangeMax(Start).getActiveBits() > 40)
    return std::nullopt; // Start + Step * E must not overflow
  Check C;
  C.Branch = BI;
  C.Compare = Cmp;
  C.ValueIfBelow = ValueIfBelow;
  C.Start = Start;
  C.Step = Step->getAPInt().getSExtValue();
  C.Limit = Limit;
  return C;
}

bool hoistInLoop(Loop &L, ScalarEvolution &SE, DominatorTree &DT) {
  BasicBlock *Preheader = L.getLoopPreheader();
  BasicBlock *Latch = L.getLoopLatch();
  if (!Preheader || !Latch)
    return false;
  SmallVector<BasicBlock *, 8> Exiting;
  L.getExitingBlocks(Exiting);
  SmallVector<Check, 8> Checks;
  SmallPtrSet<BasicBlock *, 8> CheckBlocks;
  for (BasicBlock *BB : Exiting)
    if (std::optional<Check> C = matchCheck(L, BB, SE)) {
      Checks.push_back(*C);
      CheckBlocks.insert(BB);
    }
  if (Checks.empty())
    return false;
  // A bound on the iterations: an exit that runs on every iteration.
  const SCEV *Bound = nullptr;
  for (BasicBlock *BB : Exiting) {
    if (CheckBlocks.count(BB) || !DT.dominates(BB, Latch))
      continue;
    const SCEV *EC = SE.getExitCount(&L, BB);
    if (isa<SCEVCouldNotCompute>(EC) || !EC->getType()->isIntegerTy() ||
        EC->getType()->getIntegerBitWidth() > 32)
      continue;
    Bound = EC;
    break;
  }
  if (!Bound)
    return false;

  Instruction *At = Preheader->getTerminator();
  const DataLayout &DL = Preheader->getDataLayout();
  SCEVExpander Expander(SE, DL, "w2o.hoist");
  IRBuilder<> B(At);
  Type *I64 = B.getInt64Ty();
  const SCEV *E64 = SE.getZeroExtendExpr(Bound, I64);
  Value *H = nullptr;
  SmallVector<Check, 8> Hoisted;
  for (const Check &C : Checks) {
    if (auto *LimitI = dyn_cast<Instruction>(C.Limit))
      if (!DT.dominates(LimitI, At))
        continue;
    // Below: |Step| <= 2^31, E < 2^32 and Start < 2^40, so no sum or
    // product overflows i64.
    const SCEV *Span = SE.getMulExpr(
        SE.getConstant(I64, static_cast<uint64_t>(std::abs(C.Step))), E64);
    Value *Cond;
    if (C.Step >= 0) {
      const SCEV *Last = SE.getAddExpr(C.Start, Span);
      if (!Expander.isSafeToExpandAt(Last, At))
        continue;
      Value *LastV = Expander.expandCodeFor(Last, I64, At);
      B.SetInsertPoint(At);
      // If the i32 recurrence wraps, its values are only smaller.
      Cond = B.CreateICmpULT(LastV, C.Limit);
    } else {
      if (!Expander.isSafeToExpandAt(C.Start, At) ||
          !Expander.isSafeToExpandAt(Span, At))
        continue;
      Value *StartV = Expander.expandCodeFor(C.Start, I64, At);
      Value *SpanV = Expander.expandCodeFor(Span, I64, At);
      B.SetInsertPoint(At);
      Cond = B.CreateAnd(B.CreateICmpULT(StartV, C.Limit),
                         B.CreateICmpUGE(StartV, SpanV));
    }
    H = H ? B.CreateAnd(H, Cond) : Cond;
    Hoisted.push_back(C);
  }
  if (!H)
    return false;
  H->setName("w2o.in.bounds");
  MDNode *Tag = MDNode::get(H->getContext(), {});
  for (const Check &C : Hoisted) {
    // Always  br (H or InBounds), continue, exit:  one shape for the
    // unswitcher and for the clean-up.
    ICmpInst *Cmp = C.Compare;
    if (!C.ValueIfBelow) {
      Cmp = new ICmpInst(C.Branch->getIterator(), Cmp->getInversePredicate(),
                         Cmp->getOperand(0), Cmp->getOperand(1));
      C.Branch->swapSuccessors();
    }
    B.SetInsertPoint(C.Branch);
    auto *Or = cast<Instruction>(B.CreateOr(H, Cmp));
    Or->setMetadata(HoistedTag, Tag);
    C.Branch->setCondition(Or);
  }
  SE.forgetLoop(&L);
  return true;
}

} // namespace

PreservedAnalyses HoistBoundsChecksPass::run(Function &F,
                                             FunctionAnalysisManager &FAM) {
  bool Changed = false;
  if (CleanUp) {
    // The unswitcher replaced H by a constant in the loops it copied; an
    // (H or InBounds) left with a real H is a loop it did not copy.
    SmallVector<Instruction *, 16> Left;
    for (BasicBlock &BB : F)
      for (Instruction &I : BB)
        if (I.getMetadata(HoistedTag) && !isa<Constant>(I.getOperand(0)))
          Left.push_back(&I);
    for (Instruction *I : Left) {
      I->replaceAllUsesWith(I->getOperand(1));
      I->eraseFromParent();
      Changed = true;
    }
  } else {
    auto &LI = FAM.getResult<LoopAnalysis>(F);
    auto &SE = FAM.getResult<ScalarEvolutionAnalysis>(F);
    auto &DT = FAM.getResult<DominatorTreeAnalysis>(F);
    for (Loop *L : LI.getLoopsInPreorder())
      if (L->isInnermost())
        Changed |= hoistInLoop(*L, SE, DT);
  }
  if (!Changed)
    return PreservedAnalyses::all();
  PreservedAnalyses PA;
  PA.preserveSet<CFGAnalyses>();
  return PA;
}

} // namespace w2o
