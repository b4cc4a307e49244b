//===- RuntimeCalls.h - LLVM types of the runtime's entry points ----------===//
//
// Built from runtime-support/include/wasm2obj/runtime_calls.def, the table
// the runtime declares its functions from: the C types of each entry are
// mapped to LLVM types here, so a signature is written once.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_TRANSLATE_RUNTIMECALLS_H
#define WASM2OBJ_TRANSLATE_RUNTIMECALLS_H

#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include <cstdint>

namespace w2o {

enum class RuntimeCall : uint8_t {
#define WASIRT_CALL(Name, Attr, Ret, ...) Name,
#include "wasm2obj/runtime_calls.def"
#undef WASIRT_CALL
};

constexpr unsigned NumRuntimeCalls = 0
#define WASIRT_CALL(...) +1
#include "wasm2obj/runtime_calls.def"
#undef WASIRT_CALL
    ;

enum class RuntimeCallAttr : uint8_t { None, NoReturn, Throws, Pure };

/// The C type T as an LLVM type (only the types the table may use).
template <typename T> llvm::Type *cTypeToLLVM(llvm::LLVMContext &C);
template <> inline llvm::Type *cTypeToLLVM<void>(llvm::LLVMContext &C) {
  return llvm::Type::getVoidTy(C);
}
template <> inline llvm::Type *cTypeToLLVM<uint32_t>(llvm::LLVMContext &C) {
  return llvm::Type::getInt32Ty(C);
}
template <> inline llvm::Type *cTypeToLLVM<uint64_t>(llvm::LLVMContext &C) {
  return llvm::Type::getInt64Ty(C);
}
template <> inline llvm::Type *cTypeToLLVM<float>(llvm::LLVMContext &C) {
  return llvm::Type::getFloatTy(C);
}
template <> inline llvm::Type *cTypeToLLVM<double>(llvm::LLVMContext &C) {
  return llvm::Type::getDoubleTy(C);
}
template <> inline llvm::Type *cTypeToLLVM<void *>(llvm::LLVMContext &C) {
  return llvm::PointerType::getUnqual(C);
}

template <typename R, typename... Ps>
llvm::FunctionType *cFunctionTypeToLLVM(llvm::LLVMContext &C) {
  return llvm::FunctionType::get(cTypeToLLVM<R>(C), {cTypeToLLVM<Ps>(C)...},
                                 false);
}

/// The LLVM type of a C function pointer type, e.g. decltype(&wasirt_trap).
template <typename R, typename... Ps>
llvm::FunctionType *cFunctionTypeToLLVM(llvm::LLVMContext &C, R (*)(Ps...)) {
  return cFunctionTypeToLLVM<R, Ps...>(C);
}

struct RuntimeCallInfo {
  const char *Name;
  RuntimeCallAttr Attr;
  llvm::FunctionType *(*Type)(llvm::LLVMContext &);
};

const RuntimeCallInfo &runtimeCallInfo(RuntimeCall RC);

/// The declaration of entry RC in LM, with its attributes (nounwind unless
/// it throws; noreturn and cold for the no-return ones; readnone for the
/// pure ones): the one LM has, or a new one.
llvm::Function *declareRuntimeCall(llvm::Module &LM, RuntimeCall RC);

} // namespace w2o

#endif
