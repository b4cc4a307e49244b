//===- ModuleTranslator.cpp - the module-level parts of an object ---------===//
//
// Everything in an object besides the translated function bodies: the
// module descriptor the runtime instantiates from (abi.h), the generated
// init function (globals, element and data segments), one trampoline per
// function type for generic calls, adapters for host imports with several
// results, and the C-callable export wrappers.
//
//===----------------------------------------------------------------------===//

#include "ModuleTranslator.h"
#include "FunctionTranslator.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalAlias.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Verifier.h"

#include <map>

using namespace w2o;
using namespace llvm;

DescriptorTypes DescriptorTypes::get(LLVMContext &C) {
  DescriptorTypes T;
  Type *I8 = Type::getInt8Ty(C), *I32 = Type::getInt32Ty(C),
       *I64 = Type::getInt64Ty(C);
  PointerType *P = PointerType::getUnqual(C);
  T.Counts = StructType::get(C, {I32, I32, I32, I32, I32, I32, I32, I32});
  T.FuncType = StructType::get(C, {P, P, I32, I32, P});
  T.Import = StructType::get(C, {P, P, I32, I32, I32, I32, I32, I32, P, P});
  T.Export = StructType::get(C, {P, I32, I32, I32, I32});
  T.MemType = StructType::get(C, {I64, I64, I32, I32});
  T.TableType = StructType::get(C, {I64, I64, I32, I32});
  T.GlobalType = StructType::get(C, {I8, I8, ArrayType::get(I8, 2)});
  T.FuncDef = StructType::get(C, {P, I32, I32});
  T.DataSegment = StructType::get(C, {P, I64});
  T.ElemSegment = StructType::get(C, {P, I32, I32});
  T.ElemItem = StructType::get(C, {I32, I32});
  T.TagType = StructType::get(C, {I32, I32});
  T.Module = StructType::get(C, {I32, I32, P,   T.Counts, I32, I32, I32, I32,
                                 I32, I32, I32, I32,      P,   P,   P,   P,
                                 P,   P,   P,   P,        P,   P,   P,   P});
  return T;
}

namespace {

class ModuleBuilder {
public:
  ModuleBuilder(ModuleContext &MC)
      : MC(MC), M(MC.M), LM(MC.LM), C(MC.Ctx),
        DT(DescriptorTypes::get(MC.Ctx)) {}

  void buildTrampolines();
  void buildImports();
  void buildExportWrappers();
  void buildInit();
  void buildDescriptor();

private:
  Constant *cString(StringRef S);
  Constant *i32(uint64_t V) { return ConstantInt::get(MC.I32Ty, V); }
  Constant *i64(uint64_t V) { return ConstantInt::get(MC.I64Ty, V); }
  Constant *null() { return ConstantPointerNull::get(MC.PtrTy); }
  Constant *array(StructType *Elem, ArrayRef<Constant *> Elems, StringRef Name);
  Value *evalConstExpr(IRBuilder<> &B, Value *Inst, const ConstExpr &E);
  Value *globalCell(IRBuilder<> &B, Value *Inst, uint32_t Index);
  Function *hostAdapter(uint32_t TypeIdx);
  FunctionType *hostFuncType(uint32_t TypeIdx);

  ModuleContext &MC;
  const w2o::Module &M;
  llvm::Module &LM;
  LLVMContext &C;
  DescriptorTypes DT;
  std::vector<Function *> Trampolines;
  // Per import: the host symbol and the adapter (functions only).
  std::vector<std::pair<Constant *, Constant *>> ImportDefaults;
  DenseMap<uint32_t, Function *> Adapters; // per function type
  Function *Init = nullptr;
};

Constant *ModuleBuilder::cString(StringRef S) {
  Constant *Str = ConstantDataArray::getString(C, S, /*AddNull=*/true);
  auto *GV = new GlobalVariable(LM, Str->getType(), true,
                                GlobalValue::PrivateLinkage, Str, ".str");
  GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  GV->setAlignment(Align(1));
  return GV;
}

Constant *ModuleBuilder::array(StructType *Elem, ArrayRef<Constant *> Elems,
                               StringRef Name) {
  if (Elems.empty())
    return null();
  ArrayType *AT = ArrayType::get(Elem, Elems.size());
  auto *GV = new GlobalVariable(LM, AT, true, GlobalValue::PrivateLinkage,
                                ConstantArray::get(AT, Elems), Name);
  return GV;
}

// void tramp(ptr code, ptr ctx, ptr vals): vals[i] is a 16-byte
// wasirt_value holding parameter i on entry and result i on return. Types
// with the same parameters and results share one (a type section of a
// million empty types made a million functions).
void ModuleBuilder::buildTrampolines() {
  FunctionType *TrampTy =
      FunctionType::get(MC.VoidTy, {MC.PtrTy, MC.PtrTy, MC.PtrTy}, false);
  std::map<std::pair<std::vector<ValType>, std::vector<ValType>>, Function *>
      BySignature;
  for (uint32_t T = 0; T < M.Types.size(); ++T) {
    const FuncType &FT = M.Types[T];
    Function *&Shared = BySignature[{
        std::vector<ValType>(FT.Params.begin(), FT.Params.end()),
        std::vector<ValType>(FT.Results.begin(), FT.Results.end())}];
    if (Shared) {
      Trampolines.push_back(Shared);
      continue;
    }
    Function *F = Function::Create(TrampTy, GlobalValue::InternalLinkage,
                                   "w2o_" + mangleName(MC.Opts.ModuleName) +
                                       ".trampoline" + std::to_string(T),
                                   LM);
    F->setDoesNotThrow();
    IRBuilder<> B(BasicBlock::Create(C, "entry", F));
    Value *Vals = F->getArg(2);
    SmallVector<Value *, 8> Args{F->getArg(1)};
    for (unsigned I = 0; I < FT.Params.size(); ++I)
      Args.push_back(
          B.CreateLoad(MC.llvmType(FT.Params[I]),
                       B.CreateConstInBoundsGEP1_64(MC.I8Ty, Vals, 16 * I)));
    CallInst *Call = B.CreateCall(MC.funcType(T), F->getArg(0), Args);
    Call->setCallingConv(CallingConv::Tail);
    for (unsigned I = 0; I < FT.Results.size(); ++I) {
      Value *R = FT.Results.size() == 1 ? Call : B.CreateExtractValue(Call, I);
      B.CreateStore(R, B.CreateConstInBoundsGEP1_64(MC.I8Ty, Vals, 16 * I));
    }
    B.CreateRetVoid();
    Shared = F;
    Trampolines.push_back(F);
  }
}

// Host imports: a C function per (module, field), called through an
// adapter per function type. The adapter has the internal convention (it
// is what the import's funcref points to) and takes a wasirt_host_func as
// its context; it calls the C function with the host convention: the C
// function's own context first, several results through an out-pointer to
// wasirt_value[n].
Function *ModuleBuilder::hostAdapter(uint32_t TypeIdx) {
  Function *&A = Adapters[TypeIdx];
  if (A)
    return A;
  const FuncType &FT = M.Types[TypeIdx];
  A = Function::Create(MC.funcType(TypeIdx), GlobalValue::InternalLinkage,
                       "w2o_" + mangleName(MC.Opts.ModuleName) +
                           ".host_adapter" + std::to_string(TypeIdx),
                       LM);
  A->setCallingConv(CallingConv::Tail);
  A->setDoesNotThrow();
  IRBuilder<> B(BasicBlock::Create(C, "entry", A));
  Value *Host = A->getArg(0);
  Value *Code = B.CreateLoad(
      MC.PtrTy,
      B.CreateConstInBoundsGEP1_64(MC.I8Ty, Host, WASIRT_OFF_HOST_FUNC_CODE));
  Value *Ctx = B.CreateLoad(
      MC.PtrTy,
      B.CreateConstInBoundsGEP1_64(MC.I8Ty, Host, WASIRT_OFF_HOST_FUNC_CTX));
  SmallVector<Value *, 8> Args{Ctx};
  for (unsigned I = 0; I < FT.Params.size(); ++I)
    Args.push_back(A->getArg(I + 1));
  if (FT.Results.size() <= 1) {
    CallInst *Call = B.CreateCall(hostFuncType(TypeIdx), Code, Args);
    // The adapter pops its stack arguments (tailcc); the C function does
    // not. LLVM 19's AArch64 backend still turns this call into a jump
    // when the C function takes stack arguments too (path_open: 10), and
    // the caller's stack pointer comes back 16 bytes off. x86's refuses
    // such a jump itself; elsewhere the call keeps its frame.
    if (!MC.TF.IsX86)
      Call->setTailCallKind(CallInst::TCK_NoTail);
    if (FT.Results.empty())
      B.CreateRetVoid();
    else
      B.CreateRet(Call);
    return A;
  }
  AllocaInst *Buf =
      B.CreateAlloca(ArrayType::get(MC.I8Ty, 16 * FT.Results.size()));
  Buf->setAlignment(Align(16));
  Args.push_back(Buf);
  B.CreateCall(hostFuncType(TypeIdx), Code, Args);
  Value *Agg = PoisonValue::get(A->getReturnType());
  for (unsigned I = 0; I < FT.Results.size(); ++I)
    Agg = B.CreateInsertValue(
        Agg,
        B.CreateLoad(MC.llvmType(FT.Results[I]),
                     B.CreateConstInBoundsGEP1_64(MC.I8Ty, Buf, 16 * I)),
        I);
  B.CreateRet(Agg);
  return A;
}

// The C type of a host function: RESULT f(void *ctx, PARAM...), or with
// several results void f(void *ctx, PARAM..., wasirt_value *results).
FunctionType *ModuleBuilder::hostFuncType(uint32_t TypeIdx) {
  const FuncType &FT = M.Types[TypeIdx];
  if (FT.Results.size() <= 1)
    return MC.funcType(TypeIdx);
  SmallVector<Type *, 8> Params{MC.PtrTy};
  for (ValType P : FT.Params)
    Params.push_back(MC.llvmType(P));
  Params.push_back(MC.PtrTy);
  return FunctionType::get(MC.VoidTy, Params, false);
}

void ModuleBuilder::buildImports() {
  for (const Import &Imp : M.Imports) {
    if (Imp.Kind != ExternKind::Func) {
      ImportDefaults.push_back({null(), null()});
      continue;
    }
    uint32_t TypeIdx = M.FuncTypeIndices[Imp.Index];
    FunctionCallee Host = LM.getOrInsertFunction(
        importSymbol(Imp.Module, Imp.Name), hostFuncType(TypeIdx));
    ImportDefaults.push_back(
        {cast<Constant>(Host.getCallee()), hostAdapter(TypeIdx)});
  }
}

// C-callable exports: RESULT w2o_<module>QE_<name>(ptr instance, PARAM...),
// several results through a trailing wasirt_value* out-pointer.
void ModuleBuilder::buildExportWrappers() {
  for (const Export &E : M.Exports) {
    if (E.Kind != ExternKind::Func)
      continue;
    uint32_t TypeIdx = M.FuncTypeIndices[E.Index];
    const FuncType &FT = M.Types[TypeIdx];
    SmallVector<Type *, 8> Params{MC.PtrTy};
    for (ValType P : FT.Params)
      Params.push_back(MC.llvmType(P));
    bool OutPtr = FT.Results.size() > 1;
    if (OutPtr)
      Params.push_back(MC.PtrTy);
    Type *Ret = OutPtr ? MC.VoidTy : MC.resultType(FT);
    Function *W = Function::Create(
        FunctionType::get(Ret, Params, false), GlobalValue::ExternalLinkage,
        exportSymbol(MC.Opts.ModuleName, E.Name), LM);
    // Without unwind information: a wasm exception ends at the wrapper (an
    // uncaught exception) instead of unwinding its host callers' frames.
    W->setDoesNotThrow();
    IRBuilder<> B(BasicBlock::Create(C, "entry", W));
    Value *Inst = W->getArg(0);
    Value *Callee, *Ctx;
    if (Function *F = MC.function(E.Index)) {
      Callee = F;
      Ctx = Inst;
    } else {
      Value *Slot = B.CreateConstInBoundsGEP1_64(MC.I8Ty, Inst,
                                                 MC.funcrefOffset(E.Index));
      Callee = B.CreateLoad(
          MC.PtrTy,
          B.CreateConstInBoundsGEP1_64(MC.I8Ty, Slot, WASIRT_OFF_FUNCREF_CODE));
      Ctx = B.CreateLoad(MC.PtrTy, B.CreateConstInBoundsGEP1_64(
                                       MC.I8Ty, Slot, WASIRT_OFF_FUNCREF_CTX));
    }
    SmallVector<Value *, 8> Args{Ctx};
    for (unsigned I = 0; I < FT.Params.size(); ++I)
      Args.push_back(W->getArg(I + 1));
    CallInst *Call = B.CreateCall(MC.funcType(TypeIdx), Callee, Args);
    // In a module that may unwind, never inlined: an inlined try would
    // give the wrapper a personality and unwind information, and an
    // exception would unwind the host.
    if (M.MayUnwind)
      Call->setIsNoInline();
    Call->setCallingConv(CallingConv::Tail);
    if (!OutPtr) {
      if (FT.Results.empty())
        B.CreateRetVoid();
      else
        B.CreateRet(Call);
      continue;
    }
    Value *Out = W->getArg(W->arg_size() - 1);
    for (unsigned I = 0; I < FT.Results.size(); ++I)
      B.CreateStore(B.CreateExtractValue(Call, I),
                    B.CreateConstInBoundsGEP1_64(MC.I8Ty, Out, 16 * I));
    B.CreateRetVoid();
  }
}

Value *ModuleBuilder::globalCell(IRBuilder<> &B, Value *Inst, uint32_t Index) {
  Value *Cell =
      B.CreateConstInBoundsGEP1_64(MC.I8Ty, Inst, MC.globalOffset(Index));
  if (Index < M.NumImportedGlobals)
    Cell = B.CreateLoad(MC.PtrTy, Cell);
  return Cell;
}

Value *ModuleBuilder::evalConstExpr(IRBuilder<> &B, Value *Inst,
                                    const ConstExpr &E) {
  SmallVector<Value *, 4> Stack;
  for (const ConstInstr &I : E.Instrs) {
    switch (I.K) {
    case ConstInstr::I32Const:
      Stack.push_back(B.getInt32(static_cast<uint32_t>(I.Bits[0])));
      break;
    case ConstInstr::I64Const:
      Stack.push_back(B.getInt64(I.Bits[0]));
      break;
    case ConstInstr::F32Const:
      Stack.push_back(ConstantFP::get(
          C, APFloat(APFloat::IEEEsingle(), APInt(32, I.Bits[0]))));
      break;
    case ConstInstr::F64Const:
      Stack.push_back(ConstantFP::get(
          C, APFloat(APFloat::IEEEdouble(), APInt(64, I.Bits[0]))));
      break;
    case ConstInstr::V128Const:
      Stack.push_back(
          ConstantVector::get({ConstantInt::get(MC.I64Ty, I.Bits[0]),
                               ConstantInt::get(MC.I64Ty, I.Bits[1])}));
      break;
    case ConstInstr::RefNull:
      Stack.push_back(null());
      break;
    case ConstInstr::RefFunc:
      Stack.push_back(B.CreateConstInBoundsGEP1_64(MC.I8Ty, Inst,
                                                   MC.funcrefOffset(I.Index)));
      break;
    case ConstInstr::GlobalGet:
      Stack.push_back(B.CreateLoad(MC.llvmType(M.Globals[I.Index].Type.Type),
                                   globalCell(B, Inst, I.Index)));
      break;
    case ConstInstr::I32Add:
    case ConstInstr::I32Sub:
    case ConstInstr::I32Mul:
    case ConstInstr::I64Add:
    case ConstInstr::I64Sub:
    case ConstInstr::I64Mul: {
      Value *R = Stack.pop_back_val();
      Value *L = Stack.pop_back_val();
      Value *V;
      if (I.K == ConstInstr::I32Add || I.K == ConstInstr::I64Add)
        V = B.CreateAdd(L, R);
      else if (I.K == ConstInstr::I32Sub || I.K == ConstInstr::I64Sub)
        V = B.CreateSub(L, R);
      else
        V = B.CreateMul(L, R);
      Stack.push_back(V);
      break;
    }
    }
  }
  return Stack.back();
}

void ModuleBuilder::buildInit() {
  Init =
      Function::Create(FunctionType::get(MC.VoidTy, {MC.PtrTy}, false),
                       GlobalValue::InternalLinkage,
                       "w2o_" + mangleName(MC.Opts.ModuleName) + ".init", LM);
  IRBuilder<> B(BasicBlock::Create(C, "entry", Init));
  Value *Inst = Init->getArg(0);
  auto Call = [&](RuntimeCall RC, ArrayRef<Value *> Args) {
    B.CreateCall(MC.runtime(RC), Args);
  };
  for (uint32_t G = M.NumImportedGlobals; G < M.Globals.size(); ++G)
    B.CreateStore(evalConstExpr(B, Inst, M.Globals[G].Init),
                  globalCell(B, Inst, G));
  if (!M.Elems.empty())
    Call(RuntimeCall::wasirt_elems_evaluate, {Inst});
  for (uint32_t I = 0; I < M.Elems.size(); ++I) {
    const ElemSegment &S = M.Elems[I];
    if (S.Mode == SegmentMode::Active) {
      Value *Off = evalConstExpr(B, Inst, S.Offset);
      if (Off->getType() != MC.I64Ty)
        Off = B.CreateZExt(Off, MC.I64Ty);
      Call(RuntimeCall::wasirt_table_init,
           {Inst, B.getInt32(S.Table), B.getInt32(I), Off, B.getInt32(0),
            B.getInt32(S.Items.size())});
    }
    if (S.Mode != SegmentMode::Passive)
      Call(RuntimeCall::wasirt_elem_drop, {Inst, B.getInt32(I)});
  }
  for (uint32_t I = 0; I < M.Data.size(); ++I) {
    const DataSegment &S = M.Data[I];
    if (S.Mode != SegmentMode::Active)
      continue;
    Value *Off = evalConstExpr(B, Inst, S.Offset);
    if (Off->getType() != MC.I64Ty)
      Off = B.CreateZExt(Off, MC.I64Ty);
    Call(RuntimeCall::wasirt_memory_init,
         {Inst, B.getInt32(S.Memory), B.getInt32(I), Off, B.getInt32(0),
          B.getInt32(S.Bytes.size())});
    Call(RuntimeCall::wasirt_data_drop, {Inst, B.getInt32(I)});
  }
  B.CreateRetVoid();
}

static uint32_t limitsFlags(const Limits &L) {
  return (L.HasMax ? WASIRT_LIMITS_HAS_MAX : 0) |
         (L.Is64 ? WASIRT_LIMITS_64 : 0) |
         (L.Shared ? WASIRT_LIMITS_SHARED : 0);
}

void ModuleBuilder::buildDescriptor() {
  const std::string Prefix = "w2o_" + mangleName(MC.Opts.ModuleName) + ".";
  // Types.
  std::vector<Constant *> Types;
  std::map<std::vector<uint8_t>, Constant *> Signatures; // one array each
  for (uint32_t T = 0; T < M.Types.size(); ++T) {
    const FuncType &FT = M.Types[T];
    auto Codes = [&](ArrayRef<ValType> Vs) -> Constant * {
      if (Vs.empty())
        return null();
      std::vector<uint8_t> Bytes;
      for (ValType V : Vs)
        Bytes.push_back(static_cast<uint8_t>(V));
      Constant *&Shared = Signatures[Bytes];
      if (Shared)
        return Shared;
      Constant *Arr = ConstantDataArray::get(C, Bytes);
      auto *GV = new GlobalVariable(LM, Arr->getType(), true,
                                    GlobalValue::PrivateLinkage, Arr, ".sig");
      GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
      Shared = GV;
      return GV;
    };
    Types.push_back(ConstantStruct::get(
        DT.FuncType,
        {Codes(FT.Params), Codes(FT.Results), i32(FT.Params.size()),
         i32(FT.Results.size()), Trampolines[T]}));
  }
  // Imports.
  std::vector<Constant *> Imports;
  for (size_t I = 0; I < M.Imports.size(); ++I) {
    const Import &Imp = M.Imports[I];
    uint32_t Type = 0;
    if (Imp.Kind == ExternKind::Func)
      Type = M.FuncTypeIndices[Imp.Index];
    else if (Imp.Kind == ExternKind::Tag)
      Type = M.Tags[Imp.Index].TypeIndex;
    Imports.push_back(ConstantStruct::get(
        DT.Import,
        {cString(Imp.Module), cString(Imp.Name),
         i32(static_cast<uint32_t>(Imp.Kind)), i32(Imp.Index), i32(Type),
         i32(Imp.Module.size()), i32(Imp.Name.size()), i32(0),
         ImportDefaults[I].first, ImportDefaults[I].second}));
  }
  // Exports.
  std::vector<Constant *> Exports;
  for (const Export &E : M.Exports)
    Exports.push_back(ConstantStruct::get(
        DT.Export, {cString(E.Name), i32(static_cast<uint32_t>(E.Kind)),
                    i32(E.Index), i32(E.Name.size()), i32(0)}));
  std::vector<Constant *> Mems, Tables, Globals, Funcs, Data, Elems, Tags;
  for (const MemoryType &MT : M.Memories)
    Mems.push_back(
        ConstantStruct::get(DT.MemType, {i64(MT.Lim.Min), i64(MT.Lim.Max),
                                         i32(limitsFlags(MT.Lim)), i32(0)}));
  for (const TableType &TT : M.Tables)
    Tables.push_back(ConstantStruct::get(DT.TableType,
                                         {i64(TT.Lim.Min), i64(TT.Lim.Max),
                                          i32(limitsFlags(TT.Lim)),
                                          i32(static_cast<uint8_t>(TT.Elem))}));
  for (const Global &G : M.Globals)
    Globals.push_back(ConstantStruct::get(
        DT.GlobalType,
        {ConstantInt::get(MC.I8Ty, static_cast<uint8_t>(G.Type.Type)),
         ConstantInt::get(MC.I8Ty, G.Type.Mutable),
         ConstantAggregateZero::get(ArrayType::get(MC.I8Ty, 2))}));
  for (uint32_t F = M.NumImportedFuncs; F < M.numFuncs(); ++F)
    Funcs.push_back(ConstantStruct::get(
        DT.FuncDef,
        {MC.escapes(F) ? static_cast<Constant *>(MC.function(F)) : null(),
         i32(M.FuncTypeIndices[F]), i32(0)}));
  for (const DataSegment &S : M.Data) {
    Constant *Bytes = null();
    if (!S.Bytes.empty()) {
      Constant *Arr = ConstantDataArray::get(C, S.Bytes);
      auto *GV = new GlobalVariable(LM, Arr->getType(), true,
                                    GlobalValue::PrivateLinkage, Arr, ".data");
      GV->setAlignment(Align(1));
      Bytes = GV;
    }
    Data.push_back(
        ConstantStruct::get(DT.DataSegment, {Bytes, i64(S.Bytes.size())}));
  }
  for (const ElemSegment &S : M.Elems) {
    std::vector<Constant *> Items;
    for (const ConstExpr &E : S.Items) {
      const ConstInstr &I = E.Instrs.front();
      uint32_t Kind = I.K == ConstInstr::RefFunc     ? WASIRT_ELEM_FUNC
                      : I.K == ConstInstr::GlobalGet ? WASIRT_ELEM_GLOBAL
                                                     : WASIRT_ELEM_NULL;
      Items.push_back(
          ConstantStruct::get(DT.ElemItem, {i32(Kind), i32(I.Index)}));
    }
    Elems.push_back(ConstantStruct::get(DT.ElemSegment,
                                        {array(DT.ElemItem, Items, ".elem"),
                                         i32(S.Items.size()),
                                         i32(static_cast<uint8_t>(S.Type))}));
  }
  for (const TagType &T : M.Tags)
    Tags.push_back(ConstantStruct::get(DT.TagType, {i32(T.TypeIndex), i32(0)}));

  Constant *Grants = null();
  if (!MC.Opts.WasiGrants.empty()) {
    std::string Blob;
    for (const std::string &G : MC.Opts.WasiGrants) {
      Blob += G;
      Blob.push_back('\0');
    }
    Grants = cString(Blob); // adds the final empty string's NUL
  }

  wasirt_counts Counts = moduleCounts(M);
  Constant *CountsC = ConstantStruct::get(
      DT.Counts, {i32(Counts.memories), i32(Counts.tables), i32(Counts.globals),
                  i32(Counts.types), i32(Counts.funcs), i32(Counts.data),
                  i32(Counts.elems), i32(Counts.tags)});
  uint32_t Flags = 0;
  if (MC.anyExplicitBoundsChecks())
    Flags |= WASIRT_MODULE_BOUNDS_EXPLICIT;
  int32_t Start = M.Start ? static_cast<int32_t>(*M.Start) : -1;

  Constant *Desc = ConstantStruct::get(
      DT.Module, {i32(WASIRT_ABI_VERSION),
                  i32(Flags),
                  cString(MC.Opts.ModuleName),
                  CountsC,
                  i32(M.NumImportedFuncs),
                  i32(M.NumImportedTables),
                  i32(M.NumImportedMemories),
                  i32(M.NumImportedGlobals),
                  i32(M.NumImportedTags),
                  i32(M.Imports.size()),
                  i32(M.Exports.size()),
                  ConstantInt::getSigned(MC.I32Ty, Start),
                  array(DT.FuncType, Types, Prefix + "types"),
                  array(DT.Import, Imports, Prefix + "imports"),
                  array(DT.Export, Exports, Prefix + "exports"),
                  array(DT.MemType, Mems, Prefix + "memories"),
                  array(DT.TableType, Tables, Prefix + "tables"),
                  array(DT.GlobalType, Globals, Prefix + "globals"),
                  array(DT.FuncDef, Funcs, Prefix + "funcs"),
                  array(DT.DataSegment, Data, Prefix + "data"),
                  array(DT.ElemSegment, Elems, Prefix + "elems"),
                  array(DT.TagType, Tags, Prefix + "tags"),
                  Init,
                  Grants});
  auto *GV =
      new GlobalVariable(LM, DT.Module, true, GlobalValue::ExternalLinkage,
                         Desc, descriptorSymbol(MC.Opts.ModuleName));
  GV->setAlignment(Align(8));
  if (MC.Opts.EmitMainAlias)
    GlobalAlias::create(DT.Module, 0, GlobalValue::WeakAnyLinkage,
                        WASIRT_MAIN_MODULE_SYMBOL, GV, &LM);
}

} // namespace

Error w2o::translatePartition(const w2o::Module &M, const CompileOptions &Opts,
                              const TargetFacts &TF, llvm::Module &LM,
                              const Partition &P,
                              std::vector<uint32_t> *ExternalRefs) {
  ModuleContext MC(M, Opts, TF, LM, P);
  ModuleBuilder MB(MC);
  // Tells the optimiser (Codegen.cpp) to try to hoist the checks.
  if (MC.anyExplicitBoundsChecks())
    LM.getOrInsertNamedMetadata(ExplicitBoundsMetadata);
  // Bodies are in offset order: the first error is the lowest offset.
  for (uint32_t I = P.Begin; I < P.End; ++I) {
    FunctionTranslator FT(MC, I);
    if (Error E = FT.translate())
      return E;
  }
  if (P.ModuleParts) {
    MB.buildTrampolines();
    MB.buildImports();
    MB.buildExportWrappers();
    MB.buildInit();
    MB.buildDescriptor();
  }
  if (ExternalRefs)
    *ExternalRefs = MC.externalRefs();
  return Error::success();
}
