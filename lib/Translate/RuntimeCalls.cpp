//===- RuntimeCalls.cpp - LLVM types of the runtime's entry points --------===//

#include "RuntimeCalls.h"

using namespace w2o;

namespace {
constexpr RuntimeCallAttr attrOf(const char *S) {
  return S[0] == 'n' && S[1] == 'o' && S[2] == 'r' ? RuntimeCallAttr::NoReturn
         : S[0] == 't'                             ? RuntimeCallAttr::Throws
         : S[0] == 'p'                             ? RuntimeCallAttr::Pure
                                                   : RuntimeCallAttr::None;
}

const RuntimeCallInfo Infos[] = {
#define WASIRT_CALL(Name, Attr, Ret, ...)                                      \
  {#Name, attrOf(#Attr), &cFunctionTypeToLLVM<Ret, __VA_ARGS__>},
#include "wasm2obj/runtime_calls.def"
#undef WASIRT_CALL
};
static_assert(sizeof(Infos) / sizeof(Infos[0]) == NumRuntimeCalls);
} // namespace

const RuntimeCallInfo &w2o::runtimeCallInfo(RuntimeCall RC) {
  return Infos[static_cast<unsigned>(RC)];
}

llvm::Function *w2o::declareRuntimeCall(llvm::Module &LM, RuntimeCall RC) {
  const RuntimeCallInfo &Info = runtimeCallInfo(RC);
  if (llvm::Function *Fn = LM.getFunction(Info.Name))
    return Fn;
  llvm::Function *Fn =
      llvm::Function::Create(Info.Type(LM.getContext()),
                             llvm::GlobalValue::ExternalLinkage, Info.Name, LM);
  if (Info.Attr != RuntimeCallAttr::Throws)
    Fn->setDoesNotThrow();
  switch (Info.Attr) {
  case RuntimeCallAttr::NoReturn:
  case RuntimeCallAttr::Throws:
    Fn->setDoesNotReturn();
    Fn->addFnAttr(llvm::Attribute::Cold);
    break;
  case RuntimeCallAttr::Pure:
    Fn->setDoesNotAccessMemory();
    Fn->addFnAttr(llvm::Attribute::WillReturn);
    break;
  case RuntimeCallAttr::None:
    break;
  }
  return Fn;
}
