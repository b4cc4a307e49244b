//===- TranslateConversion.cpp - conversions between value types ----------===//
//
// Trapping float-to-int truncation checks the operand against the exact
// range of the target type before fptosi/fptoui (which LLVM leaves undefined
// out of range): NaN traps "invalid conversion to integer", anything whose
// truncation does not fit traps "integer overflow". The saturating forms map
// to llvm.fpto[su]i.sat, whose semantics are the spec's.
//
//===----------------------------------------------------------------------===//

#include "FunctionTranslator.h"
#include "llvm/IR/Intrinsics.h"

using namespace w2o;
using namespace llvm;

namespace {
// Open interval (Lo, Hi) of the float values whose truncation fits. Each
// bound is exactly representable in the source type.
struct TruncRange {
  double Lo, Hi;
};

TruncRange truncRange(ConversionOp Op) {
  switch (Op) {
  case ConversionOp::I32TruncF32S:
    return {-2147483904.0, 2147483648.0}; // -2^31 - 256 is the float below
  case ConversionOp::I32TruncF64S:
    return {-2147483649.0, 2147483648.0};
  case ConversionOp::I32TruncF32U:
  case ConversionOp::I32TruncF64U:
    return {-1.0, 4294967296.0};
  case ConversionOp::I64TruncF32S:
    return {-9223373136366403584.0, 9223372036854775808.0};
  case ConversionOp::I64TruncF64S:
    return {-9223372036854777856.0, 9223372036854775808.0};
  case ConversionOp::I64TruncF32U:
  case ConversionOp::I64TruncF64U:
    return {-1.0, 18446744073709551616.0};
  default:
    llvm_unreachable("not a trapping truncation");
  }
}
} // namespace

Value *FunctionTranslator::emitTruncChecked(ConversionOp Op, Value *V) {
  Type *FT = V->getType();
  bool Signed =
      Op == ConversionOp::I32TruncF32S || Op == ConversionOp::I32TruncF64S ||
      Op == ConversionOp::I64TruncF32S || Op == ConversionOp::I64TruncF64S;
  bool To64 =
      Op == ConversionOp::I64TruncF32S || Op == ConversionOp::I64TruncF32U ||
      Op == ConversionOp::I64TruncF64S || Op == ConversionOp::I64TruncF64U;
  TruncRange Range = truncRange(Op);
  trapIf(B.CreateFCmpUNO(V, V), WASIRT_TRAP_INVALID_CONVERSION);
  Value *InRange =
      B.CreateAnd(B.CreateFCmpOGT(V, ConstantFP::get(FT, Range.Lo)),
                  B.CreateFCmpOLT(V, ConstantFP::get(FT, Range.Hi)));
  trapIf(B.CreateNot(InRange), WASIRT_TRAP_INT_OVERFLOW);
  Type *IT = To64 ? MC.I64Ty : MC.I32Ty;
  return Signed ? B.CreateFPToSI(V, IT) : B.CreateFPToUI(V, IT);
}

void FunctionTranslator::translateConversion(ConversionOp Op,
                                             const Immediates &) {
  const OpInfo &Info = opInfo(CurOp);
  SmallVector<Value *, 1> Ops;
  if (!popSignature(Info.Params, 0, Ops))
    return;
  if (!live()) {
    pushSignature(Info.Results, 0, nullptr);
    return;
  }
  Value *X = Ops[0];
  Value *V = nullptr;
  auto SextFrom = [&](unsigned Bits) {
    Type *T = X->getType();
    return B.CreateSExt(B.CreateTrunc(X, B.getIntNTy(Bits)), T);
  };
  auto Sat = [&](Intrinsic::ID ID, Type *To) {
    return B.CreateIntrinsic(ID, {To, X->getType()}, {X});
  };
  switch (Op) {
  case ConversionOp::I32WrapI64:
    V = B.CreateTrunc(X, MC.I32Ty);
    break;
  case ConversionOp::I32TruncF32S:
  case ConversionOp::I32TruncF32U:
  case ConversionOp::I32TruncF64S:
  case ConversionOp::I32TruncF64U:
  case ConversionOp::I64TruncF32S:
  case ConversionOp::I64TruncF32U:
  case ConversionOp::I64TruncF64S:
  case ConversionOp::I64TruncF64U:
    V = emitTruncChecked(Op, X);
    break;
  case ConversionOp::I64ExtendI32S:
    V = B.CreateSExt(X, MC.I64Ty);
    break;
  case ConversionOp::I64ExtendI32U:
    V = B.CreateZExt(X, MC.I64Ty);
    break;
  case ConversionOp::F32ConvertI32S:
  case ConversionOp::F32ConvertI64S:
    V = B.CreateSIToFP(X, MC.F32Ty);
    break;
  case ConversionOp::F32ConvertI32U:
  case ConversionOp::F32ConvertI64U:
    V = B.CreateUIToFP(X, MC.F32Ty);
    break;
  case ConversionOp::F64ConvertI32S:
  case ConversionOp::F64ConvertI64S:
    V = B.CreateSIToFP(X, MC.F64Ty);
    break;
  case ConversionOp::F64ConvertI32U:
  case ConversionOp::F64ConvertI64U:
    V = B.CreateUIToFP(X, MC.F64Ty);
    break;
  case ConversionOp::F32DemoteF64:
    V = B.CreateFPTrunc(X, MC.F32Ty);
    // demote(promote(x)) is folded to x: see quietenNaN.
    if (isa<FPExtInst>(X))
      V = quietenNaN(V);
    break;
  case ConversionOp::F64PromoteF32:
    V = B.CreateFPExt(X, MC.F64Ty);
    break;
  case ConversionOp::I32ReinterpretF32:
    V = B.CreateBitCast(X, MC.I32Ty);
    break;
  case ConversionOp::I64ReinterpretF64:
    V = B.CreateBitCast(X, MC.I64Ty);
    break;
  case ConversionOp::F32ReinterpretI32:
    V = B.CreateBitCast(X, MC.F32Ty);
    break;
  case ConversionOp::F64ReinterpretI64:
    V = B.CreateBitCast(X, MC.F64Ty);
    break;
  case ConversionOp::I32Extend8S:
  case ConversionOp::I64Extend8S:
    V = SextFrom(8);
    break;
  case ConversionOp::I32Extend16S:
  case ConversionOp::I64Extend16S:
    V = SextFrom(16);
    break;
  case ConversionOp::I64Extend32S:
    V = SextFrom(32);
    break;
  case ConversionOp::I32TruncSatF32S:
  case ConversionOp::I32TruncSatF64S:
    V = Sat(Intrinsic::fptosi_sat, MC.I32Ty);
    break;
  case ConversionOp::I32TruncSatF32U:
  case ConversionOp::I32TruncSatF64U:
    V = Sat(Intrinsic::fptoui_sat, MC.I32Ty);
    break;
  case ConversionOp::I64TruncSatF32S:
  case ConversionOp::I64TruncSatF64S:
    V = Sat(Intrinsic::fptosi_sat, MC.I64Ty);
    break;
  case ConversionOp::I64TruncSatF32U:
  case ConversionOp::I64TruncSatF64U:
    V = Sat(Intrinsic::fptoui_sat, MC.I64Ty);
    break;
  }
  pushSignature(Info.Results, 0, V);
}
