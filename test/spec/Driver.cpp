//===- Driver.cpp - spec-runner: the spec test suite through wasm2obj -----===//
//
//   spec-runner [options] [file.wast...]
//
// Runs the given scripts, or every core script of the test suite (SIMD
// excluded for now; --proposals adds proposals/*/, --simd the SIMD
// scripts), in both bounds-check modes: guard pages (the default) and
// explicit checks, compiled for the host and run in this process, or
// with --target for another target and run by --agent (Engine.h). Prints
// one line per script, its failures above it, then the totals (the first
// two names followed by --label-suffix):
//
//   spec: N passed, N failed[, N skipped][, N n/a]            (guard)
//   spec-explicit: N passed, N failed[, N skipped][, N n/a]   (explicit)
//   spec-cli: N passed, N failed       (the wasm2obj CLI rejects every
//                                       invalid or malformed binary)
//
// "skipped" are the known failures of test/spec/known-failures.txt, which
// are not run; "n/a" are assert_malformed commands on text-format modules,
// which test the text parser, not a compiler. Exits with 1 if anything
// failed.
//
//===----------------------------------------------------------------------===//

#include "Workers.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

using namespace llvm;
using namespace w2o;
using namespace w2o::spec;

#ifndef W2O_SPEC_TESTSUITE
#define W2O_SPEC_TESTSUITE ""
#endif
#ifndef W2O_SPEC_WAST2JSON
#define W2O_SPEC_WAST2JSON "wast2json"
#endif
#ifndef W2O_SPEC_WASM2OBJ
#define W2O_SPEC_WASM2OBJ ""
#endif
#ifndef W2O_SPEC_KNOWN_FAILURES
#define W2O_SPEC_KNOWN_FAILURES ""
#endif

namespace {

cl::OptionCategory Category("spec-runner options");

cl::list<std::string> Inputs(cl::Positional, cl::desc("[file.wast...]"),
                             cl::cat(Category));
cl::opt<std::string> TestSuite("testsuite",
                               cl::desc("the spec test suite folder"),
                               cl::init(W2O_SPEC_TESTSUITE), cl::cat(Category));
cl::opt<bool> Proposals("proposals",
                        cl::desc("also run the proposal suites (proposals/*/)"),
                        cl::cat(Category));
cl::opt<bool> Simd("simd", cl::desc("also run the simd_*.wast scripts"),
                   cl::cat(Category));
cl::opt<std::string> Mode("mode",
                          cl::desc("bounds-check modes: both, guard or "
                                   "explicit"),
                          cl::init("both"), cl::cat(Category));
cl::opt<std::string> Wast2Json("wast2json", cl::desc("the wast2json tool"),
                               cl::init(W2O_SPEC_WAST2JSON), cl::cat(Category));
cl::opt<std::string>
    CliPath("wasm2obj",
            cl::desc("the wasm2obj CLI, to check that it rejects invalid and "
                     "malformed modules (empty: no CLI checks)"),
            cl::init(W2O_SPEC_WASM2OBJ), cl::cat(Category));
cl::opt<std::string> KnownFailuresPath("known-failures",
                                       cl::desc("the list of known failures"),
                                       cl::init(W2O_SPEC_KNOWN_FAILURES),
                                       cl::cat(Category));
cl::opt<bool> RunKnownFailures(
    "run-known-failures",
    cl::desc("run the known failures too, counting them as any command"),
    cl::cat(Category));
cl::opt<unsigned> Jobs("j", cl::desc("parallel jobs (default: all cores)"),
                       cl::init(0), cl::Prefix, cl::cat(Category));
cl::opt<bool> Timing("timing",
                     cl::desc("print how long each script took in each mode"),
                     cl::cat(Category));
cl::opt<std::string>
    CPU("cpu",
        cl::desc("target CPU of the compiled modules, as wasm2obj --cpu "
                 "(default: the portable baseline); the host must run it"),
        cl::cat(Category));
cl::opt<std::string> TargetTriple(
    "target",
    cl::desc("compile the modules for this triple and run them in "
             "--agent (under --qemu): Engine.h (default: the host, "
             "in this process)"),
    cl::cat(Category));
cl::opt<std::string> Qemu("qemu",
                          cl::desc("the qemu-user binary that runs --agent"),
                          cl::cat(Category));
cl::opt<std::string> QemuSysroot("qemu-sysroot",
                                 cl::desc("qemu's -L: the target's libraries"),
                                 cl::cat(Category));
cl::opt<std::string>
    LabelSuffix("label-suffix",
                cl::desc("appended to the names of the summary lines "
                         "(spec, spec-explicit)"),
                cl::cat(Category));
cl::opt<std::string> Agent("agent", cl::desc("spec-agent built for --target"),
                           cl::cat(Category));
cl::opt<std::string> Lld("lld",
                         cl::desc("ld.lld, which links --target's modules "
                                  "into shared libraries for --agent"),
                         cl::init("ld.lld"), cl::cat(Category));
cl::opt<unsigned> OptLevel("O", cl::desc("optimisation level (default 2)"),
                           cl::init(2), cl::Prefix, cl::cat(Category));
cl::opt<uint64_t> PartitionBytes(
    "partition-bytes",
    cl::desc("wasm code bytes per code generation partition, as wasm2obj "
             "--partition-bytes (default 65536; 1 compiles every function "
             "in a partition of its own and merges the objects)"),
    cl::init(CompileOptions().PartitionBytes), cl::cat(Category));
cl::opt<unsigned>
    Timeout("timeout",
            cl::desc("kill a script's process after this many seconds "
                     "without a result, and resume after the command it was "
                     "running (default 120)"),
            cl::init(120), cl::cat(Category));
cl::opt<unsigned>
    CallTimeout("call-timeout",
                cl::desc("interrupt a call into wasm after this many seconds "
                         "(default 5, 0: never)"),
                cl::init(5), cl::cat(Category));
cl::opt<bool> NoFork("no-fork",
                     cl::desc("run scripts one by one in this process (for "
                              "debugging; a crash ends the run)"),
                     cl::cat(Category));
cl::opt<unsigned>
    MaxFailures("max-failures",
                cl::desc("failures printed per script (default 20, 0: all)"),
                cl::init(20), cl::cat(Category));

cl::opt<unsigned> DebugCrashAt(
    "debug-crash-at",
    cl::desc("crash the process running a script at the command of this "
             "line (tests the runner)"),
    cl::init(0), cl::Hidden, cl::cat(Category));

/// The proposal folders we know how to run, with their wast2json flag and
/// wasm2obj feature.
struct ProposalInfo {
  const char *Dir, *Wast2JsonFlag, *Feature;
};
const ProposalInfo KnownProposals[] = {
    {"tail-call", "--enable-tail-call", "tail-call"},
    {"extended-const", "--enable-extended-const", "extended-const"},
    {"multi-memory", "--enable-multi-memory", "multi-memory"},
    {"memory64", "--enable-memory64", "memory64"},
    {"threads", "--enable-threads", "threads"},
    {"exception-handling", "--enable-exceptions", "exceptions"},
    {"relaxed-simd", "--enable-relaxed-simd", "relaxed-simd"},
};

std::string relativeLabel(StringRef Path) {
  SmallString<256> Abs(Path), Root(TestSuite);
  sys::fs::make_absolute(Abs);
  sys::fs::make_absolute(Root);
  sys::path::remove_dots(Abs, true);
  sys::path::remove_dots(Root, true);
  StringRef A = Abs;
  if (!Root.empty() && A.consume_front(Root) && A.consume_front("/"))
    return A.str();
  return sys::path::filename(Path).str();
}

Expected<ScriptFile> makeScript(StringRef Path) {
  ScriptFile F;
  F.Path = Path.str();
  F.Label = relativeLabel(Path);
  // Core scripts: wast2json's default features (--enable-all would type
  // ref.func as a typed function reference and reject ref_func.wast and
  // table_grow.wast), and WebAssembly 2.0 for the decoder and the CLI.
  F.Feats = Features::wasm2();
  F.CliFeatures = {"--features=-all", "--features=simd"};
  uint64_t Size = 0;
  if (std::error_code EC = sys::fs::file_size(Path, Size))
    return createStringError(EC, "cannot read " + Path + ": " + EC.message());
  F.Size = Size;
  auto Enable = [&F](const ProposalInfo &P) {
    F.Wast2JsonFlags.push_back(P.Wast2JsonFlag);
    F.Feats.set(P.Feature);
    F.CliFeatures.push_back(std::string("--features=") + P.Feature);
  };
  // A script under proposals/<name>/ enables that proposal.
  StringRef Parent = sys::path::parent_path(Path);
  if (sys::path::filename(sys::path::parent_path(Parent)) == "proposals") {
    StringRef Dir = sys::path::filename(Parent);
    const ProposalInfo *P = nullptr;
    for (const ProposalInfo &K : KnownProposals)
      if (Dir == K.Dir)
        P = &K;
    if (!P)
      return createStringError(inconvertibleErrorCode(),
                               "unsupported proposal suite " + Dir);
    Enable(*P);
    return F;
  }
  // Any other script may enable proposals in a comment line of its first
  // 4 KiB: ";; features: exceptions tail-call" (our own scripts).
  auto Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return createStringError(Buf.getError(), "cannot read " + Path);
  StringRef Head = (*Buf)->getBuffer().take_front(4096);
  StringRef Key = ";; features:";
  size_t At = Head.starts_with(Key) ? 0 : Head.find(("\n" + Key).str());
  if (At == StringRef::npos)
    return F;
  if (At != 0)
    ++At; // past the newline
  StringRef Line = Head.substr(At + Key.size()).split('\n').first;
  SmallVector<StringRef, 4> Names;
  Line.split(Names, ' ', -1, /*KeepEmpty=*/false);
  for (StringRef Name : Names) {
    const ProposalInfo *P = nullptr;
    for (const ProposalInfo &K : KnownProposals)
      if (Name == K.Feature)
        P = &K;
    if (!P)
      return createStringError(inconvertibleErrorCode(),
                               "unknown feature " + Name + " in " + Path);
    Enable(*P);
  }
  return F;
}

std::vector<std::string> listWast(StringRef Dir, bool WithSimd) {
  std::vector<std::string> Paths;
  std::error_code EC;
  for (sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    StringRef Name = sys::path::filename(It->path());
    if (!Name.ends_with(".wast") || (!WithSimd && Name.starts_with("simd_")))
      continue;
    Paths.push_back(It->path());
  }
  llvm::sort(Paths);
  return Paths;
}

std::vector<std::string> defaultScripts() {
  std::vector<std::string> Paths = listWast(TestSuite, Simd);
  if (Proposals)
    for (const ProposalInfo &P : KnownProposals) {
      SmallString<256> Dir(TestSuite);
      sys::path::append(Dir, "proposals", P.Dir);
      for (std::string &S : listWast(Dir, Simd))
        Paths.push_back(std::move(S));
    }
  return Paths;
}

/// known-failures.txt: "label:LINE [mode] reason" per line, '#' comments.
struct KnownFailure {
  std::string Label;
  unsigned Line = 0;
  std::string Mode;   ///< "", "guard" or "explicit"
  std::string CPU;    ///< "": every run; else only runs with this --cpu
  std::string Triple; ///< "": every run; else only runs with this --target
  std::string Reason;
  bool Used = false;
};

Expected<std::vector<KnownFailure>> readKnownFailures(StringRef Path) {
  std::vector<KnownFailure> List;
  if (Path.empty())
    return List;
  auto Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return createStringError(Buf.getError(), "cannot read " + Path);
  SmallVector<StringRef, 0> Lines;
  (*Buf)->getBuffer().split(Lines, '\n');
  for (size_t I = 0; I < Lines.size(); ++I) {
    StringRef L = Lines[I].split('#').first.trim();
    if (L.empty())
      continue;
    KnownFailure K;
    auto [Where, Rest] = L.split(' ');
    auto [Label, LineText] = Where.rsplit(':');
    Rest = Rest.trim();
    if (Rest.consume_front("[guard]"))
      K.Mode = "guard";
    else if (Rest.consume_front("[explicit]"))
      K.Mode = "explicit";
    Rest = Rest.trim();
    if (Rest.consume_front("[cpu:")) {
      auto [Name, After] = Rest.split(']');
      K.CPU = Name.str();
      Rest = After.trim();
    }
    if (Rest.consume_front("[target:")) {
      auto [Name, After] = Rest.split(']');
      K.Triple = Name.str();
      Rest = After;
    }
    K.Label = Label.str();
    K.Reason = Rest.trim().str();
    if (LineText.getAsInteger(10, K.Line) || K.Reason.empty())
      return createStringError(inconvertibleErrorCode(),
                               Path + ":" + Twine(I + 1) +
                                   ": expected 'file.wast:LINE [mode] "
                                   "[cpu:NAME] [target:TRIPLE] reason'");
    List.push_back(std::move(K));
  }
  return List;
}

/// The features that code for CPU may use and this host lacks (x86 and
/// the like: those the host reports on), space-separated; empty when the
/// host can run it.
std::string missingHostFeatures(StringRef CPUName) {
  InitializeNativeTarget();
  std::string TT = sys::getDefaultTargetTriple(), Err;
  const Target *T = TargetRegistry::lookupTarget(TT, Err);
  if (!T)
    return "(no target for " + TT + ")";
  std::unique_ptr<MCSubtargetInfo> STI(
      T->createMCSubtargetInfo(TT, CPUName, ""));
  StringMap<bool> Host = sys::getHostCPUFeatures();
  std::string Missing;
  for (const SubtargetFeatureKV &KV : STI->getAllProcessorFeatures()) {
    auto It = Host.find(KV.Key);
    if (It != Host.end() && !It->second &&
        STI->checkFeatures(std::string("+") + KV.Key))
      Missing += (Missing.empty() ? "" : " ") + std::string(KV.Key);
  }
  return Missing;
}

const char *modeName(BoundsChecks B) {
  return B == BoundsChecks::Explicit ? "explicit" : "guard";
}

struct Totals {
  unsigned Passed = 0, Failed = 0, Skipped = 0, NotApplicable = 0;
  void add(const UnitResult &R) {
    Passed += R.Passed;
    Failed += R.Failed;
    Skipped += R.Skipped;
    NotApplicable += R.NotApplicable;
  }
};

std::string countsText(unsigned Passed, unsigned Failed, unsigned Skipped,
                       unsigned NotApplicable) {
  std::string S =
      std::to_string(Passed) + " passed, " + std::to_string(Failed) + " failed";
  if (Skipped)
    S += ", " + std::to_string(Skipped) + " skipped";
  if (NotApplicable)
    S += ", " + std::to_string(NotApplicable) + " n/a";
  return S;
}

std::string countsText(const UnitResult &R) {
  return countsText(R.Passed, R.Failed, R.Skipped, R.NotApplicable);
}

/// Prints the diagnostics of one script's units: once when every mode has
/// the same one, else tagged with the modes that have it.
void printDiags(StringRef Label, const std::vector<const UnitResult *> &Rs,
                const std::vector<BoundsChecks> &Modes,
                std::vector<Diag> UnitResult::*Field, StringRef Prefix) {
  std::vector<std::pair<unsigned, std::string>> All;
  std::map<std::pair<unsigned, std::string>, std::vector<size_t>> Where;
  for (size_t M = 0; M < Rs.size(); ++M)
    for (const Diag &D : Rs[M]->*Field) {
      auto Key = std::make_pair(D.Line, D.Text);
      if (Where[Key].empty())
        All.push_back(Key);
      Where[Key].push_back(M);
    }
  unsigned Printed = 0;
  for (const auto &Key : All) {
    if (MaxFailures && Printed == MaxFailures) {
      outs() << Label << ": ... " << (All.size() - Printed) << " more\n";
      break;
    }
    ++Printed;
    outs() << Label << ":" << Key.first << ": ";
    const std::vector<size_t> &Ms = Where[Key];
    if (Ms.size() != Rs.size())
      for (size_t M : Ms)
        outs() << "[" << modeName(Modes[M]) << "] ";
    outs() << Prefix << Key.second << "\n";
  }
}

} // namespace

int main(int argc, char **argv) {
  cl::HideUnrelatedOptions(Category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "spec-runner: the WebAssembly spec test suite through wasm2obj\n");
  auto StartTime = std::chrono::steady_clock::now();

  std::vector<BoundsChecks> Modes;
  if (Mode == "both" || Mode == "guard")
    Modes.push_back(BoundsChecks::Guard);
  if (Mode == "both" || Mode == "explicit")
    Modes.push_back(BoundsChecks::Explicit);
  if (Modes.empty()) {
    errs() << "spec-runner: error: --mode must be both, guard or explicit\n";
    return 2;
  }

  std::vector<std::string> Paths(Inputs.begin(), Inputs.end());
  if (Paths.empty()) {
    if (TestSuite.empty()) {
      errs() << "spec-runner: error: no scripts and no --testsuite\n";
      return 2;
    }
    Paths = defaultScripts();
    if (Paths.empty()) {
      errs() << "spec-runner: error: no .wast files in " << TestSuite << "\n";
      return 2;
    }
  }
  std::vector<ScriptFile> Files;
  for (const std::string &P : Paths) {
    Expected<ScriptFile> F = makeScript(P);
    if (!F) {
      errs() << "spec-runner: error: " << toString(F.takeError()) << "\n";
      return 2;
    }
    Files.push_back(std::move(*F));
  }

  if (!TargetTriple.empty() && Agent.empty()) {
    errs() << "spec-runner: error: --target needs --agent\n";
    return 2;
  }
  // Code for another CPU runs here only if this host has its features.
  if (TargetTriple.empty() && !CPU.empty() && CPU != "native") {
    std::string Missing = missingHostFeatures(CPU);
    if (!Missing.empty()) {
      outs() << "spec-runner: this host cannot run code for --cpu=" << CPU
             << " (it lacks " << Missing << "): no script run\n";
      for (BoundsChecks B : Modes)
        outs() << (B == BoundsChecks::Guard ? "spec" : "spec-explicit")
               << LabelSuffix << ": 0 passed, 0 failed, " << Files.size()
               << " skipped\n";
      return 0;
    }
  }

  auto Known = readKnownFailures(KnownFailuresPath);
  if (!Known) {
    errs() << "spec-runner: error: " << toString(Known.takeError()) << "\n";
    return 2;
  }

  // Whether a known failure is one of this run's in a bounds-check mode.
  auto Applies = [](const KnownFailure &K, BoundsChecks B) {
    return (K.Mode.empty() || K.Mode == modeName(B)) &&
           (K.CPU.empty() || K.CPU == CPU) &&
           (K.Triple.empty() || K.Triple == TargetTriple);
  };

  // Units: every script in every mode; the first mode also checks the CLI.
  std::vector<Unit> Units;
  for (unsigned F = 0; F < Files.size(); ++F)
    for (size_t M = 0; M < Modes.size(); ++M) {
      Unit U;
      U.File = F;
      U.Bounds = Modes[M];
      U.CliChecks = M == 0 && !CliPath.empty();
      if (!RunKnownFailures)
        for (const KnownFailure &K : *Known)
          if (K.Label == Files[F].Label && Applies(K, Modes[M]))
            U.KnownFailures[K.Line] = K.Reason;
      Units.push_back(std::move(U));
    }

  PoolOptions PO;
  PO.Jobs = Jobs ? Jobs : std::max(1u, std::thread::hardware_concurrency());
  PO.Fork = !NoFork;
  PO.TimeoutSeconds = Timeout;
  PO.CallTimeout = CallTimeout;
  PO.DebugCrashLine = DebugCrashAt;
  PO.OptLevel = OptLevel;
  PO.PartitionBytes = PartitionBytes;
  PO.CPU = CPU;
  PO.Remote.Triple = TargetTriple;
  PO.Remote.Qemu = Qemu;
  PO.Remote.QemuSysroot = QemuSysroot;
  PO.Remote.Agent = Agent;
  PO.Remote.Lld = Lld;
  PO.Wast2Json = Wast2Json;
  PO.CliPath = CliPath;

  // Print each script's block as soon as it and all before it are done.
  std::vector<UnitResult> Results;
  std::vector<unsigned> Pending(Files.size(), Modes.size());
  unsigned NextToPrint = 0;
  std::vector<Totals> ModeTotals(Modes.size());
  unsigned CliPassed = 0, CliFailed = 0, CliSkipped = 0;
  auto PrintFile = [&](unsigned F) {
    std::vector<const UnitResult *> Rs;
    for (size_t M = 0; M < Modes.size(); ++M)
      Rs.push_back(&Results[F * Modes.size() + M]);
    const std::string &Label = Files[F].Label;
    printDiags(Label, Rs, Modes, &UnitResult::Skips,
               "skipped (known failure): ");
    printDiags(Label, Rs, Modes, &UnitResult::Failures, "");
    printDiags(Label, Rs, Modes, &UnitResult::CliFailures, "[cli] ");
    std::string Line = Label + ": " + countsText(*Rs[0]);
    for (size_t M = 1; M < Rs.size(); ++M) {
      std::string Other = countsText(*Rs[M]);
      if (Other != countsText(*Rs[0]) ||
          Rs[M]->Failures.size() != Rs[0]->Failures.size())
        Line += "; " + std::string(modeName(Modes[M])) + ": " + Other;
    }
    if (Timing) {
      Line += " (";
      for (size_t M = 0; M < Rs.size(); ++M)
        Line += (M ? ", " : "") + std::string(modeName(Modes[M])) + " " +
                formatv("{0:f1}", Rs[M]->Seconds).str() + " s";
      Line += ")";
    }
    outs() << Line << "\n";
    outs().flush();
    for (size_t M = 0; M < Modes.size(); ++M) {
      ModeTotals[M].add(*Rs[M]);
      CliPassed += Rs[M]->CliPassed;
      CliFailed += Rs[M]->CliFailed;
      CliSkipped += Rs[M]->CliSkipped;
      for (unsigned L : Rs[M]->SkippedLines)
        for (KnownFailure &K : *Known)
          if (K.Label == Label && K.Line == L)
            K.Used = true;
    }
  };
  runUnits(Files, Units, PO, Results, [&](size_t U) {
    --Pending[Units[U].File];
    while (NextToPrint < Files.size() && Pending[NextToPrint] == 0)
      PrintFile(NextToPrint++);
  });

  // Entries that name a script that ran but match none of its commands.
  StringSet<> Ran;
  for (const ScriptFile &F : Files)
    Ran.insert(F.Label);
  if (!RunKnownFailures)
    for (const KnownFailure &K : *Known)
      if (!K.Used && Ran.contains(K.Label) &&
          llvm::any_of(Modes, [&](BoundsChecks B) { return Applies(K, B); }))
        outs() << "warning: " << KnownFailuresPath << ": " << K.Label << ":"
               << K.Line << " matches no command\n";

  bool AnyFailed = false;
  for (size_t M = 0; M < Modes.size(); ++M) {
    const Totals &T = ModeTotals[M];
    AnyFailed |= T.Failed != 0;
    outs() << (Modes[M] == BoundsChecks::Guard ? "spec" : "spec-explicit")
           << LabelSuffix << ": "
           << countsText(T.Passed, T.Failed, T.Skipped, T.NotApplicable)
           << "\n";
  }
  if (!CliPath.empty()) {
    AnyFailed |= CliFailed != 0;
    outs() << "spec-cli: " << countsText(CliPassed, CliFailed, CliSkipped, 0)
           << "\n";
  }
  outs().flush();
  double Seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - StartTime)
                       .count();
  errs() << "spec-runner: " << Files.size() << " scripts, " << Modes.size()
         << " modes, " << PO.Jobs << " jobs, " << format("%.1f", Seconds)
         << " s\n";
  return AnyFailed ? 1 : 0;
}
