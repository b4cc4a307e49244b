/*===- wasm2obj/abi.h - contract between generated code and libwasirt ----===*
 *
 * The single source of truth shared by the translator (lib/Translate, C++)
 * and the runtime (lib/Runtime, lib/Wasi, runtime-support, C11):
 *
 *   - the instance (VM context) layout that generated code addresses,
 *   - the memory, table and function-reference descriptors,
 *   - the module descriptor every object file defines,
 *   - trap codes and their messages,
 *   - the mangling of import and export symbols,
 *   - the ABI version.
 *
 * Layout rule: every field that generated code reads lives in an 8-byte slot.
 * Pointers are stored in `WASIRT_PTR` unions padded to 8 bytes, so offsets
 * are the same for every target we emit (LP64 and ILP32, either endianness):
 * the translator uses the numbers below without consulting a data layout.
 * They are pinned with static asserts at the end of this file and a unit test
 * checks them against the translator's own copy of each offset.
 *
 * The module descriptor (`wasirt_module`) is different: it is plain C data
 * with natural alignment, emitted by the translator as an LLVM constant
 * whose struct type mirrors the C struct field by field; the target's data
 * layout then gives the same layout the target's C compiler gives.
 *
 *===----------------------------------------------------------------------===*/
#ifndef WASM2OBJ_ABI_H
#define WASM2OBJ_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever anything in this file changes shape. The descriptor
 * carries it and instantiation refuses a mismatch. */
#define WASIRT_ABI_VERSION 3u

/* A pointer stored in an 8-byte slot. The union puts the pointer at offset 0
 * whatever the pointer size or byte order. */
#define WASIRT_PTR(T, name)                                                    \
  union {                                                                      \
    T name;                                                                    \
    uint64_t name##_slot_;                                                     \
  }

/*===-------------------------- value types -----------------------------===*/

/* Value type codes are the WebAssembly binary encodings. */
enum wasirt_valtype {
  WASIRT_I32 = 0x7f,
  WASIRT_I64 = 0x7e,
  WASIRT_F32 = 0x7d,
  WASIRT_F64 = 0x7c,
  WASIRT_V128 = 0x7b,
  WASIRT_FUNCREF = 0x70,
  WASIRT_EXTERNREF = 0x6f,
  WASIRT_EXNREF = 0x69
};

/* One value as host code passes it in generic calls (trampolines, the
 * embedding API). 16 bytes so that v128 fits. References are pointers;
 * NULL is the null reference. */
typedef union wasirt_value {
  int32_t i32;
  int64_t i64;
  uint32_t u32;
  uint64_t u64;
  float f32;
  double f64;
  uint8_t v128[16];
  void *ref;
} wasirt_value;

/* A v128 as generated code passes it to and returns it from C functions
 * (exports' wrappers, host imports): a 16-byte vector, in a vector
 * register where the C ABI puts one (x86-64: an XMM register; AArch64: a
 * V register). The bytes are the value's little-endian bytes, as in
 * wasirt_value.v128. */
typedef int64_t wasirt_v128 __attribute__((vector_size(16)));

/*===----------------------------- traps --------------------------------===*/

/* X(name, message): the message is the spec's assert_trap text. */
#define WASIRT_TRAP_LIST(X)                                                    \
  X(NONE, "no trap")                                                           \
  X(UNREACHABLE, "unreachable")                                                \
  X(MEMORY_OOB, "out of bounds memory access")                                 \
  X(INT_DIV_BY_ZERO, "integer divide by zero")                                 \
  X(INT_OVERFLOW, "integer overflow")                                          \
  X(INVALID_CONVERSION, "invalid conversion to integer")                       \
  X(INDIRECT_CALL_TYPE_MISMATCH, "indirect call type mismatch")                \
  X(UNDEFINED_ELEMENT, "undefined element")                                    \
  X(UNINITIALIZED_ELEMENT, "uninitialized element")                            \
  X(TABLE_OOB, "out of bounds table access")                                   \
  X(STACK_EXHAUSTED, "call stack exhausted")                                   \
  X(NULL_REFERENCE, "null reference")                                          \
  X(UNALIGNED_ATOMIC, "unaligned atomic")                                      \
  X(EXPECTED_SHARED_MEMORY, "expected shared memory")                          \
  X(UNCAUGHT_EXCEPTION, "uncaught exception")                                  \
  X(UNLINKED_IMPORT, "call to an unlinked import")                             \
  X(HOST, "host error")                                                        \
  X(NULL_EXCEPTION_REFERENCE, "null exception reference")

typedef enum wasirt_trap_code {
#define WASIRT_TRAP_ENUM(name, msg) WASIRT_TRAP_##name,
  WASIRT_TRAP_LIST(WASIRT_TRAP_ENUM)
#undef WASIRT_TRAP_ENUM
      WASIRT_TRAP_COUNT
} wasirt_trap_code;

/* Exit status of a standalone program that traps (as wasmtime: 128+SIGABRT).
 */
#define WASIRT_TRAP_EXIT_STATUS 134

/*===------------------ memories, tables, function refs -----------------===*/

#define WASIRT_PAGE_SIZE 65536u
/* A linear memory's base is aligned to this many bytes (each memory is a
 * mapping of its own, and no target has smaller pages); compiled code
 * relies on it. */
#define WASIRT_MEMORY_BASE_ALIGN 4096u

/* A linear memory. Generated code reads `base` (never changes after the
 * memory is created: the whole reachable range is reserved up front) and,
 * with explicit bounds checks, `size` (bytes accessible now; for a memory
 * the module defines and does not share, the instance's copy of it, see
 * the `sizes` region below). `size` never decreases: generated code
 * relies on a bound it read earlier in a call still holding
 * (VersionChecks.h). */
typedef struct wasirt_memory {
  WASIRT_PTR(uint8_t *, base); /* 0 */
  uint64_t size;               /* 8: current length in bytes */
  uint64_t max_pages;          /* 16: grow limit in pages */
  uint64_t reserved;           /* 24: bytes of address space reserved */
  uint32_t flags;              /* 32: WASIRT_LIMITS_* */
  uint32_t owner_refs;         /* 36: runtime private */
  WASIRT_PTR(void *, runtime); /* 40: runtime private */
} wasirt_memory;

/* Limits flags, shared by memory and table types. */
enum wasirt_limits_flags {
  WASIRT_LIMITS_HAS_MAX = 1u,
  WASIRT_LIMITS_64 = 2u,     /* memory64 / table64 index type */
  WASIRT_LIMITS_SHARED = 4u, /* threads: shared memory */
};

/* A table of references. Elements are native pointers (`void *`): a
 * `wasirt_funcref *` for funcref tables, the host's opaque pointer for
 * externref. NULL is the null reference. `elems` may move on growth. */
typedef struct wasirt_table {
  WASIRT_PTR(void **, elems);  /* 0 */
  uint64_t size;               /* 8: current length in elements */
  uint64_t max;                /* 16: grow limit in elements */
  uint32_t elem_type;          /* 24: wasirt_valtype */
  uint32_t flags;              /* 28: WASIRT_LIMITS_* */
  WASIRT_PTR(void *, runtime); /* 32: runtime private */
} wasirt_table;

/* A function reference: what a funcref value points to, and what an
 * instance keeps for each of its functions (imported ones included).
 *
 * `code` always follows the internal calling convention of generated code
 * (LLVM's tailcc, which guarantees the tail calls of return_call):
 *   RESULT code(void *ctx, PARAM...)
 * with RESULT `void` for no result, the value for one, and an LLVM first-
 * class struct of the results for several. Only generated code calls it:
 * host code goes through a type's trampoline. For a function defined by a
 * module, ctx is its instance. A host (C) function is reached through the
 * importing module's adapter for its type: code = the adapter, ctx = a
 * wasirt_host_func holding the C function and its own context.
 * `type_id` is the runtime-interned id of the signature. */
typedef struct wasirt_funcref {
  WASIRT_PTR(void *, code); /* 0 */
  WASIRT_PTR(void *, ctx);  /* 8 */
  uint64_t type_id;         /* 16 */
} wasirt_funcref;

/* A host function as an adapter sees it: the C function (host convention,
 * see "Symbols") and the context it is called with. */
typedef struct wasirt_host_func {
  WASIRT_PTR(void *, code); /* 0 */
  WASIRT_PTR(void *, ctx);  /* 8 */
} wasirt_host_func;

/* A generic caller for one function type: loads the parameters from
 * vals[0..nparams), calls code(ctx, ...), stores the results to
 * vals[0..nresults). The translator emits one per type of each module. */
typedef void (*wasirt_trampoline)(void *code, void *ctx, wasirt_value *vals);

/*===------------------------- the instance -----------------------------===*/

/* Fixed header at the start of every instance. */
typedef struct wasirt_instance_header {
  WASIRT_PTR(const struct wasirt_module *, module); /* 0 */
  WASIRT_PTR(uintptr_t, stack_limit); /* 8: lowest allowed stack pointer */
  WASIRT_PTR(void *, wasi);           /* 16: WASI context (lib/Wasi) */
  WASIRT_PTR(void *, host_data);      /* 24: free for the embedder */
  WASIRT_PTR(void *, runtime);        /* 32: runtime private state */
  /* 40: the top of the stack stack_limit belongs to, minus stack_limit: a
   * prologue whose stack pointer SP has SP - stack_limit >= stack_span
   * (unsigned) is below the limit or on another thread's stack, and asks
   * the runtime (wasirt_stack_check). */
  uint64_t stack_span;
  uint64_t reserved[2]; /* 48..64 */
} wasirt_instance_header;

/* The variable part of an instance follows the header; its regions depend
 * only on the module's counts. Both sides compute them with
 * wasirt_compute_layout().
 *
 *   memories   n_memories * 8   wasirt_memory* (imported or owned)
 *   bases      n_memories * 8   each memory's base address, copied from its
 *                               descriptor at instantiation (a base never
 *                               moves), so generated code reaches linear
 *                               memory with one load instead of two
 *   tables     n_tables * 8     wasirt_table*  (imported or owned)
 *   globals    n_globals * 16   defined: the value in place (16 bytes, so
 *                               v128 fits); imported: the first 8 bytes hold
 *                               a pointer to the exporter's 16-byte cell
 *   type_ids   n_types * 8      interned signature id of each type index
 *   funcrefs   n_funcs * 24     wasirt_funcref of each function index;
 *                               the first n_imported_funcs are the imports'
 *   data       n_data * 8       current length of each data segment
 *                               (0 once dropped)
 *   elems      n_elems * 16     { void **items; uint64_t count } of each
 *                               element segment (count 0 once dropped)
 *   tags       n_tags * 8       exception tag identities (pointers)
 *   sizes      n_memories * 8   for a memory the module defines and does
 *                               not share (threads), a copy of its
 *                               descriptor's `size`, which the runtime
 *                               writes on every growth (whoever grows
 *                               it): explicit bounds checks then read the
 *                               bound with one load instead of two.
 *                               Unused (0) for the other memories.
 */
typedef struct wasirt_layout {
  uint32_t memories, bases, tables, globals, type_ids, funcrefs, data, elems,
      tags, sizes;
  uint32_t size; /* total bytes, a multiple of 16 */
} wasirt_layout;

typedef struct wasirt_counts {
  uint32_t memories, tables, globals, types, funcs, data, elems, tags;
} wasirt_counts;

#define WASIRT_HEADER_SIZE 64u
#define WASIRT_GLOBAL_SLOT 16u
#define WASIRT_FUNCREF_SIZE 24u
#define WASIRT_ELEM_SLOT 16u

static inline wasirt_layout wasirt_compute_layout(wasirt_counts c) {
  wasirt_layout l;
  uint64_t off = WASIRT_HEADER_SIZE;
  l.memories = (uint32_t)off;
  off += (uint64_t)c.memories * 8u;
  l.bases = (uint32_t)off;
  off += (uint64_t)c.memories * 8u;
  l.tables = (uint32_t)off;
  off += (uint64_t)c.tables * 8u;
  off = (off + 15u) & ~(uint64_t)15u;
  l.globals = (uint32_t)off;
  off += (uint64_t)c.globals * WASIRT_GLOBAL_SLOT;
  l.type_ids = (uint32_t)off;
  off += (uint64_t)c.types * 8u;
  l.funcrefs = (uint32_t)off;
  off += (uint64_t)c.funcs * WASIRT_FUNCREF_SIZE;
  l.data = (uint32_t)off;
  off += (uint64_t)c.data * 8u;
  l.elems = (uint32_t)off;
  off += (uint64_t)c.elems * WASIRT_ELEM_SLOT;
  l.tags = (uint32_t)off;
  off += (uint64_t)c.tags * 8u;
  l.sizes = (uint32_t)off;
  off += (uint64_t)c.memories * 8u;
  off = (off + 15u) & ~(uint64_t)15u;
  l.size = (uint32_t)off;
  return l;
}

/*===---------------------- the module descriptor -----------------------===*/

/* External kinds, as in the binary format. */
enum wasirt_extern_kind {
  WASIRT_EXTERN_FUNC = 0,
  WASIRT_EXTERN_TABLE = 1,
  WASIRT_EXTERN_MEMORY = 2,
  WASIRT_EXTERN_GLOBAL = 3,
  WASIRT_EXTERN_TAG = 4
};

typedef struct wasirt_functype {
  const uint8_t *params;  /* wasirt_valtype codes */
  const uint8_t *results; /* wasirt_valtype codes */
  uint32_t n_params;
  uint32_t n_results;
  wasirt_trampoline trampoline;
} wasirt_functype;

typedef struct wasirt_import {
  const char *module;
  const char *name;
  uint32_t kind;       /* wasirt_extern_kind */
  uint32_t index;      /* index in the kind's index space (func, memory, ...) */
  uint32_t type;       /* functions and tags: their type index; else 0. Tables,
                          memories and globals: see tables[index] etc. */
  uint32_t module_len; /* byte lengths: names may contain NUL bytes */
  uint32_t name_len;
  uint32_t reserved;
  /* Functions: the host function to bind when the embedder does not
   * resolve the import itself: the address of the linked host symbol (see
   * "Symbols" below). NULL for other kinds. */
  void *default_code;
  /* Functions: generated code with the internal convention that calls a
   * host function of this import's type; its ctx is a wasirt_host_func. */
  void *adapter;
} wasirt_import;

typedef struct wasirt_export {
  const char *name; /* NUL-terminated, but may contain NUL: see name_len */
  uint32_t kind;    /* wasirt_extern_kind */
  uint32_t index;   /* index in the kind's index space */
  uint32_t name_len;
  uint32_t reserved;
} wasirt_export;

typedef struct wasirt_memtype {
  uint64_t min_pages;
  uint64_t max_pages; /* valid when flags & WASIRT_LIMITS_HAS_MAX */
  uint32_t flags;
  uint32_t reserved;
} wasirt_memtype;

typedef struct wasirt_tabletype {
  uint64_t min;
  uint64_t max; /* valid when flags & WASIRT_LIMITS_HAS_MAX */
  uint32_t flags;
  uint32_t elem_type; /* wasirt_valtype */
} wasirt_tabletype;

typedef struct wasirt_globaltype {
  uint8_t valtype; /* wasirt_valtype */
  uint8_t mutable_;
  uint8_t reserved[2];
} wasirt_globaltype;

/* One defined function (index n_imported_funcs + i). */
typedef struct wasirt_funcdef {
  void *code; /* internal calling convention */
  uint32_t type;
  uint32_t reserved;
} wasirt_funcdef;

typedef struct wasirt_data_segment {
  const uint8_t *bytes;
  uint64_t length;
} wasirt_data_segment;

/* Element segment items are evaluated by the runtime at instantiation,
 * after the globals are initialised. */
enum wasirt_elem_item_kind {
  WASIRT_ELEM_NULL = 0,   /* ref.null */
  WASIRT_ELEM_FUNC = 1,   /* ref.func index */
  WASIRT_ELEM_GLOBAL = 2, /* global.get index */
};

typedef struct wasirt_elem_item {
  uint32_t kind;
  uint32_t index;
} wasirt_elem_item;

typedef struct wasirt_elem_segment {
  const wasirt_elem_item *items;
  uint32_t count;
  uint32_t elem_type; /* wasirt_valtype */
} wasirt_elem_segment;

typedef struct wasirt_tagtype {
  uint32_t type; /* function type index of the tag's parameters */
  uint32_t reserved;
} wasirt_tagtype;

/* Everything the runtime needs to instantiate a module. One per object
 * file, named by the module's symbol prefix (see "Symbols"). */
typedef struct wasirt_module {
  uint32_t abi_version; /* WASIRT_ABI_VERSION */
  uint32_t flags;       /* WASIRT_MODULE_* */
  const char *name;     /* the module name given at compile time */

  wasirt_counts counts; /* counts.funcs etc. include the imported ones */
  uint32_t n_imported_funcs, n_imported_tables, n_imported_memories,
      n_imported_globals, n_imported_tags;
  uint32_t n_imports, n_exports;
  int32_t start_func; /* function index, or -1 */

  const wasirt_functype *types;     /* counts.types */
  const wasirt_import *imports;     /* n_imports, in module order */
  const wasirt_export *exports;     /* n_exports */
  const wasirt_memtype *memories;   /* counts.memories (imports first) */
  const wasirt_tabletype *tables;   /* counts.tables (imports first) */
  const wasirt_globaltype *globals; /* counts.globals (imports first) */
  const wasirt_funcdef *funcs;      /* counts.funcs - n_imported_funcs */
  const wasirt_data_segment *data;  /* counts.data */
  const wasirt_elem_segment *elems; /* counts.elems */
  const wasirt_tagtype *tags;       /* counts.tags (imports first) */

  /* Generated, run once by the runtime after it has bound the imports and
   * created the memories and tables: initialises the defined globals, calls
   * wasirt_elems_evaluate (element items may read globals), applies each
   * active element segment (wasirt_table_init + wasirt_elem_drop), drops the
   * declarative ones, then applies each active data segment
   * (wasirt_memory_init + wasirt_data_drop), in module order. Traps as any
   * wasm code does; the runtime then reports the module uninstantiable. */
  void (*init)(void *instance);

  /* Grants recorded at compile time for a standalone program
   * (--dir, --env, --inherit-env): a sequence of NUL-terminated strings
   * "dir=HOST::GUEST", "env=NAME=VALUE", "inherit-env", ended by an empty
   * string. NULL when none. */
  const char *wasi_grants;
} wasirt_module;

enum wasirt_module_flags {
  WASIRT_MODULE_BOUNDS_EXPLICIT = 1u, /* compiled with explicit checks */
};

/*===---------------------------- symbols -------------------------------===*/
/*
 * Name mangling, mangle(s): bytes [A-Za-z0-9_] other than 'Q' are kept,
 * 'Q' becomes "QQ", any other byte becomes 'Q' followed by two upper-case
 * hex digits. "Q_" never occurs inside a mangled name, so it separates two.
 *
 *   host import  "w2o_" mangle(module) "Q_" mangle(field)
 *                e.g. wasi_snapshot_preview1.fd_write ->
 *                     w2o_wasi_snapshot_preview1Q_fd_write
 *                A function import is a C function
 *                  RESULT f(wasirt_instance *caller, PARAM...)
 *                or, with several results,
 *                  void f(wasirt_instance *caller, PARAM...,
 *                         wasirt_value *results)
 *
 *   descriptor   "w2o_module_" mangle(N)   (N: the module name, --module-name)
 *   export       "w2o_" mangle(N) "QE_" mangle(export name), a C function
 *                  RESULT f(wasirt_instance *instance, PARAM...)
 *                with the same out-pointer rule for several results
 *   main module  "w2o_main_module": a weak alias of the descriptor, which
 *                libwasirt's main() instantiates and runs
 *   internal     "w2o_" mangle(N) "." NAME (functions "w2o_" mangle(N)
 *                ".f" INDEX, trampolines, adapters, ...): the "." never
 *                occurs in a mangled name, so no import's symbol can
 *                equal one
 */
#define WASIRT_MAIN_MODULE_SYMBOL "w2o_main_module"

/*===----------------------- pinned offsets -----------------------------===*/

#define WASIRT_OFF_INSTANCE_MODULE 0u
#define WASIRT_OFF_INSTANCE_STACK_LIMIT 8u
#define WASIRT_OFF_INSTANCE_WASI 16u
#define WASIRT_OFF_INSTANCE_HOST_DATA 24u
#define WASIRT_OFF_INSTANCE_STACK_SPAN 40u
#define WASIRT_OFF_MEMORY_BASE 0u
#define WASIRT_OFF_MEMORY_SIZE 8u
#define WASIRT_OFF_TABLE_ELEMS 0u
#define WASIRT_OFF_TABLE_SIZE 8u
#define WASIRT_OFF_FUNCREF_CODE 0u
#define WASIRT_OFF_FUNCREF_CTX 8u
#define WASIRT_OFF_FUNCREF_TYPE_ID 16u
#define WASIRT_OFF_HOST_FUNC_CODE 0u
#define WASIRT_OFF_HOST_FUNC_CTX 8u
/* A wasm exception in flight or caught (lib/Runtime/exception.c): the
 * unwinder's header (struct _Unwind_Exception, at most 32 bytes) at 0, the
 * tag's identity at 32, the payload size at 40, then the tag's parameter
 * values from 48, one 16-byte slot each (a value at the start of its
 * slot, as in wasirt_value). Generated code stores the payload after
 * wasirt_exception_new and reads it in a catch. */
#define WASIRT_OFF_EXCEPTION_TAG 32u
/* The exception_class of every wasm exception ("W2O\0WASM"); a landing
 * pad passes any other exception (C++, thread cancellation) on. */
#define WASIRT_EXCEPTION_CLASS 0x57324f005741534dull
#define WASIRT_OFF_EXCEPTION_PAYLOAD 48u
#define WASIRT_EXCEPTION_SLOT 16u

#ifdef __cplusplus
#define WASIRT_STATIC_ASSERT static_assert
#else
#define WASIRT_STATIC_ASSERT _Static_assert
#endif

WASIRT_STATIC_ASSERT(sizeof(wasirt_instance_header) == WASIRT_HEADER_SIZE,
                     "instance header size");
WASIRT_STATIC_ASSERT(offsetof(wasirt_instance_header, module) ==
                         WASIRT_OFF_INSTANCE_MODULE,
                     "instance.module");
WASIRT_STATIC_ASSERT(offsetof(wasirt_instance_header, stack_limit) ==
                         WASIRT_OFF_INSTANCE_STACK_LIMIT,
                     "instance.stack_limit");
WASIRT_STATIC_ASSERT(offsetof(wasirt_instance_header, wasi) ==
                         WASIRT_OFF_INSTANCE_WASI,
                     "instance.wasi");
WASIRT_STATIC_ASSERT(offsetof(wasirt_instance_header, host_data) ==
                         WASIRT_OFF_INSTANCE_HOST_DATA,
                     "instance.host_data");
WASIRT_STATIC_ASSERT(offsetof(wasirt_instance_header, stack_span) ==
                         WASIRT_OFF_INSTANCE_STACK_SPAN,
                     "instance.stack_span");
WASIRT_STATIC_ASSERT(offsetof(wasirt_memory, base) == WASIRT_OFF_MEMORY_BASE,
                     "memory.base");
WASIRT_STATIC_ASSERT(offsetof(wasirt_memory, size) == WASIRT_OFF_MEMORY_SIZE,
                     "memory.size");
WASIRT_STATIC_ASSERT(offsetof(wasirt_table, elems) == WASIRT_OFF_TABLE_ELEMS,
                     "table.elems");
WASIRT_STATIC_ASSERT(offsetof(wasirt_table, size) == WASIRT_OFF_TABLE_SIZE,
                     "table.size");
WASIRT_STATIC_ASSERT(offsetof(wasirt_funcref, code) == WASIRT_OFF_FUNCREF_CODE,
                     "funcref.code");
WASIRT_STATIC_ASSERT(offsetof(wasirt_funcref, ctx) == WASIRT_OFF_FUNCREF_CTX,
                     "funcref.ctx");
WASIRT_STATIC_ASSERT(offsetof(wasirt_funcref, type_id) ==
                         WASIRT_OFF_FUNCREF_TYPE_ID,
                     "funcref.type_id");
WASIRT_STATIC_ASSERT(sizeof(wasirt_funcref) == WASIRT_FUNCREF_SIZE,
                     "funcref size");
WASIRT_STATIC_ASSERT(sizeof(wasirt_value) == 16, "value size");
WASIRT_STATIC_ASSERT(offsetof(wasirt_host_func, code) ==
                         WASIRT_OFF_HOST_FUNC_CODE,
                     "host_func.code");
WASIRT_STATIC_ASSERT(offsetof(wasirt_host_func, ctx) ==
                         WASIRT_OFF_HOST_FUNC_CTX,
                     "host_func.ctx");

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASM2OBJ_ABI_H */
