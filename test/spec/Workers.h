//===- Workers.h - running scripts in child processes ---------------------===//
//
// A unit of work is one script in one bounds-check mode. Each runs in a
// forked child process, so that a crash in generated code or in the runtime
// ends only that unit: the child streams its records (ScriptRunner.h)
// through a pipe. When a child dies (or reports nothing for too long), the
// command it was running is counted as failed and a new child resumes the
// script after it, replaying the earlier commands silently to rebuild the
// state; if that does not get further, what was not reported is counted as
// failed. Up to Jobs children run at a time.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_SPEC_WORKERS_H
#define WASM2OBJ_SPEC_WORKERS_H

#include "Compiler.h"
#include "Engine.h"
#include "Features.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include <map>
#include <string>
#include <vector>

namespace w2o::spec {

/// A script to run, with what it needs.
struct ScriptFile {
  std::string Path; ///< the .wast file
  std::string
      Label;      ///< its name in the output ("proposals/threads/atomic.wast")
  Features Feats; ///< what the decoder accepts
  std::vector<std::string> Wast2JsonFlags;
  std::vector<std::string> CliFeatures; ///< wasm2obj --features=... arguments
  uint64_t Size = 0;
};

struct Unit {
  unsigned File = 0;
  BoundsChecks Bounds = BoundsChecks::Guard;
  bool CliChecks = false;
  std::map<unsigned, std::string> KnownFailures; ///< line -> reason
};

/// A failure or a note about one line of a script.
struct Diag {
  unsigned Line = 0;
  std::string Text;
};

/// What a unit's records add up to.
struct UnitResult {
  unsigned Total = 0, CliTotal = 0;
  bool HaveTotal = false, Done = false;
  unsigned Passed = 0, Failed = 0, Skipped = 0, NotApplicable = 0;
  unsigned CliPassed = 0, CliFailed = 0, CliSkipped = 0;
  unsigned LastLine = 0;
  double Seconds = 0; ///< wall time of the processes that ran it
  std::vector<Diag> Failures, Skips, CliFailures;
  std::vector<unsigned> SkippedLines;

  void record(llvm::StringRef Record);
  /// After the child has ended: accounts for what it did not report.
  void finish(llvm::StringRef HowItEnded);
  unsigned reported() const {
    return Passed + Failed + Skipped + NotApplicable;
  }
};

struct PoolOptions {
  unsigned Jobs = 1;
  bool Fork = true;
  /// A child that reports nothing for this long is killed.
  unsigned TimeoutSeconds = 120;
  /// Limit of one call into wasm (RunOptions::CallTimeout).
  unsigned CallTimeout = 5;
  /// A child that crashes is replaced by one that resumes after the
  /// command it crashed in, at most this many times per unit.
  unsigned MaxRestarts = 100;
  unsigned OptLevel = 2;
  uint64_t PartitionBytes = CompileOptions().PartitionBytes;
  std::string CPU;
  RemoteOptions Remote; ///< Triple empty: in-process (Engine.h)
  std::string Wast2Json;
  std::string CliPath;
  unsigned DebugCrashLine = 0;
};

/// Runs every unit and calls Finished(index) as each completes (in any
/// order); Results[index] is then final.
void runUnits(const std::vector<ScriptFile> &Files,
              const std::vector<Unit> &Units, const PoolOptions &O,
              std::vector<UnitResult> &Results,
              llvm::function_ref<void(size_t)> Finished);

} // namespace w2o::spec

#endif
