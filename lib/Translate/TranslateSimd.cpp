//===- TranslateSimd.cpp - 128-bit SIMD: validation and dispatch ----------===//
//
// Design
// ------
// A v128 value is an LLVM <2 x i64> (ModuleContext::V128Ty) on the operand
// stack, in locals, globals, phis and calls. Each operator bitcasts its
// operands to the shape it works on (<16 x i8>, <8 x i16>, <4 x i32>,
// <2 x i64>, <4 x float>, <2 x double>), computes in portable LLVM IR, and
// bitcasts the result back; bitcasts between vector types are free in the
// backend and keep every bit, NaN payloads included.
//
// Every SIMD operator is "simple" in the table's sense: its immediates
// never change its typing, so the operands are checked from the signature
// columns. What the immediates add is checked here before any operand is
// popped: the memory index, alignment and offset of memory operators, and
// lane indices (below the lane count; below 32 for i8x16.shuffle), which
// are validation errors ("invalid lane index").
//
// The emitters are split by concern:
//   TranslateSimdMemory.cpp   loads and stores, through effectiveAddress
//                             like every scalar access (guard pages or
//                             explicit checks);
//   TranslateSimd.cpp         constants, shuffles, splats and lanes (below);
//   TranslateSimdInteger.cpp  bitwise and integer lanes;
//   TranslateSimdFloat.cpp    float lanes and conversions, with wasm's NaN
//                             rules.
// The switch below lists every operator once, so -Wswitch finds one that
// has no emitter; each emitter's own switch covers its group. Relaxed SIMD
// (0x100 on, feature relaxed-simd) is dispatched there too, with the one
// behaviour chosen for each operator written beside it.
//
//===----------------------------------------------------------------------===//

#include "TranslateSimd.h"
#include "llvm/IR/IntrinsicsAArch64.h"
#include "llvm/IR/IntrinsicsX86.h"

using namespace w2o;
using namespace llvm;

SimdShape w2o::simdShapeOf(Opcode Op) {
  StringRef Name = opName(Op);
  if (Name.starts_with("i8x16."))
    return SimdShape::I8x16;
  if (Name.starts_with("i16x8."))
    return SimdShape::I16x8;
  if (Name.starts_with("i32x4."))
    return SimdShape::I32x4;
  if (Name.starts_with("f32x4."))
    return SimdShape::F32x4;
  if (Name.starts_with("f64x2."))
    return SimdShape::F64x2;
  // i64x2.* and the shapeless v128.* operators.
  return SimdShape::I64x2;
}

FixedVectorType *FunctionTranslator::simdType(SimdShape S) {
  switch (S) {
  case SimdShape::I8x16:
    return FixedVectorType::get(MC.I8Ty, 16);
  case SimdShape::I16x8:
    return FixedVectorType::get(MC.I16Ty, 8);
  case SimdShape::I32x4:
    return FixedVectorType::get(MC.I32Ty, 4);
  case SimdShape::I64x2:
    return FixedVectorType::get(MC.I64Ty, 2);
  case SimdShape::F32x4:
    return FixedVectorType::get(MC.F32Ty, 4);
  case SimdShape::F64x2:
    return FixedVectorType::get(MC.F64Ty, 2);
  }
  llvm_unreachable("bad shape");
}

Value *FunctionTranslator::asShape(Value *V, SimdShape S) {
  return B.CreateBitCast(V, simdType(S));
}

Value *FunctionTranslator::toV128(Value *V) {
  return B.CreateBitCast(V, MC.V128Ty);
}

void FunctionTranslator::translateSimd(SimdOp Op, const Immediates &Imm) {
  const OpInfo &Info = opInfo(CurOp);
  bool IsMemory =
      Info.Imm == ImmKind::MemArg || Info.Imm == ImmKind::MemArgLane;
  uint32_t Mem = IsMemory ? Imm.Mem.Memory : 0;
  if (IsMemory) {
    if (!checkMemory(Mem))
      return;
    unsigned Bytes = simdAccessBytes(Op);
    if ((1ull << std::min(Imm.Mem.AlignLog2, 63u)) > Bytes) {
      fail("alignment must not be larger than natural");
      return;
    }
    if (!M.Memories[Mem].Lim.Is64 && Imm.Mem.Offset > 0xffffffffull) {
      fail("offset out of range");
      return;
    }
  }
  if (Info.Imm == ImmKind::Lane || Info.Imm == ImmKind::MemArgLane) {
    unsigned Lanes = Info.Imm == ImmKind::Lane
                         ? simdLaneCount(simdShapeOf(CurOp))
                         : 16 / simdAccessBytes(Op);
    if (Imm.Lane >= Lanes) {
      fail("invalid lane index");
      return;
    }
  }
  if (Info.Imm == ImmKind::Shuffle)
    for (uint8_t Lane : Imm.Bytes)
      if (Lane >= 32) {
        fail("invalid lane index");
        return;
      }
  SmallVector<Value *, 3> Ops;
  if (!popSignature(Info.Params, Mem, Ops))
    return;
  if (!live()) {
    pushSignature(Info.Results, Mem, nullptr);
    return;
  }
  pushSignature(Info.Results, Mem, emitSimd(Op, Imm, Ops));
}

Value *FunctionTranslator::emitSimd(SimdOp Op, const Immediates &Imm,
                                    ArrayRef<Value *> Ops) {
  switch (Op) {
  case SimdOp::V128Load:
  case SimdOp::V128Load8x8S:
  case SimdOp::V128Load8x8U:
  case SimdOp::V128Load16x4S:
  case SimdOp::V128Load16x4U:
  case SimdOp::V128Load32x2S:
  case SimdOp::V128Load32x2U:
  case SimdOp::V128Load8Splat:
  case SimdOp::V128Load16Splat:
  case SimdOp::V128Load32Splat:
  case SimdOp::V128Load64Splat:
  case SimdOp::V128Store:
  case SimdOp::V128Load8Lane:
  case SimdOp::V128Load16Lane:
  case SimdOp::V128Load32Lane:
  case SimdOp::V128Load64Lane:
  case SimdOp::V128Store8Lane:
  case SimdOp::V128Store16Lane:
  case SimdOp::V128Store32Lane:
  case SimdOp::V128Store64Lane:
  case SimdOp::V128Load32Zero:
  case SimdOp::V128Load64Zero:
    return emitSimdMemory(Op, Imm, Ops);
  case SimdOp::V128Const:
  case SimdOp::I8x16Shuffle:
  case SimdOp::I8x16Swizzle:
  case SimdOp::I8x16Splat:
  case SimdOp::I16x8Splat:
  case SimdOp::I32x4Splat:
  case SimdOp::I64x2Splat:
  case SimdOp::F32x4Splat:
  case SimdOp::F64x2Splat:
  case SimdOp::I8x16ExtractLaneS:
  case SimdOp::I8x16ExtractLaneU:
  case SimdOp::I8x16ReplaceLane:
  case SimdOp::I16x8ExtractLaneS:
  case SimdOp::I16x8ExtractLaneU:
  case SimdOp::I16x8ReplaceLane:
  case SimdOp::I32x4ExtractLane:
  case SimdOp::I32x4ReplaceLane:
  case SimdOp::I64x2ExtractLane:
  case SimdOp::I64x2ReplaceLane:
  case SimdOp::F32x4ExtractLane:
  case SimdOp::F32x4ReplaceLane:
  case SimdOp::F64x2ExtractLane:
  case SimdOp::F64x2ReplaceLane:
    return emitSimdLanes(Op, Imm, Ops);
  case SimdOp::I8x16Eq:
  case SimdOp::I8x16Ne:
  case SimdOp::I8x16LtS:
  case SimdOp::I8x16LtU:
  case SimdOp::I8x16GtS:
  case SimdOp::I8x16GtU:
  case SimdOp::I8x16LeS:
  case SimdOp::I8x16LeU:
  case SimdOp::I8x16GeS:
  case SimdOp::I8x16GeU:
  case SimdOp::I16x8Eq:
  case SimdOp::I16x8Ne:
  case SimdOp::I16x8LtS:
  case SimdOp::I16x8LtU:
  case SimdOp::I16x8GtS:
  case SimdOp::I16x8GtU:
  case SimdOp::I16x8LeS:
  case SimdOp::I16x8LeU:
  case SimdOp::I16x8GeS:
  case SimdOp::I16x8GeU:
  case SimdOp::I32x4Eq:
  case SimdOp::I32x4Ne:
  case SimdOp::I32x4LtS:
  case SimdOp::I32x4LtU:
  case SimdOp::I32x4GtS:
  case SimdOp::I32x4GtU:
  case SimdOp::I32x4LeS:
  case SimdOp::I32x4LeU:
  case SimdOp::I32x4GeS:
  case SimdOp::I32x4GeU:
  case SimdOp::V128Not:
  case SimdOp::V128And:
  case SimdOp::V128AndNot:
  case SimdOp::V128Or:
  case SimdOp::V128Xor:
  case SimdOp::V128Bitselect:
  case SimdOp::V128AnyTrue:
  case SimdOp::I8x16Abs:
  case SimdOp::I8x16Neg:
  case SimdOp::I8x16Popcnt:
  case SimdOp::I8x16AllTrue:
  case SimdOp::I8x16Bitmask:
  case SimdOp::I8x16NarrowI16x8S:
  case SimdOp::I8x16NarrowI16x8U:
  case SimdOp::I8x16Shl:
  case SimdOp::I8x16ShrS:
  case SimdOp::I8x16ShrU:
  case SimdOp::I8x16Add:
  case SimdOp::I8x16AddSatS:
  case SimdOp::I8x16AddSatU:
  case SimdOp::I8x16Sub:
  case SimdOp::I8x16SubSatS:
  case SimdOp::I8x16SubSatU:
  case SimdOp::I8x16MinS:
  case SimdOp::I8x16MinU:
  case SimdOp::I8x16MaxS:
  case SimdOp::I8x16MaxU:
  case SimdOp::I8x16AvgrU:
  case SimdOp::I16x8ExtaddPairwiseI8x16S:
  case SimdOp::I16x8ExtaddPairwiseI8x16U:
  case SimdOp::I32x4ExtaddPairwiseI16x8S:
  case SimdOp::I32x4ExtaddPairwiseI16x8U:
  case SimdOp::I16x8Abs:
  case SimdOp::I16x8Neg:
  case SimdOp::I16x8Q15mulrSatS:
  case SimdOp::I16x8AllTrue:
  case SimdOp::I16x8Bitmask:
  case SimdOp::I16x8NarrowI32x4S:
  case SimdOp::I16x8NarrowI32x4U:
  case SimdOp::I16x8ExtendLowI8x16S:
  case SimdOp::I16x8ExtendHighI8x16S:
  case SimdOp::I16x8ExtendLowI8x16U:
  case SimdOp::I16x8ExtendHighI8x16U:
  case SimdOp::I16x8Shl:
  case SimdOp::I16x8ShrS:
  case SimdOp::I16x8ShrU:
  case SimdOp::I16x8Add:
  case SimdOp::I16x8AddSatS:
  case SimdOp::I16x8AddSatU:
  case SimdOp::I16x8Sub:
  case SimdOp::I16x8SubSatS:
  case SimdOp::I16x8SubSatU:
  case SimdOp::I16x8Mul:
  case SimdOp::I16x8MinS:
  case SimdOp::I16x8MinU:
  case SimdOp::I16x8MaxS:
  case SimdOp::I16x8MaxU:
  case SimdOp::I16x8AvgrU:
  case SimdOp::I16x8ExtmulLowI8x16S:
  case SimdOp::I16x8ExtmulHighI8x16S:
  case SimdOp::I16x8ExtmulLowI8x16U:
  case SimdOp::I16x8ExtmulHighI8x16U:
  case SimdOp::I32x4Abs:
  case SimdOp::I32x4Neg:
  case SimdOp::I32x4AllTrue:
  case SimdOp::I32x4Bitmask:
  case SimdOp::I32x4ExtendLowI16x8S:
  case SimdOp::I32x4ExtendHighI16x8S:
  case SimdOp::I32x4ExtendLowI16x8U:
  case SimdOp::I32x4ExtendHighI16x8U:
  case SimdOp::I32x4Shl:
  case SimdOp::I32x4ShrS:
  case SimdOp::I32x4ShrU:
  case SimdOp::I32x4Add:
  case SimdOp::I32x4Sub:
  case SimdOp::I32x4Mul:
  case SimdOp::I32x4MinS:
  case SimdOp::I32x4MinU:
  case SimdOp::I32x4MaxS:
  case SimdOp::I32x4MaxU:
  case SimdOp::I32x4DotI16x8S:
  case SimdOp::I32x4ExtmulLowI16x8S:
  case SimdOp::I32x4ExtmulHighI16x8S:
  case SimdOp::I32x4ExtmulLowI16x8U:
  case SimdOp::I32x4ExtmulHighI16x8U:
  case SimdOp::I64x2Abs:
  case SimdOp::I64x2Neg:
  case SimdOp::I64x2AllTrue:
  case SimdOp::I64x2Bitmask:
  case SimdOp::I64x2ExtendLowI32x4S:
  case SimdOp::I64x2ExtendHighI32x4S:
  case SimdOp::I64x2ExtendLowI32x4U:
  case SimdOp::I64x2ExtendHighI32x4U:
  case SimdOp::I64x2Shl:
  case SimdOp::I64x2ShrS:
  case SimdOp::I64x2ShrU:
  case SimdOp::I64x2Add:
  case SimdOp::I64x2Sub:
  case SimdOp::I64x2Mul:
  case SimdOp::I64x2Eq:
  case SimdOp::I64x2Ne:
  case SimdOp::I64x2LtS:
  case SimdOp::I64x2GtS:
  case SimdOp::I64x2LeS:
  case SimdOp::I64x2GeS:
  case SimdOp::I64x2ExtmulLowI32x4S:
  case SimdOp::I64x2ExtmulHighI32x4S:
  case SimdOp::I64x2ExtmulLowI32x4U:
  case SimdOp::I64x2ExtmulHighI32x4U:
    return emitSimdInteger(Op, Ops);
  case SimdOp::F32x4Eq:
  case SimdOp::F32x4Ne:
  case SimdOp::F32x4Lt:
  case SimdOp::F32x4Gt:
  case SimdOp::F32x4Le:
  case SimdOp::F32x4Ge:
  case SimdOp::F64x2Eq:
  case SimdOp::F64x2Ne:
  case SimdOp::F64x2Lt:
  case SimdOp::F64x2Gt:
  case SimdOp::F64x2Le:
  case SimdOp::F64x2Ge:
  case SimdOp::F32x4DemoteF64x2Zero:
  case SimdOp::F64x2PromoteLowF32x4:
  case SimdOp::F32x4Ceil:
  case SimdOp::F32x4Floor:
  case SimdOp::F32x4Trunc:
  case SimdOp::F32x4Nearest:
  case SimdOp::F64x2Ceil:
  case SimdOp::F64x2Floor:
  case SimdOp::F64x2Trunc:
  case SimdOp::F64x2Nearest:
  case SimdOp::F32x4Abs:
  case SimdOp::F32x4Neg:
  case SimdOp::F32x4Sqrt:
  case SimdOp::F32x4Add:
  case SimdOp::F32x4Sub:
  case SimdOp::F32x4Mul:
  case SimdOp::F32x4Div:
  case SimdOp::F32x4Min:
  case SimdOp::F32x4Max:
  case SimdOp::F32x4Pmin:
  case SimdOp::F32x4Pmax:
  case SimdOp::F64x2Abs:
  case SimdOp::F64x2Neg:
  case SimdOp::F64x2Sqrt:
  case SimdOp::F64x2Add:
  case SimdOp::F64x2Sub:
  case SimdOp::F64x2Mul:
  case SimdOp::F64x2Div:
  case SimdOp::F64x2Min:
  case SimdOp::F64x2Max:
  case SimdOp::F64x2Pmin:
  case SimdOp::F64x2Pmax:
  case SimdOp::I32x4TruncSatF32x4S:
  case SimdOp::I32x4TruncSatF32x4U:
  case SimdOp::F32x4ConvertI32x4S:
  case SimdOp::F32x4ConvertI32x4U:
  case SimdOp::I32x4TruncSatF64x2SZero:
  case SimdOp::I32x4TruncSatF64x2UZero:
  case SimdOp::F64x2ConvertLowI32x4S:
  case SimdOp::F64x2ConvertLowI32x4U:
    return emitSimdFloat(Op, Ops);

  // Relaxed SIMD. Each operator has one fixed behaviour, one of those the
  // proposal allows, the same on every target except where noted, so a
  // program gives the same results in every build for the same target:
  //   relaxed_swizzle     swizzle (an index >= 16 gives 0);
  //   relaxed_trunc_*     trunc_sat_* (saturating, NaN -> 0);
  //   relaxed_laneselect  bitselect (every bit from the mask);
  //   relaxed_q15mulr_s   q15mulr_sat_s;
  //   relaxed_min / max   a < b ? a : b and a > b ? a : b: the second
  //                       operand when either is NaN or both are zeros
  //                       (x86's minps/maxps, one instruction);
  //   relaxed_[n]madd     fused (llvm.fma) when the target has FMA (AArch64;
  //                       x86 with the fma feature, as --cpu=native on a
  //                       recent CPU), else a rounded multiply and add;
  //   relaxed_dot_*       both operands signed; i16x8: each pair of
  //                       products added in i16, wrapping (only -128*-128
  //                       twice overflows); i32x4: the four products
  //                       added exactly in i32, then the accumulator.
  case SimdOp::I8x16RelaxedSwizzle:
    return emitSimdLanes(SimdOp::I8x16Swizzle, Imm, Ops);
  case SimdOp::I32x4RelaxedTruncF32x4S:
    return emitSimdFloat(SimdOp::I32x4TruncSatF32x4S, Ops);
  case SimdOp::I32x4RelaxedTruncF32x4U:
    return emitSimdFloat(SimdOp::I32x4TruncSatF32x4U, Ops);
  case SimdOp::I32x4RelaxedTruncF64x2SZero:
    return emitSimdFloat(SimdOp::I32x4TruncSatF64x2SZero, Ops);
  case SimdOp::I32x4RelaxedTruncF64x2UZero:
    return emitSimdFloat(SimdOp::I32x4TruncSatF64x2UZero, Ops);
  case SimdOp::I8x16RelaxedLaneselect:
  case SimdOp::I16x8RelaxedLaneselect:
  case SimdOp::I32x4RelaxedLaneselect:
  case SimdOp::I64x2RelaxedLaneselect:
    return emitSimdInteger(SimdOp::V128Bitselect, Ops);
  case SimdOp::I16x8RelaxedQ15mulrS:
    return emitSimdInteger(SimdOp::I16x8Q15mulrSatS, Ops);
  case SimdOp::I16x8RelaxedDotI8x16I7x16S:
  case SimdOp::I32x4RelaxedDotI8x16I7x16AddS:
    return emitSimdInteger(Op, Ops);
  case SimdOp::F32x4RelaxedMadd:
  case SimdOp::F32x4RelaxedNmadd:
  case SimdOp::F64x2RelaxedMadd:
  case SimdOp::F64x2RelaxedNmadd:
  case SimdOp::F32x4RelaxedMin:
  case SimdOp::F32x4RelaxedMax:
  case SimdOp::F64x2RelaxedMin:
  case SimdOp::F64x2RelaxedMax:
    return emitSimdFloat(Op, Ops);
  }
  llvm_unreachable("bad SIMD op");
}

//===----------------------------------------------------------------------===//
// Constants, shuffles, splats and lanes
//===----------------------------------------------------------------------===//

Value *FunctionTranslator::emitSimdLanes(SimdOp Op, const Immediates &Imm,
                                         ArrayRef<Value *> Ops) {
  SimdShape S = simdShapeOf(CurOp);
  FixedVectorType *VT = simdType(S);
  Type *LaneTy = VT->getElementType();
  switch (Op) {
  case SimdOp::V128Const: {
    // The 16 bytes are the lanes in memory order: little-endian halves.
    uint64_t Lo = 0, Hi = 0;
    for (unsigned I = 0; I < 8; ++I) {
      Lo |= uint64_t(Imm.Bytes[I]) << (8 * I);
      Hi |= uint64_t(Imm.Bytes[8 + I]) << (8 * I);
    }
    return ConstantVector::get(
        {ConstantInt::get(MC.I64Ty, Lo), ConstantInt::get(MC.I64Ty, Hi)});
  }
  case SimdOp::I8x16Shuffle: {
    int Mask[16];
    for (unsigned I = 0; I < 16; ++I)
      Mask[I] = Imm.Bytes[I];
    return toV128(
        B.CreateShuffleVector(asShape(Ops[0], S), asShape(Ops[1], S), Mask));
  }
  case SimdOp::I8x16Swizzle: {
    // Lane I is A[Idx[I]], or 0 when Idx[I] >= 16. AArch64's tbl is exactly
    // that. x86's pshufb (SSSE3) gives 0 where an index's top bit is set
    // and A[index & 15] otherwise: a saturating add of 0x70 first sets the
    // top bit of every index from 16 on and keeps the low four bits of the
    // others.
    Value *A = asShape(Ops[0], S), *Idx = asShape(Ops[1], S);
    if (MC.TF.IsAArch64)
      return toV128(
          B.CreateIntrinsic(Intrinsic::aarch64_neon_tbl1, {VT}, {A, Idx}));
    if (MC.TF.X86SSSE3) {
      Value *Sat = B.CreateBinaryIntrinsic(Intrinsic::uadd_sat, Idx,
                                           ConstantInt::get(VT, 0x70));
      return toV128(
          B.CreateIntrinsic(Intrinsic::x86_ssse3_pshuf_b_128, {}, {A, Sat}));
    }
    // Otherwise LLVM has no variable shuffle, so each lane is an extract at
    // a clamped index and a select (an out-of-range extractelement index
    // would be poison).
    Value *R = Constant::getNullValue(VT);
    for (unsigned I = 0; I < 16; ++I) {
      Value *L = B.CreateExtractElement(Idx, B.getInt32(I));
      Value *E = B.CreateExtractElement(A, B.CreateAnd(L, B.getInt8(15)));
      Value *InRange = B.CreateICmpULT(L, B.getInt8(16));
      R = B.CreateInsertElement(R, B.CreateSelect(InRange, E, B.getInt8(0)),
                                B.getInt32(I));
    }
    return toV128(R);
  }
  case SimdOp::I8x16Splat:
  case SimdOp::I16x8Splat:
  case SimdOp::I32x4Splat:
  case SimdOp::I64x2Splat:
  case SimdOp::F32x4Splat:
  case SimdOp::F64x2Splat: {
    Value *X = Ops[0];
    if (X->getType() != LaneTy)
      X = B.CreateTrunc(X, LaneTy);
    return toV128(B.CreateVectorSplat(VT->getNumElements(), X));
  }
  case SimdOp::I8x16ExtractLaneS:
  case SimdOp::I16x8ExtractLaneS:
    return B.CreateSExt(
        B.CreateExtractElement(asShape(Ops[0], S), B.getInt32(Imm.Lane)),
        MC.I32Ty);
  case SimdOp::I8x16ExtractLaneU:
  case SimdOp::I16x8ExtractLaneU:
    return B.CreateZExt(
        B.CreateExtractElement(asShape(Ops[0], S), B.getInt32(Imm.Lane)),
        MC.I32Ty);
  case SimdOp::I32x4ExtractLane:
  case SimdOp::I64x2ExtractLane:
  case SimdOp::F32x4ExtractLane:
  case SimdOp::F64x2ExtractLane:
    return B.CreateExtractElement(asShape(Ops[0], S), B.getInt32(Imm.Lane));
  case SimdOp::I8x16ReplaceLane:
  case SimdOp::I16x8ReplaceLane:
  case SimdOp::I32x4ReplaceLane:
  case SimdOp::I64x2ReplaceLane:
  case SimdOp::F32x4ReplaceLane:
  case SimdOp::F64x2ReplaceLane: {
    Value *X = Ops[1];
    if (X->getType() != LaneTy)
      X = B.CreateTrunc(X, LaneTy);
    return toV128(
        B.CreateInsertElement(asShape(Ops[0], S), X, B.getInt32(Imm.Lane)));
  }
  default:
    llvm_unreachable("not a lane operator");
  }
}
