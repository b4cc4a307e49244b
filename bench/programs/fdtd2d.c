/* fdtd2d: the 2-D finite-difference time-domain kernel, PolyBench style.
 *
 * Three coupled fields (EX, EY, HZ) updated in turn from each other's
 * neighbours, plus a source row that changes every time step.
 */
#include "bench.h"

#define NX 800
#define NY 900
#define STEPS_PER_UNIT 100

static double EX[NX][NY], EY[NX][NY], HZ[NX][NY];
static double Fict[STEPS_PER_UNIT * 100];

static void init(long Steps) {
  for (long T = 0; T < Steps; ++T)
    Fict[T] = (double)T;
  for (int I = 0; I < NX; ++I)
    for (int J = 0; J < NY; ++J) {
      EX[I][J] = ((double)I * (J + 1)) / NX;
      EY[I][J] = ((double)I * (J + 2)) / NY;
      HZ[I][J] = ((double)I * (J + 3)) / NX;
    }
}

static void kernel_fdtd2d(long Steps) {
  for (long T = 0; T < Steps; ++T) {
    for (int J = 0; J < NY; ++J)
      EY[0][J] = Fict[T];
    for (int I = 1; I < NX; ++I)
      for (int J = 0; J < NY; ++J)
        EY[I][J] = EY[I][J] - 0.5 * (HZ[I][J] - HZ[I - 1][J]);
    for (int I = 0; I < NX; ++I)
      for (int J = 1; J < NY; ++J)
        EX[I][J] = EX[I][J] - 0.5 * (HZ[I][J] - HZ[I][J - 1]);
    for (int I = 0; I < NX - 1; ++I)
      for (int J = 0; J < NY - 1; ++J)
        HZ[I][J] = HZ[I][J] -
                   0.7 * (EX[I][J + 1] - EX[I][J] + EY[I + 1][J] - EY[I][J]);
  }
}

int main(int argc, char **argv) {
  long Steps = bench_units(argc, argv) * STEPS_PER_UNIT;
  if (Steps > (long)(sizeof Fict / sizeof Fict[0]))
    Steps = sizeof Fict / sizeof Fict[0];
  init(Steps);
  kernel_fdtd2d(Steps);
  uint64_t H = 14695981039346656037ull;
  double Sum = 0.0;
  for (int I = 0; I < NX; ++I)
    for (int J = 0; J < NY; ++J) {
      H = mix_double(H, HZ[I][J]);
      H = mix_double(H, EX[I][J]);
      Sum += HZ[I][J] + EY[I][J];
    }
  printf("sum: %.9e\n", Sum);
  print_checksum(H);
  return 0;
}
