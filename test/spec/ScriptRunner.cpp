//===- ScriptRunner.cpp - running the commands of one script --------------===//
//
// Modules go through decodeModule + compileModule to an object file, as
// in the CLI, and the object is linked in-process (JitLoader.h). Every
// module gets its own symbol prefix, so that all of a script's modules live
// in one JIT and any of them can import from the others.
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
#include "HostModule.h"
#include "JitLoader.h"
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
#include <unistd.h>

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

// The watchdog: a call into wasm that runs longer than its limit (an
// endless loop, say) gets SIGALRM, whose handler raises a trap as the
// runtime's fault handler does; the runtime unwinds to the guard of the
// call, and the script goes on. Only armed while wasm runs.
volatile sig_atomic_t InWasm = 0;
volatile sig_atomic_t Interrupted = 0;

void onAlarm(int) {
  if (!InWasm)
    return;
  InWasm = 0;
  Interrupted = 1;
  // The guard's jump buffer does not restore the signal mask.
  sigset_t Set;
  sigemptyset(&Set);
  sigaddset(&Set, SIGALRM);
  sigprocmask(SIG_UNBLOCK, &Set, nullptr);
  wasirt_raise(WASIRT_TRAP_HOST);
}

class Watchdog {
public:
  explicit Watchdog(unsigned Seconds) : Seconds(Seconds) {
    Interrupted = 0;
    if (!Seconds)
      return;
    InWasm = 1;
    alarm(Seconds);
  }
  ~Watchdog() {
    if (!Seconds)
      return;
    alarm(0);
    InWasm = 0;
  }
  static bool fired() { return Interrupted; }
  static std::string message(unsigned Seconds) {
    return "interrupted after " + std::to_string(Seconds) +
           " s (an endless loop?)";
  }

private:
  unsigned Seconds;
};

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
  Expected<const wasirt_module *> compileAndLoad(StringRef File);
  int instantiate(const wasirt_module *M, wasirt_instance **Out,
                  wasirt_error &Err);
  ActionResult perform(const Action &A);
  wasirt_instance *findInstance(StringRef Name, std::string &Problem);
  std::string modulePath(StringRef File) const;

  const RunOptions &O;
  RecordSink Emit;
  std::unique_ptr<JitLoader> Jit;
  std::string JitError;
  HostEnvironment Host;
  std::map<std::string, wasirt_instance *> Named;
  wasirt_instance *Current = nullptr;
  bool HaveCurrent = false;
  unsigned NextModule = 0;
};

void ScriptRunner::run(const Script &S) {
  Emit(("T " + Twine(S.Commands.size()) + " " +
        Twine(O.CliPath.empty() ? 0 : countCliChecks(S)))
           .str());
  if (O.CallTimeout) {
    struct sigaction SA;
    std::memset(&SA, 0, sizeof SA);
    SA.sa_handler = onAlarm;
    sigemptyset(&SA.sa_mask);
    sigaction(SIGALRM, &SA, nullptr);
  }
  if (auto J = JitLoader::create())
    Jit = std::move(*J);
  else
    JitError = toText(J.takeError()).Text;
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
  Current = nullptr;
  HaveCurrent = true;
  if (!C.Name.empty())
    Named[C.Name] = nullptr;
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
  CO.CPU = O.CPU;
  CO.Bounds = O.Bounds;
  CO.ModuleName = ModuleName.str();
  CO.EmitMainAlias = false;
  // As the CLI: all cores (only modules with more than about 100 KiB of
  // code are split into partitions; none of the suite's are).
  CO.Jobs = std::max(1u, std::thread::hardware_concurrency());
  return compileModule(**M, CO, EmitKind::Object, Object);
}

Expected<const wasirt_module *> ScriptRunner::compileAndLoad(StringRef File) {
  if (!Jit)
    return createStringError(inconvertibleErrorCode(), "no JIT: " + JitError);
  std::string Name = "spec" + std::to_string(NextModule++);
  SmallVector<char, 0> Object;
  if (Error E = compile(File, Object, Name)) {
    ErrorText T = toText(std::move(E));
    return createStringError(inconvertibleErrorCode(),
                             "compile error: " + T.Text);
  }
  auto Desc = Jit->load(Object, File, descriptorSymbol(Name));
  if (!Desc)
    return createStringError(inconvertibleErrorCode(),
                             "link error: " + toText(Desc.takeError()).Text);
  return Desc;
}

int ScriptRunner::instantiate(const wasirt_module *M, wasirt_instance **Out,
                              wasirt_error &Err) {
  wasirt_config Cfg = Host.config();
  int Status;
  {
    Watchdog W(O.CallTimeout);
    Status = wasirt_instantiate(M, &Cfg, Out, &Err);
  }
  if (Watchdog::fired())
    snprintf(Err.message, sizeof Err.message, "%s",
             Watchdog::message(O.CallTimeout).c_str());
  return Status;
}

Failure ScriptRunner::module(const Command &C) {
  // Until this one is ready, actions on the current module must fail
  // rather than run against the previous one.
  Current = nullptr;
  HaveCurrent = true;
  if (!C.Name.empty())
    Named[C.Name] = nullptr;
  auto Desc = compileAndLoad(C.Filename);
  if (!Desc)
    return failed(C.Filename + ": " + toText(Desc.takeError()).Text);
  wasirt_instance *Inst = nullptr;
  wasirt_error Err = {};
  if (instantiate(*Desc, &Inst, Err) != WASIRT_OK)
    return failed(C.Filename + ": instantiation failed: " + Err.message);
  Current = Inst;
  if (!C.Name.empty())
    Named[C.Name] = Inst;
  return std::nullopt;
}

wasirt_instance *ScriptRunner::findInstance(StringRef Name,
                                            std::string &Problem) {
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
  return It == Named.end() ? nullptr : It->second;
}

Failure ScriptRunner::registerAs(const Command &C) {
  std::string Problem;
  wasirt_instance *Inst = findInstance(C.Name, Problem);
  if (!Inst)
    return failed(quoted(C.As) + ": " + Problem);
  Host.registerInstance(C.As, Inst);
  return std::nullopt;
}

/// The type of function export Index of M.
const wasirt_functype *exportType(const wasirt_module *M, uint32_t Index) {
  uint32_t Type = UINT32_MAX;
  if (Index >= M->n_imported_funcs) {
    Type = M->funcs[Index - M->n_imported_funcs].type;
  } else {
    for (uint32_t I = 0; I < M->n_imports; ++I)
      if (M->imports[I].kind == WASIRT_EXTERN_FUNC &&
          M->imports[I].index == Index)
        Type = M->imports[I].type;
  }
  return Type < M->counts.types ? &M->types[Type] : nullptr;
}

ActionResult ScriptRunner::perform(const Action &A) {
  ActionResult R;
  wasirt_instance *Inst = findInstance(A.Module, R.Problem);
  if (!Inst)
    return R;
  const wasirt_module *M = wasirt_instance_module(Inst);
  const wasirt_export *Ex = nullptr;
  for (uint32_t I = 0; I < M->n_exports; ++I)
    if (StringRef(M->exports[I].name, M->exports[I].name_len) == A.Field)
      Ex = &M->exports[I];
  wasirt_extern Ext;
  if (!Ex || wasirt_instance_export_n(Inst, A.Field.data(), A.Field.size(),
                                      &Ext) != WASIRT_OK) {
    R.Problem = "unknown export";
    return R;
  }

  if (A.K == Action::Kind::Get) {
    std::optional<ValKind> K;
    if (Ext.kind == WASIRT_EXTERN_GLOBAL)
      K = valKindOf(Ext.u.global.valtype);
    if (!K) {
      R.Problem = "not a global of a known type";
      return R;
    }
    R.Kinds.push_back(*K);
    R.Values.push_back(readCell(*K, Ext.u.global.cell));
    return R;
  }

  const wasirt_functype *T =
      Ext.kind == WASIRT_EXTERN_FUNC ? exportType(M, Ex->index) : nullptr;
  if (!T) {
    R.Problem = "not a function";
    return R;
  }
  if (T->n_params != A.Args.size()) {
    R.Problem = "takes " + std::to_string(T->n_params) + " arguments";
    return R;
  }
  std::vector<wasirt_value> Vals(
      std::max<size_t>({T->n_params, T->n_results, 1}));
  for (uint32_t I = 0; I < T->n_params; ++I) {
    std::optional<wasirt_value> V = toRuntimeValue(A.Args[I]);
    if (!V || valtypeCode(A.Args[I].Kind) != T->params[I]) {
      R.Problem = "bad argument " + describe(A.Args[I]);
      return R;
    }
    Vals[I] = *V;
  }
  for (uint32_t I = 0; I < T->n_results; ++I) {
    std::optional<ValKind> K = valKindOf(T->results[I]);
    if (!K) {
      R.Problem = "result of an unknown type";
      return R;
    }
    R.Kinds.push_back(*K);
  }
  {
    Watchdog W(O.CallTimeout);
    R.Status = wasirt_call_funcref(&Ext.u.func, T, Vals.data(), &R.Err);
  }
  if (Watchdog::fired())
    R.Problem = Watchdog::message(O.CallTimeout);
  if (R.Status == WASIRT_OK)
    R.Values.assign(Vals.begin(), Vals.begin() + T->n_results);
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
  wasirt_instance *Inst = nullptr;
  wasirt_error Err = {};
  int Status = instantiate(*Desc, &Inst, Err);
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
