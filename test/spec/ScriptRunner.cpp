//===- ScriptRunner.cpp - running the commands of one script --------------===//
//
// Modules go through decodeModule + compileModule to an object file, as
// in the CLI, for the host or RunOptions::Remote's target, and an Engine
// (Engine.h) links, instantiates and runs them: in this process, or in
// spec-agent under qemu-user. Every module gets its own symbol prefix, so
// that all of a script's modules can live in one JIT.
//
// Command semantics follow the spec interpreter's script runner:
//   module                compile, link, instantiate; becomes the current
//                         module (and $name's)
//   register              make a module's exports importable under a name
//   action                invoke or get; must not trap
//   assert_return         results equal the expected values
//   assert_trap           the action (or the module's instantiation) traps
//                         with the expected message
//   assert_exhaustion     the action traps with "call stack exhausted"
//   assert_exception      the action throws an uncaught exception
//   assert_invalid        decode + compile must reject the binary module
//   assert_malformed      the same; text-format modules are not applicable
//   assert_unlinkable     instantiation fails with WASIRT_ERR_LINK
//   assert_uninstantiable instantiation traps with the expected message
//
//===----------------------------------------------------------------------===//

#include "ScriptRunner.h"
#include "Engine.h"
#include "Values.h"
#include "WasmError.h"
#include "wasm2obj/wasirt.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <csignal>
#include <cstring>
#include <optional>
#include <thread>

using namespace llvm;
using namespace w2o;
using namespace w2o::spec;

namespace {

/// Empty: the command passed; otherwise why it failed.
using Failure = std::optional<std::string>;

Failure failed(const Twine &Msg) { return Msg.str(); }

/// A compile error as text, and whether it was the translator saying
/// "unsupported" rather than rejecting the module.
struct ErrorText {
  std::string Text;
  bool Unsupported = false;
  bool Internal = false; ///< not a WasmError: a bug, whatever the module
};

ErrorText toText(Error E) {
  ErrorText R;
  handleAllErrors(
      std::move(E),
      [&](const WasmError &WE) {
        R.Text = "0x" + utohexstr(WE.offset(), /*LowerCase=*/true) + ": " +
                 WE.describe();
        R.Unsupported = WE.kind() == WasmErrorKind::Unsupported;
      },
      [&](const ErrorInfoBase &EI) {
        R.Text = EI.message();
        R.Internal = true;
      });
  // Records are one line.
  std::replace(R.Text.begin(), R.Text.end(), '\n', ' ');
  return R;
}

/// A wasm name for a message: quoted, control bytes escaped.
std::string quoted(StringRef Name) {
  std::string S = "\"";
  raw_string_ostream OS(S);
  printEscapedString(Name, OS);
  return S + "\"";
}

std::string describeAction(const Action &A) {
  std::string S = A.K == Action::Kind::Invoke ? "invoke " : "get ";
  if (!A.Module.empty())
    S += A.Module + " ";
  S += quoted(A.Field);
  if (A.K == Action::Kind::Invoke) {
    S += "(";
    for (size_t I = 0; I < A.Args.size(); ++I)
      S += (I ? ", " : "") + describe(A.Args[I]);
    S += ")";
  }
  return S;
}

/// The spec interpreter appends the segment index to one of its messages
/// ("uninitialized element 2"); our trap codes carry no index, so an
/// expected text that is a trap message followed by a number matches it.
bool trapTextMatches(StringRef Expected, StringRef Actual) {
  if (Expected == Actual)
    return true;
  if (!Expected.consume_front(Actual) || !Expected.consume_front(" "))
    return false;
  return !Expected.empty() && all_of(Expected, isDigit);
}

/// What performing an action gave.
struct ActionResult {
  std::string Problem; ///< the harness could not perform it at all
  int Status = WASIRT_OK;
  wasirt_error Err = {};
  std::vector<ValKind> Kinds;
  std::vector<wasirt_value> Values;
};

class ScriptRunner {
public:
  ScriptRunner(const RunOptions &O, RecordSink Emit) : O(O), Emit(Emit) {}
  void run(const Script &S);

private:
  Failure runCommand(const Command &C);
  void skipped(const Command &C);
  static std::string subject(const Command &C);
  Failure module(const Command &C);
  Failure registerAs(const Command &C);
  Failure assertReturn(const Command &C);
  Failure assertTrapLike(const Command &C, StringRef Text, bool Exception);
  Failure assertRejected(const Command &C);
  Failure assertNotInstantiable(const Command &C, bool Link);
  void cliCheck(const Command &C);

  Error compile(StringRef File, SmallVectorImpl<char> &Object,
                StringRef ModuleName);
  Expected<uint64_t> compileAndLoad(StringRef File);
  ActionResult perform(const Action &A);
  uint64_t findInstance(StringRef Name, std::string &Problem);
  std::string modulePath(StringRef File) const;

  const RunOptions &O;
  RecordSink Emit;
  std::unique_ptr<Engine> Eng;
  std::string EngineError;
  std::map<std::string, uint64_t> Named; ///< 0: the module failed
  uint64_t Current = 0;
  /// An action's outcome (large: not on the stack).
  std::unique_ptr<spec_outcome> Outcome = std::make_unique<spec_outcome>();
  bool HaveCurrent = false;
  unsigned NextModule = 0;
};

void ScriptRunner::run(const Script &S) {
  Emit(("T " + Twine(S.Commands.size()) + " " +
        Twine(O.CliPath.empty() ? 0 : countCliChecks(S)))
           .str());
  auto E = O.Remote.Triple.empty()
               ? createLocalEngine(O.CallTimeout)
               : createRemoteEngine(O.Remote, O.CallTimeout);
  if (E)
    Eng = std::move(*E);
  else
    EngineError = toText(E.takeError()).Text;
  for (size_t I = 0; I < S.Commands.size(); ++I) {
    const Command &C = S.Commands[I];
    std::string Line = std::to_string(C.Line);
    bool Known = O.KnownFailures.count(C.Line);
    bool Rejection = C.Kind == CommandKind::AssertInvalid ||
                     C.Kind == CommandKind::AssertMalformed;
    if (I < O.ResumeAt) {
      // Reported by the process that crashed: rebuild its state only.
      if (Known || llvm::is_contained(O.Crashed, I))
        skipped(C);
      else if (!Rejection)
        (void)runCommand(C);
      continue;
    }
    if (C.Kind == CommandKind::AssertMalformed && C.TextModule) {
      Emit("N " + Line);
    } else if (I == O.ResumeAt && !O.ResumeReason.empty()) {
      Emit("F " + Line + " " + commandName(C.Kind) + " " + subject(C) + ": " +
           O.ResumeReason);
      if (C.Kind == CommandKind::Module)
        skipped(C);
    } else if (C.Line == O.DebugCrashLine) {
      if (Eng)
        Eng->debugCrash();
      raise(SIGSEGV);
    } else if (Known) {
      skipped(C);
      Emit("S " + Line + " " + O.KnownFailures.at(C.Line));
    } else if (Failure F = runCommand(C)) {
      std::string Msg = std::string(commandName(C.Kind)) + " " + *F;
      std::replace(Msg.begin(), Msg.end(), '\n', ' ');
      Emit("F " + Line + " " + Msg);
    } else {
      Emit("P " + Line);
    }
    if (!O.CliPath.empty() && needsCliCheck(C)) {
      if (Known)
        Emit("CS " + Line);
      else
        cliCheck(C);
    }
  }
  Emit("D");
}

void ScriptRunner::skipped(const Command &C) {
  // A module that is not created leaves no current module.
  if (C.Kind != CommandKind::Module)
    return;
  Current = 0;
  HaveCurrent = true;
  if (!C.Name.empty())
    Named[C.Name] = 0;
}

std::string ScriptRunner::subject(const Command &C) {
  return C.Act ? describeAction(*C.Act) : C.Filename;
}

Failure ScriptRunner::runCommand(const Command &C) {
  switch (C.Kind) {
  case CommandKind::Module:
    return module(C);
  case CommandKind::Register:
    return registerAs(C);
  case CommandKind::Action: {
    ActionResult R = perform(*C.Act);
    if (!R.Problem.empty())
      return failed(describeAction(*C.Act) + ": " + R.Problem);
    if (R.Status != WASIRT_OK)
      return failed(describeAction(*C.Act) + ": " + R.Err.message);
    return std::nullopt;
  }
  case CommandKind::AssertReturn:
    return assertReturn(C);
  case CommandKind::AssertTrap:
    if (!C.Act)
      return assertNotInstantiable(C, /*Link=*/false);
    return assertTrapLike(C, C.Text, /*Exception=*/false);
  case CommandKind::AssertExhaustion:
    return assertTrapLike(C, C.Text, /*Exception=*/false);
  case CommandKind::AssertException:
    return assertTrapLike(C, "", /*Exception=*/true);
  case CommandKind::AssertInvalid:
  case CommandKind::AssertMalformed:
    return assertRejected(C);
  case CommandKind::AssertUnlinkable:
    return assertNotInstantiable(C, /*Link=*/true);
  case CommandKind::AssertUninstantiable:
    return assertNotInstantiable(C, /*Link=*/false);
  }
  return failed("unknown command");
}

std::string ScriptRunner::modulePath(StringRef File) const {
  SmallString<256> P(O.ModuleDir);
  sys::path::append(P, File);
  return std::string(P);
}

Error ScriptRunner::compile(StringRef File, SmallVectorImpl<char> &Object,
                            StringRef ModuleName) {
  auto Buf = MemoryBuffer::getFile(modulePath(File));
  if (!Buf)
    return createStringError(Buf.getError(), "cannot read " + File + ": " +
                                                 Buf.getError().message());
  ArrayRef<uint8_t> Bytes(
      reinterpret_cast<const uint8_t *>((*Buf)->getBufferStart()),
      (*Buf)->getBufferSize());
  auto M = decodeModule(Bytes, O.Feats);
  if (!M)
    return M.takeError();
  CompileOptions CO;
  CO.OptLevel = O.OptLevel;
  CO.Triple = O.Remote.Triple;
  CO.CPU = O.CPU;
  CO.Bounds = O.Bounds;
  CO.ModuleName = ModuleName.str();
  CO.EmitMainAlias = false;
  CO.PartitionBytes = O.PartitionBytes;
  // As the CLI: all cores (only modules with at least twice PartitionBytes
  // of code are split into partitions; by default none of the suite's).
  CO.Jobs = std::max(1u, std::thread::hardware_concurrency());
  return compileModule(**M, CO, EmitKind::Object, Object);
}

Expected<uint64_t> ScriptRunner::compileAndLoad(StringRef File) {
  if (!Eng)
    return createStringError(inconvertibleErrorCode(),
                             "no engine: " + EngineError);
  std::string Name = "spec" + std::to_string(NextModule++);
  SmallVector<char, 0> Object;
  if (Error E = compile(File, Object, Name)) {
    ErrorText T = toText(std::move(E));
    return createStringError(inconvertibleErrorCode(),
                             "compile error: " + T.Text);
  }
  auto Desc = Eng->load(Object, File, descriptorSymbol(Name));
  if (!Desc)
    return createStringError(inconvertibleErrorCode(),
                             "link error: " + toText(Desc.takeError()).Text);
  return Desc;
}

Failure ScriptRunner::module(const Command &C) {
  // Until this one is ready, actions on the current module must fail
  // rather than run against the previous one.
  Current = 0;
  HaveCurrent = true;
  if (!C.Name.empty())
    Named[C.Name] = 0;
  auto Desc = compileAndLoad(C.Filename);
  if (!Desc)
    return failed(C.Filename + ": " + toText(Desc.takeError()).Text);
  uint64_t Inst = 0;
  wasirt_error Err = {};
  if (Eng->instantiate(*Desc, Inst, Err) != WASIRT_OK)
    return failed(C.Filename + ": instantiation failed: " + Err.message);
  Current = Inst;
  if (!C.Name.empty())
    Named[C.Name] = Inst;
  return std::nullopt;
}

uint64_t ScriptRunner::findInstance(StringRef Name, std::string &Problem) {
  if (Name.empty()) {
    if (!Current)
      Problem = HaveCurrent ? "the current module failed" : "no module";
    return Current;
  }
  auto It = Named.find(Name.str());
  if (It == Named.end())
    Problem = "unknown module " + Name.str();
  else if (!It->second)
    Problem = "module " + Name.str() + " failed";
  return It == Named.end() ? 0 : It->second;
}

Failure ScriptRunner::registerAs(const Command &C) {
  std::string Problem;
  uint64_t Inst = findInstance(C.Name, Problem);
  if (!Inst)
    return failed(quoted(C.As) + ": " + Problem);
  Eng->registerAs(C.As, Inst);
  return std::nullopt;
}

ActionResult ScriptRunner::perform(const Action &A) {
  ActionResult R;
  uint64_t Inst = findInstance(A.Module, R.Problem);
  if (!Inst)
    return R;
  spec_outcome &Out = *Outcome;
  if (A.K == Action::Kind::Get) {
    Eng->get(Inst, A.Field, Out);
  } else {
    std::vector<uint8_t> Types;
    std::vector<wasirt_value> Args;
    for (const Value &V : A.Args) {
      std::optional<wasirt_value> RV = toRuntimeValue(V);
      if (!RV) {
        R.Problem = "bad argument " + describe(V);
        return R;
      }
      Types.push_back(valtypeCode(V.Kind));
      Args.push_back(*RV);
    }
    Eng->invoke(Inst, A.Field, Types, Args, Out);
  }
  switch (Out.problem) {
  case SPEC_DONE:
    break;
  case SPEC_UNKNOWN_EXPORT:
    R.Problem = "unknown export";
    return R;
  case SPEC_NOT_GLOBAL:
    R.Problem = "not a global of a known type";
    return R;
  case SPEC_NOT_FUNCTION:
    R.Problem = "not a function";
    return R;
  case SPEC_ARITY:
    R.Problem = "takes " + std::to_string(Out.detail) + " arguments";
    return R;
  case SPEC_BAD_ARGUMENT:
    R.Problem = Out.detail < A.Args.size()
                    ? "bad argument " + describe(A.Args[Out.detail])
                    : "bad argument";
    return R;
  case SPEC_TOO_MANY_RESULTS:
    R.Problem = "too many parameters or results";
    return R;
  case SPEC_INTERRUPTED:
  default:
    R.Problem = Out.err.message;
    return R;
  }
  R.Status = Out.status;
  R.Err = Out.err;
  for (uint32_t I = 0; I < Out.n; ++I) {
    std::optional<ValKind> K = valKindOf(Out.types[I]);
    if (!K) {
      R.Problem = A.K == Action::Kind::Get ? "not a global of a known type"
                                           : "result of an unknown type";
      return R;
    }
    R.Kinds.push_back(*K);
    R.Values.push_back(A.K == Action::Kind::Get ? readCell(*K, &Out.values[I])
                                                : Out.values[I]);
  }
  return R;
}

Failure ScriptRunner::assertReturn(const Command &C) {
  ActionResult R = perform(*C.Act);
  std::string What = describeAction(*C.Act);
  if (!R.Problem.empty())
    return failed(What + ": " + R.Problem);
  if (R.Status != WASIRT_OK)
    return failed(What + ": " + R.Err.message);
  bool Ok;
  std::string Want, Got;
  if (!C.Either.empty()) {
    // One result, matching any of the alternatives.
    Ok = R.Values.size() == 1 && any_of(C.Either, [&](const Value &V) {
           return matches(V, R.Kinds[0], R.Values[0]);
         });
    for (size_t I = 0; I < C.Either.size(); ++I)
      Want += (I ? " or " : "either ") + describe(C.Either[I]);
  } else {
    Ok = R.Values.size() == C.Expected.size();
    for (size_t I = 0; Ok && I < R.Values.size(); ++I)
      Ok = matches(C.Expected[I], R.Kinds[I], R.Values[I]);
    for (size_t I = 0; I < C.Expected.size(); ++I)
      Want += (I ? ", " : "") + describe(C.Expected[I]);
  }
  if (Ok)
    return std::nullopt;
  for (size_t I = 0; I < R.Values.size(); ++I)
    Got += (I ? ", " : "") + describe(R.Kinds[I], R.Values[I]);
  return failed(What + ": expected (" + Want + "), got (" + Got + ")");
}

Failure ScriptRunner::assertTrapLike(const Command &C, StringRef Text,
                                     bool Exception) {
  ActionResult R = perform(*C.Act);
  std::string What = describeAction(*C.Act);
  if (!R.Problem.empty())
    return failed(What + ": " + R.Problem);
  std::string Want =
      Exception ? "an uncaught exception" : "trap \"" + Text.str() + "\"";
  if (R.Status == WASIRT_OK) {
    std::string Got;
    for (size_t I = 0; I < R.Values.size(); ++I)
      Got += (I ? ", " : "") + describe(R.Kinds[I], R.Values[I]);
    return failed(What + ": expected " + Want + ", got (" + Got + ")");
  }
  if (R.Status != WASIRT_ERR_TRAP)
    return failed(What + ": expected " + Want + ", got " + R.Err.message);
  if (Exception ? R.Err.trap == WASIRT_TRAP_UNCAUGHT_EXCEPTION
                : trapTextMatches(Text, wasirt_trap_message(R.Err.trap)))
    return std::nullopt;
  return failed(What + ": expected " + Want + ", got trap \"" +
                wasirt_trap_message(R.Err.trap) + "\"");
}

Failure ScriptRunner::assertRejected(const Command &C) {
  SmallVector<char, 0> Object;
  Error E = compile(C.Filename, Object, "rejected");
  if (!E)
    return failed(C.Filename + ": accepted, expected \"" + C.Text + "\"");
  ErrorText T = toText(std::move(E));
  if (T.Unsupported || T.Internal)
    return failed(C.Filename + ": expected \"" + C.Text +
                  "\", got a non-validation error: " + T.Text);
  return std::nullopt;
}

Failure ScriptRunner::assertNotInstantiable(const Command &C, bool Link) {
  auto Desc = compileAndLoad(C.Filename);
  if (!Desc)
    return failed(C.Filename + ": " + toText(Desc.takeError()).Text);
  uint64_t Inst = 0;
  wasirt_error Err = {};
  int Status = Eng->instantiate(*Desc, Inst, Err);
  std::string Want = Link ? "a link error" : "trap \"" + C.Text + "\"";
  if (Status == WASIRT_OK)
    return failed(C.Filename + ": instantiated, expected " + Want);
  if (Link ? Status == WASIRT_ERR_LINK
           : Status == WASIRT_ERR_TRAP &&
                 trapTextMatches(C.Text, wasirt_trap_message(Err.trap)))
    return std::nullopt;
  return failed(C.Filename + ": expected " + Want + ", got " + Err.message);
}

void ScriptRunner::cliCheck(const Command &C) {
  std::string Line = std::to_string(C.Line);
  auto Fail = [&](const Twine &Msg) {
    std::string M = ("wasm2obj " + C.Filename + ": " + Msg).str();
    std::replace(M.begin(), M.end(), '\n', ' ');
    Emit("CF " + Line + " " + M);
  };
  SmallString<256> Out(O.ScratchDir), Err(O.ScratchDir);
  sys::path::append(Out, "cli.o");
  sys::path::append(Err, "cli.stderr");
  // ExecuteAndWait's redirections do not truncate.
  sys::fs::remove(Out);
  sys::fs::remove(Err);
  std::string Input = modulePath(C.Filename);
  std::vector<StringRef> Args = {O.CliPath, Input, "-o", Out, "-j", "1"};
  for (const std::string &F : O.CliFeatures)
    Args.push_back(F);
  std::optional<StringRef> Redirects[] = {StringRef(""), StringRef(""),
                                          StringRef(Err)};
  std::string ErrMsg;
  int RC = sys::ExecuteAndWait(O.CliPath, Args, std::nullopt, Redirects,
                               /*SecondsToWait=*/120, 0, &ErrMsg);
  auto Text = MemoryBuffer::getFile(Err);
  StringRef Diag = Text ? (*Text)->getBuffer().trim() : "";
  StringRef FirstLine = Diag.split('\n').first;
  if (RC != 1)
    return Fail("exit status " + Twine(RC) +
                (ErrMsg.empty() ? "" : " (" + ErrMsg + ")") +
                ", expected 1; stderr: " + FirstLine);
  if (!Diag.contains("error:"))
    return Fail("no \"error:\" diagnostic; stderr: " + FirstLine);
  if (sys::fs::exists(Out))
    return Fail("left an output file behind");
  Emit("CP " + Line);
}

} // namespace

unsigned w2o::spec::countCliChecks(const Script &S) {
  return count_if(S.Commands, needsCliCheck);
}

void w2o::spec::runScript(const Script &S, const RunOptions &O,
                          RecordSink Emit) {
  ScriptRunner(O, Emit).run(S);
}
