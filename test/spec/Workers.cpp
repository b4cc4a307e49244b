//===- Workers.cpp - running scripts in child processes -------------------===//

#include "Workers.h"
#include "ScriptRunner.h"
#include "WastScript.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace llvm;
using namespace w2o::spec;

//===----------------------------------------------------------------------===//
// Records
//===----------------------------------------------------------------------===//

void UnitResult::record(StringRef R) {
  auto [Tag, Rest] = R.split(' ');
  if (Tag == "T") {
    if (HaveTotal)
      return; // a child resuming the script
    auto [Cmds, Cli] = Rest.split(' ');
    HaveTotal =
        !Cmds.getAsInteger(10, Total) && !Cli.getAsInteger(10, CliTotal);
    return;
  }
  if (Tag == "D") {
    Done = true;
    return;
  }
  if (Tag == "E") {
    ++Failed;
    Failures.push_back({0, Rest.str()});
    Done = true;
    return;
  }
  auto [LineText, Msg] = Rest.split(' ');
  unsigned Line = 0;
  if (LineText.getAsInteger(10, Line)) {
    ++Failed;
    Failures.push_back({LastLine, "garbled record: " + R.str()});
    return;
  }
  if (Tag == "CP") {
    ++CliPassed;
    return;
  }
  if (Tag == "CS") {
    ++CliSkipped;
    return;
  }
  if (Tag == "CF") {
    ++CliFailed;
    CliFailures.push_back({Line, Msg.str()});
    return;
  }
  LastLine = Line;
  if (Tag == "P") {
    ++Passed;
  } else if (Tag == "F") {
    ++Failed;
    Failures.push_back({Line, Msg.str()});
  } else if (Tag == "N") {
    ++NotApplicable;
  } else if (Tag == "S") {
    ++Skipped;
    Skips.push_back({Line, Msg.str()});
    SkippedLines.push_back(Line);
  } else {
    ++Failed;
    Failures.push_back({Line, "garbled record: " + R.str()});
  }
}

void UnitResult::finish(StringRef HowItEnded) {
  if (Done)
    return;
  if (!HaveTotal) {
    ++Failed;
    Failures.push_back({0, ("the script did not run: " + HowItEnded).str()});
    return;
  }
  unsigned Missing = Total > reported() ? Total - reported() : 0;
  unsigned Reported = CliPassed + CliFailed + CliSkipped;
  unsigned CliMissing = CliTotal > Reported ? CliTotal - Reported : 0;
  Failed += Missing;
  CliFailed += CliMissing;
  std::string Where = LastLine ? "after this line" : "before the first command";
  Failures.push_back(
      {LastLine,
       (HowItEnded + " " + Where + "; " + Twine(Missing) +
        " remaining commands" +
        (CliMissing ? " and " + Twine(CliMissing) + " CLI checks" : Twine()) +
        " counted as failed")
           .str()});
}

//===----------------------------------------------------------------------===//
// One unit, in whatever process runs it
//===----------------------------------------------------------------------===//

namespace {

/// One run of a unit: from the start, or resuming after a crash.
struct Attempt {
  size_t Unit = 0;
  unsigned Number = 0;
  size_t ResumeAt = 0;
  std::string Reason;
  std::vector<size_t> Crashed; ///< commands that crashed earlier attempts
};

void runUnit(const ScriptFile &F, const Unit &U, const Attempt &A,
             const PoolOptions &O, StringRef TempDir, RecordSink Emit) {
  SmallString<256> Json(TempDir), Stderr(TempDir);
  // Modules are then NAME.N.wasm, as wast2json run by hand names them.
  sys::path::append(Json, sys::path::stem(F.Path) + ".json");
  sys::path::append(Stderr, "wast2json.stderr");
  std::vector<StringRef> Args = {O.Wast2Json};
  for (const std::string &Flag : F.Wast2JsonFlags)
    Args.push_back(Flag);
  Args.insert(Args.end(), {F.Path, "-o", Json});
  std::optional<StringRef> Redirects[] = {StringRef(""), StringRef(Stderr),
                                          StringRef(Stderr)};
  std::string ErrMsg;
  int RC = sys::ExecuteAndWait(O.Wast2Json, Args, std::nullopt, Redirects,
                               /*SecondsToWait=*/120, 0, &ErrMsg);
  if (RC != 0) {
    auto Text = MemoryBuffer::getFile(Stderr);
    StringRef First = Text ? (*Text)->getBuffer().trim().split('\n').first
                           : StringRef(ErrMsg);
    // Line 0 of the known failures: the script itself cannot be converted.
    auto Whole = U.KnownFailures.find(0);
    if (Whole != U.KnownFailures.end()) {
      Emit("S 0 " + Whole->second + " (wast2json: " + First.str() + ")");
      Emit("D");
      return;
    }
    Emit(("E wast2json failed (status " + Twine(RC) + "): " + First).str());
    return;
  }
  auto Buf = MemoryBuffer::getFile(Json);
  if (!Buf) {
    Emit("E cannot read " + Json.str().str());
    return;
  }
  Expected<Script> S = parseScript((*Buf)->getBuffer());
  if (!S) {
    std::string Msg = toString(S.takeError());
    std::replace(Msg.begin(), Msg.end(), '\n', ' ');
    Emit("E bad wast2json output: " + Msg);
    return;
  }
  RunOptions RO;
  RO.Feats = F.Feats;
  RO.Bounds = U.Bounds;
  RO.OptLevel = O.OptLevel;
  RO.PartitionBytes = O.PartitionBytes;
  RO.CPU = O.CPU;
  RO.Remote = O.Remote;
  RO.Remote.ScratchDir = TempDir.str();
  RO.ModuleDir = TempDir.str();
  RO.ScratchDir = TempDir.str();
  if (U.CliChecks)
    RO.CliPath = O.CliPath;
  RO.CliFeatures = F.CliFeatures;
  RO.KnownFailures = U.KnownFailures;
  RO.CallTimeout = O.CallTimeout;
  RO.ResumeAt = A.ResumeAt;
  RO.ResumeReason = A.Reason;
  RO.Crashed = A.Crashed;
  RO.DebugCrashLine = O.DebugCrashLine;
  runScript(*S, RO, Emit);
}

std::string describeStatus(int Status) {
  if (WIFSIGNALED(Status)) {
    int Sig = WTERMSIG(Status);
    return "crashed with signal " + std::to_string(Sig) + " (" +
           strsignal(Sig) + ")";
  }
  if (WIFEXITED(Status))
    return "exited with status " + std::to_string(WEXITSTATUS(Status));
  return "ended";
}

void writeAll(int Fd, StringRef Data) {
  while (!Data.empty()) {
    ssize_t N = ::write(Fd, Data.data(), Data.size());
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      _exit(3); // the parent is gone
    Data = Data.drop_front(N);
  }
}

struct Child {
  Attempt Run;
  pid_t Pid = -1;
  int Fd = -1;
  std::string Pending; // an incomplete last line
  std::chrono::steady_clock::time_point Start, LastProgress;
  bool TimedOut = false;
  SmallString<128> TempDir;
};

std::string makeTempDir() {
  SmallString<128> Dir;
  if (std::error_code EC = sys::fs::createUniqueDirectory("spec-runner", Dir))
    report_fatal_error(Twine("cannot create a temporary folder: ") +
                       EC.message());
  return std::string(Dir);
}

/// Forks a child that runs the unit; returns false if fork failed.
bool startChild(const ScriptFile &F, const Unit &U, const PoolOptions &O,
                Child &C) {
  int Fds[2];
  if (pipe2(Fds, O_CLOEXEC) != 0)
    return false;
  C.TempDir = makeTempDir();
  outs().flush();
  errs().flush();
  pid_t Pid = fork();
  if (Pid < 0) {
    close(Fds[0]);
    close(Fds[1]);
    sys::fs::remove_directories(C.TempDir);
    return false;
  }
  if (Pid == 0) {
    // The child: its own process group (a timeout kills the tools it runs
    // too), and no life beyond the parent's.
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    close(Fds[0]);
    int Out = Fds[1];
    runUnit(F, U, C.Run, O, C.TempDir,
            [Out](StringRef Record) { writeAll(Out, (Record + "\n").str()); });
    _exit(0);
  }
  setpgid(Pid, Pid); // as the child does, whichever runs first
  close(Fds[1]);
  C.Pid = Pid;
  C.Fd = Fds[0];
  C.Start = C.LastProgress = std::chrono::steady_clock::now();
  return true;
}

/// Reads what is available; returns false at the end of the stream.
bool drain(Child &C, UnitResult &R) {
  char Buf[65536];
  ssize_t N = ::read(C.Fd, Buf, sizeof Buf);
  if (N < 0 && (errno == EINTR || errno == EAGAIN))
    return true;
  if (N <= 0)
    return false;
  C.LastProgress = std::chrono::steady_clock::now();
  C.Pending.append(Buf, N);
  size_t Pos;
  while ((Pos = C.Pending.find('\n')) != std::string::npos) {
    R.record(StringRef(C.Pending).take_front(Pos));
    C.Pending.erase(0, Pos + 1);
  }
  return true;
}

} // namespace

void w2o::spec::runUnits(const std::vector<ScriptFile> &Files,
                         const std::vector<Unit> &Units, const PoolOptions &O,
                         std::vector<UnitResult> &Results,
                         function_ref<void(size_t)> Finished) {
  Results.assign(Units.size(), UnitResult());
  // Longest first: big scripts started last would dominate the wall time.
  std::vector<size_t> Order(Units.size());
  for (size_t I = 0; I < Order.size(); ++I)
    Order[I] = I;
  std::stable_sort(Order.begin(), Order.end(), [&](size_t A, size_t B) {
    return Files[Units[A].File].Size > Files[Units[B].File].Size;
  });

  if (!O.Fork) {
    for (size_t I : Order) {
      std::string Dir = makeTempDir();
      Attempt A;
      A.Unit = I;
      auto Start = std::chrono::steady_clock::now();
      runUnit(Files[Units[I].File], Units[I], A, O, Dir,
              [&](StringRef Record) { Results[I].record(Record); });
      Results[I].Seconds = std::chrono::duration<double>(
                               std::chrono::steady_clock::now() - Start)
                               .count();
      Results[I].finish("stopped");
      sys::fs::remove_directories(Dir);
      Finished(I);
    }
    return;
  }

  // Attempts to start: resumptions first, then the units in order.
  std::deque<Attempt> Queue;
  for (size_t I : Order) {
    Attempt A;
    A.Unit = I;
    Queue.push_back(A);
  }
  std::vector<Child> Running;
  while (!Queue.empty() || !Running.empty()) {
    while (!Queue.empty() && Running.size() < std::max(1u, O.Jobs)) {
      Child C;
      C.Run = Queue.front();
      if (!startChild(Files[Units[C.Run.Unit].File], Units[C.Run.Unit], O, C)) {
        if (Running.empty())
          report_fatal_error("cannot start a child process");
        break; // retry when one has ended
      }
      Queue.pop_front();
      Running.push_back(std::move(C));
    }
    std::vector<pollfd> Fds;
    for (const Child &C : Running)
      Fds.push_back({C.Fd, POLLIN, 0});
    int N = poll(Fds.data(), Fds.size(), /*ms=*/1000);
    if (N < 0 && errno != EINTR)
      report_fatal_error("poll failed");
    for (size_t I = Running.size(); I-- > 0;) {
      Child &C = Running[I];
      UnitResult &R = Results[C.Run.Unit];
      bool Open = true;
      if (N > 0 && Fds[I].revents)
        Open = drain(C, R);
      if (Open && !C.TimedOut &&
          std::chrono::steady_clock::now() - C.LastProgress >
              std::chrono::seconds(O.TimeoutSeconds)) {
        kill(-C.Pid, SIGKILL);
        C.TimedOut = true;
      }
      if (Open)
        continue;
      close(C.Fd);
      int Status = 0;
      while (waitpid(C.Pid, &Status, 0) < 0 && errno == EINTR) {
      }
      if (!C.Pending.empty())
        R.record(C.Pending);
      sys::fs::remove_directories(C.TempDir);
      R.Seconds += std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - C.Start)
                       .count();
      std::string How = C.TimedOut
                            ? "timed out (nothing reported for " +
                                  std::to_string(O.TimeoutSeconds) + " s)"
                            : describeStatus(Status);
      Attempt Run = std::move(C.Run);
      Running.erase(Running.begin() + I);
      // Resume after the command that crashed, if the last attempt got
      // anywhere.
      bool Progress = Run.Number == 0 || R.reported() > Run.ResumeAt;
      if (!R.Done && R.HaveTotal && R.reported() < R.Total && Progress &&
          Run.Number < O.MaxRestarts) {
        Attempt Next;
        Next.Unit = Run.Unit;
        Next.Number = Run.Number + 1;
        Next.ResumeAt = R.reported();
        Next.Reason = How;
        Next.Crashed = std::move(Run.Crashed);
        if (Run.Number > 0)
          Next.Crashed.push_back(Run.ResumeAt);
        Queue.push_front(std::move(Next));
        continue;
      }
      R.finish(How);
      Finished(Run.Unit);
    }
  }
}
