//===- WastScript.cpp - reading wast2json output --------------------------===//

#include "WastScript.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/JSON.h"

using namespace llvm;
using namespace w2o::spec;

const char *w2o::spec::commandName(CommandKind K) {
  switch (K) {
  case CommandKind::Module:
    return "module";
  case CommandKind::Register:
    return "register";
  case CommandKind::Action:
    return "action";
  case CommandKind::AssertReturn:
    return "assert_return";
  case CommandKind::AssertTrap:
    return "assert_trap";
  case CommandKind::AssertExhaustion:
    return "assert_exhaustion";
  case CommandKind::AssertInvalid:
    return "assert_invalid";
  case CommandKind::AssertMalformed:
    return "assert_malformed";
  case CommandKind::AssertUnlinkable:
    return "assert_unlinkable";
  case CommandKind::AssertUninstantiable:
    return "assert_uninstantiable";
  case CommandKind::AssertException:
    return "assert_exception";
  }
  llvm_unreachable("bad command kind");
}

const char *w2o::spec::valKindName(ValKind K) {
  switch (K) {
  case ValKind::I32:
    return "i32";
  case ValKind::I64:
    return "i64";
  case ValKind::F32:
    return "f32";
  case ValKind::F64:
    return "f64";
  case ValKind::V128:
    return "v128";
  case ValKind::FuncRef:
    return "funcref";
  case ValKind::ExternRef:
    return "externref";
  }
  llvm_unreachable("bad value kind");
}

namespace {

Error fail(unsigned Line, const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(),
                           "line " + Twine(Line) + ": " + Msg);
}

std::optional<ValKind> parseValKind(StringRef S) {
  return StringSwitch<std::optional<ValKind>>(S)
      .Case("i32", ValKind::I32)
      .Case("i64", ValKind::I64)
      .Case("f32", ValKind::F32)
      .Case("f64", ValKind::F64)
      .Case("v128", ValKind::V128)
      .Case("funcref", ValKind::FuncRef)
      .Case("externref", ValKind::ExternRef)
      .Default(std::nullopt);
}

unsigned bitWidth(ValKind K) {
  switch (K) {
  case ValKind::I32:
  case ValKind::F32:
    return 32;
  case ValKind::I64:
  case ValKind::F64:
    return 64;
  default:
    return 0;
  }
}

// A number as wast2json writes it: the bit pattern in unsigned decimal, or
// a NaN pattern for floats.
Error parseNumber(unsigned Line, ValKind K, StringRef Text, Value::Pattern &Pat,
                  uint64_t &Bits) {
  bool IsFloat = K == ValKind::F32 || K == ValKind::F64;
  if (IsFloat && Text == "nan:canonical") {
    Pat = Value::Pattern::NanCanonical;
    return Error::success();
  }
  if (IsFloat && Text == "nan:arithmetic") {
    Pat = Value::Pattern::NanArithmetic;
    return Error::success();
  }
  Pat = Value::Pattern::Bits;
  unsigned Width = bitWidth(K);
  if (Text.getAsInteger(10, Bits) || (Width < 64 && Bits >> Width))
    return fail(Line, "bad " + Twine(valKindName(K)) + " value '" + Text + "'");
  return Error::success();
}

Expected<Value> parseValue(unsigned Line, const json::Value &JV) {
  const json::Object *O = JV.getAsObject();
  if (!O)
    return fail(Line, "a value is not an object");
  std::optional<StringRef> Type = O->getString("type");
  std::optional<ValKind> K = Type ? parseValKind(*Type) : std::nullopt;
  if (!K)
    return fail(Line, "unknown value type '" + Type.value_or("") + "'");
  Value V;
  V.Kind = *K;
  const json::Value *Val = O->get("value");
  if (!Val) {
    // An expected value without a value: for references "any function"
    // (ref.func), otherwise only the type (assert_trap's results).
    V.Pat =
        *K == ValKind::FuncRef ? Value::Pattern::AnyFunc : Value::Pattern::Any;
    return V;
  }
  switch (*K) {
  case ValKind::FuncRef:
  case ValKind::ExternRef: {
    std::optional<StringRef> S = Val->getAsString();
    if (!S)
      return fail(Line, "bad reference value");
    if (*S == "null") {
      V.Pat = Value::Pattern::Null;
      return V;
    }
    if (S->getAsInteger(10, V.Bits))
      return fail(Line, "bad reference value '" + *S + "'");
    // ref.extern N; a funcref with a number is not produced by wast2json.
    if (*K == ValKind::FuncRef)
      return fail(Line, "funcref values other than null are not supported");
    V.Pat = Value::Pattern::Extern;
    return V;
  }
  case ValKind::V128: {
    std::optional<StringRef> LaneType = O->getString("lane_type");
    std::optional<ValKind> LK =
        LaneType ? parseValKind(*LaneType) : std::nullopt;
    unsigned LaneBits = LK ? bitWidth(*LK) : 0;
    if (LaneType == "i8")
      LK = ValKind::I32, LaneBits = 8;
    else if (LaneType == "i16")
      LK = ValKind::I32, LaneBits = 16;
    const json::Array *A = Val->getAsArray();
    if (!LK || !LaneBits || !A || A->size() * LaneBits != 128)
      return fail(Line, "bad v128 value");
    V.LaneKind = *LK;
    V.LaneBits = LaneBits;
    for (const json::Value &L : *A) {
      std::optional<StringRef> S = L.getAsString();
      Value::Pattern P;
      uint64_t Bits = 0; // NaN patterns have no bits
      if (!S)
        return fail(Line, "bad v128 lane");
      // i8 and i16 lanes are checked as 32-bit numbers, then narrowed.
      if (Error E = parseNumber(Line, *LK, *S, P, Bits))
        return E;
      if (LaneBits < 64 && Bits >> LaneBits)
        return fail(Line, "v128 lane out of range '" + *S + "'");
      V.LanePats.push_back(P);
      V.Lanes.push_back(Bits);
    }
    return V;
  }
  default: {
    std::optional<StringRef> S = Val->getAsString();
    if (!S)
      return fail(Line, "bad number");
    if (Error E = parseNumber(Line, *K, *S, V.Pat, V.Bits))
      return E;
    return V;
  }
  }
}

Error parseValues(unsigned Line, const json::Object &O, StringRef Key,
                  std::vector<Value> &Out) {
  const json::Array *A = O.getArray(Key);
  if (!A)
    return Error::success();
  for (const json::Value &JV : *A) {
    Expected<Value> V = parseValue(Line, JV);
    if (!V)
      return V.takeError();
    Out.push_back(std::move(*V));
  }
  return Error::success();
}

Expected<Action> parseAction(unsigned Line, const json::Object &O) {
  Action A;
  std::optional<StringRef> Type = O.getString("type");
  if (Type == "invoke")
    A.K = Action::Kind::Invoke;
  else if (Type == "get")
    A.K = Action::Kind::Get;
  else
    return fail(Line, "unknown action '" + Type.value_or("") + "'");
  A.Module = O.getString("module").value_or("").str();
  std::optional<StringRef> Field = O.getString("field");
  if (!Field)
    return fail(Line, "action without a field");
  A.Field = Field->str();
  if (Error E = parseValues(Line, O, "args", A.Args))
    return E;
  return A;
}

std::optional<CommandKind> parseCommandKind(StringRef S) {
  return StringSwitch<std::optional<CommandKind>>(S)
      .Case("module", CommandKind::Module)
      .Case("register", CommandKind::Register)
      .Case("action", CommandKind::Action)
      .Case("assert_return", CommandKind::AssertReturn)
      .Case("assert_trap", CommandKind::AssertTrap)
      .Case("assert_exhaustion", CommandKind::AssertExhaustion)
      .Case("assert_invalid", CommandKind::AssertInvalid)
      .Case("assert_malformed", CommandKind::AssertMalformed)
      .Case("assert_unlinkable", CommandKind::AssertUnlinkable)
      .Case("assert_uninstantiable", CommandKind::AssertUninstantiable)
      .Case("assert_exception", CommandKind::AssertException)
      .Default(std::nullopt);
}

Expected<Command> parseCommand(const json::Value &JV) {
  const json::Object *O = JV.getAsObject();
  if (!O)
    return fail(0, "a command is not an object");
  Command C;
  C.Line = static_cast<unsigned>(O->getInteger("line").value_or(0));
  std::optional<StringRef> Type = O->getString("type");
  std::optional<CommandKind> K = Type ? parseCommandKind(*Type) : std::nullopt;
  if (!K)
    return fail(C.Line, "unknown command '" + Type.value_or("") + "'");
  C.Kind = *K;
  C.Filename = O->getString("filename").value_or("").str();
  C.Name = O->getString("name").value_or("").str();
  C.As = O->getString("as").value_or("").str();
  C.Text = O->getString("text").value_or("").str();
  C.TextModule = O->getString("module_type") == "text";
  if (const json::Object *A = O->getObject("action")) {
    Expected<Action> Act = parseAction(C.Line, *A);
    if (!Act)
      return Act.takeError();
    C.Act = std::move(*Act);
  }
  if (Error E = parseValues(C.Line, *O, "expected", C.Expected))
    return E;
  if (Error E = parseValues(C.Line, *O, "either", C.Either))
    return E;
  if (!C.Either.empty() &&
      (C.Kind != CommandKind::AssertReturn || !C.Expected.empty()))
    return fail(C.Line, "\"either\" outside an assert_return of one result");

  bool NeedsModule = C.Kind == CommandKind::Module ||
                     C.Kind == CommandKind::AssertInvalid ||
                     C.Kind == CommandKind::AssertMalformed ||
                     C.Kind == CommandKind::AssertUnlinkable ||
                     C.Kind == CommandKind::AssertUninstantiable;
  bool NeedsAction = C.Kind == CommandKind::Action ||
                     C.Kind == CommandKind::AssertReturn ||
                     C.Kind == CommandKind::AssertExhaustion ||
                     C.Kind == CommandKind::AssertException;
  if (NeedsModule && C.Filename.empty())
    return fail(C.Line, Twine(commandName(C.Kind)) + " without a module file");
  if (NeedsAction && !C.Act)
    return fail(C.Line, Twine(commandName(C.Kind)) + " without an action");
  // assert_trap has either an action or a module (a trapping start).
  if (C.Kind == CommandKind::AssertTrap && !C.Act && C.Filename.empty())
    return fail(C.Line, "assert_trap without an action or a module");
  if (C.Kind == CommandKind::Register && C.As.empty())
    return fail(C.Line, "register without a name");
  return C;
}

} // namespace

Expected<Script> w2o::spec::parseScript(StringRef JSONText) {
  Expected<json::Value> Root = json::parse(JSONText);
  if (!Root)
    return Root.takeError();
  const json::Object *O = Root->getAsObject();
  const json::Array *Cmds = O ? O->getArray("commands") : nullptr;
  if (!Cmds)
    return fail(0, "no commands");
  Script S;
  S.SourceFilename = O->getString("source_filename").value_or("").str();
  for (const json::Value &JV : *Cmds) {
    Expected<Command> C = parseCommand(JV);
    if (!C)
      return C.takeError();
    S.Commands.push_back(std::move(*C));
  }
  return S;
}
