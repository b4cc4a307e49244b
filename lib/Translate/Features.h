//===- Features.h - WebAssembly proposals accepted by the decoder ---------===//
//
// WebAssembly 2.0 is always on. Later proposals are on by default for users
// (as wasmtime enables them) and switched off by the spec runner for the
// core suite, whose 2.0 tests expect, for instance, a second memory to be
// invalid.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_TRANSLATE_FEATURES_H
#define WASM2OBJ_TRANSLATE_FEATURES_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace w2o {

#define W2O_FEATURE_LIST(X)                                                    \
  X(SIMD, "simd")                                                              \
  X(RelaxedSIMD, "relaxed-simd")                                               \
  X(TailCall, "tail-call")                                                     \
  X(ExtendedConst, "extended-const")                                           \
  X(MultiMemory, "multi-memory")                                               \
  X(Memory64, "memory64")                                                      \
  X(Threads, "threads")                                                        \
  X(Exceptions, "exceptions")

struct Features {
#define W2O_FEATURE_FIELD(Name, Text) bool Name = true;
  W2O_FEATURE_LIST(W2O_FEATURE_FIELD)
#undef W2O_FEATURE_FIELD

  /// Only WebAssembly 2.0 (what the core spec suite tests).
  static Features wasm2() {
    Features F;
#define W2O_FEATURE_OFF(Name, Text) F.Name = false;
    W2O_FEATURE_LIST(W2O_FEATURE_OFF)
#undef W2O_FEATURE_OFF
    F.SIMD = true;
    return F;
  }

  /// Applies "name" or "-name" (or "all" / "-all"); false if unknown.
  bool set(llvm::StringRef Spec);
};

} // namespace w2o

#endif
