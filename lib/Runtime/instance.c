/*===- instance.c - instantiation, exports and calls ---------------------===*
 *
 * wasirt_instantiate follows the spec's instantiation:
 *   1. check the descriptor's ABI version, allocate the instance (layout
 *      from wasirt_compute_layout, zeroed, 16-byte aligned) and intern its
 *      function types;
 *   2. bind the imports in module order (wasirt_instantiate_like: to
 *      what its model instance bound them, see model_binding; otherwise:)
 *      the embedder's resolver first;
 *      a function it does not resolve falls back to the host symbol linked
 *      into the program (import.default_code, ctx = the importing
 *      instance); anything else unresolved is "unknown import". Resolved
 *      imports are matched like the spec's import matching, with the
 *      current size of a memory or table as its minimum; default-bound
 *      wasi_snapshot_preview1 functions and wasi.thread-spawn are checked
 *      against the signatures lib/Wasi implements;
 *   3. create the defined memories and tables, fill the function
 *      references and the data segment lengths, set the stack limit;
 *   4. run the module's init (globals, element and data segments) and its
 *      start function, each under a trap guard.
 *
 * A trap in step 4 leaves its effects on imported tables and memories in
 * place, as the spec requires. Element segments may already have stored
 * references to this instance's functions in an imported table (and the
 * start function may have handed them out), and those references must
 * stay callable, so an instance whose instantiation traps after that point
 * is intentionally not freed (see maybe_leak).
 *
 * Tags: the identity of a tag is a pointer to a uint64_t cell holding the
 * interned id of its type. Defined tags get a cell in the instance's
 * private state; an embedder providing a tag import must follow the same
 * convention, which lets import matching compare the types.
 *
 *===----------------------------------------------------------------------===*/
#include "runtime_internal.h"
#include "wasm2obj/wasi.h"

#include <stdlib.h>
#include <string.h>

/* Private state, allocated after the layout's regions. */
typedef struct rt_instance_state {
  wasirt_host_func *host_funcs; /* of each imported function bound to C */
  uint64_t n_tag_cells;
  uint64_t tag_cells[]; /* type id of each defined tag */
} rt_instance_state;

struct wasirt_instance {
  wasirt_instance_header header;
};

static void clear_error(wasirt_error *err) {
  if (!err)
    return;
  err->status = WASIRT_OK;
  err->trap = WASIRT_TRAP_NONE;
  err->exit_status = 0;
  err->message[0] = '\0';
}

static rt_ptr_slot *ptr_region(void *instance, uint32_t offset) {
  return (rt_ptr_slot *)rt_region(instance, offset);
}

void *wasirt__global_cell(void *instance, uint32_t n) {
  uint8_t *slot = rt_region(instance, rt_layout(instance).globals) +
                  (size_t)n * WASIRT_GLOBAL_SLOT;
  if (n < rt_module(instance)->n_imported_globals)
    return ((rt_ptr_slot *)slot)->p;
  return slot;
}

/* The type index of function N. */
static uint32_t func_type(const wasirt_module *module, uint32_t n) {
  if (n >= module->n_imported_funcs)
    return module->funcs[n - module->n_imported_funcs].type;
  for (uint32_t i = 0; i < module->n_imports; ++i) {
    const wasirt_import *imp = &module->imports[i];
    if (imp->kind == WASIRT_EXTERN_FUNC && imp->index == n)
      return imp->type;
  }
  return 0; /* not reached for a well-formed descriptor */
}

/* Export names are compared with their byte length: wasm names may
 * contain NUL bytes. */
static const wasirt_export *find_export(const wasirt_module *module,
                                        const char *name, size_t len) {
  for (uint32_t i = 0; i < module->n_exports; ++i) {
    const wasirt_export *ex = &module->exports[i];
    if (ex->name_len == len && memcmp(ex->name, name, len) == 0)
      return ex;
  }
  return NULL;
}

/*===-------------------------- import matching -------------------------===*/

static int limits_match(uint64_t have_min, uint64_t have_max,
                        uint32_t have_flags, uint64_t want_min,
                        uint64_t want_max, uint32_t want_flags) {
  if (have_min < want_min)
    return 0;
  if (!(want_flags & WASIRT_LIMITS_HAS_MAX))
    return 1;
  return (have_flags & WASIRT_LIMITS_HAS_MAX) && have_max <= want_max;
}

static int table_matches(const wasirt_table *have,
                         const wasirt_tabletype *want) {
  return have->elem_type == want->elem_type &&
         (have->flags & WASIRT_LIMITS_64) == (want->flags & WASIRT_LIMITS_64) &&
         limits_match(have->size, have->max, have->flags, want->min, want->max,
                      want->flags);
}

static int memory_matches(const wasirt_memory *have,
                          const wasirt_memtype *want) {
  uint32_t kind = WASIRT_LIMITS_64 | WASIRT_LIMITS_SHARED;
  return (have->flags & kind) == (want->flags & kind) &&
         limits_match(wasirt__memory_size(have) / WASIRT_PAGE_SIZE,
                      have->max_pages, have->flags, want->min_pages,
                      want->max_pages, want->flags);
}

/* A host symbol has no type the linker could check. For the runtime's own
 * WASI functions we know the signatures: a module importing one with
 * another type is incompatible, not a crash at the first call. */
static int default_import_matches(const wasirt_import *imp,
                                  const wasirt_functype *type) {
  static const char wasi_module[] = "wasi_snapshot_preview1";
  static const char threads_module[] = "wasi", spawn[] = "thread-spawn";
  if (imp->module_len == sizeof threads_module - 1 &&
      memcmp(imp->module, threads_module, sizeof threads_module - 1) == 0 &&
      imp->name_len == sizeof spawn - 1 &&
      memcmp(imp->name, spawn, sizeof spawn - 1) == 0)
    return type->n_params == 1 && type->params[0] == WASIRT_I32 &&
           type->n_results == 1 && type->results[0] == WASIRT_I32;
  if (imp->module_len != sizeof wasi_module - 1 ||
      memcmp(imp->module, wasi_module, sizeof wasi_module - 1) != 0)
    return 1;
  if (strlen(imp->name) != imp->name_len)
    return 0; /* a NUL inside: no such WASI function */
  return wasirt_wasi_check_import(imp->name, type->params, type->n_params,
                                  type->results, type->n_results);
}

/* printf arguments for "%.*s.%.*s": the import's names, which carry their
 * lengths (a NUL byte ends the text early, which is fine for a message). */
#define NAME_ARGS(imp)                                                         \
  (int)(imp)->module_len, (imp)->module, (int)(imp)->name_len, (imp)->name

/* A host function is called through the importing module's adapter for
 * its type, with a wasirt_host_func as the adapter's context: generated
 * code calls every function reference with the internal convention. */
static void bind_host_func(wasirt_instance *inst, const wasirt_import *imp,
                           wasirt_funcref *slot, void *code, void *ctx,
                           uint64_t type_id) {
  rt_instance_state *state = (rt_instance_state *)inst->header.runtime;
  wasirt_host_func *host = &state->host_funcs[imp->index];
  host->code = code;
  host->ctx = ctx;
  slot->code = imp->adapter;
  slot->ctx = host;
  slot->type_id = type_id;
}

/* What MODEL, an instance of the same module, has bound import IMP to, as
 * a resolver answers: 1 with *ext, or 0 for a function bound to its
 * default host symbol (whose context is the importing instance, so the new
 * instance binds its own). */
static int model_binding(wasirt_instance *model, const wasirt_import *imp,
                         wasirt_extern *ext) {
  const wasirt_module *module = model->header.module;
  wasirt_layout layout = wasirt_compute_layout(module->counts);
  ext->kind = imp->kind;
  switch (imp->kind) {
  case WASIRT_EXTERN_FUNC: {
    const wasirt_funcref *slot = rt_funcref(model, imp->index);
    if (slot->code != imp->adapter) {
      ext->flags = WASIRT_EXTERN_WASM_CODE;
      ext->u.func = *slot;
      return 1;
    }
    const wasirt_host_func *host = (const wasirt_host_func *)slot->ctx;
    if (host->code == imp->default_code && host->ctx == model)
      return 0;
    ext->u.func.code = host->code;
    ext->u.func.ctx = host->ctx;
    ext->u.func.type_id = slot->type_id;
    return 1;
  }
  case WASIRT_EXTERN_TABLE:
    ext->u.table = rt_table(model, imp->index);
    return 1;
  case WASIRT_EXTERN_MEMORY:
    ext->u.memory = rt_memory(model, imp->index);
    return 1;
  case WASIRT_EXTERN_GLOBAL:
    ext->u.global.cell = wasirt__global_cell(model, imp->index);
    ext->u.global.valtype = module->globals[imp->index].valtype;
    ext->u.global.mutable_ = module->globals[imp->index].mutable_;
    return 1;
  case WASIRT_EXTERN_TAG:
    ext->u.tag = ptr_region(model, layout.tags)[imp->index].p;
    return 1;
  default:
    return 0;
  }
}

/* Binds import I, as MODEL has when not NULL. Returns WASIRT_OK or fills
 * *err. */
static int bind_import(wasirt_instance *inst, const wasirt_config *cfg,
                       wasirt_instance *model, const wasirt_import *imp,
                       wasirt_error *err) {
  const wasirt_module *module = inst->header.module;
  wasirt_layout layout = wasirt_compute_layout(module->counts);
  const uint64_t *type_ids = (const uint64_t *)rt_region(inst, layout.type_ids);
  wasirt_extern ext;
  memset(&ext, 0, sizeof ext);
  int answer = model ? model_binding(model, imp, &ext)
               : cfg && cfg->resolve
                   ? cfg->resolve(cfg->resolve_user, imp->module, imp->name,
                                  imp->kind, &ext)
                   : 0;
  int resolved = answer > 0;
  int refused = answer < 0; /* no fallback to the default */
  int ok = !resolved || ext.kind == imp->kind;
  int found = resolved;

  switch (imp->kind) {
  case WASIRT_EXTERN_FUNC: {
    if (imp->index >= module->n_imported_funcs ||
        imp->type >= module->counts.types)
      goto malformed;
    wasirt_funcref *slot = rt_funcref(inst, imp->index);
    uint64_t type_id = type_ids[imp->type];
    if (resolved && ok) {
      ok = ext.u.func.code && ext.u.func.type_id == type_id;
      if (ext.flags & WASIRT_EXTERN_WASM_CODE)
        *slot = ext.u.func;
      else
        bind_host_func(inst, imp, slot, ext.u.func.code, ext.u.func.ctx,
                       type_id);
    } else if (!resolved && !refused && imp->default_code) {
      found = 1;
      ok = default_import_matches(imp, &module->types[imp->type]);
      bind_host_func(inst, imp, slot, imp->default_code, inst, type_id);
    }
    break;
  }
  case WASIRT_EXTERN_TABLE: {
    if (imp->index >= module->n_imported_tables)
      goto malformed;
    if (resolved && ok) {
      ok = ext.u.table &&
           table_matches(ext.u.table, &module->tables[imp->index]);
      if (ok) {
        wasirt__table_retain(ext.u.table);
        ptr_region(inst, layout.tables)[imp->index].p = ext.u.table;
      }
    }
    break;
  }
  case WASIRT_EXTERN_MEMORY: {
    if (imp->index >= module->n_imported_memories)
      goto malformed;
    if (resolved && ok) {
      ok = ext.u.memory &&
           memory_matches(ext.u.memory, &module->memories[imp->index]);
      if (ok) {
        wasirt__memory_retain(ext.u.memory);
        ptr_region(inst, layout.memories)[imp->index].p = ext.u.memory;
      }
    }
    break;
  }
  case WASIRT_EXTERN_GLOBAL: {
    if (imp->index >= module->n_imported_globals)
      goto malformed;
    if (resolved && ok) {
      const wasirt_globaltype *want = &module->globals[imp->index];
      ok = ext.u.global.cell && ext.u.global.valtype == want->valtype &&
           !ext.u.global.mutable_ == !want->mutable_;
      if (ok) {
        uint8_t *slot = rt_region(inst, layout.globals) +
                        (size_t)imp->index * WASIRT_GLOBAL_SLOT;
        ((rt_ptr_slot *)slot)->p = ext.u.global.cell;
      }
    }
    break;
  }
  case WASIRT_EXTERN_TAG: {
    if (imp->index >= module->n_imported_tags ||
        imp->type >= module->counts.types)
      goto malformed;
    if (resolved && ok) {
      ok = ext.u.tag && *(const uint64_t *)ext.u.tag == type_ids[imp->type];
      if (ok)
        ptr_region(inst, layout.tags)[imp->index].p = ext.u.tag;
    }
    break;
  }
  default:
    goto malformed;
  }
  if (!found) {
    wasirt__set_error(err, WASIRT_ERR_LINK, "unknown import: %.*s.%.*s",
                      NAME_ARGS(imp));
    return WASIRT_ERR_LINK;
  }
  if (!ok) {
    wasirt__set_error(err, WASIRT_ERR_LINK,
                      "incompatible import type: %.*s.%.*s", NAME_ARGS(imp));
    return WASIRT_ERR_LINK;
  }
  return WASIRT_OK;
malformed:
  wasirt__set_error(err, WASIRT_ERR_ABI,
                    "malformed module descriptor: import %.*s.%.*s",
                    NAME_ARGS(imp));
  return WASIRT_ERR_ABI;
}

/*===--------------------------- instantiation --------------------------===*/

static int create_instance(const wasirt_module *module,
                           const wasirt_config *cfg, wasirt_instance *model,
                           wasirt_instance **out, wasirt_error *err) {
  wasirt_layout layout = wasirt_compute_layout(module->counts);
  uint32_t n_defined_tags = module->counts.tags - module->n_imported_tags;
  size_t state_size =
      sizeof(rt_instance_state) + (size_t)n_defined_tags * sizeof(uint64_t);
  state_size = (state_size + 15) & ~(size_t)15;
  size_t host_size =
      (size_t)module->n_imported_funcs * sizeof(wasirt_host_func);
  size_t total =
      ((size_t)layout.size + state_size + host_size + 15) & ~(size_t)15;
  wasirt_instance *inst = (wasirt_instance *)aligned_alloc(16, total);
  if (!inst) {
    wasirt__set_error(err, WASIRT_ERR_RESOURCE, "out of memory");
    return WASIRT_ERR_RESOURCE;
  }
  memset(inst, 0, total);
  *out = inst;
  rt_instance_state *state = (rt_instance_state *)rt_region(inst, layout.size);
  state->n_tag_cells = n_defined_tags;
  state->host_funcs =
      (wasirt_host_func *)rt_region(inst, layout.size + state_size);
  inst->header.module = module;
  inst->header.runtime = state;
  if (cfg) {
    inst->header.host_data = cfg->host_data;
    inst->header.wasi = cfg->wasi;
  }

  uint64_t *type_ids = (uint64_t *)rt_region(inst, layout.type_ids);
  for (uint32_t i = 0; i < module->counts.types; ++i) {
    const wasirt_functype *t = &module->types[i];
    type_ids[i] =
        wasirt_intern_type(t->params, t->n_params, t->results, t->n_results);
    if (!type_ids[i]) {
      wasirt__set_error(err, WASIRT_ERR_RESOURCE, "out of memory");
      return WASIRT_ERR_RESOURCE;
    }
  }

  for (uint32_t i = 0; i < module->n_imports; ++i) {
    int status = bind_import(inst, cfg, model, &module->imports[i], err);
    if (status != WASIRT_OK)
      return status;
  }

  rt_ptr_slot *tags = ptr_region(inst, layout.tags);
  for (uint32_t i = 0; i < n_defined_tags; ++i) {
    uint32_t n = module->n_imported_tags + i;
    state->tag_cells[i] = type_ids[module->tags[n].type];
    tags[n].p = &state->tag_cells[i];
  }

  rt_ptr_slot *memories = ptr_region(inst, layout.memories);
  for (uint32_t i = module->n_imported_memories; i < module->counts.memories;
       ++i) {
    const wasirt_memtype *mt = &module->memories[i];
    memories[i].p =
        wasirt__memory_create(mt->min_pages, mt->max_pages, mt->flags);
    if (!memories[i].p) {
      wasirt__set_error(err, WASIRT_ERR_RESOURCE,
                        "cannot allocate memory %u (%llu pages)", i,
                        (unsigned long long)mt->min_pages);
      return WASIRT_ERR_RESOURCE;
    }
  }
  /* A memory's base never moves (its whole range is reserved when it is
   * created), so generated code reads it from the instance directly. */
  rt_ptr_slot *bases = ptr_region(inst, layout.bases);
  for (uint32_t i = 0; i < module->counts.memories; ++i)
    bases[i].p = ((const wasirt_memory *)memories[i].p)->base;
  /* Explicit bounds checks read a defined, unshared memory's size from the
   * instance (one load instead of two); the memory keeps the copy current
   * until the instance is freed. */
  uint64_t *sizes = (uint64_t *)rt_region(inst, layout.sizes);
  for (uint32_t i = module->n_imported_memories; i < module->counts.memories;
       ++i)
    if (!(module->memories[i].flags & WASIRT_LIMITS_SHARED))
      wasirt__memory_set_size_copy((wasirt_memory *)memories[i].p, &sizes[i]);

  if (!(module->flags & WASIRT_MODULE_BOUNDS_EXPLICIT)) {
    /* Without explicit checks, generated code relies on the guard region
     * to catch out-of-bounds accesses of 32-bit memories. */
    for (uint32_t i = 0; i < module->counts.memories; ++i) {
      const wasirt_memory *m = (const wasirt_memory *)memories[i].p;
      if (!(m->flags & WASIRT_LIMITS_64) && !wasirt__memory_has_guard(m)) {
        wasirt__set_error(err, WASIRT_ERR_RESOURCE,
                          "memory %u has no guard region (reserving its 8 GiB "
                          "of address space failed, or it was imported "
                          "without one); recompile the module with "
                          "--bounds-checks=explicit",
                          i);
        return WASIRT_ERR_RESOURCE;
      }
    }
  }

  rt_ptr_slot *tables = ptr_region(inst, layout.tables);
  for (uint32_t i = module->n_imported_tables; i < module->counts.tables; ++i) {
    const wasirt_tabletype *tt = &module->tables[i];
    tables[i].p =
        wasirt__table_create(tt->elem_type, tt->min, tt->max, tt->flags);
    if (!tables[i].p) {
      wasirt__set_error(err, WASIRT_ERR_RESOURCE,
                        "cannot allocate table %u (%llu elements)", i,
                        (unsigned long long)tt->min);
      return WASIRT_ERR_RESOURCE;
    }
  }

  for (uint32_t i = module->n_imported_funcs; i < module->counts.funcs; ++i) {
    const wasirt_funcdef *f = &module->funcs[i - module->n_imported_funcs];
    wasirt_funcref *slot = rt_funcref(inst, i);
    slot->code = f->code;
    slot->ctx = inst;
    slot->type_id = type_ids[f->type];
  }

  uint64_t *data = (uint64_t *)rt_region(inst, layout.data);
  for (uint32_t i = 0; i < module->counts.data; ++i)
    data[i] = module->data[i].length;

  wasirt__set_stack_limit(&inst->header);
  return WASIRT_OK;
}

static void run_init(void *inst) {
  wasirt_instance *i = (wasirt_instance *)inst;
  i->header.module->init(inst);
}

static void run_start(void *inst) {
  wasirt_instance *i = (wasirt_instance *)inst;
  const wasirt_module *module = i->header.module;
  uint32_t n = (uint32_t)module->start_func;
  const wasirt_funcref *f = rt_funcref(inst, n);
  module->types[func_type(module, n)].trampoline(f->code, f->ctx, NULL);
}

/* After a trap in init or start: whether references to this instance's
 * functions may have escaped into the importer's world (imported tables,
 * globals or functions), in which case it must stay alive. */
static int may_have_escaped(const wasirt_module *module, int in_start) {
  if (module->n_imported_tables)
    return 1;
  return in_start && (module->n_imported_funcs || module->n_imported_globals);
}

/* Runs init or start. On a trap or exit, the instance is freed, or, when
 * references to it may have escaped, handed to the embedder in *out (to
 * free once nothing uses them; the runtime cannot know when). */
static int run_phase(wasirt_instance *inst, void (*fn)(void *), int in_start,
                     wasirt_instance **out, wasirt_error *err) {
  int status = wasirt__run_guarded(fn, inst, err);
  if (status == WASIRT_OK)
    return WASIRT_OK;
  if (status == WASIRT_ERR_TRAP && err) {
    wasirt_trap_code code = err->trap;
    wasirt__set_error(err, WASIRT_ERR_TRAP, "uninstantiable: %s",
                      wasirt_trap_message(code));
    err->trap = code;
  }
  if (may_have_escaped(inst->header.module, in_start))
    *out = inst;
  else
    wasirt_instance_free(inst);
  return status;
}

static int instantiate(const wasirt_module *module, const wasirt_config *cfg,
                       wasirt_instance *model, wasirt_instance **out,
                       wasirt_error *err) {
  clear_error(err);
  *out = NULL;
  if (!module || module->abi_version != WASIRT_ABI_VERSION) {
    wasirt__set_error(err, WASIRT_ERR_ABI,
                      "module compiled for ABI version %u, runtime has %u",
                      module ? module->abi_version : 0u, WASIRT_ABI_VERSION);
    return WASIRT_ERR_ABI;
  }
  wasirt_instance *inst = NULL;
  int status = create_instance(module, cfg, model, &inst, err);
  if (status != WASIRT_OK) {
    wasirt_instance_free(inst);
    return status;
  }
  if (module->init) {
    status = run_phase(inst, run_init, 0, out, err);
    if (status != WASIRT_OK)
      return status;
  }
  if (module->start_func >= 0) {
    status = run_phase(inst, run_start, 1, out, err);
    if (status != WASIRT_OK)
      return status;
  }
  *out = inst;
  return WASIRT_OK;
}

int wasirt_instantiate(const wasirt_module *module, const wasirt_config *cfg,
                       wasirt_instance **out, wasirt_error *err) {
  return instantiate(module, cfg, NULL, out, err);
}

int wasirt_instantiate_like(wasirt_instance *model, wasirt_instance **out,
                            wasirt_error *err) {
  wasirt_config cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.host_data = model->header.host_data;
  cfg.wasi = model->header.wasi;
  return instantiate(model->header.module, &cfg, model, out, err);
}

/* Drops the instance's references to its memories and tables (freeing those
 * nobody else imported) and frees the rest. References to its functions
 * that were stored elsewhere (another instance's table, a host variable)
 * dangle afterwards: as in the spec, where instances live as long as the
 * store, freeing one that others still use is the embedder's mistake. */
void wasirt_instance_free(wasirt_instance *inst) {
  if (!inst)
    return;
  const wasirt_module *module = inst->header.module;
  wasirt_layout layout = wasirt_compute_layout(module->counts);
  rt_ptr_slot *memories = ptr_region(inst, layout.memories);
  for (uint32_t i = 0; i < module->counts.memories; ++i) {
    wasirt_memory *memory = (wasirt_memory *)memories[i].p;
    /* Another instance may still use a memory this one defined: it must
     * stop writing into this instance's sizes region. */
    if (memory && i >= module->n_imported_memories)
      wasirt__memory_set_size_copy(memory, NULL);
    wasirt__memory_release(memory);
  }
  rt_ptr_slot *tables = ptr_region(inst, layout.tables);
  for (uint32_t i = 0; i < module->counts.tables; ++i)
    wasirt__table_release((wasirt_table *)tables[i].p);
  for (uint32_t i = 0; i < module->counts.elems; ++i)
    free(rt_elem(inst, i)->items);
  free(inst);
}

const wasirt_module *wasirt_instance_module(const wasirt_instance *inst) {
  return inst->header.module;
}

wasirt_memory *wasirt_instance_memory(wasirt_instance *inst, uint32_t n) {
  if (n >= inst->header.module->counts.memories)
    return NULL;
  return rt_memory(inst, n);
}

/*===--------------------------- exports, calls -------------------------===*/

int wasirt_instance_export(wasirt_instance *inst, const char *name,
                           wasirt_extern *out) {
  return wasirt_instance_export_n(inst, name, strlen(name), out);
}

int wasirt_instance_export_n(wasirt_instance *inst, const char *name,
                             size_t name_len, wasirt_extern *out) {
  const wasirt_module *module = inst->header.module;
  const wasirt_export *ex = find_export(module, name, name_len);
  if (!ex)
    return WASIRT_ERR_NOT_FOUND;
  memset(out, 0, sizeof *out);
  out->kind = ex->kind;
  switch (ex->kind) {
  case WASIRT_EXTERN_FUNC:
    out->u.func = *rt_funcref(inst, ex->index);
    out->flags = WASIRT_EXTERN_WASM_CODE;
    break;
  case WASIRT_EXTERN_TABLE:
    out->u.table = rt_table(inst, ex->index);
    break;
  case WASIRT_EXTERN_MEMORY:
    out->u.memory = rt_memory(inst, ex->index);
    break;
  case WASIRT_EXTERN_GLOBAL:
    out->u.global.cell = wasirt__global_cell(inst, ex->index);
    out->u.global.valtype = module->globals[ex->index].valtype;
    out->u.global.mutable_ = module->globals[ex->index].mutable_;
    break;
  case WASIRT_EXTERN_TAG:
    out->u.tag =
        ptr_region(inst, wasirt_compute_layout(module->counts).tags)[ex->index]
            .p;
    break;
  default:
    return WASIRT_ERR_NOT_FOUND;
  }
  return WASIRT_OK;
}

typedef struct rt_call {
  wasirt_trampoline trampoline;
  void *code, *ctx;
  wasirt_value *vals;
} rt_call;

static void run_call(void *arg) {
  rt_call *c = (rt_call *)arg;
  c->trampoline(c->code, c->ctx, c->vals);
}

int wasirt_call(wasirt_instance *inst, const char *name, wasirt_value *vals,
                uint32_t n_args, uint32_t n_results, wasirt_error *err) {
  clear_error(err);
  const wasirt_module *module = inst->header.module;
  const wasirt_export *ex = find_export(module, name, strlen(name));
  if (!ex) {
    wasirt__set_error(err, WASIRT_ERR_NOT_FOUND, "unknown export: %s", name);
    return WASIRT_ERR_NOT_FOUND;
  }
  if (ex->kind != WASIRT_EXTERN_FUNC) {
    wasirt__set_error(err, WASIRT_ERR_ARGS, "export %s is not a function",
                      name);
    return WASIRT_ERR_ARGS;
  }
  const wasirt_functype *type = &module->types[func_type(module, ex->index)];
  if (type->n_params != n_args || type->n_results != n_results) {
    wasirt__set_error(
        err, WASIRT_ERR_ARGS,
        "%s takes %u parameters and returns %u results, called with "
        "%u and %u",
        name, type->n_params, type->n_results, n_args, n_results);
    return WASIRT_ERR_ARGS;
  }
  if (wasirt__guard_depth() == 0)
    wasirt__set_stack_limit(&inst->header);
  const wasirt_funcref *f = rt_funcref(inst, ex->index);
  rt_call c = {type->trampoline, f->code, f->ctx, vals};
  return wasirt__run_guarded(run_call, &c, err);
}

int wasirt_call_funcref(const wasirt_funcref *func, const wasirt_functype *type,
                        wasirt_value *vals, wasirt_error *err) {
  clear_error(err);
  if (!func || !type || !type->trampoline) {
    wasirt__set_error(err, WASIRT_ERR_ARGS, "null function reference or type");
    return WASIRT_ERR_ARGS;
  }
  uint64_t id = wasirt_intern_type(type->params, type->n_params, type->results,
                                   type->n_results);
  if (id != func->type_id) {
    wasirt__set_error(err, WASIRT_ERR_ARGS, "function type mismatch");
    return WASIRT_ERR_ARGS;
  }
  rt_call c = {type->trampoline, func->code, func->ctx, vals};
  return wasirt__run_guarded(run_call, &c, err);
}
