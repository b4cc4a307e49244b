//===- HostModule.cpp - the spectest module and registered instances ------===//

#include "HostModule.h"
#include "Compiler.h"
#include <cstring>

using namespace w2o::spec;

namespace {

// The spectest functions, with the internal calling convention of abi.h:
// the context first (unused), then the parameters. Like wabt's spectest
// interpreter we keep the output of the run to the results: they print
// nothing.
void printNone(void *) {}
void printI32(void *, int32_t) {}
void printI64(void *, int64_t) {}
void printF32(void *, float) {}
void printF64(void *, double) {}
void printI32F32(void *, int32_t, float) {}
void printF64F64(void *, double, double) {}

void unlinkedImport(void *) { wasirt_raise(WASIRT_TRAP_UNLINKED_IMPORT); }

struct SpectestFunc {
  const char *Name;
  void *Code;
  std::vector<uint8_t> Params;
};

const std::vector<SpectestFunc> &spectestFuncs() {
  static const std::vector<SpectestFunc> Funcs = {
      {"print", reinterpret_cast<void *>(&printNone), {}},
      {"print_i32", reinterpret_cast<void *>(&printI32), {WASIRT_I32}},
      {"print_i64", reinterpret_cast<void *>(&printI64), {WASIRT_I64}},
      {"print_f32", reinterpret_cast<void *>(&printF32), {WASIRT_F32}},
      {"print_f64", reinterpret_cast<void *>(&printF64), {WASIRT_F64}},
      {"print_i32_f32",
       reinterpret_cast<void *>(&printI32F32),
       {WASIRT_I32, WASIRT_F32}},
      {"print_f64_f64",
       reinterpret_cast<void *>(&printF64F64),
       {WASIRT_F64, WASIRT_F64}},
  };
  return Funcs;
}

enum SpectestGlobal { GlobalI32, GlobalI64, GlobalF32, GlobalF64 };

} // namespace

std::vector<std::pair<std::string, void *>> w2o::spec::spectestSymbols() {
  std::vector<std::pair<std::string, void *>> Syms;
  for (const SpectestFunc &F : spectestFuncs())
    Syms.emplace_back(w2o::importSymbol("spectest", F.Name), F.Code);
  return Syms;
}

void *w2o::spec::unlinkedImportStub() {
  return reinterpret_cast<void *>(&unlinkedImport);
}

HostEnvironment::HostEnvironment() {
  int32_t I32 = 666;
  int64_t I64 = 666;
  float F32 = 666.6f;
  double F64 = 666.6;
  std::memcpy(GlobalCells[GlobalI32], &I32, sizeof I32);
  std::memcpy(GlobalCells[GlobalI64], &I64, sizeof I64);
  std::memcpy(GlobalCells[GlobalF32], &F32, sizeof F32);
  std::memcpy(GlobalCells[GlobalF64], &F64, sizeof F64);
}

HostEnvironment::~HostEnvironment() {
  // Instances importing them hold their own references.
  if (Memory)
    wasirt_memory_free(Memory);
  if (SharedMemory)
    wasirt_memory_free(SharedMemory);
  if (Table)
    wasirt_table_free(Table);
}

void HostEnvironment::registerInstance(llvm::StringRef Name,
                                       wasirt_instance *Inst) {
  Registered[Name] = Inst;
}

wasirt_config HostEnvironment::config() {
  wasirt_config Cfg;
  std::memset(&Cfg, 0, sizeof Cfg);
  Cfg.resolve = &HostEnvironment::resolve;
  Cfg.resolve_user = this;
  return Cfg;
}

bool HostEnvironment::resolveSpectest(llvm::StringRef Name, uint32_t Kind,
                                      wasirt_extern &Out) {
  Out.kind = Kind;
  switch (Kind) {
  case WASIRT_EXTERN_FUNC:
    for (const SpectestFunc &F : spectestFuncs()) {
      if (Name != F.Name)
        continue;
      Out.u.func.code = F.Code;
      Out.u.func.ctx = nullptr;
      Out.u.func.type_id = wasirt_intern_type(
          F.Params.data(), static_cast<uint32_t>(F.Params.size()), nullptr, 0);
      return true;
    }
    return false;
  case WASIRT_EXTERN_GLOBAL: {
    static const struct {
      const char *Name;
      SpectestGlobal Index;
      uint8_t Type;
    } Globals[] = {{"global_i32", GlobalI32, WASIRT_I32},
                   {"global_i64", GlobalI64, WASIRT_I64},
                   {"global_f32", GlobalF32, WASIRT_F32},
                   {"global_f64", GlobalF64, WASIRT_F64}};
    for (const auto &G : Globals) {
      if (Name != G.Name)
        continue;
      Out.u.global.cell = GlobalCells[G.Index];
      Out.u.global.valtype = G.Type;
      Out.u.global.mutable_ = 0;
      return true;
    }
    return false;
  }
  case WASIRT_EXTERN_TABLE:
    if (Name != "table")
      return false;
    if (!Table)
      Table = wasirt_table_new(WASIRT_FUNCREF, 10, 20, WASIRT_LIMITS_HAS_MAX);
    Out.u.table = Table;
    return Table != nullptr;
  case WASIRT_EXTERN_MEMORY:
    if (Name == "shared_memory") {
      if (!SharedMemory)
        SharedMemory = wasirt_memory_new(
            1, 2, WASIRT_LIMITS_HAS_MAX | WASIRT_LIMITS_SHARED);
      Out.u.memory = SharedMemory;
      return SharedMemory != nullptr;
    }
    if (Name != "memory")
      return false;
    if (!Memory)
      Memory = wasirt_memory_new(1, 2, WASIRT_LIMITS_HAS_MAX);
    Out.u.memory = Memory;
    return Memory != nullptr;
  default:
    return false;
  }
}

int HostEnvironment::resolve(void *User, const char *Module, const char *Name,
                             uint32_t Kind, wasirt_extern *Out) {
  HostEnvironment &Env = *static_cast<HostEnvironment *>(User);
  llvm::StringRef Mod(Module);
  bool Found = false;
  if (Mod == "spectest") {
    Found = Env.resolveSpectest(Name, Kind, *Out);
  } else {
    auto It = Env.Registered.find(Mod);
    Found = It != Env.Registered.end() &&
            wasirt_instance_export(It->second, Name, Out) == WASIRT_OK;
  }
  // Unknown: refuse it, so that a function is not bound to its host symbol
  // (our trapping stub) but reported as an unknown import.
  return Found ? 1 : -1;
}
