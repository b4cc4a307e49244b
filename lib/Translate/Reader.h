//===- Reader.h - bounds-checked reading of the binary format -------------===//
//
// A cursor over the module's bytes with a sticky error: a failed read
// records the first malformation (with its byte offset) and returns zero,
// and every later read fails too, so that callers decode a whole group of
// fields and check `failed()` once.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_TRANSLATE_READER_H
#define WASM2OBJ_TRANSLATE_READER_H

#include "WasmError.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>

namespace w2o {

class Reader {
public:
  Reader() = default;
  /// Data[0] is at file offset Base.
  Reader(llvm::ArrayRef<uint8_t> Data, uint64_t Base)
      : Begin(Data.data()), Pos(Data.data()), End(Data.data() + Data.size()),
        Base(Base) {}

  uint64_t offset() const { return Base + (Pos - Begin); }
  bool atEnd() const { return Pos == End; }
  size_t remaining() const { return End - Pos; }
  bool failed() const { return HasError; }

  /// Records a malformation at the current offset (first one wins).
  void fail(const llvm::Twine &Msg) { failAt(offset(), Msg); }
  void failAt(uint64_t Off, const llvm::Twine &Msg);
  /// The recorded error as a WasmError (malformed), or success.
  llvm::Error takeError();
  uint64_t errorOffset() const { return ErrOffset; }
  const std::string &errorMessage() const { return ErrMessage; }

  uint8_t u8() {
    if (Pos == End) {
      fail("unexpected end");
      return 0;
    }
    return *Pos++;
  }
  uint8_t peek() const { return Pos == End ? 0 : *Pos; }

  uint32_t u32() { return static_cast<uint32_t>(readUnsigned(32)); }
  uint64_t u64() { return readUnsigned(64); }
  int32_t s32() { return static_cast<int32_t>(readSigned(32)); }
  int64_t s64() { return readSigned(64); }
  int64_t s33() { return readSigned(33); }
  uint32_t fixed32();
  uint64_t fixed64();

  /// N raw bytes (empty and failed if fewer remain).
  llvm::ArrayRef<uint8_t> bytes(uint64_t N);
  /// A vector length that must leave at least MinElemSize*N bytes.
  uint32_t count(unsigned MinElemSize = 1);
  /// A name: length-prefixed, valid UTF-8.
  llvm::StringRef name();

  /// A sub-reader over the next N bytes; this reader skips them.
  Reader take(uint64_t N);

private:
  uint64_t readUnsigned(unsigned Bits);
  int64_t readSigned(unsigned Bits);

  const uint8_t *Begin = nullptr;
  const uint8_t *Pos = nullptr;
  const uint8_t *End = nullptr;
  uint64_t Base = 0;
  bool HasError = false;
  uint64_t ErrOffset = 0;
  std::string ErrMessage;
};

/// True if Bytes is valid UTF-8 (no overlongs, surrogates or > U+10FFFF).
bool isValidUTF8(llvm::ArrayRef<uint8_t> Bytes);

} // namespace w2o

#endif
