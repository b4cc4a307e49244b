//===- TranslateSimdMemory.cpp - 128-bit SIMD loads and stores ------------===//
//
// Every SIMD access goes through effectiveAddress() with the number of
// bytes it touches, exactly as a scalar access does (TranslateMemory.cpp
// has the bounds-check reasoning): with guard pages the access itself
// faults, with explicit checks  Addr + Offset + Bytes  is compared with the
// memory size first. Accesses are unaligned (align 1): the memarg's
// alignment is only a hint.
//
// The loaded value is wrapped in casts, lane inserts or splat shuffles;
// the Drop handling in TranslateVariable.cpp looks through those to keep a
// dropped load, which must still trap.
//
//===----------------------------------------------------------------------===//

#include "TranslateSimd.h"

using namespace w2o;
using namespace llvm;

unsigned w2o::simdAccessBytes(SimdOp Op) {
  switch (Op) {
  case SimdOp::V128Load:
  case SimdOp::V128Store:
    return 16;
  case SimdOp::V128Load8x8S:
  case SimdOp::V128Load8x8U:
  case SimdOp::V128Load16x4S:
  case SimdOp::V128Load16x4U:
  case SimdOp::V128Load32x2S:
  case SimdOp::V128Load32x2U:
  case SimdOp::V128Load64Splat:
  case SimdOp::V128Load64Zero:
  case SimdOp::V128Load64Lane:
  case SimdOp::V128Store64Lane:
    return 8;
  case SimdOp::V128Load32Splat:
  case SimdOp::V128Load32Zero:
  case SimdOp::V128Load32Lane:
  case SimdOp::V128Store32Lane:
    return 4;
  case SimdOp::V128Load16Splat:
  case SimdOp::V128Load16Lane:
  case SimdOp::V128Store16Lane:
    return 2;
  case SimdOp::V128Load8Splat:
  case SimdOp::V128Load8Lane:
  case SimdOp::V128Store8Lane:
    return 1;
  default:
    llvm_unreachable("not a SIMD memory operator");
  }
}

Value *FunctionTranslator::emitSimdMemory(SimdOp Op, const Immediates &Imm,
                                          ArrayRef<Value *> Ops) {
  unsigned Bytes = simdAccessBytes(Op);
  Value *P = effectiveAddress(Imm.Mem.Memory, Ops[0], Imm.Mem.Offset, Bytes);
  auto Load = [&](Type *T) -> Value * {
    LoadInst *L = B.CreateAlignedLoad(T, P, Align(1));
    L->setMetadata(LLVMContext::MD_tbaa, MC.TBAAMemory);
    return L;
  };
  auto Store = [&](Value *V) {
    StoreInst *S = B.CreateAlignedStore(V, P, Align(1));
    S->setMetadata(LLVMContext::MD_tbaa, MC.TBAAMemory);
  };
  // Loads 8 bytes as N lanes of Bits and extends them to twice the width.
  auto LoadExtend = [&](unsigned Bits, bool Signed) {
    unsigned N = 64 / Bits;
    Value *Narrow = Load(FixedVectorType::get(B.getIntNTy(Bits), N));
    Type *Wide = FixedVectorType::get(B.getIntNTy(2 * Bits), N);
    return toV128(Signed ? B.CreateSExt(Narrow, Wide)
                         : B.CreateZExt(Narrow, Wide));
  };
  auto LoadSplat = [&] {
    return toV128(
        B.CreateVectorSplat(16 / Bytes, Load(B.getIntNTy(8 * Bytes))));
  };
  auto LoadZero = [&] {
    Type *VT = FixedVectorType::get(B.getIntNTy(8 * Bytes), 16 / Bytes);
    return toV128(B.CreateInsertElement(Constant::getNullValue(VT),
                                        Load(B.getIntNTy(8 * Bytes)),
                                        B.getInt32(0)));
  };
  auto LaneVector = [&] {
    return B.CreateBitCast(
        Ops[1], FixedVectorType::get(B.getIntNTy(8 * Bytes), 16 / Bytes));
  };
  switch (Op) {
  case SimdOp::V128Load:
    return Load(MC.V128Ty);
  case SimdOp::V128Load8x8S:
    return LoadExtend(8, true);
  case SimdOp::V128Load8x8U:
    return LoadExtend(8, false);
  case SimdOp::V128Load16x4S:
    return LoadExtend(16, true);
  case SimdOp::V128Load16x4U:
    return LoadExtend(16, false);
  case SimdOp::V128Load32x2S:
    return LoadExtend(32, true);
  case SimdOp::V128Load32x2U:
    return LoadExtend(32, false);
  case SimdOp::V128Load8Splat:
  case SimdOp::V128Load16Splat:
  case SimdOp::V128Load32Splat:
  case SimdOp::V128Load64Splat:
    return LoadSplat();
  case SimdOp::V128Load32Zero:
  case SimdOp::V128Load64Zero:
    return LoadZero();
  case SimdOp::V128Store:
    Store(Ops[1]);
    return nullptr;
  case SimdOp::V128Load8Lane:
  case SimdOp::V128Load16Lane:
  case SimdOp::V128Load32Lane:
  case SimdOp::V128Load64Lane:
    return toV128(B.CreateInsertElement(
        LaneVector(), Load(B.getIntNTy(8 * Bytes)), B.getInt32(Imm.Lane)));
  case SimdOp::V128Store8Lane:
  case SimdOp::V128Store16Lane:
  case SimdOp::V128Store32Lane:
  case SimdOp::V128Store64Lane:
    Store(B.CreateExtractElement(LaneVector(), B.getInt32(Imm.Lane)));
    return nullptr;
  default:
    llvm_unreachable("not a SIMD memory operator");
  }
}
