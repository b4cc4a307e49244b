//===- Decoder.h - decoding and validating module-level sections ----------===//
#ifndef WASM2OBJ_TRANSLATE_DECODER_H
#define WASM2OBJ_TRANSLATE_DECODER_H

#include "Module.h"
#include "Reader.h"
#include "llvm/Support/Error.h"
#include <memory>

namespace w2o {

/// Decodes Bytes in one pass and validates everything outside function
/// bodies (those are validated as they are translated). Bytes must outlive
/// the module.
llvm::Expected<std::unique_ptr<Module>>
decodeModule(llvm::ArrayRef<uint8_t> Bytes, const Features &Feats);

/// Reads a value type; fails (malformed) on an unknown code or one whose
/// proposal is off.
ValType readValType(Reader &R, const Features &Feats);
/// Reads a reference type.
ValType readRefType(Reader &R, const Features &Feats);

} // namespace w2o

#endif
