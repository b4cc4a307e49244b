// Double arithmetic: the IEEE-exact operations (+ - * / sqrt fma, rounding,
// conversions) printed with all 17 digits; library functions printed with
// fewer, since libm implementations may differ in the last bit.
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static volatile double Values[] = {0.1, -2.5, 3.0,        1e300,    1e-300,
                                   0.0, -0.0, 123456.789, 2.0 / 3.0};
enum { N = sizeof Values / sizeof Values[0] };

static uint64_t bits(double D) {
  uint64_t U;
  memcpy(&U, &D, sizeof U);
  return U;
}

int main(void) {
  double Sum = 0, Prod = 1;
  for (int I = 0; I < N; ++I) {
    Sum += Values[I];
    Prod *= Values[I] == 0 ? 1 : Values[I];
  }
  printf("sum %.17g prod %.17g\n", Sum, Prod);
  printf("0.1 + 0.2 = %.17g\n", Values[0] + 0.2);
  printf("1/3 = %.17g, bits %016" PRIx64 "\n", 1.0 / Values[2],
         bits(1.0 / Values[2]));
  printf("sqrt(2) = %.17g sqrt(-1) is nan: %d\n", sqrt(Values[2] - 1),
         isnan(sqrt(Values[1])));
  printf("fma %.17g\n", fma(Values[0], Values[2], Values[8]));
  printf("overflow %g underflow %g\n", Values[3] * Values[3],
         Values[4] * Values[4]);
  printf("signed zero: %g %g, equal %d\n", Values[5], Values[6],
         Values[5] == Values[6]);
  for (int I = 0; I < N; ++I) {
    double V = Values[I] * 1.75;
    printf("%.17g: floor %g ceil %g trunc %g round %g rint %g\n", V, floor(V),
           ceil(V), trunc(V), round(V), rint(V));
  }
  printf("to int %d %lld, to double %.17g\n", (int)Values[7],
         (long long)(Values[7] * 1e6), (double)INT64_MAX);
  printf("float %.9g, as double %.17g\n", (float)Values[8],
         (double)(float)Values[8]);
  printf("fmod %.17g remainder %.17g\n", fmod(Values[7], Values[2]),
         remainder(Values[7], Values[2]));
  printf("frexp/ldexp: ");
  int Exp;
  double Mant = frexp(Values[7], &Exp);
  printf("%.17g * 2^%d = %.17g\n", Mant, Exp, ldexp(Mant, Exp));
  printf(
      "libm: sin %.10f cos %.10f exp %.10g log %.10g pow %.10g atan2 %.10f\n",
      sin(Values[2]), cos(Values[2]), exp(Values[2]), log(Values[7]),
      pow(Values[7], 0.5), atan2(Values[1], Values[2]));
  printf("limits %g %g %g\n", DBL_MAX, DBL_MIN, DBL_EPSILON);
  // A numerically iterated sequence: Newton's method for the cube root of 10.
  double X = 2;
  for (int I = 0; I < 8; ++I)
    X = X - (X * X * X - 10) / (3 * X * X);
  printf("cbrt(10) by Newton %.17g\n", X);
  return 0;
}
