//===- HostModule.h - the spectest module and registered instances --------===//
//
// What a script's modules may import: the spec interpreter's "spectest"
// module (print functions, four immutable globals, a funcref table of 10..20
// elements, a memory of 1..2 pages and, for the threads proposal, a shared
// memory of 1..2 pages) and the exports of the instances a
// script registered. Imports are bound at instantiation through
// wasirt_config.resolve; anything else is an unknown import and fails
// instantiation with WASIRT_ERR_LINK.
//
// The object code of every module also refers to each imported function by
// its host symbol (abi.h). The JIT resolves the spectest functions to the
// real ones below and any other import symbol to a stub that traps; the
// stub is never bound, because the resolver answers for every function
// import.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_SPEC_HOSTMODULE_H
#define WASM2OBJ_SPEC_HOSTMODULE_H

#include "wasm2obj/wasirt.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <utility>
#include <vector>

namespace w2o::spec {

/// Host symbols of the spectest functions, by mangled import symbol name.
std::vector<std::pair<std::string, void *>> spectestSymbols();

/// Code that traps with "call to an unlinked import", for every other
/// import symbol.
void *unlinkedImportStub();

class HostEnvironment {
public:
  HostEnvironment();
  ~HostEnvironment();
  HostEnvironment(const HostEnvironment &) = delete;
  HostEnvironment &operator=(const HostEnvironment &) = delete;

  /// Makes the exports of Inst importable as module Name (the script's
  /// "register"); a later registration of the same name replaces it.
  void registerInstance(llvm::StringRef Name, wasirt_instance *Inst);

  /// The configuration to instantiate a script's module with.
  wasirt_config config();

private:
  static int resolve(void *User, const char *Module, const char *Name,
                     uint32_t Kind, wasirt_extern *Out);
  bool resolveSpectest(llvm::StringRef Name, uint32_t Kind, wasirt_extern &Out);

  llvm::StringMap<wasirt_instance *> Registered;
  // Created on first use: most scripts never import them.
  wasirt_memory *Memory = nullptr;
  wasirt_memory *SharedMemory = nullptr;
  wasirt_table *Table = nullptr;
  alignas(16) unsigned char GlobalCells[4][16] = {};
};

} // namespace w2o::spec

#endif
