//===- VersionNoWrap.h - a loop's address additions, proven not to wrap ---===//
//
// clang's wasm32 code addresses a field as  i32.add p, 80  and an access
// at offset 0, and the translator gives  zext(p + 80)  to i64 (a wasm
// address wraps at 2^32). LLVM cannot turn that into  zext(p) + 80  unless
// it knows p + 80 does not wrap, so the accesses of a loop at p+80, p+88,
// p+96 share no base: the SLP vectoriser cannot pair them, loop strength
// reduction keeps a register per field, and every access needs its own
// address arithmetic (bench/programs/nbody.c's inner loop ran 54
// instructions per iteration against native's 41).
//
// For an innermost loop with a computable trip count, in which several
// such additions  add i32 X, C  (0 < C < 2^31, used by a zext to i64)
// have for X a header phi that SCEV sees as {S,+,Step} (Step a constant),
// this pass versions the loop on a test made once before it:
//
//   Step > 0:  zext(S) + Step * BTC + Cmax  <=  2^32 - 1
//   Step < 0:  |Step| * BTC <= zext(S)  and  zext(S) + Cmax <= 2^32 - 1
//
// (in 64 bits, for each such X; BTC is the loop's backedge-taken count,
// at most 2^32 - 1, and Cmax the largest C added to X). In iteration i
// (i <= BTC) X is S + Step*i, which then lies between S and S + Step*BTC
// without wrapping, and X + C < 2^32: the additions cannot wrap, and in
// the copy that runs when the test holds they are marked nuw, which lets
// InstCombine and SCEV turn  zext(X + C)  into  zext(X) + C. When the test
// fails the original loop runs. Both compute the same addresses, so every
// access, and every trap, is the same.
//
// Only loops of at most MaxInstructions instructions with at least two
// such additions, a preheader, a single exit block and no exception
// handling are versioned (the copy costs code size and compile time).
//
//===----------------------------------------------------------------------===//

#ifndef WASM2OBJ_TRANSLATE_VERSIONNOWRAP_H
#define WASM2OBJ_TRANSLATE_VERSIONNOWRAP_H

#include "llvm/IR/PassManager.h"

namespace w2o {

struct VersionNoWrapPass : llvm::PassInfoMixin<VersionNoWrapPass> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &);
};

} // namespace w2o

#endif
