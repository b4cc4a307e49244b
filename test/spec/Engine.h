//===- Engine.h - where a script's compiled modules run -------------------===//
//
// ScriptRunner compiles; an Engine links the objects, instantiates them
// and performs the actions, all through spec_host.h:
//
//   LocalEngine   the host's code, in this process: objects linked by
//                 JitLoader (LLJIT with JITLink), spec_host.c called
//                 directly.
//   RemoteEngine  code for --target (another architecture, or the host's
//                 in shared libraries), in spec-agent. Each object is
//                 linked into a shared library by ld.lld (its import
//                 symbols, which the scripts' resolver always overrides,
//                 defined as 0) and loaded by the agent (under qemu-user
//                 for another architecture), which performs each request
//                 with the same spec_host.c (spec_agent.c has the
//                 protocol). The agent exits with the process that started
//                 it; if it dies (a crash in generated code), so does that
//                 process, and Workers.h resumes the script after the
//                 command.
//
// Modules and instances are handles, 0 for none.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_SPEC_ENGINE_H
#define WASM2OBJ_SPEC_ENGINE_H

#include "spec_host.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <string>

namespace w2o::spec {

/// What RemoteEngine needs (from the driver's --target, --qemu,
/// --qemu-sysroot, --agent and --lld).
struct RemoteOptions {
  std::string Triple;
  std::string Qemu;
  std::string QemuSysroot;
  std::string Agent;
  std::string Lld;
  std::string ScratchDir; ///< for the objects and libraries
};

class Engine {
public:
  virtual ~Engine();
  /// Links an object and returns its module descriptor (the symbol
  /// Descriptor).
  virtual llvm::Expected<uint64_t> load(llvm::ArrayRef<char> Object,
                                        llvm::StringRef Name,
                                        llvm::StringRef Descriptor) = 0;
  /// spec_instantiate; *Inst is 0 on failure.
  virtual int instantiate(uint64_t Module, uint64_t &Inst,
                          wasirt_error &Err) = 0;
  /// spec_env_register.
  virtual void registerAs(llvm::StringRef Name, uint64_t Inst) = 0;
  /// spec_invoke and spec_get.
  virtual void invoke(uint64_t Inst, llvm::StringRef Field,
                      llvm::ArrayRef<uint8_t> Types,
                      llvm::ArrayRef<wasirt_value> Args, spec_outcome &Out) = 0;
  virtual void get(uint64_t Inst, llvm::StringRef Field, spec_outcome &Out) = 0;
  /// Crashes where the code runs (tests the runner: --debug-crash-at).
  [[noreturn]] virtual void debugCrash() = 0;
};

/// The engines; calls into wasm are limited to CallTimeout seconds (0:
/// no limit).
llvm::Expected<std::unique_ptr<Engine>> createLocalEngine(unsigned CallTimeout);
llvm::Expected<std::unique_ptr<Engine>>
createRemoteEngine(const RemoteOptions &O, unsigned CallTimeout);

} // namespace w2o::spec

#endif
