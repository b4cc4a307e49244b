//===- Link.cpp - an executable in one step, with lld in-process ----------===//
//
// --emit=exe links the object with libwasirt.a and the C library exactly
// as `cc app.o -lwasirt` would on a GNU/Linux system: position-independent
// executable, the distribution's C runtime start files (Scrt1.o, crti.o,
// crtbeginS.o ... crtendS.o, crtn.o) and dynamic linker, libgcc, libc.
// The start files are found where Debian-style multiarch systems keep them
// (and GCC's in /usr/lib/gcc/TRIPLE/VERSION), or for another architecture
// where Debian's cross toolchains do (/usr/TRIPLE/lib, and GCC's in
// /usr/lib/gcc-cross/TRIPLE/VERSION); lld itself runs in-process.
//
//===----------------------------------------------------------------------===//

#include "Compiler.h"
#include "lld/Common/Driver.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"
#include <mutex>

LLD_HAS_DRIVER(elf)

using namespace w2o;
using namespace llvm;

namespace {

struct Platform {
  std::string Emulation;     // -m
  std::string DynamicLinker; // -dynamic-linker
  std::string CrtDir;        // Scrt1.o crti.o crtn.o
  std::string GccDir;        // crtbeginS.o crtendS.o libgcc.a
  std::vector<std::string> LibDirs;
};

bool exists(const Twine &P) { return sys::fs::exists(P); }

// The highest GCC version directory under /usr/lib/gcc/MULTIARCH (or
// gcc-cross) that has crtbeginS.o.
std::string findGccDir(StringRef Multiarch) {
  std::string Best;
  std::vector<unsigned> BestVersion;
  for (StringRef Root :
       {"/usr/lib/gcc/", "/usr/lib64/gcc/", "/usr/lib/gcc-cross/"}) {
    std::error_code EC;
    std::string Dir = (Root + Multiarch).str();
    for (sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
         It.increment(EC)) {
      std::string Path = It->path();
      if (!exists(Path + "/crtbeginS.o"))
        continue;
      SmallVector<StringRef, 4> Parts;
      StringRef(sys::path::filename(Path)).split(Parts, '.');
      std::vector<unsigned> Version;
      for (StringRef P : Parts) {
        unsigned V = 0;
        P.getAsInteger(10, V);
        Version.push_back(V);
      }
      if (Best.empty() || Version > BestVersion) {
        Best = Path;
        BestVersion = Version;
      }
    }
  }
  return Best;
}

Expected<Platform> findPlatform(const Triple &TT) {
  Platform P;
  std::string Multiarch;
  switch (TT.getArch()) {
  case Triple::x86_64:
    Multiarch = "x86_64-linux-gnu";
    P.Emulation = "elf_x86_64";
    P.DynamicLinker = "/lib64/ld-linux-x86-64.so.2";
    break;
  case Triple::aarch64:
    Multiarch = "aarch64-linux-gnu";
    P.Emulation = "aarch64linux";
    P.DynamicLinker = "/lib/ld-linux-aarch64.so.1";
    break;
  default:
    return createStringError(inconvertibleErrorCode(),
                             "--emit=exe supports x86_64 and aarch64 "
                             "GNU/Linux targets; link the object with cc "
                             "instead");
  }
  if (!TT.isOSLinux())
    return createStringError(inconvertibleErrorCode(),
                             "--emit=exe supports GNU/Linux targets only; "
                             "link the object with cc instead");
  // The unqualified library folders hold the host's architecture only.
  bool Native = TT.getArch() == Triple(sys::getProcessTriple()).getArch();
  std::string Cross = "/usr/" + Multiarch + "/lib";
  std::vector<std::string> CrtDirs = {"/usr/lib/" + Multiarch,
                                      "/lib/" + Multiarch, Cross};
  if (Native)
    CrtDirs.insert(CrtDirs.end(), {"/usr/lib64", "/usr/lib"});
  for (const std::string &Dir : CrtDirs)
    if (exists(Dir + "/Scrt1.o")) {
      P.CrtDir = Dir;
      break;
    }
  P.GccDir = findGccDir(Multiarch);
  if (P.CrtDir.empty() || P.GccDir.empty())
    return createStringError(
        inconvertibleErrorCode(),
        "cannot find the C runtime start files for " + Multiarch +
            " (install libc6-dev and gcc, or link the object with cc)");
  P.LibDirs = {P.GccDir, "/usr/lib/" + Multiarch, "/lib/" + Multiarch, Cross};
  if (Native)
    P.LibDirs.insert(P.LibDirs.end(), {"/usr/lib", "/lib"});
  return P;
}

} // namespace

std::mutex &w2o::lldMutex() {
  static std::mutex M;
  return M;
}

Error w2o::linkExecutable(ArrayRef<char> Object, const CompileOptions &Opts,
                          StringRef RuntimeLibrary, StringRef OutPath) {
  Triple TT(Opts.Triple.empty() ? sys::getDefaultTargetTriple()
                                : Triple::normalize(Opts.Triple));
  Expected<Platform> P = findPlatform(TT);
  if (!P)
    return P.takeError();
  if (!exists(RuntimeLibrary))
    return createStringError(inconvertibleErrorCode(),
                             "cannot find libwasirt.a at '" +
                                 RuntimeLibrary.str() +
                                 "' (use --wasirt=PATH)");

  SmallString<128> ObjPath;
  int FD;
  if (std::error_code EC =
          sys::fs::createTemporaryFile("wasm2obj-exe", "o", FD, ObjPath))
    return createStringError(EC, "cannot create a temporary file");
  auto Cleanup = make_scope_exit([&] { sys::fs::remove(ObjPath); });
  {
    raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS.write(Object.data(), Object.size());
  }

  // Link next to the output and rename, so a failure leaves nothing.
  SmallString<256> TmpOut(OutPath);
  TmpOut += ".tmp%%%%%%";
  if (std::error_code EC = sys::fs::createUniqueFile(TmpOut, TmpOut))
    return createStringError(EC, "cannot create '" + OutPath.str() + "'");
  auto CleanupOut = make_scope_exit([&] { sys::fs::remove(TmpOut); });

  std::vector<std::string> Args = {"ld.lld",
                                   "-pie",
                                   "--eh-frame-hdr",
                                   "-m",
                                   P->Emulation,
                                   "-dynamic-linker",
                                   P->DynamicLinker,
                                   "-o",
                                   std::string(TmpOut),
                                   P->CrtDir + "/Scrt1.o",
                                   P->CrtDir + "/crti.o",
                                   P->GccDir + "/crtbeginS.o"};
  for (const std::string &D : P->LibDirs)
    Args.push_back("-L" + D);
  for (const char *A : {"-z", "relro", "--hash-style=gnu", "--build-id"})
    Args.push_back(A);
  Args.push_back(std::string(ObjPath));
  Args.push_back(RuntimeLibrary.str());
  for (const char *A :
       {"-lgcc", "--as-needed", "-lgcc_s", "--no-as-needed", "-lc", "-lgcc",
        "--as-needed", "-lgcc_s", "--no-as-needed"})
    Args.push_back(A);
  Args.push_back(P->GccDir + "/crtendS.o");
  Args.push_back(P->CrtDir + "/crtn.o");

  std::vector<const char *> Argv;
  for (const std::string &A : Args)
    Argv.push_back(A.c_str());
  std::string Diag;
  raw_string_ostream DiagOS(Diag);
  {
    std::lock_guard<std::mutex> Lock(lldMutex());
    lld::Result R =
        lld::lldMain(Argv, DiagOS, DiagOS, {{lld::Gnu, &lld::elf::link}});
    if (R.retCode != 0)
      return createStringError(inconvertibleErrorCode(),
                               "linking failed:\n" + DiagOS.str());
  }
  if (std::error_code EC = sys::fs::rename(TmpOut, OutPath))
    return createStringError(EC, "cannot write '" + OutPath.str() + "'");
  return Error::success();
}
