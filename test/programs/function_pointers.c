// Calls through function pointers of several signatures: a dispatch table,
// callbacks that take callbacks, and pointers kept in structs.
#include <stdint.h>
#include <stdio.h>

typedef int64_t (*BinaryOp)(int64_t, int64_t);
static int64_t add(int64_t A, int64_t B) { return A + B; }
static int64_t sub(int64_t A, int64_t B) { return A - B; }
static int64_t mul(int64_t A, int64_t B) { return A * B; }
static int64_t maxOf(int64_t A, int64_t B) { return A > B ? A : B; }

static int64_t fold(const int64_t *Values, int N, BinaryOp Op, int64_t Init) {
  for (int I = 0; I < N; ++I)
    Init = Op(Init, Values[I]);
  return Init;
}

typedef double (*Transform)(double);
static double twice(double X) { return 2 * X; }
static double square(double X) { return X * X; }
static double apply(Transform F, Transform G, double X) { return G(F(X)); }

struct Shape {
  const char *Name;
  double (*Area)(const struct Shape *);
  double A, B;
};
static double rectangle(const struct Shape *S) { return S->A * S->B; }
static double triangle(const struct Shape *S) { return S->A * S->B / 2; }

int main(void) {
  static const struct {
    const char *Name;
    BinaryOp Op;
    int64_t Init;
  } Table[] = {{"sum", add, 0},
               {"difference", sub, 0},
               {"product", mul, 1},
               {"max", maxOf, INT64_MIN}};
  int64_t Values[] = {3, -8, 21, 5, 13, -2};
  for (unsigned I = 0; I < sizeof Table / sizeof Table[0]; ++I)
    printf("%s: %lld\n", Table[I].Name,
           (long long)fold(Values, 6, Table[I].Op, Table[I].Init));
  printf("square(twice(3)) = %g, twice(square(3)) = %g\n",
         apply(twice, square, 3), apply(square, twice, 3));
  struct Shape Shapes[] = {{"rectangle", rectangle, 3, 4},
                           {"triangle", triangle, 3, 4}};
  for (int I = 0; I < 2; ++I)
    printf("%s area %g\n", Shapes[I].Name, Shapes[I].Area(&Shapes[I]));
  return 0;
}
