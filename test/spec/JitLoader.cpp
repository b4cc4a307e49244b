//===- JitLoader.cpp - loading compiled objects in-process ----------------===//

#include "JitLoader.h"
#include "Compiler.h"
#include "spec_host.h"
#include "llvm/ExecutionEngine/JITLink/EHFrameSupport.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ObjectLinkingLayer.h"
#include "llvm/Support/MemoryBuffer.h"

// The runtime entry points, declared from the table the translator uses.
extern "C" {
#define WASIRT_CALL(NAME, ATTR, RESULT, ...) RESULT NAME(__VA_ARGS__);
#include "wasm2obj/runtime_calls.def"
#undef WASIRT_CALL
#if defined(__x86_64__)
// wasirt_stack_check with the preserve_most convention (lib/Runtime/trap.c);
// only its address is taken.
void wasirt_stack_check_preserve_most(void);
#endif
}

using namespace llvm;
using namespace llvm::orc;
using namespace w2o::spec;

namespace {

ExecutorSymbolDef function(void *Addr) {
  return {ExecutorAddr::fromPtr(Addr),
          JITSymbolFlags::Exported | JITSymbolFlags::Callable};
}

/// Defines every import symbol ("w2o_" ... "Q_" ...) nothing else defines
/// as the trapping stub.
class ImportStubGenerator : public DefinitionGenerator {
public:
  Error tryToGenerate(LookupState &, LookupKind, JITDylib &JD,
                      JITDylibLookupFlags,
                      const SymbolLookupSet &Symbols) override {
    SymbolMap Stubs;
    for (const auto &[Name, Flags] : Symbols) {
      StringRef N = *Name;
      if (N.starts_with("w2o_") && N.contains("Q_") &&
          !N.starts_with("w2o_module_"))
        Stubs[Name] = function(reinterpret_cast<void *>(&spec_unlinked_import));
    }
    if (Stubs.empty())
      return Error::success();
    return JD.define(absoluteSymbols(std::move(Stubs)));
  }
};

} // namespace

JitLoader::JitLoader(std::unique_ptr<LLJIT> J) : J(std::move(J)) {}
JitLoader::~JitLoader() = default;

Expected<std::unique_ptr<JitLoader>> JitLoader::create() {
  w2o::initializeLLVMTargets();
  auto J =
      LLJITBuilder()
          .setObjectLinkingLayerCreator(
              [](ExecutionSession &ES,
                 const Triple &) -> Expected<std::unique_ptr<ObjectLayer>> {
                auto L = std::make_unique<ObjectLinkingLayer>(ES);
                // Wasm exceptions unwind through the loaded code.
                L->addPlugin(std::make_unique<EHFrameRegistrationPlugin>(
                    ES,
                    std::make_unique<jitlink::InProcessEHFrameRegistrar>()));
                return L;
              })
          .create();
  if (!J)
    return J.takeError();
  ExecutionSession &ES = (*J)->getExecutionSession();
  JITDylib &JD = (*J)->getMainJITDylib();

  SymbolMap Syms;
#define WASIRT_CALL(NAME, ATTR, RESULT, ...)                                   \
  Syms[ES.intern(#NAME)] = function(reinterpret_cast<void *>(&NAME));
#include "wasm2obj/runtime_calls.def"
#undef WASIRT_CALL
#if defined(__x86_64__)
  Syms[ES.intern("wasirt_stack_check_preserve_most")] =
      function(reinterpret_cast<void *>(&wasirt_stack_check_preserve_most));
#endif
  for (unsigned I = 0; I < spec_n_funcs; ++I)
    Syms[ES.intern(w2o::importSymbol("spectest", spec_funcs[I].name))] =
        function(spec_funcs[I].code);
  if (Error E = JD.define(absoluteSymbols(std::move(Syms))))
    return E;

  // libc, but never our own names: those must come from the tables above.
  auto Process = DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*J)->getDataLayout().getGlobalPrefix(), [](const SymbolStringPtr &Name) {
        StringRef N = *Name;
        return !N.starts_with("w2o_") && !N.starts_with("wasirt");
      });
  if (!Process)
    return Process.takeError();
  JD.addGenerator(std::move(*Process));
  JD.addGenerator(std::make_unique<ImportStubGenerator>());
  return std::unique_ptr<JitLoader>(new JitLoader(std::move(*J)));
}

Expected<const wasirt_module *> JitLoader::load(ArrayRef<char> Object,
                                                StringRef Name,
                                                StringRef DescriptorSymbol) {
  auto Buf = MemoryBuffer::getMemBufferCopy(
      StringRef(Object.data(), Object.size()), Name);
  if (Error E = J->addObjectFile(std::move(Buf)))
    return E;
  Expected<ExecutorAddr> Addr = J->lookup(DescriptorSymbol);
  if (!Addr)
    return Addr.takeError();
  return Addr->toPtr<const wasirt_module *>();
}
