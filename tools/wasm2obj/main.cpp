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
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"
#include <thread>

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

// Writes Data to Path through a temporary file in the same directory, so
// that a failure leaves nothing (and an old file untouched).
llvm::Error writeAtomically(llvm::StringRef Path, llvm::ArrayRef<char> Data) {
  if (Path == "-") {
    llvm::outs().write(Data.data(), Data.size());
    llvm::outs().flush();
    return llvm::Error::success();
  }
  llvm::SmallString<256> Model(Path);
  Model += ".tmp%%%%%%";
  int FD;
  llvm::SmallString<256> TempPath;
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, TempPath))
    return llvm::createStringError(EC, "cannot create '" + Path.str() +
                                           "': " + EC.message());
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS.write(Data.data(), Data.size());
    OS.close();
    if (OS.has_error()) {
      std::error_code EC = OS.error();
      OS.clear_error();
      llvm::sys::fs::remove(TempPath);
      return llvm::createStringError(EC, "cannot write '" + Path.str() +
                                             "': " + EC.message());
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(TempPath, Path)) {
    llvm::sys::fs::remove(TempPath);
    return llvm::createStringError(EC, "cannot write '" + Path.str() +
                                           "': " + EC.message());
  }
  return llvm::Error::success();
}

} // namespace

int main(int argc, char **argv) {
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

  auto Buf = llvm::MemoryBuffer::getFileOrSTDIN(Input);
  if (!Buf) {
    llvm::errs() << "wasm2obj: error: cannot read '" << Input
                 << "': " << Buf.getError().message() << "\n";
    return 1;
  }
  llvm::ArrayRef<uint8_t> Bytes(
      reinterpret_cast<const uint8_t *>((*Buf)->getBufferStart()),
      (*Buf)->getBufferSize());
  auto M = decodeModule(Bytes, Feats);
  if (!M)
    return reportError(Input, M.takeError());
  if (HeaderOnly) {
    std::string H = emitHeader(**M, Opts);
    if (llvm::Error E =
            writeAtomically(Output, llvm::ArrayRef<char>(H.data(), H.size())))
      return reportError(Input, std::move(E));
    return 0;
  }
  llvm::SmallVector<char, 0> Out;
  if (llvm::Error E = compileModule(**M, Opts, Kind, Out))
    return reportError(Input, std::move(E));
  // Every output is written only once everything compiled.
  if (!HeaderPath.empty()) {
    std::string H = emitHeader(**M, Opts);
    if (llvm::Error E = writeAtomically(
            HeaderPath, llvm::ArrayRef<char>(H.data(), H.size())))
      return reportError(Input, std::move(E));
  }
  llvm::Error E = Exe ? linkExecutable(Out, Opts, RuntimePath, Output)
                      : writeAtomically(Output, Out);
  if (E) {
    if (!HeaderPath.empty())
      llvm::sys::fs::remove(HeaderPath);
    return reportError(Input, std::move(E));
  }
  return 0;
}
