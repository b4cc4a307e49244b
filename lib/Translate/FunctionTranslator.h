//===- FunctionTranslator.h - one wasm function to LLVM IR ----------------===//
//
// Validates and translates one function body in a single pass. The operand
// stack holds (type, value) pairs: the validator reads the types, the
// emitter the values. The control stack holds, per block, its label types
// (validation) and its LLVM blocks and phis (emission). See the design
// comment at the top of FunctionTranslator.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_TRANSLATE_FUNCTIONTRANSLATOR_H
#define WASM2OBJ_TRANSLATE_FUNCTIONTRANSLATOR_H

#include "ModuleContext.h"
#include "Opcodes.h"
#include "Reader.h"
#include "llvm/IR/IRBuilder.h"

namespace w2o {

struct MemArgImm {
  uint32_t AlignLog2 = 0;
  uint32_t Memory = 0;
  uint64_t Offset = 0;
};

struct BlockTypeImm {
  llvm::SmallVector<ValType, 2> Params;
  llvm::SmallVector<ValType, 2> Results;
};

/// One catch clause of try_table: catch, catch_ref, catch_all,
/// catch_all_ref (the binary's kinds 0 to 3), the tag (for the first two)
/// and the label, counted from outside the try_table.
struct CatchClauseImm {
  enum Kind : uint8_t { Catch, CatchRef, CatchAll, CatchAllRef } K = Catch;
  uint32_t Tag = 0;
  uint32_t Label = 0;
  bool all() const { return K == CatchAll || K == CatchAllRef; }
  bool ref() const { return K == CatchRef || K == CatchAllRef; }
};

/// Decoded immediates of the current instruction.
struct Immediates {
  uint32_t Index = 0;  // label, function, local, global, table, segment, tag
  uint32_t Index2 = 0; // second index (table of call_indirect, dst/src...)
  uint64_t Bits = 0;   // constant bits
  MemArgImm Mem;
  BlockTypeImm Block;
  ValType Type = ValType::Bottom;               // select t, ref.null
  llvm::SmallVector<uint32_t, 8> Targets;       // br_table (default is Index)
  uint8_t Lane = 0;                             // SIMD lane index
  std::array<uint8_t, 16> Bytes{};              // v128.const, i8x16.shuffle
  llvm::SmallVector<CatchClauseImm, 2> Catches; // try_table
};

enum class FrameKind : uint8_t {
  Function,
  Block,
  Loop,
  If,
  Else,
  Try,
  Catch,
  CatchAll,
  TryTable,
};

struct ControlFrame {
  FrameKind Kind = FrameKind::Block;
  llvm::SmallVector<ValType, 2> Params;
  llvm::SmallVector<ValType, 2> Results;
  size_t Height = 0;        // operand stack height at entry (no params)
  bool Unreachable = false; // validator: rest of the block is polymorphic
  bool LiveEntry = false;   // emitter: the block was entered from live code
  llvm::BasicBlock *End = nullptr;    // continuation (label of non-loops)
  llvm::BasicBlock *Header = nullptr; // loop header (label of loops)
  llvm::BasicBlock *Else = nullptr;   // if: the false edge
  llvm::SmallVector<llvm::PHINode *, 2> EndPhis;
  llvm::SmallVector<llvm::PHINode *, 2> HeaderPhis;
  llvm::SmallVector<llvm::Value *, 2> IfParams; // replayed at else
  uint64_t Offset = 0;
  // Exceptions (TranslateException.cpp). A try frame: Dispatch is where
  // the next catch clause tests the exception DispatchExn (null while
  // nothing in the body can throw, and after catch_all); a catch frame:
  // Caught is the exception its body caught, and Cleanup (with phi
  // CleanupExn) frees it when another exception leaves the body.
  llvm::BasicBlock *Dispatch = nullptr;
  llvm::PHINode *DispatchExn = nullptr;
  llvm::Value *Caught = nullptr;
  llvm::BasicBlock *Cleanup = nullptr;
  llvm::PHINode *CleanupExn = nullptr;
  // A try_table frame: its clauses, tried at its Dispatch when it ends.
  llvm::SmallVector<CatchClauseImm, 2> Catches;

  llvm::ArrayRef<ValType> labelTypes() const {
    return Kind == FrameKind::Loop ? Params : Results;
  }
  /// Where a branch to this frame's label goes.
  llvm::BasicBlock *labelBlock() const {
    return Kind == FrameKind::Loop ? Header : End;
  }
};

/// The lane interpretations of a v128 value.
enum class SimdShape : uint8_t { I8x16, I16x8, I32x4, I64x2, F32x4, F64x2 };

struct Operand {
  ValType Type;
  llvm::Value *V; // null in dead code
};

class FunctionTranslator {
public:
  FunctionTranslator(ModuleContext &MC, uint32_t FuncIndex);

  /// Validates and translates the body into MC.function(FuncIndex).
  llvm::Error translate();

private:
  // --- decoding --------------------------------------------------------
  bool decodeLocals();
  bool decodeImmediates(Opcode Op, Immediates &Imm);
  bool decodeBlockType(BlockTypeImm &BT);
  bool decodeMemArg(Opcode Op, MemArgImm &MA);
  bool decodeMemoryIndex(uint32_t &Mem);

  // --- validation primitives (validator per instruction) --------------
  void fail(const llvm::Twine &Msg);
  void failMalformed(const llvm::Twine &Msg);
  void failUnsupported(const llvm::Twine &Msg);
  llvm::Error takeError();
  bool failed() const { return HasError; }
  void push(ValType T, llvm::Value *V) { Stack.push_back({T, V}); }
  Operand pop();
  llvm::Value *pop(ValType Expected);
  /// Pops the operands of a signature (last on top), checking types; the
  /// values are returned in order. Reports "type mismatch in OP: expected
  /// [..], got [..]".
  bool popOperands(llvm::ArrayRef<ValType> Types,
                   llvm::SmallVectorImpl<llvm::Value *> &Values,
                   llvm::SmallVectorImpl<ValType> *Actual = nullptr);
  bool popSignature(const char *Letters, uint32_t Mem,
                    llvm::SmallVectorImpl<llvm::Value *> &Values);
  void pushSignature(const char *Letters, uint32_t Mem, llvm::Value *V);
  void setUnreachable();
  ControlFrame *label(uint32_t Depth);
  bool checkLocal(uint32_t Index);
  bool checkGlobal(uint32_t Index);
  bool checkTable(uint32_t Index);
  bool checkMemory(uint32_t Index);
  bool checkFunc(uint32_t Index);
  bool checkType(uint32_t Index);
  bool checkData(uint32_t Index);
  bool checkElem(uint32_t Index);
  ValType letterType(char C, uint32_t Mem) const;

  // --- emission helpers -------------------------------------------------
  bool live() const { return !Dead && !HasError; }
  llvm::BasicBlock *newBlock(const llvm::Twine &Name);
  /// Branch to the trap block of Code if Cond is true.
  void trapIf(llvm::Value *Cond, wasirt_trap_code Code);
  void trapNow(wasirt_trap_code Code);
  llvm::BasicBlock *trapBlock(wasirt_trap_code Code);
  llvm::Value *instanceField(uint64_t Offset);
  llvm::LoadInst *loadInvariant(llvm::Type *T, llvm::Value *Ptr);
  llvm::LoadInst *loadTagged(llvm::Type *T, llvm::Value *Ptr,
                             llvm::MDNode *TBAA);
  llvm::Value *callRuntime(RuntimeCall RC, llvm::ArrayRef<llvm::Value *> Args);
  llvm::Value *zext64(llvm::Value *V);
  /// Branch with label arity values from the stack to frame F.
  void branchTo(ControlFrame &F, llvm::ArrayRef<llvm::Value *> Values);
  void collectLabelValues(ControlFrame &F,
                          llvm::SmallVectorImpl<llvm::Value *> &Values);
  void emitCall(llvm::FunctionType *FT, llvm::Value *Callee, llvm::Value *Ctx,
                const FuncType &T, llvm::ArrayRef<llvm::Value *> Args,
                bool Tail);
  void emitReturn(llvm::ArrayRef<llvm::Value *> Values);
  void pushResults(const FuncType &T, llvm::Value *Call);

  // --- families (one file each) ------------------------------------------
  void translateOp(Opcode Op, const Immediates &Imm);
  void translateControl(ControlOp Op, const Immediates &Imm);
  void translateParametric(ParametricOp Op, const Immediates &Imm);
  void translateVariable(VariableOp Op, const Immediates &Imm);
  void translateTable(TableOp Op, const Immediates &Imm);
  void translateMemory(MemoryOp Op, const Immediates &Imm);
  void translateLoadStore(MemoryOp Op, const Immediates &Imm);
  void translateNumeric(NumericOp Op, const Immediates &Imm);
  void translateConversion(ConversionOp Op, const Immediates &Imm);
  void translateReference(ReferenceOp Op, const Immediates &Imm);
  void translateAtomic(AtomicOp Op, const Immediates &Imm);
  void translateException(ExceptionOp Op, const Immediates &Imm);
  void translateSimd(SimdOp Op, const Immediates &Imm);

  // Control helpers (TranslateControl.cpp).
  bool insideLoop() const;
  void pushFrame(FrameKind Kind, const BlockTypeImm &BT,
                 llvm::ArrayRef<llvm::Value *> ParamValues);
  /// Ends the body of Fr (at end, else or catch): pops its results, or
  /// fails with Mismatch when more values remain.
  bool popBody(ControlFrame &Fr, const char *Mismatch,
               llvm::SmallVectorImpl<llvm::Value *> &Values);
  /// Live code falls through to Fr's continuation with Values (freeing
  /// the exception of a catch body).
  void fallThrough(ControlFrame &Fr, llvm::ArrayRef<llvm::Value *> Values);
  void endFrame();
  void elseFrame();
  void callFunction(uint32_t FuncIndex, bool Tail);

  // Exception helpers (TranslateException.cpp).
  bool checkTag(uint32_t Index);
  /// The block (with an exception phi as its first instruction) that an
  /// exception raised directly inside Ctrl[Idx] goes to, or null when it
  /// leaves the function.
  llvm::BasicBlock *handlerFor(size_t Idx);
  llvm::Function *personality();
  /// The landing pad feeding handler block H (one per handler).
  llvm::BasicBlock *landingPadFor(llvm::BasicBlock *H);
  /// Sends the exception Exn, raised at the insertion point, to the
  /// handler of Ctrl[Idx] (or the caller); ends the block.
  void raiseTo(size_t Idx, llvm::Value *Exn);
  /// Frees the exceptions caught by the catch frames Ctrl[From..] (control
  /// leaves them); whether there are any.
  void leaveCatches(size_t From);
  bool leavesCatches(size_t From) const;
  size_t frameIndex(const ControlFrame &Fr) const {
    return static_cast<size_t>(&Fr - Ctrl.data());
  }
  void catchClause(bool All, uint32_t Tag);
  void endTry(ControlFrame &Fr);
  bool checkCatchClauses(llvm::ArrayRef<CatchClauseImm> Catches);
  llvm::Value *exceptionHasTag(llvm::Value *Exn, uint32_t Tag);
  void loadPayload(llvm::Value *Exn, uint32_t Tag,
                   llvm::SmallVectorImpl<llvm::Value *> &Values);
  void endTryTable(ControlFrame &Fr);
  llvm::DenseMap<llvm::BasicBlock *, llvm::BasicBlock *> LandingPads;
  void callIndirect(uint32_t TypeIndex, uint32_t Table, bool Tail);

  // Numeric helpers (TranslateNumeric.cpp / TranslateConversion.cpp).
  llvm::Value *emitIntDivRem(NumericOp Op, llvm::Value *L, llvm::Value *R);
  llvm::Value *emitFloatMinMax(bool IsMin, llvm::Value *L, llvm::Value *R);
  llvm::Value *emitRounding(NumericOp Op, llvm::Value *V);
  llvm::Value *quietenNaN(llvm::Value *V);
  llvm::Value *emitTruncChecked(ConversionOp Op, llvm::Value *V);

  // SIMD helpers (TranslateSimd*.cpp). v128 operands and results are in
  // the canonical V128Ty (<2 x i64>); each helper returns the result, or
  // null for an operator without one.
  llvm::FixedVectorType *simdType(SimdShape S);
  llvm::Value *asShape(llvm::Value *V, SimdShape S);
  llvm::Value *toV128(llvm::Value *V);
  llvm::Value *emitSimd(SimdOp Op, const Immediates &Imm,
                        llvm::ArrayRef<llvm::Value *> Ops);
  llvm::Value *emitSimdMemory(SimdOp Op, const Immediates &Imm,
                              llvm::ArrayRef<llvm::Value *> Ops);
  llvm::Value *emitSimdLanes(SimdOp Op, const Immediates &Imm,
                             llvm::ArrayRef<llvm::Value *> Ops);
  llvm::Value *emitSimdInteger(SimdOp Op, llvm::ArrayRef<llvm::Value *> Ops);
  llvm::Value *emitSimdFloat(SimdOp Op, llvm::ArrayRef<llvm::Value *> Ops);
  llvm::Value *emitSimdRounding(SimdOp Op, llvm::Value *V);
  llvm::Value *emitRoundingSSE2(llvm::Intrinsic::ID ID, llvm::Value *X);
  llvm::Value *emitSimdMinMaxX86(bool IsMin, llvm::Value *L, llvm::Value *R);
  llvm::Value *emitTruncSatX86(SimdOp Op, llvm::Value *V128);

  // Memory helpers (MemoryAccess.cpp).
  /// An i32 wasm condition as an i1: the comparison itself when the value
  /// is one zero-extended (the IR stays small for the optimiser).
  llvm::Value *truthy(llvm::Value *Cond);
  llvm::Value *memoryDescriptor(uint32_t Mem);
  llvm::Value *memoryBase(uint32_t Mem);
  /// Invariant loads emitted once, in the prologue, and reused by every
  /// access of the function: memory descriptors and bases, by memory index.
  llvm::Instruction *PrologueEnd = nullptr;
  llvm::DenseMap<uint32_t, llvm::Value *> CachedDescriptors, CachedBases;
  /// The host address of a wasm access, with the bounds check the memory
  /// needs (none with guard pages).
  llvm::Value *effectiveAddress(uint32_t Mem, llvm::Value *Addr,
                                uint64_t Offset, unsigned Size);
  llvm::Value *memoryByteSize(uint32_t Mem);

  // Table helpers (TranslateTable.cpp).
  llvm::Value *tableDescriptor(uint32_t Table);
  llvm::Value *funcRefPtr(uint32_t FuncIndex);
  bool tableIsFixed(uint32_t Table) const;
  llvm::LoadInst *loadTableElem(uint32_t Table, llvm::Value *Slot);
  llvm::LoadInst *loadFuncRefField(llvm::Type *T, llvm::Value *Ref,
                                   uint64_t Offset);
  llvm::Value *tableSize(uint32_t Table, llvm::Value *Tbl);
  llvm::Value *tableElems(uint32_t Table, llvm::Value *Tbl);

  ModuleContext &MC;
  const Module &M;
  uint32_t FuncIndex;
  const FuncType &Sig;
  llvm::Function *F;
  llvm::IRBuilder<> B;
  llvm::Value *Inst = nullptr;
  Reader R;
  uint64_t OpOffset = 0; // offset of the current instruction
  Opcode CurOp = Opcode::Nop;

  std::vector<ValType> LocalTypes;
  std::vector<llvm::AllocaInst *> Locals;
  std::vector<Operand> Stack;
  std::vector<ControlFrame> Ctrl;
  bool Dead = false; // emitter: the insertion point is unreachable

  std::array<llvm::BasicBlock *, WASIRT_TRAP_COUNT> TrapBlocks{};
  llvm::Value *CachedMemBase0 = nullptr;

  bool HasError = false;
  bool ErrorIsMalformed = false;
  bool ErrorIsUnsupported = false;
  uint64_t ErrOffset = 0;
  std::string ErrMessage;
};

} // namespace w2o

#endif
