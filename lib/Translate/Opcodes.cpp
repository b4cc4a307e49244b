//===- Opcodes.cpp - the operator table -----------------------------------===//

#include "Opcodes.h"
#include <array>

using namespace w2o;

namespace {

constexpr OpInfo Infos[] = {
#define W2O_ENTRY(Family, Name, Prefix, Code, Text, Imm, Params, Results)      \
  {Text,                                                                       \
   Prefix,                                                                     \
   Code,                                                                       \
   OpFamily::Family,                                                           \
   static_cast<uint16_t>(Family##Op::Name),                                    \
   ImmKind::Imm,                                                               \
   Params,                                                                     \
   Results},
#define W2O_CONTROL(...) W2O_ENTRY(Control, __VA_ARGS__)
#define W2O_PARAMETRIC(...) W2O_ENTRY(Parametric, __VA_ARGS__)
#define W2O_VARIABLE(...) W2O_ENTRY(Variable, __VA_ARGS__)
#define W2O_TABLE(...) W2O_ENTRY(Table, __VA_ARGS__)
#define W2O_MEMORY(...) W2O_ENTRY(Memory, __VA_ARGS__)
#define W2O_NUMERIC(...) W2O_ENTRY(Numeric, __VA_ARGS__)
#define W2O_CONVERSION(...) W2O_ENTRY(Conversion, __VA_ARGS__)
#define W2O_REFERENCE(...) W2O_ENTRY(Reference, __VA_ARGS__)
#define W2O_ATOMIC(...) W2O_ENTRY(Atomic, __VA_ARGS__)
#define W2O_EXCEPTION(...) W2O_ENTRY(Exception, __VA_ARGS__)
#define W2O_SIMD(...) W2O_ENTRY(Simd, __VA_ARGS__)
#include "Opcodes.def"
#undef W2O_ENTRY
};
static_assert(sizeof(Infos) / sizeof(Infos[0]) == NumOpcodes);

// Opcode lookup: one page per prefix, 256 entries (512 for SIMD, whose
// relaxed operators run from 0x100). 0xffff marks a hole.
constexpr uint16_t NoOp = 0xffff;
constexpr unsigned FDPage = 512;
struct LookupTable {
  std::array<uint16_t, 256> Plain{}, FC{}, FE{};
  std::array<uint16_t, FDPage> FD{};
};

constexpr LookupTable buildLookup() {
  LookupTable T;
  for (auto &E : T.Plain)
    E = NoOp;
  for (auto &E : T.FC)
    E = NoOp;
  for (auto &E : T.FD)
    E = NoOp;
  for (auto &E : T.FE)
    E = NoOp;
  for (unsigned I = 0; I < NumOpcodes; ++I) {
    const OpInfo &Info = Infos[I];
    if (Info.Code >= (Info.Prefix == 0xfd ? FDPage : 256))
      continue;
    if (Info.Prefix == 0)
      T.Plain[Info.Code] = I;
    else if (Info.Prefix == 0xfc)
      T.FC[Info.Code] = I;
    else if (Info.Prefix == 0xfd)
      T.FD[Info.Code] = I;
    else if (Info.Prefix == 0xfe)
      T.FE[Info.Code] = I;
  }
  return T;
}
constexpr LookupTable Lookup = buildLookup();

} // namespace

const OpInfo &w2o::opInfo(Opcode Op) {
  return Infos[static_cast<unsigned>(Op)];
}

std::optional<Opcode> w2o::lookupOpcode(uint8_t Prefix, uint32_t Code) {
  if (Code >= (Prefix == 0xfd ? FDPage : 256))
    return std::nullopt;
  uint16_t I = NoOp;
  if (Prefix == 0)
    I = Lookup.Plain[Code];
  else if (Prefix == 0xfc)
    I = Lookup.FC[Code];
  else if (Prefix == 0xfd)
    I = Lookup.FD[Code];
  else if (Prefix == 0xfe)
    I = Lookup.FE[Code];
  if (I == NoOp)
    return std::nullopt;
  return static_cast<Opcode>(I);
}
