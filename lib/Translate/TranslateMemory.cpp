//===- TranslateMemory.cpp - linear memory access lowering ----------------===//
//
// Design
// ------
// A wasm access reads or writes Size bytes at  Addr + Offset  of a memory,
// where Addr is an unsigned i32 (i64 for memory64) operand and Offset an
// unsigned constant. It is out of bounds when  Addr + Offset + Size >
// current byte size, computed without wrap-around.
//
// Host address: Base + zext(Addr) + Offset. Zero-extension, never sign-
// extension: wasm addresses are unsigned, so 0xffffffff is 4 GiB - 1 above
// the base, not 1 byte below it; sign-extension would turn high addresses
// into accesses below the reservation, outside anything the runtime
// protects. In 64-bit arithmetic  zext(Addr) + Offset + Size  cannot wrap
// for a 32-bit memory (at most 2^33 + 14).
//
// The bounds-check decision is needsExplicitBoundsChecks() below:
//
//   1. memory64: always explicit. A 64-bit index can reach anywhere in the
//      address space; no reservation covers it.
//   2. --bounds-checks=explicit: explicit.
//   3. 32-bit memory on a 64-bit target with guard pages (the default): no
//      check. The runtime reserves 8 GiB + 64 KiB of address space per
//      32-bit memory and maps only the current size read-write; every
//      zext(Addr) + Offset + Size <= 2^33 + 14 lands inside the
//      reservation, so an out-of-bounds access faults in the inaccessible
//      part, and the runtime's signal handler turns that fault into the
//      "out of bounds memory access" trap. The base never moves (grow only
//      changes protections), so its load is invariant and LICM hoists it.
//   4. 32-bit targets (no room for the reservation): explicit.
//
// Explicit check:  trap if  Index >= usub.sat(size + 1, Offset + Size),
// which is  Index + Offset + Size > size  without the sum (so it cannot
// wrap, even for memory64) and with everything but Index loop-invariant:
// the limit is computed once per loop and each access costs one compare,
// and the stencil and matrix loops run 10-20% faster than with the sum.
// size is reloaded at each access (memory.grow, or another instance
// sharing the memory, may change it; LLVM still hoists it out of loops
// without calls, thanks to TBAA: stores to linear memory cannot alias it).
// size + 1 cannot wrap: a memory's size is below 2^63.
//
// Outside every wasm loop a 32-bit memory's check is instead  trap if
// Index + (Offset + Size) > size, computed in 64 bits, where the sum of a
// zero-extended i32 and a 33-bit constant cannot wrap. Nothing there is
// worth hoisting, and the sum costs one add (an lea) where the limit costs
// a subtract and a select, so each check is three instructions instead of
// four plus one per further index. ConstraintElimination also sees that a
// check of  Index + 16  implies a later one of  Index + 8 . In the sort
// benchmark's comparators (straight-line code reached through
// call_indirect) this is 3% of the run time. Inside a loop the limit form
// stays: HoistBoundsChecks matches it, and code the loop cannot hoist
// still compares with a limit computed once.
//
//===----------------------------------------------------------------------===//

#include "FunctionTranslator.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/Support/CommandLine.h"

using namespace w2o;
using namespace llvm;

bool ModuleContext::needsExplicitBoundsChecks(uint32_t MemIndex) const {
  if (M.Memories[MemIndex].Lim.Is64)
    return true; // case 1
  if (Opts.Bounds == BoundsChecks::Explicit)
    return true;         // case 2
  return !TF.GuardPages; // cases 3 and 4
}

bool ModuleContext::anyExplicitBoundsChecks() const {
  for (uint32_t I = 0; I < M.Memories.size(); ++I)
    if (needsExplicitBoundsChecks(I))
      return true;
  return false;
}

// The descriptor and the base of a memory never move (the runtime reserves
// a memory's whole range when it creates it, and copies the base into the
// instance, so reaching linear memory takes one load), so they are loaded once,
// at the end of the prologue, which dominates the whole body. The loads are
// invariant: LLVM may still sink them into the paths that use them. One
// load per function instead of one per access keeps the IR small, which is
// most of what the optimiser's time depends on.
Value *FunctionTranslator::memoryDescriptor(uint32_t Mem) {
  auto It = CachedDescriptors.find(Mem);
  if (It != CachedDescriptors.end())
    return It->second;
  IRBuilderBase::InsertPointGuard Guard(B);
  if (PrologueEnd)
    B.SetInsertPoint(PrologueEnd);
  Value *Desc = loadInvariant(MC.PtrTy, instanceField(MC.memoryPtrOffset(Mem)));
  if (PrologueEnd)
    CachedDescriptors[Mem] = Desc;
  return Desc;
}

Value *FunctionTranslator::memoryBase(uint32_t Mem) {
  auto It = CachedBases.find(Mem);
  if (It != CachedBases.end())
    return It->second;
  IRBuilderBase::InsertPointGuard Guard(B);
  if (PrologueEnd)
    B.SetInsertPoint(PrologueEnd);
  // Every linear memory is a mapping of its own (wasirt_memory_new in
  // lib/Runtime/memory.c is the only place one is made), so its base is
  // page aligned: LLVM then knows the alignment of accesses at aligned
  // indices (a vectorised loop's loads become aligned and fold into the
  // arithmetic using them).
  LoadInst *Base =
      loadInvariant(MC.PtrTy, instanceField(MC.memoryBaseOffset(Mem)));
  Base->setMetadata(LLVMContext::MD_align,
                    MDNode::get(MC.Ctx, ConstantAsMetadata::get(B.getInt64(
                                            WASIRT_MEMORY_BASE_ALIGN))));
  if (PrologueEnd)
    CachedBases[Mem] = Base;
  return Base;
}

Value *FunctionTranslator::memoryByteSize(uint32_t Mem) {
  // A memory the module defines and does not share has a copy of its size
  // in the instance (abi.h, the sizes region), one load away instead of
  // two; the runtime updates it whenever the memory grows.
  LoadInst *Size;
  if (MC.hasMemorySizeCopy(Mem))
    Size = loadTagged(MC.I64Ty, instanceField(MC.memorySizeOffset(Mem)),
                      MC.TBAAMemorySize);
  else
    Size =
        loadTagged(MC.I64Ty,
                   B.CreateConstInBoundsGEP1_64(MC.I8Ty, memoryDescriptor(Mem),
                                                WASIRT_OFF_MEMORY_SIZE),
                   MC.TBAAInstance);
  // A memory never shrinks, and it starts at least as large as its type's
  // minimum (an imported one too: instantiation checks its current size
  // against the import's minimum). Knowing that, LLVM folds the checks of
  // accesses below the minimum, such as C's static data at constant
  // addresses. The range [min, 2^64) wraps around, as !range allows.
  uint64_t MinPages = MC.M.Memories[Mem].Lim.Min;
  if (MinPages && MinPages <= (UINT64_MAX >> 16)) {
    MDBuilder MDB(MC.Ctx);
    Size->setMetadata(LLVMContext::MD_range,
                      MDB.createRange(APInt(64, MinPages << 16), APInt(64, 0)));
  }
  return Size;
}

// For measuring: --mllvm -w2o-end-checks=false uses the limit form in
// straight-line code too.
static cl::opt<bool>
    EndChecks("w2o-end-checks", cl::init(true), cl::Hidden,
              cl::desc("check Index + Offset + Size <= size outside loops"));

Value *FunctionTranslator::effectiveAddress(uint32_t Mem, Value *Addr,
                                            uint64_t Offset, unsigned Size) {
  Value *Index = zext64(Addr);
  if (MC.needsExplicitBoundsChecks(Mem)) {
    Value *MemSize = memoryByteSize(Mem);
    if (Offset > UINT64_MAX - Size) { // memory64 only
      trapNow(WASIRT_TRAP_MEMORY_OOB);
      B.SetInsertPoint(newBlock("dead"));
    } else if (EndChecks && Addr->getType()->isIntegerTy(32) && !insideLoop()) {
      Value *End = B.CreateNUWAdd(Index, B.getInt64(Offset + Size));
      trapIf(B.CreateICmpUGT(End, MemSize), WASIRT_TRAP_MEMORY_OOB);
    } else {
      Value *Limit = B.CreateBinaryIntrinsic(
          Intrinsic::usub_sat, B.CreateNUWAdd(MemSize, B.getInt64(1)),
          B.getInt64(Offset + Size));
      trapIf(B.CreateICmpUGE(Index, Limit), WASIRT_TRAP_MEMORY_OOB);
    }
  }
  Value *Base = memoryBase(Mem);
  auto *ConstIndex = dyn_cast<ConstantInt>(Index);
  Value *P = ConstIndex && ConstIndex->isZero()
                 ? Base
                 : B.CreateGEP(MC.I8Ty, Base, Index);
  if (Offset)
    P = B.CreateGEP(MC.I8Ty, P, B.getInt64(Offset));
  return P;
}

namespace {
struct AccessInfo {
  unsigned Bytes;  // bytes accessed
  bool Store;      // a store (else a load)
  bool SignExtend; // loads narrower than the result
  char ValueKind;  // i, l, f, d: the wasm value type
};

AccessInfo accessInfo(MemoryOp Op) {
  switch (Op) {
  case MemoryOp::I32Load:
    return {4, false, false, 'i'};
  case MemoryOp::I64Load:
    return {8, false, false, 'l'};
  case MemoryOp::F32Load:
    return {4, false, false, 'f'};
  case MemoryOp::F64Load:
    return {8, false, false, 'd'};
  case MemoryOp::I32Load8S:
    return {1, false, true, 'i'};
  case MemoryOp::I32Load8U:
    return {1, false, false, 'i'};
  case MemoryOp::I32Load16S:
    return {2, false, true, 'i'};
  case MemoryOp::I32Load16U:
    return {2, false, false, 'i'};
  case MemoryOp::I64Load8S:
    return {1, false, true, 'l'};
  case MemoryOp::I64Load8U:
    return {1, false, false, 'l'};
  case MemoryOp::I64Load16S:
    return {2, false, true, 'l'};
  case MemoryOp::I64Load16U:
    return {2, false, false, 'l'};
  case MemoryOp::I64Load32S:
    return {4, false, true, 'l'};
  case MemoryOp::I64Load32U:
    return {4, false, false, 'l'};
  case MemoryOp::I32Store:
    return {4, true, false, 'i'};
  case MemoryOp::I64Store:
    return {8, true, false, 'l'};
  case MemoryOp::F32Store:
    return {4, true, false, 'f'};
  case MemoryOp::F64Store:
    return {8, true, false, 'd'};
  case MemoryOp::I32Store8:
    return {1, true, false, 'i'};
  case MemoryOp::I32Store16:
    return {2, true, false, 'i'};
  case MemoryOp::I64Store8:
    return {1, true, false, 'l'};
  case MemoryOp::I64Store16:
    return {2, true, false, 'l'};
  case MemoryOp::I64Store32:
    return {4, true, false, 'l'};
  default:
    return {0, false, false, 0};
  }
}

unsigned log2Exact(unsigned N) {
  unsigned L = 0;
  while ((1u << L) < N)
    ++L;
  return L;
}
} // namespace

void FunctionTranslator::translateLoadStore(MemoryOp Op,
                                            const Immediates &Imm) {
  const OpInfo &Info = opInfo(CurOp);
  uint32_t Mem = Imm.Mem.Memory;
  if (!checkMemory(Mem))
    return;
  AccessInfo AI = accessInfo(Op);
  if (Imm.Mem.AlignLog2 > log2Exact(AI.Bytes)) {
    fail("alignment must not be larger than natural");
    return;
  }
  if (!M.Memories[Mem].Lim.Is64 && Imm.Mem.Offset > 0xffffffffull) {
    fail("offset out of range");
    return;
  }
  SmallVector<Value *, 2> Ops;
  if (!popSignature(Info.Params, Mem, Ops))
    return;
  if (!live()) {
    pushSignature(Info.Results, Mem, nullptr);
    return;
  }
  Value *P = effectiveAddress(Mem, Ops[0], Imm.Mem.Offset, AI.Bytes);
  Type *ValTy = MC.llvmType(letterType(AI.ValueKind, Mem));
  Type *MemTy = ValTy->isFloatingPointTy() ? ValTy : B.getIntNTy(AI.Bytes * 8);
  if (AI.Store) {
    Value *V = Ops[1];
    if (MemTy != ValTy)
      V = B.CreateTrunc(V, MemTy);
    StoreInst *S = B.CreateAlignedStore(V, P, Align(1));
    S->setMetadata(LLVMContext::MD_tbaa, MC.TBAAMemory);
    return;
  }
  LoadInst *L = B.CreateAlignedLoad(MemTy, P, Align(1));
  L->setMetadata(LLVMContext::MD_tbaa, MC.TBAAMemory);
  Value *V = L;
  if (MemTy != ValTy)
    V = AI.SignExtend ? B.CreateSExt(V, ValTy) : B.CreateZExt(V, ValTy);
  pushSignature(Info.Results, Mem, V);
}

void FunctionTranslator::translateMemory(MemoryOp Op, const Immediates &Imm) {
  uint32_t Mem = Imm.Mem.Memory;
  switch (Op) {
  case MemoryOp::I32Load:
  case MemoryOp::I64Load:
  case MemoryOp::F32Load:
  case MemoryOp::F64Load:
  case MemoryOp::I32Load8S:
  case MemoryOp::I32Load8U:
  case MemoryOp::I32Load16S:
  case MemoryOp::I32Load16U:
  case MemoryOp::I64Load8S:
  case MemoryOp::I64Load8U:
  case MemoryOp::I64Load16S:
  case MemoryOp::I64Load16U:
  case MemoryOp::I64Load32S:
  case MemoryOp::I64Load32U:
  case MemoryOp::I32Store:
  case MemoryOp::I64Store:
  case MemoryOp::F32Store:
  case MemoryOp::F64Store:
  case MemoryOp::I32Store8:
  case MemoryOp::I32Store16:
  case MemoryOp::I64Store8:
  case MemoryOp::I64Store16:
  case MemoryOp::I64Store32:
    translateLoadStore(Op, Imm);
    return;
  case MemoryOp::MemorySize: {
    if (!checkMemory(Mem))
      return;
    if (!live()) {
      pushSignature("a", Mem, nullptr);
      return;
    }
    Value *Pages = B.CreateLShr(memoryByteSize(Mem), 16);
    if (!M.Memories[Mem].Lim.Is64)
      Pages = B.CreateTrunc(Pages, MC.I32Ty);
    pushSignature("a", Mem, Pages);
    return;
  }
  case MemoryOp::MemoryGrow: {
    if (!checkMemory(Mem))
      return;
    SmallVector<Value *, 1> Ops;
    if (!popSignature("a", Mem, Ops))
      return;
    if (!live()) {
      pushSignature("a", Mem, nullptr);
      return;
    }
    Value *Old = callRuntime(RuntimeCall::wasirt_memory_grow,
                             {Inst, B.getInt32(Mem), zext64(Ops[0])});
    if (!M.Memories[Mem].Lim.Is64)
      Old = B.CreateTrunc(Old, MC.I32Ty);
    pushSignature("a", Mem, Old);
    return;
  }
  case MemoryOp::MemoryFill: {
    if (!checkMemory(Mem))
      return;
    SmallVector<Value *, 3> Ops;
    if (!popSignature("aia", Mem, Ops))
      return;
    if (live())
      callRuntime(
          RuntimeCall::wasirt_memory_fill,
          {Inst, B.getInt32(Mem), zext64(Ops[0]), Ops[1], zext64(Ops[2])});
    return;
  }
  case MemoryOp::MemoryCopy: {
    uint32_t Dst = Imm.Index, Src = Imm.Index2;
    if (!checkMemory(Dst) || !checkMemory(Src))
      return;
    // The length has the smaller of the two address types.
    bool Dst64 = M.Memories[Dst].Lim.Is64, Src64 = M.Memories[Src].Lim.Is64;
    ValType LenT = Dst64 && Src64 ? ValType::I64 : ValType::I32;
    Value *Len = pop(LenT);
    Value *S = pop(M.addressType(Src));
    Value *D = pop(M.addressType(Dst));
    if (HasError || !live())
      return;
    callRuntime(RuntimeCall::wasirt_memory_copy,
                {Inst, B.getInt32(Dst), B.getInt32(Src), zext64(D), zext64(S),
                 zext64(Len)});
    return;
  }
  case MemoryOp::MemoryInit: {
    if (!checkData(Imm.Index) || !checkMemory(Mem))
      return;
    Value *Len = pop(ValType::I32);
    Value *S = pop(ValType::I32);
    Value *D = pop(M.addressType(Mem));
    if (HasError || !live())
      return;
    callRuntime(
        RuntimeCall::wasirt_memory_init,
        {Inst, B.getInt32(Mem), B.getInt32(Imm.Index), zext64(D), S, Len});
    return;
  }
  case MemoryOp::DataDrop:
    if (!checkData(Imm.Index))
      return;
    if (live())
      callRuntime(RuntimeCall::wasirt_data_drop, {Inst, B.getInt32(Imm.Index)});
    return;
  }
  llvm_unreachable("bad memory op");
}
