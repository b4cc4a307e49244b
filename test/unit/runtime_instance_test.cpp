//===- runtime_instance_test.cpp - instantiation, exports, calls ----------===//

#include "runtime_testing.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>

using namespace rt_test;

namespace {

int32_t add(void *, int32_t a, int32_t b) { return a + b; }

int32_t getGlobal0(void *inst) { return globalCell(inst, 0)->i32; }

void trapUnreachable(void *inst) { wasirt_trap(inst, WASIRT_TRAP_UNREACHABLE); }

void initGlobal0To42(void *inst) { globalCell(inst, 0)->i32 = 42; }

void startIncrementsGlobal0(void *inst) { globalCell(inst, 0)->i32 += 1; }

int32_t hostDouble(void *ctx, int32_t x) {
  // Default-bound host imports receive the importing instance as ctx.
  return headerOf(ctx)->module ? 2 * x : -1;
}

void *lastHostCtx;
int32_t hostRecordCtx(void *ctx) {
  lastHostCtx = ctx;
  return 7;
}

struct Instance {
  wasirt_instance *I = nullptr;
  wasirt_error Err{};
  int Status;
  Instance(const wasirt_module *m, const wasirt_config *cfg = nullptr) {
    Status = wasirt_instantiate(m, cfg, &I, &Err);
  }
  ~Instance() { wasirt_instance_free(I); }
};

} // namespace

TEST_CASE("instantiate runs init, exports and calls", "[runtime][instance]") {
  ModuleBuilder b;
  uint32_t tAdd = b.type({I32, I32}, {I32}, trampI32I32ToI32);
  uint32_t tGet = b.type({}, {I32}, trampToI32);
  uint32_t fAdd = b.func((void *)add, tAdd);
  uint32_t fGet = b.func((void *)getGlobal0, tGet);
  uint32_t g = b.global(I32, true);
  b.exportAs("add", WASIRT_EXTERN_FUNC, fAdd);
  b.exportAs("get", WASIRT_EXTERN_FUNC, fGet);
  b.exportAs("g", WASIRT_EXTERN_GLOBAL, g);
  b.init(initGlobal0To42);
  const wasirt_module *m = b.build();

  int hostData = 0;
  wasirt_config cfg{};
  cfg.host_data = &hostData;
  Instance inst(m, &cfg);
  REQUIRE(inst.Status == WASIRT_OK);
  REQUIRE(inst.I != nullptr);
  CHECK(wasirt_instance_module(inst.I) == m);
  CHECK(headerOf(inst.I)->host_data == &hostData);
  CHECK((reinterpret_cast<uintptr_t>(inst.I) & 15) == 0);

  wasirt_value v[2];
  v[0].i32 = 40;
  v[1].i32 = 2;
  wasirt_error err;
  REQUIRE(wasirt_call(inst.I, "add", v, 2, 1, &err) == WASIRT_OK);
  CHECK(v[0].i32 == 42);
  CHECK(err.status == WASIRT_OK);

  REQUIRE(wasirt_call(inst.I, "get", v, 0, 1, &err) == WASIRT_OK);
  CHECK(v[0].i32 == 42);

  wasirt_extern ext;
  REQUIRE(wasirt_instance_export(inst.I, "g", &ext) == WASIRT_OK);
  CHECK(ext.kind == WASIRT_EXTERN_GLOBAL);
  CHECK(ext.u.global.valtype == WASIRT_I32);
  CHECK(ext.u.global.mutable_ == 1);
  CHECK(ext.u.global.cell == globalSlot(inst.I, 0));
  static_cast<wasirt_value *>(ext.u.global.cell)->i32 = 5;
  REQUIRE(wasirt_call(inst.I, "get", v, 0, 1, &err) == WASIRT_OK);
  CHECK(v[0].i32 == 5);

  REQUIRE(wasirt_instance_export(inst.I, "add", &ext) == WASIRT_OK);
  CHECK(ext.kind == WASIRT_EXTERN_FUNC);
  CHECK(ext.u.func.code == (void *)add);
  CHECK(ext.u.func.ctx == inst.I);
  CHECK(ext.u.func.type_id == wasirt_intern_type(m->types[tAdd].params, 2,
                                                 m->types[tAdd].results, 1));
  CHECK(wasirt_instance_export(inst.I, "nope", &ext) == WASIRT_ERR_NOT_FOUND);
  CHECK(wasirt_instance_export(inst.I, "ad", &ext) == WASIRT_ERR_NOT_FOUND);
  CHECK(wasirt_instance_export(inst.I, "addd", &ext) == WASIRT_ERR_NOT_FOUND);

  // wasirt_call_funcref checks the type it is given.
  v[0].i32 = 1;
  v[1].i32 = 2;
  REQUIRE(wasirt_call_funcref(&ext.u.func, &m->types[tAdd], v, &err) ==
          WASIRT_OK);
  CHECK(v[0].i32 == 3);
  CHECK(wasirt_call_funcref(&ext.u.func, &m->types[tGet], v, &err) ==
        WASIRT_ERR_ARGS);
}

TEST_CASE("export names may contain NUL bytes", "[runtime][instance]") {
  ModuleBuilder b;
  uint32_t g0 = b.global(I32, false);
  uint32_t g1 = b.global(I32, false);
  b.exportAs("a", 1, WASIRT_EXTERN_GLOBAL, g0);
  b.exportAs("a\0b", 3, WASIRT_EXTERN_GLOBAL, g1);
  Instance inst(b.build());
  REQUIRE(inst.Status == WASIRT_OK);
  wasirt_extern ext;
  REQUIRE(wasirt_instance_export(inst.I, "a", &ext) == WASIRT_OK);
  CHECK(ext.u.global.cell == globalSlot(inst.I, g0));
  REQUIRE(wasirt_instance_export_n(inst.I, "a\0b", 3, &ext) == WASIRT_OK);
  CHECK(ext.u.global.cell == globalSlot(inst.I, g1));
  CHECK(wasirt_instance_export_n(inst.I, "a\0c", 3, &ext) ==
        WASIRT_ERR_NOT_FOUND);
}

TEST_CASE("wasirt_call argument errors", "[runtime][instance]") {
  ModuleBuilder b;
  uint32_t tAdd = b.type({I32, I32}, {I32}, trampI32I32ToI32);
  b.exportAs("add", WASIRT_EXTERN_FUNC, b.func((void *)add, tAdd));
  b.exportAs("g", WASIRT_EXTERN_GLOBAL, b.global(I32, false));
  Instance inst(b.build());
  REQUIRE(inst.Status == WASIRT_OK);
  wasirt_value v[2] = {};
  wasirt_error err;
  CHECK(wasirt_call(inst.I, "missing", v, 0, 0, &err) == WASIRT_ERR_NOT_FOUND);
  CHECK(err.status == WASIRT_ERR_NOT_FOUND);
  CHECK(std::string(err.message).find("missing") != std::string::npos);
  CHECK(wasirt_call(inst.I, "g", v, 0, 0, &err) == WASIRT_ERR_ARGS);
  CHECK(wasirt_call(inst.I, "add", v, 1, 1, &err) == WASIRT_ERR_ARGS);
  CHECK(wasirt_call(inst.I, "add", v, 2, 0, &err) == WASIRT_ERR_ARGS);
  CHECK(wasirt_call(inst.I, "add", v, 2, 1, &err) == WASIRT_OK);
}

TEST_CASE("descriptor from another ABI version is refused",
          "[runtime][instance]") {
  ModuleBuilder b;
  b.build();
  b.M.abi_version = WASIRT_ABI_VERSION + 1;
  wasirt_instance *inst = reinterpret_cast<wasirt_instance *>(1);
  wasirt_error err;
  CHECK(wasirt_instantiate(&b.M, nullptr, &inst, &err) == WASIRT_ERR_ABI);
  CHECK(inst == nullptr);
  CHECK(err.status == WASIRT_ERR_ABI);
}

TEST_CASE("a trap in a call is reported and the instance stays usable",
          "[runtime][instance][trap]") {
  ModuleBuilder b;
  uint32_t tVoid = b.type({}, {}, trampVoid);
  uint32_t tAdd = b.type({I32, I32}, {I32}, trampI32I32ToI32);
  b.exportAs("boom", WASIRT_EXTERN_FUNC,
             b.func((void *)trapUnreachable, tVoid));
  b.exportAs("add", WASIRT_EXTERN_FUNC, b.func((void *)add, tAdd));
  Instance inst(b.build());
  REQUIRE(inst.Status == WASIRT_OK);
  wasirt_value v[2] = {};
  wasirt_error err;
  CHECK(wasirt_call(inst.I, "boom", v, 0, 0, &err) == WASIRT_ERR_TRAP);
  CHECK(err.status == WASIRT_ERR_TRAP);
  CHECK(err.trap == WASIRT_TRAP_UNREACHABLE);
  CHECK(std::string(err.message) == "unreachable");
  v[0].i32 = 3;
  v[1].i32 = 4;
  REQUIRE(wasirt_call(inst.I, "add", v, 2, 1, &err) == WASIRT_OK);
  CHECK(v[0].i32 == 7);
}

TEST_CASE("start function runs after init", "[runtime][instance]") {
  ModuleBuilder b;
  uint32_t tVoid = b.type({}, {}, trampVoid);
  uint32_t tGet = b.type({}, {I32}, trampToI32);
  b.global(I32, true);
  b.start(b.func((void *)startIncrementsGlobal0, tVoid));
  b.exportAs("get", WASIRT_EXTERN_FUNC, b.func((void *)getGlobal0, tGet));
  b.init(initGlobal0To42);
  Instance inst(b.build());
  REQUIRE(inst.Status == WASIRT_OK);
  wasirt_value v[1];
  REQUIRE(wasirt_call(inst.I, "get", v, 0, 1, nullptr) == WASIRT_OK);
  CHECK(v[0].i32 == 43);
}

TEST_CASE("a trapping start function makes the module uninstantiable",
          "[runtime][instance][trap]") {
  ModuleBuilder b;
  uint32_t tVoid = b.type({}, {}, trampVoid);
  b.start(b.func((void *)trapUnreachable, tVoid));
  Instance inst(b.build());
  CHECK(inst.Status == WASIRT_ERR_TRAP);
  CHECK(inst.I == nullptr);
  CHECK(inst.Err.trap == WASIRT_TRAP_UNREACHABLE);
  CHECK(std::string(inst.Err.message) == "uninstantiable: unreachable");
}

TEST_CASE("function types are interned process-wide", "[runtime][types]") {
  const uint8_t ii[] = {WASIRT_I32, WASIRT_I32};
  const uint8_t i[] = {WASIRT_I32};
  const uint8_t f[] = {WASIRT_F64};
  uint64_t a = wasirt_intern_type(ii, 2, i, 1);
  uint64_t a2 = wasirt_intern_type(ii, 2, i, 1);
  uint64_t b = wasirt_intern_type(i, 1, ii, 2);  // params/results swapped
  uint64_t c = wasirt_intern_type(ii, 2, f, 1);  // different result
  uint64_t d = wasirt_intern_type(ii, 1, ii, 2); // [i32] -> [i32 i32] == b
  uint64_t e = wasirt_intern_type(nullptr, 0, nullptr, 0);
  CHECK(a != 0);
  CHECK(e != 0);
  CHECK(a == a2);
  CHECK(a != b);
  CHECK(a != c);
  CHECK(b == d);
  CHECK(e != a);
  CHECK(e == wasirt_intern_type(nullptr, 0, nullptr, 0));

  // Many distinct signatures (forces the table to grow), from several
  // threads at once: equal signatures still get equal ids.
  constexpr int N = 300;
  std::vector<uint64_t> ids[4];
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &ids] {
      for (int k = 0; k < N; ++k) {
        uint8_t params[3] = {WASIRT_I64, (uint8_t)(k & 0xff),
                             (uint8_t)(k >> 8)};
        ids[t].push_back(wasirt_intern_type(params, 3, nullptr, 0));
      }
    });
  }
  for (auto &th : threads)
    th.join();
  for (int t = 1; t < 4; ++t)
    CHECK(ids[t] == ids[0]);
  std::vector<uint64_t> sorted = ids[0];
  std::sort(sorted.begin(), sorted.end());
  CHECK(std::unique(sorted.begin(), sorted.end()) == sorted.end());
}

//===------------------------------ imports
//--------------------------------===//

namespace {

// A resolver answering from a small list of named externs.
struct Provided {
  const char *Module;
  const char *Name;
  wasirt_extern Ext;
};

struct Resolver {
  std::vector<Provided> List;
  std::vector<std::string> Asked;
  static int resolve(void *user, const char *module, const char *name, uint32_t,
                     wasirt_extern *out) {
    auto *self = static_cast<Resolver *>(user);
    self->Asked.push_back(std::string(module) + "." + name);
    for (auto &p : self->List) {
      if (std::string(p.Module) == module && std::string(p.Name) == name) {
        *out = p.Ext;
        return 1;
      }
    }
    return 0;
  }
  wasirt_config config() {
    wasirt_config cfg{};
    cfg.resolve = resolve;
    cfg.resolve_user = this;
    return cfg;
  }
};

wasirt_extern memoryExtern(wasirt_memory *m) {
  wasirt_extern e{};
  e.kind = WASIRT_EXTERN_MEMORY;
  e.u.memory = m;
  return e;
}

// An instance of a module that imports MEM (as env.m) and nothing else.
struct MemoryImporter {
  ModuleBuilder B;
  Resolver R;
  wasirt_config Cfg;
  std::optional<Instance> Inst;
  explicit MemoryImporter(wasirt_memory *mem) {
    B.importMemory("env", "m", {1, 0, 0, 0});
    R.List.push_back({"env", "m", memoryExtern(mem)});
    Cfg = R.config();
    Inst.emplace(B.build(), &Cfg);
  }
  wasirt_instance *instance() const { return Inst->I; }
};

wasirt_extern tableExtern(wasirt_table *t) {
  wasirt_extern e{};
  e.kind = WASIRT_EXTERN_TABLE;
  e.u.table = t;
  return e;
}

} // namespace

TEST_CASE("function imports: resolver, default symbol, type check",
          "[runtime][instance][imports]") {
  ModuleBuilder b;
  uint32_t tI = b.type({I32}, {I32}, trampI32ToI32);
  uint32_t tGet = b.type({}, {I32}, trampToI32);
  uint32_t fDouble = b.importFunc("host", "double", tI, (void *)hostDouble);
  uint32_t fCtx = b.importFunc("host", "ctx", tGet, (void *)hostRecordCtx);
  b.exportAs("double", WASIRT_EXTERN_FUNC, fDouble);
  b.exportAs("ctx", WASIRT_EXTERN_FUNC, fCtx);
  const wasirt_module *m = b.build();

  SECTION("no resolver: default symbols bound with the importing instance") {
    Instance inst(m);
    REQUIRE(inst.Status == WASIRT_OK);
    // Host functions are reached through the type's adapter, whose context
    // holds the C function and the importing instance.
    const wasirt_funcref *f = funcrefOf(inst.I, fCtx);
    const auto *host = static_cast<const wasirt_host_func *>(f->ctx);
    CHECK(f->code == m->imports[1].adapter);
    CHECK(host->code == (void *)hostRecordCtx);
    CHECK(host->ctx == inst.I);
    CHECK(funcrefOf(inst.I, fCtx)->type_id == typeIdOf(inst.I, tGet));
    wasirt_value v[1];
    v[0].i32 = 21;
    REQUIRE(wasirt_call(inst.I, "double", v, 1, 1, nullptr) == WASIRT_OK);
    CHECK(v[0].i32 == 42);
    REQUIRE(wasirt_call(inst.I, "ctx", v, 0, 1, nullptr) == WASIRT_OK);
    CHECK(lastHostCtx == inst.I);
  }

  SECTION("resolver wins, asked in import order") {
    int myCtx = 0;
    Resolver r;
    wasirt_extern e{};
    e.kind = WASIRT_EXTERN_FUNC;
    e.u.func.code = (void *)hostRecordCtx;
    e.u.func.ctx = &myCtx;
    e.u.func.type_id =
        wasirt_intern_type(nullptr, 0, m->types[tGet].results, 1);
    r.List.push_back({"host", "ctx", e});
    wasirt_config cfg = r.config();
    Instance inst(m, &cfg);
    REQUIRE(inst.Status == WASIRT_OK);
    CHECK(r.Asked == std::vector<std::string>{"host.double", "host.ctx"});
    wasirt_value v[1];
    REQUIRE(wasirt_call(inst.I, "ctx", v, 0, 1, nullptr) == WASIRT_OK);
    CHECK(lastHostCtx == &myCtx);
  }

  SECTION("resolver with the wrong signature is incompatible") {
    Resolver r;
    wasirt_extern e{};
    e.kind = WASIRT_EXTERN_FUNC;
    e.u.func.code = (void *)hostRecordCtx;
    e.u.func.type_id = wasirt_intern_type(nullptr, 0, nullptr, 0);
    r.List.push_back({"host", "ctx", e});
    wasirt_config cfg = r.config();
    Instance inst(m, &cfg);
    CHECK(inst.Status == WASIRT_ERR_LINK);
    CHECK(inst.I == nullptr);
    CHECK(std::string(inst.Err.message) ==
          "incompatible import type: host.ctx");
  }

  SECTION("resolver providing another kind is incompatible") {
    Resolver r;
    wasirt_memory *mem = wasirt_memory_new(1, 1, WASIRT_LIMITS_HAS_MAX);
    r.List.push_back({"host", "double", memoryExtern(mem)});
    wasirt_config cfg = r.config();
    Instance inst(m, &cfg);
    CHECK(inst.Status == WASIRT_ERR_LINK);
    CHECK(std::string(inst.Err.message) ==
          "incompatible import type: host.double");
    wasirt_memory_free(mem);
  }
}

TEST_CASE("wasirt_instantiate_like binds the model's imports",
          "[runtime][instance][imports]") {
  ModuleBuilder b;
  uint32_t tI = b.type({I32}, {I32}, trampI32ToI32);
  uint32_t tGet = b.type({}, {I32}, trampToI32);
  uint32_t fDouble = b.importFunc("host", "double", tI, (void *)hostDouble);
  uint32_t fCtx = b.importFunc("host", "ctx", tGet, (void *)hostRecordCtx);
  b.importMemory("env", "m", {1, 0, 0, 0});
  b.importTable("env", "t", {0, 0, 0, WASIRT_FUNCREF});
  b.importGlobal("env", "g", I32, true);
  b.importTag("env", "e", tI);
  b.exportAs("double", WASIRT_EXTERN_FUNC, fDouble);
  b.exportAs("ctx", WASIRT_EXTERN_FUNC, fCtx);
  const wasirt_module *m = b.build();

  int myCtx = 0;
  uint64_t tagCell =
      wasirt_intern_type(m->types[tI].params, 1, m->types[tI].results, 1);
  wasirt_value cell{};
  wasirt_memory *mem = wasirt_memory_new(1, 0, 0);
  wasirt_table *table = wasirt_table_new(WASIRT_FUNCREF, 1, 0, 0);
  Resolver r;
  wasirt_extern host{};
  host.kind = WASIRT_EXTERN_FUNC;
  host.u.func.code = (void *)hostRecordCtx;
  host.u.func.ctx = &myCtx;
  host.u.func.type_id =
      wasirt_intern_type(nullptr, 0, m->types[tGet].results, 1);
  wasirt_extern global{};
  global.kind = WASIRT_EXTERN_GLOBAL;
  global.u.global.cell = &cell;
  global.u.global.valtype = I32;
  global.u.global.mutable_ = 1;
  r.List.push_back({"host", "ctx", host});
  r.List.push_back({"env", "m", memoryExtern(mem)});
  r.List.push_back({"env", "t", tableExtern(table)});
  r.List.push_back({"env", "g", global});
  wasirt_extern tag{};
  tag.kind = WASIRT_EXTERN_TAG;
  tag.u.tag = &tagCell;
  r.List.push_back({"env", "e", tag});
  wasirt_config cfg = r.config();
  int hostData = 0;
  cfg.host_data = &hostData;
  cfg.wasi = &myCtx; // only copied, never used by these functions
  Instance model(m, &cfg);
  REQUIRE(model.Status == WASIRT_OK);
  r.Asked.clear();

  wasirt_instance *like = nullptr;
  wasirt_error err;
  REQUIRE(wasirt_instantiate_like(model.I, &like, &err) == WASIRT_OK);
  CHECK(r.Asked.empty()); // the model's bindings, not the resolver
  CHECK(headerOf(like)->host_data == &hostData);
  CHECK(headerOf(like)->wasi == &myCtx);
  CHECK(wasirt_instance_memory(like, 0) == mem);
  CHECK(tableOf(like, 0) == table);
  CHECK(globalCell(like, 0) == &cell);
  void *likeTag;
  std::memcpy(&likeTag, regionOf(like, layoutOf(like).tags), sizeof likeTag);
  CHECK(likeTag == &tagCell);
  // The resolver's host function keeps its context; the default-bound one
  // gets the new instance as its own.
  wasirt_value v[1];
  REQUIRE(wasirt_call(like, "ctx", v, 0, 1, nullptr) == WASIRT_OK);
  CHECK(lastHostCtx == &myCtx);
  const auto *dbl =
      static_cast<const wasirt_host_func *>(funcrefOf(like, fDouble)->ctx);
  CHECK(dbl->code == (void *)hostDouble);
  CHECK(dbl->ctx == like);
  v[0].i32 = 4;
  REQUIRE(wasirt_call(like, "double", v, 1, 1, nullptr) == WASIRT_OK);
  CHECK(v[0].i32 == 8);
  // A copy of the copy, used after the copy is gone (a spawned thread
  // spawning another): it holds nothing of its model.
  wasirt_instance *again = nullptr;
  REQUIRE(wasirt_instantiate_like(like, &again, &err) == WASIRT_OK);
  wasirt_instance_free(like);
  CHECK(wasirt_instance_memory(again, 0) == mem);
  REQUIRE(wasirt_call(again, "ctx", v, 0, 1, nullptr) == WASIRT_OK);
  CHECK(lastHostCtx == &myCtx);
  v[0].i32 = 5;
  REQUIRE(wasirt_call(again, "double", v, 1, 1, nullptr) == WASIRT_OK);
  CHECK(v[0].i32 == 10);
  CHECK(static_cast<const wasirt_host_func *>(funcrefOf(again, fDouble)->ctx)
            ->ctx == again);
  wasirt_instance_free(again);
  // The new instance held its own references: the model still works.
  CHECK(wasirt_instance_memory(model.I, 0) == mem);
  CHECK(wasirt_memory_grow(model.I, 0, 1) == 1);
  wasirt_table_free(table);
  wasirt_memory_free(mem);
}

namespace {
int32_t fakeArgsSizesGet(void *, int32_t, int32_t) { return 0; }
} // namespace

TEST_CASE("default-bound WASI imports are type-checked",
          "[runtime][instance][imports]") {
  auto link = [](std::vector<uint8_t> params, std::vector<uint8_t> results,
                 const char *name) {
    ModuleBuilder b;
    uint32_t t = b.type(std::move(params), std::move(results), trampVoid);
    b.importFunc("wasi_snapshot_preview1", name, t, (void *)fakeArgsSizesGet);
    Instance inst(b.build());
    return std::make_pair(inst.Status, std::string(inst.Err.message));
  };
  CHECK(link({I32, I32}, {I32}, "args_sizes_get").first == WASIRT_OK);
  auto bad = link({I32}, {I32}, "args_sizes_get");
  CHECK(bad.first == WASIRT_ERR_LINK);
  CHECK(bad.second ==
        "incompatible import type: wasi_snapshot_preview1.args_sizes_get");
  CHECK(link({I32, I32}, {}, "args_sizes_get").first == WASIRT_ERR_LINK);
  CHECK(link({I64, I32}, {I32}, "args_sizes_get").first == WASIRT_ERR_LINK);
}

TEST_CASE("unresolved imports are unknown", "[runtime][instance][imports]") {
  SECTION("function without a linked host symbol") {
    ModuleBuilder b;
    uint32_t t = b.type({}, {}, trampVoid);
    b.importFunc("env", "missing", t, nullptr);
    Instance inst(b.build());
    CHECK(inst.Status == WASIRT_ERR_LINK);
    CHECK(std::string(inst.Err.message) == "unknown import: env.missing");
  }
  SECTION("memory") {
    ModuleBuilder b;
    b.importMemory("env", "mem", {1, 0, 0, 0});
    Instance inst(b.build());
    CHECK(inst.Status == WASIRT_ERR_LINK);
    CHECK(std::string(inst.Err.message) == "unknown import: env.mem");
  }
  SECTION("global") {
    ModuleBuilder b;
    b.importGlobal("env", "g", I32, false);
    Instance inst(b.build());
    CHECK(inst.Status == WASIRT_ERR_LINK);
    CHECK(std::string(inst.Err.message) == "unknown import: env.g");
  }
}

TEST_CASE("a resolver may refuse a function that has a host symbol",
          "[runtime][instance][imports]") {
  ModuleBuilder b;
  uint32_t t = b.type({I32}, {I32}, trampI32ToI32);
  b.importFunc("host", "double", t, (void *)hostDouble);
  const wasirt_module *m = b.build();
  auto refuse = [](void *, const char *, const char *, uint32_t,
                   wasirt_extern *) { return -1; };
  wasirt_config cfg{};
  cfg.resolve = refuse;
  Instance inst(m, &cfg);
  CHECK(inst.Status == WASIRT_ERR_LINK);
  CHECK(std::string(inst.Err.message) == "unknown import: host.double");
}

TEST_CASE("table import matching", "[runtime][instance][imports]") {
  // The provided table: funcref, size 10, max 20.
  wasirt_table *t =
      wasirt_table_new(WASIRT_FUNCREF, 10, 20, WASIRT_LIMITS_HAS_MAX);
  REQUIRE(t);
  wasirt_table *noMax = wasirt_table_new(WASIRT_FUNCREF, 10, 0, 0);
  REQUIRE(noMax);
  auto link = [](wasirt_table *provided, wasirt_tabletype want) {
    ModuleBuilder b;
    b.importTable("env", "t", want);
    Resolver r;
    r.List.push_back({"env", "t", tableExtern(provided)});
    wasirt_config cfg = r.config();
    Instance inst(b.build(), &cfg);
    return inst.Status;
  };
  const uint32_t HM = WASIRT_LIMITS_HAS_MAX;
  CHECK(link(t, {10, 0, 0, WASIRT_FUNCREF}) == WASIRT_OK);
  CHECK(link(t, {5, 20, HM, WASIRT_FUNCREF}) == WASIRT_OK);
  CHECK(link(t, {10, 30, HM, WASIRT_FUNCREF}) == WASIRT_OK);
  CHECK(link(t, {11, 0, 0, WASIRT_FUNCREF}) == WASIRT_ERR_LINK);  // min
  CHECK(link(t, {0, 19, HM, WASIRT_FUNCREF}) == WASIRT_ERR_LINK); // max
  CHECK(link(noMax, {0, 100, HM, WASIRT_FUNCREF}) == WASIRT_ERR_LINK);
  CHECK(link(noMax, {0, 0, 0, WASIRT_FUNCREF}) == WASIRT_OK);
  CHECK(link(t, {0, 0, 0, WASIRT_EXTERNREF}) == WASIRT_ERR_LINK); // type
  CHECK(link(t, {0, 0, WASIRT_LIMITS_64, WASIRT_FUNCREF}) ==
        WASIRT_ERR_LINK); // index type

  // The current size counts, not the initial one.
  CHECK(link(t, {12, 0, 0, WASIRT_FUNCREF}) == WASIRT_ERR_LINK);
  wasirt_table_free(t);
  t = wasirt_table_new(WASIRT_FUNCREF, 12, 20, HM);
  CHECK(link(t, {12, 0, 0, WASIRT_FUNCREF}) == WASIRT_OK);
  wasirt_table_free(t);
  wasirt_table_free(noMax);
}

TEST_CASE("memory import matching", "[runtime][instance][imports]") {
  const uint32_t HM = WASIRT_LIMITS_HAS_MAX;
  wasirt_memory *m = wasirt_memory_new(2, 4, HM);
  wasirt_memory *shared = wasirt_memory_new(2, 4, HM | WASIRT_LIMITS_SHARED);
  wasirt_memory *noMax = wasirt_memory_new(2, 0, 0);
  wasirt_memory *m64 = wasirt_memory_new(2, 4, HM | WASIRT_LIMITS_64);
  REQUIRE(m);
  REQUIRE(shared);
  REQUIRE(noMax);
  REQUIRE(m64);
  auto link = [](wasirt_memory *provided, wasirt_memtype want) {
    ModuleBuilder b;
    b.importMemory("env", "m", want);
    Resolver r;
    r.List.push_back({"env", "m", memoryExtern(provided)});
    wasirt_config cfg = r.config();
    Instance inst(b.build(), &cfg);
    return inst.Status;
  };
  CHECK(link(m, {2, 0, 0, 0}) == WASIRT_OK);
  CHECK(link(m, {1, 4, HM, 0}) == WASIRT_OK);
  CHECK(link(m, {3, 0, 0, 0}) == WASIRT_ERR_LINK);      // min
  CHECK(link(m, {1, 3, HM, 0}) == WASIRT_ERR_LINK);     // max too large
  CHECK(link(noMax, {1, 4, HM, 0}) == WASIRT_ERR_LINK); // no max
  CHECK(link(noMax, {1, 0, 0, 0}) == WASIRT_OK);
  CHECK(link(m, {1, 4, HM | WASIRT_LIMITS_SHARED, 0}) == WASIRT_ERR_LINK);
  CHECK(link(shared, {1, 4, HM, 0}) == WASIRT_ERR_LINK); // shared flag
  CHECK(link(shared, {1, 4, HM | WASIRT_LIMITS_SHARED, 0}) == WASIRT_OK);
  CHECK(link(m64, {1, 4, HM, 0}) == WASIRT_ERR_LINK); // index type
  CHECK(link(m64, {1, 4, HM | WASIRT_LIMITS_64, 0}) == WASIRT_OK);

  // Grown memories match by their current size.
  MemoryImporter user(m);
  REQUIRE(user.Inst->Status == WASIRT_OK);
  CHECK(link(m, {3, 0, 0, 0}) == WASIRT_ERR_LINK);
  CHECK(wasirt_memory_grow(user.instance(), 0, 1) == 2);
  CHECK(link(m, {3, 0, 0, 0}) == WASIRT_OK);

  wasirt_memory_free(m);
  wasirt_memory_free(shared);
  wasirt_memory_free(noMax);
  wasirt_memory_free(m64);
}

TEST_CASE("global import matching and access", "[runtime][instance][imports]") {
  wasirt_value cell{};
  cell.i32 = 1234;
  auto globalExtern = [&cell](uint8_t valtype, bool mut) {
    wasirt_extern e{};
    e.kind = WASIRT_EXTERN_GLOBAL;
    e.u.global.cell = &cell;
    e.u.global.valtype = valtype;
    e.u.global.mutable_ = mut;
    return e;
  };
  auto link = [&](wasirt_extern provided, uint8_t valtype, bool mut) {
    ModuleBuilder b;
    b.importGlobal("env", "g", valtype, mut);
    Resolver r;
    r.List.push_back({"env", "g", provided});
    wasirt_config cfg = r.config();
    Instance inst(b.build(), &cfg);
    return inst.Status;
  };
  CHECK(link(globalExtern(I32, false), I32, false) == WASIRT_OK);
  CHECK(link(globalExtern(I32, true), I32, true) == WASIRT_OK);
  CHECK(link(globalExtern(I32, false), I64, false) == WASIRT_ERR_LINK);
  CHECK(link(globalExtern(I32, true), I32, false) == WASIRT_ERR_LINK);
  CHECK(link(globalExtern(I32, false), I32, true) == WASIRT_ERR_LINK);

  // The instance reads and re-exports the provider's cell.
  ModuleBuilder b;
  uint32_t tGet = b.type({}, {I32}, trampToI32);
  uint32_t g = b.importGlobal("env", "g", I32, true);
  b.exportAs("get", WASIRT_EXTERN_FUNC, b.func((void *)getGlobal0, tGet));
  b.exportAs("g", WASIRT_EXTERN_GLOBAL, g);
  Resolver r;
  r.List.push_back({"env", "g", globalExtern(I32, true)});
  wasirt_config cfg = r.config();
  Instance inst(b.build(), &cfg);
  REQUIRE(inst.Status == WASIRT_OK);
  wasirt_value v[1];
  REQUIRE(wasirt_call(inst.I, "get", v, 0, 1, nullptr) == WASIRT_OK);
  CHECK(v[0].i32 == 1234);
  cell.i32 = 99;
  REQUIRE(wasirt_call(inst.I, "get", v, 0, 1, nullptr) == WASIRT_OK);
  CHECK(v[0].i32 == 99);
  wasirt_extern ext;
  REQUIRE(wasirt_instance_export(inst.I, "g", &ext) == WASIRT_OK);
  CHECK(ext.u.global.cell == &cell);
  CHECK(ext.u.global.mutable_ == 1);
}

TEST_CASE("tags: identities carry their type", "[runtime][instance][imports]") {
  ModuleBuilder a;
  uint32_t t = a.type({I32}, {}, trampVoid);
  a.exportAs("e", WASIRT_EXTERN_TAG, a.tag(t));
  Instance provider(a.build());
  REQUIRE(provider.Status == WASIRT_OK);
  wasirt_extern tag;
  REQUIRE(wasirt_instance_export(provider.I, "e", &tag) == WASIRT_OK);
  CHECK(tag.kind == WASIRT_EXTERN_TAG);
  REQUIRE(tag.u.tag != nullptr);

  auto link = [&](std::vector<uint8_t> params) {
    ModuleBuilder b;
    uint32_t tt = b.type(std::move(params), {}, trampVoid);
    b.importTag("env", "e", tt);
    b.exportAs("e", WASIRT_EXTERN_TAG, 0);
    Resolver r;
    r.List.push_back({"env", "e", tag});
    wasirt_config cfg = r.config();
    Instance inst(b.build(), &cfg);
    void *reexported = nullptr;
    wasirt_extern ext;
    if (inst.Status == WASIRT_OK &&
        wasirt_instance_export(inst.I, "e", &ext) == WASIRT_OK)
      reexported = ext.u.tag;
    return std::make_pair(inst.Status, reexported);
  };
  auto ok = link({I32});
  CHECK(ok.first == WASIRT_OK);
  CHECK(ok.second == tag.u.tag);
  CHECK(link({I64}).first == WASIRT_ERR_LINK);
}

TEST_CASE("an exported memory outlives its exporter while imported",
          "[runtime][instance][memory]") {
  ModuleBuilder a;
  a.exportAs("mem", WASIRT_EXTERN_MEMORY,
             a.memory(1, 2, WASIRT_LIMITS_HAS_MAX));
  wasirt_instance *exporter = nullptr;
  REQUIRE(wasirt_instantiate(a.build(), nullptr, &exporter, nullptr) ==
          WASIRT_OK);
  wasirt_extern ext;
  REQUIRE(wasirt_instance_export(exporter, "mem", &ext) == WASIRT_OK);
  REQUIRE(ext.kind == WASIRT_EXTERN_MEMORY);
  wasirt_memory *mem = ext.u.memory;
  CHECK(wasirt_instance_memory(exporter, 0) == mem);
  CHECK(wasirt_instance_memory(exporter, 1) == nullptr);
  mem->base[100] = 77;

  MemoryImporter importer(mem);
  REQUIRE(importer.Inst->Status == WASIRT_OK);
  CHECK(mem->owner_refs == 2);
  // Both instances hold the memory's base where generated code reads it.
  CHECK(memoryBaseOf(exporter, 0) == mem->base);
  CHECK(memoryBaseOf(importer.instance(), 0) == mem->base);

  // The exporter, which defines the memory, has a copy of its size for
  // explicit bounds checks; the importer reads the descriptor.
  CHECK(memorySizeCopyOf(exporter, 0) == WASIRT_PAGE_SIZE);
  CHECK(memorySizeCopyOf(importer.instance(), 0) == 0);

  // Freed, the exporter's block is likely to be handed out again by the
  // next allocation of about its size (the instance's regions, then the
  // runtime's private state): the memory must no longer write its size
  // there.
  size_t exporterBytes = layoutOf(exporter).size;
  wasirt_instance_free(exporter);
  std::vector<std::pair<uint8_t *, size_t>> blocks;
  for (size_t n = exporterBytes; n < exporterBytes + 4096; n += 16) {
    auto *block = static_cast<uint8_t *>(std::malloc(n));
    std::memset(block, 0xa5, n);
    blocks.push_back({block, n});
  }
  wasirt_memory *still = wasirt_instance_memory(importer.instance(), 0);
  REQUIRE(still == mem);
  CHECK(still->owner_refs == 1);
  CHECK(still->base[100] == 77);
  still->base[65535] = 1;
  CHECK(wasirt_memory_grow(importer.instance(), 0, 1) == 1);
  CHECK(still->size == 2 * WASIRT_PAGE_SIZE);
  for (auto [block, n] : blocks) {
    CHECK(std::count(block, block + n, 0xa5) == static_cast<long>(n));
    std::free(block);
  }
}

TEST_CASE("a defined memory's size copy follows every growth",
          "[runtime][instance][memory]") {
  ModuleBuilder a;
  a.exportAs("mem", WASIRT_EXTERN_MEMORY,
             a.memory(1, 4, WASIRT_LIMITS_HAS_MAX));
  a.memory(2, 2, WASIRT_LIMITS_HAS_MAX | WASIRT_LIMITS_SHARED);
  Instance exporter(a.build());
  REQUIRE(exporter.Status == WASIRT_OK);
  CHECK(memorySizeCopyOf(exporter.I, 0) == WASIRT_PAGE_SIZE);
  CHECK(memorySizeCopyOf(exporter.I, 1) == 0); // shared: the descriptor
  CHECK(wasirt_memory_grow(exporter.I, 0, 1) == 1);
  CHECK(memorySizeCopyOf(exporter.I, 0) == 2 * WASIRT_PAGE_SIZE);
  // A failed growth leaves it as it was.
  CHECK(wasirt_memory_grow(exporter.I, 0, 3) == UINT64_MAX);
  CHECK(memorySizeCopyOf(exporter.I, 0) == 2 * WASIRT_PAGE_SIZE);

  // Grown through another instance that imports it.
  wasirt_memory *mem = wasirt_instance_memory(exporter.I, 0);
  MemoryImporter importer(mem);
  REQUIRE(importer.Inst->Status == WASIRT_OK);
  CHECK(wasirt_memory_grow(importer.instance(), 0, 1) == 2);
  CHECK(memorySizeCopyOf(exporter.I, 0) == 3 * WASIRT_PAGE_SIZE);
  CHECK(memorySizeCopyOf(exporter.I, 0) == mem->size);
}

//===----------------------- element segments, init
//------------------------===//

namespace {

// As the generated init: globals, element items, active segments, data.
void initWithSegments(void *inst) {
  globalCell(inst, 0)->ref = funcrefOf(inst, 1);
  wasirt_elems_evaluate(inst);
  wasirt_table_init(inst, 0, 0, 2, 0, 3);
  wasirt_elem_drop(inst, 0);
}

int32_t constSeven(void *) { return 7; }
int32_t constEight(void *) { return 8; }

// call_indirect as generated code does it, for the test.
int32_t callIndirect(void *inst, int32_t index) {
  wasirt_table *t = tableOf(inst, 0);
  if ((uint64_t)(uint32_t)index >= t->size)
    wasirt_trap(inst, WASIRT_TRAP_UNDEFINED_ELEMENT);
  auto *f = static_cast<wasirt_funcref *>(t->elems[index]);
  if (!f)
    wasirt_trap(inst, WASIRT_TRAP_UNINITIALIZED_ELEMENT);
  if (f->type_id != typeIdOf(inst, 0))
    wasirt_trap(inst, WASIRT_TRAP_INDIRECT_CALL_TYPE_MISMATCH);
  return reinterpret_cast<int32_t (*)(void *)>((void *)f->code)(f->ctx);
}

} // namespace

TEST_CASE("element segments are evaluated and applied",
          "[runtime][instance][table]") {
  ModuleBuilder b;
  uint32_t tGet = b.type({}, {I32}, trampToI32);
  uint32_t tCall = b.type({I32}, {I32}, trampI32ToI32);
  uint32_t f7 = b.func((void *)constSeven, tGet);
  uint32_t f8 = b.func((void *)constEight, tGet);
  b.exportAs("call", WASIRT_EXTERN_FUNC, b.func((void *)callIndirect, tCall));
  b.global(FUNCREF, false); // initialised to ref.func f8
  b.table(FUNCREF, 6, 0, 0);
  b.exportAs("tab", WASIRT_EXTERN_TABLE, 0);
  // Active segment at 2: f7, null, global 0.
  b.elem(
      {{WASIRT_ELEM_FUNC, f7}, {WASIRT_ELEM_NULL, 0}, {WASIRT_ELEM_GLOBAL, 0}},
      FUNCREF);
  // Passive segment: f8, f7.
  b.elem({{WASIRT_ELEM_FUNC, f8}, {WASIRT_ELEM_FUNC, f7}}, FUNCREF);
  b.init(initWithSegments);
  (void)f8;
  Instance inst(b.build());
  REQUIRE(inst.Status == WASIRT_OK);

  wasirt_table *t = tableOf(inst.I, 0);
  CHECK(t->elems[0] == nullptr);
  CHECK(t->elems[2] == funcrefOf(inst.I, f7));
  CHECK(t->elems[3] == nullptr);
  CHECK(t->elems[4] == funcrefOf(inst.I, f8));
  CHECK(elemOf(inst.I, 0).count == 0); // dropped by init
  CHECK(elemOf(inst.I, 0).items == nullptr);
  REQUIRE(elemOf(inst.I, 1).count == 2);
  CHECK(elemOf(inst.I, 1).items[0] == funcrefOf(inst.I, f8));

  wasirt_value v[1];
  wasirt_error err;
  v[0].i32 = 2;
  REQUIRE(wasirt_call(inst.I, "call", v, 1, 1, &err) == WASIRT_OK);
  CHECK(v[0].i32 == 7);
  v[0].i32 = 4;
  REQUIRE(wasirt_call(inst.I, "call", v, 1, 1, &err) == WASIRT_OK);
  CHECK(v[0].i32 == 8);
  v[0].i32 = 3;
  CHECK(wasirt_call(inst.I, "call", v, 1, 1, &err) == WASIRT_ERR_TRAP);
  CHECK(err.trap == WASIRT_TRAP_UNINITIALIZED_ELEMENT);
  v[0].i32 = 6;
  CHECK(wasirt_call(inst.I, "call", v, 1, 1, &err) == WASIRT_ERR_TRAP);
  CHECK(err.trap == WASIRT_TRAP_UNDEFINED_ELEMENT);

  wasirt_extern ext;
  REQUIRE(wasirt_instance_export(inst.I, "tab", &ext) == WASIRT_OK);
  CHECK(ext.kind == WASIRT_EXTERN_TABLE);
  CHECK(ext.u.table == t);
}

namespace {

void initWritesImportedTableThenTraps(void *inst) {
  wasirt_elems_evaluate(inst);
  wasirt_table_init(inst, 0, 0, 7, 0, 1);
  wasirt_elem_drop(inst, 0);
  wasirt_memory_init(inst, 0, 0, 0x10000, 0, 1); // out of bounds
}

} // namespace

TEST_CASE("effects of a trapping init on imported tables persist",
          "[runtime][instance][trap]") {
  wasirt_table *t = wasirt_table_new(WASIRT_FUNCREF, 10, 0, 0);
  REQUIRE(t);
  ModuleBuilder b;
  uint32_t tGet = b.type({}, {I32}, trampToI32);
  b.importTable("Mt", "tab", {10, 0, 0, WASIRT_FUNCREF});
  uint32_t f7 = b.func((void *)constSeven, tGet);
  b.elem({{WASIRT_ELEM_FUNC, f7}}, FUNCREF);
  b.memory(1, 0, 0);
  b.data("d", 1);
  b.init(initWritesImportedTableThenTraps);
  Resolver r;
  r.List.push_back({"Mt", "tab", tableExtern(t)});
  wasirt_config cfg = r.config();
  wasirt_instance *inst = nullptr;
  wasirt_error err;
  REQUIRE(wasirt_instantiate(b.build(), &cfg, &inst, &err) == WASIRT_ERR_TRAP);
  // Its function is in the imported table: the failed instance is alive,
  // and the embedder gets it to free when the table no longer needs it.
  REQUIRE(inst != nullptr);
  CHECK(err.trap == WASIRT_TRAP_MEMORY_OOB);
  CHECK(std::string(err.message) ==
        "uninstantiable: out of bounds memory access");

  // The function stored before the trap is still callable.
  auto *f = static_cast<wasirt_funcref *>(t->elems[7]);
  REQUIRE(f != nullptr);
  wasirt_value v[1];
  REQUIRE(wasirt_call_funcref(f, &b.M.types[tGet], v, &err) == WASIRT_OK);
  CHECK(v[0].i32 == 7);
  wasirt_instance_free(inst);
  wasirt_table_free(t);
}

//===---------------------------- stack limit
//------------------------------===//

TEST_CASE("the stack limit lies in the current thread's stack",
          "[runtime][instance][stack]") {
  ModuleBuilder b;
  uint32_t tGet = b.type({}, {I32}, trampToI32);
  b.exportAs("get", WASIRT_EXTERN_FUNC, b.func((void *)constSeven, tGet));
  Instance inst(b.build());
  REQUIRE(inst.Status == WASIRT_OK);
  // Below the caller's frame, with room for a deep wasm stack, but not
  // absurdly far.
  auto plausible = [](uintptr_t limit, uintptr_t sp) {
    return limit < sp && sp - limit > 64 * 1024 &&
           sp - limit < ((uintptr_t)1 << 32);
  };
  // The frame address, not a local's: sanitizers may move locals.
  uintptr_t mainLimit = headerOf(inst.I)->stack_limit;
  CHECK(plausible(mainLimit, (uintptr_t)__builtin_frame_address(0)));

  // An outermost call from another thread sets that thread's limit.
  uintptr_t threadLimit = 0, threadSp = 0;
  std::thread th([&] {
    wasirt_value v[1];
    wasirt_call(inst.I, "get", v, 0, 1, nullptr);
    threadLimit = headerOf(inst.I)->stack_limit;
    threadSp = (uintptr_t)__builtin_frame_address(0);
  });
  th.join();
  CHECK(plausible(threadLimit, threadSp));
  CHECK(threadLimit != mainLimit);
  wasirt_value v[1];
  REQUIRE(wasirt_call(inst.I, "get", v, 0, 1, nullptr) == WASIRT_OK);
  CHECK(headerOf(inst.I)->stack_limit == mainLimit);
}
