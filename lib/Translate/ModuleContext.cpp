//===- ModuleContext.cpp - per-module state of the translation ------------===//

#include "ModuleContext.h"
#include "ExpandTrapChecks.h"
#include "llvm/IR/Function.h"

using namespace w2o;
using namespace llvm;

wasirt_counts w2o::moduleCounts(const w2o::Module &M) {
  wasirt_counts C;
  C.memories = M.Memories.size();
  C.tables = M.Tables.size();
  C.globals = M.Globals.size();
  C.types = M.Types.size();
  C.funcs = M.numFuncs();
  C.data = M.Data.size();
  C.elems = M.Elems.size();
  C.tags = M.Tags.size();
  return C;
}

ModuleContext::ModuleContext(const w2o::Module &M, const CompileOptions &Opts,
                             const TargetFacts &TF, llvm::Module &LM,
                             const Partition &P)
    : M(M), Opts(Opts), TF(TF), LM(LM), Part(P), Ctx(LM.getContext()),
      Layout(wasirt_compute_layout(moduleCounts(M))) {
  VoidTy = Type::getVoidTy(Ctx);
  I8Ty = Type::getInt8Ty(Ctx);
  I16Ty = Type::getInt16Ty(Ctx);
  I32Ty = Type::getInt32Ty(Ctx);
  I64Ty = Type::getInt64Ty(Ctx);
  F32Ty = Type::getFloatTy(Ctx);
  F64Ty = Type::getDoubleTy(Ctx);
  V128Ty = FixedVectorType::get(I64Ty, 2);
  PtrTy = PointerType::getUnqual(Ctx);

  MDBuilder MDB(Ctx);
  MDNode *Root = MDB.createTBAARoot("wasm2obj");
  auto Scalar = [&](StringRef Name) {
    MDNode *T = MDB.createTBAAScalarTypeNode(Name, Root);
    return MDB.createTBAAStructTagNode(T, T, 0);
  };
  TBAAMemory = Scalar("linear memory");
  TBAAInstance = Scalar("instance");
  TBAAMemorySize = Scalar(MemorySizeTBAAName);
  TBAAGlobal = Scalar("global");
  TBAATable = Scalar("table");
  TBAAFuncRef = Scalar("funcref");
  EmptyMD = MDNode::get(Ctx, {});

  Funcs.resize(M.numDefinedFuncs(), nullptr);
  FuncTypes.resize(M.Types.size(), nullptr);
}

Type *ModuleContext::llvmType(ValType T) const {
  switch (T) {
  case ValType::I32:
    return I32Ty;
  case ValType::I64:
    return I64Ty;
  case ValType::F32:
    return F32Ty;
  case ValType::F64:
    return F64Ty;
  case ValType::V128:
    return V128Ty;
  case ValType::FuncRef:
  case ValType::ExternRef:
  case ValType::ExnRef:
    return PtrTy;
  case ValType::Bottom:
    break;
  }
  llvm_unreachable("no LLVM type for this value type");
}

Type *ModuleContext::resultType(const FuncType &T) {
  if (T.Results.empty())
    return VoidTy;
  if (T.Results.size() == 1)
    return llvmType(T.Results[0]);
  SmallVector<Type *, 4> Elems;
  for (ValType R : T.Results)
    Elems.push_back(llvmType(R));
  return StructType::get(Ctx, Elems);
}

FunctionType *ModuleContext::funcTypeOf(const FuncType &T) {
  SmallVector<Type *, 8> Params;
  Params.push_back(PtrTy);
  for (ValType P : T.Params)
    Params.push_back(llvmType(P));
  return FunctionType::get(resultType(T), Params, false);
}

FunctionType *ModuleContext::funcType(uint32_t TypeIndex) {
  FunctionType *&FT = FuncTypes[TypeIndex];
  if (!FT)
    FT = funcTypeOf(M.Types[TypeIndex]);
  return FT;
}

FunctionCallee ModuleContext::runtime(RuntimeCall RC) {
  Function *&Fn = RuntimeFns[static_cast<unsigned>(RC)];
  if (!Fn)
    Fn = declareRuntimeCall(LM, RC);
  return Fn;
}

FunctionCallee ModuleContext::trapIfMarker() {
  if (Function *Fn = LM.getFunction(TrapIfMarker))
    return Fn;
  Function *Fn = Function::Create(
      FunctionType::get(Type::getVoidTy(Ctx),
                        {Type::getInt1Ty(Ctx), PtrTy, Type::getInt32Ty(Ctx)},
                        false),
      GlobalValue::ExternalLinkage, TrapIfMarker, LM);
  Fn->setDoesNotThrow();
  return Fn;
}

std::string ModuleContext::functionName(uint32_t FuncIndex) const {
  return functionSymbol(M, Opts.ModuleName, FuncIndex);
}

std::string w2o::functionSymbol(const w2o::Module &M, StringRef ModuleName,
                                uint32_t FuncIndex) {
  std::string Name =
      "w2o_" + mangleName(ModuleName) + ".f" + std::to_string(FuncIndex);
  auto It = M.FuncNames.find(FuncIndex);
  if (It != M.FuncNames.end())
    Name += "_" + mangleName(It->second);
  return Name;
}

bool ModuleContext::escapes(uint32_t FuncIndex) const {
  if (M.Start && *M.Start == FuncIndex)
    return true;
  return FuncIndex < M.DeclaredFuncRefs.size() &&
         M.DeclaredFuncRefs.test(FuncIndex);
}

Function *ModuleContext::function(uint32_t FuncIndex) {
  if (FuncIndex < M.NumImportedFuncs)
    return nullptr;
  Function *&F = Funcs[FuncIndex - M.NumImportedFuncs];
  if (F)
    return F;
  bool Owned = owns(FuncIndex);
  F = Function::Create(funcType(M.FuncTypeIndices[FuncIndex]),
                       Owned && !Part.Shared ? GlobalValue::InternalLinkage
                                             : GlobalValue::ExternalLinkage,
                       functionName(FuncIndex), LM);
  // The internal convention: tailcc guarantees return_call's tail calls.
  F->setCallingConv(CallingConv::Tail);
  if (F->hasExternalLinkage())
    F->setVisibility(GlobalValue::HiddenVisibility);
  // Functions of a module no exception can start in or pass through are
  // nounwind; the others unwind, with unwind tables (Module::MayUnwind).
  if (!M.MayUnwind)
    F->setDoesNotThrow();
  else
    F->setUWTableKind(UWTableKind::Async);
  F->addParamAttr(0, Attribute::NonNull);
  F->addParamAttr(0, Attribute::getWithAlignment(Ctx, Align(16)));
  if (!Owned)
    ExternalRefs.push_back(FuncIndex);
  return F;
}
