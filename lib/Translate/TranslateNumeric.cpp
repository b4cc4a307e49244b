//===- TranslateNumeric.cpp - constants and numeric instructions ----------===//
//
// Integer arithmetic wraps (plain LLVM add/sub/mul), shift counts are taken
// modulo the width, division traps as the spec says. Floating point is IEEE
// with the wasm rules LLVM does not give for free: min/max propagate NaN and
// order -0 below +0, and a NaN they return is quiet (arithmetic).
//
//===----------------------------------------------------------------------===//

#include "FunctionTranslator.h"
#include "llvm/IR/Intrinsics.h"

using namespace w2o;
using namespace llvm;

Value *FunctionTranslator::emitIntDivRem(NumericOp Op, Value *L, Value *R) {
  Type *T = L->getType();
  unsigned Bits = T->getIntegerBitWidth();
  bool Signed = Op == NumericOp::I32DivS || Op == NumericOp::I64DivS ||
                Op == NumericOp::I32RemS || Op == NumericOp::I64RemS;
  bool IsRem = Op == NumericOp::I32RemS || Op == NumericOp::I64RemS ||
               Op == NumericOp::I32RemU || Op == NumericOp::I64RemU;
  auto *RC = dyn_cast<ConstantInt>(R);
  if (!RC || RC->isZero())
    trapIf(B.CreateICmpEQ(R, ConstantInt::get(T, 0)),
           WASIRT_TRAP_INT_DIV_BY_ZERO);
  if (!Signed)
    return IsRem ? B.CreateURem(L, R) : B.CreateUDiv(L, R);
  bool MaybeMinusOne = !RC || RC->isMinusOne();
  if (!IsRem) {
    if (MaybeMinusOne) {
      Value *IsMin = B.CreateICmpEQ(
          L, ConstantInt::get(T, APInt::getSignedMinValue(Bits)));
      Value *IsNeg1 = B.CreateICmpEQ(R, ConstantInt::getSigned(T, -1));
      trapIf(B.CreateAnd(IsMin, IsNeg1), WASIRT_TRAP_INT_OVERFLOW);
    }
    return B.CreateSDiv(L, R);
  }
  // x rem -1 is 0, and LLVM's srem of INT_MIN by -1 is undefined: divide
  // by 1 instead.
  if (MaybeMinusOne) {
    Value *IsNeg1 = B.CreateICmpEQ(R, ConstantInt::getSigned(T, -1));
    R = B.CreateSelect(IsNeg1, ConstantInt::get(T, 1), R);
  }
  return B.CreateSRem(L, R);
}

Value *FunctionTranslator::emitFloatMinMax(bool IsMin, Value *L, Value *R) {
  // llvm.minimum/maximum have the wasm semantics for signed zeros and NaN
  // propagation; the NaN they return is made quiet by an addition of the
  // operands (any NaN operand comes out quieted).
  Value *MM = B.CreateBinaryIntrinsic(
      IsMin ? Intrinsic::minimum : Intrinsic::maximum, L, R);
  Value *Unordered = B.CreateFCmpUNO(L, R);
  return B.CreateSelect(Unordered, B.CreateFAdd(L, R), MM);
}

// LLVM treats signalling NaNs as quiet and folds x-0, x+(-0), x*1, x/1,
// x*-1, x/-1 and -0-x to x or -x, which would return a signalling NaN
// unchanged where wasm requires an arithmetic (quiet) NaN. Those are the
// only folds of a single arithmetic operation with a constant operand, so
// only then is the result passed through this: a NaN is quietened by
// adding it to itself, anything else is kept.
Value *FunctionTranslator::quietenNaN(Value *V) {
  Value *IsNaN = B.CreateFCmpUNO(V, V);
  return B.CreateSelect(IsNaN, B.CreateFAdd(V, V), V);
}

static const APFloat *fpConstant(Value *V) {
  auto *C = dyn_cast<ConstantFP>(V);
  return C ? &C->getValueAPF() : nullptr;
}

static bool isPosZero(Value *V) {
  const APFloat *F = fpConstant(V);
  return F && F->isPosZero();
}

static bool isNegZero(Value *V) {
  const APFloat *F = fpConstant(V);
  return F && F->isNegZero();
}

static bool isPlusOrMinusOne(Value *V) {
  const APFloat *F = fpConstant(V);
  return F && (F->isExactlyValue(1.0) || F->isExactlyValue(-1.0));
}

// Whether LLVM may fold the operation to its other operand (or its
// negation), per the list above. Only the constant in the identity
// position counts: 1/x and 0-x are real arithmetic, and a quieting select
// on them would cost a compare and three logic operations on every use
// (a 1/sqrt(x) in a hot loop, for example).
static bool foldsToOperand(NumericOp Op, Value *L, Value *R) {
  switch (Op) {
  case NumericOp::F32Add:
  case NumericOp::F64Add:
    return isNegZero(L) || isNegZero(R);
  case NumericOp::F32Sub:
  case NumericOp::F64Sub:
    return isPosZero(R) || isNegZero(L);
  case NumericOp::F32Mul:
  case NumericOp::F64Mul:
    return isPlusOrMinusOne(L) || isPlusOrMinusOne(R);
  case NumericOp::F32Div:
  case NumericOp::F64Div:
    return isPlusOrMinusOne(R);
  default:
    return false;
  }
}

Value *FunctionTranslator::emitRounding(NumericOp Op, Value *V) {
  Intrinsic::ID ID;
  RuntimeCall RC;
  switch (Op) {
  case NumericOp::F32Ceil:
    ID = Intrinsic::ceil, RC = RuntimeCall::wasirt_f32_ceil;
    break;
  case NumericOp::F32Floor:
    ID = Intrinsic::floor, RC = RuntimeCall::wasirt_f32_floor;
    break;
  case NumericOp::F32Trunc:
    ID = Intrinsic::trunc, RC = RuntimeCall::wasirt_f32_trunc;
    break;
  case NumericOp::F32Nearest:
    ID = Intrinsic::roundeven, RC = RuntimeCall::wasirt_f32_nearest;
    break;
  case NumericOp::F64Ceil:
    ID = Intrinsic::ceil, RC = RuntimeCall::wasirt_f64_ceil;
    break;
  case NumericOp::F64Floor:
    ID = Intrinsic::floor, RC = RuntimeCall::wasirt_f64_floor;
    break;
  case NumericOp::F64Trunc:
    ID = Intrinsic::trunc, RC = RuntimeCall::wasirt_f64_trunc;
    break;
  case NumericOp::F64Nearest:
    ID = Intrinsic::roundeven, RC = RuntimeCall::wasirt_f64_nearest;
    break;
  default:
    llvm_unreachable("not a rounding operator");
  }
  // Without the instructions LLVM would call libm (floorf...), which a
  // plain `cc app.o -lwasirt` does not link: the runtime has its own.
  // (A single value is rounded faster by the runtime's integer-bit helpers
  // than by the SSE2 sequence vectors use: that one is a long chain of
  // float operations.)
  if (MC.TF.HasRoundingInstrs)
    return B.CreateUnaryIntrinsic(ID, V);
  CallInst *C = B.CreateCall(MC.runtime(RC), {V});
  C->setDoesNotAccessMemory();
  return C;
}

void FunctionTranslator::translateNumeric(NumericOp Op, const Immediates &Imm) {
  const OpInfo &Info = opInfo(CurOp);
  SmallVector<Value *, 2> Ops;
  if (!popSignature(Info.Params, 0, Ops))
    return;
  if (!live()) {
    pushSignature(Info.Results, 0, nullptr);
    return;
  }
  Value *L = Ops.size() > 0 ? Ops[0] : nullptr;
  Value *R = Ops.size() > 1 ? Ops[1] : nullptr;
  Value *V = nullptr;
  auto I32 = [&](Value *Cond) { return B.CreateZExt(Cond, MC.I32Ty); };
  auto ShiftCount = [&](Value *C) {
    unsigned Bits = C->getType()->getIntegerBitWidth();
    return B.CreateAnd(C, ConstantInt::get(C->getType(), Bits - 1));
  };
  switch (Op) {
  case NumericOp::I32Const:
    V = B.getInt32(static_cast<uint32_t>(Imm.Bits));
    break;
  case NumericOp::I64Const:
    V = B.getInt64(Imm.Bits);
    break;
  case NumericOp::F32Const:
    V = ConstantFP::get(MC.Ctx, APFloat(APFloat::IEEEsingle(),
                                        APInt(32, Imm.Bits & 0xffffffff)));
    break;
  case NumericOp::F64Const:
    V = ConstantFP::get(MC.Ctx,
                        APFloat(APFloat::IEEEdouble(), APInt(64, Imm.Bits)));
    break;

  case NumericOp::I32Eqz:
    V = I32(B.CreateICmpEQ(L, B.getInt32(0)));
    break;
  case NumericOp::I64Eqz:
    V = I32(B.CreateICmpEQ(L, B.getInt64(0)));
    break;
  case NumericOp::I32Eq:
  case NumericOp::I64Eq:
    V = I32(B.CreateICmpEQ(L, R));
    break;
  case NumericOp::I32Ne:
  case NumericOp::I64Ne:
    V = I32(B.CreateICmpNE(L, R));
    break;
  case NumericOp::I32LtS:
  case NumericOp::I64LtS:
    V = I32(B.CreateICmpSLT(L, R));
    break;
  case NumericOp::I32LtU:
  case NumericOp::I64LtU:
    V = I32(B.CreateICmpULT(L, R));
    break;
  case NumericOp::I32GtS:
  case NumericOp::I64GtS:
    V = I32(B.CreateICmpSGT(L, R));
    break;
  case NumericOp::I32GtU:
  case NumericOp::I64GtU:
    V = I32(B.CreateICmpUGT(L, R));
    break;
  case NumericOp::I32LeS:
  case NumericOp::I64LeS:
    V = I32(B.CreateICmpSLE(L, R));
    break;
  case NumericOp::I32LeU:
  case NumericOp::I64LeU:
    V = I32(B.CreateICmpULE(L, R));
    break;
  case NumericOp::I32GeS:
  case NumericOp::I64GeS:
    V = I32(B.CreateICmpSGE(L, R));
    break;
  case NumericOp::I32GeU:
  case NumericOp::I64GeU:
    V = I32(B.CreateICmpUGE(L, R));
    break;
  case NumericOp::F32Eq:
  case NumericOp::F64Eq:
    V = I32(B.CreateFCmpOEQ(L, R));
    break;
  case NumericOp::F32Ne:
  case NumericOp::F64Ne:
    V = I32(B.CreateFCmpUNE(L, R));
    break;
  case NumericOp::F32Lt:
  case NumericOp::F64Lt:
    V = I32(B.CreateFCmpOLT(L, R));
    break;
  case NumericOp::F32Gt:
  case NumericOp::F64Gt:
    V = I32(B.CreateFCmpOGT(L, R));
    break;
  case NumericOp::F32Le:
  case NumericOp::F64Le:
    V = I32(B.CreateFCmpOLE(L, R));
    break;
  case NumericOp::F32Ge:
  case NumericOp::F64Ge:
    V = I32(B.CreateFCmpOGE(L, R));
    break;

  case NumericOp::I32Clz:
  case NumericOp::I64Clz:
    V = B.CreateBinaryIntrinsic(Intrinsic::ctlz, L, B.getFalse());
    break;
  case NumericOp::I32Ctz:
  case NumericOp::I64Ctz:
    V = B.CreateBinaryIntrinsic(Intrinsic::cttz, L, B.getFalse());
    break;
  case NumericOp::I32Popcnt:
  case NumericOp::I64Popcnt:
    V = B.CreateUnaryIntrinsic(Intrinsic::ctpop, L);
    break;
  case NumericOp::I32Add:
  case NumericOp::I64Add:
    V = B.CreateAdd(L, R);
    break;
  case NumericOp::I32Sub:
  case NumericOp::I64Sub:
    V = B.CreateSub(L, R);
    break;
  case NumericOp::I32Mul:
  case NumericOp::I64Mul:
    V = B.CreateMul(L, R);
    break;
  case NumericOp::I32DivS:
  case NumericOp::I32DivU:
  case NumericOp::I32RemS:
  case NumericOp::I32RemU:
  case NumericOp::I64DivS:
  case NumericOp::I64DivU:
  case NumericOp::I64RemS:
  case NumericOp::I64RemU:
    V = emitIntDivRem(Op, L, R);
    break;
  case NumericOp::I32And:
  case NumericOp::I64And:
    V = B.CreateAnd(L, R);
    break;
  case NumericOp::I32Or:
  case NumericOp::I64Or:
    V = B.CreateOr(L, R);
    break;
  case NumericOp::I32Xor:
  case NumericOp::I64Xor:
    V = B.CreateXor(L, R);
    break;
  case NumericOp::I32Shl:
  case NumericOp::I64Shl:
    V = B.CreateShl(L, ShiftCount(R));
    break;
  case NumericOp::I32ShrS:
  case NumericOp::I64ShrS:
    V = B.CreateAShr(L, ShiftCount(R));
    break;
  case NumericOp::I32ShrU:
  case NumericOp::I64ShrU:
    V = B.CreateLShr(L, ShiftCount(R));
    break;
  case NumericOp::I32Rotl:
  case NumericOp::I64Rotl:
    V = B.CreateIntrinsic(Intrinsic::fshl, {L->getType()}, {L, L, R});
    break;
  case NumericOp::I32Rotr:
  case NumericOp::I64Rotr:
    V = B.CreateIntrinsic(Intrinsic::fshr, {L->getType()}, {L, L, R});
    break;

  case NumericOp::F32Abs:
  case NumericOp::F64Abs:
    V = B.CreateUnaryIntrinsic(Intrinsic::fabs, L);
    break;
  case NumericOp::F32Neg:
  case NumericOp::F64Neg:
    V = B.CreateFNeg(L);
    break;
  case NumericOp::F32Ceil:
  case NumericOp::F32Floor:
  case NumericOp::F32Trunc:
  case NumericOp::F32Nearest:
  case NumericOp::F64Ceil:
  case NumericOp::F64Floor:
  case NumericOp::F64Trunc:
  case NumericOp::F64Nearest:
    V = emitRounding(Op, L);
    break;
  case NumericOp::F32Sqrt:
  case NumericOp::F64Sqrt:
    V = B.CreateUnaryIntrinsic(Intrinsic::sqrt, L);
    break;
  case NumericOp::F32Add:
  case NumericOp::F64Add:
    V = B.CreateFAdd(L, R);
    if (foldsToOperand(Op, L, R))
      V = quietenNaN(V);
    break;
  case NumericOp::F32Sub:
  case NumericOp::F64Sub:
    V = B.CreateFSub(L, R);
    if (foldsToOperand(Op, L, R))
      V = quietenNaN(V);
    break;
  case NumericOp::F32Mul:
  case NumericOp::F64Mul:
    V = B.CreateFMul(L, R);
    if (foldsToOperand(Op, L, R))
      V = quietenNaN(V);
    break;
  case NumericOp::F32Div:
  case NumericOp::F64Div:
    V = B.CreateFDiv(L, R);
    if (foldsToOperand(Op, L, R))
      V = quietenNaN(V);
    break;
  case NumericOp::F32Min:
  case NumericOp::F64Min:
    V = emitFloatMinMax(/*IsMin=*/true, L, R);
    break;
  case NumericOp::F32Max:
  case NumericOp::F64Max:
    V = emitFloatMinMax(/*IsMin=*/false, L, R);
    break;
  case NumericOp::F32Copysign:
  case NumericOp::F64Copysign:
    V = B.CreateBinaryIntrinsic(Intrinsic::copysign, L, R);
    break;
  }
  pushSignature(Info.Results, 0, V);
}
