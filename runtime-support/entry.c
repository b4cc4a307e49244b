/*===- entry.c - wasirt_main: run a compiled WASI command -----------------===*
 *
 * What a standalone program does (main.c calls it with the module linked
 * in): set up WASI, instantiate, call "_start", turn the outcome into an
 * exit status as `wasmtime run` does.
 *
 * Capabilities. By default the program gets its arguments (argv[0]
 * included), stdio, and nothing else: no directory, an empty environment.
 * Grants come from two places, applied in this order:
 *
 *   1. the grants compiled into the module (wasm2obj --dir, --env,
 *      --inherit-env; wasirt_module.wasi_grants);
 *   2. the environment variable WASM2OBJ_GRANTS, which adds to or overrides
 *      them at run time.
 *
 * Both use the same grant words:
 *
 *   dir=HOST::GUEST   preopen the host directory HOST as GUEST
 *   dir=HOST          the same, as HOST
 *   env=NAME=VALUE    set NAME in the program's environment
 *   env=NAME          pass the host's NAME, if set
 *   inherit-env       pass the whole host environment (env= entries
 *                     still override it)
 *   clear             forget every grant made so far (to run a program
 *                     with less than was compiled in)
 *
 * A later dir= with the same GUEST replaces the host directory (keeping its
 * descriptor number); a later env= for the same NAME replaces the value.
 * Preopened directories get descriptors 3, 4, ... in the order granted.
 *
 * WASM2OBJ_GRANTS holds grant words separated by blanks (space, tab,
 * newline); a backslash makes the next character literal, so blanks and
 * backslashes in paths and values are written "\ " and "\\":
 *
 *   WASM2OBJ_GRANTS='dir=/srv/my\ data::/data env=LANG=C inherit-env' ./app
 *
 * A word it does not understand is an error (exit status 1): a mistyped
 * grant never runs the program with less or more than intended.
 *
 * Other variables:
 *
 *   WASM2OBJ_TRACE_WASI=1      trace every WASI call (arguments and
 *                              result) on stderr
 *   WASM2OBJ_WASI_NO_OPENAT2=1 resolve paths with the portable walk even
 *                              where openat2(2) exists (for testing)
 *
 * Exit status: 0 when "_start" returns; the status given to proc_exit; 134
 * after printing "wasm trap: MESSAGE" when the program traps (wasmtime
 * aborts, 128 + SIGABRT); 1 after printing an error when the program cannot
 * start. A module without "_start" (a reactor) has its "_initialize" run,
 * if it exports one, and exits 0, as `wasmtime run` does.
 *
 * wasi-threads: a shared memory the module imports is created from the
 * import's type (wasmtime does the same), and once the program has spawned
 * threads (lib/Wasi/wasi_thread.c) the process ends when "_start" returns,
 * whatever they are doing, with "_start"'s outcome.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "wasm2obj/wasi.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

/* A growable list of owned strings. */
typedef struct str_list {
  char **v;
  uint32_t n, cap;
} str_list;

static int list_push(str_list *l, char *s) {
  if (!s)
    return 0;
  if (l->n == l->cap) {
    uint32_t cap = l->cap ? l->cap * 2 : 8;
    char **v = realloc(l->v, cap * sizeof(char *));
    if (!v) {
      free(s);
      return 0;
    }
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n++] = s;
  return 1;
}

static void list_remove(str_list *l, uint32_t i) {
  free(l->v[i]);
  memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof(char *));
  --l->n;
}

static void list_clear(str_list *l) {
  while (l->n)
    free(l->v[--l->n]);
}

static void list_free(str_list *l) {
  list_clear(l);
  free(l->v);
  l->v = NULL;
  l->cap = 0;
}

/* The grants collected so far. */
typedef struct grants {
  str_list hosts, guests; /* preopens, in order */
  str_list env;           /* "NAME=VALUE" */
  int inherit_env;
} grants;

static void grants_free(grants *g) {
  list_free(&g->hosts);
  list_free(&g->guests);
  list_free(&g->env);
}

/* Sets NAME=VALUE (ENTRY), replacing an earlier entry for NAME. */
static int set_env(str_list *env, const char *entry) {
  size_t nl = strcspn(entry, "=");
  for (uint32_t i = 0; i < env->n; ++i) {
    if (strncmp(env->v[i], entry, nl) == 0 && env->v[i][nl] == '=') {
      list_remove(env, i);
      break;
    }
  }
  return list_push(env, strdup(entry));
}

/* Applies one grant word. Returns 1, 0 on a word it does not know, -1 when
 * out of memory. */
static int apply_grant(grants *g, const char *w) {
  if (strcmp(w, "inherit-env") == 0) {
    g->inherit_env = 1;
    return 1;
  }
  if (strcmp(w, "clear") == 0) {
    list_clear(&g->hosts);
    list_clear(&g->guests);
    list_clear(&g->env);
    g->inherit_env = 0;
    return 1;
  }
  if (strncmp(w, "env=", 4) == 0 && w[4] && w[4] != '=') {
    const char *e = w + 4;
    if (strchr(e, '='))
      return set_env(&g->env, e) ? 1 : -1;
    const char *value = getenv(e);
    if (!value)
      return 1;
    size_t len = strlen(e) + 1 + strlen(value) + 1;
    char *entry = malloc(len);
    if (!entry)
      return -1;
    snprintf(entry, len, "%s=%s", e, value);
    int ok = set_env(&g->env, entry);
    free(entry);
    return ok ? 1 : -1;
  }
  if (strncmp(w, "dir=", 4) == 0 && w[4]) {
    const char *d = w + 4;
    const char *sep = strstr(d, "::");
    char *host = sep ? strndup(d, (size_t)(sep - d)) : strdup(d);
    char *guest = strdup(sep ? sep + 2 : d);
    if (!host || !guest || !host[0] || !guest[0]) {
      int oom = !host || !guest;
      free(host);
      free(guest);
      return oom ? -1 : 0;
    }
    for (uint32_t i = 0; i < g->guests.n; ++i) {
      if (strcmp(g->guests.v[i], guest) == 0) {
        free(g->hosts.v[i]);
        g->hosts.v[i] = host;
        free(guest);
        return 1;
      }
    }
    if (!list_push(&g->hosts, host)) {
      free(guest);
      return -1;
    }
    return list_push(&g->guests, guest) ? 1 : -1;
  }
  return 0;
}

static int report_bad_grant(const char *prog, const char *where,
                            const char *word, int r) {
  if (r < 0)
    fprintf(stderr, "%s: error: out of memory\n", prog);
  else
    fprintf(stderr, "%s: error: %s: unknown grant '%s'\n", prog, where, word);
  return 1;
}

/* Applies the blank-separated, backslash-escaped words of TEXT. */
static int apply_grant_words(grants *g, const char *text, const char *prog) {
  char *word = malloc(strlen(text) + 1);
  if (!word)
    return report_bad_grant(prog, "", "", -1);
  const char *p = text;
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\n')
      ++p;
    if (!*p)
      break;
    size_t n = 0;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n') {
      if (*p == '\\' && p[1])
        ++p;
      word[n++] = *p++;
    }
    word[n] = 0;
    int r = apply_grant(g, word);
    if (r <= 0) {
      report_bad_grant(prog, "WASM2OBJ_GRANTS", word, r);
      free(word);
      return 1;
    }
  }
  free(word);
  return 0;
}

/* Builds the program's environment from the grants. */
static int build_env(const grants *g, str_list *env) {
  if (g->inherit_env)
    for (char **e = environ; *e; ++e)
      if (strchr(*e, '=') && !set_env(env, *e))
        return 0;
  for (uint32_t i = 0; i < g->env.n; ++i)
    if (!set_env(env, g->env.v[i]))
      return 0;
  return 1;
}

/* As Rust's runtime, and so wasmtime: descriptors 0, 1 and 2 are open
 * (on /dev/null if they were not), so that nothing opened later, such as a
 * preopened directory, takes the place of the program's stdio. */
static void ensure_stdio(void) {
  for (int fd = 0; fd < 3; ++fd) {
    if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
      continue;
    int n = open("/dev/null", O_RDWR);
    if (n >= 0 && n != fd) {
      dup2(n, fd);
      close(n);
    }
  }
}

static int flag_set(const char *name) {
  const char *v = getenv(name);
  return v && v[0] && strcmp(v, "0") != 0;
}

static int has_func_export(const wasirt_module *m, const char *name) {
  size_t len = strlen(name);
  for (uint32_t i = 0; i < m->n_exports; ++i) {
    const wasirt_export *e = &m->exports[i];
    if (e->kind == WASIRT_EXTERN_FUNC && e->name_len == len &&
        memcmp(e->name, name, len) == 0)
      return 1;
  }
  return 0;
}

/* The memories wasirt_main creates for the module's shared memory imports:
 * a wasi-threads program imports its memory (wasm-ld --import-memory
 * --shared-memory), and wasmtime creates it from the import's type. */
typedef struct created_memories {
  const wasirt_module *module;
  wasirt_memory **v;
  uint32_t n;
  int failed; /* one could not be created: its import is then unknown */
} created_memories;

static int resolve_shared_memory(void *user, const char *module,
                                 const char *name, uint32_t kind,
                                 wasirt_extern *out) {
  created_memories *c = (created_memories *)user;
  if (kind != WASIRT_EXTERN_MEMORY)
    return 0;
  /* The runtime passes the descriptor's own name strings. */
  for (uint32_t i = 0; i < c->module->n_imports; ++i) {
    const wasirt_import *imp = &c->module->imports[i];
    if (imp->kind != kind || imp->module != module || imp->name != name)
      continue;
    const wasirt_memtype *t = &c->module->memories[imp->index];
    if (!(t->flags & WASIRT_LIMITS_SHARED))
      return 0;
    wasirt_memory *m = wasirt_memory_new(t->min_pages, t->max_pages, t->flags);
    if (!m) {
      c->failed = 1;
      return 0;
    }
    c->v[c->n++] = m;
    out->kind = kind;
    out->u.memory = m;
    return 1;
  }
  return 0;
}

/* Exit status for the outcome ST / ERR of instantiating or running, and in
 * MESSAGE the line to print on stderr first (empty for none). */
static int outcome(int st, const wasirt_error *err, const char *prog,
                   char *message, size_t size) {
  message[0] = '\0';
  switch (st) {
  case WASIRT_OK:
    return 0;
  case WASIRT_ERR_EXIT:
    return err->exit_status;
  case WASIRT_ERR_TRAP:
    snprintf(message, size, "wasm trap: %s", wasirt_trap_message(err->trap));
    return WASIRT_TRAP_EXIT_STATUS;
  default:
    snprintf(message, size, "%s: error: %s", prog, err->message);
    return 1;
  }
}

/* The same, printing the line. */
static int report(int st, const wasirt_error *err, const char *prog) {
  char message[512];
  int status = outcome(st, err, prog, message, sizeof message);
  if (message[0])
    fprintf(stderr, "%s\n", message);
  return status;
}

int wasirt_main(const wasirt_module *module, int argc, char **argv) {
  const char *prog = argc > 0 && argv[0] ? argv[0] : "wasirt";
  /* As wasmtime (Rust ignores SIGPIPE): a closed pipe is EPIPE for the
   * program, not the end of the process. */
  signal(SIGPIPE, SIG_IGN);
  ensure_stdio();

  grants g;
  memset(&g, 0, sizeof(g));
  for (const char *w = module->wasi_grants; w && *w; w += strlen(w) + 1) {
    int r = apply_grant(&g, w);
    if (r <= 0) {
      report_bad_grant(prog, "module", w, r);
      grants_free(&g);
      return 1;
    }
  }
  const char *runtime_grants = getenv("WASM2OBJ_GRANTS");
  if (runtime_grants && apply_grant_words(&g, runtime_grants, prog)) {
    grants_free(&g);
    return 1;
  }

  str_list env;
  memset(&env, 0, sizeof(env));
  wasirt_wasi_dir *dirs = calloc(g.hosts.n ? g.hosts.n : 1, sizeof(*dirs));
  if (!dirs || !build_env(&g, &env)) {
    fprintf(stderr, "%s: error: out of memory\n", prog);
    free(dirs);
    list_free(&env);
    grants_free(&g);
    return 1;
  }
  for (uint32_t i = 0; i < g.hosts.n; ++i) {
    dirs[i].host_path = g.hosts.v[i];
    dirs[i].guest_path = g.guests.v[i];
  }

  wasirt_wasi_config wc;
  wasirt_wasi_config_init(&wc);
  wc.argc = argc;
  wc.argv = argv;
  wc.env = (const char *const *)env.v;
  wc.n_env = env.n;
  wc.dirs = dirs;
  wc.n_dirs = g.hosts.n;
  if (flag_set("WASM2OBJ_TRACE_WASI"))
    wc.flags |= WASIRT_WASI_TRACE;
  if (flag_set("WASM2OBJ_WASI_NO_OPENAT2"))
    wc.flags |= WASIRT_WASI_NO_OPENAT2;

  wasirt_error err;
  memset(&err, 0, sizeof(err));
  wasirt_wasi *wasi = NULL;
  int st = wasirt_wasi_new(&wc, &wasi, &err);
  free(dirs);
  list_free(&env);
  grants_free(&g);
  if (st != WASIRT_OK)
    return report(st, &err, prog);

  created_memories mems;
  memset(&mems, 0, sizeof(mems));
  mems.module = module;
  mems.v = calloc(module->n_imports ? module->n_imports : 1,
                  sizeof(wasirt_memory *));
  if (!mems.v) {
    fprintf(stderr, "%s: error: out of memory\n", prog);
    wasirt_wasi_free(wasi);
    return 1;
  }
  wasirt_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.wasi = wasi;
  cfg.resolve = resolve_shared_memory;
  cfg.resolve_user = &mems;
  wasirt_instance *inst = NULL;
  st = wasirt_instantiate(module, &cfg, &inst, &err);
  if (st == WASIRT_ERR_LINK && mems.failed)
    snprintf(err.message, sizeof err.message,
             "cannot allocate the shared memory the module imports");
  if (st == WASIRT_OK) {
    wasirt_value vals[1];
    if (has_func_export(module, "_start"))
      st = wasirt_call(inst, "_start", vals, 0, 0, &err);
    else if (has_func_export(module, "_initialize"))
      st = wasirt_call(inst, "_initialize", vals, 0, 0, &err);
  }
  /* Threads spawned with wasi-threads may still run on the instance, its
   * memory and the context: the process ends without freeing them (and,
   * should a thread end it first, without this outcome's message). */
  if (wasirt_wasi_threads_started(wasi)) {
    char message[512];
    int status = outcome(st, &err, prog, message, sizeof message);
    wasirt_wasi_exit_process(status, message[0] ? message : NULL);
  }
  int status = report(st, &err, prog);
  if (inst)
    wasirt_instance_free(inst);
  for (uint32_t i = 0; i < mems.n; ++i)
    wasirt_memory_free(mems.v[i]);
  free(mems.v);
  wasirt_wasi_free(wasi);
  return status;
}
