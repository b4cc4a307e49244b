//===- Engine.cpp - where a script's compiled modules run -----------------===//
//
// See Engine.h; the agent's side of RemoteEngine's protocol is in
// spec_agent.c, which describes it.
//
//===----------------------------------------------------------------------===//

#include "Engine.h"
#include "JitLoader.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace llvm;
using namespace w2o::spec;

Engine::~Engine() = default;

namespace {

Error stringError(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

//===----------------------------------------------------------------------===//
// LocalEngine
//===----------------------------------------------------------------------===//

class LocalEngine : public Engine {
public:
  LocalEngine(std::unique_ptr<JitLoader> Jit, unsigned Timeout)
      : Jit(std::move(Jit)), Env(spec_env_new()), Timeout(Timeout) {}
  ~LocalEngine() override { spec_env_free(Env); }

  Expected<uint64_t> load(ArrayRef<char> Object, StringRef Name,
                          StringRef Descriptor) override {
    auto Desc = Jit->load(Object, Name, Descriptor);
    if (!Desc)
      return Desc.takeError();
    return reinterpret_cast<uintptr_t>(*Desc);
  }
  int instantiate(uint64_t Module, uint64_t &Inst, wasirt_error &Err) override {
    wasirt_instance *I = nullptr;
    int Status =
        spec_instantiate(Env, reinterpret_cast<const wasirt_module *>(Module),
                         Timeout, &I, &Err);
    Inst = reinterpret_cast<uintptr_t>(I);
    return Status;
  }
  void registerAs(StringRef Name, uint64_t Inst) override {
    spec_env_register(Env, Name.str().c_str(), instance(Inst));
  }
  void invoke(uint64_t Inst, StringRef Field, ArrayRef<uint8_t> Types,
              ArrayRef<wasirt_value> Args, spec_outcome &Out) override {
    spec_invoke(instance(Inst), Field.data(), Field.size(), Types.data(),
                Args.data(), static_cast<uint32_t>(Args.size()), Timeout, &Out);
  }
  void get(uint64_t Inst, StringRef Field, spec_outcome &Out) override {
    spec_get(instance(Inst), Field.data(), Field.size(), &Out);
  }
  [[noreturn]] void debugCrash() override {
    raise(SIGSEGV);
    _exit(3);
  }

private:
  static wasirt_instance *instance(uint64_t H) {
    return reinterpret_cast<wasirt_instance *>(static_cast<uintptr_t>(H));
  }
  std::unique_ptr<JitLoader> Jit;
  spec_env *Env;
  unsigned Timeout;
};

//===----------------------------------------------------------------------===//
// RemoteEngine
//===----------------------------------------------------------------------===//

std::string hexOf(StringRef S) { return S.empty() ? "-" : toHex(S, true); }

std::string unhex(StringRef S) { return S == "-" ? "" : fromHex(S); }

class RemoteEngine : public Engine {
public:
  RemoteEngine(const RemoteOptions &O) : O(O) {}
  ~RemoteEngine() override {
    if (ToAgent >= 0)
      close(ToAgent);
    if (FromAgent >= 0)
      close(FromAgent);
    if (Pid > 0)
      waitpid(Pid, nullptr, 0);
  }
  Error start(unsigned Timeout);

  Expected<uint64_t> load(ArrayRef<char> Object, StringRef Name,
                          StringRef Descriptor) override;
  int instantiate(uint64_t Module, uint64_t &Inst, wasirt_error &Err) override {
    SmallVector<StringRef, 8> F =
        request("I " + std::to_string(Module), "i", 4);
    // i STATUS INST TRAP MESSAGE
    int Status = 0;
    unsigned Trap = 0;
    to_integer(F[1], Status);
    to_integer(F[2], Inst);
    to_integer(F[3], Trap);
    Err = {};
    Err.status = Status;
    Err.trap = static_cast<wasirt_trap_code>(Trap);
    copyMessage(F[4], Err);
    return Status;
  }
  void registerAs(StringRef Name, uint64_t Inst) override {
    request("R " + std::to_string(Inst) + " " + hexOf(Name), "r", 0);
  }
  void invoke(uint64_t Inst, StringRef Field, ArrayRef<uint8_t> Types,
              ArrayRef<wasirt_value> Args, spec_outcome &Out) override {
    std::string Req;
    raw_string_ostream OS(Req);
    OS << "C " << Inst << " " << hexOf(Field) << " " << Args.size();
    for (size_t I = 0; I < Args.size(); ++I)
      OS << " " << unsigned(Types[I]) << " " << valueHex(Args[I]);
    outcome(Req, Out);
  }
  void get(uint64_t Inst, StringRef Field, spec_outcome &Out) override {
    outcome("G " + std::to_string(Inst) + " " + hexOf(Field), Out);
  }
  [[noreturn]] void debugCrash() override {
    // The agent crashes; this process ends as it did.
    request("X", "x", 0);
    agentDied("did not crash");
  }

private:
  static std::string valueHex(const wasirt_value &V) {
    return toHex(StringRef(reinterpret_cast<const char *>(&V), sizeof V), true);
  }
  static void copyMessage(StringRef Hex, wasirt_error &Err) {
    std::string M = unhex(Hex);
    snprintf(Err.message, sizeof Err.message, "%s", M.c_str());
  }
  void outcome(const std::string &Req, spec_outcome &Out);
  /// Sends one request and reads its reply, which must start with Tag and
  /// have at least MinFields fields after it.
  SmallVector<StringRef, 8> request(const std::string &Req, StringRef Tag,
                                    size_t MinFields);
  /// Sends Req; false if the agent stopped reading.
  bool send(const std::string &Req);
  /// Reads one reply into Reply; false at the end of the stream.
  bool receive();
  [[noreturn]] void agentDied(const Twine &Why);

  RemoteOptions O;
  pid_t Pid = -1;
  int ToAgent = -1, FromAgent = -1;
  std::string Pending, Reply;
  unsigned NextObject = 0;
};

Error RemoteEngine::start(unsigned Timeout) {
  int In[2], Out[2];
  if (pipe2(In, O_CLOEXEC) != 0)
    return stringError("pipe failed");
  if (pipe2(Out, O_CLOEXEC) != 0) {
    close(In[0]);
    close(In[1]);
    return stringError("pipe failed");
  }
  std::string T = std::to_string(Timeout);
  std::vector<const char *> Argv;
  if (!O.Qemu.empty()) {
    Argv.push_back(O.Qemu.c_str());
    if (!O.QemuSysroot.empty()) {
      Argv.push_back("-L");
      Argv.push_back(O.QemuSysroot.c_str());
    }
  }
  Argv.push_back(O.Agent.c_str());
  Argv.push_back(T.c_str());
  Argv.push_back(nullptr);
  // A dead agent is seen as the end of its output, not as SIGPIPE.
  signal(SIGPIPE, SIG_IGN);
  pid_t P = fork();
  if (P < 0)
    return stringError("fork failed");
  if (P == 0) {
    dup2(In[0], 0);
    dup2(Out[1], 1);
    execv(Argv[0], const_cast<char *const *>(Argv.data()));
    _exit(127);
  }
  close(In[0]);
  close(Out[1]);
  Pid = P;
  ToAgent = In[1];
  FromAgent = Out[0];
  // The agent answers: it runs.
  if (!send("H") || !receive() || Reply != "h")
    return stringError("cannot run " + O.Agent +
                       (O.Qemu.empty() ? "" : " under " + O.Qemu));
  return Error::success();
}

void RemoteEngine::agentDied(const Twine &Why) {
  errs() << "spec-runner: spec-agent " << Why << "\n";
  errs().flush();
  int Status = 0;
  if (Pid > 0 && waitpid(Pid, &Status, 0) == Pid && WIFSIGNALED(Status)) {
    // End as it did, so that the driver reports the crash as it reports
    // one in this process.
    signal(WTERMSIG(Status), SIG_DFL);
    raise(WTERMSIG(Status));
  }
  _exit(3);
}

bool RemoteEngine::send(const std::string &Req) {
  std::string Line = Req + "\n";
  for (size_t Done = 0; Done < Line.size();) {
    ssize_t N = ::write(ToAgent, Line.data() + Done, Line.size() - Done);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    Done += N;
  }
  return true;
}

bool RemoteEngine::receive() {
  size_t Pos;
  while ((Pos = Pending.find('\n')) == std::string::npos) {
    char Buf[65536];
    ssize_t N = ::read(FromAgent, Buf, sizeof Buf);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    Pending.append(Buf, N);
  }
  Reply = Pending.substr(0, Pos);
  Pending.erase(0, Pos + 1);
  return true;
}

SmallVector<StringRef, 8>
RemoteEngine::request(const std::string &Req, StringRef Tag, size_t MinFields) {
  if (!send(Req))
    agentDied("stopped reading");
  if (!receive())
    agentDied("ended during \"" + StringRef(Req).take_front(40) + "\"");
  SmallVector<StringRef, 8> Fields;
  SplitString(Reply, Fields, " ");
  if (Fields.empty() || Fields[0] != Tag || Fields.size() < MinFields + 1)
    agentDied("replied \"" + StringRef(Reply).take_front(80) + "\" to \"" +
              StringRef(Req).take_front(40) + "\"");
  return Fields;
}

void RemoteEngine::outcome(const std::string &Req, spec_outcome &Out) {
  // o PROBLEM DETAIL STATUS TRAP N (TYPE VALUE){N} MESSAGE
  SmallVector<StringRef, 8> F = request(Req, "o", 6);
  unsigned Trap = 0;
  to_integer(F[1], Out.problem);
  to_integer(F[2], Out.detail);
  to_integer(F[3], Out.status);
  to_integer(F[4], Trap);
  to_integer(F[5], Out.n);
  if (Out.n > SPEC_MAX_VALUES || F.size() != 7 + 2 * Out.n)
    agentDied("replied \"" + StringRef(Reply).take_front(80) + "\"");
  Out.err = {};
  Out.err.status = Out.status;
  Out.err.trap = static_cast<wasirt_trap_code>(Trap);
  for (uint32_t I = 0; I < Out.n; ++I) {
    to_integer(F[6 + 2 * I], Out.types[I]);
    std::string Bytes = fromHex(F[7 + 2 * I]);
    if (Bytes.size() != sizeof(wasirt_value))
      agentDied("sent a bad value");
    std::memcpy(&Out.values[I], Bytes.data(), sizeof(wasirt_value));
  }
  copyMessage(F.back(), Out.err);
}

Expected<uint64_t> RemoteEngine::load(ArrayRef<char> Object, StringRef Name,
                                      StringRef Descriptor) {
  // The import symbols (w2o_ MODULE Q_ FIELD): the resolver provides or
  // refuses every import, so their definitions are never used.
  std::vector<std::string> Args = {O.Lld, "-shared", "--eh-frame-hdr"};
  {
    auto Obj = object::ObjectFile::createObjectFile(
        MemoryBufferRef(StringRef(Object.data(), Object.size()), Name));
    if (!Obj)
      return Obj.takeError();
    for (const object::SymbolRef &S : (*Obj)->symbols()) {
      Expected<uint32_t> Flags = S.getFlags();
      Expected<StringRef> SymName = S.getName();
      if (!Flags || !SymName)
        return stringError("unreadable symbol table");
      if ((*Flags & object::SymbolRef::SF_Undefined) &&
          SymName->starts_with("w2o_") && SymName->contains("Q_") &&
          !SymName->starts_with("w2o_module_"))
        Args.push_back(("--defsym=" + *SymName + "=0").str());
    }
  }
  std::string Base = O.ScratchDir + "/m" + std::to_string(NextObject++);
  std::string ObjPath = Base + ".o", SoPath = Base + ".so",
              ErrPath = Base + ".err";
  {
    std::error_code EC;
    raw_fd_ostream OS(ObjPath, EC);
    if (EC)
      return stringError("cannot write " + ObjPath + ": " + EC.message());
    OS.write(Object.data(), Object.size());
  }
  Args.insert(Args.end(), {"-o", SoPath, ObjPath});
  std::vector<StringRef> ArgRefs(Args.begin(), Args.end());
  std::optional<StringRef> Redirects[] = {StringRef(""), StringRef(ErrPath),
                                          StringRef(ErrPath)};
  std::string ErrMsg;
  int RC = sys::ExecuteAndWait(O.Lld, ArgRefs, std::nullopt, Redirects, 120, 0,
                               &ErrMsg);
  sys::fs::remove(ObjPath);
  if (RC != 0) {
    auto Text = MemoryBuffer::getFile(ErrPath);
    std::string First =
        Text ? (*Text)->getBuffer().trim().split('\n').first.str() : ErrMsg;
    sys::fs::remove(ErrPath);
    return stringError("ld.lld failed: " + First);
  }
  sys::fs::remove(ErrPath);
  SmallVector<StringRef, 8> F =
      request("L " + hexOf(SoPath) + " " + hexOf(Descriptor), "l", 2);
  // The agent has it mapped.
  sys::fs::remove(SoPath);
  uint64_t Handle = 0;
  if (!to_integer(F[1], Handle) || Handle == 0)
    return stringError("spec-agent: " + unhex(F[2]));
  return Handle;
}

} // namespace

Expected<std::unique_ptr<Engine>>
w2o::spec::createLocalEngine(unsigned CallTimeout) {
  auto J = JitLoader::create();
  if (!J)
    return J.takeError();
  return std::make_unique<LocalEngine>(std::move(*J), CallTimeout);
}

Expected<std::unique_ptr<Engine>>
w2o::spec::createRemoteEngine(const RemoteOptions &O, unsigned CallTimeout) {
  auto E = std::make_unique<RemoteEngine>(O);
  if (Error Err = E->start(CallTimeout))
    return Err;
  return std::unique_ptr<Engine>(std::move(E));
}
