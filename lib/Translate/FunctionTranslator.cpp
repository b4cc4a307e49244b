//===- FunctionTranslator.cpp - one wasm function to LLVM IR --------------===//
//
// Design
// ------
// A function body is decoded, validated and translated in one pass, one
// instruction at a time:
//
//   decode the opcode and its immediates (malformed input stops here)
//   -> the family handler pops its operands with their types checked
//      (validation, the algorithm of the spec's appendix) and, unless the
//      point is dead, emits LLVM IR for them and pushes its results.
//
// The operand stack holds (ValType, llvm::Value*) pairs, so validation and
// emission cannot drift apart. Locals are allocas (mem2reg makes them SSA).
//
// Control: every block gets its continuation block with one phi per result;
// a loop also gets a header block with one phi per parameter; `if` gets the
// false edge. Branches add phi incomings from the branching block. A frame
// whose continuation ends up with no predecessor is deleted.
//
// Two flags describe unreachable code and must not be confused:
//   ControlFrame::Unreachable - the validator's flag: after br/return/...
//       the rest of the block has a polymorphic stack;
//   Dead - the emitter's flag: there is no live insertion point. It is set
//       by the same instructions and also after a block no branch reaches,
//       and cleared only by `else`/`end`/`catch` of a frame entered from
//       live code whose continuation is reachable. In dead code only the
//       nesting and the types are tracked; operand values are null.
//
// Traps branch to one block per trap code per function, which calls the
// runtime's noreturn wasirt_trap(instance, code).
//
// Stack exhaustion: the prologue compares the stack pointer with the
// instance's stack_limit; a function that makes no call and has few locals
// (a bounded frame, covered by the runtime's safety margin) skips it.
//
//===----------------------------------------------------------------------===//

#include "FunctionTranslator.h"
#include "ExpandTrapChecks.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/TargetParser/Triple.h"

using namespace w2o;
using namespace llvm;

namespace {
// Locals beyond this are refused (as wasmtime does, at 50,000).
constexpr uint64_t MaxLocals = 50000;
// A leaf function with at most this many locals skips the stack check.
constexpr size_t LeafLocalsWithoutCheck = 256;
// wasirt_stack_check with the preserve_most convention, for x86-64.
constexpr const char *StackCheckPreserveMost =
    "wasirt_stack_check_preserve_most";
} // namespace

FunctionTranslator::FunctionTranslator(ModuleContext &MC, uint32_t FuncIndex)
    : MC(MC), M(MC.M), FuncIndex(FuncIndex), Sig(MC.M.funcType(FuncIndex)),
      F(MC.function(FuncIndex)), B(MC.Ctx) {
  const FunctionBody &Body = M.Bodies[FuncIndex - M.NumImportedFuncs];
  R = Reader(Body.Bytes, Body.Offset);
}

void FunctionTranslator::fail(const Twine &Msg) {
  if (HasError)
    return;
  HasError = true;
  ErrOffset = OpOffset;
  ErrMessage = Msg.str();
}

Error FunctionTranslator::takeError() {
  if (ErrorIsMalformed)
    return malformed(ErrOffset, ErrMessage);
  if (ErrorIsUnsupported)
    return unsupported(ErrOffset, ErrMessage);
  return invalid(ErrOffset, ErrMessage);
}

void FunctionTranslator::failUnsupported(const Twine &Msg) {
  if (HasError)
    return;
  fail(Msg);
  ErrorIsUnsupported = true;
}

void FunctionTranslator::failMalformed(const Twine &Msg) {
  if (HasError)
    return;
  fail(Msg);
  ErrorIsMalformed = true;
}

bool FunctionTranslator::decodeLocals() {
  uint32_t Groups = R.count();
  uint64_t Total = Sig.Params.size();
  uint64_t LimitOffset = 0;
  llvm::SmallVector<std::pair<uint32_t, ValType>, 8> Decls;
  for (uint32_t I = 0; I < Groups && !R.failed(); ++I) {
    uint64_t Off = R.offset();
    uint32_t N = R.u32();
    ValType T = readValType(R, M.Feats);
    if (R.failed())
      break;
    Total += N;
    if (Total > 0xffffffffull) {
      R.failAt(Off, "too many locals");
      break;
    }
    if (Total > MaxLocals && !LimitOffset)
      LimitOffset = Off;
    Decls.push_back({N, T});
  }
  if (R.failed()) {
    HasError = true;
    ErrorIsMalformed = true;
    ErrOffset = R.errorOffset();
    ErrMessage = R.errorMessage();
    return false;
  }
  if (LimitOffset) {
    OpOffset = LimitOffset;
    HasError = true;
    ErrorIsUnsupported = true;
    ErrOffset = LimitOffset;
    ErrMessage = "too many locals (the limit is 50000)";
    return false;
  }
  for (ValType T : Sig.Params)
    LocalTypes.push_back(T);
  for (auto &D : Decls)
    LocalTypes.insert(LocalTypes.end(), D.first, D.second);
  return true;
}

ValType FunctionTranslator::letterType(char C, uint32_t Mem) const {
  switch (C) {
  case 'i':
    return ValType::I32;
  case 'l':
    return ValType::I64;
  case 'f':
    return ValType::F32;
  case 'd':
    return ValType::F64;
  case 'v':
    return ValType::V128;
  case 'a':
    return Mem < M.Memories.size() ? M.addressType(Mem) : ValType::I32;
  }
  llvm_unreachable("bad signature letter");
}

Operand FunctionTranslator::pop() {
  ControlFrame &Fr = Ctrl.back();
  if (Stack.size() == Fr.Height) {
    if (!Fr.Unreachable)
      fail("type mismatch in " + opName(CurOp) +
           ": expected an operand, the stack is empty");
    return {ValType::Bottom, nullptr};
  }
  Operand O = Stack.back();
  Stack.pop_back();
  return O;
}

Value *FunctionTranslator::pop(ValType Expected) {
  Operand O = pop();
  if (O.Type != Expected && O.Type != ValType::Bottom && !HasError)
    fail("type mismatch in " + opName(CurOp) + ": expected " +
         valTypeName(Expected) + ", got " + valTypeName(O.Type));
  return O.V;
}

static std::string typeList(ArrayRef<ValType> Types) {
  std::string S = "[";
  for (size_t I = 0; I < Types.size(); ++I) {
    if (I)
      S += ' ';
    S += valTypeName(Types[I]);
  }
  return S + "]";
}

bool FunctionTranslator::popOperands(ArrayRef<ValType> Types,
                                     SmallVectorImpl<Value *> &Values,
                                     SmallVectorImpl<ValType> *Actual) {
  ControlFrame &Fr = Ctrl.back();
  size_t N = Types.size();
  Values.assign(N, nullptr);
  size_t Avail = Stack.size() - Fr.Height;
  bool Ok = Fr.Unreachable || Avail >= N;
  size_t Take = std::min(N, Avail);
  for (size_t I = 0; I < Take && Ok; ++I) {
    const Operand &O = Stack[Stack.size() - Take + I];
    ValType Want = Types[N - Take + I];
    if (O.Type != Want && O.Type != ValType::Bottom)
      Ok = false;
  }
  if (!Ok) {
    SmallVector<ValType, 4> Got;
    for (size_t I = 0; I < Take; ++I)
      Got.push_back(Stack[Stack.size() - Take + I].Type);
    fail("type mismatch in " + opName(CurOp) + ": expected " + typeList(Types) +
         ", got " + typeList(Got));
    return false;
  }
  for (size_t I = 0; I < Take; ++I)
    Values[N - Take + I] = Stack[Stack.size() - Take + I].V;
  if (Actual) {
    Actual->assign(N, ValType::Bottom);
    for (size_t I = 0; I < Take; ++I)
      (*Actual)[N - Take + I] = Stack[Stack.size() - Take + I].Type;
  }
  Stack.resize(Stack.size() - Take);
  return true;
}

bool FunctionTranslator::popSignature(const char *Letters, uint32_t Mem,
                                      SmallVectorImpl<Value *> &Values) {
  SmallVector<ValType, 4> Types;
  for (const char *P = Letters; *P; ++P)
    Types.push_back(letterType(*P, Mem));
  return popOperands(Types, Values);
}

void FunctionTranslator::pushSignature(const char *Letters, uint32_t Mem,
                                       Value *V) {
  for (const char *P = Letters; *P; ++P)
    push(letterType(*P, Mem), V);
}

void FunctionTranslator::setUnreachable() {
  ControlFrame &Fr = Ctrl.back();
  Stack.resize(Fr.Height);
  Fr.Unreachable = true;
  Dead = true;
}

ControlFrame *FunctionTranslator::label(uint32_t Depth) {
  if (Depth >= Ctrl.size()) {
    fail("unknown label " + Twine(Depth));
    return nullptr;
  }
  return &Ctrl[Ctrl.size() - 1 - Depth];
}

bool FunctionTranslator::checkLocal(uint32_t I) {
  if (I < LocalTypes.size())
    return true;
  fail("unknown local " + Twine(I));
  return false;
}
bool FunctionTranslator::checkGlobal(uint32_t I) {
  if (I < M.Globals.size())
    return true;
  fail("unknown global " + Twine(I));
  return false;
}
bool FunctionTranslator::checkTable(uint32_t I) {
  if (I < M.Tables.size())
    return true;
  fail("unknown table " + Twine(I));
  return false;
}
bool FunctionTranslator::checkMemory(uint32_t I) {
  if (I < M.Memories.size())
    return true;
  fail("unknown memory " + Twine(I));
  return false;
}
bool FunctionTranslator::checkFunc(uint32_t I) {
  if (I < M.numFuncs())
    return true;
  fail("unknown function " + Twine(I));
  return false;
}
bool FunctionTranslator::checkType(uint32_t I) {
  if (I < M.Types.size())
    return true;
  fail("unknown type " + Twine(I));
  return false;
}
bool FunctionTranslator::checkData(uint32_t I) {
  if (!M.DataCount) {
    failMalformed("data count section required");
    return false;
  }
  if (I < *M.DataCount)
    return true;
  fail("unknown data segment " + Twine(I));
  return false;
}
bool FunctionTranslator::checkElem(uint32_t I) {
  if (I < M.Elems.size())
    return true;
  fail("unknown elem segment " + Twine(I));
  return false;
}

//===----------------------------------------------------------------------===//
// Decoding immediates
//===----------------------------------------------------------------------===//

bool FunctionTranslator::decodeBlockType(BlockTypeImm &BT) {
  BT.Params.clear();
  BT.Results.clear();
  uint64_t Off = R.offset();
  int64_t V = R.s33();
  if (R.failed())
    return false;
  if (V >= 0) {
    if (!checkType(static_cast<uint32_t>(V)))
      return false;
    const FuncType &T = M.Types[V];
    BT.Params.assign(T.Params.begin(), T.Params.end());
    BT.Results.assign(T.Results.begin(), T.Results.end());
    return true;
  }
  // The empty type and the value types are single bytes (0x40..0x7f as
  // an s33, -64..-1); a longer encoding of a negative number, such as
  // ff 7f for -1, is no block type.
  if (R.offset() - Off != 1) {
    R.failAt(Off, "malformed value type");
    return false;
  }
  uint8_t Code = static_cast<uint8_t>(V & 0x7f);
  if (Code == 0x40)
    return true;
  switch (Code) {
  case 0x7f:
  case 0x7e:
  case 0x7d:
  case 0x7c:
  case 0x70:
  case 0x6f:
    BT.Results.push_back(static_cast<ValType>(Code));
    return true;
  case 0x7b:
    if (M.Feats.SIMD) {
      BT.Results.push_back(ValType::V128);
      return true;
    }
    break;
  case 0x69:
    if (M.Feats.Exceptions) {
      BT.Results.push_back(ValType::ExnRef);
      return true;
    }
    break;
  default:
    break;
  }
  R.failAt(Off, "malformed value type");
  return false;
}

bool FunctionTranslator::decodeMemoryIndex(uint32_t &Mem) {
  if (M.Feats.MultiMemory) {
    Mem = R.u32();
    return !R.failed();
  }
  uint8_t Byte = R.u8();
  if (R.failed())
    return false;
  if (Byte != 0) {
    failMalformed("zero byte expected");
    return false;
  }
  Mem = 0;
  return true;
}

bool FunctionTranslator::decodeMemArg(Opcode Op, MemArgImm &MA) {
  uint32_t Flags = R.u32();
  if (R.failed())
    return false;
  MA.Memory = 0;
  if (M.Feats.MultiMemory && (Flags & 0x40)) {
    Flags &= ~0x40u;
    MA.Memory = R.u32();
  }
  MA.AlignLog2 = Flags;
  if (M.Feats.Memory64)
    MA.Offset = R.u64();
  else
    MA.Offset = R.u32();
  (void)Op;
  return !R.failed();
}

bool FunctionTranslator::decodeImmediates(Opcode Op, Immediates &Imm) {
  switch (opInfo(Op).Imm) {
  case ImmKind::None:
    return true;
  case ImmKind::BlockType:
    return decodeBlockType(Imm.Block);
  case ImmKind::Label:
  case ImmKind::Func:
  case ImmKind::Local:
  case ImmKind::Global:
  case ImmKind::Table:
  case ImmKind::Elem:
  case ImmKind::Tag:
    Imm.Index = R.u32();
    return !R.failed();
  case ImmKind::Data:
    Imm.Index = R.u32();
    return !R.failed();
  case ImmKind::BrTable: {
    uint32_t N = R.count();
    Imm.Targets.clear();
    for (uint32_t I = 0; I < N && !R.failed(); ++I)
      Imm.Targets.push_back(R.u32());
    Imm.Index = R.u32();
    return !R.failed();
  }
  case ImmKind::CallIndirect:
    Imm.Index = R.u32();  // type
    Imm.Index2 = R.u32(); // table
    return !R.failed();
  case ImmKind::TableInit:
    Imm.Index = R.u32();  // element segment
    Imm.Index2 = R.u32(); // table
    return !R.failed();
  case ImmKind::TableCopy:
    Imm.Index = R.u32();  // destination
    Imm.Index2 = R.u32(); // source
    return !R.failed();
  case ImmKind::MemArg:
    return decodeMemArg(Op, Imm.Mem);
  case ImmKind::Memory:
    return decodeMemoryIndex(Imm.Mem.Memory);
  case ImmKind::MemoryInit:
    Imm.Index = R.u32();
    if (R.failed())
      return false;
    return decodeMemoryIndex(Imm.Mem.Memory);
  case ImmKind::MemoryCopy:
    if (!decodeMemoryIndex(Imm.Index)) // destination
      return false;
    return decodeMemoryIndex(Imm.Index2); // source
  case ImmKind::I32:
    Imm.Bits = static_cast<uint32_t>(R.s32());
    return !R.failed();
  case ImmKind::I64:
    Imm.Bits = static_cast<uint64_t>(R.s64());
    return !R.failed();
  case ImmKind::F32:
    Imm.Bits = R.fixed32();
    return !R.failed();
  case ImmKind::F64:
    Imm.Bits = R.fixed64();
    return !R.failed();
  case ImmKind::SelectT: {
    uint32_t N = R.u32();
    if (R.failed())
      return false;
    if (N != 1) {
      // Decode what is there so a malformed type is still reported first.
      for (uint32_t I = 0; I < N && I < 4 && !R.failed(); ++I)
        readValType(R, M.Feats);
      if (!R.failed())
        fail("invalid result arity");
      return false;
    }
    Imm.Type = readValType(R, M.Feats);
    return !R.failed();
  }
  case ImmKind::HeapType:
    Imm.Type = readRefType(R, M.Feats);
    return !R.failed();
  case ImmKind::Zero: {
    uint8_t Byte = R.u8();
    if (R.failed())
      return false;
    if (Byte != 0) {
      failMalformed("zero byte expected");
      return false;
    }
    return true;
  }
  case ImmKind::TryTable: {
    if (!decodeBlockType(Imm.Block))
      return false;
    uint32_t N = R.count();
    Imm.Catches.clear();
    for (uint32_t I = 0; I < N && !R.failed(); ++I) {
      uint64_t Off = R.offset();
      uint8_t Kind = R.u8();
      if (R.failed())
        return false;
      if (Kind > CatchClauseImm::CatchAllRef) {
        R.failAt(Off, "malformed catch clause");
        return false;
      }
      CatchClauseImm C;
      C.K = static_cast<CatchClauseImm::Kind>(Kind);
      if (!C.all())
        C.Tag = R.u32();
      C.Label = R.u32();
      Imm.Catches.push_back(C);
    }
    return !R.failed();
  }
  case ImmKind::V128:
  case ImmKind::Shuffle:
    for (uint8_t &Byte : Imm.Bytes)
      Byte = R.u8();
    return !R.failed();
  case ImmKind::Lane:
    Imm.Lane = R.u8();
    return !R.failed();
  case ImmKind::MemArgLane:
    if (!decodeMemArg(Op, Imm.Mem))
      return false;
    Imm.Lane = R.u8();
    return !R.failed();
  }
  llvm_unreachable("bad immediate kind");
}

//===----------------------------------------------------------------------===//
// Emission helpers
//===----------------------------------------------------------------------===//

BasicBlock *FunctionTranslator::newBlock(const Twine &Name) {
  return BasicBlock::Create(MC.Ctx, Name, F);
}

BasicBlock *FunctionTranslator::trapBlock(wasirt_trap_code Code) {
  BasicBlock *&BB = TrapBlocks[Code];
  if (!BB)
    BB = createTrapBlock(*F, MC.runtime(RuntimeCall::wasirt_trap), Inst, Code);
  return BB;
}

void FunctionTranslator::trapIf(Value *Cond, wasirt_trap_code Code) {
  if (auto *C = dyn_cast<ConstantInt>(Cond))
    if (C->isZero())
      return;
  // A branch to the trap block once the locals are registers
  // (ExpandTrapChecks.h).
  B.CreateCall(MC.trapIfMarker(), {Cond, Inst, B.getInt32(Code)});
}

void FunctionTranslator::trapNow(wasirt_trap_code Code) {
  B.CreateBr(trapBlock(Code));
}

Value *FunctionTranslator::truthy(Value *Cond) {
  if (auto *Z = dyn_cast<ZExtInst>(Cond))
    if (Z->getSrcTy()->isIntegerTy(1))
      return Z->getOperand(0);
  return B.CreateICmpNE(Cond, B.getInt32(0));
}

Value *FunctionTranslator::instanceField(uint64_t Offset) {
  return B.CreateConstInBoundsGEP1_64(MC.I8Ty, Inst, Offset);
}

LoadInst *FunctionTranslator::loadInvariant(Type *T, Value *Ptr) {
  LoadInst *L = B.CreateLoad(T, Ptr);
  L->setMetadata(LLVMContext::MD_invariant_load, MC.EmptyMD);
  L->setMetadata(LLVMContext::MD_tbaa, MC.TBAAInstance);
  if (T->isPointerTy())
    L->setMetadata(LLVMContext::MD_nonnull, MC.EmptyMD);
  return L;
}

LoadInst *FunctionTranslator::loadTagged(Type *T, Value *Ptr, MDNode *TBAA) {
  LoadInst *L = B.CreateLoad(T, Ptr);
  L->setMetadata(LLVMContext::MD_tbaa, TBAA);
  return L;
}

Value *FunctionTranslator::callRuntime(RuntimeCall RC, ArrayRef<Value *> Args) {
  return B.CreateCall(MC.runtime(RC), Args);
}

Value *FunctionTranslator::zext64(Value *V) {
  return V->getType() == MC.I64Ty ? V : B.CreateZExt(V, MC.I64Ty);
}

//===----------------------------------------------------------------------===//
// The main loop
//===----------------------------------------------------------------------===//

Error FunctionTranslator::translate() {
  if (!decodeLocals())
    return takeError();

  // Prologue: entry (allocas) -> stack check -> body.
  BasicBlock *Entry = newBlock("entry");
  B.SetInsertPoint(Entry);
  Inst = F->getArg(0);
  Locals.reserve(LocalTypes.size());
  for (size_t I = 0; I < LocalTypes.size(); ++I)
    Locals.push_back(B.CreateAlloca(MC.llvmType(LocalTypes[I])));
  for (size_t I = 0; I < LocalTypes.size(); ++I) {
    Value *Init = I < Sig.Params.size()
                      ? static_cast<Value *>(F->getArg(I + 1))
                      : Constant::getNullValue(MC.llvmType(LocalTypes[I]));
    B.CreateStore(Init, Locals[I]);
  }
  Value *Limit =
      loadTagged(MC.I64Ty, instanceField(WASIRT_OFF_INSTANCE_STACK_LIMIT),
                 MC.TBAAInstance);
  Value *Span = loadTagged(
      MC.I64Ty, instanceField(WASIRT_OFF_INSTANCE_STACK_SPAN), MC.TBAAInstance);
  Value *SP = B.CreatePtrToInt(
      B.CreateIntrinsic(Intrinsic::stacksave, {MC.PtrTy}, {}), MC.I64Ty);
  Value *Exhausted = B.CreateICmpUGE(B.CreateSub(SP, Limit), Span);
  BasicBlock *Body = newBlock("body");
  // Below the limit or on another stack: the runtime traps, or, when the
  // limit was another thread's, replaces it and returns (trap.c, "Stack
  // limit").
  BasicBlock *StackSlow = newBlock("stack.slow");
  MDBuilder MDB(MC.Ctx);
  BranchInst *StackCheck = B.CreateCondBr(Exhausted, StackSlow, Body,
                                          MDB.createUnlikelyBranchWeights());
  PrologueEnd = StackCheck;
  B.SetInsertPoint(StackSlow);
  if (Triple(MC.LM.getTargetTriple()).getArch() == Triple::x86_64) {
    // The same through a thunk that saves every register but r11 (trap.c),
    // so the parameters' registers need no saving in the prologue.
    FunctionCallee PM = MC.LM.getOrInsertFunction(
        StackCheckPreserveMost,
        FunctionType::get(B.getVoidTy(), {MC.PtrTy, MC.I64Ty}, false));
    auto *PMF = cast<Function>(PM.getCallee());
    PMF->setCallingConv(CallingConv::PreserveMost);
    PMF->setDoesNotThrow();
    B.CreateCall(PM, {Inst, SP})->setCallingConv(CallingConv::PreserveMost);
  } else {
    B.CreateCall(MC.runtime(RuntimeCall::wasirt_stack_check), {Inst, SP});
  }
  B.CreateBr(Body);
  B.SetInsertPoint(Body);

  ControlFrame Fn;
  Fn.Kind = FrameKind::Function;
  Fn.Results.assign(Sig.Results.begin(), Sig.Results.end());
  Fn.LiveEntry = true;
  Fn.End = BasicBlock::Create(MC.Ctx, "return");
  for (ValType T : Fn.Results)
    Fn.EndPhis.push_back(PHINode::Create(MC.llvmType(T), 2, "", Fn.End));
  Ctrl.push_back(std::move(Fn));

  Immediates Imm;
  while (!Ctrl.empty()) {
    OpOffset = R.offset();
    uint8_t Byte = R.u8();
    uint8_t Prefix = 0;
    uint32_t Code = Byte;
    if (Byte == 0xfc || Byte == 0xfd || Byte == 0xfe) {
      Prefix = Byte;
      Code = R.u32();
    }
    if (R.failed())
      break;
    std::optional<Opcode> Op = lookupOpcode(Prefix, Code);
    bool Enabled = Op.has_value();
    if (Enabled) {
      switch (opInfo(*Op).Family) {
      case OpFamily::Atomic:
        Enabled = M.Feats.Threads;
        break;
      case OpFamily::Exception:
        Enabled = M.Feats.Exceptions;
        break;
      case OpFamily::Simd:
        Enabled =
            M.Feats.SIMD && (opInfo(*Op).Code < 0x100 || M.Feats.RelaxedSIMD);
        break;
      case OpFamily::Control:
        if (*Op == Opcode::ReturnCall || *Op == Opcode::ReturnCallIndirect)
          Enabled = M.Feats.TailCall;
        break;
      default:
        break;
      }
    }
    if (!Enabled) {
      failMalformed("illegal opcode");
      break;
    }
    CurOp = *Op;
    if (!decodeImmediates(CurOp, Imm) || HasError)
      break;
    translateOp(CurOp, Imm);
    if (HasError)
      break;
  }
  if (R.failed() && !HasError) {
    HasError = true;
    ErrorIsMalformed = true;
    ErrOffset = R.errorOffset();
    ErrMessage = R.errorMessage();
  }
  if (!HasError && !R.atEnd()) {
    OpOffset = R.offset();
    failMalformed("operators remaining after end of function");
  }
  if (HasError)
    return takeError();

  // A leaf with a bounded frame needs no stack check.
  bool HasCalls = false;
  Value *TrapFn = MC.runtime(RuntimeCall::wasirt_trap).getCallee();
  Value *Marker = MC.trapIfMarker().getCallee();
  for (BasicBlock &BB : *F) {
    for (Instruction &I : BB) {
      auto *CB = dyn_cast<CallBase>(&I);
      if (!CB)
        continue;
      Function *Callee = CB->getCalledFunction();
      if (Callee && (Callee->isIntrinsic() || Callee == TrapFn ||
                     Callee == Marker || CB->getParent() == StackSlow))
        continue;
      HasCalls = true;
      break;
    }
    if (HasCalls)
      break;
  }
  if (!HasCalls && LocalTypes.size() <= LeafLocalsWithoutCheck) {
    PrologueEnd = BranchInst::Create(Body, StackCheck->getParent());
    StackCheck->eraseFromParent();
    StackSlow->eraseFromParent();
    StackSlow = nullptr;
    // The check's instructions, from the compare to what it uses
    // (stacksave would not count as dead to LLVM's own clean-up); a
    // WeakVH becomes null once its instruction is erased.
    SmallVector<WeakVH, 8> Dead = {Exhausted};
    for (size_t I = 0; I < Dead.size(); ++I) {
      auto *Inst = dyn_cast_or_null<Instruction>(Dead[I]);
      if (!Inst || !Inst->use_empty())
        continue;
      for (Value *Op : Inst->operands())
        Dead.push_back(Op);
      Inst->eraseFromParent();
    }
  }
  // Move the trap blocks and the stack check's slow path to the end of the
  // function.
  for (BasicBlock *BB : TrapBlocks)
    if (BB)
      BB->moveAfter(&F->back());
  if (StackSlow)
    StackSlow->moveAfter(&F->back());
  return Error::success();
}

void FunctionTranslator::translateOp(Opcode Op, const Immediates &Imm) {
  const OpInfo &Info = opInfo(Op);
  switch (Info.Family) {
  case OpFamily::Control:
    return translateControl(static_cast<ControlOp>(Info.FamilyIndex), Imm);
  case OpFamily::Parametric:
    return translateParametric(static_cast<ParametricOp>(Info.FamilyIndex),
                               Imm);
  case OpFamily::Variable:
    return translateVariable(static_cast<VariableOp>(Info.FamilyIndex), Imm);
  case OpFamily::Table:
    return translateTable(static_cast<TableOp>(Info.FamilyIndex), Imm);
  case OpFamily::Memory:
    return translateMemory(static_cast<MemoryOp>(Info.FamilyIndex), Imm);
  case OpFamily::Numeric:
    return translateNumeric(static_cast<NumericOp>(Info.FamilyIndex), Imm);
  case OpFamily::Conversion:
    return translateConversion(static_cast<ConversionOp>(Info.FamilyIndex),
                               Imm);
  case OpFamily::Reference:
    return translateReference(static_cast<ReferenceOp>(Info.FamilyIndex), Imm);
  case OpFamily::Atomic:
    return translateAtomic(static_cast<AtomicOp>(Info.FamilyIndex), Imm);
  case OpFamily::Exception:
    return translateException(static_cast<ExceptionOp>(Info.FamilyIndex), Imm);
  case OpFamily::Simd:
    return translateSimd(static_cast<SimdOp>(Info.FamilyIndex), Imm);
  }
  llvm_unreachable("bad family");
}
