//===- TranslateException.cpp - exception handling ------------------------===//
//
// The legacy exception-handling proposal (try/catch/throw/rethrow/delegate)
// is decoded but not translated yet: a module using it is reported as
// unsupported rather than miscompiled.
//
//===----------------------------------------------------------------------===//

#include "FunctionTranslator.h"

using namespace w2o;
using namespace llvm;

void FunctionTranslator::translateException(ExceptionOp Op,
                                            const Immediates &) {
  switch (Op) {
  case ExceptionOp::Try:
  case ExceptionOp::Catch:
  case ExceptionOp::Throw:
  case ExceptionOp::Rethrow:
  case ExceptionOp::Delegate:
  case ExceptionOp::CatchAll:
    failUnsupported("exception handling is not supported yet (" +
                    opName(CurOp) + ")");
    return;
  }
  llvm_unreachable("bad exception op");
}
