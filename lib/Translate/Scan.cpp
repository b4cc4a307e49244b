//===- Scan.cpp - module-wide facts read from the function bodies ---------===//
//
// One quick pass over every body, before any is translated, for facts a
// function cannot see on its own:
//   - which tables some instruction may write (table.set, table.fill,
//     table.grow, table.init, table.copy's destination). A defined table
//     that no instruction writes and that is not exported holds, after
//     instantiation, only what the active element segments put there, so
//     its elements may be loaded as invariant and a call_indirect through
//     it hoisted out of loops;
//   - whether any body uses an exception instruction (try, throw, ...),
//     and which tables call_indirect calls through: with no tag, none of
//     them, and no call that can reach another module's code (see
//     Module::MayUnwind), no exception can start in or pass through the
//     module's code, and its functions are nounwind.
//
// The pass only skips immediates; it validates nothing. When it cannot
// make sense of a body (the translator will report why), every table
// counts as written and called, and exceptions as used.
//
//===----------------------------------------------------------------------===//

#include "Scan.h"
#include "Decoder.h"
#include "Opcodes.h"

using namespace w2o;

namespace {

// Skips the immediates of Op. Returns the table Op writes, if any, through
// Written, and the table a call_indirect calls through, through Called;
// false when the body cannot be read.
bool skipImmediates(Reader &R, const Module &M, Opcode Op,
                    std::optional<uint32_t> &Written,
                    std::optional<uint32_t> &Called) {
  switch (opInfo(Op).Imm) {
  case ImmKind::None:
    return true;
  case ImmKind::BlockType:
  case ImmKind::HeapType:
    R.s33();
    break;
  case ImmKind::Label:
  case ImmKind::Func:
  case ImmKind::Local:
  case ImmKind::Global:
  case ImmKind::Elem:
  case ImmKind::Tag:
  case ImmKind::Data:
  case ImmKind::Memory:
    R.u32();
    break;
  case ImmKind::I32:
    R.s32();
    break;
  case ImmKind::Table: {
    uint32_t T = R.u32();
    if (Op == Opcode::TableSet || Op == Opcode::TableFill ||
        Op == Opcode::TableGrow)
      Written = T;
    break;
  }
  case ImmKind::BrTable: {
    uint32_t N = R.count();
    for (uint32_t I = 0; I <= N && !R.failed(); ++I)
      R.u32();
    break;
  }
  case ImmKind::CallIndirect:
    R.u32();
    Called = R.u32();
    break;
  case ImmKind::MemoryInit:
  case ImmKind::MemoryCopy:
    R.u32();
    R.u32();
    break;
  case ImmKind::TableInit:
    R.u32();
    Written = R.u32();
    break;
  case ImmKind::TableCopy:
    Written = R.u32();
    R.u32();
    break;
  case ImmKind::MemArg:
  case ImmKind::MemArgLane: {
    uint32_t Flags = R.u32();
    if (Flags & 0x40)
      R.u32();
    R.u64();
    if (opInfo(Op).Imm == ImmKind::MemArgLane)
      R.u8();
    break;
  }
  case ImmKind::I64:
    R.s64();
    break;
  case ImmKind::F32:
    R.fixed32();
    break;
  case ImmKind::F64:
    R.fixed64();
    break;
  case ImmKind::SelectT: {
    uint32_t N = R.count();
    for (uint32_t I = 0; I < N && !R.failed(); ++I)
      readValType(R, M.Feats);
    break;
  }
  case ImmKind::Zero:
  case ImmKind::Lane:
    R.u8();
    break;
  case ImmKind::TryTable: {
    R.s33();
    uint32_t N = R.count();
    for (uint32_t I = 0; I < N && !R.failed(); ++I) {
      uint8_t Kind = R.u8();
      if (Kind > 3)
        return false;
      if (Kind < 2)
        R.u32(); // tag
      R.u32();   // label
    }
    break;
  }
  case ImmKind::V128:
  case ImmKind::Shuffle:
    R.bytes(16);
    break;
  }
  return !R.failed();
}

// Adds the body's facts to Facts. False when the body cannot be read.
bool scanBody(const Module &M, const FunctionBody &Body, CodeFacts &Facts) {
  Reader R(Body.Bytes, Body.Offset);
  uint32_t Groups = R.count();
  for (uint32_t I = 0; I < Groups && !R.failed(); ++I) {
    R.u32();
    readValType(R, M.Feats);
  }
  while (!R.failed() && !R.atEnd()) {
    uint8_t Byte = R.u8();
    uint8_t Prefix = 0;
    uint32_t Code = Byte;
    if (Byte == 0xfc || Byte == 0xfd || Byte == 0xfe) {
      Prefix = Byte;
      Code = R.u32();
    }
    std::optional<Opcode> Op = lookupOpcode(Prefix, Code);
    if (R.failed() || !Op)
      return false;
    if (opInfo(*Op).Family == OpFamily::Exception)
      Facts.UsesExceptions = true;
    std::optional<uint32_t> T, Called;
    if (!skipImmediates(R, M, *Op, T, Called))
      return false;
    if (T) {
      if (*T >= Facts.WrittenTables.size())
        return false;
      Facts.WrittenTables.set(*T);
    }
    if (Called) {
      if (*Called >= Facts.CalledTables.size())
        return false;
      Facts.CalledTables.set(*Called);
    }
  }
  return !R.failed();
}

} // namespace

CodeFacts w2o::scanCode(const Module &M) {
  CodeFacts Facts;
  Facts.WrittenTables.resize(M.Tables.size());
  Facts.CalledTables.resize(M.Tables.size());
  // Exception opcodes only decode with the feature on.
  if (Facts.WrittenTables.empty() && !M.Feats.Exceptions)
    return Facts;
  for (const FunctionBody &Body : M.Bodies) {
    if (!scanBody(M, Body, Facts)) {
      Facts.WrittenTables.set();
      Facts.CalledTables.set();
      Facts.UsesExceptions = true;
      break;
    }
  }
  return Facts;
}
