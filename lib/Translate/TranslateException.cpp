//===- TranslateException.cpp - exception handling ------------------------===//
//
// Exception handling: the legacy form (try, catch, catch_all, delegate,
// throw, rethrow), the final form's try_table, throw_ref and exnref, and
// tags, shared by both.
//
// Design
// ------
// An exception is a runtime object (lib/Runtime/exception.c, layout in
// abi.h): the unwinder's header, the tag's identity (the pointer in the
// instance's tag slot, the exporter's for an imported tag) and the
// payload. Each control frame that handles exceptions has a *handler
// block*, whose first instruction is a phi of the exception pointer:
//
//   try (body)     its dispatch: the catch clauses test the tag one after
//                  the other (catch_all takes anything); no match passes
//                  the exception to the next handler out;
//   catch bodies   a cleanup: frees the exception the body caught, then
//                  passes the new one on (the body is being left).
//
// handlerFor() finds the innermost handler of a position; with none, an
// exception leaves the function through wasirt_throw. A throw or rethrow
// branches to the handler directly (no unwinding inside a function); a
// call inside a handler's scope is an invoke whose landing pad (one per
// handler block, a `cleanup` pad under libgcc's C personality, through
// the module's thunk, personality()) sends the exception to the handler.
// `delegate L` passes what its body's clauses would have seen to the
// handler of label L.
//
// A try_table frame has a dispatch as a try has; its clauses are tested
// at its end (endTryTable), each a branch to its label (counted from
// outside the try_table) with the payload, after which the exception is
// freed, or, for catch_ref and catch_all_ref, pinned and passed on as the
// exnref (a pointer to the exception). throw_ref raises that very object
// again, after a null check.
//
// Ownership: each exception has one owner. A catch body owns the
// exception it caught and frees it when control leaves the body: at its
// end, by a branch or return out of it (leaveCatches), or through its
// cleanup. rethrow raises a copy, so a nested catch of the rethrown
// exception owns its own object. An exnref can be copied anywhere, so a
// pinned exception has no owner and is never freed (freeing it is a no-op;
// lib/Runtime/exception.c).
//
// Unwinding is per module: the functions of a module with tags or
// exception instructions (Module::MayUnwind) are not nounwind and have
// unwind tables; the code of any other module is nounwind, and an
// exception reaching one of its frames is uncaught.
//
//===----------------------------------------------------------------------===//

#include "Compiler.h"
#include "FunctionTranslator.h"
#include "UnpinExnRefs.h"
#include "llvm/IR/MDBuilder.h"

using namespace w2o;
using namespace llvm;

static bool isCatch(FrameKind K) {
  return K == FrameKind::Catch || K == FrameKind::CatchAll;
}

bool FunctionTranslator::checkTag(uint32_t I) {
  if (I < M.Tags.size())
    return true;
  fail("unknown tag " + Twine(I));
  return false;
}

// A handler's exception phi owns what it receives (UnpinExnRefs.h).
static void markHandler(PHINode *PN) {
  PN->setMetadata(ExnHandlerMetadata, MDNode::get(PN->getContext(), {}));
}

BasicBlock *FunctionTranslator::handlerFor(size_t Idx) {
  for (size_t I = Idx + 1; I-- > 0;) {
    ControlFrame &Fr = Ctrl[I];
    if (Fr.Kind == FrameKind::Try || Fr.Kind == FrameKind::TryTable) {
      if (!Fr.Dispatch) {
        Fr.Dispatch = BasicBlock::Create(MC.Ctx, "catch.dispatch", F);
        Fr.DispatchExn = PHINode::Create(MC.PtrTy, 2, "exn", Fr.Dispatch);
        markHandler(Fr.DispatchExn);
      }
      return Fr.Dispatch;
    }
    if (isCatch(Fr.Kind) && Fr.Caught) {
      if (!Fr.Cleanup) {
        IRBuilder<>::InsertPointGuard Guard(B);
        Fr.Cleanup = BasicBlock::Create(MC.Ctx, "catch.cleanup", F);
        B.SetInsertPoint(Fr.Cleanup);
        Fr.CleanupExn = B.CreatePHI(MC.PtrTy, 2, "exn");
        markHandler(Fr.CleanupExn);
        callRuntime(RuntimeCall::wasirt_exception_free, {Fr.Caught});
        raiseTo(I - 1, Fr.CleanupExn);
      }
      return Fr.Cleanup;
    }
  }
  return nullptr;
}

// The personality of every function with landing pads: a module's own
// thunk that tail-calls libgcc's C personality. The unwind tables refer to
// a personality through a hidden weak pointer named after it
// (DW.ref.NAME, 32-bit relative); named after the module, each module's
// tables reach their own pointer, even when a JIT places modules more than
// 2 GiB apart (one DW.ref.__gcc_personality_v0 would be shared by all).
Function *FunctionTranslator::personality() {
  // A '.' never occurs in a mangled name, so no import's symbol (w2o_
  // mangle(module) Q_ mangle(field)) can take this name.
  std::string Name = "w2o_" + mangleName(MC.Opts.ModuleName) + ".personality";
  if (Function *P = MC.LM.getFunction(Name))
    return P;
  // _Unwind_Reason_Code (int, _Unwind_Action, uint64_t exception class,
  // struct _Unwind_Exception *, struct _Unwind_Context *)
  FunctionType *FT = FunctionType::get(
      MC.I32Ty, {MC.I32Ty, MC.I32Ty, MC.I64Ty, MC.PtrTy, MC.PtrTy}, false);
  FunctionCallee Gcc = MC.LM.getOrInsertFunction("__gcc_personality_v0", FT);
  Function *P = Function::Create(FT, GlobalValue::InternalLinkage, Name, MC.LM);
  P->setDoesNotThrow();
  IRBuilder<> PB(BasicBlock::Create(MC.Ctx, "entry", P));
  SmallVector<Value *, 5> Args;
  for (Argument &A : P->args())
    Args.push_back(&A);
  CallInst *Call = PB.CreateCall(Gcc, Args);
  Call->setTailCallKind(CallInst::TCK_MustTail);
  PB.CreateRet(Call);
  return P;
}

BasicBlock *FunctionTranslator::landingPadFor(BasicBlock *H) {
  BasicBlock *&Pad = LandingPads[H];
  if (Pad)
    return Pad;
  if (!F->hasPersonalityFn())
    F->setPersonalityFn(personality());
  IRBuilder<>::InsertPointGuard Guard(B);
  Pad = BasicBlock::Create(MC.Ctx, "lpad", F);
  B.SetInsertPoint(Pad);
  LandingPadInst *LP =
      B.CreateLandingPad(StructType::get(MC.Ctx, {MC.PtrTy, MC.I32Ty}), 0);
  LP->setCleanup(true);
  Value *Exn = B.CreateExtractValue(LP, 0);
  // Only wasm exceptions are ours: anything else (a host's C++ exception,
  // thread cancellation) unwinds on untouched.
  Value *Class = B.CreateLoad(MC.I64Ty, Exn);
  BasicBlock *Foreign = BasicBlock::Create(MC.Ctx, "lpad.foreign", F);
  B.CreateCondBr(B.CreateICmpEQ(Class, B.getInt64(WASIRT_EXCEPTION_CLASS)), H,
                 Foreign, MDBuilder(MC.Ctx).createLikelyBranchWeights());
  cast<PHINode>(&H->front())->addIncoming(Exn, Pad);
  B.SetInsertPoint(Foreign);
  B.CreateResume(LP);
  return Pad;
}

void FunctionTranslator::raiseTo(size_t Idx, Value *Exn) {
  if (BasicBlock *H = handlerFor(Idx)) {
    cast<PHINode>(&H->front())->addIncoming(Exn, B.GetInsertBlock());
    B.CreateBr(H);
    return;
  }
  callRuntime(RuntimeCall::wasirt_throw, {Inst, Exn});
  B.CreateUnreachable();
}

bool FunctionTranslator::leavesCatches(size_t From) const {
  for (size_t I = From; I < Ctrl.size(); ++I)
    if (isCatch(Ctrl[I].Kind) && Ctrl[I].Caught)
      return true;
  return false;
}

void FunctionTranslator::leaveCatches(size_t From) {
  for (size_t I = Ctrl.size(); I-- > From;)
    if (isCatch(Ctrl[I].Kind) && Ctrl[I].Caught)
      callRuntime(RuntimeCall::wasirt_exception_free, {Ctrl[I].Caught});
}

// Whether exception Exn was thrown with tag Tag: its tag's identity (the
// exporter's slot for an imported tag) against this instance's.
Value *FunctionTranslator::exceptionHasTag(Value *Exn, uint32_t Tag) {
  Value *Got = B.CreateLoad(
      MC.PtrTy,
      B.CreateConstInBoundsGEP1_64(MC.I8Ty, Exn, WASIRT_OFF_EXCEPTION_TAG));
  Value *Want = loadInvariant(MC.PtrTy, instanceField(MC.tagOffset(Tag)));
  return B.CreateICmpEQ(Got, Want);
}

// The payload of exception Exn, of tag Tag, one value per parameter.
void FunctionTranslator::loadPayload(Value *Exn, uint32_t Tag,
                                     SmallVectorImpl<Value *> &Values) {
  ArrayRef<ValType> Params = M.Types[M.Tags[Tag].TypeIndex].Params;
  for (size_t I = 0; I < Params.size(); ++I)
    Values.push_back(B.CreateLoad(
        MC.llvmType(Params[I]),
        B.CreateConstInBoundsGEP1_64(MC.I8Ty, Exn,
                                     WASIRT_OFF_EXCEPTION_PAYLOAD +
                                         WASIRT_EXCEPTION_SLOT * uint64_t(I))));
}

// Ends the body of a try or catch frame before its next catch clause:
// the fallthrough leaves it, freeing what a catch body caught.
void FunctionTranslator::catchClause(bool All, uint32_t Tag) {
  ControlFrame &Fr = Ctrl.back();
  if (Fr.Kind != FrameKind::Try && Fr.Kind != FrameKind::Catch) {
    fail(All ? "catch_all without a matching try"
             : "catch without a matching try");
    return;
  }
  if (!All && !checkTag(Tag))
    return;
  SmallVector<Value *, 4> Values;
  if (!popBody(Fr,
               "type mismatch in catch: values remain on the stack at the "
               "end of the block",
               Values))
    return;
  fallThrough(Fr, Values);
  Fr.Kind = All ? FrameKind::CatchAll : FrameKind::Catch;
  Fr.Unreachable = false;
  Dead = true;
  ArrayRef<ValType> Params;
  if (!All)
    Params = M.Types[M.Tags[Tag].TypeIndex].Params;
  if (!Fr.Dispatch) {
    // Nothing in the body throws: the clause is dead code.
    for (ValType T : Params)
      push(T, nullptr);
    return;
  }
  B.SetInsertPoint(Fr.Dispatch);
  BasicBlock *Body = newBlock(All ? "catch_all" : "catch");
  if (All) {
    B.CreateBr(Body);
    Fr.Dispatch = nullptr;
  } else {
    BasicBlock *Next = newBlock("catch.next");
    B.CreateCondBr(exceptionHasTag(Fr.DispatchExn, Tag), Body, Next);
    Fr.Dispatch = Next;
  }
  B.SetInsertPoint(Body);
  Dead = false;
  Fr.Caught = Fr.DispatchExn;
  if (All)
    return;
  SmallVector<Value *, 4> Payload;
  loadPayload(Fr.Caught, Tag, Payload);
  for (size_t I = 0; I < Params.size(); ++I)
    push(Params[I], Payload[I]);
}

// At the end of a try frame: the exceptions no clause took go on to the
// next handler out.
void FunctionTranslator::endTry(ControlFrame &Fr) {
  if (!Fr.Dispatch)
    return;
  IRBuilder<>::InsertPointGuard Guard(B);
  B.SetInsertPoint(Fr.Dispatch);
  Fr.Dispatch = nullptr;
  raiseTo(frameIndex(Fr) - 1, Fr.DispatchExn);
}

// try_table's clauses are typed against their labels, counted from
// outside the try_table (it is not on the control stack yet): catch gives
// the tag's parameters, catch_ref those and an exnref, catch_all nothing,
// catch_all_ref an exnref.
bool FunctionTranslator::checkCatchClauses(ArrayRef<CatchClauseImm> Catches) {
  for (const CatchClauseImm &C : Catches) {
    if (!C.all() && !checkTag(C.Tag))
      return false;
    ControlFrame *T = label(C.Label);
    if (!T)
      return false;
    SmallVector<ValType, 4> Types;
    if (!C.all())
      for (ValType P : M.Types[M.Tags[C.Tag].TypeIndex].Params)
        Types.push_back(P);
    if (C.ref())
      Types.push_back(ValType::ExnRef);
    if (ArrayRef<ValType>(Types) != T->labelTypes()) {
      fail("type mismatch in catch clause");
      return false;
    }
  }
  return true;
}

// At the end of a try_table frame: the clauses take the exceptions of its
// body in order, each branching to its label with the payload (and the
// exception as an exnref, pinned); one no clause takes goes on out.
void FunctionTranslator::endTryTable(ControlFrame &Fr) {
  if (!Fr.Dispatch)
    return;
  IRBuilder<>::InsertPointGuard Guard(B);
  B.SetInsertPoint(Fr.Dispatch);
  Fr.Dispatch = nullptr;
  Value *Exn = Fr.DispatchExn;
  size_t Outside = frameIndex(Fr); // labels count from the frame below
  for (const CatchClauseImm &C : Fr.Catches) {
    ControlFrame &Target = Ctrl[Outside - 1 - C.Label];
    BasicBlock *Take = newBlock("catch");
    BasicBlock *Next = nullptr;
    if (C.all()) {
      B.CreateBr(Take);
    } else {
      Next = newBlock("catch.next");
      B.CreateCondBr(exceptionHasTag(Exn, C.Tag), Take, Next);
    }
    B.SetInsertPoint(Take);
    SmallVector<Value *, 4> Values;
    if (!C.all())
      loadPayload(Exn, C.Tag, Values);
    if (C.ref()) {
      // UnpinExnRefs may make calls invokes with landing pads of its own.
      if (!F->hasPersonalityFn())
        F->setPersonalityFn(personality());
      Values.push_back(callRuntime(RuntimeCall::wasirt_exception_pin, {Exn}));
    } else
      callRuntime(RuntimeCall::wasirt_exception_free, {Exn});
    leaveCatches(frameIndex(Target));
    branchTo(Target, Values);
    B.CreateBr(Target.labelBlock());
    if (!Next)
      return; // a catch_all takes everything: later clauses are dead
    B.SetInsertPoint(Next);
  }
  raiseTo(Outside - 1, Exn);
}

void FunctionTranslator::translateException(ExceptionOp Op,
                                            const Immediates &Imm) {
  switch (Op) {
  case ExceptionOp::TryTable: {
    if (!checkCatchClauses(Imm.Catches))
      return;
    SmallVector<Value *, 4> Params;
    if (!popOperands(Imm.Block.Params, Params))
      return;
    pushFrame(FrameKind::TryTable, Imm.Block, Params);
    Ctrl.back().Catches = Imm.Catches;
    return;
  }
  case ExceptionOp::ThrowRef: {
    Value *Exn = pop(ValType::ExnRef);
    if (failed())
      return;
    if (live()) {
      trapIf(B.CreateIsNull(Exn), WASIRT_TRAP_NULL_EXCEPTION_REFERENCE);
      raiseTo(Ctrl.size() - 1, Exn);
    }
    setUnreachable();
    return;
  }
  case ExceptionOp::Try: {
    SmallVector<Value *, 4> Params;
    if (!popOperands(Imm.Block.Params, Params))
      return;
    pushFrame(FrameKind::Try, Imm.Block, Params);
    return;
  }
  case ExceptionOp::Catch:
    catchClause(/*All=*/false, Imm.Index);
    return;
  case ExceptionOp::CatchAll:
    catchClause(/*All=*/true, 0);
    return;
  case ExceptionOp::Delegate: {
    ControlFrame &Fr = Ctrl.back();
    if (Fr.Kind != FrameKind::Try) {
      fail("delegate without a matching try");
      return;
    }
    // The label is counted from outside the try.
    if (Imm.Index >= Ctrl.size() - 1) {
      fail("unknown label " + Twine(Imm.Index));
      return;
    }
    size_t Target = Ctrl.size() - 2 - Imm.Index;
    // The clauses' tail, taken out before endFrame pops the frame (whose
    // own end would pass it to the next frame out instead).
    BasicBlock *Tail = Fr.Dispatch;
    PHINode *Exn = Fr.DispatchExn;
    Fr.Dispatch = nullptr;
    endFrame();
    if (failed() || !Tail)
      return;
    IRBuilder<>::InsertPointGuard Guard(B);
    B.SetInsertPoint(Tail);
    leaveCatches(Target + 1);
    raiseTo(Target, Exn);
    return;
  }
  case ExceptionOp::Throw: {
    if (!checkTag(Imm.Index))
      return;
    const FuncType &T = M.Types[M.Tags[Imm.Index].TypeIndex];
    SmallVector<Value *, 4> Args;
    if (!popOperands(T.Params, Args))
      return;
    if (live()) {
      Value *Tag =
          loadInvariant(MC.PtrTy, instanceField(MC.tagOffset(Imm.Index)));
      Value *Exn = callRuntime(
          RuntimeCall::wasirt_exception_new,
          {Inst, Tag,
           B.getInt64(WASIRT_EXCEPTION_SLOT * uint64_t(Args.size()))});
      for (size_t I = 0; I < Args.size(); ++I)
        B.CreateStore(Args[I], B.CreateConstInBoundsGEP1_64(
                                   MC.I8Ty, Exn,
                                   WASIRT_OFF_EXCEPTION_PAYLOAD +
                                       WASIRT_EXCEPTION_SLOT * uint64_t(I)));
      raiseTo(Ctrl.size() - 1, Exn);
    }
    setUnreachable();
    return;
  }
  case ExceptionOp::Rethrow: {
    ControlFrame *T = label(Imm.Index);
    if (!T)
      return;
    if (!isCatch(T->Kind)) {
      fail("invalid rethrow label");
      return;
    }
    if (live()) {
      assert(T->Caught && "live code inside a catch body that caught nothing");
      Value *Copy =
          callRuntime(RuntimeCall::wasirt_exception_clone, {T->Caught});
      raiseTo(Ctrl.size() - 1, Copy);
    }
    setUnreachable();
    return;
  }
  }
  llvm_unreachable("bad exception op");
}
