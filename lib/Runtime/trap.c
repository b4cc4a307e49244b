/*===- trap.c - traps, guards, stack limit and fault handling -------------===*
 *
 * Design
 * ------
 * A trap must end the wasm computation and return control to the host code
 * that entered it (wasirt_call, wasirt_try, wasirt_instantiate), or, when no
 * host code is waiting, end the process like a standalone wasm engine does.
 * Generated code holds no resources that need unwinding (no C++ frames, no
 * locks), so a trap is a siglongjmp to the innermost *guard*.
 *
 * Guards. wasirt__run_guarded() pushes a guard (a sigjmp_buf on its own C stack
 * frame) onto a per-thread stack, calls the function and pops it. Host code
 * called from wasm may enter wasm again, so guards nest (host -> wasm ->
 * host -> wasm); a trap always unwinds to the innermost one, which is the
 * only one whose frames are all still live. The thrower stores what
 * happened (trap code, or exit status) in the thread state before jumping;
 * the guard copies it out into the caller's wasirt_error. The jmp_buf is
 * saved *without* the signal mask (sigsetjmp(env, 0)) to keep calls free
 * of system calls; the signal handler restores the interrupted mask itself
 * before it jumps.
 *
 * Faults. Out-of-bounds accesses of 32-bit memories hit PROT_NONE pages of
 * the memory's reservation and raise SIGSEGV (or SIGBUS). One process-wide
 * handler, installed lazily and once (pthread_once), runs on a per-thread
 * alternate signal stack (so it also runs when the thread's stack is
 * exhausted) and decides:
 *   - the thread is inside a guard and the faulting address lies in the
 *     reservation of a live memory       -> trap "out of bounds memory access"
 *   - the thread is inside a guard and the address lies just below (or
 *     within the safety margin above) the low end of its stack
 *                                         -> trap "call stack exhausted"
 *   - anything else is a real crash: hand the signal to the handler that
 *     was installed before ours, or restore the default action and let the
 *     fault happen again, so the process dies as it would without us.
 * The memory reservations are kept in a registry the handler reads without
 * locks (memory.c). A fault in a wasm memory outside any guard is treated
 * as a real crash too: the trap would have nowhere to go but it must not
 * be mistaken for a clean exit.
 *
 * Stack limit. Generated code compares the stack pointer with
 * header.stack_limit in function prologues and traps with "call stack
 * exhausted" below it; the limit is the low end of the current thread's
 * stack (pthread_getattr_np; at most RT_STACK_MAX_USED below its top) plus
 * RT_STACK_MARGIN, enough for the host functions wasm calls, the runtime
 * and the signal handler. The limit is per instance in the ABI but a
 * property of the thread: instance.c sets it on instantiation and on each
 * outermost wasirt_call, but an instance can also be entered on another
 * thread without either (a direct call of an export inside wasirt_try, a
 * call from another instance through an import or a table). So the
 * instance also holds stack_span, the distance from the limit to the top
 * of the stack it belongs to, and a prologue checks that the stack pointer
 * lies in that stack, above the limit (SP - limit < span, one unsigned
 * compare). If not, it does not trap at once: it calls wasirt_stack_check,
 * which traps only if the stack pointer is below this thread's limit, and
 * otherwise gives the instance this thread's limit and span. An instance
 * must still not run on two threads at the same time.
 *
 * Mutable process-wide state in this file, all for signal handling: the
 * pthread_once flag, the previous SIGSEGV/SIGBUS actions (written once,
 * before our handler is installed), and the pthread key whose destructor
 * frees a thread's alternate signal stack. Per-thread state is one
 * initial-exec TLS variable, so the signal handler can read it without
 * calling into the dynamic loader.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "runtime_internal.h"

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

/* Stack kept free below the limit generated code checks: host functions
 * called from wasm (WASI, the embedder's), the runtime itself and the
 * signal handler frames run there. */
#define RT_STACK_MARGIN (128u * 1024u)

/* Faults this far below the low end of the stack count as stack overflow
 * (a frame larger than the guard page can skip over it). */
#define RT_STACK_FAULT_SLACK (1024u * 1024u)

/* At most this much of a thread's stack is used for wasm. The main thread
 * of a process whose stack rlimit is unlimited reports a stack reaching
 * down to the next mapping, possibly terabytes away, where mappings made
 * later may land. */
#define RT_STACK_MAX_USED (1ull << 30)

/* Size of the alternate signal stack we allocate per thread. */
#define RT_ALTSTACK_SIZE (64u * 1024u)

typedef struct rt_guard {
  sigjmp_buf env;
  struct rt_guard *prev;
  void *exceptions; /* the newest live wasm exception when it started */
} rt_guard;

typedef struct rt_thread {
  rt_guard *top;  /* innermost active guard, or NULL */
  unsigned depth; /* number of active guards */
  /* What the last unwinding was for, set by the thrower. */
  int status; /* WASIRT_ERR_TRAP or WASIRT_ERR_EXIT */
  int trap;   /* wasirt_trap_code */
  int exit_status;
  /* This thread's stack, computed on first use. */
  int initialized;
  uintptr_t stack_lo, stack_hi, stack_limit;
  /* The alternate signal stack we installed, or NULL. */
  uint8_t *altstack;
  size_t altstack_size;
} rt_thread;

static _Thread_local rt_thread tls_thread
    __attribute__((tls_model("initial-exec")));

static pthread_once_t handler_once = PTHREAD_ONCE_INIT;
static struct sigaction prev_segv, prev_bus;
static pthread_key_t altstack_key;
static int altstack_key_ok;

/*===-------------------------- trap messages ---------------------------===*/

static const char *const trap_messages[WASIRT_TRAP_COUNT] = {
#define WASIRT_TRAP_MESSAGE(name, msg) msg,
    WASIRT_TRAP_LIST(WASIRT_TRAP_MESSAGE)
#undef WASIRT_TRAP_MESSAGE
};

const char *wasirt_trap_message(wasirt_trap_code code) {
  if ((unsigned)code >= WASIRT_TRAP_COUNT)
    return "unknown trap";
  return trap_messages[code];
}

void wasirt__set_error(wasirt_error *err, int status, const char *fmt, ...) {
  if (!err)
    return;
  err->status = status;
  err->trap = WASIRT_TRAP_NONE;
  err->exit_status = 0;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
}

/*===------------------------- signal handling --------------------------===*/

/* Hands a signal that is not ours to whoever had it before us. */
static void chain_signal(int sig, siginfo_t *info, void *uc) {
  struct sigaction *prev = sig == SIGSEGV ? &prev_segv : &prev_bus;
  if (prev->sa_flags & SA_SIGINFO) {
    prev->sa_sigaction(sig, info, uc);
    return;
  }
  if (prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN) {
    prev->sa_handler(sig);
    return;
  }
  /* Default action: restore it. A hardware fault happens again when the
   * instruction is restarted and kills the process with the right signal;
   * a signal sent by kill() is sent once more (blocked until we return). */
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(sig, &dfl, NULL);
  if (info->si_code <= 0)
    raise(sig);
}

static int is_stack_fault(const rt_thread *t, uintptr_t addr) {
  if (!t->stack_lo)
    return 0;
  uintptr_t lo = t->stack_lo > RT_STACK_FAULT_SLACK
                     ? t->stack_lo - RT_STACK_FAULT_SLACK
                     : 0;
  return addr >= lo && addr < t->stack_limit;
}

static void fault_handler(int sig, siginfo_t *info, void *ucv) {
  int saved_errno = errno;
  rt_thread *t = &tls_thread;
  /* si_code > 0: raised by the kernel for a faulting access. */
  if (t->top && info->si_code > 0) {
    uintptr_t addr = (uintptr_t)info->si_addr;
    int code = WASIRT_TRAP_NONE;
    if (wasirt__address_in_memory(addr))
      code = WASIRT_TRAP_MEMORY_OOB;
    else if (is_stack_fault(t, addr))
      code = WASIRT_TRAP_STACK_EXHAUSTED;
    if (code != WASIRT_TRAP_NONE) {
      ucontext_t *uc = (ucontext_t *)ucv;
      t->status = WASIRT_ERR_TRAP;
      t->trap = code;
      t->exit_status = 0;
      /* The guard's jmp_buf has no saved mask: reinstate the one of the
       * interrupted code (SIGSEGV is blocked while we run). */
      sigprocmask(SIG_SETMASK, &uc->uc_sigmask, NULL);
      siglongjmp(t->top->env, 1);
    }
  }
  chain_signal(sig, info, ucv);
  errno = saved_errno;
}

static void free_altstack(void *p) {
  rt_thread *t = (rt_thread *)p;
  if (!t || !t->altstack)
    return;
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  stack_t cur;
  if (sigaltstack(NULL, &cur) == 0 && !(cur.ss_flags & SS_DISABLE) &&
      (uint8_t *)cur.ss_sp == t->altstack + page) {
    stack_t off;
    memset(&off, 0, sizeof off);
    off.ss_flags = SS_DISABLE;
    sigaltstack(&off, NULL);
  }
  munmap(t->altstack, t->altstack_size);
  t->altstack = NULL;
}

static void install_handlers(void) {
  altstack_key_ok = pthread_key_create(&altstack_key, free_altstack) == 0;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = fault_handler;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, &prev_segv);
  sigaction(SIGBUS, &sa, &prev_bus);
}

/* Gives the thread an alternate signal stack unless it already has one
 * (the embedder's, which we keep). */
static void setup_altstack(rt_thread *t) {
  stack_t cur;
  if (sigaltstack(NULL, &cur) == 0 && !(cur.ss_flags & SS_DISABLE))
    return;
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size_t size = RT_ALTSTACK_SIZE;
#ifdef _SC_SIGSTKSZ
  long sys = sysconf(_SC_SIGSTKSZ);
  if (sys > 0 && (size_t)sys > size)
    size = (size_t)sys;
#endif
  size = (size + page - 1) & ~(page - 1);
  /* One PROT_NONE page below it, so that overflowing it faults. */
  void *mem = mmap(NULL, size + page, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED)
    return;
  mprotect(mem, page, PROT_NONE);
  stack_t ss;
  memset(&ss, 0, sizeof ss);
  ss.ss_sp = (uint8_t *)mem + page;
  ss.ss_size = size;
  if (sigaltstack(&ss, NULL) != 0) {
    munmap(mem, size + page);
    return;
  }
  t->altstack = (uint8_t *)mem;
  t->altstack_size = size + page;
  if (altstack_key_ok)
    pthread_setspecific(altstack_key, t);
}

static void compute_stack_bounds(rt_thread *t) {
  pthread_attr_t attr;
  void *addr = NULL;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) != 0)
    return;
  if (pthread_attr_getstack(&attr, &addr, &size) != 0)
    size = 0;
  pthread_attr_destroy(&attr);
  if (!size)
    return; /* unknown: no limit, only the guard page */
  if ((uint64_t)size > RT_STACK_MAX_USED) {
    addr = (uint8_t *)addr + (size - (size_t)RT_STACK_MAX_USED);
    size = (size_t)RT_STACK_MAX_USED;
  }
  t->stack_lo = (uintptr_t)addr;
  t->stack_hi = (uintptr_t)addr + size;
  size_t margin = RT_STACK_MARGIN;
  if (size < 4 * (size_t)RT_STACK_MARGIN)
    margin = size / 4;
  t->stack_limit = t->stack_lo + margin;
}

static rt_thread *thread_enter(void) {
  rt_thread *t = &tls_thread;
  if (!t->initialized) {
    pthread_once(&handler_once, install_handlers);
    compute_stack_bounds(t);
    setup_altstack(t);
    t->initialized = 1;
  }
  return t;
}

void wasirt__set_stack_limit(wasirt_instance_header *header) {
  rt_thread *t = thread_enter();
  header->stack_limit = t->stack_limit;
  /* Unknown bounds: a limit of 0 and a span that takes in every address. */
  header->stack_span =
      t->stack_hi ? (uint64_t)(t->stack_hi - t->stack_limit) : UINT64_MAX;
}

/*===----------------------------- guards -------------------------------===*/

unsigned wasirt__guard_depth(void) { return tls_thread.depth; }

const void *wasirt__innermost_guard(void) { return tls_thread.top; }

int wasirt__run_guarded(void (*fn)(void *), void *arg, wasirt_error *err) {
  rt_thread *t = thread_enter();
  rt_guard guard;
  guard.prev = t->top;
  guard.exceptions = wasirt__exceptions_mark();
  if (sigsetjmp(guard.env, 0) == 0) {
    t->top = &guard;
    t->depth++;
    fn(arg);
    t->top = guard.prev;
    t->depth--;
    /* An exception a frame of the call still owned when an exception
     * from a call left that frame (exnrefs kept owned, UnpinExnRefs.h). */
    wasirt__exceptions_release(guard.exceptions);
    return WASIRT_OK;
  }
  /* Unwound here by a trap or an exit: the wasm exceptions made since
   * the guard started are dead (a catch body that trapped held one). */
  t = &tls_thread;
  t->top = guard.prev;
  t->depth--;
  wasirt__exceptions_release(guard.exceptions);
  int status = t->status;
  if (status == WASIRT_ERR_EXIT) {
    wasirt__set_error(err, WASIRT_ERR_EXIT, "exit with status %d",
                      t->exit_status);
    if (err)
      err->exit_status = t->exit_status;
  } else {
    wasirt_trap_code code = (wasirt_trap_code)t->trap;
    wasirt__set_error(err, WASIRT_ERR_TRAP, "%s", wasirt_trap_message(code));
    if (err)
      err->trap = code;
  }
  return status;
}

int wasirt_try(void (*fn)(void *arg), void *arg, wasirt_error *err) {
  wasirt__set_error(err, WASIRT_OK, "%s", "");
  return wasirt__run_guarded(fn, arg, err);
}

/*===---------------------------- throwing ------------------------------===*/

static _Noreturn void fatal_trap(wasirt_trap_code code) {
  char buf[128];
  int n =
      snprintf(buf, sizeof buf, "wasm trap: %s\n", wasirt_trap_message(code));
  if (n > 0) {
    size_t len = (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
    ssize_t r = write(STDERR_FILENO, buf, len);
    (void)r;
  }
  _exit(WASIRT_TRAP_EXIT_STATUS);
}

static _Noreturn void unwind(int status, int code, int exit_status) {
  rt_thread *t = &tls_thread;
  t->status = status;
  t->trap = code;
  t->exit_status = exit_status;
  siglongjmp(t->top->env, 1);
}

void wasirt_trap(void *instance, uint32_t code) {
  (void)instance;
  wasirt_raise((wasirt_trap_code)code);
}

void wasirt_stack_check(void *instance, uint64_t sp) {
  if ((uintptr_t)sp < thread_enter()->stack_limit)
    wasirt_raise(WASIRT_TRAP_STACK_EXHAUSTED);
  wasirt__set_stack_limit((wasirt_instance_header *)instance);
}

#if defined(__x86_64__)
/* What x86-64 code calls instead: wasirt_stack_check with LLVM's
 * preserve_most convention (every general register but r11 survives the
 * call), so that the cold path of every prologue does not make the
 * function save the registers its parameters are in. It keeps the
 * registers the C convention lets wasirt_stack_check clobber, and the
 * stack 16-byte aligned for the call. */
__asm__(".text\n"
        ".globl wasirt_stack_check_preserve_most\n"
        ".type wasirt_stack_check_preserve_most, @function\n"
        "wasirt_stack_check_preserve_most:\n"
        ".cfi_startproc\n"
        "pushq %rax\n.cfi_adjust_cfa_offset 8\n"
        "pushq %rcx\n.cfi_adjust_cfa_offset 8\n"
        "pushq %rdx\n.cfi_adjust_cfa_offset 8\n"
        "pushq %rsi\n.cfi_adjust_cfa_offset 8\n"
        "pushq %rdi\n.cfi_adjust_cfa_offset 8\n"
        "pushq %r8\n.cfi_adjust_cfa_offset 8\n"
        "pushq %r9\n.cfi_adjust_cfa_offset 8\n"
        "pushq %r10\n.cfi_adjust_cfa_offset 8\n"
        "subq $8, %rsp\n.cfi_adjust_cfa_offset 8\n"
        "call wasirt_stack_check@PLT\n"
        "addq $8, %rsp\n.cfi_adjust_cfa_offset -8\n"
        "popq %r10\n.cfi_adjust_cfa_offset -8\n"
        "popq %r9\n.cfi_adjust_cfa_offset -8\n"
        "popq %r8\n.cfi_adjust_cfa_offset -8\n"
        "popq %rdi\n.cfi_adjust_cfa_offset -8\n"
        "popq %rsi\n.cfi_adjust_cfa_offset -8\n"
        "popq %rdx\n.cfi_adjust_cfa_offset -8\n"
        "popq %rcx\n.cfi_adjust_cfa_offset -8\n"
        "popq %rax\n.cfi_adjust_cfa_offset -8\n"
        "ret\n"
        ".cfi_endproc\n"
        ".size wasirt_stack_check_preserve_most, "
        ".-wasirt_stack_check_preserve_most\n");
#endif

void wasirt_raise(wasirt_trap_code code) {
  if (!tls_thread.top)
    fatal_trap(code);
  unwind(WASIRT_ERR_TRAP, code, 0);
}

void wasirt_exit(int status) {
  if (!tls_thread.top)
    exit(status);
  unwind(WASIRT_ERR_EXIT, WASIRT_TRAP_NONE, status);
}
