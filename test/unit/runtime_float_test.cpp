//===- runtime_float_test.cpp - libm-free rounding helpers ----------------===//

#include "runtime_testing.h"

#include <catch2/catch.hpp>

#include <cfenv>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace rt_test;

namespace {

uint32_t bits(float x) {
  uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
uint64_t bits(double x) {
  uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
float f32(uint32_t u) {
  float x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}
double f64(uint64_t u) {
  double x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

// Bit-exact equality (distinguishes -0.0 and +0.0).
#define CHECK_SAME(a, b) CHECK(bits(a) == bits(b))

} // namespace

TEST_CASE("f32 rounding on edge values", "[runtime][float]") {
  const float inf = std::numeric_limits<float>::infinity();
  for (float z : {0.0f, -0.0f, inf, -inf, 8388608.0f, -8388608.0f, 16777216.0f,
                  3.0e38f, -3.0e38f, 1.0f, -1.0f}) {
    CHECK_SAME(wasirt_f32_ceil(z), z);
    CHECK_SAME(wasirt_f32_floor(z), z);
    CHECK_SAME(wasirt_f32_trunc(z), z);
    CHECK_SAME(wasirt_f32_nearest(z), z);
  }
  CHECK_SAME(wasirt_f32_ceil(-0.5f), -0.0f);
  CHECK_SAME(wasirt_f32_ceil(0.5f), 1.0f);
  CHECK_SAME(wasirt_f32_ceil(-1.5f), -1.0f);
  CHECK_SAME(wasirt_f32_ceil(1.0e-45f), 1.0f); // smallest subnormal
  CHECK_SAME(wasirt_f32_floor(-0.5f), -1.0f);
  CHECK_SAME(wasirt_f32_floor(0.5f), 0.0f);
  CHECK_SAME(wasirt_f32_floor(-1.0e-45f), -1.0f);
  CHECK_SAME(wasirt_f32_floor(-1.5f), -2.0f);
  CHECK_SAME(wasirt_f32_trunc(-0.7f), -0.0f);
  CHECK_SAME(wasirt_f32_trunc(-1.7f), -1.0f);
  CHECK_SAME(wasirt_f32_trunc(2.9f), 2.0f);
  // Ties to even.
  CHECK_SAME(wasirt_f32_nearest(0.5f), 0.0f);
  CHECK_SAME(wasirt_f32_nearest(-0.5f), -0.0f);
  CHECK_SAME(wasirt_f32_nearest(1.5f), 2.0f);
  CHECK_SAME(wasirt_f32_nearest(2.5f), 2.0f);
  CHECK_SAME(wasirt_f32_nearest(3.5f), 4.0f);
  CHECK_SAME(wasirt_f32_nearest(-2.5f), -2.0f);
  CHECK_SAME(wasirt_f32_nearest(0.49999997f), 0.0f);
  CHECK_SAME(wasirt_f32_nearest(0.50000006f), 1.0f);
  CHECK_SAME(wasirt_f32_nearest(-0.3f), -0.0f);
  // The largest values with a fraction bit.
  CHECK_SAME(wasirt_f32_nearest(8388607.5f), 8388608.0f);
  CHECK_SAME(wasirt_f32_nearest(8388606.5f), 8388606.0f);
  CHECK_SAME(wasirt_f32_ceil(8388607.5f), 8388608.0f);
  CHECK_SAME(wasirt_f32_floor(-8388607.5f), -8388608.0f);
  CHECK_SAME(wasirt_f32_nearest(4194303.75f), 4194304.0f);
}

TEST_CASE("f32 rounding quiets NaNs, keeping sign and payload",
          "[runtime][float]") {
  for (uint32_t nan : {0x7fc00000u, 0xffc00000u, 0x7f800001u, 0xff800123u,
                       0x7fa00000u, 0x7fffffffu}) {
    uint32_t quiet = nan | 0x00400000u;
    CHECK(bits(wasirt_f32_ceil(f32(nan))) == quiet);
    CHECK(bits(wasirt_f32_floor(f32(nan))) == quiet);
    CHECK(bits(wasirt_f32_trunc(f32(nan))) == quiet);
    CHECK(bits(wasirt_f32_nearest(f32(nan))) == quiet);
  }
}

TEST_CASE("f64 rounding on edge values", "[runtime][float]") {
  const double inf = std::numeric_limits<double>::infinity();
  for (double z :
       {0.0, -0.0, inf, -inf, 4503599627370496.0, -4503599627370496.0,
        9007199254740992.0, 1.0e308, 1.0, -1.0}) {
    CHECK_SAME(wasirt_f64_ceil(z), z);
    CHECK_SAME(wasirt_f64_floor(z), z);
    CHECK_SAME(wasirt_f64_trunc(z), z);
    CHECK_SAME(wasirt_f64_nearest(z), z);
  }
  CHECK_SAME(wasirt_f64_ceil(-0.5), -0.0);
  CHECK_SAME(wasirt_f64_ceil(0.5), 1.0);
  CHECK_SAME(wasirt_f64_ceil(4.9e-324), 1.0);
  CHECK_SAME(wasirt_f64_floor(-0.5), -1.0);
  CHECK_SAME(wasirt_f64_floor(-4.9e-324), -1.0);
  CHECK_SAME(wasirt_f64_floor(1.5), 1.0);
  CHECK_SAME(wasirt_f64_trunc(-0.5), -0.0);
  CHECK_SAME(wasirt_f64_trunc(-2.5), -2.0);
  CHECK_SAME(wasirt_f64_nearest(0.5), 0.0);
  CHECK_SAME(wasirt_f64_nearest(-0.5), -0.0);
  CHECK_SAME(wasirt_f64_nearest(1.5), 2.0);
  CHECK_SAME(wasirt_f64_nearest(2.5), 2.0);
  CHECK_SAME(wasirt_f64_nearest(-3.5), -4.0);
  CHECK_SAME(wasirt_f64_nearest(0.49999999999999994), 0.0);
  CHECK_SAME(wasirt_f64_nearest(4503599627370495.5), 4503599627370496.0);
  CHECK_SAME(wasirt_f64_nearest(4503599627370494.5), 4503599627370494.0);
  CHECK_SAME(wasirt_f64_ceil(4503599627370495.5), 4503599627370496.0);
  CHECK_SAME(wasirt_f64_floor(-4503599627370495.5), -4503599627370496.0);
  for (uint64_t nan : {0x7ff8000000000000ull, 0xfff8000000000000ull,
                       0x7ff0000000000001ull, 0xfff4000000000abcull}) {
    uint64_t quiet = nan | 0x0008000000000000ull;
    CHECK(bits(wasirt_f64_ceil(f64(nan))) == quiet);
    CHECK(bits(wasirt_f64_floor(f64(nan))) == quiet);
    CHECK(bits(wasirt_f64_trunc(f64(nan))) == quiet);
    CHECK(bits(wasirt_f64_nearest(f64(nan))) == quiet);
  }
}

TEST_CASE("rounding agrees with libm on random values", "[runtime][float]") {
  REQUIRE(std::fegetround() == FE_TONEAREST);
  std::mt19937_64 rng(12345);
  int mismatches = 0;
  for (int i = 0; i < 200000; ++i) {
    uint64_t r = rng();
    // Mostly values around the interesting exponents, some anywhere.
    uint32_t u32 = (uint32_t)r;
    if (i & 1)
      u32 = (u32 & 0x807fffffu) | ((uint32_t)(120 + (r >> 40) % 40) << 23);
    float x = f32(u32);
    if (std::isnan(x))
      continue;
    mismatches += bits(wasirt_f32_ceil(x)) != bits(std::ceil(x));
    mismatches += bits(wasirt_f32_floor(x)) != bits(std::floor(x));
    mismatches += bits(wasirt_f32_trunc(x)) != bits(std::trunc(x));
    mismatches += bits(wasirt_f32_nearest(x)) != bits(std::nearbyint(x));

    uint64_t u64 = rng();
    if (i & 1)
      u64 = (u64 & 0x800fffffffffffffull) |
            ((uint64_t)(1015 + (r >> 40) % 70) << 52);
    double y = f64(u64);
    if (std::isnan(y))
      continue;
    mismatches += bits(wasirt_f64_ceil(y)) != bits(std::ceil(y));
    mismatches += bits(wasirt_f64_floor(y)) != bits(std::floor(y));
    mismatches += bits(wasirt_f64_trunc(y)) != bits(std::trunc(y));
    mismatches += bits(wasirt_f64_nearest(y)) != bits(std::nearbyint(y));
  }
  CHECK(mismatches == 0);
}
