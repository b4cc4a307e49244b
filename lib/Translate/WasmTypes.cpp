//===- WasmTypes.cpp - names of types, features, errors, symbols ----------===//

#include "WasmTypes.h"
#include "Compiler.h"
#include "Features.h"
#include "WasmError.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace w2o;

llvm::StringRef w2o::valTypeName(ValType T) {
  switch (T) {
  case ValType::Bottom:
    return "unknown";
  case ValType::I32:
    return "i32";
  case ValType::I64:
    return "i64";
  case ValType::F32:
    return "f32";
  case ValType::F64:
    return "f64";
  case ValType::V128:
    return "v128";
  case ValType::FuncRef:
    return "funcref";
  case ValType::ExternRef:
    return "externref";
  case ValType::ExnRef:
    return "exnref";
  }
  return "?";
}

std::string FuncType::str() const {
  std::string S = "[";
  for (size_t I = 0; I < Params.size(); ++I)
    S += (I ? " " : "") + valTypeName(Params[I]).str();
  S += "] -> [";
  for (size_t I = 0; I < Results.size(); ++I)
    S += (I ? " " : "") + valTypeName(Results[I]).str();
  return S + "]";
}

llvm::StringRef w2o::externKindName(ExternKind K) {
  switch (K) {
  case ExternKind::Func:
    return "function";
  case ExternKind::Table:
    return "table";
  case ExternKind::Memory:
    return "memory";
  case ExternKind::Global:
    return "global";
  case ExternKind::Tag:
    return "tag";
  }
  return "?";
}

bool Features::set(llvm::StringRef Spec) {
  bool On = !Spec.consume_front("-");
  Spec.consume_front("+");
  if (Spec == "all") {
#define W2O_FEATURE_ALL(Name, Text) Name = On;
    W2O_FEATURE_LIST(W2O_FEATURE_ALL)
#undef W2O_FEATURE_ALL
    return true;
  }
#define W2O_FEATURE_SET(Name, Text)                                            \
  if (Spec == Text) {                                                          \
    Name = On;                                                                 \
    return true;                                                               \
  }
  W2O_FEATURE_LIST(W2O_FEATURE_SET)
#undef W2O_FEATURE_SET
  return false;
}

char WasmError::ID = 0;

std::string WasmError::describe() const {
  const char *Prefix = Kind == WasmErrorKind::Malformed ? "malformed module: "
                       : Kind == WasmErrorKind::Invalid ? "invalid module: "
                                                        : "unsupported: ";
  return Prefix + Message;
}

void WasmError::log(llvm::raw_ostream &OS) const {
  OS << llvm::format("0x%llx: ", static_cast<unsigned long long>(Offset))
     << describe();
}

std::string w2o::mangleName(llvm::StringRef Name) {
  std::string S;
  S.reserve(Name.size());
  static const char Hex[] = "0123456789ABCDEF";
  for (unsigned char Ch : Name) {
    if (Ch == 'Q') {
      S += "QQ";
    } else if ((Ch >= 'a' && Ch <= 'z') || (Ch >= 'A' && Ch <= 'Z') ||
               (Ch >= '0' && Ch <= '9') || Ch == '_') {
      S += static_cast<char>(Ch);
    } else {
      S += 'Q';
      S += Hex[Ch >> 4];
      S += Hex[Ch & 15];
    }
  }
  return S;
}

std::string w2o::importSymbol(llvm::StringRef Module, llvm::StringRef Field) {
  return "w2o_" + mangleName(Module) + "Q_" + mangleName(Field);
}

std::string w2o::exportSymbol(llvm::StringRef ModuleName,
                              llvm::StringRef Export) {
  return "w2o_" + mangleName(ModuleName) + "QE_" + mangleName(Export);
}

std::string w2o::descriptorSymbol(llvm::StringRef ModuleName) {
  return "w2o_module_" + mangleName(ModuleName);
}

std::string w2o::moduleNameFromPath(llvm::StringRef Path) {
  llvm::StringRef Stem = llvm::sys::path::stem(Path);
  std::string S;
  for (char Ch : Stem)
    S += (isalnum(static_cast<unsigned char>(Ch)) ? Ch : '_');
  if (S.empty() || isdigit(static_cast<unsigned char>(S[0])))
    S = "m" + S;
  return S;
}
