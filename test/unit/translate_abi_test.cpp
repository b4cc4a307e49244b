//===- translate_abi_test.cpp - the translator's view of the ABI ----------===//
//
// The translator writes the module descriptor as LLVM constants whose struct
// types mirror abi.h; here their layout under the host's data layout is
// compared with the C compiler's offsetof for every field. The runtime-call
// types built from runtime_calls.def are compared with the types of the
// runtime's own declarations.
//
//===----------------------------------------------------------------------===//

#include "ModuleTranslator.h"
#include "RuntimeCalls.h"
#include "wasm2obj/wasirt.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

#include <catch2/catch.hpp>

extern "C" {
#define W2O_TEST_ATTR_none
#define W2O_TEST_ATTR_noreturn [[noreturn]]
#define W2O_TEST_ATTR_throws [[noreturn]]
#define W2O_TEST_ATTR_pure
#define WASIRT_CALL(NAME, ATTR, RESULT, ...)                                   \
  W2O_TEST_ATTR_##ATTR RESULT NAME(__VA_ARGS__);
#include "wasm2obj/runtime_calls.def"
#undef WASIRT_CALL
}

using namespace w2o;
using namespace llvm;

namespace {

const DataLayout &hostLayout() {
  static std::unique_ptr<TargetMachine> TM = [] {
    initializeLLVMTargets();
    std::string Err;
    std::string Triple = sys::getDefaultTargetTriple();
    const Target *T = TargetRegistry::lookupTarget(Triple, Err);
    return std::unique_ptr<TargetMachine>(T->createTargetMachine(
        Triple, "generic", "", TargetOptions(), std::nullopt));
  }();
  static DataLayout DL = TM->createDataLayout();
  return DL;
}

uint64_t offsetOf(StructType *T, unsigned Field) {
  return hostLayout().getStructLayout(T)->getElementOffset(Field);
}
uint64_t sizeOf(StructType *T) { return hostLayout().getTypeAllocSize(T); }

} // namespace

#define FIELD(LLVMType, Index, CType, Member)                                  \
  CHECK(offsetOf(LLVMType, Index) == offsetof(CType, Member))

TEST_CASE("descriptor struct types mirror abi.h", "[abi]") {
  LLVMContext C;
  DescriptorTypes DT = DescriptorTypes::get(C);
  CHECK(sizeOf(DT.FuncType) == sizeof(wasirt_functype));
  FIELD(DT.FuncType, 1, wasirt_functype, results);
  FIELD(DT.FuncType, 2, wasirt_functype, n_params);
  FIELD(DT.FuncType, 3, wasirt_functype, n_results);
  FIELD(DT.FuncType, 4, wasirt_functype, trampoline);

  CHECK(sizeOf(DT.Import) == sizeof(wasirt_import));
  FIELD(DT.Import, 1, wasirt_import, name);
  FIELD(DT.Import, 2, wasirt_import, kind);
  FIELD(DT.Import, 3, wasirt_import, index);
  FIELD(DT.Import, 4, wasirt_import, type);
  FIELD(DT.Import, 5, wasirt_import, module_len);
  FIELD(DT.Import, 6, wasirt_import, name_len);
  FIELD(DT.Import, 8, wasirt_import, default_code);
  FIELD(DT.Import, 9, wasirt_import, adapter);

  CHECK(sizeOf(DT.Export) == sizeof(wasirt_export));
  FIELD(DT.Export, 1, wasirt_export, kind);
  FIELD(DT.Export, 2, wasirt_export, index);
  FIELD(DT.Export, 3, wasirt_export, name_len);

  CHECK(sizeOf(DT.MemType) == sizeof(wasirt_memtype));
  FIELD(DT.MemType, 1, wasirt_memtype, max_pages);
  FIELD(DT.MemType, 2, wasirt_memtype, flags);
  CHECK(sizeOf(DT.TableType) == sizeof(wasirt_tabletype));
  FIELD(DT.TableType, 2, wasirt_tabletype, flags);
  FIELD(DT.TableType, 3, wasirt_tabletype, elem_type);
  CHECK(sizeOf(DT.GlobalType) == sizeof(wasirt_globaltype));
  FIELD(DT.GlobalType, 1, wasirt_globaltype, mutable_);
  CHECK(sizeOf(DT.FuncDef) == sizeof(wasirt_funcdef));
  FIELD(DT.FuncDef, 1, wasirt_funcdef, type);
  CHECK(sizeOf(DT.DataSegment) == sizeof(wasirt_data_segment));
  FIELD(DT.DataSegment, 1, wasirt_data_segment, length);
  CHECK(sizeOf(DT.ElemSegment) == sizeof(wasirt_elem_segment));
  FIELD(DT.ElemSegment, 1, wasirt_elem_segment, count);
  FIELD(DT.ElemSegment, 2, wasirt_elem_segment, elem_type);
  CHECK(sizeOf(DT.ElemItem) == sizeof(wasirt_elem_item));
  CHECK(sizeOf(DT.TagType) == sizeof(wasirt_tagtype));
  CHECK(sizeOf(DT.Counts) == sizeof(wasirt_counts));

  CHECK(sizeOf(DT.Module) == sizeof(wasirt_module));
  FIELD(DT.Module, 1, wasirt_module, flags);
  FIELD(DT.Module, 2, wasirt_module, name);
  FIELD(DT.Module, 3, wasirt_module, counts);
  FIELD(DT.Module, 4, wasirt_module, n_imported_funcs);
  FIELD(DT.Module, 8, wasirt_module, n_imported_tags);
  FIELD(DT.Module, 9, wasirt_module, n_imports);
  FIELD(DT.Module, 10, wasirt_module, n_exports);
  FIELD(DT.Module, 11, wasirt_module, start_func);
  FIELD(DT.Module, 12, wasirt_module, types);
  FIELD(DT.Module, 13, wasirt_module, imports);
  FIELD(DT.Module, 14, wasirt_module, exports);
  FIELD(DT.Module, 15, wasirt_module, memories);
  FIELD(DT.Module, 16, wasirt_module, tables);
  FIELD(DT.Module, 17, wasirt_module, globals);
  FIELD(DT.Module, 18, wasirt_module, funcs);
  FIELD(DT.Module, 19, wasirt_module, data);
  FIELD(DT.Module, 20, wasirt_module, elems);
  FIELD(DT.Module, 21, wasirt_module, tags);
  FIELD(DT.Module, 22, wasirt_module, init);
  FIELD(DT.Module, 23, wasirt_module, wasi_grants);
}

TEST_CASE("runtime call types agree with the runtime's declarations", "[abi]") {
  LLVMContext C;
#define WASIRT_CALL(NAME, ATTR, RESULT, ...)                                   \
  {                                                                            \
    INFO(#NAME);                                                               \
    CHECK(runtimeCallInfo(RuntimeCall::NAME).Type(C) ==                        \
          cFunctionTypeToLLVM(C, &NAME));                                      \
    CHECK(std::string(runtimeCallInfo(RuntimeCall::NAME).Name) == #NAME);      \
  }
#include "wasm2obj/runtime_calls.def"
#undef WASIRT_CALL
}

TEST_CASE("the instance layout keeps regions apart and aligned", "[abi]") {
  wasirt_counts Counts{2, 3, 5, 7, 11, 13, 17, 19};
  wasirt_layout L = wasirt_compute_layout(Counts);
  CHECK(L.memories == WASIRT_HEADER_SIZE);
  CHECK(L.bases == L.memories + 2 * 8);
  CHECK(L.tables == L.bases + 2 * 8);
  CHECK(L.globals % 16 == 0);
  CHECK(L.globals >= L.tables + 3 * 8);
  CHECK(L.type_ids == L.globals + 5 * WASIRT_GLOBAL_SLOT);
  CHECK(L.funcrefs == L.type_ids + 7 * 8);
  CHECK(L.data == L.funcrefs + 11 * WASIRT_FUNCREF_SIZE);
  CHECK(L.elems == L.data + 13 * 8);
  CHECK(L.tags == L.elems + 17 * WASIRT_ELEM_SLOT);
  CHECK(L.sizes == L.tags + 19 * 8);
  CHECK(L.size >= L.sizes + 2 * 8);
  CHECK(L.size % 16 == 0);
}

TEST_CASE("symbol mangling is injective on the separator", "[abi]") {
  CHECK(importSymbol("wasi_snapshot_preview1", "fd_write") ==
        "w2o_wasi_snapshot_preview1Q_fd_write");
  CHECK(mangleName("aQb") == "aQQb");
  CHECK(mangleName("a.b") == "aQ2Eb");
  CHECK(mangleName(std::string("\0x", 2)) == "Q00x");
  // ("a_", "b") and ("a", "_b") must differ.
  CHECK(importSymbol("a_", "b") != importSymbol("a", "_b"));
  CHECK(importSymbol("aQ", "b") != importSymbol("a", "Qb"));
  CHECK(exportSymbol("app", "_start") == "w2o_appQE__start");
  CHECK(descriptorSymbol("app") == "w2o_module_app");
}
