// TRAP: call stack exhausted
// Recursion without end. The volatile store after the call keeps it from
// being a tail call the compiler could turn into a loop.
static volatile int Sink;

static int down(int Depth) {
  Sink = Depth;
  int R = down(Depth + 1);
  Sink = R;
  return R + 1;
}

int main(void) { return down(0); }
