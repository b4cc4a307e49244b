//===- HoistBoundsChecks.h - one bounds check per loop, when it suffices --===//
//
// With explicit bounds checks, a loop over an array checks every access:
//
//   loop:  X = {S,+,Step} (an i32 wasm address)
//          if (zext(X) >=u Limit) trap      ; Limit invariant in the loop
//
// LLVM cannot drop the check: X is an i32 that may wrap, and the loop
// passes do not version loops on invariant conditions at -O2. This pass
// computes, before the loop, a condition H under which the check cannot
// fire on any iteration the loop can run:
//
//   E = the exit count of an exit that runs on every iteration (so the
//       loop runs at most E + 1 iterations: X takes the values
//       S + i*Step, i = 0..E, in i32)
//   Step > 0:  H = zext(S) + Step*E <u Limit
//   Step < 0:  H = zext(S) <u Limit  and  zext(S) >=u -Step*E
//
// computed in i64 without overflow (S, E < 2^32; |Step| <= 2^31); under H
// every value lies below Limit (going up, a wrap-around in i32 only makes
// a value smaller; going down, H rules it out). Each such check
// becomes  (H or inBounds)  and the non-trivial loop unswitcher, run next,
// makes two copies of the loop: under H the checks fold away (and the loop
// can be vectorised), otherwise every access is checked as before, so a
// trap still happens exactly where it would have.
//
// Checks going up whose i32 starts are Base + k for one Base and Limit
// (k constant; an unrolled loop's copies, such as a byte loop unrolled by
// four) share one condition:
//
//   H = zext(Base) + kmax + Step*E <u Limit
//       [and zext(Base) >=u -kmin, when kmin < 0]
//
// Why it suffices: check k's i32 value on iteration i is T mod 2^32, for
// T = zext(Base) + k + Step*i computed without wrapping (its start is
// Base + k in i32). Under H, 0 <= T <= zext(Base) + kmax + Step*E < Limit
// (Step >= 0, i <= E), and T mod 2^32 <= T: a wrap-around in i32 only
// makes the value smaller, as for a single check.
//
// Checks made outside any wasm loop have the end form  zext(X) + K >u size
// (TranslateMemory.cpp); when LLVM inlines such code into a loop, X may be
// a recurrence going up, and the same reasoning gives
// H = zext(S) + K + Step*E <=u size. (Going down, the condition that X
// does not wrap below 0 would be on zext(S), not on V; not handled.)
//
// A check whose value is not a recurrence but has a bound SCEV can prove,
// V <=u M on every iteration (a table lookup, T + 4 * (x & 255) with T a
// constant), gets  H = M <u Limit  (M a constant), which needs no
// iteration count: the CRC loop of bench/programs/bitops.c, whose table
// lookup was checked on every byte, runs 7% faster in explicit mode.
//
// A check whose i32 value is an invariant base plus a bounded value,
// X = (T + W) mod 2^32 with 0 <= W <= M (a hash table's slot,
// T + 16 * (h & mask), with the table's address T loaded before the
// loop), gets  H = zext(T) + M + K <u Limit  (K the offset of an end form
// check): X <= zext(T) + W, since the wrap-around only subtracts. The
// bound is found through sums, products by constants, and the phis and
// selects that merge such values with one base (the hole and the slot of
// a backward-shift deletion), and through the i64 phis of their zexts
// that loop rotation makes; a cycle of phis may only copy values, never
// add to them (BoundFinder in the .cpp file). bench/programs/hashtab.c's
// probe and deletion loops lose their checks: 2.4% fewer instructions in
// explicit mode.
//
// Start and E are often recurrences of a loop run before this one (a
// pointer a scan stopped at). SCEVExpander would rebuild such a value
// with a new counter in that loop; the pass first rewrites each one as
// the instruction that already holds it, plus a constant
// (ExistingValueRewriter).
//
// The rewrite holds for any compare of that shape, so the pass needs no
// knowledge of which branches are bounds checks; it only looks at
// branches that leave the loop. It runs only on modules with explicit
// checks (ExplicitBoundsMetadata).
//
//===----------------------------------------------------------------------===//

#ifndef WASM2OBJ_TRANSLATE_HOISTBOUNDSCHECKS_H
#define WASM2OBJ_TRANSLATE_HOISTBOUNDSCHECKS_H

#include "llvm/IR/PassManager.h"

namespace w2o {

/// HoistBoundsChecksPass() rewrites the checks of innermost loops;
/// HoistBoundsChecksPass(true), run after the unswitcher, undoes the
/// rewrite in the loops it did not copy (too big), which would otherwise
/// pay for H and an `or` per check.
struct HoistBoundsChecksPass : llvm::PassInfoMixin<HoistBoundsChecksPass> {
  explicit HoistBoundsChecksPass(bool CleanUp = false) : CleanUp(CleanUp) {}
  bool CleanUp;
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &FAM);
};

} // namespace w2o

#endif
