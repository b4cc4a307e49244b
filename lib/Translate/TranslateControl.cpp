//===- TranslateControl.cpp - blocks, branches, calls ---------------------===//

#include "FunctionTranslator.h"
#include "llvm/IR/MDBuilder.h"

using namespace w2o;
using namespace llvm;

// Whether the current instruction is inside some wasm loop.
bool FunctionTranslator::insideLoop() const {
  for (const ControlFrame &F : Ctrl)
    if (F.Kind == FrameKind::Loop)
      return true;
  return false;
}

void FunctionTranslator::pushFrame(FrameKind Kind, const BlockTypeImm &BT,
                                   ArrayRef<Value *> ParamValues) {
  ControlFrame Fr;
  Fr.Kind = Kind;
  Fr.Params.assign(BT.Params.begin(), BT.Params.end());
  Fr.Results.assign(BT.Results.begin(), BT.Results.end());
  Fr.Height = Stack.size();
  Fr.Offset = OpOffset;
  Fr.LiveEntry = live();
  if (Fr.LiveEntry) {
    Fr.End = BasicBlock::Create(MC.Ctx, "end");
    for (ValType T : Fr.Results)
      Fr.EndPhis.push_back(PHINode::Create(MC.llvmType(T), 2, "", Fr.End));
  }
  SmallVector<Value *, 4> Entry(ParamValues.begin(), ParamValues.end());
  if (Kind == FrameKind::Loop && Fr.LiveEntry) {
    Fr.Header = newBlock("loop");
    BasicBlock *From = B.GetInsertBlock();
    B.CreateBr(Fr.Header);
    B.SetInsertPoint(Fr.Header);
    for (size_t I = 0; I < Fr.Params.size(); ++I) {
      PHINode *P = B.CreatePHI(MC.llvmType(Fr.Params[I]), 2);
      P->addIncoming(Entry[I], From);
      Fr.HeaderPhis.push_back(P);
      Entry[I] = P;
    }
  }
  if (Kind == FrameKind::If)
    Fr.IfParams.assign(Entry.begin(), Entry.end());
  Ctrl.push_back(std::move(Fr));
  for (size_t I = 0; I < BT.Params.size(); ++I)
    push(BT.Params[I], Entry[I]);
}

void FunctionTranslator::collectLabelValues(ControlFrame &Target,
                                            SmallVectorImpl<Value *> &Values) {
  ArrayRef<ValType> Types = Target.labelTypes();
  size_t N = Types.size();
  Values.assign(N, nullptr);
  for (size_t I = 0; I < N; ++I)
    Values[I] = Stack[Stack.size() - N + I].V;
}

void FunctionTranslator::branchTo(ControlFrame &Target,
                                  ArrayRef<Value *> Values) {
  BasicBlock *From = B.GetInsertBlock();
  if (Target.Kind == FrameKind::Loop) {
    for (size_t I = 0; I < Values.size(); ++I)
      Target.HeaderPhis[I]->addIncoming(Values[I], From);
  } else {
    for (size_t I = 0; I < Values.size(); ++I)
      Target.EndPhis[I]->addIncoming(Values[I], From);
  }
}

void FunctionTranslator::emitReturn(ArrayRef<Value *> Values) {
  ControlFrame &Fn = Ctrl.front();
  branchTo(Fn, Values);
  B.CreateBr(Fn.End);
}

bool FunctionTranslator::popBody(ControlFrame &Fr, const char *Mismatch,
                                 SmallVectorImpl<Value *> &Values) {
  if (!popOperands(Fr.Results, Values))
    return false;
  if (Stack.size() != Fr.Height) {
    fail(Mismatch);
    return false;
  }
  return true;
}

void FunctionTranslator::fallThrough(ControlFrame &Fr,
                                     ArrayRef<Value *> Values) {
  if (!Fr.LiveEntry || !live())
    return;
  // Leaving a catch body frees its exception.
  if (Fr.Caught)
    callRuntime(RuntimeCall::wasirt_exception_free, {Fr.Caught});
  BasicBlock *From = B.GetInsertBlock();
  for (size_t I = 0; I < Values.size(); ++I)
    Fr.EndPhis[I]->addIncoming(Values[I], From);
  B.CreateBr(Fr.End);
}

void FunctionTranslator::endFrame() {
  ControlFrame &Fr = Ctrl.back();
  SmallVector<Value *, 4> Values;
  if (!popBody(Fr,
               "type mismatch in end: values remain on the stack at the end "
               "of a block",
               Values))
    return;
  if (Fr.Kind == FrameKind::If && Fr.Params != Fr.Results) {
    fail("type mismatch in if: an if without else must leave its "
         "parameters as its results");
    return;
  }
  fallThrough(Fr, Values);
  if (Fr.LiveEntry && Fr.Kind == FrameKind::If && Fr.Else) {
    // No else: the false edge passes the parameters through.
    B.SetInsertPoint(Fr.Else);
    BasicBlock *From = B.GetInsertBlock();
    for (size_t I = 0; I < Fr.IfParams.size(); ++I)
      Fr.EndPhis[I]->addIncoming(Fr.IfParams[I], From);
    B.CreateBr(Fr.End);
  }

  if (Fr.Kind == FrameKind::Try || Fr.Kind == FrameKind::Catch)
    endTry(Fr);
  else if (Fr.Kind == FrameKind::TryTable)
    endTryTable(Fr);

  bool Reachable = Fr.LiveEntry && !pred_empty(Fr.End);
  FrameKind Kind = Fr.Kind;
  SmallVector<ValType, 2> Results = Fr.Results;
  SmallVector<PHINode *, 2> Phis = Fr.EndPhis;
  BasicBlock *End = Fr.End;
  Ctrl.pop_back();

  if (Kind == FrameKind::Function) {
    if (Reachable) {
      End->insertInto(F);
      B.SetInsertPoint(End);
      if (Phis.empty()) {
        B.CreateRetVoid();
      } else if (Phis.size() == 1) {
        B.CreateRet(Phis[0]);
      } else {
        Value *Agg = PoisonValue::get(F->getReturnType());
        for (unsigned I = 0; I < Phis.size(); ++I)
          Agg = B.CreateInsertValue(Agg, Phis[I], I);
        B.CreateRet(Agg);
      }
    } else {
      for (PHINode *P : Phis)
        P->dropAllReferences();
      delete End;
    }
    Dead = true;
    return;
  }

  if (Reachable) {
    End->insertInto(F);
    B.SetInsertPoint(End);
    Dead = false;
    for (size_t I = 0; I < Results.size(); ++I)
      push(Results[I], Phis[I]);
  } else {
    if (End) {
      for (PHINode *P : Phis)
        P->dropAllReferences();
      delete End;
    }
    Dead = true;
    for (ValType T : Results)
      push(T, nullptr);
  }
}

void FunctionTranslator::elseFrame() {
  ControlFrame &Fr = Ctrl.back();
  if (Fr.Kind != FrameKind::If) {
    fail("else without a matching if");
    return;
  }
  SmallVector<Value *, 4> Values;
  if (!popBody(Fr,
               "type mismatch in else: values remain on the stack at the end "
               "of the then branch",
               Values))
    return;
  fallThrough(Fr, Values);
  if (Fr.LiveEntry) {
    B.SetInsertPoint(Fr.Else);
    Fr.Else = nullptr;
    Dead = false;
  }
  Fr.Kind = FrameKind::Else;
  Fr.Unreachable = false;
  for (size_t I = 0; I < Fr.Params.size(); ++I)
    push(Fr.Params[I], Fr.LiveEntry ? Fr.IfParams[I] : nullptr);
}

void FunctionTranslator::emitCall(FunctionType *FT, Value *Callee, Value *Ctx,
                                  const FuncType &T, ArrayRef<Value *> Args,
                                  bool Tail) {
  SmallVector<Value *, 8> CallArgs;
  CallArgs.push_back(Ctx);
  CallArgs.append(Args.begin(), Args.end());
  if (Tail) {
    // The callee replaces this frame: leave the catch bodies first.
    leaveCatches(0);
  } else if (BasicBlock *H = handlerFor(Ctrl.size() - 1)) {
    // Inside a try (or a catch body): an invoke whose exceptions go to the
    // handler (TranslateException.cpp).
    BasicBlock *Cont = newBlock("");
    InvokeInst *Inv =
        B.CreateInvoke(FT, Callee, Cont, landingPadFor(H), CallArgs);
    Inv->setCallingConv(CallingConv::Tail);
    B.SetInsertPoint(Cont);
    pushResults(T, Inv);
    return;
  }
  CallInst *Call = B.CreateCall(FT, Callee, CallArgs);
  Call->setCallingConv(CallingConv::Tail);
  if (Tail) {
    // return_call: `musttail` makes the tail call part of the IR's
    // meaning, so tail recursion runs in constant stack whatever the
    // optimiser proves. (`tail` with tailcc and an immediate ret guarantees
    // it too, but only as long as the ret returns the call's value: once
    // IPSCCP had proved what a cycle of return_calls returns, it returned
    // that constant instead, the calls were no longer in tail position and
    // the cycle exhausted the stack.) tailcc lets caller and callee
    // prototypes differ.
    Call->setTailCallKind(CallInst::TCK_MustTail);
    if (FT->getReturnType()->isVoidTy())
      B.CreateRetVoid();
    else
      B.CreateRet(Call);
    return;
  }
  // Every other call takes a frame, so that unbounded recursion reaches the
  // stack limit and traps as the spec requires: no sibling-call jumps, no
  // tail-recursion elimination into an endless loop.
  Call->setTailCallKind(CallInst::TCK_NoTail);
  pushResults(T, Call);
}

void FunctionTranslator::pushResults(const FuncType &T, Value *Call) {
  if (T.Results.size() == 1) {
    push(T.Results[0], Call);
  } else {
    for (unsigned I = 0; I < T.Results.size(); ++I)
      push(T.Results[I], B.CreateExtractValue(Call, I));
  }
}

void FunctionTranslator::callFunction(uint32_t Index, bool Tail) {
  if (!checkFunc(Index))
    return;
  const FuncType &T = M.funcType(Index);
  if (Tail && T.Results != Sig.Results) {
    fail("type mismatch in return_call: the callee's results differ from "
         "the caller's");
    return;
  }
  SmallVector<Value *, 8> Args;
  if (!popOperands(T.Params, Args))
    return;
  if (live()) {
    FunctionType *FT = MC.funcType(M.FuncTypeIndices[Index]);
    if (Function *Callee = MC.function(Index)) {
      emitCall(FT, Callee, Inst, T, Args, Tail);
    } else {
      Value *Slot = instanceField(MC.funcrefOffset(Index));
      Value *Code = loadInvariant(
          MC.PtrTy,
          B.CreateConstInBoundsGEP1_64(MC.I8Ty, Slot, WASIRT_OFF_FUNCREF_CODE));
      Value *Ctx = loadInvariant(
          MC.PtrTy,
          B.CreateConstInBoundsGEP1_64(MC.I8Ty, Slot, WASIRT_OFF_FUNCREF_CTX));
      emitCall(FT, Code, Ctx, T, Args, Tail);
    }
  } else if (!Tail) {
    for (ValType R : T.Results)
      push(R, nullptr);
  }
  if (Tail)
    setUnreachable();
}

void FunctionTranslator::callIndirect(uint32_t TypeIndex, uint32_t Table,
                                      bool Tail) {
  if (!checkTable(Table) || !checkType(TypeIndex))
    return;
  if (M.Tables[Table].Elem != ValType::FuncRef) {
    fail("type mismatch in call_indirect: the table is not a funcref table");
    return;
  }
  const FuncType &T = M.Types[TypeIndex];
  if (Tail && T.Results != Sig.Results) {
    fail("type mismatch in return_call_indirect: the callee's results differ "
         "from the caller's");
    return;
  }
  Value *Index = pop(M.tableIndexType(Table));
  SmallVector<Value *, 8> Args;
  if (!popOperands(T.Params, Args))
    return;
  if (live()) {
    Value *Tbl = tableDescriptor(Table);
    Value *Idx = zext64(Index);
    trapIf(B.CreateICmpUGE(Idx, tableSize(Table, Tbl)),
           WASIRT_TRAP_UNDEFINED_ELEMENT);
    Value *Elems = tableElems(Table, Tbl);
    Value *Ref =
        loadTableElem(Table, B.CreateInBoundsGEP(MC.PtrTy, Elems, Idx));
    trapIf(B.CreateIsNull(Ref), WASIRT_TRAP_UNINITIALIZED_ELEMENT);
    // A funcref never changes once its instance is created.
    Value *Id = loadFuncRefField(MC.I64Ty, Ref, WASIRT_OFF_FUNCREF_TYPE_ID);
    Value *Expected =
        loadInvariant(MC.I64Ty, instanceField(MC.typeIdOffset(TypeIndex)));
    trapIf(B.CreateICmpNE(Id, Expected),
           WASIRT_TRAP_INDIRECT_CALL_TYPE_MISMATCH);
    Value *Code = loadFuncRefField(MC.PtrTy, Ref, WASIRT_OFF_FUNCREF_CODE);
    Value *Ctx = loadFuncRefField(MC.PtrTy, Ref, WASIRT_OFF_FUNCREF_CTX);
    emitCall(MC.funcType(TypeIndex), Code, Ctx, T, Args, Tail);
  } else if (!Tail) {
    for (ValType R : T.Results)
      push(R, nullptr);
  }
  if (Tail)
    setUnreachable();
}

void FunctionTranslator::translateControl(ControlOp Op, const Immediates &Imm) {
  switch (Op) {
  case ControlOp::Unreachable:
    if (live())
      trapNow(WASIRT_TRAP_UNREACHABLE);
    setUnreachable();
    return;
  case ControlOp::Nop:
    return;
  case ControlOp::Block:
  case ControlOp::Loop: {
    SmallVector<Value *, 4> Params;
    if (!popOperands(Imm.Block.Params, Params))
      return;
    pushFrame(Op == ControlOp::Block ? FrameKind::Block : FrameKind::Loop,
              Imm.Block, Params);
    return;
  }
  case ControlOp::If: {
    Value *Cond = pop(ValType::I32);
    SmallVector<Value *, 4> Params;
    if (!popOperands(Imm.Block.Params, Params))
      return;
    bool WasLive = live();
    BasicBlock *Then = nullptr, *Else = nullptr;
    if (WasLive) {
      Then = newBlock("then");
      Else = newBlock("else");
      B.CreateCondBr(truthy(Cond), Then, Else);
      B.SetInsertPoint(Then);
    }
    pushFrame(FrameKind::If, Imm.Block, Params);
    Ctrl.back().Else = Else;
    return;
  }
  case ControlOp::Else:
    elseFrame();
    return;
  case ControlOp::End:
    endFrame();
    return;
  case ControlOp::Br: {
    ControlFrame *Target = label(Imm.Index);
    if (!Target)
      return;
    SmallVector<Value *, 4> Values;
    if (!popOperands(Target->labelTypes(), Values))
      return;
    if (live()) {
      leaveCatches(frameIndex(*Target));
      branchTo(*Target, Values);
      B.CreateBr(Target->labelBlock());
    }
    setUnreachable();
    return;
  }
  case ControlOp::BrIf: {
    ControlFrame *Target = label(Imm.Index);
    if (!Target)
      return;
    Value *Cond = pop(ValType::I32);
    SmallVector<Value *, 4> Values;
    SmallVector<ValType, 4> Types(Target->labelTypes().begin(),
                                  Target->labelTypes().end());
    if (!popOperands(Types, Values))
      return;
    if (live() && leavesCatches(frameIndex(*Target))) {
      // The taken edge leaves catch bodies: free their exceptions there.
      BasicBlock *Leave = newBlock("leave");
      BasicBlock *Cont = newBlock("");
      B.CreateCondBr(truthy(Cond), Leave, Cont);
      B.SetInsertPoint(Leave);
      leaveCatches(frameIndex(*Target));
      branchTo(*Target, Values);
      B.CreateBr(Target->labelBlock());
      B.SetInsertPoint(Cont);
    } else if (live()) {
      branchTo(*Target, Values);
      BasicBlock *Cont = newBlock("");
      B.CreateCondBr(truthy(Cond), Target->labelBlock(), Cont);
      B.SetInsertPoint(Cont);
    }
    for (size_t I = 0; I < Types.size(); ++I)
      push(Types[I], Values[I]);
    return;
  }
  case ControlOp::BrTable: {
    Value *Index = pop(ValType::I32);
    ControlFrame *Default = label(Imm.Index);
    if (!Default)
      return;
    size_t Arity = Default->labelTypes().size();
    for (uint32_t Depth : Imm.Targets) {
      ControlFrame *T = label(Depth);
      if (!T)
        return;
      if (T->labelTypes().size() != Arity) {
        fail("type mismatch in br_table: labels have different arities");
        return;
      }
      // Each label's types must match the operands (which may differ
      // between labels only on a polymorphic stack).
      SmallVector<ValType, 4> Types(T->labelTypes().begin(),
                                    T->labelTypes().end());
      SmallVector<Value *, 4> Values;
      SmallVector<ValType, 4> Actual;
      if (!popOperands(Types, Values, &Actual))
        return;
      for (size_t I = 0; I < Actual.size(); ++I)
        push(Actual[I], Values[I]);
    }
    SmallVector<Value *, 4> Values;
    if (!popOperands(Default->labelTypes(), Values))
      return;
    if (live()) {
      // A target whose edge leaves catch bodies is reached through a block
      // that frees their exceptions (one per such label).
      DenseMap<ControlFrame *, BasicBlock *> Leave;
      BasicBlock *Switch = B.GetInsertBlock();
      auto Dest = [&](ControlFrame *T) -> BasicBlock * {
        if (!leavesCatches(frameIndex(*T))) {
          branchTo(*T, Values);
          return T->labelBlock();
        }
        BasicBlock *&BB = Leave[T];
        if (!BB) {
          BB = newBlock("leave");
          B.SetInsertPoint(BB);
          leaveCatches(frameIndex(*T));
          branchTo(*T, Values);
          B.CreateBr(T->labelBlock());
          B.SetInsertPoint(Switch);
        }
        return BB;
      };
      SwitchInst *SI = B.CreateSwitch(Index, Dest(Default), Imm.Targets.size());
      for (size_t I = 0; I < Imm.Targets.size(); ++I)
        SI->addCase(B.getInt32(I), Dest(label(Imm.Targets[I])));
    }
    setUnreachable();
    return;
  }
  case ControlOp::Return: {
    SmallVector<Value *, 4> Values;
    if (!popOperands(Sig.Results, Values))
      return;
    if (live()) {
      leaveCatches(0);
      emitReturn(Values);
    }
    setUnreachable();
    return;
  }
  case ControlOp::Call:
    callFunction(Imm.Index, /*Tail=*/false);
    return;
  case ControlOp::CallIndirect:
    callIndirect(Imm.Index, Imm.Index2, /*Tail=*/false);
    return;
  case ControlOp::ReturnCall:
    callFunction(Imm.Index, /*Tail=*/true);
    return;
  case ControlOp::ReturnCallIndirect:
    callIndirect(Imm.Index, Imm.Index2, /*Tail=*/true);
    return;
  }
  llvm_unreachable("bad control op");
}
