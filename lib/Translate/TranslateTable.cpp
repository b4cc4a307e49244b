//===- TranslateTable.cpp - tables and references -------------------------===//
//
// A table is a runtime wasirt_table reached through the instance's pointer
// slot; its elements are native pointers (funcref: a wasirt_funcref in some
// instance; externref: the host's pointer; null: NULL). get/set/size are
// inline with a bounds check; grow/fill/copy/init/drop call the runtime.
//
//===----------------------------------------------------------------------===//

#include "FunctionTranslator.h"

using namespace w2o;
using namespace llvm;

Value *FunctionTranslator::tableDescriptor(uint32_t Table) {
  return loadInvariant(MC.PtrTy, instanceField(MC.tablePtrOffset(Table)));
}

// A table the module defines with a maximum equal to its minimum can never
// grow (the runtime refuses to pass the maximum, and an importer or the
// host cannot either), nor can one that is not exported and that no
// instruction grows: its size is a constant and its element array never
// moves, so neither is reloaded after every call that might grow it.
bool FunctionTranslator::tableIsFixed(uint32_t Table) const {
  const Limits &L = M.Tables[Table].Lim;
  return Table >= M.NumImportedTables &&
         ((L.HasMax && L.Max == L.Min) || !M.MutableTables.test(Table));
}

// The element at Slot: invariant when the table's elements never change
// after instantiation (Module::MutableTables), so that LLVM may hoist it,
// and the checks of a call_indirect on it, out of loops that make calls.
LoadInst *FunctionTranslator::loadTableElem(uint32_t Table, Value *Slot) {
  LoadInst *L = loadTagged(MC.PtrTy, Slot, MC.TBAATable);
  if (!M.MutableTables.test(Table))
    L->setMetadata(LLVMContext::MD_invariant_load, MC.EmptyMD);
  return L;
}

Value *FunctionTranslator::tableSize(uint32_t Table, Value *Tbl) {
  if (tableIsFixed(Table))
    return B.getInt64(M.Tables[Table].Lim.Min);
  return loadTagged(
      MC.I64Ty,
      B.CreateConstInBoundsGEP1_64(MC.I8Ty, Tbl, WASIRT_OFF_TABLE_SIZE),
      MC.TBAATable);
}

Value *FunctionTranslator::tableElems(uint32_t Table, Value *Tbl) {
  LoadInst *L = loadTagged(
      MC.PtrTy,
      B.CreateConstInBoundsGEP1_64(MC.I8Ty, Tbl, WASIRT_OFF_TABLE_ELEMS),
      MC.TBAATable);
  if (tableIsFixed(Table))
    L->setMetadata(LLVMContext::MD_invariant_load, MC.EmptyMD);
  return L;
}

// A field of a funcref (wasirt_funcref): the runtime fills the cells when
// it creates their instance and never changes them, so the loads are
// invariant.
LoadInst *FunctionTranslator::loadFuncRefField(Type *T, Value *Ref,
                                               uint64_t Offset) {
  LoadInst *L = loadTagged(
      T, B.CreateConstInBoundsGEP1_64(MC.I8Ty, Ref, Offset), MC.TBAAFuncRef);
  L->setMetadata(LLVMContext::MD_invariant_load, MC.EmptyMD);
  return L;
}

Value *FunctionTranslator::funcRefPtr(uint32_t FuncIndex) {
  return instanceField(MC.funcrefOffset(FuncIndex));
}

void FunctionTranslator::translateTable(TableOp Op, const Immediates &Imm) {
  switch (Op) {
  case TableOp::TableGet:
  case TableOp::TableSet: {
    if (!checkTable(Imm.Index))
      return;
    const TableType &TT = M.Tables[Imm.Index];
    Value *V = nullptr;
    if (Op == TableOp::TableSet)
      V = pop(TT.Elem);
    Value *Idx = pop(M.tableIndexType(Imm.Index));
    if (HasError)
      return;
    if (!live()) {
      if (Op == TableOp::TableGet)
        push(TT.Elem, nullptr);
      return;
    }
    Value *Tbl = tableDescriptor(Imm.Index);
    Value *I64 = zext64(Idx);
    trapIf(B.CreateICmpUGE(I64, tableSize(Imm.Index, Tbl)),
           WASIRT_TRAP_TABLE_OOB);
    Value *Elems = tableElems(Imm.Index, Tbl);
    Value *Slot = B.CreateInBoundsGEP(MC.PtrTy, Elems, I64);
    if (Op == TableOp::TableGet) {
      push(TT.Elem, loadTableElem(Imm.Index, Slot));
    } else {
      StoreInst *S = B.CreateStore(V, Slot);
      S->setMetadata(LLVMContext::MD_tbaa, MC.TBAATable);
    }
    return;
  }
  case TableOp::TableSize: {
    if (!checkTable(Imm.Index))
      return;
    ValType IT = M.tableIndexType(Imm.Index);
    if (!live()) {
      push(IT, nullptr);
      return;
    }
    Value *Size = tableSize(Imm.Index, tableDescriptor(Imm.Index));
    push(IT, IT == ValType::I64 ? Size : B.CreateTrunc(Size, MC.I32Ty));
    return;
  }
  case TableOp::TableGrow: {
    if (!checkTable(Imm.Index))
      return;
    ValType IT = M.tableIndexType(Imm.Index);
    Value *Delta = pop(IT);
    Value *Init = pop(M.Tables[Imm.Index].Elem);
    if (HasError)
      return;
    if (!live()) {
      push(IT, nullptr);
      return;
    }
    Value *Old =
        callRuntime(RuntimeCall::wasirt_table_grow,
                    {Inst, B.getInt32(Imm.Index), Init, zext64(Delta)});
    push(IT, IT == ValType::I64 ? Old : B.CreateTrunc(Old, MC.I32Ty));
    return;
  }
  case TableOp::TableFill: {
    if (!checkTable(Imm.Index))
      return;
    ValType IT = M.tableIndexType(Imm.Index);
    Value *N = pop(IT);
    Value *V = pop(M.Tables[Imm.Index].Elem);
    Value *D = pop(IT);
    if (HasError || !live())
      return;
    callRuntime(RuntimeCall::wasirt_table_fill,
                {Inst, B.getInt32(Imm.Index), zext64(D), V, zext64(N)});
    return;
  }
  case TableOp::TableCopy: {
    uint32_t Dst = Imm.Index, Src = Imm.Index2;
    if (!checkTable(Dst) || !checkTable(Src))
      return;
    if (M.Tables[Dst].Elem != M.Tables[Src].Elem) {
      fail("type mismatch in table.copy: the tables' element types differ");
      return;
    }
    bool Both64 = M.Tables[Dst].Lim.Is64 && M.Tables[Src].Lim.Is64;
    Value *N = pop(Both64 ? ValType::I64 : ValType::I32);
    Value *S = pop(M.tableIndexType(Src));
    Value *D = pop(M.tableIndexType(Dst));
    if (HasError || !live())
      return;
    callRuntime(RuntimeCall::wasirt_table_copy,
                {Inst, B.getInt32(Dst), B.getInt32(Src), zext64(D), zext64(S),
                 zext64(N)});
    return;
  }
  case TableOp::TableInit: {
    uint32_t Seg = Imm.Index, Table = Imm.Index2;
    if (!checkElem(Seg) || !checkTable(Table))
      return;
    if (M.Elems[Seg].Type != M.Tables[Table].Elem) {
      fail("type mismatch in table.init: the segment's element type differs "
           "from the table's");
      return;
    }
    Value *N = pop(ValType::I32);
    Value *S = pop(ValType::I32);
    Value *D = pop(M.tableIndexType(Table));
    if (HasError || !live())
      return;
    callRuntime(RuntimeCall::wasirt_table_init,
                {Inst, B.getInt32(Table), B.getInt32(Seg), zext64(D), S, N});
    return;
  }
  case TableOp::ElemDrop:
    if (!checkElem(Imm.Index))
      return;
    if (live())
      callRuntime(RuntimeCall::wasirt_elem_drop, {Inst, B.getInt32(Imm.Index)});
    return;
  }
  llvm_unreachable("bad table op");
}

void FunctionTranslator::translateReference(ReferenceOp Op,
                                            const Immediates &Imm) {
  switch (Op) {
  case ReferenceOp::RefNull:
    push(Imm.Type, live() ? ConstantPointerNull::get(MC.PtrTy) : nullptr);
    return;
  case ReferenceOp::RefIsNull: {
    Operand O = pop();
    if (HasError)
      return;
    if (!isRefType(O.Type) && O.Type != ValType::Bottom) {
      fail("type mismatch in ref.is_null: expected a reference, got " +
           valTypeName(O.Type));
      return;
    }
    push(ValType::I32,
         live() ? B.CreateZExt(B.CreateIsNull(O.V), MC.I32Ty) : nullptr);
    return;
  }
  case ReferenceOp::RefFunc:
    if (!checkFunc(Imm.Index))
      return;
    if (Imm.Index >= M.DeclaredFuncRefs.size() ||
        !M.DeclaredFuncRefs.test(Imm.Index)) {
      fail("undeclared function reference");
      return;
    }
    push(ValType::FuncRef, live() ? funcRefPtr(Imm.Index) : nullptr);
    return;
  }
  llvm_unreachable("bad reference op");
}
