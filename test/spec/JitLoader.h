//===- JitLoader.h - loading compiled objects in-process ------------------===//
//
// The runner executes exactly the object code the CLI writes: each module
// is compiled to an ELF object by compileModule and linked into this
// process by LLVM ORC's LLJIT with JITLink (ObjectLinkingLayer), as a
// static linker would link it against libwasirt. Undefined symbols resolve
// to
//   - the runtime entry points of runtime_calls.def (libwasirt is linked
//     into the runner statically, so they are given as absolute symbols
//     built from the same table),
//   - the spectest host functions, and a trapping stub for any other import
//     symbol (spec_host.h),
//   - libc (memcpy, memset, ...) through a search of the process.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_SPEC_JITLOADER_H
#define WASM2OBJ_SPEC_JITLOADER_H

#include "wasm2obj/abi.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <memory>

namespace llvm::orc {
class LLJIT;
} // namespace llvm::orc

namespace w2o::spec {

class JitLoader {
public:
  static llvm::Expected<std::unique_ptr<JitLoader>> create();
  ~JitLoader();

  /// Links the object (a copy of Object) and returns its module descriptor,
  /// the symbol DescriptorSymbol.
  llvm::Expected<const wasirt_module *> load(llvm::ArrayRef<char> Object,
                                             llvm::StringRef Name,
                                             llvm::StringRef DescriptorSymbol);

private:
  explicit JitLoader(std::unique_ptr<llvm::orc::LLJIT> J);
  std::unique_ptr<llvm::orc::LLJIT> J;
};

} // namespace w2o::spec

#endif
