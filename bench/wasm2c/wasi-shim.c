/* wasi-shim.c - the smallest wasi_snapshot_preview1 that the benchmark
 * programs need when they run as wasm2c output, plus main().
 *
 * bench/run translates each program with `wasm2c -n bench x.wasm -o
 * module.c` and compiles this file with module.h on the include path. The
 * imports provided here are the ones wasi-libc pulls into a program that
 * only prints: args, environ, clock, fd_write, fd_close, fd_seek,
 * fd_fdstat_get and proc_exit. Everything else is absent and fails at link
 * time, which is the point: a benchmark that needs more is noticed.
 *
 * Guest pointers are checked against the memory size; a bad one returns
 * EFAULT like a real WASI implementation would.
 */
#include "module.h"
#include "wasm-rt-impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum {
  WASI_ESUCCESS = 0,
  WASI_EBADF = 8,
  WASI_EFAULT = 21,
  WASI_EINVAL = 28,
  WASI_ESPIPE = 70,
};

struct Z_wasi_snapshot_preview1_instance_t {
  wasm_rt_memory_t *Memory;
  int Argc;
  char **Argv;
};

/* Returns a host pointer to [Addr, Addr + Len) or NULL if out of bounds. */
static uint8_t *guest(struct Z_wasi_snapshot_preview1_instance_t *W,
                      uint32_t Addr, uint64_t Len) {
  if ((uint64_t)Addr + Len > W->Memory->size)
    return NULL;
  return W->Memory->data + Addr;
}

static int store_u32(struct Z_wasi_snapshot_preview1_instance_t *W,
                     uint32_t Addr, uint32_t V) {
  uint8_t *P = guest(W, Addr, 4);
  if (!P)
    return 0;
  memcpy(P, &V, 4); /* wasm and x86-64 are both little-endian */
  return 1;
}

static int store_u64(struct Z_wasi_snapshot_preview1_instance_t *W,
                     uint32_t Addr, uint64_t V) {
  uint8_t *P = guest(W, Addr, 8);
  if (!P)
    return 0;
  memcpy(P, &V, 8);
  return 1;
}

uint32_t Z_wasi_snapshot_preview1Z_args_sizes_get(
    struct Z_wasi_snapshot_preview1_instance_t *W, uint32_t ArgcPtr,
    uint32_t BufSizePtr) {
  uint32_t Size = 0;
  for (int I = 0; I < W->Argc; ++I)
    Size += (uint32_t)strlen(W->Argv[I]) + 1;
  if (!store_u32(W, ArgcPtr, (uint32_t)W->Argc) ||
      !store_u32(W, BufSizePtr, Size))
    return WASI_EFAULT;
  return WASI_ESUCCESS;
}

uint32_t Z_wasi_snapshot_preview1Z_args_get(
    struct Z_wasi_snapshot_preview1_instance_t *W, uint32_t ArgvPtr,
    uint32_t BufPtr) {
  for (int I = 0; I < W->Argc; ++I) {
    uint32_t Len = (uint32_t)strlen(W->Argv[I]) + 1;
    uint8_t *Dst = guest(W, BufPtr, Len);
    if (!Dst || !store_u32(W, ArgvPtr + 4 * (uint32_t)I, BufPtr))
      return WASI_EFAULT;
    memcpy(Dst, W->Argv[I], Len);
    BufPtr += Len;
  }
  return WASI_ESUCCESS;
}

uint32_t Z_wasi_snapshot_preview1Z_environ_sizes_get(
    struct Z_wasi_snapshot_preview1_instance_t *W, uint32_t CountPtr,
    uint32_t SizePtr) {
  if (!store_u32(W, CountPtr, 0) || !store_u32(W, SizePtr, 0))
    return WASI_EFAULT;
  return WASI_ESUCCESS;
}

uint32_t Z_wasi_snapshot_preview1Z_environ_get(
    struct Z_wasi_snapshot_preview1_instance_t *W, uint32_t EnvPtr,
    uint32_t BufPtr) {
  (void)W, (void)EnvPtr, (void)BufPtr;
  return WASI_ESUCCESS;
}

uint32_t Z_wasi_snapshot_preview1Z_clock_time_get(
    struct Z_wasi_snapshot_preview1_instance_t *W, uint32_t Id,
    uint64_t Precision, uint32_t TimePtr) {
  (void)Precision;
  static const clockid_t Clocks[] = {CLOCK_REALTIME, CLOCK_MONOTONIC,
                                     CLOCK_PROCESS_CPUTIME_ID,
                                     CLOCK_THREAD_CPUTIME_ID};
  if (Id >= sizeof Clocks / sizeof Clocks[0])
    return WASI_EINVAL;
  struct timespec TS;
  clock_gettime(Clocks[Id], &TS);
  if (!store_u64(W, TimePtr,
                 (uint64_t)TS.tv_sec * 1000000000u + (uint64_t)TS.tv_nsec))
    return WASI_EFAULT;
  return WASI_ESUCCESS;
}

uint32_t Z_wasi_snapshot_preview1Z_fd_write(
    struct Z_wasi_snapshot_preview1_instance_t *W, uint32_t Fd, uint32_t Iovs,
    uint32_t IovsLen, uint32_t NWrittenPtr) {
  if (Fd != 1 && Fd != 2)
    return WASI_EBADF;
  uint32_t Total = 0;
  for (uint32_t I = 0; I < IovsLen; ++I) {
    uint8_t *Iov = guest(W, Iovs + 8 * I, 8);
    if (!Iov)
      return WASI_EFAULT;
    uint32_t Buf, Len;
    memcpy(&Buf, Iov, 4);
    memcpy(&Len, Iov + 4, 4);
    uint8_t *Data = guest(W, Buf, Len);
    if (!Data)
      return WASI_EFAULT;
    /* Write everything: a short write would only complicate the guest. */
    for (uint32_t Done = 0; Done < Len;) {
      ssize_t N = write((int)Fd, Data + Done, Len - Done);
      if (N <= 0)
        return WASI_EBADF;
      Done += (uint32_t)N;
    }
    Total += Len;
  }
  return store_u32(W, NWrittenPtr, Total) ? WASI_ESUCCESS : WASI_EFAULT;
}

uint32_t Z_wasi_snapshot_preview1Z_fd_close(
    struct Z_wasi_snapshot_preview1_instance_t *W, uint32_t Fd) {
  (void)W;
  return Fd <= 2 ? WASI_ESUCCESS : WASI_EBADF;
}

uint32_t
Z_wasi_snapshot_preview1Z_fd_seek(struct Z_wasi_snapshot_preview1_instance_t *W,
                                  uint32_t Fd, uint64_t Offset, uint32_t Whence,
                                  uint32_t NewOffsetPtr) {
  (void)W, (void)Offset, (void)Whence, (void)NewOffsetPtr;
  return Fd <= 2 ? WASI_ESPIPE : WASI_EBADF;
}

uint32_t Z_wasi_snapshot_preview1Z_fd_fdstat_get(
    struct Z_wasi_snapshot_preview1_instance_t *W, uint32_t Fd,
    uint32_t StatPtr) {
  if (Fd > 2)
    return WASI_EBADF;
  uint8_t *P = guest(W, StatPtr, 24);
  if (!P)
    return WASI_EFAULT;
  /* filetype (u8), flags (u16), rights_base (u64), rights_inheriting (u64):
   * a character device if a terminal, else unknown; all rights except seek
   * and tell (bits 2 and 5), which makes wasi-libc treat it as a stream. */
  memset(P, 0, 24);
  P[0] = isatty((int)Fd) ? 2 : 0;
  uint64_t Rights = ~(uint64_t)0 & ~((1ull << 2) | (1ull << 5));
  memcpy(P + 8, &Rights, 8);
  return WASI_ESUCCESS;
}

void Z_wasi_snapshot_preview1Z_proc_exit(
    struct Z_wasi_snapshot_preview1_instance_t *W, uint32_t Code) {
  (void)W;
  exit((int)Code);
}

int main(int argc, char **argv) {
  static struct Z_wasi_snapshot_preview1_instance_t Wasi;
  static Z_bench_instance_t Instance;
  wasm_rt_init();
  Z_bench_init_module();
  Z_bench_instantiate(&Instance, &Wasi);
  Wasi.Memory = Z_benchZ_memory(&Instance);
  Wasi.Argc = argc;
  Wasi.Argv = argv;
  wasm_rt_trap_t Trap = wasm_rt_impl_try();
  if (Trap != WASM_RT_TRAP_NONE) {
    fprintf(stderr, "wasm trap: %s\n", wasm_rt_strerror(Trap));
    return 134;
  }
  Z_benchZ__start(&Instance);
  Z_bench_free(&Instance);
  wasm_rt_free();
  return 0;
}
