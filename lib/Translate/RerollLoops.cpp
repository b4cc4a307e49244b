//===- RerollLoops.cpp - a loop the producer unrolled, rolled back up -----===//

#include "RerollLoops.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;

namespace w2o {

namespace {

constexpr unsigned MaxRuns = 16;
constexpr unsigned MaxInstructions = 1000;

/// A SCEV of run 0 as run J computes it: every recurrence {A,+,S} of L
/// becomes {A + J*S/U,+,S}.
class Shift : public SCEVRewriteVisitor<Shift> {
public:
  Shift(ScalarEvolution &SE, const Loop &L, unsigned U, unsigned J)
      : SCEVRewriteVisitor(SE), L(L), U(U), J(J) {}

  bool Failed = false;

  const SCEV *visitAddRecExpr(const SCEVAddRecExpr *AR) {
    if (AR->getLoop() != &L)
      return AR; // an outer loop's: invariant in L
    auto *Step = dyn_cast<SCEVConstant>(AR->getStepRecurrence(SE));
    if (!AR->isAffine() || !Step || Step->getAPInt().srem(U) != 0) {
      Failed = true;
      return AR;
    }
    APInt By = Step->getAPInt().sdiv(U) * J;
    const SCEV *Start = SE.getAddExpr(AR->getStart(), SE.getConstant(By));
    return SE.getAddRecExpr(Start, Step, &L, SCEV::FlagAnyWrap);
  }

private:
  const Loop &L;
  unsigned U, J;
};

class Reroller {
public:
  Reroller(Loop &L, ScalarEvolution &SE) : L(L), SE(SE) {}

  bool run() {
    if (!analyse())
      return false;
    for (unsigned Runs = MaxRuns; Runs >= 2; --Runs)
      if (tryRuns(Runs)) {
        apply();
        return true;
      }
    return false;
  }

private:
  bool inLoop(const Value *V) const {
    auto *I = dyn_cast<Instruction>(V);
    return I && L.contains(I);
  }

  bool isRecurrence(const Value *V) const {
    auto *I = dyn_cast<Instruction>(V);
    return I && (isa<PHINode>(I) ? I->getParent() == L.getHeader()
                                 : Recurrences.count(I) != 0);
  }

  /// Loop shape, the recurrences, and every instruction classified.
  bool analyse();
  /// Whether the loads and stores split into Runs matching runs (sets U).
  bool tryRuns(unsigned Runs);
  bool match(Value *V0, Value *VJ, unsigned J);
  /// Rolls the loop up into its first run, for the U tryRuns accepted.
  void apply();

  Loop &L;
  ScalarEvolution &SE;
  SmallVector<BinaryOperator *, 4> Increments; ///< one per header phi
  BinaryOperator *ExitIncrement = nullptr;
  SmallVector<Instruction *, 32> Memory; ///< loads and stores, in order
  SmallPtrSet<Instruction *, 32> Recurrences;
  SmallVector<Instruction *, 32> Data; ///< everything else in the body

  // One attempt's state.
  unsigned U = 0;
  DenseMap<Instruction *, unsigned> Run;
  std::vector<DenseMap<Instruction *, Instruction *>> Partner; ///< [J][I0]
  SmallPtrSet<Instruction *, 16> FlagsDiffer;
};

bool Reroller::analyse() {
  BasicBlock *BB = L.getHeader();
  if (!L.isInnermost() || L.getNumBlocks() != 1 || L.getLoopLatch() != BB ||
      !L.getExitBlock() || BB->size() > MaxInstructions)
    return false;
  auto *Br = dyn_cast<BranchInst>(BB->getTerminator());
  if (!Br || !Br->isConditional())
    return false;
  auto *Exit = dyn_cast<ICmpInst>(Br->getCondition());
  if (!Exit || !Exit->isEquality() || Exit->getParent() != BB ||
      !Exit->hasOneUse())
    return false;
  for (PHINode &P : BB->phis()) {
    auto *AR = dyn_cast<SCEVAddRecExpr>(SE.getSCEV(&P));
    auto *Inc = dyn_cast<BinaryOperator>(P.getIncomingValueForBlock(BB));
    if (!AR || AR->getLoop() != &L || !AR->isAffine() || !Inc ||
        Inc->getOpcode() != Instruction::Add || Inc->getParent() != BB ||
        Inc->getOperand(0) != &P || !isa<ConstantInt>(Inc->getOperand(1)))
      return false;
    // After the loop the phi would hold the last rolled value, not the
    // last unrolled one; the increment ends on the same value either way.
    for (User *Us : P.users())
      if (!inLoop(Us))
        return false;
    for (User *Us : Inc->users())
      if (inLoop(Us) && Us != &P && Us != Exit)
        return false;
    Increments.push_back(Inc);
  }
  for (BinaryOperator *Inc : Increments)
    for (unsigned K = 0; K < 2; ++K)
      if (Exit->getOperand(K) == Inc &&
          L.isLoopInvariant(Exit->getOperand(1 - K)))
        ExitIncrement = Inc;
  if (!ExitIncrement)
    return false;
  for (Instruction &I : *BB) {
    if (isa<PHINode>(I) || &I == Br || &I == Exit ||
        is_contained(Increments, &I))
      continue;
    if (auto *LI = dyn_cast<LoadInst>(&I)) {
      if (!LI->isSimple())
        return false;
      Memory.push_back(&I);
      continue;
    }
    if (auto *SI = dyn_cast<StoreInst>(&I)) {
      if (!SI->isSimple())
        return false;
      Memory.push_back(&I);
      continue;
    }
    if (I.mayReadOrWriteMemory() || I.mayHaveSideEffects())
      return false;
    // A recurrence expression: a SCEV over the recurrences and invariants,
    // computed from them alone.
    bool Recurrence =
        SE.isSCEVable(I.getType()) && all_of(I.operands(), [&](const Use &Op) {
          return !inLoop(Op) || isRecurrence(Op);
        });
    if (Recurrence) {
      const SCEV *S = SE.getSCEV(&I);
      Recurrence = !isa<SCEVCouldNotCompute>(S) &&
                   !SCEVExprContains(S, [&](const SCEV *X) {
                     auto *Unknown = dyn_cast<SCEVUnknown>(X);
                     return Unknown && inLoop(Unknown->getValue());
                   });
    }
    if (Recurrence) {
      for (User *Us : I.users())
        if (!inLoop(Us))
          return false;
      Recurrences.insert(&I);
    } else {
      Data.push_back(&I);
    }
  }
  return Memory.size() >= 2;
}

bool Reroller::tryRuns(unsigned Runs) {
  U = Runs;
  unsigned N = Memory.size();
  if (N % U != 0)
    return false;
  for (BinaryOperator *Inc : Increments)
    if (cast<ConstantInt>(Inc->getOperand(1))->getValue().srem(U) != 0)
      return false;
  // The rolled increment must not meet End before its last step: with N
  // unrolled iterations and D = Step/U, N*U <= 2^(w - tz(D)).
  auto *Max = dyn_cast<SCEVConstant>(SE.getConstantMaxBackedgeTakenCount(&L));
  if (!Max)
    return false;
  const APInt &Step =
      cast<ConstantInt>(ExitIncrement->getOperand(1))->getValue();
  APInt D = Step.sdiv(U);
  unsigned W = Step.getBitWidth(), Wide = W + 8;
  APInt Total = (Max->getAPInt().zext(Wide) + 1) * U;
  if (D.isZero() || Total.ugt(APInt::getOneBitSet(Wide, W - D.countr_zero())))
    return false;

  Run.clear();
  Partner.assign(U, DenseMap<Instruction *, Instruction *>());
  FlagsDiffer.clear();
  unsigned PerRun = N / U;
  for (unsigned T = 0; T < N; ++T) {
    Run[Memory[T]] = T / PerRun;
    Partner[T / PerRun][Memory[T % PerRun]] = Memory[T];
  }
  for (unsigned T = PerRun; T < N; ++T) {
    Instruction *I0 = Memory[T % PerRun], *IJ = Memory[T];
    unsigned J = T / PerRun;
    if (I0->getOpcode() != IJ->getOpcode() || I0->getType() != IJ->getType() ||
        !I0->hasSameSpecialState(IJ))
      return false;
    if (auto *S0 = dyn_cast<StoreInst>(I0)) {
      auto *SJ = cast<StoreInst>(IJ);
      if (!match(S0->getValueOperand(), SJ->getValueOperand(), J) ||
          !match(S0->getPointerOperand(), SJ->getPointerOperand(), J))
        return false;
    } else if (!match(cast<LoadInst>(I0)->getPointerOperand(),
                      cast<LoadInst>(IJ)->getPointerOperand(), J)) {
      return false;
    }
  }
  // Every other instruction is in one run, and its users in the same one.
  for (Instruction *I : Data)
    if (!Run.count(I))
      return false;
  for (auto &[I, R] : Run)
    for (User *Us : I->users()) {
      auto It = Run.find(cast<Instruction>(Us));
      if (It == Run.end() || It->second != R)
        return false;
    }
  return true;
}

bool Reroller::match(Value *V0, Value *VJ, unsigned J) {
  if (!inLoop(V0) && !inLoop(VJ))
    return V0 == VJ;
  if (V0->getType() != VJ->getType())
    return false;
  if ((!inLoop(V0) || isRecurrence(V0)) && (!inLoop(VJ) || isRecurrence(VJ))) {
    if (!SE.isSCEVable(V0->getType()))
      return false;
    Shift S(SE, L, U, J);
    const SCEV *Want = S.visit(SE.getSCEV(V0));
    const SCEV *Have = SE.getSCEV(VJ);
    return !S.Failed && (Want == Have || SE.getMinusSCEV(Have, Want)->isZero());
  }
  if (!inLoop(V0) || !inLoop(VJ) || isRecurrence(V0) || isRecurrence(VJ))
    return false;
  auto *I0 = cast<Instruction>(V0), *IJ = cast<Instruction>(VJ);
  auto Known = Partner[J].find(I0);
  if (Known != Partner[J].end())
    return Known->second == IJ;
  // Loads and stores were paired by position; an instruction already in a
  // run is some other instruction's partner.
  if (isa<LoadInst>(I0) || isa<StoreInst>(I0) || isa<LoadInst>(IJ) ||
      isa<StoreInst>(IJ) || Run.count(IJ))
    return false;
  auto Run0 = Run.find(I0);
  if (Run0 != Run.end() && Run0->second != 0)
    return false;
  if (I0->getOpcode() != IJ->getOpcode() ||
      I0->getNumOperands() != IJ->getNumOperands() ||
      !I0->hasSameSpecialState(IJ))
    return false;
  Run[I0] = 0;
  Run[IJ] = J;
  Partner[J][I0] = IJ;
  if (!I0->hasSameSubclassOptionalData(IJ))
    FlagsDiffer.insert(I0);
  for (unsigned K = 0, E = I0->getNumOperands(); K < E; ++K)
    if (!match(I0->getOperand(K), IJ->getOperand(K), J))
      return false;
  return true;
}

void Reroller::apply() {
  SE.forgetLoop(&L);
  for (BinaryOperator *Inc : Increments) {
    const APInt &Step = cast<ConstantInt>(Inc->getOperand(1))->getValue();
    Inc->setOperand(1, ConstantInt::get(Inc->getType(), Step.sdiv(U)));
    Inc->dropPoisonGeneratingFlags();
  }
  // Run 0's instructions now compute every run's values: keep only the
  // flags and metadata that held for all of them.
  for (Instruction *I : Recurrences)
    I->dropPoisonGeneratingFlags();
  for (Instruction *I : FlagsDiffer)
    I->dropPoisonGeneratingFlags();
  for (unsigned J = 1; J < U; ++J)
    for (auto &[I0, IJ] : Partner[J]) {
      SmallVector<std::pair<unsigned, MDNode *>, 4> MDs;
      I0->getAllMetadataOtherThanDebugLoc(MDs);
      for (auto &[Kind, Node] : MDs)
        if (IJ->getMetadata(Kind) != Node)
          I0->setMetadata(Kind, nullptr);
    }
  SmallVector<Instruction *, 64> Gone;
  for (auto &[I, R] : Run)
    if (R != 0)
      Gone.push_back(I);
  for (Instruction *I : Gone)
    I->dropAllReferences();
  for (Instruction *I : Gone)
    I->eraseFromParent();
  SmallVector<WeakTrackingVH, 32> Dead;
  for (Instruction *I : Recurrences)
    if (I->use_empty())
      Dead.push_back(I);
  RecursivelyDeleteTriviallyDeadInstructions(Dead);
}

} // namespace

PreservedAnalyses RerollLoopsPass::run(Function &F,
                                       FunctionAnalysisManager &FAM) {
  auto &LI = FAM.getResult<LoopAnalysis>(F);
  auto &SE = FAM.getResult<ScalarEvolutionAnalysis>(F);
  bool Changed = false;
  for (Loop *L : LI.getLoopsInPreorder())
    if (L->isInnermost())
      Changed |= Reroller(*L, SE).run();
  if (!Changed)
    return PreservedAnalyses::all();
  PreservedAnalyses PA;
  PA.preserveSet<CFGAnalyses>();
  return PA;
}

} // namespace w2o
