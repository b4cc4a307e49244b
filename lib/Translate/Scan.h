//===- Scan.h - module-wide facts read from the function bodies -*- C++ -*-===//
#ifndef WASM2OBJ_TRANSLATE_SCAN_H
#define WASM2OBJ_TRANSLATE_SCAN_H

#include "Module.h"
#include "llvm/ADT/BitVector.h"

namespace w2o {

/// The tables some instruction of the module may write or grow (one bit per
/// table index); all of them when a body cannot be read.
struct CodeFacts {
  llvm::BitVector WrittenTables; // by table index
  llvm::BitVector CalledTables;  // by call_indirect, by table index
  bool UsesExceptions = false;
};

CodeFacts scanCode(const Module &M);

} // namespace w2o

#endif
