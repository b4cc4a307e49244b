//===- TranslateVariable.cpp - locals, globals, drop and select -----------===//
//
// Locals are allocas promoted by mem2reg. A defined global lives in its
// 16-byte slot of the instance; an imported one is reached through the
// pointer stored in its slot (the exporter's cell).
//
//===----------------------------------------------------------------------===//

#include "FunctionTranslator.h"

using namespace w2o;
using namespace llvm;

void FunctionTranslator::translateVariable(VariableOp Op,
                                           const Immediates &Imm) {
  switch (Op) {
  case VariableOp::LocalGet: {
    if (!checkLocal(Imm.Index))
      return;
    ValType T = LocalTypes[Imm.Index];
    push(T, live() ? B.CreateLoad(MC.llvmType(T), Locals[Imm.Index]) : nullptr);
    return;
  }
  case VariableOp::LocalSet:
  case VariableOp::LocalTee: {
    if (!checkLocal(Imm.Index))
      return;
    ValType T = LocalTypes[Imm.Index];
    Value *V = pop(T);
    if (HasError)
      return;
    if (live())
      B.CreateStore(V, Locals[Imm.Index]);
    if (Op == VariableOp::LocalTee)
      push(T, V);
    return;
  }
  case VariableOp::GlobalGet:
  case VariableOp::GlobalSet: {
    if (!checkGlobal(Imm.Index))
      return;
    const GlobalType &GT = M.Globals[Imm.Index].Type;
    Value *V = nullptr;
    if (Op == VariableOp::GlobalSet) {
      if (!GT.Mutable) {
        fail("global is immutable");
        return;
      }
      V = pop(GT.Type);
      if (HasError)
        return;
    }
    if (!live()) {
      if (Op == VariableOp::GlobalGet)
        push(GT.Type, nullptr);
      return;
    }
    Value *Cell = instanceField(MC.globalOffset(Imm.Index));
    if (Imm.Index < M.NumImportedGlobals)
      Cell = loadInvariant(MC.PtrTy, Cell);
    Type *T = MC.llvmType(GT.Type);
    if (Op == VariableOp::GlobalGet) {
      LoadInst *L = loadTagged(T, Cell, MC.TBAAGlobal);
      if (!GT.Mutable)
        L->setMetadata(LLVMContext::MD_invariant_load, MC.EmptyMD);
      push(GT.Type, L);
    } else {
      StoreInst *S = B.CreateStore(V, Cell);
      S->setMetadata(LLVMContext::MD_tbaa, MC.TBAAGlobal);
    }
    return;
  }
  }
  llvm_unreachable("bad variable op");
}

void FunctionTranslator::translateParametric(ParametricOp Op,
                                             const Immediates &Imm) {
  switch (Op) {
  case ParametricOp::Drop: {
    Operand O = pop();
    // A load must trap even when its value is unused; with guard pages the
    // fault is the trap, so the optimiser must not delete the load. Look
    // through what a load's value is wrapped in: extensions and casts, and
    // for SIMD loads lane inserts and splat shuffles.
    Value *V = O.V;
    while (V && !isa<LoadInst>(V)) {
      if (auto *Cast = dyn_cast<CastInst>(V))
        V = Cast->getOperand(0);
      else if (auto *Insert = dyn_cast<InsertElementInst>(V))
        V = Insert->getOperand(1);
      else if (auto *Shuffle = dyn_cast<ShuffleVectorInst>(V))
        V = Shuffle->getOperand(0);
      else
        break;
    }
    if (auto *L = dyn_cast_or_null<LoadInst>(V))
      if (L->getMetadata(LLVMContext::MD_tbaa) == MC.TBAAMemory &&
          !L->isAtomic())
        L->setVolatile(true);
    return;
  }
  case ParametricOp::Select:
  case ParametricOp::SelectT: {
    Value *Cond = pop(ValType::I32);
    if (HasError)
      return;
    ValType T;
    Value *L, *R;
    if (Op == ParametricOp::SelectT) {
      T = Imm.Type;
      R = pop(T);
      L = pop(T);
    } else {
      Operand RO = pop();
      Operand LO = pop();
      if (HasError)
        return;
      auto Numeric = [](ValType V) {
        return isNumType(V) || V == ValType::V128 || V == ValType::Bottom;
      };
      if (!Numeric(LO.Type) || !Numeric(RO.Type)) {
        fail("type mismatch in select: operands must be numeric or vector "
             "without a type annotation");
        return;
      }
      if (LO.Type != RO.Type && LO.Type != ValType::Bottom &&
          RO.Type != ValType::Bottom) {
        fail("type mismatch in select: expected operands of one type, got " +
             valTypeName(LO.Type) + " and " + valTypeName(RO.Type));
        return;
      }
      T = LO.Type == ValType::Bottom ? RO.Type : LO.Type;
      L = LO.V;
      R = RO.V;
    }
    if (HasError)
      return;
    push(T, live() ? B.CreateSelect(truthy(Cond), L, R) : nullptr);
    return;
  }
  }
  llvm_unreachable("bad parametric op");
}
