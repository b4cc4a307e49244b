//===- Values.cpp - script values as runtime values, and their checks -----===//

#include "Values.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include <cstring>

using namespace w2o::spec;

uint8_t w2o::spec::valtypeCode(ValKind K) {
  switch (K) {
  case ValKind::I32:
    return WASIRT_I32;
  case ValKind::I64:
    return WASIRT_I64;
  case ValKind::F32:
    return WASIRT_F32;
  case ValKind::F64:
    return WASIRT_F64;
  case ValKind::V128:
    return WASIRT_V128;
  case ValKind::FuncRef:
    return WASIRT_FUNCREF;
  case ValKind::ExternRef:
    return WASIRT_EXTERNREF;
  }
  return 0;
}

std::optional<ValKind> w2o::spec::valKindOf(uint8_t Code) {
  switch (Code) {
  case WASIRT_I32:
    return ValKind::I32;
  case WASIRT_I64:
    return ValKind::I64;
  case WASIRT_F32:
    return ValKind::F32;
  case WASIRT_F64:
    return ValKind::F64;
  case WASIRT_V128:
    return ValKind::V128;
  case WASIRT_FUNCREF:
    return ValKind::FuncRef;
  case WASIRT_EXTERNREF:
    return ValKind::ExternRef;
  default:
    return std::nullopt;
  }
}

namespace {

uint64_t lane(const wasirt_value &V, unsigned Bits, unsigned I) {
  uint64_t L = 0;
  std::memcpy(&L, V.v128 + I * Bits / 8, Bits / 8); // little-endian host
  return L;
}

// Floats: canonical NaNs have only the quiet bit set in the payload,
// arithmetic NaNs have it set and any other payload bits.
bool floatMatches(Value::Pattern P, uint64_t Want, unsigned Bits,
                  uint64_t Got) {
  uint64_t Exp = Bits == 32 ? 0x7f800000u : 0x7ff0000000000000ull;
  uint64_t Quiet = Bits == 32 ? 0x00400000u : 0x0008000000000000ull;
  uint64_t Payload = Bits == 32 ? 0x007fffffu : 0x000fffffffffffffull;
  bool IsNan = (Got & Exp) == Exp && (Got & Payload) != 0;
  switch (P) {
  case Value::Pattern::NanCanonical:
    return IsNan && (Got & Payload) == Quiet;
  case Value::Pattern::NanArithmetic:
    return IsNan && (Got & Quiet) != 0;
  default:
    return Got == Want;
  }
}

std::string floatText(unsigned Bits, uint64_t B) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  double D =
      Bits == 32
          ? static_cast<double>(llvm::bit_cast<float>(static_cast<uint32_t>(B)))
          : llvm::bit_cast<double>(B);
  OS << llvm::format("%.9g", D) << " (0x"
     << llvm::format_hex_no_prefix(B, Bits / 4) << ")";
  return S;
}

std::string patternText(ValKind K, unsigned Bits, Value::Pattern P,
                        uint64_t B) {
  switch (P) {
  case Value::Pattern::NanCanonical:
    return "nan:canonical";
  case Value::Pattern::NanArithmetic:
    return "nan:arithmetic";
  default:
    break;
  }
  if (K == ValKind::F32 || K == ValKind::F64)
    return floatText(Bits, B);
  // Integers: unsigned and, when different, signed.
  std::string S = std::to_string(B);
  int64_t Signed = Bits == 64   ? static_cast<int64_t>(B)
                   : Bits == 32 ? static_cast<int32_t>(B)
                   : Bits == 16 ? static_cast<int16_t>(B)
                                : static_cast<int8_t>(B);
  if (Signed < 0)
    S += " (" + std::to_string(Signed) + ")";
  return S;
}

} // namespace

std::optional<wasirt_value> w2o::spec::toRuntimeValue(const Value &V) {
  wasirt_value R;
  std::memset(&R, 0, sizeof R);
  switch (V.Kind) {
  case ValKind::I32:
  case ValKind::F32:
    if (V.Pat != Value::Pattern::Bits)
      return std::nullopt;
    R.u32 = static_cast<uint32_t>(V.Bits);
    return R;
  case ValKind::I64:
  case ValKind::F64:
    if (V.Pat != Value::Pattern::Bits)
      return std::nullopt;
    R.u64 = V.Bits;
    return R;
  case ValKind::V128:
    for (unsigned I = 0; I < V.Lanes.size(); ++I) {
      if (V.LanePats[I] != Value::Pattern::Bits)
        return std::nullopt;
      std::memcpy(R.v128 + I * V.LaneBits / 8, &V.Lanes[I], V.LaneBits / 8);
    }
    return R;
  case ValKind::FuncRef:
  case ValKind::ExternRef:
    if (V.Pat == Value::Pattern::Null)
      return R;
    if (V.Pat == Value::Pattern::Extern && V.Kind == ValKind::ExternRef) {
      R.ref = externRef(V.Bits);
      return R;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

bool w2o::spec::matches(const Value &E, ValKind GotKind,
                        const wasirt_value &Got) {
  if (E.Kind != GotKind)
    return false;
  if (E.Pat == Value::Pattern::Any)
    return true;
  switch (E.Kind) {
  case ValKind::I32:
    return E.Pat == Value::Pattern::Bits && Got.u32 == E.Bits;
  case ValKind::I64:
    return E.Pat == Value::Pattern::Bits && Got.u64 == E.Bits;
  case ValKind::F32:
    return floatMatches(E.Pat, E.Bits, 32, Got.u32);
  case ValKind::F64:
    return floatMatches(E.Pat, E.Bits, 64, Got.u64);
  case ValKind::V128:
    for (unsigned I = 0; I < E.Lanes.size(); ++I) {
      uint64_t L = lane(Got, E.LaneBits, I);
      bool IsFloat = E.LaneKind == ValKind::F32 || E.LaneKind == ValKind::F64;
      if (IsFloat ? !floatMatches(E.LanePats[I], E.Lanes[I], E.LaneBits, L)
                  : L != E.Lanes[I])
        return false;
    }
    return true;
  case ValKind::FuncRef:
  case ValKind::ExternRef:
    switch (E.Pat) {
    case Value::Pattern::Null:
      return Got.ref == nullptr;
    case Value::Pattern::AnyFunc:
      return Got.ref != nullptr;
    case Value::Pattern::Extern:
      return Got.ref == externRef(E.Bits);
    default:
      return false;
    }
  }
  return false;
}

std::string w2o::spec::describe(const Value &V) {
  std::string S = valKindName(V.Kind);
  S += ":";
  switch (V.Kind) {
  case ValKind::I32:
  case ValKind::F32:
    return S + patternText(V.Kind, 32, V.Pat, V.Bits);
  case ValKind::I64:
  case ValKind::F64:
    return S + patternText(V.Kind, 64, V.Pat, V.Bits);
  case ValKind::V128:
    S += valKindName(V.LaneKind);
    for (unsigned I = 0; I < V.Lanes.size(); ++I)
      S += " " + patternText(V.LaneKind, V.LaneBits, V.LanePats[I], V.Lanes[I]);
    return S;
  case ValKind::FuncRef:
  case ValKind::ExternRef:
    switch (V.Pat) {
    case Value::Pattern::Null:
      return S + "null";
    case Value::Pattern::AnyFunc:
      return S + "<any function>";
    case Value::Pattern::Extern:
      return S + std::to_string(V.Bits);
    default:
      return S + "?";
    }
  }
  return S;
}

std::string w2o::spec::describe(ValKind K, const wasirt_value &V) {
  std::string S = valKindName(K);
  S += ":";
  switch (K) {
  case ValKind::I32:
  case ValKind::F32:
    return S + patternText(K, 32, Value::Pattern::Bits, V.u32);
  case ValKind::I64:
  case ValKind::F64:
    return S + patternText(K, 64, Value::Pattern::Bits, V.u64);
  case ValKind::V128: {
    std::string Hex;
    llvm::raw_string_ostream OS(Hex);
    for (unsigned I = 0; I < 4; ++I)
      OS << " 0x" << llvm::format_hex_no_prefix(lane(V, 32, I), 8);
    return S + "i32" + Hex;
  }
  case ValKind::FuncRef:
    return S + (V.ref ? "<function>" : "null");
  case ValKind::ExternRef: {
    if (!V.ref)
      return S + "null";
    uintptr_t P = reinterpret_cast<uintptr_t>(V.ref);
    return S + std::to_string(static_cast<uint64_t>(P) - 1);
  }
  }
  return S;
}

wasirt_value w2o::spec::readCell(ValKind K, const void *Cell) {
  wasirt_value V;
  std::memset(&V, 0, sizeof V);
  switch (K) {
  case ValKind::I32:
  case ValKind::F32:
    std::memcpy(&V.u32, Cell, 4);
    break;
  case ValKind::I64:
  case ValKind::F64:
    std::memcpy(&V.u64, Cell, 8);
    break;
  case ValKind::V128:
    std::memcpy(V.v128, Cell, 16);
    break;
  case ValKind::FuncRef:
  case ValKind::ExternRef:
    std::memcpy(&V.ref, Cell, sizeof(void *));
    break;
  }
  return V;
}
