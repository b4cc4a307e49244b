//===- VersionChecks.cpp - one check per parameter, then none -------------===//

#include "VersionChecks.h"
#include "ModuleContext.h"
#include "wasm2obj/abi.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/IR/ConstantRange.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include <map>

using namespace llvm;
using namespace llvm::PatternMatch;

// For measuring what the pass buys: --mllvm -w2o-version-checks=false.
static cl::opt<bool> VersionChecks(
    "w2o-version-checks", cl::init(true), cl::Hidden,
    cl::desc("decide a small function's bounds checks once, at its entry"));

namespace w2o {

namespace {

constexpr uint64_t MaxOffset = 4096;      // largest K decided at the entry
constexpr unsigned MaxInstructions = 400; // largest function copied

/// A check  zext(P) + K > size  of one memory: size is either the
/// instance's copy at Offset (Desc null), or the size field of the
/// descriptor whose pointer is at Offset in the instance.
struct Check {
  ICmpInst *Cmp;
  Argument *P;
  uint64_t K;
  LoadInst *Size;
  LoadInst *Desc;
  uint64_t Offset;
};

/// Whether a TBAA access tag is that of the instance's copies of memory
/// sizes (ModuleContext.cpp).
bool isMemorySizeTag(const MDNode *Tag) {
  if (!Tag || Tag->getNumOperands() < 1)
    return false;
  auto *Type = dyn_cast<MDNode>(Tag->getOperand(0));
  if (!Type || Type->getNumOperands() < 1)
    return false;
  auto *Name = dyn_cast<MDString>(Type->getOperand(0));
  return Name && Name->getString() == MemorySizeTBAAName;
}

/// Base + constant offset, if V is that.
Value *stripOffset(const DataLayout &DL, Value *V, uint64_t &Offset) {
  APInt Off(DL.getIndexTypeSizeInBits(V->getType()), 0);
  Value *Base = V->stripAndAccumulateConstantOffsets(DL, Off, true);
  if (Off.isNegative())
    return nullptr;
  Offset = Off.getZExtValue();
  return Base;
}

std::optional<Check> matchCheck(ICmpInst *Cmp, Function &F) {
  const DataLayout &DL = F.getDataLayout();
  Value *End, *SizeV;
  if (Cmp->getPredicate() == CmpInst::ICMP_UGT) {
    End = Cmp->getOperand(0);
    SizeV = Cmp->getOperand(1);
  } else if (Cmp->getPredicate() == CmpInst::ICMP_ULT) {
    End = Cmp->getOperand(1);
    SizeV = Cmp->getOperand(0);
  } else {
    return std::nullopt;
  }
  Value *PV;
  const APInt *K;
  if (!match(End, m_Add(m_ZExt(m_Value(PV)), m_APInt(K))) ||
      !End->getType()->isIntegerTy(64) || !PV->getType()->isIntegerTy(32))
    return std::nullopt;
  auto *P = dyn_cast<Argument>(PV);
  auto *Size = dyn_cast<LoadInst>(SizeV);
  if (!P || !Size || Size->isVolatile() || K->getActiveBits() > 32)
    return std::nullopt;
  uint64_t SizeOffset, DescOffset;
  Value *SizeBase = stripOffset(DL, Size->getPointerOperand(), SizeOffset);
  MDNode *Tag = Size->getMetadata(LLVMContext::MD_tbaa);
  // The instance's copy of a memory's size has a TBAA type of its own.
  if (SizeBase == F.getArg(0))
    return isMemorySizeTag(Tag)
               ? std::optional<Check>(Check{Cmp, P, K->getZExtValue(), Size,
                                            nullptr, SizeOffset})
               : std::nullopt;
  auto *Desc = dyn_cast_or_null<LoadInst>(SizeBase);
  if (!Desc || SizeOffset != WASIRT_OFF_MEMORY_SIZE || Desc->isVolatile() ||
      stripOffset(DL, Desc->getPointerOperand(), DescOffset) != F.getArg(0))
    return std::nullopt;
  // A memory descriptor's slot and its size field carry the instance's
  // TBAA tag. The same shape with another tag is something else, such as
  // a word of an imported global's cell (global tag), which may decrease.
  if (!Tag || Tag != Desc->getMetadata(LLVMContext::MD_tbaa))
    return std::nullopt;
  return Check{Cmp, P, K->getZExtValue(), Size, Desc, DescOffset};
}

/// The least value a load can give by its !range (0 without one): for a
/// memory's size, the memory's minimum (TranslateMemory.cpp).
uint64_t minimumSize(const LoadInst &Size) {
  MDNode *Range = Size.getMetadata(LLVMContext::MD_range);
  if (!Range)
    return 0;
  return getConstantRangeFromMetadata(*Range).getUnsignedMin().getZExtValue();
}

bool versionFunction(Function &F) {
  if (F.isDeclaration() || F.isVarArg() || F.arg_empty() ||
      F.getInstructionCount() > MaxInstructions)
    return false;
  for (Instruction &I : F.getEntryBlock())
    if (isa<AllocaInst>(I))
      return false;
  std::vector<Check> Checks;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      if (auto *Cmp = dyn_cast<ICmpInst>(&I))
        if (std::optional<Check> C = matchCheck(Cmp, F); C && C->K <= MaxOffset)
          Checks.push_back(*C); // the checks the entry decides
  // Kmax per (parameter, memory).
  MapVector<std::pair<Argument *, uint64_t>, const Check *> Largest;
  for (const Check &C : Checks) {
    const Check *&L = Largest[{C.P, C.Offset}];
    if (!L || C.K > L->K)
      L = &C;
  }
  if (Largest.empty() || Checks.size() < Largest.size() + 2)
    return false;

  // The copy: every block cloned, the decided checks false.
  ValueToValueMapTy VMap;
  SmallVector<BasicBlock *, 32> Blocks;
  for (BasicBlock &BB : F)
    Blocks.push_back(&BB);
  SmallVector<BasicBlock *, 32> Copies;
  for (BasicBlock *BB : Blocks) {
    BasicBlock *Copy = CloneBasicBlock(BB, VMap, ".fast", &F);
    VMap[BB] = Copy;
    Copies.push_back(Copy);
  }
  remapInstructionsInBlocks(Copies, VMap);
  for (const Check &C : Checks) {
    auto *Copy = cast<Instruction>(VMap[C.Cmp]);
    Copy->replaceAllUsesWith(ConstantInt::getFalse(F.getContext()));
    Copy->eraseFromParent();
  }

  // The new entry: every parameter's largest access in bounds?
  BasicBlock *Body = &F.getEntryBlock();
  LLVMContext &Ctx = F.getContext();
  BasicBlock *Entry = BasicBlock::Create(Ctx, "version", &F, Body);
  IRBuilder<> B(Entry);
  std::map<uint64_t, Value *> Sizes; // per memory
  Value *All = nullptr;
  for (auto &[Key, C] : Largest) {
    Value *&Size = Sizes[Key.second];
    if (!Size) {
      // The size load (after the descriptor's), as the checks make it.
      Value *SizePtr =
          B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), F.getArg(0), Key.second);
      if (C->Desc) {
        Instruction *Desc = C->Desc->clone();
        Desc->setOperand(0, SizePtr);
        B.Insert(Desc);
        SizePtr = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Desc,
                                               WASIRT_OFF_MEMORY_SIZE);
      }
      Instruction *SizeLoad = C->Size->clone();
      SizeLoad->setOperand(0, SizePtr);
      Size = B.Insert(SizeLoad);
    }
    // zext(P) + K <=u size. When the memory's minimum size (the size
    // load's !range) is at least K, the same test is zext(P) <=u size - K,
    // whose subtraction the parameters with the same K share once later
    // passes merge the copies: one instruction less per parameter (a
    // comparator's two records).
    Value *PZ = B.CreateZExt(C->P, B.getInt64Ty());
    Value *In;
    if (minimumSize(*cast<LoadInst>(Size)) >= C->K)
      In = B.CreateICmpULE(PZ, B.CreateNUWSub(Size, B.getInt64(C->K)));
    else
      In = B.CreateICmpULE(B.CreateNUWAdd(PZ, B.getInt64(C->K)), Size);
    All = All ? B.CreateAnd(All, In) : In;
  }
  // The copy is the likely way: keep it on the fall-through path.
  MDBuilder MDB(Ctx);
  B.CreateCondBr(All, cast<BasicBlock>(VMap[Body]), Body,
                 MDB.createLikelyBranchWeights());
  return true;
}

} // namespace

PreservedAnalyses VersionChecksPass::run(Function &F,
                                         FunctionAnalysisManager &) {
  if (!VersionChecks || !versionFunction(F))
    return PreservedAnalyses::all();
  return PreservedAnalyses::none();
}

} // namespace w2o
