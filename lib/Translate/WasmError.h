//===- WasmError.h - decode and validation diagnostics --------------------===//
//
// Every diagnostic about the input carries the byte offset it refers to and
// whether the module is malformed (not a well-formed binary) or invalid (a
// well-formed binary that does not validate). The CLI turns it into
//   app.wasm:0x1a3: error: invalid module: type mismatch in i32.add: ...
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_TRANSLATE_WASMERROR_H
#define WASM2OBJ_TRANSLATE_WASMERROR_H

#include "llvm/Support/Error.h"
#include <cstdint>
#include <string>

namespace w2o {

enum class WasmErrorKind : uint8_t {
  Malformed,   ///< the binary does not decode
  Invalid,     ///< decodes but does not validate
  Unsupported, ///< valid but uses something we do not translate
};

class WasmError : public llvm::ErrorInfo<WasmError> {
public:
  static char ID;
  WasmError(WasmErrorKind Kind, uint64_t Offset, std::string Message)
      : Kind(Kind), Offset(Offset), Message(std::move(Message)) {}

  WasmErrorKind kind() const { return Kind; }
  uint64_t offset() const { return Offset; }
  const std::string &text() const { return Message; }

  /// "invalid module: MESSAGE" (no file name, no offset).
  std::string describe() const;
  void log(llvm::raw_ostream &OS) const override;
  std::error_code convertToErrorCode() const override {
    return llvm::inconvertibleErrorCode();
  }

private:
  WasmErrorKind Kind;
  uint64_t Offset;
  std::string Message;
};

inline llvm::Error malformed(uint64_t Offset, const llvm::Twine &Msg) {
  return llvm::make_error<WasmError>(WasmErrorKind::Malformed, Offset,
                                     Msg.str());
}
inline llvm::Error invalid(uint64_t Offset, const llvm::Twine &Msg) {
  return llvm::make_error<WasmError>(WasmErrorKind::Invalid, Offset, Msg.str());
}
inline llvm::Error unsupported(uint64_t Offset, const llvm::Twine &Msg) {
  return llvm::make_error<WasmError>(WasmErrorKind::Unsupported, Offset,
                                     Msg.str());
}

} // namespace w2o

#endif
