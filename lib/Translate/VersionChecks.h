//===- VersionChecks.h - one check per parameter, then none ---------------===//
//
// With explicit bounds checks a small function that reads several fields
// through a pointer parameter checks each field: a comparator called by a
// sort through call_indirect,
//
//   if (a->name[0] != b->name[0]) ...;  if (a->name[1] != b->name[1]) ...
//
// checks  a + 17 > size,  b + 17 > size,  then a + 18, b + 18, and so on,
// and bench/programs/sort.c's comparators spent about a fifth of their time
// there. None of these checks can be hoisted to the entry as they are: a
// call that returns after the first field must not trap because a later
// field is out of bounds. But they can be decided there for a copy.
//
// For a function whose checks have the form  zext(P) + K > size  for i32
// parameters P of one memory (size: a load of the instance's copy of the
// memory's size, with its own TBAA type, for a memory the module defines
// and does not share; otherwise of the size field of the memory's
// descriptor, both loads with the instance's TBAA tag), this pass adds at
// the entry
//
//   if (zext(P1) + Kmax1 <= size && zext(P2) + Kmax2 <= size ...)
//     goto copy;   // F's blocks again, those checks false
//   F's blocks, every check as before
//
// where Kmax is the largest K of P's checks (at most MaxOffset), tested
// as  zext(P) <= size - Kmax  when the memory's minimum size is at least
// Kmax (so the subtraction cannot wrap; parameters with the same Kmax
// share it). Why the copy is the same program: a memory's size never
// decreases (memory.grow only adds pages; nothing else changes it, see
// wasirt_memory in abi.h), so a compare  zext(P) + K > size'  anywhere
// in the copy, with K <= Kmax and size' read after the entry's size, is
// false: whatever made the compare, a check or not. The entry reads the
// same size before anything has a side effect, and the copy starts where
// F did. The branch is marked likely, so the copy is the fall-through
// path; the entry costs about what F's first checks did, and the later
// ones are gone. In the sort benchmark, whose comparators are such
// functions, this is 4% of the explicit-mode run time.
//
// Only done when it removes at least two checks more than it adds (one per
// parameter) and F is small (the copy costs code size and compile time).
// A check with K above MaxOffset stays in the copy: a rare access far
// from P must not make the entry test fail for the common ones.
//
//===----------------------------------------------------------------------===//

#ifndef WASM2OBJ_TRANSLATE_VERSIONCHECKS_H
#define WASM2OBJ_TRANSLATE_VERSIONCHECKS_H

#include "llvm/IR/PassManager.h"

namespace w2o {

struct VersionChecksPass : llvm::PassInfoMixin<VersionChecksPass> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &);
};

} // namespace w2o

#endif
