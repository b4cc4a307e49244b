//===- wasm2obj - compile a WebAssembly module to a native object ---------===//
//
//   wasm2obj app.wasm -o app.o && cc app.o -lwasirt -o app
//
// Errors are converted to text here and only here; the exit status is 1
// on any error, and no output file is left behind (the output is built in
// memory and renamed into place).
//
//===----------------------------------------------------------------------===//

#include "CLI/CLI.hpp"
#include "Compiler.h"
#include "WasmError.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"
#include <cerrno>
#include <link.h>
#include <sys/mman.h>
#include <thread>
#include <unistd.h>

using namespace w2o;

#ifndef WASM2OBJ_VERSION
#define WASM2OBJ_VERSION "0.1.0"
#endif

namespace {

int reportError(llvm::StringRef Input, llvm::Error E) {
  int Status = 1;
  llvm::handleAllErrors(
      std::move(E),
      [&](const WasmError &WE) {
        llvm::errs() << Input << ":"
                     << llvm::format("0x%llx", static_cast<unsigned long long>(
                                                   WE.offset()))
                     << ": error: " << WE.describe() << "\n";
      },
      [&](const llvm::ErrorInfoBase &EI) {
        llvm::errs() << "wasm2obj: error: " << EI.message() << "\n";
      });
  return Status;
}

// Where an output goes. Written through a temporary file beside it and
// renamed over it, so that a failure leaves nothing (and an old file
// untouched). A symbolic link is followed: its target is replaced, not the
// link. Something other than a regular file (a device such as /dev/null, a
// FIFO) is written directly, as compilers do: it cannot be replaced.
struct OutputPath {
  std::string Final;
  bool Direct = false;
};

OutputPath resolveOutput(llvm::StringRef Path) {
  OutputPath O{Path.str()};
  llvm::sys::fs::file_status St;
  if (llvm::sys::fs::status(Path, St, /*follow=*/true))
    return O; // not there yet
  if (St.type() != llvm::sys::fs::file_type::regular_file) {
    O.Direct = St.type() != llvm::sys::fs::file_type::directory_file;
    return O;
  }
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Path, Real))
    O.Final = std::string(Real);
  return O;
}

// An output written to its temporary file, renamed into place by
// commit() once every output is ready, or removed by the destructor.
class StagedOutput {
public:
  StagedOutput() = default;
  StagedOutput(const StagedOutput &) = delete;
  StagedOutput &operator=(const StagedOutput &) = delete;
  ~StagedOutput() {
    if (FD >= 0)
      ::close(FD);
    if (!Temp.empty()) {
      llvm::sys::fs::remove(Temp);
      llvm::sys::DontRemoveFileOnSignal(Temp);
    }
  }

  /// Creates the temporary file for Path and returns its descriptor, for
  /// the output to be written into it in place (the merge of a large
  /// module's partitions then never holds the whole object in memory);
  /// -1 for standard output or a device, written from memory (Held) by
  /// commit().
  llvm::Expected<int> create(llvm::StringRef Path) {
    Given = Path.str();
    OutputPath Where = resolveOutput(Path);
    if (Path == "-" || Where.Direct)
      return -1;
    Final = Where.Final;
    llvm::SmallString<256> Model(Final);
    Model += ".tmp%%%%%%";
    llvm::SmallString<256> TempPath;
    if (std::error_code EC =
            llvm::sys::fs::createUniqueFile(Model, FD, TempPath))
      return cannot("create", EC);
    Temp = std::string(TempPath);
    // Not left behind by a crash or an interrupt either.
    llvm::sys::RemoveFileOnSignal(Temp);
    return FD;
  }

  /// A sink for Path that creates its temporary file only when the
  /// output's size is known, that is once the compile has succeeded up to
  /// writing it: a failed or killed compile leaves no file behind, and an
  /// invalid module's error comes before an unwritable path's. Standard
  /// output and devices are written into memory.
  std::unique_ptr<w2o::OutputSink> sink(llvm::StringRef Path);

  llvm::Error stage(llvm::StringRef Path, llvm::ArrayRef<char> Data) {
    llvm::Expected<int> Created = create(Path);
    if (!Created)
      return Created.takeError();
    if (*Created < 0) {
      Held.assign(Data.begin(), Data.end());
      return llvm::Error::success();
    }
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    FD = -1;
    OS.write(Data.data(), Data.size());
    OS.close();
    if (OS.has_error()) {
      std::error_code EC = OS.error();
      OS.clear_error();
      return cannot("write", EC);
    }
    return llvm::Error::success();
  }

  llvm::Error commit() {
    if (FD >= 0) {
      int Closed = ::close(FD);
      FD = -1;
      if (Closed != 0)
        return cannot("write", std::error_code(errno, std::generic_category()));
    }
    if (Given == "-") {
      llvm::outs().write(Held.data(), Held.size());
      llvm::outs().flush();
      return llvm::Error::success();
    }
    if (Temp.empty()) { // direct
      std::error_code EC;
      llvm::raw_fd_ostream OS(Given, EC, llvm::sys::fs::OF_None);
      if (EC)
        return cannot("write", EC);
      OS.write(Held.data(), Held.size());
      OS.close();
      if (OS.has_error()) {
        EC = OS.error();
        OS.clear_error();
        return cannot("write", EC);
      }
      return llvm::Error::success();
    }
    if (std::error_code EC = llvm::sys::fs::rename(Temp, Final))
      return cannot("write", EC);
    llvm::sys::DontRemoveFileOnSignal(Temp);
    Temp.clear();
    return llvm::Error::success();
  }

private:
  llvm::Error cannot(llvm::StringRef What, std::error_code EC) {
    return llvm::createStringError(EC, "cannot " + What.str() + " '" + Given +
                                           "': " + EC.message());
  }

  friend class StagedSink;
  std::string Given, Final, Temp;
  int FD = -1; ///< Temp's, until commit() (create())
  llvm::SmallVector<char, 0> Held;
};

class StagedSink final : public w2o::OutputSink {
public:
  StagedSink(StagedOutput &Staged, llvm::StringRef Path)
      : Staged(Staged), Path(Path.str()) {}
  llvm::Error begin(uint64_t Size) override {
    if (!File) {
      llvm::Expected<int> FD = Staged.create(Path);
      if (!FD)
        return FD.takeError();
      File = *FD < 0 ? w2o::bufferSink(Staged.Held) : w2o::fileSink(*FD, Path);
    }
    return File->begin(Size);
  }
  llvm::Error write(uint64_t Offset, llvm::ArrayRef<char> Bytes) override {
    return File->write(Offset, Bytes);
  }
  void zero(uint64_t Offset, uint64_t Size) override {
    File->zero(Offset, Size);
  }

private:
  StagedOutput &Staged;
  std::string Path;
  std::unique_ptr<w2o::OutputSink> File;
};

std::unique_ptr<w2o::OutputSink> StagedOutput::sink(llvm::StringRef Path) {
  return std::make_unique<StagedSink>(*this, Path);
}

llvm::Error writeAtomically(llvm::StringRef Path, llvm::ArrayRef<char> Data) {
  StagedOutput O;
  if (llvm::Error E = O.stage(Path, Data))
    return E;
  return O.commit();
}

// Drops the whole pages in [Begin, End) of a read-only file mapping from
// the resident set; a page read again is mapped again from the page cache.
void forgetPages(uintptr_t Begin, uintptr_t End) {
  uintptr_t Page = sysconf(_SC_PAGESIZE);
  Begin = (Begin + Page - 1) & ~(Page - 1);
  End &= ~(Page - 1);
  if (Begin < End)
    madvise(reinterpret_cast<void *>(Begin), End - Begin, MADV_DONTNEED);
}

// Forgets the pages of the relocations the loader applied when it loaded
// wasm2obj. Laid out by BOLT, wasm2obj has 3.9 MB of RELA entries (BOLT
// cannot rewrite packed ones); the loader reads them all before main()
// and, with every symbol bound at load time (-z now), never again. They
// lie in a read-only segment that maps the file unmodified, so dropping
// the pages loses nothing: a page touched again would simply be mapped
// again. See BENCHMARKS.md, "Peak memory".
void forgetRelocationPages() {
  dl_iterate_phdr(
      [](dl_phdr_info *Info, size_t, void *) -> int {
        uintptr_t Base = Info->dlpi_addr, Rela = 0, Size = 0;
        for (unsigned I = 0; I != Info->dlpi_phnum; ++I) {
          const ElfW(Phdr) &P = Info->dlpi_phdr[I];
          if (P.p_type != PT_DYNAMIC)
            continue;
          for (auto *D = reinterpret_cast<const ElfW(Dyn) *>(Base + P.p_vaddr);
               D->d_tag != DT_NULL; ++D)
            if (D->d_tag == DT_RELA)
              Rela = D->d_un.d_ptr;
            else if (D->d_tag == DT_RELASZ)
              Size = D->d_un.d_val;
        }
        if (Rela < Base) // the loader may or may not have relocated it
          Rela += Base;
        uintptr_t Begin = Rela, End = Rela + Size;
        if (!Size)
          return 1;
        // Only within one read-only segment, and nowhere near a writable or
        // relocated one.
        bool Inside = false;
        for (unsigned I = 0; I != Info->dlpi_phnum; ++I) {
          const ElfW(Phdr) &P = Info->dlpi_phdr[I];
          uintptr_t SegBegin = Base + P.p_vaddr;
          if ((P.p_type == PT_LOAD && (P.p_flags & PF_W)) ||
              P.p_type == PT_GNU_RELRO) {
            if (Begin < SegBegin + P.p_memsz && SegBegin < End)
              return 1;
          } else if (P.p_type == PT_LOAD) {
            Inside |= SegBegin <= Begin && End <= SegBegin + P.p_filesz;
          }
        }
        if (Inside)
          forgetPages(Begin, End);
        return 1; // the first object is the executable itself
      },
      nullptr);
}

} // namespace

int main(int argc, char **argv) {
  forgetRelocationPages();
  CLI::App App{"wasm2obj: compile a WebAssembly module to a native object "
               "file.\n\nRun the result with:  cc OUT.o -lwasirt -o app && "
               "./app ARGS\nAt run time, WASM2OBJ_GRANTS adds or overrides the "
               "grants recorded with --dir/--env/--inherit-env (see the "
               "README),\nand WASM2OBJ_TRACE_WASI=1 prints every WASI call."};
  App.set_version_flag("--version", std::string("wasm2obj ") +
                                        WASM2OBJ_VERSION + " (LLVM " +
                                        LLVM_VERSION_STRING + ")");
  std::string Input, Output;
  unsigned OptLevel = 2;
  std::string Target, CPU, CPUFeatures, Emit = "obj", Bounds = "guard";
  std::string ModuleName, HeaderPath, RuntimePath;
  unsigned Jobs = 0;
  uint64_t PartitionBytes = CompileOptions().PartitionBytes;
  bool AsmFlag = false, InheritEnv = false, NoMain = false;
  std::vector<std::string> Dirs, Envs, FeatureSpecs, LLVMArgs;

  App.add_option("input", Input, "WebAssembly binary (.wasm), or - for stdin")
      ->required();
  App.add_option("-o,--output", Output,
                 "output file (default: INPUT with .o/.s/.ll), - for stdout");
  App.add_option("-O", OptLevel, "optimisation level 0-3 (default 2)")
      ->check(CLI::Range(0, 3));
  App.add_option("--target", Target, "target triple (default: the host)");
  App.add_option("--cpu", CPU,
                 "target CPU, or 'native' (default: the architecture's "
                 "baseline, e.g. x86-64)");
  App.add_option("--cpu-features", CPUFeatures,
                 "extra target features, e.g. +avx2");
  App.add_option("--emit", Emit,
                 "output kind: obj (object file), asm, llvm (IR), bc "
                 "(bitcode), exe (an executable, linked in-process with "
                 "libwasirt and the C library) or header (a C header of the "
                 "exports)")
      ->check(CLI::IsMember({"obj", "asm", "llvm", "bc", "exe", "header"}));
  App.add_option("--header", HeaderPath,
                 "also write the C header of the exports to this file");
  App.add_option("--wasirt", RuntimePath,
                 "libwasirt.a for --emit=exe (default: next to wasm2obj, "
                 "../lib/libwasirt.a)");
  App.add_flag("-S", AsmFlag, "same as --emit=asm");
  App.add_option("--bounds-checks", Bounds,
                 "guard (guard pages, the default on 64-bit targets) or "
                 "explicit (compare and branch on every access)")
      ->check(CLI::IsMember({"guard", "explicit"}));
  App.add_option("--module-name", ModuleName,
                 "name used in the object's symbols (default: from INPUT)");
  App.add_option("-j,--jobs", Jobs,
                 "code generation threads (default: all cores)");
  App.add_option("--features", FeatureSpecs,
                 "enable or disable proposals: simd, relaxed-simd, "
                 "tail-call, extended-const, multi-memory, memory64, "
                 "threads, exceptions, all; prefix - to disable");
  App.add_option("--dir", Dirs,
                 "grant a host directory to the program: HOST[::GUEST] "
                 "(repeatable)");
  App.add_option("--env", Envs,
                 "give the program an environment variable NAME=VALUE "
                 "(repeatable)");
  App.add_flag("--inherit-env", InheritEnv,
               "give the program the environment it is run with");
  App.add_option("--mllvm", LLVMArgs,
                 "pass an option to LLVM (for debugging the compiler)")
      ->group("");
  App.add_option("--partition-bytes", PartitionBytes,
                 "wasm code bytes per code generation partition (default "
                 "65536; for testing the partitioned path)")
      ->check(CLI::PositiveNumber)
      ->group("");
  App.add_flag("--no-main-module", NoMain,
               "do not define w2o_main_module (for linking several modules "
               "into one program)");

  try {
    App.parse(argc, argv);
  } catch (const CLI::CallForHelp &E) {
    return App.exit(E);
  } catch (const CLI::CallForVersion &E) {
    return App.exit(E);
  } catch (const CLI::ParseError &E) {
    llvm::errs() << "wasm2obj: error: " << E.what() << "\n";
    return 1;
  }

  if (!LLVMArgs.empty()) {
    std::vector<const char *> Args{"wasm2obj"};
    for (const std::string &A : LLVMArgs)
      Args.push_back(A.c_str());
    llvm::cl::ParseCommandLineOptions(Args.size(), Args.data());
  }

  CompileOptions Opts;
  Opts.OptLevel = OptLevel;
  Opts.Triple = Target;
  Opts.CPU = CPU;
  Opts.CPUFeatures = CPUFeatures;
  Opts.Bounds =
      Bounds == "explicit" ? BoundsChecks::Explicit : BoundsChecks::Default;
  Opts.ModuleName = ModuleName.empty()
                        ? moduleNameFromPath(Input == "-" ? "module" : Input)
                        : ModuleName;
  Opts.PartitionBytes = PartitionBytes;
  Opts.Jobs = Jobs ? Jobs : std::max(1u, std::thread::hardware_concurrency());
  Opts.EmitMainAlias = !NoMain;
  for (const std::string &D : Dirs)
    Opts.WasiGrants.push_back(
        "dir=" + (D.find("::") == std::string::npos ? D + "::" + D : D));
  for (const std::string &E : Envs) {
    if (E.find('=') == std::string::npos) {
      llvm::errs() << "wasm2obj: error: --env expects NAME=VALUE, got '" << E
                   << "'\n";
      return 1;
    }
    Opts.WasiGrants.push_back("env=" + E);
  }
  if (InheritEnv)
    Opts.WasiGrants.push_back("inherit-env");

  Features Feats;
  for (const std::string &S : FeatureSpecs) {
    if (!Feats.set(S)) {
      llvm::errs() << "wasm2obj: error: unknown feature '" << S << "'\n";
      return 1;
    }
  }

  EmitKind Kind = EmitKind::Object;
  bool Exe = Emit == "exe", HeaderOnly = Emit == "header";
  if (AsmFlag || Emit == "asm")
    Kind = EmitKind::Assembly;
  else if (Emit == "llvm")
    Kind = EmitKind::LLVMIR;
  else if (Emit == "bc")
    Kind = EmitKind::Bitcode;
  if (Output.empty()) {
    llvm::SmallString<256> P(Input == "-" ? "module" : Input);
    llvm::sys::path::replace_extension(P, Exe                          ? ""
                                          : HeaderOnly                 ? ".h"
                                          : Kind == EmitKind::Assembly ? ".s"
                                          : Kind == EmitKind::LLVMIR   ? ".ll"
                                          : Kind == EmitKind::Bitcode  ? ".bc"
                                                                       : ".o");
    Output = std::string(P.str());
  }
  if (Exe && (Output == "-" || resolveOutput(Output).Direct)) {
    llvm::errs() << "wasm2obj: error: --emit=exe writes an executable file, "
                    "not to '"
                 << Output << "'\n";
    return 1;
  }
  // Cross-linking (for an architecture --emit=exe supports) needs that
  // architecture's libwasirt.a.
  llvm::Triple::ArchType ExeArch =
      llvm::Triple(llvm::Triple::normalize(Target)).getArch();
  if (Exe && RuntimePath.empty() && !Target.empty() &&
      (ExeArch == llvm::Triple::x86_64 || ExeArch == llvm::Triple::aarch64) &&
      ExeArch != llvm::Triple(llvm::sys::getProcessTriple()).getArch()) {
    llvm::errs() << "wasm2obj: error: --emit=exe for " << Target
                 << " needs --wasirt=PATH, a libwasirt.a built for it (the "
                    "one beside wasm2obj is this host's)\n";
    return 1;
  }
  if (Exe && RuntimePath.empty()) {
    // Installed: PREFIX/bin/wasm2obj and PREFIX/lib/libwasirt.a; in the
    // build tree: tools/wasm2obj/wasm2obj and runtime-support/libwasirt.a.
    std::string Self = llvm::sys::fs::getMainExecutable(
        argv[0], reinterpret_cast<void *>(&reportError));
    llvm::SmallString<256> Dir(llvm::sys::path::parent_path(Self));
    llvm::SmallString<256> Installed(Dir), Build(Dir);
    llvm::sys::path::append(Installed, "..", "lib", "libwasirt.a");
    llvm::sys::path::append(Build, "..", "..", "runtime-support",
                            "libwasirt.a");
    RuntimePath = llvm::sys::fs::exists(Installed) ? std::string(Installed)
                                                   : std::string(Build);
  }

  // Mapped whatever its size (no terminating zero is needed), so that the
  // function bodies a partitioned compile has finished with can be dropped
  // from the resident set (6 MiB of a 6 MB module's peak at -j2).
  auto Buf =
      llvm::MemoryBuffer::getFileOrSTDIN(Input, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!Buf) {
    llvm::errs() << "wasm2obj: error: cannot read '" << Input
                 << "': " << Buf.getError().message() << "\n";
    return 1;
  }
  llvm::ArrayRef<uint8_t> Bytes(
      reinterpret_cast<const uint8_t *>((*Buf)->getBufferStart()),
      (*Buf)->getBufferSize());
  if ((*Buf)->getBufferKind() == llvm::MemoryBuffer::MemoryBuffer_MMap)
    Opts.BodiesDone = [](llvm::ArrayRef<uint8_t> Done) {
      forgetPages(reinterpret_cast<uintptr_t>(Done.begin()),
                  reinterpret_cast<uintptr_t>(Done.end()));
    };
  auto M = decodeModule(Bytes, Feats);
  if (!M)
    return reportError(Input, M.takeError());
  if (HeaderOnly) {
    // An invalid module gets no header either: its bodies are validated
    // as they are translated (at -O0; what that writes is not kept).
    CompileOptions Check = Opts;
    Check.OptLevel = 0;
    Check.Jobs = 1;
    llvm::SmallVector<char, 0> Scratch;
    if (llvm::Error E = compileModule(**M, Check, EmitKind::Bitcode, Scratch))
      return reportError(Input, std::move(E));
    std::string H = emitHeader(**M, Opts);
    if (llvm::Error E =
            writeAtomically(Output, llvm::ArrayRef<char>(H.data(), H.size())))
      return reportError(Input, std::move(E));
    return 0;
  }
  llvm::SmallVector<char, 0> Out;
  // Every output is renamed into place only once all of them are ready.
  StagedOutput Header, Main;
  if (Exe) {
    if (llvm::Error E = compileModule(**M, Opts, Kind, Out))
      return reportError(Input, std::move(E));
  } else {
    std::unique_ptr<OutputSink> Sink = Main.sink(Output);
    if (llvm::Error E = compileModule(**M, Opts, Kind, *Sink))
      return reportError(Input, std::move(E));
  }
  if (!HeaderPath.empty()) {
    std::string H = emitHeader(**M, Opts);
    if (llvm::Error E =
            Header.stage(HeaderPath, llvm::ArrayRef<char>(H.data(), H.size())))
      return reportError(Input, std::move(E));
  }
  if (Exe) {
    if (llvm::Error E =
            linkExecutable(Out, Opts, RuntimePath, resolveOutput(Output).Final))
      return reportError(Input, std::move(E));
  } else if (llvm::Error E = Main.commit()) {
    return reportError(Input, std::move(E));
  }
  if (!HeaderPath.empty())
    if (llvm::Error E = Header.commit())
      return reportError(Input, std::move(E));
  return 0;
}
