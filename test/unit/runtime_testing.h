//===- runtime_testing.h - helpers for the lib/Runtime unit tests ---------===//
//
// Hand-written module descriptors with tiny C++ functions standing in for
// generated code, and access to instance regions as generated code sees
// them.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_TEST_RUNTIME_TESTING_H
#define WASM2OBJ_TEST_RUNTIME_TESTING_H

#include "wasm2obj/wasirt.h"

#include <cassert>
#include <cstring>
#include <deque>
#include <type_traits>
#include <vector>

// The runtime calls of generated code, declared from the same table the
// runtime and the translator use.
extern "C" {
#define WASIRT_TEST_ATTR_none
#define WASIRT_TEST_ATTR_noreturn [[noreturn]]
#define WASIRT_TEST_ATTR_throws [[noreturn]]
#define WASIRT_TEST_ATTR_pure
#define WASIRT_CALL(NAME, ATTR, RESULT, ...)                                   \
  WASIRT_TEST_ATTR_##ATTR RESULT NAME(__VA_ARGS__);
#include "wasm2obj/runtime_calls.def"
#undef WASIRT_CALL
}

namespace rt_test {

constexpr uint8_t I32 = WASIRT_I32;
constexpr uint8_t I64 = WASIRT_I64;
constexpr uint8_t F32 = WASIRT_F32;
constexpr uint8_t FUNCREF = WASIRT_FUNCREF;
constexpr uint8_t EXTERNREF = WASIRT_EXTERNREF;

// Builds a wasirt_module whose arrays live in the builder: keep the builder
// alive (and unmoved) as long as the module and its instances.
class ModuleBuilder {
public:
  ModuleBuilder() {
    std::memset(&M, 0, sizeof M);
    M.abi_version = WASIRT_ABI_VERSION;
    M.start_func = -1;
  }
  ModuleBuilder(const ModuleBuilder &) = delete;
  ModuleBuilder &operator=(const ModuleBuilder &) = delete;

  uint32_t type(std::vector<uint8_t> params, std::vector<uint8_t> results,
                wasirt_trampoline trampoline) {
    const auto &p = Bytes.emplace_back(std::move(params));
    const auto &r = Bytes.emplace_back(std::move(results));
    Types.push_back({p.data(), r.data(), (uint32_t)p.size(), (uint32_t)r.size(),
                     trampoline});
    Adapters.push_back(adapterFor(trampoline));
    return (uint32_t)Types.size() - 1;
  }

  uint32_t importFunc(const char *module, const char *name, uint32_t type,
                      void *defaultCode = nullptr) {
    assert(Funcs.empty() && "imports come first");
    uint32_t index = M.n_imported_funcs++;
    addImport(module, name, WASIRT_EXTERN_FUNC, index, type, defaultCode);
    return index;
  }
  uint32_t importMemory(const char *module, const char *name,
                        wasirt_memtype type) {
    assert(Memories.size() == M.n_imported_memories && "imports come first");
    Memories.push_back(type);
    uint32_t index = M.n_imported_memories++;
    addImport(module, name, WASIRT_EXTERN_MEMORY, index, 0, nullptr);
    return index;
  }
  uint32_t importTable(const char *module, const char *name,
                       wasirt_tabletype type) {
    assert(Tables.size() == M.n_imported_tables && "imports come first");
    Tables.push_back(type);
    uint32_t index = M.n_imported_tables++;
    addImport(module, name, WASIRT_EXTERN_TABLE, index, 0, nullptr);
    return index;
  }
  uint32_t importGlobal(const char *module, const char *name, uint8_t valtype,
                        bool mutable_) {
    assert(Globals.size() == M.n_imported_globals && "imports come first");
    Globals.push_back({valtype, (uint8_t)mutable_, {0, 0}});
    uint32_t index = M.n_imported_globals++;
    addImport(module, name, WASIRT_EXTERN_GLOBAL, index, 0, nullptr);
    return index;
  }
  uint32_t importTag(const char *module, const char *name, uint32_t type) {
    assert(Tags.size() == M.n_imported_tags && "imports come first");
    Tags.push_back({type, 0});
    uint32_t index = M.n_imported_tags++;
    addImport(module, name, WASIRT_EXTERN_TAG, index, type, nullptr);
    return index;
  }

  uint32_t func(void *code, uint32_t type) {
    Funcs.push_back({code, type, 0});
    return M.n_imported_funcs + (uint32_t)Funcs.size() - 1;
  }
  uint32_t memory(uint64_t min, uint64_t max, uint32_t flags) {
    Memories.push_back({min, max, flags, 0});
    return (uint32_t)Memories.size() - 1;
  }
  uint32_t table(uint8_t elemType, uint64_t min, uint64_t max, uint32_t flags) {
    Tables.push_back({min, max, flags, elemType});
    return (uint32_t)Tables.size() - 1;
  }
  uint32_t global(uint8_t valtype, bool mutable_) {
    Globals.push_back({valtype, (uint8_t)mutable_, {0, 0}});
    return (uint32_t)Globals.size() - 1;
  }
  uint32_t tag(uint32_t type) {
    Tags.push_back({type, 0});
    return (uint32_t)Tags.size() - 1;
  }
  uint32_t data(const char *bytes, uint64_t length) {
    Data.push_back({(const uint8_t *)bytes, length});
    return (uint32_t)Data.size() - 1;
  }
  uint32_t elem(std::vector<wasirt_elem_item> items, uint8_t elemType) {
    const auto &stored = ElemItems.emplace_back(std::move(items));
    Elems.push_back({stored.data(), (uint32_t)stored.size(), elemType});
    return (uint32_t)Elems.size() - 1;
  }
  void exportAs(const char *name, uint32_t kind, uint32_t index) {
    exportAs(name, std::strlen(name), kind, index);
  }
  void exportAs(const char *name, size_t len, uint32_t kind, uint32_t index) {
    wasirt_export ex;
    std::memset(&ex, 0, sizeof ex);
    ex.name = name;
    ex.kind = kind;
    ex.index = index;
    ex.name_len = (uint32_t)len;
    Exports.push_back(ex);
  }
  void start(uint32_t func) { M.start_func = (int32_t)func; }
  void init(void (*fn)(void *)) { M.init = fn; }
  void flags(uint32_t flags) { M.flags = flags; }

  const wasirt_module *build() {
    M.name = "test";
    M.counts.memories = (uint32_t)Memories.size();
    M.counts.tables = (uint32_t)Tables.size();
    M.counts.globals = (uint32_t)Globals.size();
    M.counts.types = (uint32_t)Types.size();
    M.counts.funcs = M.n_imported_funcs + (uint32_t)Funcs.size();
    M.counts.data = (uint32_t)Data.size();
    M.counts.elems = (uint32_t)Elems.size();
    M.counts.tags = (uint32_t)Tags.size();
    M.n_imports = (uint32_t)Imports.size();
    M.n_exports = (uint32_t)Exports.size();
    M.types = Types.data();
    M.imports = Imports.data();
    M.exports = Exports.data();
    M.memories = Memories.data();
    M.tables = Tables.data();
    M.globals = Globals.data();
    M.funcs = Funcs.data();
    M.data = Data.data();
    M.elems = Elems.data();
    M.tags = Tags.data();
    return &M;
  }

  wasirt_module M;

private:
  void addImport(const char *module, const char *name, uint32_t kind,
                 uint32_t index, uint32_t type, void *defaultCode) {
    wasirt_import imp;
    std::memset(&imp, 0, sizeof imp);
    imp.module = module;
    imp.name = name;
    imp.kind = kind;
    imp.index = index;
    imp.type = type;
    imp.module_len = (uint32_t)std::strlen(module);
    imp.name_len = (uint32_t)std::strlen(name);
    imp.default_code = defaultCode;
    if (kind == WASIRT_EXTERN_FUNC)
      imp.adapter = Adapters[type];
    Imports.push_back(imp);
  }

  std::deque<std::vector<uint8_t>> Bytes;
  std::deque<std::vector<wasirt_elem_item>> ElemItems;
  static void *adapterFor(wasirt_trampoline trampoline);
  std::vector<wasirt_functype> Types;
  std::vector<void *> Adapters; // per type: the host adapter of its imports
  std::vector<wasirt_import> Imports;
  std::vector<wasirt_export> Exports;
  std::vector<wasirt_memtype> Memories;
  std::vector<wasirt_tabletype> Tables;
  std::vector<wasirt_globaltype> Globals;
  std::vector<wasirt_funcdef> Funcs;
  std::vector<wasirt_data_segment> Data;
  std::vector<wasirt_elem_segment> Elems;
  std::vector<wasirt_tagtype> Tags;
};

//===----------------- instance regions, as generated code
//-----------------===//

inline wasirt_layout layoutOf(const void *inst) {
  auto *h = static_cast<const wasirt_instance_header *>(inst);
  return wasirt_compute_layout(h->module->counts);
}

inline uint8_t *regionOf(void *inst, uint32_t offset) {
  return static_cast<uint8_t *>(inst) + offset;
}

inline wasirt_instance_header *headerOf(void *inst) {
  return static_cast<wasirt_instance_header *>(inst);
}

// The 16-byte slot of global N (for an imported global: the pointer).
inline uint8_t *globalSlot(void *inst, uint32_t n) {
  return regionOf(inst, layoutOf(inst).globals) + n * WASIRT_GLOBAL_SLOT;
}

// The value cell of global N, defined or imported.
inline wasirt_value *globalCell(void *inst, uint32_t n) {
  auto *h = headerOf(inst);
  uint8_t *slot = globalSlot(inst, n);
  if (n < h->module->n_imported_globals) {
    void *p;
    std::memcpy(&p, slot, sizeof p);
    return static_cast<wasirt_value *>(p);
  }
  return reinterpret_cast<wasirt_value *>(slot);
}

inline wasirt_funcref *funcrefOf(void *inst, uint32_t n) {
  return reinterpret_cast<wasirt_funcref *>(
             regionOf(inst, layoutOf(inst).funcrefs)) +
         n;
}

inline uint64_t typeIdOf(void *inst, uint32_t type) {
  return reinterpret_cast<uint64_t *>(
      regionOf(inst, layoutOf(inst).type_ids))[type];
}

inline wasirt_table *tableOf(void *inst, uint32_t n) {
  void *p;
  std::memcpy(&p, regionOf(inst, layoutOf(inst).tables) + 8 * n, sizeof p);
  return static_cast<wasirt_table *>(p);
}

// The copy of memory N's base that generated code reads.
inline uint8_t *memoryBaseOf(void *inst, uint32_t n) {
  void *p;
  std::memcpy(&p, regionOf(inst, layoutOf(inst).bases) + 8 * n, sizeof p);
  return static_cast<uint8_t *>(p);
}

// The instance's copy of memory N's size that explicit bounds checks read
// (0 for a memory without one: imported or shared).
inline uint64_t memorySizeCopyOf(void *inst, uint32_t n) {
  uint64_t v;
  std::memcpy(&v, regionOf(inst, layoutOf(inst).sizes) + 8 * n, sizeof v);
  return v;
}

struct ElemSlot {
  void **items;
  uint64_t count;
};

inline ElemSlot elemOf(void *inst, uint32_t n) {
  ElemSlot e;
  uint8_t *slot = regionOf(inst, layoutOf(inst).elems) + 16 * n;
  std::memcpy(&e.items, slot, sizeof e.items);
  std::memcpy(&e.count, slot + 8, sizeof e.count);
  return e;
}

inline uint64_t dataLengthOf(void *inst, uint32_t n) {
  return reinterpret_cast<uint64_t *>(regionOf(inst, layoutOf(inst).data))[n];
}

//===---------------------------- trampolines
//------------------------------===//

// [] -> []
inline void trampVoid(void *code, void *ctx, wasirt_value *) {
  reinterpret_cast<void (*)(void *)>(code)(ctx);
}
// [] -> [i32]
inline void trampToI32(void *code, void *ctx, wasirt_value *vals) {
  vals[0].i32 = reinterpret_cast<int32_t (*)(void *)>(code)(ctx);
}
// [i32] -> [i32]
inline void trampI32ToI32(void *code, void *ctx, wasirt_value *vals) {
  vals[0].i32 =
      reinterpret_cast<int32_t (*)(void *, int32_t)>(code)(ctx, vals[0].i32);
}
// [i32 i32] -> [i32]
inline void trampI32I32ToI32(void *code, void *ctx, wasirt_value *vals) {
  vals[0].i32 = reinterpret_cast<int32_t (*)(void *, int32_t, int32_t)>(code)(
      ctx, vals[0].i32, vals[1].i32);
}

// What generated code has per function type: an adapter with the internal
// convention (here plain C++, as the test's "generated" functions) that
// calls a host function through its wasirt_host_func.
template <typename R, typename... A> R hostAdapter(void *ctx, A... args) {
  auto *h = static_cast<wasirt_host_func *>(ctx);
  return reinterpret_cast<R (*)(void *, A...)>(h->code)(h->ctx, args...);
}

inline void *ModuleBuilder::adapterFor(wasirt_trampoline trampoline) {
  if (trampoline == trampVoid)
    return reinterpret_cast<void *>(&hostAdapter<void>);
  if (trampoline == trampToI32)
    return reinterpret_cast<void *>(&hostAdapter<int32_t>);
  if (trampoline == trampI32ToI32)
    return reinterpret_cast<void *>(&hostAdapter<int32_t, int32_t>);
  if (trampoline == trampI32I32ToI32)
    return reinterpret_cast<void *>(&hostAdapter<int32_t, int32_t, int32_t>);
  return nullptr;
}

//===------------------------------ guards
//---------------------------------===//

// Runs f() under wasirt_try. f must not own objects with destructors across
// a trap (a trap unwinds with siglongjmp) and must not use REQUIRE.
template <class F> int guarded(F &&f, wasirt_error *err) {
  using Fn = std::remove_reference_t<F>;
  auto thunk = [](void *p) { (*static_cast<Fn *>(p))(); };
  return wasirt_try(thunk, &f, err);
}

} // namespace rt_test

#endif // WASM2OBJ_TEST_RUNTIME_TESTING_H
