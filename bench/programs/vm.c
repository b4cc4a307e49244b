/* vm: a bytecode interpreter - a stack machine dispatched by a switch.
 *
 * A tiny assembler emits two programs: a prime sieve over the VM's own
 * memory and a Collatz step counter with a subroutine call. The dispatch
 * loop (an indirect branch through a jump table, br_table in WebAssembly)
 * and the operand stack in memory are what is measured.
 */
#include "bench.h"

enum Op {
  OP_PUSH, /* imm */
  OP_LOAD, /* local */
  OP_STORE,
  OP_LOADM,  /* [addr] -> value */
  OP_STOREM, /* [addr value] -> */
  OP_ADD,
  OP_SUB,
  OP_MUL,
  OP_AND,
  OP_XOR,
  OP_SHR,
  OP_LT,
  OP_EQ,
  OP_DUP,
  OP_POP,
  OP_JMP, /* target */
  OP_JZ,
  OP_JNZ,
  OP_CALL, /* target */
  OP_RET,
  OP_INC, /* local */
  OP_HALT
};

#define CODE_MAX 256
#define MEM_WORDS (1 << 17)
#define LOCALS 8

typedef struct {
  int32_t Code[CODE_MAX];
  int Len;
  int Labels[16];
  int Fixups[32][2]; /* code index, label */
  int NumFixups;
} Asm;

static void emit(Asm *A, int32_t Word) { A->Code[A->Len++] = Word; }
static void emit1(Asm *A, enum Op O, int32_t Arg) {
  emit(A, O);
  emit(A, Arg);
}
static void label(Asm *A, int L) { A->Labels[L] = A->Len; }
static void jump(Asm *A, enum Op O, int L) {
  emit(A, O);
  A->Fixups[A->NumFixups][0] = A->Len;
  A->Fixups[A->NumFixups][1] = L;
  ++A->NumFixups;
  emit(A, 0);
}
static void link(Asm *A) {
  for (int I = 0; I < A->NumFixups; ++I)
    A->Code[A->Fixups[I][0]] = A->Labels[A->Fixups[I][1]];
}

static int32_t Mem[MEM_WORDS];

/* Runs Code with local 0 = Arg; returns local 1. */
static int32_t run(const int32_t *Code, int32_t Arg, uint64_t *Steps) {
  int32_t Stack[64], RetStack[16], Locals[LOCALS] = {0};
  int SP = 0, RP = 0, PC = 0;
  uint64_t N = 0;
  Locals[0] = Arg;
  for (;;) {
    ++N;
    switch ((enum Op)Code[PC++]) {
    case OP_PUSH:
      Stack[SP++] = Code[PC++];
      break;
    case OP_LOAD:
      Stack[SP++] = Locals[Code[PC++]];
      break;
    case OP_STORE:
      Locals[Code[PC++]] = Stack[--SP];
      break;
    case OP_LOADM:
      Stack[SP - 1] = Mem[(uint32_t)Stack[SP - 1] & (MEM_WORDS - 1)];
      break;
    case OP_STOREM:
      Mem[(uint32_t)Stack[SP - 2] & (MEM_WORDS - 1)] = Stack[SP - 1];
      SP -= 2;
      break;
    case OP_ADD:
      --SP;
      Stack[SP - 1] = (int32_t)((uint32_t)Stack[SP - 1] + (uint32_t)Stack[SP]);
      break;
    case OP_SUB:
      --SP;
      Stack[SP - 1] = (int32_t)((uint32_t)Stack[SP - 1] - (uint32_t)Stack[SP]);
      break;
    case OP_MUL:
      --SP;
      Stack[SP - 1] = (int32_t)((uint32_t)Stack[SP - 1] * (uint32_t)Stack[SP]);
      break;
    case OP_AND:
      --SP;
      Stack[SP - 1] &= Stack[SP];
      break;
    case OP_XOR:
      --SP;
      Stack[SP - 1] ^= Stack[SP];
      break;
    case OP_SHR:
      --SP;
      Stack[SP - 1] = (int32_t)((uint32_t)Stack[SP - 1] >> (Stack[SP] & 31));
      break;
    case OP_LT:
      --SP;
      Stack[SP - 1] = Stack[SP - 1] < Stack[SP];
      break;
    case OP_EQ:
      --SP;
      Stack[SP - 1] = Stack[SP - 1] == Stack[SP];
      break;
    case OP_DUP:
      Stack[SP] = Stack[SP - 1];
      ++SP;
      break;
    case OP_POP:
      --SP;
      break;
    case OP_JMP:
      PC = Code[PC];
      break;
    case OP_JZ:
      PC = Stack[--SP] ? PC + 1 : Code[PC];
      break;
    case OP_JNZ:
      PC = Stack[--SP] ? Code[PC] : PC + 1;
      break;
    case OP_CALL:
      RetStack[RP++] = PC + 1;
      PC = Code[PC];
      break;
    case OP_RET:
      PC = RetStack[--RP];
      break;
    case OP_INC:
      ++Locals[Code[PC++]];
      break;
    case OP_HALT:
      *Steps += N;
      return Locals[1];
    }
  }
}

/* Counts primes below local 0 with a sieve in Mem; result in local 1. */
static void assemble_sieve(Asm *A) {
  enum { Outer, OuterEnd, Inner, InnerEnd, Skip };
  /* for (i = 2; i < n; ++i) mem[i] = 0; */
  emit1(A, OP_PUSH, 2);
  emit1(A, OP_STORE, 2);
  label(A, 5);
  emit1(A, OP_LOAD, 2);
  emit1(A, OP_LOAD, 0);
  emit(A, OP_LT);
  jump(A, OP_JZ, 6);
  emit1(A, OP_LOAD, 2);
  emit1(A, OP_PUSH, 0);
  emit(A, OP_STOREM);
  emit1(A, OP_INC, 2);
  jump(A, OP_JMP, 5);
  label(A, 6);
  /* for (i = 2; i < n; ++i) if (!mem[i]) { ++count; for (j = 2i; j < n;
   * j += i) mem[j] = 1; } */
  emit1(A, OP_PUSH, 2);
  emit1(A, OP_STORE, 2);
  label(A, Outer);
  emit1(A, OP_LOAD, 2);
  emit1(A, OP_LOAD, 0);
  emit(A, OP_LT);
  jump(A, OP_JZ, OuterEnd);
  emit1(A, OP_LOAD, 2);
  emit(A, OP_LOADM);
  jump(A, OP_JNZ, Skip);
  emit1(A, OP_INC, 1);
  emit1(A, OP_LOAD, 2);
  emit(A, OP_DUP);
  emit(A, OP_ADD);
  emit1(A, OP_STORE, 3);
  label(A, Inner);
  emit1(A, OP_LOAD, 3);
  emit1(A, OP_LOAD, 0);
  emit(A, OP_LT);
  jump(A, OP_JZ, InnerEnd);
  emit1(A, OP_LOAD, 3);
  emit1(A, OP_PUSH, 1);
  emit(A, OP_STOREM);
  emit1(A, OP_LOAD, 3);
  emit1(A, OP_LOAD, 2);
  emit(A, OP_ADD);
  emit1(A, OP_STORE, 3);
  jump(A, OP_JMP, Inner);
  label(A, InnerEnd);
  label(A, Skip);
  emit1(A, OP_INC, 2);
  jump(A, OP_JMP, Outer);
  label(A, OuterEnd);
  emit(A, OP_HALT);
  link(A);
}

/* local 1 = sum over i < local 0 of collatz_steps(i) ^ i, where the step
 * count is a subroutine working on the stack. */
static void assemble_collatz(Asm *A) {
  enum { Loop, Done, Sub, SubLoop, SubDone, Even, Next };
  emit1(A, OP_PUSH, 1);
  emit1(A, OP_STORE, 2);
  label(A, Loop);
  emit1(A, OP_LOAD, 2);
  emit1(A, OP_LOAD, 0);
  emit(A, OP_LT);
  jump(A, OP_JZ, Done);
  jump(A, OP_CALL, Sub); /* steps for local 2 in local 4 */
  emit1(A, OP_LOAD, 1);
  emit1(A, OP_LOAD, 4);
  emit1(A, OP_LOAD, 2);
  emit(A, OP_XOR);
  emit(A, OP_ADD);
  emit1(A, OP_STORE, 1);
  emit1(A, OP_INC, 2);
  jump(A, OP_JMP, Loop);
  label(A, Done);
  emit(A, OP_HALT);
  label(A, Sub);
  emit1(A, OP_PUSH, 0);
  emit1(A, OP_STORE, 4);
  emit1(A, OP_LOAD, 2);
  emit1(A, OP_STORE, 5);
  label(A, SubLoop);
  emit1(A, OP_LOAD, 5);
  emit1(A, OP_PUSH, 1);
  emit(A, OP_EQ);
  jump(A, OP_JNZ, SubDone);
  emit1(A, OP_INC, 4);
  emit1(A, OP_LOAD, 5);
  emit1(A, OP_PUSH, 1);
  emit(A, OP_AND);
  jump(A, OP_JZ, Even);
  emit1(A, OP_LOAD, 5);
  emit1(A, OP_PUSH, 3);
  emit(A, OP_MUL);
  emit1(A, OP_PUSH, 1);
  emit(A, OP_ADD);
  emit1(A, OP_STORE, 5);
  jump(A, OP_JMP, Next);
  label(A, Even);
  emit1(A, OP_LOAD, 5);
  emit1(A, OP_PUSH, 1);
  emit(A, OP_SHR);
  emit1(A, OP_STORE, 5);
  label(A, Next);
  jump(A, OP_JMP, SubLoop);
  label(A, SubDone);
  emit(A, OP_RET);
  link(A);
}

int main(int argc, char **argv) {
  long Units = bench_units(argc, argv);
  static Asm Sieve, Collatz;
  assemble_sieve(&Sieve);
  assemble_collatz(&Collatz);
  uint64_t H = 14695981039346656037ull, Steps = 0;
  for (long U = 0; U < Units; ++U) {
    H = mix64(H, (uint32_t)run(Sieve.Code, MEM_WORDS - (int32_t)U, &Steps));
    H = mix64(H, (uint32_t)run(Collatz.Code, 30000 + (int32_t)U, &Steps));
  }
  printf("%llu instructions\n", (unsigned long long)Steps);
  print_checksum(H);
  return 0;
}
