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
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/PromoteMemToReg.h"

using namespace llvm;
using namespace w2o;

namespace {

using Edge = std::pair<BasicBlock *, BasicBlock *>;

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

// Blocks reachable from Start's successors (Forward) or reaching one of
// Seeds (backward), without passing through Start.
SmallPtrSet<BasicBlock *, 16>
reach(BasicBlock *Start, ArrayRef<BasicBlock *> Seeds, bool Forward) {
  SmallPtrSet<BasicBlock *, 16> Seen;
  SmallVector<BasicBlock *, 16> Work;
  auto Visit = [&](BasicBlock *BB) {
    if (BB != Start && Seen.insert(BB).second)
      Work.push_back(BB);
  };
  if (Forward)
    for (BasicBlock *S : successors(Start))
      Visit(S);
  else
    for (BasicBlock *S : Seeds)
      Visit(S);
  while (!Work.empty()) {
    BasicBlock *BB = Work.pop_back_val();
    if (Forward)
      for (BasicBlock *S : successors(BB))
        Visit(S);
    else
      for (BasicBlock *P : predecessors(BB))
        Visit(P);
  }
  return Seen;
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

bool isLandingPad(const BasicBlock *BB) { return BB->isLandingPad(); }

// Keeps the exception of one pin owned, if its exnref never escapes.
bool unpin(CallInst *Pin, const Function *Throw, unsigned HandlerKind,
           FunctionCallee Free) {
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
    IRBuilder<> B(Pin->getNextNode());
    B.CreateCall(Free, {Exn});
    Pin->replaceAllUsesWith(Exn);
    Pin->eraseFromParent();
    return true;
  }
  SmallPtrSet<BasicBlock *, 16> Fwd = reach(Def, {}, /*Forward=*/true);
  SmallPtrSet<BasicBlock *, 16> Bwd = reach(Def, Seeds, /*Forward=*/false);
  auto InR = [&](BasicBlock *BB) {
    return Fwd.count(BB) != 0 && Bwd.count(BB) != 0;
  };
  // A handler that took P must not lead to another use of it.
  for (const Edge &E : U.HandlerEdges)
    if (InR(E.second))
      return false;

  // The edges on which P is dropped, and that they can carry a free.
  // In the function's order, so that the output is deterministic.
  SmallVector<BasicBlock *, 16> Sources{Def};
  for (BasicBlock &BB : *Def->getParent())
    if (InR(&BB))
      Sources.push_back(&BB);
  SmallVector<Edge, 8> Drops;
  MapVector<BasicBlock *, SmallVector<BasicBlock *, 2>> PadDrops;
  bool FreeAtDefEnd = false;
  for (BasicBlock *X : Sources) {
    Instruction *Term = X->getTerminator();
    if (Term->getNumSuccessors() == 0) {
      // The pin's block may end the function (a return) with P dropped;
      // a block of R without successors is one that throws P.
      if (X == Def && !is_contained(U.Throws, Def))
        FreeAtDefEnd = true;
      continue;
    }
    if (!isa<BranchInst, SwitchInst, InvokeInst>(Term))
      return false;
    SmallPtrSet<BasicBlock *, 4> Done;
    for (BasicBlock *Y : successors(X)) {
      if (!Done.insert(Y).second || InR(Y) ||
          is_contained(U.HandlerEdges, Edge(X, Y)))
        continue;
      if (isLandingPad(Y))
        PadDrops[Y].push_back(X);
      else
        Drops.push_back({X, Y});
    }
  }

  Pin->replaceAllUsesWith(Exn);
  Pin->eraseFromParent();
  for (const Edge &E : Drops)
    freeOnEdge(E.first, E.second, Exn, Free);
  for (auto &[Pad, Preds] : PadDrops) {
    // The edges from Preds get a landing pad of their own.
    SmallVector<BasicBlock *, 2> NewPads;
    SplitLandingPadPredecessors(Pad, Preds, ".exn.drop", ".exn.kept", NewPads);
    IRBuilder<> B(NewPads[0], NewPads[0]->getFirstInsertionPt());
    B.CreateCall(Free, {Exn});
  }
  if (FreeAtDefEnd) {
    IRBuilder<> B(Def->getTerminator());
    B.CreateCall(Free, {Exn});
  }
  return true;
}

// mem2reg: an exnref kept in a local becomes an SSA value.
void promoteLocals(Function &F) {
  SmallVector<AllocaInst *, 16> Allocas;
  for (Instruction &I : F.getEntryBlock())
    if (auto *AI = dyn_cast<AllocaInst>(&I))
      if (isAllocaPromotable(AI))
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
      for (CallInst *Pin : Calls)
        unpin(Pin, Throw, HandlerKind, Free);
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
