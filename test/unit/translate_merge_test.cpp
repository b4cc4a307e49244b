//===- translate_merge_test.cpp - merging relocatable objects -------------===//
//
// mergeObjects() on objects that LLVM writes from small IR modules, for
// x86-64, AArch64 (ELF64, RELA) and i686 (ELF32, REL): symbols resolved
// across inputs, COMDAT groups and .eh_frame once, extended section
// numbering. The whole suite also runs through it (spec-partitioned,
// programs-partitioned).
//
//===----------------------------------------------------------------------===//

#include "Compiler.h"
#include "MergeObjects.h"
#include "wasm_builder.h"
#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Target/TargetMachine.h"
#include <catch2/catch.hpp>
#include <cstdio>
#include <fcntl.h>
#include <map>
#include <set>
#include <unistd.h>

using namespace llvm;

namespace {

/// The object LLVM writes for IR (at -O0) for Triple.
SmallVector<char, 0> objectFor(StringRef IR, StringRef Triple,
                               bool FunctionSections = false) {
  w2o::initializeLLVMTargets();
  std::string Err;
  const Target *T = TargetRegistry::lookupTarget(Triple.str(), Err);
  REQUIRE(T);
  TargetOptions TO;
  TO.FunctionSections = FunctionSections;
  std::unique_ptr<TargetMachine> TM(
      T->createTargetMachine(Triple.str(), "", "", TO, Reloc::PIC_,
                             std::nullopt, CodeGenOptLevel::None));
  LLVMContext Ctx;
  SMDiagnostic Diag;
  std::unique_ptr<Module> M = parseAssemblyString(IR, Diag, Ctx);
  INFO(Diag.getMessage().str());
  REQUIRE(M);
  M->setTargetTriple(Triple);
  M->setDataLayout(TM->createDataLayout());
  SmallVector<char, 0> Obj;
  raw_svector_ostream OS(Obj);
  legacy::PassManager PM;
  REQUIRE_FALSE(
      TM->addPassesToEmitFile(PM, OS, nullptr, CodeGenFileType::ObjectFile));
  PM.run(*M);
  return Obj;
}

/// Objects as the merge takes them, uncompressed.
std::vector<w2o::PackedObject>
plain(std::vector<SmallVector<char, 0>> Objects) {
  std::vector<w2o::PackedObject> Packed(Objects.size());
  for (size_t I = 0; I < Objects.size(); ++I)
    Packed[I].Bytes = std::move(Objects[I]);
  return Packed;
}

SmallVector<char, 0> merge(std::vector<SmallVector<char, 0>> Objects) {
  std::vector<w2o::PackedObject> Inputs = plain(std::move(Objects));
  SmallVector<char, 0> Out;
  Error E = w2o::mergeObjects(Inputs, Out);
  INFO((E ? toString(std::move(E)) : std::string()));
  REQUIRE(Out.size() > 0);
  for (const w2o::PackedObject &P : Inputs)
    CHECK(P.Bytes.empty()); // each input is freed once used
  return Out;
}

std::string mergeError(std::vector<SmallVector<char, 0>> Objects) {
  std::vector<w2o::PackedObject> Inputs = plain(std::move(Objects));
  SmallVector<char, 0> Out;
  Error E = w2o::mergeObjects(Inputs, Out);
  return E ? toString(std::move(E)) : std::string();
}

std::unique_ptr<object::ObjectFile> parse(const SmallVector<char, 0> &Obj) {
  auto O = object::ObjectFile::createObjectFile(
      MemoryBufferRef(StringRef(Obj.data(), Obj.size()), "merged"));
  if (!O)
    FAIL(toString(O.takeError()));
  return std::move(*O);
}

struct SymbolFacts {
  int Count = 0;
  bool Defined = false;
  std::string Section;
  uint8_t Binding = 0, Visibility = 0;
  uint64_t Value = 0;
};

/// Every named symbol of an object, by name.
std::map<std::string, SymbolFacts> symbols(const object::ObjectFile &O) {
  std::map<std::string, SymbolFacts> R;
  for (const object::ELFSymbolRef S :
       cast<object::ELFObjectFileBase>(O).symbols()) {
    std::string Name = cantFail(S.getName()).str();
    if (Name.empty())
      continue;
    SymbolFacts &F = R[Name];
    ++F.Count;
    auto Sec = cantFail(S.getSection());
    F.Defined = Sec != O.section_end();
    if (F.Defined)
      F.Section = cantFail(Sec->getName()).str();
    F.Binding = S.getBinding();
    F.Visibility = S.getOther() & 3;
    F.Value = cantFail(S.getValue());
  }
  return R;
}

/// For each relocation of the sections named Name: the target symbol's
/// name, in order.
std::vector<std::string> relocationTargets(const object::ObjectFile &O,
                                           StringRef Name) {
  std::vector<std::string> R;
  for (const object::SectionRef S : O.sections()) {
    auto Target = S.getRelocatedSection();
    if (!Target || *Target == O.section_end() ||
        cantFail((*Target)->getName()) != Name)
      continue;
    for (const object::RelocationRef Rel : S.relocations()) {
      auto Sym = Rel.getSymbol();
      R.push_back(Sym == O.symbol_end() ? "" : cantFail(Sym->getName()).str());
    }
  }
  return R;
}

int countSections(const object::ObjectFile &O, StringRef Name) {
  int N = 0;
  for (const object::SectionRef S : O.sections())
    N += cantFail(S.getName()) == Name;
  return N;
}

const char *DefinesF = R"(
  declare hidden void @g()
  declare void @ext()
  define hidden void @f() { call void @g() call void @ext() ret void }
  define weak void @w() { ret void }
  define hidden void @h() { ret void }
  @data = global ptr @g
)";
const char *DefinesG = R"(
  declare hidden void @f()
  declare void @ext()
  define hidden void @g() { call void @f() call void @ext() ret void }
  define void @w() { call void @f() ret void }
  declare void @h()
  @data2 = global ptr @h
)";

} // namespace

TEST_CASE("merged objects resolve each other's symbols", "[translate][merge]") {
  for (const char *Triple :
       {"x86_64-linux-gnu", "aarch64-linux-gnu", "i686-linux-gnu"}) {
    INFO(Triple);
    SmallVector<char, 0> Out =
        merge({objectFor(DefinesF, Triple), objectFor(DefinesG, Triple)});
    std::unique_ptr<object::ObjectFile> O = parse(Out);
    auto Syms = symbols(*O);
    // One entry per name; definitions win over references, the strong
    // definition of w over the weak one, hidden over default.
    for (const char *Name : {"f", "g", "ext", "w", "data", "h"})
      CHECK(Syms[Name].Count == 1);
    CHECK(Syms["f"].Defined);
    CHECK(Syms["f"].Visibility == ELF::STV_HIDDEN);
    CHECK(Syms["g"].Defined);
    CHECK(Syms["g"].Visibility == ELF::STV_HIDDEN);
    // h: defined hidden, then referred to with default visibility.
    CHECK(Syms["h"].Defined);
    CHECK(Syms["h"].Visibility == ELF::STV_HIDDEN);
    CHECK_FALSE(Syms["ext"].Defined);
    CHECK(Syms["w"].Defined);
    CHECK(Syms["w"].Binding == ELF::STB_GLOBAL);
    // Both inputs' .text are kept; the calls name the merged symbols.
    CHECK(countSections(*O, ".text") == 2);
    std::vector<std::string> Calls = relocationTargets(*O, ".text");
    CHECK(std::count(Calls.begin(), Calls.end(), "g") == 1);
    CHECK(std::count(Calls.begin(), Calls.end(), "f") == 2);
    CHECK(std::count(Calls.begin(), Calls.end(), "ext") == 2);
    CHECK(relocationTargets(*O, ".data") == std::vector<std::string>{"g", "h"});
    // w is now the second input's: it calls f.
    uint64_t WSize = 0;
    for (const object::ELFSymbolRef S :
         cast<object::ELFObjectFileBase>(*O).symbols())
      if (cantFail(S.getName()) == "w")
        WSize = S.getSize();
    CHECK(WSize > 4);
  }
}

TEST_CASE("two strong definitions of one name are refused",
          "[translate][merge]") {
  std::string E = mergeError({objectFor(DefinesG, "x86_64-linux-gnu"),
                              objectFor(DefinesG, "x86_64-linux-gnu")});
  CHECK_THAT(E, Catch::Contains("internal error") &&
                    Catch::Contains("defined twice"));
  E = mergeError({objectFor(DefinesG, "x86_64-linux-gnu"),
                  objectFor(DefinesG, "aarch64-linux-gnu")});
  CHECK_THAT(E, Catch::Contains("another machine"));
}

TEST_CASE("COMDAT groups and .eh_frame come out once", "[translate][merge]") {
  // Each input has a landing pad: an .eh_frame and the COMDAT group of
  // DW.ref.pers (the personality's address, for the LSDA).
  auto Unwinding = [](StringRef Name) {
    return (R"(
      declare i32 @pers(...)
      declare void @may_throw()
      define void @)" +
            Name + R"(() personality ptr @pers {
        invoke void @may_throw() to label %ok unwind label %pad
      ok:
        ret void
      pad:
        %lp = landingpad { ptr, i32 } cleanup
        resume { ptr, i32 } %lp
      })")
        .str();
  };
  for (const char *Triple : {"x86_64-linux-gnu", "aarch64-linux-gnu"}) {
    INFO(Triple);
    SmallVector<char, 0> A = objectFor(Unwinding("a"), Triple);
    SmallVector<char, 0> B = objectFor(Unwinding("b"), Triple);
    SmallVector<char, 0> C = objectFor(Unwinding("c"), Triple);
    std::unique_ptr<object::ObjectFile> In = parse(A);
    REQUIRE(countSections(*In, ".group") == 1);
    REQUIRE(countSections(*In, ".eh_frame") == 1);
    uint64_t EhA = 0;
    for (const object::SectionRef S : In->sections())
      if (cantFail(S.getName()) == ".eh_frame")
        EhA = S.getSize();
    std::vector<std::string> FdeTargets = relocationTargets(*In, ".eh_frame");

    SmallVector<char, 0> Out =
        merge({std::move(A), std::move(B), std::move(C)});
    std::unique_ptr<object::ObjectFile> O = parse(Out);
    CHECK(countSections(*O, ".group") == 1);
    CHECK(countSections(*O, ".data.DW.ref.pers") == 1);
    CHECK(countSections(*O, ".eh_frame") == 1);
    auto Syms = symbols(*O);
    CHECK(Syms["DW.ref.pers"].Count == 1);
    CHECK(Syms["DW.ref.pers"].Defined);
    // The three .eh_frame parts follow each other, and each part's
    // relocations moved with it: three times the first part's.
    for (const object::SectionRef S : O->sections())
      if (cantFail(S.getName()) == ".eh_frame")
        CHECK(S.getSize() >= 3 * EhA);
    std::vector<std::string> Merged = relocationTargets(*O, ".eh_frame");
    CHECK(Merged.size() == 3 * FdeTargets.size());
    std::vector<uint64_t> Offsets;
    for (const object::SectionRef S : O->sections()) {
      auto T = S.getRelocatedSection();
      if (T && *T != O->section_end() &&
          cantFail((*T)->getName()) == ".eh_frame")
        for (const object::RelocationRef R : S.relocations())
          Offsets.push_back(R.getOffset());
    }
    REQUIRE(Offsets.size() == Merged.size());
    for (size_t K = FdeTargets.size(); K < Offsets.size(); ++K)
      CHECK(Offsets[K] >= EhA);
  }
}

TEST_CASE("more than 65,279 sections use extended numbering",
          "[translate][merge]") {
  // 33,000 functions, each in a section of its own with its relocations'
  // section (every one calls the next): about 66,000 sections in all.
  std::string IR = "declare void @end()\n";
  const int N = 33000;
  for (int I = 0; I < N; ++I)
    IR += "define void @f" + std::to_string(I) + "() { call void @" +
          (I + 1 < N ? "f" + std::to_string(I + 1) : std::string("end")) +
          "() ret void }\n";
  SmallVector<char, 0> Big = objectFor(IR, "x86_64-linux-gnu", true);
  SmallVector<char, 0> Small = objectFor(
      "declare void @f32999()\n define void @end() { call void @f32999() "
      "ret void }",
      "x86_64-linux-gnu");
  SmallVector<char, 0> Out = merge({std::move(Big), std::move(Small)});
  auto Header = reinterpret_cast<const object::ELF64LE::Ehdr *>(Out.data());
  CHECK(Header->e_shnum == 0);
  CHECK(Header->e_shstrndx == ELF::SHN_XINDEX);
  std::unique_ptr<object::ObjectFile> O = parse(Out);
  CHECK(std::distance(O->section_begin(), O->section_end()) > 66000);
  auto Syms = symbols(*O);
  CHECK(Syms["f32998"].Section == ".text.f32998");
  CHECK(Syms["end"].Defined);
  CHECK(Syms["end"].Section == ".text");
  CHECK(relocationTargets(*O, ".text.f32999") ==
        std::vector<std::string>{"end"});
  CHECK(relocationTargets(*O, ".text") == std::vector<std::string>{"f32999"});
}

TEST_CASE("compressed partitions merge to the same object",
          "[translate][merge]") {
  for (const char *Triple : {"x86_64-linux-gnu", "i686-linux-gnu"}) {
    INFO(Triple);
    SmallVector<char, 0> Plain =
        merge({objectFor(DefinesF, Triple), objectFor(DefinesG, Triple)});
    std::vector<w2o::PackedObject> Packed;
    for (const char *IR : {DefinesF, DefinesG}) {
      SmallVector<char, 0> Obj = objectFor(IR, Triple);
      size_t Size = Obj.size();
      Packed.push_back(w2o::packObject(std::move(Obj)));
      // Debian's LLVM 19 has zstd: the object waits compressed.
      CHECK(Packed.back().Size == Size);
      CHECK(Packed.back().Bytes.size() < Size);
    }
    SmallVector<char, 0> Out;
    Error E = w2o::mergeObjects(Packed, Out);
    REQUIRE((E ? toString(std::move(E)) : std::string()) == "");
    CHECK(Out == Plain);
    for (const w2o::PackedObject &P : Packed)
      CHECK(P.Bytes.empty()); // each input is freed once used
    // A compressed partition that does not unpack to its size is an
    // internal error, not a crash.
    Packed.clear();
    Packed.push_back(w2o::packObject(objectFor(DefinesF, Triple)));
    Packed.back().Size += 1;
    E = w2o::mergeObjects(Packed, Out);
    CHECK_THAT(E ? toString(std::move(E)) : std::string(),
               Catch::Contains("internal error"));
  }
}

TEST_CASE("a merge into a file writes what a merge into memory does",
          "[translate][merge]") {
  for (const char *Triple :
       {"x86_64-linux-gnu", "i686-linux-gnu", "aarch64-linux-gnu"}) {
    INFO(Triple);
    SmallVector<char, 0> InMemory =
        merge({objectFor(DefinesF, Triple), objectFor(DefinesG, Triple)});
    std::vector<w2o::PackedObject> Packed;
    for (const char *IR : {DefinesF, DefinesG})
      Packed.push_back(w2o::packObject(objectFor(IR, Triple)));
    FILE *F = std::tmpfile();
    REQUIRE(F);
    int FD = fileno(F);
    // What the file held before is gone: begin() empties it, and the
    // padding the merge does not write reads as zeros.
    std::string Old(3 * InMemory.size(), '\xa5');
    REQUIRE(::write(FD, Old.data(), Old.size()) == ssize_t(Old.size()));
    std::unique_ptr<w2o::OutputSink> Sink = w2o::fileSink(FD, "out.o");
    Error E = w2o::mergeObjects(Packed, *Sink);
    REQUIRE((E ? toString(std::move(E)) : std::string()) == "");
    for (const w2o::PackedObject &P : Packed)
      CHECK(P.Bytes.empty());
    SmallVector<char, 0> InFile(InMemory.size() + 1);
    ssize_t N = ::pread(FD, InFile.data(), InFile.size(), 0);
    std::fclose(F);
    REQUIRE(N == ssize_t(InMemory.size()));
    InFile.resize(N);
    CHECK(InFile == InMemory);
  }
}

TEST_CASE("a file the merge cannot write is an error that names it",
          "[translate][merge]") {
  // A descriptor open for reading only: ftruncate() and pwrite() fail.
  int FD = ::open("/dev/null", O_RDONLY);
  REQUIRE(FD >= 0);
  std::vector<w2o::PackedObject> Packed;
  for (const char *IR : {DefinesF, DefinesG})
    Packed.push_back(w2o::packObject(objectFor(IR, "x86_64-linux-gnu")));
  std::unique_ptr<w2o::OutputSink> Sink = w2o::fileSink(FD, "out.o");
  Error E = w2o::mergeObjects(Packed, *Sink);
  ::close(FD);
  CHECK_THAT(E ? toString(std::move(E)) : std::string(),
             Catch::StartsWith("cannot write 'out.o': "));
}

TEST_CASE("a write that fails stops the merge with its error",
          "[translate][merge]") {
  // The merge writes the sections, the tables and the headers; whichever
  // write fails, its error is the merge's.
  class FailingSink final : public w2o::OutputSink {
  public:
    FailingSink(SmallVectorImpl<char> &Out, int FailAt)
        : Inner(w2o::bufferSink(Out)), FailAt(FailAt) {}
    Error begin(uint64_t Size) override { return Inner->begin(Size); }
    Error write(uint64_t Offset, ArrayRef<char> Bytes) override {
      if (Writes++ == FailAt)
        return createStringError(inconvertibleErrorCode(), "disk full");
      return Inner->write(Offset, Bytes);
    }
    void zero(uint64_t Offset, uint64_t Size) override {
      Inner->zero(Offset, Size);
    }
    int Writes = 0;

  private:
    std::unique_ptr<w2o::OutputSink> Inner;
    int FailAt;
  };
  auto Inputs = [] {
    std::vector<w2o::PackedObject> Packed;
    for (const char *IR : {DefinesF, DefinesG})
      Packed.push_back(w2o::packObject(objectFor(IR, "x86_64-linux-gnu")));
    return Packed;
  };
  SmallVector<char, 0> Out;
  std::vector<w2o::PackedObject> Packed = Inputs();
  FailingSink Counting(Out, -1);
  Error Whole = w2o::mergeObjects(Packed, Counting);
  REQUIRE((Whole ? toString(std::move(Whole)) : std::string()) == "");
  REQUIRE(Counting.Writes > 5);
  for (int K = 0; K < Counting.Writes; ++K) {
    INFO("write " << K);
    Packed = Inputs();
    FailingSink Failing(Out, K);
    Error E = w2o::mergeObjects(Packed, Failing);
    CHECK((E ? toString(std::move(E)) : std::string()) == "disk full");
    CHECK(Failing.Writes == K + 1); // nothing written after the failure
  }
}

TEST_CASE("a partitioned compile tells which bodies it has finished with",
          "[merge]") {
  // 60 functions () -> i32 of a few bytes each, in partitions of about 40
  // bytes of code, on two threads.
  std::vector<wb::Bytes> Bodies;
  for (int K = 0; K < 60; ++K)
    Bodies.push_back(
        wb::body({}, wb::cat({{0x41}, wb::sleb(K * 1000), {0x0b}})));
  wb::Bytes Code = wb::uleb(Bodies.size()), Funcs = wb::uleb(Bodies.size());
  for (const wb::Bytes &B : Bodies) {
    Code.insert(Code.end(), B.begin(), B.end());
    Funcs.push_back(0);
  }
  wb::WasmBuilder W;
  W.section(1, wb::vec({wb::functype({}, {wb::I32})}));
  W.section(3, Funcs);
  W.section(10, Code);
  auto M = w2o::decodeModule(ArrayRef<uint8_t>(W.bytes()), w2o::Features());
  REQUIRE(bool(M));
  const w2o::Module &Mod = **M;
  w2o::CompileOptions Opts;
  Opts.OptLevel = 0;
  Opts.Jobs = 2;
  Opts.PartitionBytes = 40;
  SmallVector<char, 0> Plain, Told;
  REQUIRE_FALSE(
      bool(w2o::compileModule(Mod, Opts, w2o::EmitKind::Object, Plain)));

  std::vector<ArrayRef<uint8_t>> Done;
  Opts.BodiesDone = [&](ArrayRef<uint8_t> R) { Done.push_back(R); };
  REQUIRE_FALSE(
      bool(w2o::compileModule(Mod, Opts, w2o::EmitKind::Object, Told)));
  CHECK(Told == Plain); // the same object

  // Each range starts at the first body and ends where a later body
  // starts (bodies not yet compiled are never in it), or after the last;
  // the ranges grow, and the last one covers every body.
  std::set<const uint8_t *> Starts;
  for (const w2o::FunctionBody &B : Mod.Bodies)
    Starts.insert(B.Bytes.data());
  const uint8_t *Last = Mod.Bodies.back().Bytes.end();
  REQUIRE(Done.size() >= 2);
  for (size_t I = 0; I < Done.size(); ++I) {
    INFO("range " << I);
    CHECK(Done[I].begin() == Mod.Bodies.front().Bytes.data());
    CHECK((Starts.count(Done[I].end()) || Done[I].end() == Last));
    if (I)
      CHECK(Done[I].end() > Done[I - 1].end());
  }
  CHECK(Done.back().end() == Last);
}
