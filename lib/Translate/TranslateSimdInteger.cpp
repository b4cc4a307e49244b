//===- TranslateSimdInteger.cpp - bitwise and integer SIMD operators ------===//
//
// Lane-wise integer arithmetic maps onto LLVM's vector operations and the
// intrinsics whose semantics are the spec's: wrapping add/sub/mul,
// llvm.[su]add.sat / [su]sub.sat, llvm.[su]min / [su]max, llvm.abs (with
// INT_MIN staying INT_MIN), llvm.ctpop. The rest is written out:
//
//   comparisons   icmp, then sign-extend the i1 lanes to all ones / zeros;
//   shifts        the count is taken modulo the lane width, then splat;
//   narrow        both operands as one double-length vector, clamped to the
//                 narrow range (signed inputs for both _s and _u), truncated;
//   extend/extmul the low or high half by a shuffle, then sext/zext (mul);
//   extadd, dot   even and odd lanes by shuffles, widened, added (dot's one
//                 overflowing case, -32768 * -32768 twice, wraps as spec'd);
//   avgr_u        (a + b + 1) >> 1 in twice the width;
//   q15mulr_sat_s (a * b + 0x4000) >> 15 in i32, saturated: only
//                 -32768 * -32768 overflows, to 32768;
//   bitmask       the sign bits as an <N x i1>, bitcast to iN;
//   all_true      an and-reduction of lane != 0; any_true: the 128 bits != 0.
//
// LLVM recognises most of these idioms (pavgb, pmaddwd, pmovmskb, packs).
//
//===----------------------------------------------------------------------===//

#include "TranslateSimd.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/IntrinsicsX86.h"

using namespace w2o;
using namespace llvm;

namespace {
/// The shape with twice as many lanes of half the width: the operands of
/// extend, extmul and extadd_pairwise.
SimdShape narrowShape(SimdShape S) {
  switch (S) {
  case SimdShape::I16x8:
    return SimdShape::I8x16;
  case SimdShape::I32x4:
    return SimdShape::I16x8;
  case SimdShape::I64x2:
    return SimdShape::I32x4;
  default:
    llvm_unreachable("no narrower integer shape");
  }
}
} // namespace

Value *FunctionTranslator::emitSimdInteger(SimdOp Op, ArrayRef<Value *> Ops) {
  SimdShape S = simdShapeOf(CurOp);
  FixedVectorType *VT = simdType(S);
  unsigned N = VT->getNumElements();
  unsigned Bits = VT->getScalarSizeInBits();
  Value *L = Ops.size() > 0 ? asShape(Ops[0], S) : nullptr;
  Value *R = Ops.size() > 1 && Ops[1]->getType() == MC.V128Ty
                 ? asShape(Ops[1], S)
                 : nullptr;

  auto Cmp = [&](CmpInst::Predicate P) {
    return toV128(B.CreateSExt(B.CreateICmp(P, L, R), VT));
  };
  auto Bin = [&](Intrinsic::ID ID) {
    return toV128(B.CreateBinaryIntrinsic(ID, L, R));
  };
  // Lanes [First, First + Count) of V.
  auto Lanes = [&](Value *V, unsigned First, unsigned Count) {
    SmallVector<int, 16> Mask;
    for (unsigned I = 0; I < Count; ++I)
      Mask.push_back(First + I);
    return B.CreateShuffleVector(V, Mask);
  };
  // Every second lane of V, from First.
  auto Strided = [&](Value *V, unsigned First, unsigned Count) {
    SmallVector<int, 16> Mask;
    for (unsigned I = 0; I < Count; ++I)
      Mask.push_back(First + 2 * I);
    return B.CreateShuffleVector(V, Mask);
  };
  auto Ext = [&](Value *V, bool Signed) {
    return Signed ? B.CreateSExt(V, VT) : B.CreateZExt(V, VT);
  };
  // The low or high half of a narrower-shaped operand, widened to VT.
  auto ExtendHalf = [&](Value *V128, bool High, bool Signed) {
    Value *Narrow = asShape(V128, narrowShape(S));
    return Ext(Lanes(Narrow, High ? N : 0, N), Signed);
  };
  auto ExtMul = [&](bool High, bool Signed) {
    return toV128(B.CreateMul(ExtendHalf(Ops[0], High, Signed),
                              ExtendHalf(Ops[1], High, Signed)));
  };
  auto ExtAddPairwise = [&](bool Signed) {
    Value *Narrow = asShape(Ops[0], narrowShape(S));
    return toV128(B.CreateAdd(Ext(Strided(Narrow, 0, N), Signed),
                              Ext(Strided(Narrow, 1, N), Signed)));
  };
  auto Shift = [&](Instruction::BinaryOps Opc) {
    Value *Count = B.CreateAnd(Ops[1], B.getInt32(Bits - 1));
    Count = B.CreateZExtOrTrunc(Count, VT->getElementType());
    return toV128(B.CreateBinOp(Opc, L, B.CreateVectorSplat(N, Count)));
  };
  // Narrows the two operands (of twice this width) into one vector with
  // saturation to [Lo, Hi].
  auto Narrow = [&](int64_t Lo, int64_t Hi) {
    SimdShape WideS =
        S == SimdShape::I8x16 ? SimdShape::I16x8 : SimdShape::I32x4;
    Value *A = asShape(Ops[0], WideS), *C = asShape(Ops[1], WideS);
    SmallVector<int, 16> Mask;
    for (unsigned I = 0; I < N; ++I)
      Mask.push_back(I);
    Value *Both = B.CreateShuffleVector(A, C, Mask);
    Type *WT = Both->getType();
    Both = B.CreateBinaryIntrinsic(Intrinsic::smax, Both,
                                   ConstantInt::getSigned(WT, Lo));
    Both = B.CreateBinaryIntrinsic(Intrinsic::smin, Both,
                                   ConstantInt::getSigned(WT, Hi));
    return toV128(B.CreateTrunc(Both, VT));
  };
  auto Zero = Constant::getNullValue(VT);

  switch (Op) {
  // Comparisons.
  case SimdOp::I8x16Eq:
  case SimdOp::I16x8Eq:
  case SimdOp::I32x4Eq:
  case SimdOp::I64x2Eq:
    return Cmp(CmpInst::ICMP_EQ);
  case SimdOp::I8x16Ne:
  case SimdOp::I16x8Ne:
  case SimdOp::I32x4Ne:
  case SimdOp::I64x2Ne:
    return Cmp(CmpInst::ICMP_NE);
  case SimdOp::I8x16LtS:
  case SimdOp::I16x8LtS:
  case SimdOp::I32x4LtS:
  case SimdOp::I64x2LtS:
    return Cmp(CmpInst::ICMP_SLT);
  case SimdOp::I8x16LtU:
  case SimdOp::I16x8LtU:
  case SimdOp::I32x4LtU:
    return Cmp(CmpInst::ICMP_ULT);
  case SimdOp::I8x16GtS:
  case SimdOp::I16x8GtS:
  case SimdOp::I32x4GtS:
  case SimdOp::I64x2GtS:
    return Cmp(CmpInst::ICMP_SGT);
  case SimdOp::I8x16GtU:
  case SimdOp::I16x8GtU:
  case SimdOp::I32x4GtU:
    return Cmp(CmpInst::ICMP_UGT);
  case SimdOp::I8x16LeS:
  case SimdOp::I16x8LeS:
  case SimdOp::I32x4LeS:
  case SimdOp::I64x2LeS:
    return Cmp(CmpInst::ICMP_SLE);
  case SimdOp::I8x16LeU:
  case SimdOp::I16x8LeU:
  case SimdOp::I32x4LeU:
    return Cmp(CmpInst::ICMP_ULE);
  case SimdOp::I8x16GeS:
  case SimdOp::I16x8GeS:
  case SimdOp::I32x4GeS:
  case SimdOp::I64x2GeS:
    return Cmp(CmpInst::ICMP_SGE);
  case SimdOp::I8x16GeU:
  case SimdOp::I16x8GeU:
  case SimdOp::I32x4GeU:
    return Cmp(CmpInst::ICMP_UGE);

  // Bitwise, on the canonical <2 x i64>.
  case SimdOp::V128Not:
    return B.CreateNot(Ops[0]);
  case SimdOp::V128And:
    return B.CreateAnd(Ops[0], Ops[1]);
  case SimdOp::V128AndNot:
    return B.CreateAnd(Ops[0], B.CreateNot(Ops[1]));
  case SimdOp::V128Or:
    return B.CreateOr(Ops[0], Ops[1]);
  case SimdOp::V128Xor:
    return B.CreateXor(Ops[0], Ops[1]);
  case SimdOp::V128Bitselect:
    return B.CreateOr(B.CreateAnd(Ops[0], Ops[2]),
                      B.CreateAnd(Ops[1], B.CreateNot(Ops[2])));
  case SimdOp::V128AnyTrue: {
    Value *All = B.CreateBitCast(Ops[0], B.getInt128Ty());
    return B.CreateZExt(B.CreateICmpNE(All, B.getInt(APInt(128, 0))), MC.I32Ty);
  }

  // Unary lane operators.
  case SimdOp::I8x16Abs:
  case SimdOp::I16x8Abs:
  case SimdOp::I32x4Abs:
  case SimdOp::I64x2Abs:
    return toV128(B.CreateBinaryIntrinsic(Intrinsic::abs, L, B.getFalse()));
  case SimdOp::I8x16Neg:
  case SimdOp::I16x8Neg:
  case SimdOp::I32x4Neg:
  case SimdOp::I64x2Neg:
    return toV128(B.CreateNeg(L));
  case SimdOp::I8x16Popcnt:
    return toV128(B.CreateUnaryIntrinsic(Intrinsic::ctpop, L));
  case SimdOp::I8x16AllTrue:
  case SimdOp::I16x8AllTrue:
  case SimdOp::I32x4AllTrue:
  case SimdOp::I64x2AllTrue:
    return B.CreateZExt(B.CreateAndReduce(B.CreateICmpNE(L, Zero)), MC.I32Ty);
  case SimdOp::I8x16Bitmask:
  case SimdOp::I16x8Bitmask:
  case SimdOp::I32x4Bitmask:
  case SimdOp::I64x2Bitmask: {
    Value *Signs = B.CreateICmpSLT(L, Zero);
    return B.CreateZExt(B.CreateBitCast(Signs, B.getIntNTy(N)), MC.I32Ty);
  }

  // Narrowing and widening.
  case SimdOp::I8x16NarrowI16x8S:
    return Narrow(INT8_MIN, INT8_MAX);
  case SimdOp::I8x16NarrowI16x8U:
    return Narrow(0, UINT8_MAX);
  case SimdOp::I16x8NarrowI32x4S:
    return Narrow(INT16_MIN, INT16_MAX);
  case SimdOp::I16x8NarrowI32x4U:
    return Narrow(0, UINT16_MAX);
  case SimdOp::I16x8ExtendLowI8x16S:
  case SimdOp::I32x4ExtendLowI16x8S:
  case SimdOp::I64x2ExtendLowI32x4S:
    return toV128(ExtendHalf(Ops[0], /*High=*/false, /*Signed=*/true));
  case SimdOp::I16x8ExtendHighI8x16S:
  case SimdOp::I32x4ExtendHighI16x8S:
  case SimdOp::I64x2ExtendHighI32x4S:
    return toV128(ExtendHalf(Ops[0], /*High=*/true, /*Signed=*/true));
  case SimdOp::I16x8ExtendLowI8x16U:
  case SimdOp::I32x4ExtendLowI16x8U:
  case SimdOp::I64x2ExtendLowI32x4U:
    return toV128(ExtendHalf(Ops[0], /*High=*/false, /*Signed=*/false));
  case SimdOp::I16x8ExtendHighI8x16U:
  case SimdOp::I32x4ExtendHighI16x8U:
  case SimdOp::I64x2ExtendHighI32x4U:
    return toV128(ExtendHalf(Ops[0], /*High=*/true, /*Signed=*/false));
  case SimdOp::I16x8ExtaddPairwiseI8x16S:
  case SimdOp::I32x4ExtaddPairwiseI16x8S:
    return ExtAddPairwise(/*Signed=*/true);
  case SimdOp::I16x8ExtaddPairwiseI8x16U:
  case SimdOp::I32x4ExtaddPairwiseI16x8U:
    return ExtAddPairwise(/*Signed=*/false);
  case SimdOp::I16x8ExtmulLowI8x16S:
  case SimdOp::I32x4ExtmulLowI16x8S:
  case SimdOp::I64x2ExtmulLowI32x4S:
    return ExtMul(/*High=*/false, /*Signed=*/true);
  case SimdOp::I16x8ExtmulHighI8x16S:
  case SimdOp::I32x4ExtmulHighI16x8S:
  case SimdOp::I64x2ExtmulHighI32x4S:
    return ExtMul(/*High=*/true, /*Signed=*/true);
  case SimdOp::I16x8ExtmulLowI8x16U:
  case SimdOp::I32x4ExtmulLowI16x8U:
  case SimdOp::I64x2ExtmulLowI32x4U:
    return ExtMul(/*High=*/false, /*Signed=*/false);
  case SimdOp::I16x8ExtmulHighI8x16U:
  case SimdOp::I32x4ExtmulHighI16x8U:
  case SimdOp::I64x2ExtmulHighI32x4U:
    return ExtMul(/*High=*/true, /*Signed=*/false);

  // Shifts.
  case SimdOp::I8x16Shl:
  case SimdOp::I16x8Shl:
  case SimdOp::I32x4Shl:
  case SimdOp::I64x2Shl:
    return Shift(Instruction::Shl);
  case SimdOp::I8x16ShrS:
  case SimdOp::I16x8ShrS:
  case SimdOp::I32x4ShrS:
  case SimdOp::I64x2ShrS:
    return Shift(Instruction::AShr);
  case SimdOp::I8x16ShrU:
  case SimdOp::I16x8ShrU:
  case SimdOp::I32x4ShrU:
  case SimdOp::I64x2ShrU:
    return Shift(Instruction::LShr);

  // Arithmetic.
  case SimdOp::I8x16Add:
  case SimdOp::I16x8Add:
  case SimdOp::I32x4Add:
  case SimdOp::I64x2Add:
    return toV128(B.CreateAdd(L, R));
  case SimdOp::I8x16Sub:
  case SimdOp::I16x8Sub:
  case SimdOp::I32x4Sub:
  case SimdOp::I64x2Sub:
    return toV128(B.CreateSub(L, R));
  case SimdOp::I16x8Mul:
  case SimdOp::I32x4Mul:
  case SimdOp::I64x2Mul:
    return toV128(B.CreateMul(L, R));
  case SimdOp::I8x16AddSatS:
  case SimdOp::I16x8AddSatS:
    return Bin(Intrinsic::sadd_sat);
  case SimdOp::I8x16AddSatU:
  case SimdOp::I16x8AddSatU:
    return Bin(Intrinsic::uadd_sat);
  case SimdOp::I8x16SubSatS:
  case SimdOp::I16x8SubSatS:
    return Bin(Intrinsic::ssub_sat);
  case SimdOp::I8x16SubSatU:
  case SimdOp::I16x8SubSatU:
    return Bin(Intrinsic::usub_sat);
  case SimdOp::I8x16MinS:
  case SimdOp::I16x8MinS:
  case SimdOp::I32x4MinS:
    return Bin(Intrinsic::smin);
  case SimdOp::I8x16MinU:
  case SimdOp::I16x8MinU:
  case SimdOp::I32x4MinU:
    return Bin(Intrinsic::umin);
  case SimdOp::I8x16MaxS:
  case SimdOp::I16x8MaxS:
  case SimdOp::I32x4MaxS:
    return Bin(Intrinsic::smax);
  case SimdOp::I8x16MaxU:
  case SimdOp::I16x8MaxU:
  case SimdOp::I32x4MaxU:
    return Bin(Intrinsic::umax);
  case SimdOp::I8x16AvgrU:
  case SimdOp::I16x8AvgrU: {
    Type *WT = FixedVectorType::get(B.getIntNTy(2 * Bits), N);
    Value *Sum = B.CreateAdd(B.CreateZExt(L, WT), B.CreateZExt(R, WT));
    Sum = B.CreateAdd(Sum, ConstantInt::get(WT, 1));
    return toV128(B.CreateTrunc(B.CreateLShr(Sum, 1), VT));
  }
  case SimdOp::I16x8Q15mulrSatS: {
    if (MC.TF.X86SSSE3) {
      // x86's pmulhrsw computes exactly (a * b + 0x4000) >> 15, wrapping
      // the one overflow (-32768 * -32768) to 0x8000, which nothing else
      // gives: that lane becomes 0x7fff.
      Value *P =
          B.CreateIntrinsic(Intrinsic::x86_ssse3_pmul_hr_sw_128, {}, {L, R});
      Value *Over =
          B.CreateSExt(B.CreateICmpEQ(P, ConstantInt::get(VT, 0x8000)), VT);
      return toV128(B.CreateXor(P, Over));
    }
    Type *WT = FixedVectorType::get(MC.I32Ty, N);
    Value *P = B.CreateMul(B.CreateSExt(L, WT), B.CreateSExt(R, WT));
    P = B.CreateAShr(B.CreateAdd(P, ConstantInt::get(WT, 0x4000)), 15);
    P = B.CreateBinaryIntrinsic(Intrinsic::smin, P,
                                ConstantInt::get(WT, INT16_MAX));
    return toV128(B.CreateTrunc(P, VT));
  }
  case SimdOp::I32x4DotI16x8S: {
    Value *A = asShape(Ops[0], SimdShape::I16x8);
    Value *C = asShape(Ops[1], SimdShape::I16x8);
    Type *WT = FixedVectorType::get(MC.I32Ty, 8);
    Value *P = B.CreateMul(B.CreateSExt(A, WT), B.CreateSExt(C, WT));
    return toV128(B.CreateAdd(Strided(P, 0, 4), Strided(P, 1, 4)));
  }
  case SimdOp::I16x8RelaxedDotI8x16I7x16S:
  case SimdOp::I32x4RelaxedDotI8x16I7x16AddS: {
    // Both operands signed (TranslateSimd.cpp): the products fit in i16.
    bool Accumulate = Op == SimdOp::I32x4RelaxedDotI8x16I7x16AddS;
    Value *A = asShape(Ops[0], SimdShape::I8x16);
    Value *C = asShape(Ops[1], SimdShape::I8x16);
    Type *WT = FixedVectorType::get(Accumulate ? MC.I32Ty : MC.I16Ty, 16);
    Value *P = B.CreateMul(B.CreateSExt(A, WT), B.CreateSExt(C, WT));
    Value *Pairs = B.CreateAdd(Strided(P, 0, 8), Strided(P, 1, 8));
    if (!Accumulate)
      return toV128(Pairs);
    Value *Quads = B.CreateAdd(Strided(Pairs, 0, 4), Strided(Pairs, 1, 4));
    return toV128(B.CreateAdd(Quads, asShape(Ops[2], SimdShape::I32x4)));
  }
  default:
    llvm_unreachable("not an integer SIMD operator");
  }
}
