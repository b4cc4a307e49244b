//===- HoistBoundsChecks.cpp - one bounds check per loop, when it suffices ===//

#include "HoistBoundsChecks.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"

using namespace llvm;

// For measuring: --mllvm -w2o-hoist-ranges=false hoists recurrences only.
static cl::opt<bool>
    HoistRanges("w2o-hoist-ranges", cl::init(true), cl::Hidden,
                cl::desc("hoist checks of values with a known bound"));

namespace w2o {

namespace {

const char *const HoistedTag = "w2o.hoisted";

/// A loop exit  V pred Limit  where Limit is loop-invariant and V is
/// either zext(i32 {S,+,Step}) (Start = zext(S)) or an i64
/// {Start,+,Step} whose Start is known to be small.
struct Check {
  BranchInst *Branch;
  ICmpInst *Compare;
  bool ValueIfBelow;   ///< the compare's value when V is in bounds
  bool AtMost;         ///< in bounds: V <=u Limit (else V <u Limit)
  const SCEV *Start;   ///< i64
  const SCEV *Start32; ///< S when V is zext(i32 {S,+,Step}), else null
  int64_t Step;
  Value *Limit;
  /// Not a recurrence, but V <=u RangeMax on every iteration (a table
  /// index masked to a few bits): then Start, Start32 and Step are unused.
  /// With RangeBase (an i32 invariant in the loop), the bound is
  /// V <=u zext(RangeBase) + RangeMax instead (a slot of a table whose
  /// address is loaded: T + 16 * (h & mask)).
  std::optional<uint64_t> RangeMax;
  const SCEV *RangeBase = nullptr;
};

/// An i32 value X written as  (Base + W) mod 2^32  with Base invariant in
/// the loop and 0 <= W <= Max on every iteration. Then
/// X <= zext(Base) + W <= zext(Base) + Max: adding a non-negative W to a
/// value below 2^32 and wrapping around only makes the sum smaller.
struct BaseAndBound {
  const SCEV *Base; ///< i32
  uint64_t Max;
};

/// Finds a BaseAndBound for an i32 SCEV, looking through sums, products
/// by a constant, and the phis and selects that merge such values (the
/// slot a backward-shift deletion moves from and to: a phi of two
/// table-plus-masked-index addresses). Every sum and product is taken in
/// i32, and the rule holds for each:
///
///   (Base1 + W1) + (Base2 + W2) = (Base1 + Base2) + (W1 + W2)
///   c * (Base + W)             = c * Base + c * W      (c as unsigned)
///
/// all mod 2^32. A phi or select takes one of its operands' values, so
/// its operands' bounds, with one Base, bound it. A cycle of phis and
/// selects only copies values into it from outside, so an operand whose
/// phi is still being looked at adds nothing to the bound; but a cycle
/// through a sum could add on every iteration, so a phi met again with a
/// sum or a product between it and its first visit gives up.
class BoundFinder {
public:
  BoundFinder(Loop &L, ScalarEvolution &SE) : L(L), SE(SE) {}

  /// Arith: the sums and products on the path from the top.
  std::optional<BaseAndBound> find(const SCEV *S, unsigned Arith = 0) {
    if (Budget-- == 0)
      return std::nullopt;
    Type *Ty = S->getType();
    if (auto *Add = dyn_cast<SCEVAddExpr>(S)) {
      BaseAndBound Sum{SE.getZero(Ty), 0};
      for (const SCEV *Op : Add->operands()) {
        std::optional<BaseAndBound> R = find(Op, Arith + 1);
        if (!R)
          return std::nullopt;
        Sum.Base = SE.getAddExpr(Sum.Base, R->Base);
        Sum.Max += R->Max;
        if (Sum.Max > MaxBound)
          return std::nullopt;
      }
      return Sum;
    }
    if (auto *Mul = dyn_cast<SCEVMulExpr>(S))
      if (Mul->getNumOperands() == 2)
        if (auto *K = dyn_cast<SCEVConstant>(Mul->getOperand(0))) {
          std::optional<BaseAndBound> R = find(Mul->getOperand(1), Arith + 1);
          uint64_t C = K->getAPInt().getZExtValue();
          if (!R || (R->Max && C > MaxBound / R->Max))
            return std::nullopt;
          return BaseAndBound{SE.getMulExpr(K, R->Base), C * R->Max};
        }
    bool Invariant = SE.isLoopInvariant(S, &L);
    if (auto *U = dyn_cast<SCEVUnknown>(S)) {
      auto *I = dyn_cast<Instruction>(U->getValue());
      if (!Invariant && I && (isa<PHINode>(I) || isa<SelectInst>(I)))
        return merge(*I, Arith, /*Wide=*/false);
    }
    // Anything else: a small bound SCEV knows (a masked index, a
    // constant offset), else, if invariant, a base. So the table address
    // before the loop, T + 16 * (h & mask), and the one in it have the
    // same base T.
    APInt Max = SE.getUnsignedRangeMax(S);
    if (Max.ule(SmallBound))
      return BaseAndBound{SE.getZero(Ty), Max.getZExtValue()};
    if (Invariant)
      return BaseAndBound{S, 0};
    return std::nullopt;
  }

  /// The same for an i64 value: zext(Base + W) (mod 2^32), plus a
  /// constant, or phis and selects of such values (LLVM widens a loop's
  /// address to i64 when it rotates the loop): the value is at most
  /// zext(Base) + Max.
  std::optional<BaseAndBound> findWide(const SCEV *S, unsigned Arith = 0) {
    if (Budget-- == 0)
      return std::nullopt;
    if (auto *ZExt = dyn_cast<SCEVZeroExtendExpr>(S))
      if (ZExt->getOperand()->getType()->isIntegerTy(32))
        return find(ZExt->getOperand(), Arith);
    if (auto *Add = dyn_cast<SCEVAddExpr>(S))
      if (Add->getNumOperands() == 2)
        if (auto *K = dyn_cast<SCEVConstant>(Add->getOperand(0)))
          if (K->getAPInt().ule(SmallBound)) {
            std::optional<BaseAndBound> R =
                findWide(Add->getOperand(1), Arith + 1);
            if (R)
              R->Max += K->getAPInt().getZExtValue();
            return R;
          }
    if (auto *U = dyn_cast<SCEVUnknown>(S)) {
      auto *I = dyn_cast<Instruction>(U->getValue());
      if (I && (isa<PHINode>(I) || isa<SelectInst>(I)))
        return merge(*I, Arith, /*Wide=*/true);
    }
    return std::nullopt;
  }

private:
  std::optional<BaseAndBound> merge(Instruction &I, unsigned Arith, bool Wide) {
    if (!Open.try_emplace(&I, Arith).second)
      return std::nullopt; // met again below a sum (see Add)
    std::optional<BaseAndBound> All;
    auto Add = [&](Value *Op) {
      auto It = Open.find(Op);
      if (It != Open.end())
        return It->second == Arith; // a copy cycle adds no value
      if (!SE.isSCEVable(Op->getType()))
        return false;
      const SCEV *OpS = SE.getSCEV(Op);
      std::optional<BaseAndBound> R =
          Wide ? findWide(OpS, Arith) : find(OpS, Arith);
      if (!R || (All && All->Base != R->Base))
        return false;
      if (!All)
        All = R;
      else
        All->Max = std::max(All->Max, R->Max);
      return true;
    };
    bool Ok = true;
    if (auto *Phi = dyn_cast<PHINode>(&I)) {
      for (Value *Op : Phi->incoming_values())
        if (!(Ok = Add(Op)))
          break;
    } else {
      auto *Sel = cast<SelectInst>(&I);
      Ok = Add(Sel->getTrueValue()) && Add(Sel->getFalseValue());
    }
    Open.erase(&I);
    if (!Ok)
      return std::nullopt;
    return All;
  }

  // Far below 2^63, so that sums of bounds and zext(Base) + Max + an
  // offset never overflow an i64; bounds as large are of no use anyway.
  static constexpr uint64_t MaxBound = uint64_t(1) << 33;
  // An invariant value below this is taken as a bound, not a base.
  static constexpr uint64_t SmallBound = uint64_t(1) << 26;
  Loop &L;
  ScalarEvolution &SE;
  /// The phis and selects being looked through, with the sums and
  /// products above each.
  SmallDenseMap<Value *, unsigned, 8> Open;
  unsigned Budget = 64;
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
  // The limit form (V <u Limit in bounds), or the end form of checks
  // outside wasm loops (V = zext(X) + K <=u size in bounds) that LLVM
  // inlined into this loop.
  bool ValueIfBelow, AtMost = false;
  if (Pred == CmpInst::ICMP_ULT)
    ValueIfBelow = true;
  else if (Pred == CmpInst::ICMP_UGE)
    ValueIfBelow = false;
  else if (Pred == CmpInst::ICMP_ULE)
    ValueIfBelow = AtMost = true;
  else if (Pred == CmpInst::ICMP_UGT)
    ValueIfBelow = false, AtMost = true;
  else
    return std::nullopt;
  Check C;
  C.Branch = BI;
  C.Compare = Cmp;
  C.ValueIfBelow = ValueIfBelow;
  C.AtMost = AtMost;
  C.Limit = Limit;
  const SCEV *SV = SE.getSCEV(V);
  const SCEV *Whole = SV;
  bool Narrow = false;
  uint64_t Offset = 0; // V = zext(X) + Offset
  if (auto *Add = dyn_cast<SCEVAddExpr>(SV))
    if (Add->getNumOperands() == 2 && isa<SCEVConstant>(Add->getOperand(0)) &&
        isa<SCEVZeroExtendExpr>(Add->getOperand(1))) {
      const APInt &K = cast<SCEVConstant>(Add->getOperand(0))->getAPInt();
      if (K.isNegative() || K.getActiveBits() > 34)
        return std::nullopt;
      Offset = K.getZExtValue();
      SV = Add->getOperand(1);
    }
  if (auto *ZExt = dyn_cast<SCEVZeroExtendExpr>(SV)) {
    SV = ZExt->getOperand();
    Narrow = true;
  } else if (Offset) {
    return std::nullopt;
  }
  auto *AR = dyn_cast<SCEVAddRecExpr>(SV);
  if (!AR || AR->getLoop() != &L || !AR->isAffine() ||
      !AR->getType()->isIntegerTy(Narrow ? 32 : 64)) {
    // Not a recurrence of this loop: a value SCEV bounds, such as a table
    // entry's address  T + 4 * (x & 255). The bound must say something:
    // below 2^32 - 1, the largest zext of an i32.
    if (!HoistRanges)
      return std::nullopt;
    C.Start = C.Start32 = nullptr;
    C.Step = 0;
    APInt Max = SE.getUnsignedRangeMax(Whole);
    if (Max.ult(APInt::getMaxValue(32).zext(64))) {
      C.RangeMax = Max.getZExtValue();
      return C;
    }
    // Or an invariant i32 plus a bounded value (V = zext(X) + Offset).
    BoundFinder Finder(L, SE);
    std::optional<BaseAndBound> R =
        Narrow ? Finder.find(SV) : Finder.findWide(SV);
    if (!R || R->Max + Offset >= APInt::getMaxValue(32).getZExtValue())
      return std::nullopt;
    C.RangeBase = R->Base;
    C.RangeMax = R->Max + Offset;
    return C;
  }
  auto *Step = dyn_cast<SCEVConstant>(AR->getStepRecurrence(SE));
  if (!Step || Step->getAPInt().getSignificantBits() > 32)
    return std::nullopt;
  const SCEV *Start = AR->getStart();
  const SCEV *Start32 = Narrow && !Offset ? Start : nullptr;
  // zext(X) + Offset going down: the condition below that X does not
  // wrap past 0 is on zext(X)'s start, not V's; not handled.
  if (Offset && Step->getAPInt().isNegative())
    return std::nullopt;
  if (Narrow)
    Start = SE.getAddExpr(SE.getZeroExtendExpr(Start, V->getType()),
                          SE.getConstant(V->getType(), Offset));
  else if (SE.getUnsignedRangeMax(Start).getActiveBits() > 40)
    return std::nullopt; // Start + Step * E must not overflow
  C.Start = Start;
  C.Start32 = Start32;
  C.Step = Step->getAPInt().getSExtValue();
  return C;
}

/// Rewrites, in an expression to be expanded at At, each recurrence
/// {A,+,Step}<L2> as I + (A - A') for an instruction I of L2 that
/// dominates At and whose own SCEV is {A',+,Step}<L2>, when A - A' is a
/// constant. SCEVExpander would otherwise rebuild the recurrence from a
/// new counter it adds to L2 (times Step, plus A), which costs a
/// register, an increment and often a spill in L2; I already holds the
/// value. It holds it for the right iteration because it dominates At:
/// if L2 contains At, I ran earlier in the current iteration; if L2 was
/// left (the recurrence then stands for its value on the last
/// iteration), every path to At ran I's block in L2's last iteration.
class ExistingValueRewriter : public SCEVRewriteVisitor<ExistingValueRewriter> {
public:
  ExistingValueRewriter(ScalarEvolution &SE, DominatorTree &DT, Instruction *At)
      : SCEVRewriteVisitor(SE), DT(DT), At(At) {}

  const SCEV *visitAddRecExpr(const SCEVAddRecExpr *AR) {
    const Loop *L2 = AR->getLoop();
    if (!AR->isAffine())
      return SCEVRewriteVisitor::visitAddRecExpr(AR);
    const SCEV *Step = AR->getStepRecurrence(SE);
    unsigned Budget = 256;
    for (BasicBlock *BB : L2->blocks()) {
      if (!DT.dominates(BB, At->getParent()))
        continue;
      for (Instruction &I : *BB) {
        if (Budget-- == 0)
          return AR;
        if (I.getType() != AR->getType() || !SE.isSCEVable(I.getType()) ||
            !DT.dominates(&I, At))
          continue;
        auto *Own = dyn_cast<SCEVAddRecExpr>(SE.getSCEV(&I));
        if (!Own || Own->getLoop() != L2 || !Own->isAffine() ||
            Own->getStepRecurrence(SE) != Step)
          continue;
        const SCEV *Diff = SE.getMinusSCEV(AR->getStart(), Own->getStart());
        if (isa<SCEVConstant>(Diff))
          return SE.getAddExpr(SE.getUnknown(&I), Diff);
      }
    }
    return AR;
  }

private:
  DominatorTree &DT;
  Instruction *At;
};

/// Checks whose i32 starts are Base + K for one Base, K in [KMin, KMax].
struct CheckGroup {
  const SCEV *Base; ///< i32
  Value *Limit;
  int64_t Step;
  int64_t KMin, KMax;
  SmallVector<const Check *, 8> Members;
};

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
  Instruction *At = Preheader->getTerminator();
  IRBuilder<> B(At);
  Value *H = nullptr;
  SmallVector<Check, 8> Hoisted;
  auto Usable = [&](const Check &C) {
    auto *LimitI = dyn_cast<Instruction>(C.Limit);
    return !LimitI || DT.dominates(LimitI, At);
  };
  // X (the largest or the first value of C's V) passes C's check.
  auto InBounds = [&](Value *X, const Check &C) {
    return C.AtMost ? B.CreateICmpULE(X, C.Limit) : B.CreateICmpULT(X, C.Limit);
  };
  const DataLayout &DL = Preheader->getDataLayout();
  SCEVExpander Expander(SE, DL, "w2o.hoist");
  Type *I64 = B.getInt64Ty();
  ExistingValueRewriter Rewriter(SE, DT, At);
  // Bounded values: one compare of the bound, whatever the iterations;
  // checks of one base, limit and form share the compare of their
  // largest bound, zext(Base) + Max (Base null: Max alone).
  struct RangeCond {
    const Check *First;
    const SCEV *Base; ///< i64, rewritten
    uint64_t Max;
  };
  SmallVector<RangeCond, 4> Ranges;
  for (const Check &C : Checks) {
    if (!C.RangeMax || !Usable(C))
      continue;
    auto R = llvm::find_if(Ranges, [&](const RangeCond &R) {
      return R.First->RangeBase == C.RangeBase && R.First->AtMost == C.AtMost &&
             SE.getSCEV(R.First->Limit) == SE.getSCEV(C.Limit);
    });
    if (R != Ranges.end()) {
      R->Max = std::max(R->Max, *C.RangeMax);
    } else {
      const SCEV *Base = nullptr;
      if (C.RangeBase) {
        Base = SE.getZeroExtendExpr(Rewriter.visit(C.RangeBase), I64);
        if (!Expander.isSafeToExpandAt(Base, At))
          continue;
      }
      Ranges.push_back({&C, Base, *C.RangeMax});
    }
    Hoisted.push_back(C);
  }
  for (const RangeCond &R : Ranges) {
    Value *Top = B.getInt64(R.Max);
    if (R.Base) {
      Top = Expander.expandCodeFor(
          SE.getAddExpr(R.Base, SE.getConstant(I64, R.Max)), I64, At);
      B.SetInsertPoint(At);
    }
    Value *Cond = InBounds(Top, *R.First);
    H = H ? B.CreateAnd(H, Cond) : Cond;
  }
  llvm::erase_if(Checks, [](const Check &C) { return C.RangeMax; });
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
    Checks.clear();

  const SCEV *E64 =
      Bound ? Rewriter.visit(SE.getZeroExtendExpr(Bound, I64)) : nullptr;
  // Checks going up from i32 starts Base + k (k constant) against one
  // Limit, such as the bytes of an unrolled copy loop, need only one
  // condition between them (see the header).
  SmallVector<CheckGroup, 4> Groups;
  SmallPtrSet<const Check *, 8> Grouped;
  for (const Check &C : Checks) {
    if (C.Step < 0 || !C.Start32 || C.AtMost || !Usable(C))
      continue;
    // Rewritten first: a recurrence of a loop left before this one,
    // {(K + X),+,S}, becomes K + an instruction.
    const SCEV *Base = Rewriter.visit(C.Start32);
    int64_t K = 0;
    if (auto *Add = dyn_cast<SCEVAddExpr>(Base))
      if (auto *KC = dyn_cast<SCEVConstant>(Add->getOperand(0))) {
        K = KC->getAPInt().getSExtValue();
        Base = SE.getMinusSCEV(Base, KC);
      }
    auto G = llvm::find_if(Groups, [&](const CheckGroup &G) {
      return G.Base == Base && G.Limit == C.Limit && G.Step == C.Step;
    });
    if (G == Groups.end())
      Groups.push_back({Base, C.Limit, C.Step, K, K, {&C}});
    else {
      G->KMin = std::min(G->KMin, K);
      G->KMax = std::max(G->KMax, K);
      G->Members.push_back(&C);
    }
  }
  for (const CheckGroup &G : Groups) {
    if (G.Members.size() < 2)
      continue;
    const SCEV *BaseZ = SE.getZeroExtendExpr(G.Base, I64);
    const SCEV *Top = SE.getAddExpr(BaseZ, SE.getConstant(I64, G.KMax, true));
    const SCEV *Last =
        SE.getAddExpr(Top, SE.getMulExpr(SE.getConstant(I64, G.Step), E64));
    if (!Expander.isSafeToExpandAt(Last, At))
      continue;
    Value *LastV = Expander.expandCodeFor(Last, I64, At);
    Value *BaseV =
        G.KMin < 0 ? Expander.expandCodeFor(BaseZ, I64, At) : nullptr;
    B.SetInsertPoint(At);
    // No test that Base + kmax does not wrap around in i32: see the header.
    Value *Cond = B.CreateICmpULT(LastV, G.Limit);
    if (BaseV)
      Cond = B.CreateAnd(Cond, B.CreateICmpUGE(BaseV, B.getInt64(-G.KMin)));
    H = H ? B.CreateAnd(H, Cond) : Cond;
    for (const Check *C : G.Members) {
      Hoisted.push_back(*C);
      Grouped.insert(C);
    }
  }
  for (const Check &C : Checks) {
    if (Grouped.count(&C) || !Usable(C))
      continue;
    // Below: |Step| <= 2^31, E < 2^32 and Start < 2^40, so no sum or
    // product overflows i64.
    const SCEV *Span = SE.getMulExpr(
        SE.getConstant(I64, static_cast<uint64_t>(std::abs(C.Step))), E64);
    const SCEV *Start = Rewriter.visit(C.Start);
    Value *Cond;
    if (C.Step >= 0) {
      const SCEV *Last = SE.getAddExpr(Start, Span);
      if (!Expander.isSafeToExpandAt(Last, At))
        continue;
      Value *LastV = Expander.expandCodeFor(Last, I64, At);
      B.SetInsertPoint(At);
      // If the i32 recurrence wraps, its values are only smaller.
      Cond = InBounds(LastV, C);
    } else {
      if (!Expander.isSafeToExpandAt(Start, At) ||
          !Expander.isSafeToExpandAt(Span, At))
        continue;
      Value *StartV = Expander.expandCodeFor(Start, I64, At);
      Value *SpanV = Expander.expandCodeFor(Span, I64, At);
      B.SetInsertPoint(At);
      Cond = B.CreateAnd(InBounds(StartV, C), B.CreateICmpUGE(StartV, SpanV));
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
