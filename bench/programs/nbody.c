/* nbody: gravitational N-body simulation in double precision.
 *
 * A cluster of bodies with pseudo-random masses, positions and velocities,
 * all-pairs forces with Plummer softening and a kick-drift-kick leapfrog.
 * Exercises f64 arithmetic, sqrt and division in a tight O(N^2) loop over
 * arrays of structures.
 */
#include "bench.h"

#include <math.h>

#define NBODIES 48
#define STEPS_PER_UNIT 16000

typedef struct {
  double X, Y, Z;
  double VX, VY, VZ;
  double AX, AY, AZ;
  double Mass;
} Body;

static Body Bodies[NBODIES];

static void init_bodies(void) {
  rng_seed(42);
  for (int I = 0; I < NBODIES; ++I) {
    Body *B = &Bodies[I];
    B->X = rng_unit() * 2.0 - 1.0;
    B->Y = rng_unit() * 2.0 - 1.0;
    B->Z = rng_unit() * 2.0 - 1.0;
    B->VX = (rng_unit() - 0.5) * 0.1;
    B->VY = (rng_unit() - 0.5) * 0.1;
    B->VZ = (rng_unit() - 0.5) * 0.1;
    B->Mass = 0.5 + rng_unit();
  }
}

static void compute_accelerations(void) {
  const double Soft2 = 1e-3;
  for (int I = 0; I < NBODIES; ++I)
    Bodies[I].AX = Bodies[I].AY = Bodies[I].AZ = 0.0;
  for (int I = 0; I < NBODIES; ++I) {
    Body *A = &Bodies[I];
    double AX = A->AX, AY = A->AY, AZ = A->AZ;
    for (int J = I + 1; J < NBODIES; ++J) {
      Body *B = &Bodies[J];
      double DX = B->X - A->X, DY = B->Y - A->Y, DZ = B->Z - A->Z;
      double R2 = DX * DX + DY * DY + DZ * DZ + Soft2;
      double InvR = 1.0 / sqrt(R2);
      double InvR3 = InvR * InvR * InvR;
      double FA = B->Mass * InvR3, FB = A->Mass * InvR3;
      AX += DX * FA;
      AY += DY * FA;
      AZ += DZ * FA;
      B->AX -= DX * FB;
      B->AY -= DY * FB;
      B->AZ -= DZ * FB;
    }
    A->AX = AX;
    A->AY = AY;
    A->AZ = AZ;
  }
}

static double energy(void) {
  double E = 0.0;
  for (int I = 0; I < NBODIES; ++I) {
    Body *A = &Bodies[I];
    E += 0.5 * A->Mass * (A->VX * A->VX + A->VY * A->VY + A->VZ * A->VZ);
    for (int J = I + 1; J < NBODIES; ++J) {
      Body *B = &Bodies[J];
      double DX = B->X - A->X, DY = B->Y - A->Y, DZ = B->Z - A->Z;
      E -= A->Mass * B->Mass / sqrt(DX * DX + DY * DY + DZ * DZ + 1e-3);
    }
  }
  return E;
}

int main(int argc, char **argv) {
  long Steps = bench_units(argc, argv) * STEPS_PER_UNIT;
  const double Dt = 1e-4;
  init_bodies();
  double E0 = energy();
  compute_accelerations();
  for (long S = 0; S < Steps; ++S) {
    for (int I = 0; I < NBODIES; ++I) {
      Body *B = &Bodies[I];
      B->VX += 0.5 * Dt * B->AX;
      B->VY += 0.5 * Dt * B->AY;
      B->VZ += 0.5 * Dt * B->AZ;
      B->X += Dt * B->VX;
      B->Y += Dt * B->VY;
      B->Z += Dt * B->VZ;
    }
    compute_accelerations();
    for (int I = 0; I < NBODIES; ++I) {
      Body *B = &Bodies[I];
      B->VX += 0.5 * Dt * B->AX;
      B->VY += 0.5 * Dt * B->AY;
      B->VZ += 0.5 * Dt * B->AZ;
    }
  }
  double E1 = energy();
  uint64_t H = 14695981039346656037ull;
  for (int I = 0; I < NBODIES; ++I) {
    H = mix_double(H, Bodies[I].X);
    H = mix_double(H, Bodies[I].Y);
    H = mix_double(H, Bodies[I].Z);
  }
  H = mix_double(H, E1);
  printf("energy: %.9f -> %.9f\n", E0, E1);
  print_checksum(H);
  return 0;
}
