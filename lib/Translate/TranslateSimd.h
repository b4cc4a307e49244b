//===- TranslateSimd.h - what the SIMD translator files share -------------===//
//
// Facts about SIMD operators that validation (TranslateSimd.cpp) and
// emission (TranslateSimd*.cpp) both need.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_TRANSLATE_TRANSLATESIMD_H
#define WASM2OBJ_TRANSLATE_TRANSLATESIMD_H

#include "FunctionTranslator.h"

namespace w2o {

/// Bytes a SIMD memory operator reads or writes (its natural alignment).
unsigned simdAccessBytes(SimdOp Op);

/// The shape an operator's name starts with ("i16x8.add" -> I16x8): the
/// lanes its result (or, for comparisons, its operands) is made of.
/// Operators whose operands have another shape (extends, narrows,
/// conversions) say so where they are emitted.
SimdShape simdShapeOf(Opcode Op);

inline unsigned simdLaneCount(SimdShape S) {
  switch (S) {
  case SimdShape::I8x16:
    return 16;
  case SimdShape::I16x8:
    return 8;
  case SimdShape::I32x4:
  case SimdShape::F32x4:
    return 4;
  case SimdShape::I64x2:
  case SimdShape::F64x2:
    return 2;
  }
  llvm_unreachable("bad shape");
}

} // namespace w2o

#endif
