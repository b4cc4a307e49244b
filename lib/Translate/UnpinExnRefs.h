//===- UnpinExnRefs.h - exnrefs that never escape are freed ---------------===//
//
// A catch_ref or catch_all_ref clause pins the exception it makes an
// exnref (wasirt_exception_pin): wasm code may copy an exnref anywhere, so
// no single owner can free it, and a pinned exception is never freed. But
// compilers use these clauses for two patterns in which the exnref goes
// nowhere:
//
//   cleanup:     (block $c (result exnref)
//                  (try_table (catch_all_ref $c) BODY) ...)
//                DESTRUCTORS (throw_ref)
//   typed catch: (block $h (result i32 exnref)
//                  (try_table (catch_ref $tag $h) BODY) ...)
//                (if MISMATCH (then (throw_ref)))  drop: handled
//
// Every exception thrown through such a cleanup or caught by such a catch
// would stay allocated. This pass, run on the translated IR with locals
// promoted to SSA values, keeps the exception owned instead of pinning it
// where its exnref P (the pin's result) provably has one owner at a time:
//
//   - P's only uses are compares with null, and *consuming* uses: the
//     exception argument of wasirt_throw (throw_ref with no handler in the
//     function), or an incoming value of a handler's exception phi (the
//     translator marks them with !w2o.exn.handler: throw_ref to a handler
//     in the same function), which takes ownership as any throw does. Phis
//     whose incoming values are all P are P itself.
//   - R is the set of blocks reachable from the pin and from which a
//     consuming use is reachable, neither path passing through the pin's
//     block again (which would make a new P). Nothing that leaves R can
//     reach a consuming use without a new P, and a handler that takes P
//     must not be in R: so each P is consumed at most once.
//   - Every edge leaving R (or the pin's block) other than a consuming one
//     gets wasirt_exception_free of the exception: the paths on which the
//     exnref is dropped. An edge into a landing pad gets a landing pad of
//     its own (the free follows it).
//
// The pin call is then removed and P replaced by the exception itself,
// the pin's argument (the try_table's dispatch phi). Every block of R is
// dominated by the pin's block, so no path within R runs the dispatch
// again without running the pin again: the exception freed on an edge
// leaving R is always the one P stood for. A consuming use passes the
// exception on to a new owner, as a throw of a fresh exception would.
// A call that may unwind while the exception is owned (after the pin in
// its block, or in R; not a consuming throw) becomes an invoke whose
// landing pad, a cleanup, frees it and resumes: a wasm exception leaving
// the function through it would otherwise abandon it. The translator
// gives every function with a pin a personality for this. A trap (a
// siglongjmp, which runs no landing pad) abandons the owned exception in
// the thread's list; the guard around the call into wasm frees it
// (lib/Runtime/exception.c). A foreign unwind started in a host function
// (pthread_exit) never reaches the pad: host adapters have no unwind
// information (README).
// Anything else (P stored, passed to a call, returned, merged in a phi with
// other values, an unsupported terminator on R's boundary) keeps the pin.
//
// An exception that arrives pinned (throw_ref of an exnref kept elsewhere)
// stays pinned: the pin and the frees are no-ops on it.
//
//===----------------------------------------------------------------------===//

#ifndef WASM2OBJ_TRANSLATE_UNPINEXNREFS_H
#define WASM2OBJ_TRANSLATE_UNPINEXNREFS_H

#include "llvm/IR/PassManager.h"

namespace w2o {

/// The metadata kind on a handler's exception phi (a try's or try_table's
/// dispatch, a legacy catch body's cleanup), which owns what it receives.
inline constexpr const char *ExnHandlerMetadata = "w2o.exn.handler";

/// A module pass: it runs first, on the functions with pins only (whose
/// locals it promotes first), and strips the metadata from every function.
struct UnpinExnRefsPass : llvm::PassInfoMixin<UnpinExnRefsPass> {
  llvm::PreservedAnalyses run(llvm::Module &M,
                              llvm::ModuleAnalysisManager &MAM);
  static bool isRequired() { return true; }
};

} // namespace w2o

#endif
