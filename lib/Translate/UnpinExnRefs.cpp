//===- UnpinExnRefs.cpp - exnrefs that never escape are freed -------------===//
//
// See UnpinExnRefs.h for what this does and why it is sound.
//
//===----------------------------------------------------------------------===//

#include "UnpinExnRefs.h"
#include "RuntimeCalls.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/PromoteMemToReg.h"

using namespace llvm;
using namespace w2o;

namespace {

using Edge = std::pair<BasicBlock *, BasicBlock *>;

// What the pins of one function may cost together: blocks visited while
// finding their regions, and frees (with their blocks) inserted. A pin
// beyond either stays, so that the pass and what it adds are linear in
// the function's size.
struct Budget {
  size_t Blocks = 0;
  size_t Frees = 0;
  size_t Insts = 0;
};

// The uses of one pin's result P.
struct PinUses {
  SmallVector<BasicBlock *, 2> Throws;   // blocks of wasirt_throw(_, P)
  SmallVector<Edge, 2> HandlerEdges;     // (from, handler block) taking P
  SmallPtrSet<const Value *, 4> Aliases; // P and the phis of P alone
};

// Classifies every use of P; false if P may escape. A phi that is not a
// handler's must have P (or such phis, or itself) as every incoming value.
bool collectUses(CallInst *Pin, const Function *Throw, unsigned HandlerKind,
                 PinUses &U) {
  // The phis reachable through uses are candidates first, checked after.
  SmallVector<Value *, 4> Work{Pin};
  SmallVector<PHINode *, 4> Phis;
  U.Aliases.insert(Pin);
  while (!Work.empty()) {
    Value *V = Work.pop_back_val();
    for (Use &Use : V->uses()) {
      User *Usr = Use.getUser();
      if (auto *Cmp = dyn_cast<ICmpInst>(Usr)) {
        if (!Cmp->isEquality() ||
            !isa<ConstantPointerNull>(Cmp->getOperand(1 - Use.getOperandNo())))
          return false;
        continue;
      }
      if (auto *Call = dyn_cast<CallInst>(Usr)) {
        if (!Throw || Call->getCalledFunction() != Throw ||
            !Call->isArgOperand(&Use) || Call->getArgOperandNo(&Use) != 1)
          return false;
        U.Throws.push_back(Call->getParent());
        continue;
      }
      auto *PN = dyn_cast<PHINode>(Usr);
      if (!PN)
        return false;
      if (PN->getMetadata(HandlerKind)) {
        U.HandlerEdges.push_back({PN->getIncomingBlock(Use), PN->getParent()});
        continue;
      }
      if (U.Aliases.insert(PN).second) {
        Phis.push_back(PN);
        Work.push_back(PN);
      }
    }
  }
  return all_of(Phis, [&](PHINode *PN) {
    return all_of(PN->incoming_values(),
                  [&](Value *In) { return U.Aliases.count(In) != 0; });
  });
}

// R for one pin in block Def with consuming uses in Seeds, in the order
// found (deterministic): first the blocks that reach a seed without
// passing through Def (backward from the seeds), then those of them that
// Def reaches through them (every block on a path from Def to a block of
// R reaches that block, so the forward walk needs no other). False when
// the backward walk would exceed Budget blocks.
bool region(BasicBlock *Def, ArrayRef<BasicBlock *> Seeds, size_t &Budget,
            SmallVectorImpl<BasicBlock *> &R,
            SmallPtrSetImpl<BasicBlock *> &InR) {
  SmallPtrSet<BasicBlock *, 16> Bwd;
  SmallVector<BasicBlock *, 16> Work;
  auto Back = [&](BasicBlock *BB) {
    if (BB == Def || !Bwd.insert(BB).second)
      return true;
    if (Budget == 0)
      return false;
    --Budget;
    Work.push_back(BB);
    return true;
  };
  for (BasicBlock *S : Seeds)
    if (!Back(S))
      return false;
  while (!Work.empty()) {
    BasicBlock *BB = Work.pop_back_val();
    for (BasicBlock *P : predecessors(BB))
      if (!Back(P))
        return false;
  }
  auto Fwd = [&](BasicBlock *BB) {
    if (Bwd.count(BB) && InR.insert(BB).second) {
      R.push_back(BB);
      Work.push_back(BB);
    }
  };
  for (BasicBlock *S : successors(Def))
    Fwd(S);
  while (!Work.empty())
    for (BasicBlock *S : successors(Work.pop_back_val()))
      Fwd(S);
  return true;
}

// Frees Exn on the edge From -> To (not into a landing pad): a new block
// between them.
void freeOnEdge(BasicBlock *From, BasicBlock *To, Value *Exn,
                FunctionCallee Free) {
  LLVMContext &Ctx = From->getContext();
  BasicBlock *Drop = BasicBlock::Create(Ctx, "exn.drop", From->getParent(), To);
  IRBuilder<> B(Drop);
  B.CreateCall(Free, {Exn});
  B.CreateBr(To);
  From->getTerminator()->replaceSuccessorWith(To, Drop);
  // A switch may have had several edges to To: now one comes from Drop.
  for (PHINode &PN : To->phis()) {
    bool Found = false;
    for (unsigned I = 0; I < PN.getNumIncomingValues();) {
      if (PN.getIncomingBlock(I) != From) {
        ++I;
      } else if (Found) {
        PN.removeIncomingValue(I, /*DeletePHIIfEmpty=*/false);
      } else {
        PN.setIncomingBlock(I, Drop);
        Found = true;
        ++I;
      }
    }
  }
}

// Appends to Calls, in order, the calls from First to the end of BB that
// may unwind, but the consuming throws of P; false if over budget or if
// one cannot be an invoke.
bool unwindingCalls(BasicBlock::iterator First, BasicBlock *BB,
                    const Function *Throw, const PinUses &U, size_t &Budget,
                    SmallVectorImpl<CallInst *> &Calls) {
  for (Instruction &I : make_range(First, BB->end())) {
    if (Budget == 0)
      return false;
    --Budget;
    auto *Call = dyn_cast<CallInst>(&I);
    if (!Call || Call->doesNotThrow() || isa<IntrinsicInst>(Call))
      continue;
    if (Throw && Call->getCalledFunction() == Throw &&
        U.Aliases.count(Call->getArgOperand(1)))
      continue;
    if (Call->isMustTailCall() || Call->isInlineAsm())
      return false;
    Calls.push_back(Call);
  }
  return true;
}

// The landing pad for the calls that may unwind while the exception is
// owned: it frees the exception and unwinds on.
BasicBlock *freeingPad(Function &F, Value *Exn, FunctionCallee Free) {
  LLVMContext &Ctx = F.getContext();
  BasicBlock *Pad = BasicBlock::Create(Ctx, "exn.unwind", &F);
  IRBuilder<> B(Pad);
  Type *Ptr = PointerType::getUnqual(Ctx);
  LandingPadInst *LP =
      B.CreateLandingPad(StructType::get(Ctx, {Ptr, B.getInt32Ty()}), 0);
  LP->setCleanup(true);
  B.CreateCall(Free, {Exn});
  B.CreateResume(LP);
  return Pad;
}

// Keeps the exception of one pin owned, if its exnref never escapes.
bool unpin(CallInst *Pin, const Function *Throw, unsigned HandlerKind,
           FunctionCallee Free, Budget &B) {
  PinUses U;
  if (!collectUses(Pin, Throw, HandlerKind, U))
    return false;
  Value *Exn = Pin->getArgOperand(0);
  BasicBlock *Def = Pin->getParent();

  SmallVector<BasicBlock *, 4> Seeds(U.Throws.begin(), U.Throws.end());
  for (const Edge &E : U.HandlerEdges)
    Seeds.push_back(E.first);
  if (Seeds.empty()) {
    // Only compared with null: freed at once.
    IRBuilder<> IRB(Pin->getNextNode());
    IRB.CreateCall(Free, {Exn});
    Pin->replaceAllUsesWith(Exn);
    Pin->eraseFromParent();
    return true;
  }
  SmallVector<BasicBlock *, 16> R;
  SmallPtrSet<BasicBlock *, 16> InRSet;
  if (!region(Def, Seeds, B.Blocks, R, InRSet))
    return false;
  auto InR = [&](BasicBlock *BB) { return InRSet.count(BB) != 0; };
  // A handler that took P must not lead to another use of it.
  for (const Edge &E : U.HandlerEdges)
    if (InR(E.second))
      return false;

  // The edges on which P is dropped, and that they can carry a free.
  SmallVector<BasicBlock *, 16> Sources{Def};
  Sources.append(R.begin(), R.end());
  SmallVector<Edge, 8> Drops;
  MapVector<BasicBlock *, SmallVector<BasicBlock *, 2>> PadDrops;
  for (BasicBlock *X : Sources) {
    Instruction *Term = X->getTerminator();
    if (Term->getNumSuccessors() == 0) {
      // A block of R without successors is one that throws P. The pin's
      // block always branches to its clause's label; were it to end the
      // function (after a tail call, say), the pin stays.
      if (!is_contained(U.Throws, X))
        return false;
      continue;
    }
    if (!isa<BranchInst, SwitchInst, InvokeInst>(Term))
      return false;
    SmallPtrSet<BasicBlock *, 4> Done;
    for (BasicBlock *Y : successors(X)) {
      if (!Done.insert(Y).second || InR(Y) ||
          is_contained(U.HandlerEdges, Edge(X, Y)))
        continue;
      if (Y->isLandingPad())
        PadDrops[Y].push_back(X);
      else
        Drops.push_back({X, Y});
    }
  }

  // The calls that may unwind while the exception is owned (after the pin
  // in its block, anywhere in R) become invokes of a landing pad that frees
  // it: otherwise an exception leaving the function through one of them
  // would abandon it until the guarded call into wasm ends.
  SmallVector<CallInst *, 8> Calls;
  if (!unwindingCalls(std::next(Pin->getIterator()), Def, Throw, U, B.Insts,
                      Calls))
    return false;
  for (BasicBlock *X : R)
    if (!unwindingCalls(X->begin(), X, Throw, U, B.Insts, Calls))
      return false;
  // The translator gives a function with pins a personality.
  if (!Calls.empty() && !Def->getParent()->hasPersonalityFn())
    return false;

  // The blocks and frees to insert have a budget of their own.
  size_t Frees = Drops.size() + PadDrops.size();
  if (Frees > B.Frees)
    return false;
  B.Frees -= Frees;
  Pin->replaceAllUsesWith(Exn);
  Pin->eraseFromParent();
  for (const Edge &E : Drops)
    freeOnEdge(E.first, E.second, Exn, Free);
  for (auto &[Pad, Preds] : PadDrops) {
    // The edges from Preds get a landing pad of their own.
    SmallVector<BasicBlock *, 2> NewPads;
    SplitLandingPadPredecessors(Pad, Preds, ".exn.drop", ".exn.kept", NewPads);
    IRBuilder<> IRB(NewPads[0], NewPads[0]->getFirstInsertionPt());
    IRB.CreateCall(Free, {Exn});
  }
  if (!Calls.empty()) {
    BasicBlock *Pad = freeingPad(*Def->getParent(), Exn, Free);
    // Last first (Calls is in block order): each split then moves only
    // the code up to the previous one, so splitting a block of many calls
    // stays linear.
    for (CallInst *Call : reverse(Calls))
      changeToInvokeAndSplitBasicBlock(Call, Pad);
  }
  return true;
}

// mem2reg of the reference locals: an exnref kept in a local becomes an
// SSA value. (SROA promotes the others later, on a simpler CFG.)
void promoteLocals(Function &F) {
  SmallVector<AllocaInst *, 16> Allocas;
  for (Instruction &I : F.getEntryBlock())
    if (auto *AI = dyn_cast<AllocaInst>(&I))
      if (AI->getAllocatedType()->isPointerTy() && isAllocaPromotable(AI))
        Allocas.push_back(AI);
  if (Allocas.empty())
    return;
  DominatorTree DT(F);
  PromoteMemToReg(Allocas, DT);
}

} // namespace

PreservedAnalyses UnpinExnRefsPass::run(Module &M, ModuleAnalysisManager &) {
  unsigned HandlerKind = M.getMDKindID(ExnHandlerMetadata);
  bool Changed = false;
  Function *PinFn =
      M.getFunction(runtimeCallInfo(RuntimeCall::wasirt_exception_pin).Name);
  if (PinFn) {
    MapVector<Function *, SmallVector<CallInst *, 2>> Pins;
    for (User *Usr : PinFn->users())
      if (auto *Call = dyn_cast<CallInst>(Usr))
        if (Call->getCalledFunction() == PinFn)
          Pins[Call->getFunction()].push_back(Call);
    const Function *Throw =
        M.getFunction(runtimeCallInfo(RuntimeCall::wasirt_throw).Name);
    FunctionCallee Free =
        declareRuntimeCall(M, RuntimeCall::wasirt_exception_free);
    for (auto &[F, Calls] : Pins) {
      promoteLocals(*F);
      Changed = true;
      Budget B;
      B.Blocks = 4 * F->size() + 4096;
      B.Frees = F->size() / 4 + 256;
      B.Insts = 4 * F->getInstructionCount() + 65536;
      bool Unpinned = false;
      for (CallInst *Pin : Calls)
        Unpinned |= unpin(Pin, Throw, HandlerKind, Free, B);
      // What the pass built is checked at once: the module was verified
      // before the pipeline, which does not verify again.
      std::string Problems;
      raw_string_ostream OS(Problems);
      if (Unpinned && verifyFunction(*F, &OS))
        report_fatal_error(Twine("internal error: UnpinExnRefs broke ") +
                           F->getName() + ":\n" + OS.str());
    }
  }
  // The marks are for this pass only.
  for (Function &F : M)
    for (BasicBlock &BB : F)
      for (PHINode &PN : BB.phis())
        if (PN.getMetadata(HandlerKind)) {
          PN.setMetadata(HandlerKind, nullptr);
          Changed = true;
        }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
