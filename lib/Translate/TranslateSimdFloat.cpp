//===- TranslateSimdFloat.cpp - float SIMD operators and conversions ------===//
//
// The lane-wise counterparts of TranslateNumeric.cpp, with the same wasm
// rules:
//
//   abs, neg      llvm.fabs / fneg: bit operations, NaN payloads kept;
//   arithmetic    IEEE fadd/fsub/fmul/fdiv/sqrt. A NaN result must be
//                 arithmetic (quiet); where LLVM may fold the operation to
//                 an operand (a constant lane 0, 1 or -1), the result is
//                 quietened, as for scalars (quietenNaN);
//   min, max      llvm.minimum / maximum (NaN-propagating, -0 < +0), with
//                 a NaN made quiet (emitFloatMinMax, shared with scalars);
//   pmin, pmax    b < a ? b : a  and  a < b ? b : a  with no NaN rule: a
//                 select, bits unchanged;
//   rounding      llvm.ceil/floor/trunc/roundeven on the vector when the
//                 target has the instructions (SSE4.1, AArch64); otherwise
//                 LLVM would call libm's floorf & co. per lane, which a
//                 plain `cc app.o -lwasirt` does not link, so each lane is
//                 passed to the runtime's wasirt_f32_floor & co. instead;
//   conversions   llvm.fpto[su]i.sat (the spec's saturation, NaN -> 0),
//                 sitofp/uitofp (correctly rounded), fptrunc/fpext on the
//                 low lanes, the unused high lanes zero.
//
//===----------------------------------------------------------------------===//

#include "TranslateSimd.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/IntrinsicsX86.h"

using namespace w2o;
using namespace llvm;

namespace {
/// Whether LLVM may fold a float operation with V as an operand to the
/// other operand or its negation (x+-0, x-0, x*1, x*-1, x/1, x/-1, -0-x),
/// returning a signalling NaN unchanged: V is constant with a lane 0, 1 or
/// -1.
bool mayFoldToOperand(Value *V) {
  auto *C = dyn_cast<Constant>(V);
  if (!C)
    return false;
  auto *VT = cast<FixedVectorType>(C->getType());
  for (unsigned I = 0; I < VT->getNumElements(); ++I) {
    auto *E = dyn_cast_or_null<ConstantFP>(C->getAggregateElement(I));
    if (!E)
      return true; // undef or an expression: assume the worst
    const APFloat &F = E->getValueAPF();
    if (F.isZero() || F.isExactlyValue(1.0) || F.isExactlyValue(-1.0))
      return true;
  }
  return false;
}
/// x86's minps/maxps (minpd/maxpd for f64x2): a < b ? a : b and
/// a > b ? a : b, the second operand when either is NaN or both are zeros.
Intrinsic::ID x86MinMax(bool IsMin, bool F32) {
  return IsMin ? (F32 ? Intrinsic::x86_sse_min_ps : Intrinsic::x86_sse2_min_pd)
               : (F32 ? Intrinsic::x86_sse_max_ps : Intrinsic::x86_sse2_max_pd);
}
} // namespace

// wasm's min and max of float lanes with x86's minps/maxps (SSE2), which
// return their second operand when either is NaN or both are zeros: each
// is taken in both operand orders and the two merged, then any NaN lane is
// made the canonical NaN (its low payload bits cleared) -- 10 or 11
// instructions where llvm.minimum/maximum take 25 without AVX.
//   min: a | b of the two results gives -0 for {-0, +0} and keeps a NaN a
//        NaN; NaN lanes are set to all ones, then the payload below the
//        quiet bit is cleared.
//   max: the two results' difference bits d = t1 ^ t2 (the sign for
//        {-0, +0}); (t1 | d) - d is +0 for the zeros, t1 where the results
//        agree, and a quiet NaN where either is NaN; then the payload below
//        the quiet bit of NaN lanes is cleared.
Value *FunctionTranslator::emitSimdMinMaxX86(bool IsMin, Value *L, Value *R) {
  auto *VT = cast<FixedVectorType>(L->getType());
  bool F32 = VT->getElementType()->isFloatTy();
  Intrinsic::ID ID = x86MinMax(IsMin, F32);
  Type *IT = VectorType::getInteger(VT);
  Value *T1 = B.CreateBitCast(B.CreateIntrinsic(ID, {}, {L, R}), IT);
  Value *T2 = B.CreateBitCast(B.CreateIntrinsic(ID, {}, {R, L}), IT);
  Value *M;
  if (IsMin) {
    M = B.CreateOr(T1, T2);
    Value *NaN = B.CreateSExt(
        B.CreateFCmpUNO(B.CreateBitCast(M, VT), B.CreateBitCast(T2, VT)), IT);
    M = B.CreateOr(M, NaN);
    M = B.CreateAnd(M, B.CreateNot(B.CreateLShr(NaN, F32 ? 10 : 13)));
  } else {
    Value *D = B.CreateXor(T1, T2);
    Value *S = B.CreateFSub(B.CreateBitCast(B.CreateOr(T1, D), VT),
                            B.CreateBitCast(D, VT));
    Value *NaN = B.CreateSExt(B.CreateFCmpUNO(B.CreateBitCast(D, VT), S), IT);
    M = B.CreateAnd(B.CreateBitCast(S, IT),
                    B.CreateNot(B.CreateLShr(NaN, F32 ? 10 : 13)));
  }
  return B.CreateBitCast(M, VT);
}

// The saturating truncations on x86 (SSE2), 6 to 13 instructions where
// llvm.fpto[su]i.sat take 14 to 35:
//   f32x4 -> s32  cvttps2dq, which gives 0x80000000 for NaN and every lane
//                 out of range: NaN lanes are zeroed first, and a positive
//                 lane that came out negative (too large) is flipped to
//                 0x7fffffff;
//   f32x4 -> u32  a = maxps(a, 0) (NaN and negatives -> 0); a lane from
//                 2^31 on is cvttps2dq(a - 2^31) + 0x80000000, one from 2^32
//                 on 0xffffffff: cvttps2dq(a) + max(cvttps2dq(a - 2^31) ^
//                 (a - 2^31 >= 2^31 ? ~0 : 0), 0);
//   f64x2 -> s32  minpd(a, NaN ? 0 : 2147483647.0), then cvttpd2dq (which
//                 gives 0x80000000 below the range and zeroes the high
//                 lanes);
//   f64x2 -> u32  (SSE4.1) maxpd(a, 0), minpd(.., 4294967295.0), truncated,
//                 plus 2^52: each lane's low 32 bits are the integer.
Value *FunctionTranslator::emitTruncSatX86(SimdOp Op, Value *V128) {
  Type *F32x4 = simdType(SimdShape::F32x4), *F64x2 = simdType(SimdShape::F64x2);
  Type *I32x4 = simdType(SimdShape::I32x4), *I64x2 = simdType(SimdShape::I64x2);
  switch (Op) {
  case SimdOp::I32x4TruncSatF32x4S: {
    Value *A = asShape(V128, SimdShape::F32x4);
    Value *Ordered = B.CreateSExt(B.CreateFCmpORD(A, A), I32x4);
    Value *Bits = B.CreateAnd(B.CreateBitCast(A, I32x4), Ordered); // NaN->+0
    Value *R = B.CreateIntrinsic(Intrinsic::x86_sse2_cvttps2dq, {},
                                 {B.CreateBitCast(Bits, F32x4)});
    // Sign bit of Ordered ^ Bits: the lane is a number >= +0.
    Value *Positive = B.CreateXor(Ordered, Bits);
    return B.CreateXor(R, B.CreateAShr(B.CreateAnd(Positive, R), 31));
  }
  case SimdOp::I32x4TruncSatF32x4U: {
    Value *A = B.CreateIntrinsic(
        Intrinsic::x86_sse_max_ps, {},
        {asShape(V128, SimdShape::F32x4), Constant::getNullValue(F32x4)});
    Value *Two31 = ConstantFP::get(F32x4, 2147483648.0);
    Value *High = B.CreateFSub(A, Two31);
    Value *Big = B.CreateSExt(B.CreateFCmpOGE(High, Two31), I32x4);
    Value *HighInt =
        B.CreateIntrinsic(Intrinsic::x86_sse2_cvttps2dq, {}, {High});
    HighInt =
        B.CreateBinaryIntrinsic(Intrinsic::smax, B.CreateXor(HighInt, Big),
                                Constant::getNullValue(I32x4));
    return B.CreateAdd(
        B.CreateIntrinsic(Intrinsic::x86_sse2_cvttps2dq, {}, {A}), HighInt);
  }
  case SimdOp::I32x4TruncSatF64x2SZero: {
    Value *A = asShape(V128, SimdShape::F64x2);
    Value *Ordered = B.CreateSExt(B.CreateFCmpORD(A, A), I64x2);
    Value *Limit = B.CreateBitCast(
        B.CreateAnd(
            B.CreateBitCast(ConstantFP::get(F64x2, 2147483647.0), I64x2),
            Ordered),
        F64x2);
    Value *C = B.CreateIntrinsic(Intrinsic::x86_sse2_min_pd, {}, {A, Limit});
    return B.CreateIntrinsic(Intrinsic::x86_sse2_cvttpd2dq, {}, {C});
  }
  case SimdOp::I32x4TruncSatF64x2UZero: {
    Value *A = B.CreateIntrinsic(
        Intrinsic::x86_sse2_max_pd, {},
        {asShape(V128, SimdShape::F64x2), Constant::getNullValue(F64x2)});
    A = B.CreateIntrinsic(Intrinsic::x86_sse2_min_pd, {},
                          {A, ConstantFP::get(F64x2, 4294967295.0)});
    A = B.CreateUnaryIntrinsic(Intrinsic::trunc, A);
    A = B.CreateFAdd(A, ConstantFP::get(F64x2, 4503599627370496.0)); // 2^52
    Value *Words = B.CreateBitCast(A, I32x4);
    return B.CreateShuffleVector(Words, Constant::getNullValue(I32x4),
                                 ArrayRef<int>{0, 2, 4, 4});
  }
  default:
    llvm_unreachable("not a saturating truncation");
  }
}

// ceil, floor, trunc and nearest of f32x4 or f64x2 lanes on x86 with SSE2
// but not SSE4.1's round instructions: for |x| below 2^23
// (2^52 for f64), adding and subtracting 2^23 rounds |x| to the nearest
// integer, ties to even (the default rounding mode); trunc, floor and ceil
// then step by one where that went the wrong way, and the result takes
// x's sign (so ceil(-0.5) is -0, as wasm wants). Larger values and the
// infinities are integers already, and NaN comes out quiet (x + 0). 18 to
// 28 instructions, where the runtime's helpers cost a call per lane (a
// latency-bound loop of f32x4.floor: 1.21 s before, 0.88 s now).
Value *FunctionTranslator::emitRoundingSSE2(Intrinsic::ID ID, Value *X) {
  Type *T = X->getType();
  bool F32 = T->getScalarType()->isFloatTy();
  Value *Magic = ConstantFP::get(T, F32 ? 8388608.0 : 4503599627370496.0);
  Value *One = ConstantFP::get(T, 1.0);
  Value *A = B.CreateUnaryIntrinsic(Intrinsic::fabs, X);
  Value *R = B.CreateFSub(B.CreateFAdd(A, Magic), Magic); // |x| to even
  switch (ID) {
  case Intrinsic::roundeven:
    break;
  case Intrinsic::trunc:
    R = B.CreateSelect(B.CreateFCmpOGT(R, A), B.CreateFSub(R, One), R);
    break;
  case Intrinsic::floor:
    R = B.CreateBinaryIntrinsic(Intrinsic::copysign, R, X);
    R = B.CreateSelect(B.CreateFCmpOGT(R, X), B.CreateFSub(R, One), R);
    break;
  case Intrinsic::ceil:
    R = B.CreateBinaryIntrinsic(Intrinsic::copysign, R, X);
    R = B.CreateSelect(B.CreateFCmpOLT(R, X), B.CreateFAdd(R, One), R);
    break;
  default:
    llvm_unreachable("not a rounding intrinsic");
  }
  R = B.CreateBinaryIntrinsic(Intrinsic::copysign, R, X);
  Value *Small = B.CreateFCmpOLT(A, Magic); // false for NaN
  return B.CreateSelect(Small, R, B.CreateFAdd(X, ConstantFP::get(T, 0.0)));
}

Value *FunctionTranslator::emitSimdRounding(SimdOp Op, Value *V) {
  Intrinsic::ID ID;
  RuntimeCall RC;
  switch (Op) {
  case SimdOp::F32x4Ceil:
    ID = Intrinsic::ceil, RC = RuntimeCall::wasirt_f32_ceil;
    break;
  case SimdOp::F32x4Floor:
    ID = Intrinsic::floor, RC = RuntimeCall::wasirt_f32_floor;
    break;
  case SimdOp::F32x4Trunc:
    ID = Intrinsic::trunc, RC = RuntimeCall::wasirt_f32_trunc;
    break;
  case SimdOp::F32x4Nearest:
    ID = Intrinsic::roundeven, RC = RuntimeCall::wasirt_f32_nearest;
    break;
  case SimdOp::F64x2Ceil:
    ID = Intrinsic::ceil, RC = RuntimeCall::wasirt_f64_ceil;
    break;
  case SimdOp::F64x2Floor:
    ID = Intrinsic::floor, RC = RuntimeCall::wasirt_f64_floor;
    break;
  case SimdOp::F64x2Trunc:
    ID = Intrinsic::trunc, RC = RuntimeCall::wasirt_f64_trunc;
    break;
  case SimdOp::F64x2Nearest:
    ID = Intrinsic::roundeven, RC = RuntimeCall::wasirt_f64_nearest;
    break;
  default:
    llvm_unreachable("not a rounding operator");
  }
  if (MC.TF.HasRoundingInstrs)
    return B.CreateUnaryIntrinsic(ID, V);
  if (MC.TF.X86SSE2)
    return emitRoundingSSE2(ID, V);
  auto *VT = cast<FixedVectorType>(V->getType());
  Value *R = PoisonValue::get(VT);
  for (unsigned I = 0; I < VT->getNumElements(); ++I) {
    CallInst *C = B.CreateCall(MC.runtime(RC),
                               {B.CreateExtractElement(V, B.getInt32(I))});
    C->setDoesNotAccessMemory();
    R = B.CreateInsertElement(R, C, B.getInt32(I));
  }
  return R;
}

Value *FunctionTranslator::emitSimdFloat(SimdOp Op, ArrayRef<Value *> Ops) {
  SimdShape S = simdShapeOf(CurOp);
  Value *L = asShape(Ops[0], S);
  Value *R = Ops.size() > 1 ? asShape(Ops[1], S) : nullptr;
  // Lane masks of comparisons: as wide as the float lanes.
  SimdShape MaskS = S == SimdShape::F32x4 ? SimdShape::I32x4 : SimdShape::I64x2;
  auto Cmp = [&](CmpInst::Predicate P) {
    return toV128(B.CreateSExt(B.CreateFCmp(P, L, R), simdType(MaskS)));
  };
  auto Arith = [&](Value *V) {
    if (mayFoldToOperand(L) || mayFoldToOperand(R))
      V = quietenNaN(V);
    return toV128(V);
  };
  // The result of a conversion to two lanes, widened with two zero lanes.
  auto ZeroHigh = [&](Value *V) {
    Value *Zero = Constant::getNullValue(V->getType());
    return toV128(B.CreateShuffleVector(V, Zero, ArrayRef<int>{0, 1, 2, 3}));
  };
  auto LowTwo = [&](Value *V) {
    return B.CreateShuffleVector(V, ArrayRef<int>{0, 1});
  };
  auto TruncSat = [&](Intrinsic::ID ID, Value *V, Type *To) {
    return B.CreateIntrinsic(ID, {To, V->getType()}, {V});
  };
  Type *I32x4 = simdType(SimdShape::I32x4);
  Type *I32x2 = FixedVectorType::get(MC.I32Ty, 2);

  switch (Op) {
  case SimdOp::F32x4Eq:
  case SimdOp::F64x2Eq:
    return Cmp(CmpInst::FCMP_OEQ);
  case SimdOp::F32x4Ne:
  case SimdOp::F64x2Ne:
    return Cmp(CmpInst::FCMP_UNE);
  case SimdOp::F32x4Lt:
  case SimdOp::F64x2Lt:
    return Cmp(CmpInst::FCMP_OLT);
  case SimdOp::F32x4Gt:
  case SimdOp::F64x2Gt:
    return Cmp(CmpInst::FCMP_OGT);
  case SimdOp::F32x4Le:
  case SimdOp::F64x2Le:
    return Cmp(CmpInst::FCMP_OLE);
  case SimdOp::F32x4Ge:
  case SimdOp::F64x2Ge:
    return Cmp(CmpInst::FCMP_OGE);

  case SimdOp::F32x4Abs:
  case SimdOp::F64x2Abs:
    return toV128(B.CreateUnaryIntrinsic(Intrinsic::fabs, L));
  case SimdOp::F32x4Neg:
  case SimdOp::F64x2Neg:
    return toV128(B.CreateFNeg(L));
  case SimdOp::F32x4Sqrt:
  case SimdOp::F64x2Sqrt:
    return toV128(B.CreateUnaryIntrinsic(Intrinsic::sqrt, L));
  case SimdOp::F32x4Ceil:
  case SimdOp::F32x4Floor:
  case SimdOp::F32x4Trunc:
  case SimdOp::F32x4Nearest:
  case SimdOp::F64x2Ceil:
  case SimdOp::F64x2Floor:
  case SimdOp::F64x2Trunc:
  case SimdOp::F64x2Nearest:
    return toV128(emitSimdRounding(Op, L));
  case SimdOp::F32x4Add:
  case SimdOp::F64x2Add:
    return Arith(B.CreateFAdd(L, R));
  case SimdOp::F32x4Sub:
  case SimdOp::F64x2Sub:
    return Arith(B.CreateFSub(L, R));
  case SimdOp::F32x4Mul:
  case SimdOp::F64x2Mul:
    return Arith(B.CreateFMul(L, R));
  case SimdOp::F32x4Div:
  case SimdOp::F64x2Div:
    return Arith(B.CreateFDiv(L, R));
  case SimdOp::F32x4Min:
  case SimdOp::F64x2Min:
    if (MC.TF.X86SSE2)
      return toV128(emitSimdMinMaxX86(/*IsMin=*/true, L, R));
    return toV128(emitFloatMinMax(/*IsMin=*/true, L, R));
  case SimdOp::F32x4Max:
  case SimdOp::F64x2Max:
    if (MC.TF.X86SSE2)
      return toV128(emitSimdMinMaxX86(/*IsMin=*/false, L, R));
    return toV128(emitFloatMinMax(/*IsMin=*/false, L, R));
  case SimdOp::F32x4Pmin:
  case SimdOp::F64x2Pmin:
    return toV128(B.CreateSelect(B.CreateFCmpOLT(R, L), R, L));
  case SimdOp::F32x4Pmax:
  case SimdOp::F64x2Pmax:
    return toV128(B.CreateSelect(B.CreateFCmpOLT(L, R), R, L));
  // Relaxed SIMD: the choices are listed in TranslateSimd.cpp.
  // On x86 with SSE2 that is exactly minps/maxps (minpd/maxpd), called by
  // name: as a select, InstCombine turns the <2 x double> one into a select
  // of the integer bits, which the backend no longer matches to maxpd. (x86
  // without SSE2, e.g. --cpu=pentium3, gets the select.)
  case SimdOp::F32x4RelaxedMin:
  case SimdOp::F64x2RelaxedMin:
    if (MC.TF.X86SSE2)
      return toV128(B.CreateIntrinsic(
          x86MinMax(/*IsMin=*/true, S == SimdShape::F32x4), {}, {L, R}));
    return toV128(B.CreateSelect(B.CreateFCmpOLT(L, R), L, R));
  case SimdOp::F32x4RelaxedMax:
  case SimdOp::F64x2RelaxedMax:
    if (MC.TF.X86SSE2)
      return toV128(B.CreateIntrinsic(
          x86MinMax(/*IsMin=*/false, S == SimdShape::F32x4), {}, {L, R}));
    return toV128(B.CreateSelect(B.CreateFCmpOGT(L, R), L, R));
  case SimdOp::F32x4RelaxedMadd:
  case SimdOp::F32x4RelaxedNmadd:
  case SimdOp::F64x2RelaxedMadd:
  case SimdOp::F64x2RelaxedNmadd: {
    Value *C = asShape(Ops[2], S);
    bool Negate =
        Op == SimdOp::F32x4RelaxedNmadd || Op == SimdOp::F64x2RelaxedNmadd;
    // -(a*b) + c: negating a first is exact, fused or not.
    Value *A = Negate ? B.CreateFNeg(L) : L;
    Value *V = MC.TF.HasFMA ? B.CreateIntrinsic(Intrinsic::fma, {A->getType()},
                                                {A, R, C})
                            : B.CreateFAdd(B.CreateFMul(A, R), C);
    // A constant lane 0 or 1 may fold it to an operand (a*1+c, a*b+-0).
    if (mayFoldToOperand(L) || mayFoldToOperand(R) || mayFoldToOperand(C))
      V = quietenNaN(V);
    return toV128(V);
  }

  // Conversions (the name's shape is the result's).
  case SimdOp::I32x4TruncSatF32x4S:
    if (MC.TF.X86SSE2)
      return toV128(emitTruncSatX86(Op, Ops[0]));
    return toV128(TruncSat(Intrinsic::fptosi_sat,
                           asShape(Ops[0], SimdShape::F32x4), I32x4));
  case SimdOp::I32x4TruncSatF32x4U:
    if (MC.TF.X86SSE2)
      return toV128(emitTruncSatX86(Op, Ops[0]));
    return toV128(TruncSat(Intrinsic::fptoui_sat,
                           asShape(Ops[0], SimdShape::F32x4), I32x4));
  case SimdOp::I32x4TruncSatF64x2SZero:
    if (MC.TF.X86SSE2)
      return toV128(emitTruncSatX86(Op, Ops[0]));
    return ZeroHigh(TruncSat(Intrinsic::fptosi_sat,
                             asShape(Ops[0], SimdShape::F64x2), I32x2));
  case SimdOp::I32x4TruncSatF64x2UZero:
    if (MC.TF.X86SSE2 && MC.TF.HasRoundingInstrs)
      return toV128(emitTruncSatX86(Op, Ops[0]));
    return ZeroHigh(TruncSat(Intrinsic::fptoui_sat,
                             asShape(Ops[0], SimdShape::F64x2), I32x2));
  case SimdOp::F32x4ConvertI32x4S:
    return toV128(
        B.CreateSIToFP(asShape(Ops[0], SimdShape::I32x4), simdType(S)));
  case SimdOp::F32x4ConvertI32x4U:
    return toV128(
        B.CreateUIToFP(asShape(Ops[0], SimdShape::I32x4), simdType(S)));
  case SimdOp::F64x2ConvertLowI32x4S:
    return toV128(
        B.CreateSIToFP(LowTwo(asShape(Ops[0], SimdShape::I32x4)), simdType(S)));
  case SimdOp::F64x2ConvertLowI32x4U:
    return toV128(
        B.CreateUIToFP(LowTwo(asShape(Ops[0], SimdShape::I32x4)), simdType(S)));
  case SimdOp::F32x4DemoteF64x2Zero:
    return ZeroHigh(B.CreateFPTrunc(asShape(Ops[0], SimdShape::F64x2),
                                    FixedVectorType::get(MC.F32Ty, 2)));
  case SimdOp::F64x2PromoteLowF32x4:
    return toV128(
        B.CreateFPExt(LowTwo(asShape(Ops[0], SimdShape::F32x4)), simdType(S)));
  default:
    llvm_unreachable("not a float SIMD operator");
  }
}
