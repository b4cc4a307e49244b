//===- ScriptRunner.h - running the commands of one script ----------------===//
//
// Runs every command of one script in one bounds-check mode (the modules
// run in this process or in spec-agent: Engine.h), and reports each result as a
// one-line record (see Records below) as soon as it is known, so that the
// driver still knows how far a script got when the process running it crashes.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_SPEC_SCRIPTRUNNER_H
#define WASM2OBJ_SPEC_SCRIPTRUNNER_H

#include "Compiler.h"
#include "Engine.h"
#include "Features.h"
#include "WastScript.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <map>
#include <string>
#include <vector>

namespace w2o::spec {

struct RunOptions {
  Features Feats = Features::wasm2();
  BoundsChecks Bounds = BoundsChecks::Guard;
  unsigned OptLevel = 2;
  std::string CPU; ///< empty: the portable default
  /// CompileOptions::PartitionBytes: smaller sends the suite's modules
  /// through partitioned code generation and the merge of its objects.
  uint64_t PartitionBytes = CompileOptions().PartitionBytes;
  /// Triple empty: the host, in this process; otherwise that target, in
  /// spec-agent (Engine.h).
  RemoteOptions Remote;
  /// Folder holding the script's module files.
  std::string ModuleDir;
  /// The wasm2obj CLI to check rejections with; empty: no CLI checks.
  std::string CliPath;
  /// Its --features arguments, equivalent to Feats.
  std::vector<std::string> CliFeatures;
  /// Scratch folder for the CLI's output.
  std::string ScratchDir;
  /// Lines of known failures (not run, reported as skipped) and why.
  std::map<unsigned, std::string> KnownFailures;
  /// Seconds a call into wasm may run before it is interrupted (0: no
  /// limit). An interrupted call fails; the script goes on.
  unsigned CallTimeout = 0;
  /// Resuming after a crash: commands before ResumeAt were reported by an
  /// earlier process and are replayed silently (those that change state);
  /// command ResumeAt is reported failed with ResumeReason.
  size_t ResumeAt = 0;
  std::string ResumeReason;
  /// Commands (indices below ResumeAt) that crashed earlier processes:
  /// not replayed.
  std::vector<size_t> Crashed;
  /// Tests the runner: the process crashes at the command of this line.
  unsigned DebugCrashLine = 0;
};

/// Records, one line each, fields separated by one space, the message last:
///   T <commands> <cli checks>   first: what is going to be reported
///   P <line>                    passed
///   F <line> <message>          failed
///   N <line>                    not applicable (a text-format module)
///   S <line> <reason>           skipped: a known failure
///   CP <line>                   the CLI rejected the module as it must
///   CF <line> <message>         it did not
///   CS <line>                   not checked: a known failure
///   E <message>                 the script could not be run at all
///   D                           last: everything was reported
using RecordSink = llvm::function_ref<void(llvm::StringRef)>;

/// Runs S, whose modules are in O.ModuleDir. Emits every record but E.
void runScript(const Script &S, const RunOptions &O, RecordSink Emit);

/// How many CLI checks runScript performs for S.
unsigned countCliChecks(const Script &S);

} // namespace w2o::spec

#endif
