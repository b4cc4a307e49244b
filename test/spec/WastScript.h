//===- WastScript.h - the commands of a wast2json script ------------------===//
//
// wast2json turns a .wast script into a JSON list of commands and one .wasm
// file per binary module. This is the runner's model of that JSON: every
// command with the line it came from, its module file, its action and its
// expected values. Reading is strict: an unknown command or value type is
// an error, so that nothing in a script is silently ignored.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_SPEC_WASTSCRIPT_H
#define WASM2OBJ_SPEC_WASTSCRIPT_H

#include "llvm/Support/Error.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace w2o::spec {

enum class CommandKind : uint8_t {
  Module,
  Register,
  Action,
  AssertReturn,
  AssertTrap,
  AssertExhaustion,
  AssertInvalid,
  AssertMalformed,
  AssertUnlinkable,
  AssertUninstantiable,
  AssertException,
};

/// The command's name as it appears in the script ("assert_return").
const char *commandName(CommandKind K);

/// A value type as wast2json spells it.
enum class ValKind : uint8_t { I32, I64, F32, F64, V128, FuncRef, ExternRef };

const char *valKindName(ValKind K);

/// One argument or expected value. Numbers carry their bit pattern.
struct Value {
  enum class Pattern : uint8_t {
    Bits,          ///< exactly these bits (numbers, v128 lanes)
    NanCanonical,  ///< nan:canonical
    NanArithmetic, ///< nan:arithmetic
    Null,          ///< ref.null
    Extern,        ///< ref.extern N (Bits holds N)
    AnyFunc,       ///< a non-null funcref (ref.func without an index)
    Any,           ///< no value given: any value of the type (traps only)
  };
  ValKind Kind = ValKind::I32;
  Pattern Pat = Pattern::Bits;
  uint64_t Bits = 0;
  /// V128 only: the lane shape and each lane's pattern and bits.
  ValKind LaneKind = ValKind::I32;
  unsigned LaneBits = 0; ///< 8, 16, 32 or 64
  std::vector<Pattern> LanePats;
  std::vector<uint64_t> Lanes;
};

struct Action {
  enum class Kind : uint8_t { Invoke, Get } K = Kind::Invoke;
  std::string Module; ///< "$name", or empty for the current module
  std::string Field;
  std::vector<Value> Args;
};

struct Command {
  CommandKind Kind = CommandKind::Module;
  unsigned Line = 0;
  std::string Filename;    ///< module file, relative to the JSON's folder
  std::string Name;        ///< module: its $name; register: the module's
  std::string As;          ///< register: the name imports use
  std::string Text;        ///< expected trap or error text
  bool TextModule = false; ///< module_type "text": not a binary test
  std::optional<Action> Act;
  std::vector<Value> Expected;
  /// assert_return with "either" (relaxed SIMD): the one result must match
  /// one of these alternatives.
  std::vector<Value> Either;
};

struct Script {
  std::string SourceFilename;
  std::vector<Command> Commands;
};

/// Parses the JSON that wast2json wrote.
llvm::Expected<Script> parseScript(llvm::StringRef JSONText);

/// Whether the command needs the wasm2obj CLI check (a binary module that
/// must be rejected).
inline bool needsCliCheck(const Command &C) {
  return (C.Kind == CommandKind::AssertInvalid ||
          C.Kind == CommandKind::AssertMalformed) &&
         !C.TextModule;
}

} // namespace w2o::spec

#endif
