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
    if (!I)
      return false;
    if (auto *P = dyn_cast<PHINode>(I))
      return P->getParent() == L.getHeader() &&
             none_of(Reductions,
                     [&](const Reduction &R) { return R.Phi == P; }) &&
             !carriedIndex(P);
    return Recurrences.count(I) != 0 || is_contained(Increments, I);
  }

  /// Loop shape, the recurrences, and every instruction classified.
  bool analyse();
  /// Whether P is a reduction (adds it to Reductions).
  bool matchReduction(PHINode &P);
  /// Whether P is a counter {S,+,Step} whose back-edge value is not
  /// simply  P + Step  (adds it to Derived).
  bool matchDerived(PHINode &P);
  /// Whether P may be a carried value (adds it to CarriedValues); tryOrder
  /// checks the rest.
  bool matchCarried(PHINode &P);
  /// Whether every carried value's uses match: run J uses run J-1's copy of
  /// the back-edge value where run 0 uses the phi.
  bool matchCarriedValues();
  const APInt &derivedStep(PHINode *P) const {
    auto *AR = cast<SCEVAddRecExpr>(SE.getSCEV(P));
    return cast<SCEVConstant>(AR->getStepRecurrence(SE))->getAPInt();
  }
  /// The instruction of run 0 whose run-J copy is IJ, if IJ is one.
  Instruction *runZeroCopy(unsigned J, const Instruction *IJ) const {
    for (auto &[I0, Copy] : Partner[J])
      if (Copy == IJ)
        return I0;
    return nullptr;
  }
  /// V's index in CarriedValues if it is a carried phi.
  std::optional<unsigned> carriedIndex(const Value *V) const {
    for (unsigned K = 0; K < CarriedValues.size(); ++K)
      if (CarriedValues[K].Phi == V)
        return K;
    return std::nullopt;
  }
  /// Whether the loads and stores split into Runs matching runs (sets U).
  bool tryRuns(unsigned Runs);
  /// The same, the runs taken in program order or (loads only) reversed.
  bool tryOrder(unsigned Runs, bool Reversed);
  /// Whether each reduction has one link per run, the links matching.
  bool matchReductions();
  /// Whether Us (in run UsRun, if in any) may use I of run R because I is a
  /// carried value's copy (the phi's back-edge value, or run R's copy used
  /// by run R+1 in place of the phi).
  bool isCarriedUse(Instruction *I, unsigned R, User *Us, unsigned UsRun) const;
  bool match(Value *V0, Value *VJ, unsigned J);
  /// Rolls the loop up into its first run, for the U tryRuns accepted.
  void apply();

  /// An integer reduction: Phi -> Links[0] -> ... -> Links.back() -> Phi,
  /// every link  op(previous, value)  with the same associative and
  /// commutative op.
  struct Reduction {
    PHINode *Phi;
    SmallVector<BinaryOperator *, MaxRuns> Links; ///< in program order
    BinaryOperator *First = nullptr;              ///< run 0's link
  };
  /// A value one iteration hands to the next (clang's wasm output loads
  /// A[i] once and uses it as A[i-1] in the next copy):
  ///   Phi = phi [Start, pre], [Last, loop]
  /// where Last is run U-1's copy of an instruction First of run 0, and run
  /// J uses run J-1's copy of First where run 0 uses Phi. Rolled, the phi
  /// takes First from the loop.
  struct Carried {
    PHINode *Phi;
    Instruction *Last;
    Instruction *First = nullptr; ///< set by matchCarriedValues
  };
  bool isLink(const Instruction *I) const {
    auto *B = dyn_cast<BinaryOperator>(I);
    return B && LinkOperand.count(B);
  }
  /// The operand of a link that is not the previous link (or the phi).
  Value *linkValue(BinaryOperator *Link) const {
    return Link->getOperand(1 - LinkOperand.lookup(Link));
  }

  Loop &L;
  ScalarEvolution &SE;
  SmallVector<BinaryOperator *, 4> Increments; ///< one per counter phi
  /// Counters whose back-edge value is some other recurrence expression
  /// (explicit mode's loops compute one counter from another's increment).
  SmallVector<PHINode *, 2> Derived;
  SmallVector<Reduction, 2> Reductions;
  SmallVector<Carried, 2> CarriedValues;
  DenseMap<BinaryOperator *, unsigned> LinkOperand; ///< previous link's index
  BinaryOperator *ExitIncrement = nullptr;
  SmallVector<Instruction *, 32> Memory; ///< loads and stores, in order
  SmallPtrSet<Instruction *, 32> Recurrences;
  SmallVector<Instruction *, 32> Data; ///< everything else in the body

  // One attempt's state.
  unsigned U = 0;
  DenseMap<Instruction *, unsigned> Run;
  std::vector<DenseMap<Instruction *, Instruction *>> Partner; ///< [J][I0]
  SmallPtrSet<Instruction *, 16> FlagsDiffer;
  /// [K][J]: what run J uses where run 0 uses CarriedValues[K].Phi.
  std::vector<SmallVector<Instruction *, MaxRuns>> CarriedUse;
};

/// Whether I's result is its operation applied to its operands as
/// integers mod 2^w, whatever their values, once its poison flags go.
bool computesItsSCEV(const Instruction &I) {
  switch (I.getOpcode()) {
  case Instruction::Add:
  case Instruction::Sub:
  case Instruction::Mul:
  case Instruction::Shl:
  case Instruction::GetElementPtr:
  case Instruction::ZExt:
  case Instruction::SExt:
  case Instruction::Trunc:
    return true;
  case Instruction::Or:
    return cast<PossiblyDisjointInst>(I).isDisjoint();
  default:
    return false;
  }
}

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
        Inc->getOperand(0) != &P || !isa<ConstantInt>(Inc->getOperand(1))) {
      if (!matchDerived(P) && !matchReduction(P) && !matchCarried(P))
        return false;
      continue;
    }
    // After the loop the phi would hold the last rolled value, not the
    // last unrolled one; the increment ends on the same value either way.
    for (User *Us : P.users())
      if (!inLoop(Us))
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
        is_contained(Increments, &I) || isLink(&I))
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
    // computed from them alone, by an operation that computes that SCEV for
    // every value of its operands. Once rolled, the counters take values
    // they never took (i + 4 where it was only multiples of 32), so what
    // SCEV read from known bits no longer holds: `or i, 17` is i + 17 only
    // while i's low bits are zero. An `or disjoint` becomes an add (the
    // same value wherever the flag held); `and`, shifts right, divisions
    // and plain `or` are data, and the loop stays as it is.
    bool Recurrence = SE.isSCEVable(I.getType()) && computesItsSCEV(I) &&
                      all_of(I.operands(), [&](const Use &Op) {
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
  // In the loop an increment may feed recurrence expressions (clang's
  // wasm output often computes the last copy's address from it); apply()
  // gives those the unrolled step's value.
  for (BinaryOperator *Inc : Increments)
    for (User *Us : Inc->users())
      if (inLoop(Us) && Us != Inc->getOperand(0) && Us != Exit &&
          !Recurrences.count(cast<Instruction>(Us)))
        return false;
  return Memory.size() >= 2;
}

bool Reroller::matchReduction(PHINode &P) {
  BasicBlock *BB = L.getHeader();
  auto *Last = dyn_cast<BinaryOperator>(P.getIncomingValueForBlock(BB));
  if (!Last || Last->getParent() != BB || !P.getType()->isIntegerTy() ||
      !P.hasOneUse())
    return false;
  Instruction::BinaryOps Op = Last->getOpcode();
  if (Op != Instruction::Add && Op != Instruction::Mul &&
      Op != Instruction::And && Op != Instruction::Or && Op != Instruction::Xor)
    return false;
  // The last link may be used after the loop; the phi and the other links
  // only by the next link.
  for (User *Us : Last->users())
    if (inLoop(Us) && Us != &P)
      return false;
  Reduction R;
  R.Phi = &P;
  // A phi that is not a reduction may still be a carried value, so a
  // failed match leaves no links behind.
  auto Fail = [&] {
    for (BinaryOperator *Link : R.Links)
      LinkOperand.erase(Link);
    return false;
  };
  auto MayBeLink = [&](Value *V) {
    auto *B = dyn_cast<BinaryOperator>(V);
    return B && B->getOpcode() == Op && B->getParent() == BB &&
           B->hasOneUse() && !isLink(B);
  };
  for (BinaryOperator *Link = Last;;) {
    if (R.Links.size() == MaxRuns)
      return Fail();
    R.Links.push_back(Link);
    Value *A = Link->getOperand(0), *B = Link->getOperand(1);
    unsigned K;
    if (A == &P && B == &P)
      return Fail();
    if (A == &P || B == &P)
      K = A == &P ? 0 : 1;
    else if (MayBeLink(A) != MayBeLink(B))
      K = MayBeLink(A) ? 0 : 1;
    else
      return Fail(); // no way on, or two
    LinkOperand[Link] = K;
    Value *Previous = Link->getOperand(K);
    if (Previous == &P)
      break;
    Link = cast<BinaryOperator>(Previous);
  }
  std::reverse(R.Links.begin(), R.Links.end());
  Reductions.push_back(std::move(R));
  return true;
}

bool Reroller::matchDerived(PHINode &P) {
  auto *AR = dyn_cast<SCEVAddRecExpr>(SE.getSCEV(&P));
  if (!AR || AR->getLoop() != &L || !AR->isAffine() ||
      !isa<SCEVConstant>(AR->getStepRecurrence(SE)))
    return false;
  for (User *Us : P.users())
    if (!inLoop(Us))
      return false;
  Derived.push_back(&P);
  return true;
}

bool Reroller::matchCarried(PHINode &P) {
  BasicBlock *BB = L.getHeader();
  auto *Last = dyn_cast<Instruction>(P.getIncomingValueForBlock(BB));
  if (!Last || Last->getParent() != BB || isa<PHINode>(Last))
    return false;
  // After the loop the phi would hold run 0's last value, not run U-1's.
  for (User *Us : P.users())
    if (!inLoop(Us))
      return false;
  CarriedValues.push_back({&P, Last});
  return true;
}

bool Reroller::matchCarriedValues() {
  for (unsigned K = 0; K < CarriedValues.size(); ++K) {
    Carried &C = CarriedValues[K];
    auto It = Run.find(C.Last);
    if (It == Run.end() || It->second != U - 1)
      return false;
    C.First = runZeroCopy(U - 1, C.Last);
    if (!C.First)
      return false;
    for (unsigned J = 1; J < U; ++J) {
      Instruction *Want = J == 1 ? C.First : Partner[J - 1].lookup(C.First);
      Instruction *Have = CarriedUse[K][J];
      if (!Want || (Have && Have != Want))
        return false;
    }
    // The phi's users are run 0's, and its value's copies are used only in
    // their own run, by the phi (the last one), or in the next run where
    // run 0 uses the phi (what match() recorded in CarriedUse).
    for (User *Us : C.Phi->users()) {
      auto UseRun = Run.find(cast<Instruction>(Us));
      if (UseRun == Run.end() || UseRun->second != 0)
        return false;
    }
  }
  return true;
}

bool Reroller::tryRuns(unsigned Runs) {
  if (tryOrder(Runs, false))
    return true;
  // Loads alone may be read in any order: clang's wasm output often reads
  // an unrolled reduction's elements from the last copy to the first.
  // (A carried value runs forwards only: run J uses run J-1's.)
  return !Reductions.empty() && CarriedValues.empty() &&
         none_of(Memory, [](Instruction *I) { return isa<StoreInst>(I); }) &&
         tryOrder(Runs, true);
}

bool Reroller::tryOrder(unsigned Runs, bool Reversed) {
  U = Runs;
  unsigned N = Memory.size();
  if (N % U != 0)
    return false;
  for (BinaryOperator *Inc : Increments)
    if (cast<ConstantInt>(Inc->getOperand(1))->getValue().srem(U) != 0)
      return false;
  for (PHINode *P : Derived)
    if (derivedStep(P).srem(U) != 0)
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
  CarriedUse.assign(CarriedValues.size(),
                    SmallVector<Instruction *, MaxRuns>(U, nullptr));
  unsigned PerRun = N / U;
  // The T-th load or store is in run J(T); run 0's partner of it has the
  // same place in its run.
  auto RunOf = [&](unsigned T) {
    return Reversed ? U - 1 - T / PerRun : T / PerRun;
  };
  auto First = [&](unsigned T) {
    return Memory[(Reversed ? (U - 1) * PerRun : 0) + T % PerRun];
  };
  for (unsigned T = 0; T < N; ++T) {
    Run[Memory[T]] = RunOf(T);
    Partner[RunOf(T)][First(T)] = Memory[T];
  }
  for (unsigned T = 0; T < N; ++T) {
    unsigned J = RunOf(T);
    if (J == 0)
      continue;
    Instruction *I0 = First(T), *IJ = Memory[T];
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
  if (!matchReductions() || !matchCarriedValues())
    return false;
  // Every other instruction is in one run, and its users in the same one,
  // but for a carried value's copies (matchCarriedValues).
  for (Instruction *I : Data)
    if (!Run.count(I))
      return false;
  for (auto &[I, R] : Run) {
    if (isLink(I))
      continue; // a link's users: the next link, the phi, the exit
    for (User *Us : I->users()) {
      auto It = Run.find(cast<Instruction>(Us));
      if (It != Run.end() && It->second == R)
        continue;
      if (!isCarriedUse(I, R, Us, It == Run.end() ? 0 : It->second))
        return false;
    }
  }
  return true;
}

bool Reroller::isCarriedUse(Instruction *I, unsigned R, User *Us,
                            unsigned UsRun) const {
  for (unsigned K = 0; K < CarriedValues.size(); ++K) {
    const Carried &C = CarriedValues[K];
    if (I == C.Last && Us == C.Phi)
      return true;
    // Run R's copy of First, used by run R+1 where run 0 uses the phi:
    // every use of it in Us must be one that match() paired with the phi.
    if (R + 1 >= U || UsRun != R + 1 || CarriedUse[K][R + 1] != I)
      continue;
    auto *UI = cast<Instruction>(Us);
    Instruction *U0 = runZeroCopy(R + 1, UI);
    if (!U0)
      return false;
    for (unsigned Op = 0, E = UI->getNumOperands(); Op < E; ++Op)
      if (UI->getOperand(Op) == I && U0->getOperand(Op) != C.Phi)
        return false;
    return true;
  }
  return false;
}

bool Reroller::matchReductions() {
  for (Reduction &R : Reductions) {
    if (R.Links.size() != U)
      return false;
    // A link's run is that of the first instruction already in a run that
    // its value reaches; match() below checks the rest.
    SmallVector<BinaryOperator *, MaxRuns> OfRun(U, nullptr);
    for (BinaryOperator *Link : R.Links) {
      SmallVector<Value *, 8> Work{linkValue(Link)};
      SmallPtrSet<Value *, 16> Seen;
      std::optional<unsigned> Found;
      while (!Work.empty() && !Found) {
        Value *V = Work.pop_back_val();
        auto *I = dyn_cast<Instruction>(V);
        if (!I || !L.contains(I) || isRecurrence(I) || isa<PHINode>(I) ||
            !Seen.insert(I).second)
          continue;
        if (auto It = Run.find(I); It != Run.end())
          Found = It->second;
        else
          append_range(Work, I->operands());
      }
      // A link whose value reaches no load is run 0's only if it is the
      // first link (sum += i, say, with the counter's runs in order).
      unsigned J = Found ? *Found : 0;
      if (OfRun[J])
        return false;
      OfRun[J] = Link;
    }
    R.First = OfRun[0];
    Run[R.First] = 0;
    for (unsigned J = 1; J < U; ++J) {
      BinaryOperator *LJ = OfRun[J];
      Run[LJ] = J;
      Partner[J][R.First] = LJ;
      if (!match(linkValue(R.First), linkValue(LJ), J))
        return false;
    }
  }
  return true;
}

bool Reroller::match(Value *V0, Value *VJ, unsigned J) {
  if (!inLoop(V0) && !inLoop(VJ))
    return V0 == VJ;
  if (V0->getType() != VJ->getType())
    return false;
  // Where run 0 uses a carried phi, run J uses run J-1's copy of the value
  // the phi carries; matchCarriedValues checks what is recorded here once
  // every run is known.
  if (auto K = carriedIndex(V0)) {
    auto *IJ = dyn_cast<Instruction>(VJ);
    if (!IJ || !inLoop(IJ) || isa<PHINode>(IJ))
      return false;
    Instruction *&Have = CarriedUse[*K][J];
    if (Have && Have != IJ)
      return false;
    Have = IJ;
    return true;
  }
  if (carriedIndex(VJ))
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
  SmallVector<std::pair<PHINode *, APInt>, 2> DerivedSteps;
  for (PHINode *P : Derived)
    DerivedSteps.push_back({P, derivedStep(P).sdiv(U)});
  SE.forgetLoop(&L);
  // Run 0's link now adds every run's value to the phi; the values are
  // added in another order when the runs were not in the links' order,
  // which for these operations (mod 2^w) gives the same result, but the
  // partial results differ, so no-wrap flags go.
  for (Reduction &R : Reductions) {
    BinaryOperator *Last = R.Links.back();
    R.First->setOperand(LinkOperand.lookup(R.First), R.Phi);
    R.First->dropPoisonGeneratingFlags();
    if (Last != R.First)
      Last->replaceAllUsesWith(R.First);
  }
  // A derived counter steps by itself, by Step/U; its old back-edge value
  // keeps its other users (recurrence expressions of run 0's, or none).
  for (auto &[P, Step] : DerivedSteps) {
    BasicBlock *BB = L.getHeader();
    auto *Next =
        BinaryOperator::CreateAdd(P, ConstantInt::get(P->getType(), Step), "",
                                  BB->getTerminator()->getIterator());
    P->setIncomingValueForBlock(BB, Next);
  }
  // A carried phi takes run 0's value from the loop, the value run 1 used.
  for (Carried &C : CarriedValues)
    C.Phi->setIncomingValueForBlock(L.getHeader(), C.First);
  for (BinaryOperator *Inc : Increments) {
    // Recurrence expressions that used the increment keep its unrolled
    // value, phi + Step, as a copy of their own.
    SmallVector<Use *, 4> Keep;
    for (Use &Us : Inc->uses()) {
      auto *I = cast<Instruction>(Us.getUser());
      if (Recurrences.count(I))
        Keep.push_back(&Us);
    }
    if (!Keep.empty()) {
      auto *Copy = BinaryOperator::CreateAdd(
          Inc->getOperand(0), Inc->getOperand(1), "", Inc->getIterator());
      for (Use *Us : Keep)
        Us->set(Copy);
      Recurrences.insert(Copy);
    }
    const APInt &Step = cast<ConstantInt>(Inc->getOperand(1))->getValue();
    Inc->setOperand(1, ConstantInt::get(Inc->getType(), Step.sdiv(U)));
    Inc->dropPoisonGeneratingFlags();
  }
  // Run 0's instructions now compute every run's values: keep only the
  // flags and metadata that held for all of them.
  SmallVector<Instruction *, 8> DisjointOrs;
  for (Instruction *I : Recurrences) {
    if (I->getOpcode() == Instruction::Or)
      DisjointOrs.push_back(I);
    else
      I->dropPoisonGeneratingFlags();
  }
  for (Instruction *Or : DisjointOrs) {
    auto *Add = BinaryOperator::CreateAdd(Or->getOperand(0), Or->getOperand(1),
                                          "", Or->getIterator());
    Add->takeName(Or);
    Or->replaceAllUsesWith(Add);
    Recurrences.erase(Or);
    Or->eraseFromParent();
    Recurrences.insert(Add);
  }
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
