//===- TranslateAtomic.cpp - threads: atomic memory instructions ----------===//
//
// Atomic accesses must be naturally aligned (validation: the alignment
// immediate equals the access size; execution: a misaligned effective
// address traps "unaligned atomic"). All are sequentially consistent, as
// the threads proposal specifies. wait/notify call the runtime.
//
//===----------------------------------------------------------------------===//

#include "FunctionTranslator.h"

using namespace w2o;
using namespace llvm;

namespace {
enum class AtomicKind {
  Load,
  Store,
  Rmw,
  Cmpxchg,
  Wait32,
  Wait64,
  Notify,
  Fence
};

struct AtomicInfo {
  AtomicKind Kind;
  unsigned Bytes;
  AtomicRMWInst::BinOp Rmw = AtomicRMWInst::BAD_BINOP;
};

AtomicInfo atomicInfo(AtomicOp Op) {
  using K = AtomicKind;
  switch (Op) {
  case AtomicOp::MemoryAtomicNotify:
    return {K::Notify, 4};
  case AtomicOp::MemoryAtomicWait32:
    return {K::Wait32, 4};
  case AtomicOp::MemoryAtomicWait64:
    return {K::Wait64, 8};
  case AtomicOp::AtomicFence:
    return {K::Fence, 0};
  case AtomicOp::I32AtomicLoad:
    return {K::Load, 4};
  case AtomicOp::I64AtomicLoad:
    return {K::Load, 8};
  case AtomicOp::I32AtomicLoad8U:
    return {K::Load, 1};
  case AtomicOp::I32AtomicLoad16U:
    return {K::Load, 2};
  case AtomicOp::I64AtomicLoad8U:
    return {K::Load, 1};
  case AtomicOp::I64AtomicLoad16U:
    return {K::Load, 2};
  case AtomicOp::I64AtomicLoad32U:
    return {K::Load, 4};
  case AtomicOp::I32AtomicStore:
    return {K::Store, 4};
  case AtomicOp::I64AtomicStore:
    return {K::Store, 8};
  case AtomicOp::I32AtomicStore8:
    return {K::Store, 1};
  case AtomicOp::I32AtomicStore16:
    return {K::Store, 2};
  case AtomicOp::I64AtomicStore8:
    return {K::Store, 1};
  case AtomicOp::I64AtomicStore16:
    return {K::Store, 2};
  case AtomicOp::I64AtomicStore32:
    return {K::Store, 4};
#define W2O_RMW_CASES(Name, BinOp)                                             \
  case AtomicOp::I32AtomicRmw##Name:                                           \
    return {K::Rmw, 4, AtomicRMWInst::BinOp};                                  \
  case AtomicOp::I64AtomicRmw##Name:                                           \
    return {K::Rmw, 8, AtomicRMWInst::BinOp};                                  \
  case AtomicOp::I32AtomicRmw8##Name##U:                                       \
    return {K::Rmw, 1, AtomicRMWInst::BinOp};                                  \
  case AtomicOp::I32AtomicRmw16##Name##U:                                      \
    return {K::Rmw, 2, AtomicRMWInst::BinOp};                                  \
  case AtomicOp::I64AtomicRmw8##Name##U:                                       \
    return {K::Rmw, 1, AtomicRMWInst::BinOp};                                  \
  case AtomicOp::I64AtomicRmw16##Name##U:                                      \
    return {K::Rmw, 2, AtomicRMWInst::BinOp};                                  \
  case AtomicOp::I64AtomicRmw32##Name##U:                                      \
    return {K::Rmw, 4, AtomicRMWInst::BinOp};
    W2O_RMW_CASES(Add, Add)
    W2O_RMW_CASES(Sub, Sub)
    W2O_RMW_CASES(And, And)
    W2O_RMW_CASES(Or, Or)
    W2O_RMW_CASES(Xor, Xor)
    W2O_RMW_CASES(Xchg, Xchg)
#undef W2O_RMW_CASES
  case AtomicOp::I32AtomicRmwCmpxchg:
    return {K::Cmpxchg, 4};
  case AtomicOp::I64AtomicRmwCmpxchg:
    return {K::Cmpxchg, 8};
  case AtomicOp::I32AtomicRmw8CmpxchgU:
    return {K::Cmpxchg, 1};
  case AtomicOp::I32AtomicRmw16CmpxchgU:
    return {K::Cmpxchg, 2};
  case AtomicOp::I64AtomicRmw8CmpxchgU:
    return {K::Cmpxchg, 1};
  case AtomicOp::I64AtomicRmw16CmpxchgU:
    return {K::Cmpxchg, 2};
  case AtomicOp::I64AtomicRmw32CmpxchgU:
    return {K::Cmpxchg, 4};
  }
  llvm_unreachable("bad atomic op");
}
} // namespace

void FunctionTranslator::translateAtomic(AtomicOp Op, const Immediates &Imm) {
  const OpInfo &Info = opInfo(CurOp);
  AtomicInfo AI = atomicInfo(Op);
  if (AI.Kind == AtomicKind::Fence) {
    if (live())
      B.CreateFence(AtomicOrdering::SequentiallyConsistent);
    return;
  }
  uint32_t Mem = Imm.Mem.Memory;
  if (!checkMemory(Mem))
    return;
  unsigned NaturalLog2 = AI.Bytes == 8   ? 3
                         : AI.Bytes == 4 ? 2
                         : AI.Bytes == 2 ? 1
                                         : 0;
  if (Imm.Mem.AlignLog2 != NaturalLog2) {
    fail("alignment must be equal to the natural alignment of an atomic "
         "access");
    return;
  }
  if (!M.Memories[Mem].Lim.Is64 && Imm.Mem.Offset > 0xffffffffull) {
    fail("offset out of range");
    return;
  }
  SmallVector<Value *, 3> Ops;
  if (!popSignature(Info.Params, Mem, Ops))
    return;
  if (!live()) {
    pushSignature(Info.Results, Mem, nullptr);
    return;
  }
  Value *Addr = Ops[0];
  if (AI.Kind == AtomicKind::Notify || AI.Kind == AtomicKind::Wait32 ||
      AI.Kind == AtomicKind::Wait64) {
    // The runtime checks alignment, bounds and sharedness. With memory64
    // the index plus the offset may pass 2^64, which wasm takes as out of
    // bounds (no wrap-around): then the runtime gets an address past any
    // memory with the same low bits, so that it checks alignment first
    // still (2^64 is a multiple of the width).
    Value *Index = zext64(Addr);
    Value *Offset = B.getInt64(Imm.Mem.Offset);
    Value *EA;
    if (Imm.Mem.Offset != 0 && Addr->getType()->isIntegerTy(64)) {
      Value *Sum = B.CreateIntrinsic(Intrinsic::uadd_with_overflow, {MC.I64Ty},
                                     {Index, Offset});
      EA = B.CreateExtractValue(Sum, 0);
      EA = B.CreateSelect(B.CreateExtractValue(Sum, 1),
                          B.CreateOr(EA, B.getInt64(~uint64_t(AI.Bytes - 1))),
                          EA);
    } else {
      EA = B.CreateAdd(Index, Offset);
    }
    Value *R;
    if (AI.Kind == AtomicKind::Notify)
      R = callRuntime(RuntimeCall::wasirt_atomic_notify,
                      {Inst, B.getInt32(Mem), EA, Ops[1]});
    else
      R = callRuntime(AI.Kind == AtomicKind::Wait32
                          ? RuntimeCall::wasirt_atomic_wait32
                          : RuntimeCall::wasirt_atomic_wait64,
                      {Inst, B.getInt32(Mem), EA, Ops[1], Ops[2]});
    push(ValType::I32, R);
    return;
  }
  // Alignment before bounds, as the reference interpreter and the
  // runtime's wait and notify (atomic.c) check them: an access both
  // misaligned and out of bounds traps "unaligned atomic" in either mode.
  // A memory's base is page-aligned, so the address's low bits are those
  // of the effective address (modulo 2^64 for memory64, the same bits).
  if (AI.Bytes > 1) {
    Value *EA = B.CreateAdd(zext64(Addr), B.getInt64(Imm.Mem.Offset));
    Value *Low = B.CreateAnd(EA, B.getInt64(AI.Bytes - 1));
    trapIf(B.CreateICmpNE(Low, B.getInt64(0)), WASIRT_TRAP_UNALIGNED_ATOMIC);
  }
  Value *P = effectiveAddress(Mem, Addr, Imm.Mem.Offset, AI.Bytes);
  Type *ValTy = MC.llvmType(
      letterType(Info.Results[0] ? Info.Results[0] : Info.Params[1], Mem));
  Type *MemTy = B.getIntNTy(AI.Bytes * 8);
  Align A(AI.Bytes);
  auto Narrow = [&](Value *V) {
    return MemTy == ValTy ? V : B.CreateTrunc(V, MemTy);
  };
  auto Widen = [&](Value *V) {
    return MemTy == ValTy ? V : B.CreateZExt(V, ValTy);
  };
  const auto SC = AtomicOrdering::SequentiallyConsistent;
  switch (AI.Kind) {
  case AtomicKind::Load: {
    LoadInst *L = B.CreateAlignedLoad(MemTy, P, A);
    L->setAtomic(SC);
    push(letterType(Info.Results[0], Mem), Widen(L));
    return;
  }
  case AtomicKind::Store: {
    StoreInst *S = B.CreateAlignedStore(Narrow(Ops[1]), P, A);
    S->setAtomic(SC);
    return;
  }
  case AtomicKind::Rmw: {
    Value *Old = B.CreateAtomicRMW(AI.Rmw, P, Narrow(Ops[1]), A, SC);
    push(letterType(Info.Results[0], Mem), Widen(Old));
    return;
  }
  case AtomicKind::Cmpxchg: {
    Value *Pair =
        B.CreateAtomicCmpXchg(P, Narrow(Ops[1]), Narrow(Ops[2]), A, SC, SC);
    push(letterType(Info.Results[0], Mem),
         Widen(B.CreateExtractValue(Pair, 0)));
    return;
  }
  case AtomicKind::Wait32:
  case AtomicKind::Wait64:
  case AtomicKind::Notify:
  case AtomicKind::Fence:
    break;
  }
  llvm_unreachable("handled above");
}
