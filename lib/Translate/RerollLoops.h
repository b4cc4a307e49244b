//===- RerollLoops.h - a loop the producer unrolled, rolled back up -------===//
//
// clang compiles C to wasm32 without SIMD, so its loop vectoriser leaves a
// loop alone and its unroller copies the body instead:
//
//   loop:  i = phi [S, pre], [i + 2, loop]
//          B[i]   = f(A[i])          ; run 0
//          B[i+1] = f(A[i+1])        ; run 1
//          exit if i + 2 == End
//
// LLVM's loop vectoriser sees the two runs as interleaved accesses of stride
// 2, whose shuffles the SSE2 cost model rejects, so such a loop stays
// scalar (bench/programs/vector.c's blend loop ran at 1.3x native). This
// pass turns it back into  B[i] = f(A[i]); i += 1,  which vectorises.
//
// The loop must be an innermost loop of one block in which
//   - every header phi is a recurrence {P,+,Step} whose Step is a constant
//     multiple of U, stepped by  add phi, Step  that only the phi, the exit
//     compare, recurrence expressions (below) and code after the loop use,
//     or by any other value whose SCEV is that recurrence's next value (a
//     derived counter: explicit mode's loops compute one counter from
//     another's increment); the phis themselves are not used after the
//     loop;
//   - the exit compare is  (eq|ne) increment, Invariant;
//   - the only instructions with memory effects are simple loads and stores;
//     in program order they split into U runs of equal length;
//   - run j is run 0 with every recurrence advanced by j*Step/U: the k-th
//     loads and stores of the runs have the same kind, type and alignment;
//     their addresses, and every other operand, are either equal loop
//     invariants, values whose SCEVs (over the recurrences only) are equal
//     once run 0's is shifted, or instructions without side effects of the
//     same kind whose operands match in turn, ending in the run's own
//     loads;
//   - every other instruction belongs to exactly one run, or is such a
//     recurrence expression; no run's value is used outside its run. A
//     recurrence expression is an add, sub, mul, shl, gep, extension or
//     truncation (or an `or disjoint`, rolled into an add): operations
//     that compute their SCEV for any operand values, since the rolled
//     counters take values the unrolled ones never took (`or i, 17` is
//     i + 17 only while i's low bits are known zero).
//
// Any other header phi must be an integer reduction (below) or a carried
// value: phi [S, pre], [V_(U-1), loop], where V_j is run j's copy of an
// instruction V_0 of run 0, and run j (j > 0) uses V_(j-1) wherever run 0
// uses the phi. clang's wasm output keeps a loaded element for the next
// copy that way (fdtd2d's HZ[I][J] - HZ[I][J-1] loads each HZ once). The
// phi is used only by run 0 and not after the loop, V_j only in its own
// run, by run j+1 in the phi's place, and (V_(U-1)) by the phi. Rolled,
// the phi takes V_0 from the loop: iteration nU+j of the rolled loop sees
// the V_0 of iteration nU+j-1, which is run j-1's V_(j-1) of iteration n
// (for j = 0, run U-1's V_(U-1) of iteration n-1, as before).
//
// A reduction is  phi -> L_1 -> ... -> L_U -> phi,  each link
// L = op(previous link, value)  with one of add, mul, and, or, xor, used
// only by the next link (the last one also by the phi and after the loop;
// the phi only by the first link). Each run adds one value, and the
// values must match like the rest of the runs. A loop
// with loads but no stores may also have its runs in reverse program order
// (clang's wasm output often reads an unrolled reduction's elements from
// the last copy to the first).
//
// Why the result is the same program: iteration nU+j of the rolled loop
// runs run 0's instructions on the values run j had in iteration n (a
// derived counter steps by Step/U on its own; recurrence expressions that
// used an increment get a copy of it with the unrolled step), and the
// loads and stores happen in the same order as before (run 0, run 1, ...,
// run U-1 of iteration n, then iteration n+1). Flags that held for run 0's
// values only (nsw, nuw, exact, inbounds, nneg) are dropped where the runs
// disagree, and always on the recurrence expressions. The exit compare sees
// every rolled increment; the first to equal End is still the last one if
// the rolled trip count N*U is at most 2^(w - tz(Step/U)), which SCEV's
// maximum trip count N must show.
//
// A rolled reduction applies the same operations to the same values, in
// the order of the runs rather than of the links when the two differ;
// these operations are associative and commutative (mod 2^w), so the
// result is the same, but the partial results are not, and the links lose
// their no-wrap flags. Reversed runs read the same addresses in another
// order; with no stores in the loop that changes nothing but which of the
// loads of an iteration traps first, and every trap is the same one.
//
//===----------------------------------------------------------------------===//

#ifndef WASM2OBJ_TRANSLATE_REROLLLOOPS_H
#define WASM2OBJ_TRANSLATE_REROLLLOOPS_H

#include "llvm/IR/PassManager.h"

namespace w2o {

struct RerollLoopsPass : llvm::PassInfoMixin<RerollLoopsPass> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &FAM);
};

} // namespace w2o

#endif
