//===- Reader.cpp - bounds-checked reading of the binary format -----------===//

#include "Reader.h"

using namespace w2o;

void Reader::failAt(uint64_t Off, const llvm::Twine &Msg) {
  if (!HasError) {
    HasError = true;
    ErrOffset = Off;
    ErrMessage = Msg.str();
  }
  Pos = End;
}

llvm::Error Reader::takeError() {
  if (!HasError)
    return llvm::Error::success();
  return malformed(ErrOffset, ErrMessage);
}

// LEB128 as the spec defines it: at most ceil(Bits/7) bytes, and the unused
// bits of the last byte must be zero (unsigned) or copies of the sign bit
// (signed). "integer representation too long" when a continuation bit is
// set on the last allowed byte, "integer too large" when unused bits are
// wrong.
uint64_t Reader::readUnsigned(unsigned Bits) {
  uint64_t Start = offset();
  uint64_t Result = 0;
  unsigned Shift = 0;
  const unsigned MaxBytes = (Bits + 6) / 7;
  for (unsigned I = 0;; ++I) {
    if (Pos == End) {
      failAt(Start, "unexpected end");
      return 0;
    }
    uint8_t B = *Pos++;
    if (I == MaxBytes - 1) {
      if (B & 0x80) {
        failAt(Start, "integer representation too long");
        return 0;
      }
      unsigned Used = Bits - Shift; // bits this byte may carry
      if (Used < 7 && (B >> Used) != 0) {
        failAt(Start, "integer too large");
        return 0;
      }
      Result |= static_cast<uint64_t>(B) << Shift;
      return Result;
    }
    Result |= static_cast<uint64_t>(B & 0x7f) << Shift;
    if (!(B & 0x80))
      return Result;
    Shift += 7;
  }
}

int64_t Reader::readSigned(unsigned Bits) {
  uint64_t Start = offset();
  uint64_t Result = 0;
  unsigned Shift = 0;
  const unsigned MaxBytes = (Bits + 6) / 7;
  for (unsigned I = 0;; ++I) {
    if (Pos == End) {
      failAt(Start, "unexpected end");
      return 0;
    }
    uint8_t B = *Pos++;
    if (I == MaxBytes - 1) {
      if (B & 0x80) {
        failAt(Start, "integer representation too long");
        return 0;
      }
      // The byte carries Bits - Shift value bits; the rest (up to bit 6)
      // must all equal the sign bit.
      unsigned Used = Bits - Shift;
      if (Used < 7) {
        int8_t Signed = static_cast<int8_t>(B << 1) >> 1; // sign-extend 7 bits
        int8_t Top = Signed >> (Used - 1);                // sign and unused
        if (Top != 0 && Top != -1) {
          failAt(Start, "integer too large");
          return 0;
        }
      }
      Result |= static_cast<uint64_t>(B & 0x7f) << Shift;
      Shift += 7;
      break;
    }
    Result |= static_cast<uint64_t>(B & 0x7f) << Shift;
    Shift += 7;
    if (!(B & 0x80))
      break;
  }
  if (Shift < 64 && (Result >> (Shift - 1)) & 1)
    Result |= ~uint64_t(0) << Shift;
  return static_cast<int64_t>(Result);
}

uint32_t Reader::fixed32() {
  if (remaining() < 4) {
    fail("unexpected end");
    return 0;
  }
  uint32_t V = uint32_t(Pos[0]) | uint32_t(Pos[1]) << 8 |
               uint32_t(Pos[2]) << 16 | uint32_t(Pos[3]) << 24;
  Pos += 4;
  return V;
}

uint64_t Reader::fixed64() {
  uint64_t Lo = fixed32();
  uint64_t Hi = fixed32();
  return Lo | Hi << 32;
}

llvm::ArrayRef<uint8_t> Reader::bytes(uint64_t N) {
  if (remaining() < N) {
    fail("unexpected end");
    return {};
  }
  llvm::ArrayRef<uint8_t> R(Pos, N);
  Pos += N;
  return R;
}

uint32_t Reader::count(unsigned MinElemSize) {
  uint64_t Start = offset();
  uint32_t N = u32();
  if (!HasError && uint64_t(N) * MinElemSize > remaining()) {
    failAt(Start, "unexpected end");
    return 0;
  }
  return N;
}

llvm::StringRef Reader::name() {
  uint64_t Start = offset();
  uint32_t Len = u32();
  llvm::ArrayRef<uint8_t> B = bytes(Len);
  if (HasError)
    return {};
  if (!isValidUTF8(B)) {
    failAt(Start, "malformed UTF-8 encoding");
    return {};
  }
  return llvm::StringRef(reinterpret_cast<const char *>(B.data()), B.size());
}

Reader Reader::take(uint64_t N) {
  uint64_t Off = offset();
  llvm::ArrayRef<uint8_t> B = bytes(N);
  if (HasError)
    return Reader();
  return Reader(B, Off);
}

bool w2o::isValidUTF8(llvm::ArrayRef<uint8_t> B) {
  size_t I = 0, N = B.size();
  while (I < N) {
    uint8_t C = B[I];
    if (C < 0x80) {
      ++I;
      continue;
    }
    unsigned Len;
    uint32_t CP;
    if ((C & 0xe0) == 0xc0) {
      Len = 2;
      CP = C & 0x1f;
    } else if ((C & 0xf0) == 0xe0) {
      Len = 3;
      CP = C & 0x0f;
    } else if ((C & 0xf8) == 0xf0) {
      Len = 4;
      CP = C & 0x07;
    } else {
      return false;
    }
    if (I + Len > N)
      return false;
    for (unsigned K = 1; K < Len; ++K) {
      uint8_t D = B[I + K];
      if ((D & 0xc0) != 0x80)
        return false;
      CP = CP << 6 | (D & 0x3f);
    }
    if ((Len == 2 && CP < 0x80) || (Len == 3 && CP < 0x800) ||
        (Len == 4 && CP < 0x10000) || CP > 0x10ffff ||
        (CP >= 0xd800 && CP <= 0xdfff))
      return false;
    I += Len;
  }
  return true;
}
