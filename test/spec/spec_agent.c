/*===- spec_agent.c - spec-agent: a script's modules on another target ---===*
 *
 *   spec-agent TIMEOUT
 *
 * Cross-compiled for the target (with libwasirt's objects, exporting
 * their symbols to the libraries it loads) and run under qemu-user by
 * spec-runner's RemoteEngine (Engine.h), which sends one request per line
 * on stdin and reads one reply per line on stdout. Strings (paths, names,
 * messages) are in hex, "-" when empty; values are a wasirt_valtype code
 * and the 16 bytes of a wasirt_value in hex; handles count from 1, and 0
 * is none. Calls into wasm are limited to TIMEOUT seconds (spec_host.h).
 *
 *   H                          h                   (ready)
 *   L PATH SYMBOL              l MODULE MESSAGE    (dlopen; the descriptor)
 *   I MODULE                   i STATUS INSTANCE TRAP MESSAGE
 *   R INSTANCE NAME            r                   (register)
 *   C INSTANCE FIELD N (TYPE VALUE){N}             (invoke)
 *   G INSTANCE FIELD                               (get)
 *       both reply  o PROBLEM DETAIL STATUS TRAP N (TYPE VALUE){N} MESSAGE
 *   X                          (crashes: tests the runner)
 *
 * It ends at the end of its input.
 *
 *===----------------------------------------------------------------------===*/
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "spec_host.h"
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Everything the agent keeps; handles are index + 1 into the lists. */
typedef struct agent {
  unsigned timeout;
  spec_env *env;
  void **modules;
  size_t n_modules;
  void **instances;
  size_t n_instances;
  spec_outcome out;
  uint8_t types[SPEC_MAX_VALUES];
  wasirt_value args[SPEC_MAX_VALUES];
  char *words[4 + 2 * SPEC_MAX_VALUES];
} agent;

static int add(void ***list, size_t *n, void *p) {
  void **grown = realloc(*list, (*n + 1) * sizeof **list);
  if (!grown)
    return 0;
  *list = grown;
  grown[(*n)++] = p;
  return (int)*n;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes hex text in place into bytes (NUL-terminated); their number,
 * or -1. */
static long unhex(char *s) {
  if (strcmp(s, "-") == 0) {
    s[0] = 0;
    return 0;
  }
  size_t len = strlen(s);
  if (len % 2)
    return -1;
  for (size_t i = 0; i < len / 2; ++i) {
    int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);
    if (hi < 0 || lo < 0)
      return -1;
    s[i] = (char)(hi * 16 + lo);
  }
  s[len / 2] = 0;
  return (long)(len / 2);
}

static void put_hex(const void *p, size_t n) {
  const unsigned char *b = p;
  if (n == 0)
    fputs("-", stdout);
  for (size_t i = 0; i < n; ++i)
    printf("%02x", b[i]);
}

static void put_message(const char *m) {
  putchar(' ');
  put_hex(m, strlen(m));
  putchar('\n');
}

static wasirt_instance *instance(const agent *a, const char *h) {
  unsigned long i = strtoul(h, NULL, 10);
  return i >= 1 && i <= a->n_instances ? a->instances[i - 1] : NULL;
}

static void put_outcome(const spec_outcome *o) {
  printf("o %d %u %d %d %u", o->problem, o->detail, o->status, (int)o->err.trap,
         o->n);
  for (uint32_t i = 0; i < o->n; ++i) {
    printf(" %u ", o->types[i]);
    put_hex(&o->values[i], sizeof o->values[i]);
  }
  put_message(o->err.message);
}

/* The words of a request, split in place into a->words. */
static size_t split(agent *a, char *line) {
  size_t n = 0, max = sizeof a->words / sizeof a->words[0];
  for (char *save = NULL, *w = strtok_r(line, " \n", &save); w && n < max;
       w = strtok_r(NULL, " \n", &save))
    a->words[n++] = w;
  return n;
}

static void load(agent *a, char **w) {
  long path = unhex(w[1]), sym = unhex(w[2]);
  if (path < 0 || sym < 0) {
    printf("l 0");
    put_message("bad request");
    return;
  }
  void *lib = dlopen(w[1], RTLD_NOW | RTLD_LOCAL);
  void *desc = lib ? dlsym(lib, w[2]) : NULL;
  if (!desc) {
    printf("l 0");
    put_message(dlerror());
    return;
  }
  printf("l %d", add(&a->modules, &a->n_modules, desc));
  put_message("");
}

static void instantiate(agent *a, char **w) {
  unsigned long m = strtoul(w[1], NULL, 10);
  wasirt_instance *inst = NULL;
  wasirt_error err;
  memset(&err, 0, sizeof err);
  int status = WASIRT_ERR_NOT_FOUND;
  if (m >= 1 && m <= a->n_modules)
    status =
        spec_instantiate(a->env, a->modules[m - 1], a->timeout, &inst, &err);
  else
    snprintf(err.message, sizeof err.message, "no module %lu", m);
  int h = inst ? add(&a->instances, &a->n_instances, inst) : 0;
  printf("i %d %d %d", status, h, (int)err.trap);
  put_message(err.message);
}

static void invoke(agent *a, char **w, size_t n) {
  spec_outcome *out = &a->out;
  memset(out, 0, sizeof *out);
  wasirt_instance *inst = instance(a, w[1]);
  long len = unhex(w[2]);
  unsigned long n_args = strtoul(w[3], NULL, 10);
  if (!inst || len < 0 || n_args > SPEC_MAX_VALUES || n != 4 + 2 * n_args) {
    out->problem = SPEC_UNKNOWN_EXPORT;
    put_outcome(out);
    return;
  }
  for (unsigned long i = 0; i < n_args; ++i) {
    a->types[i] = (uint8_t)strtoul(w[4 + 2 * i], NULL, 10);
    if (unhex(w[5 + 2 * i]) != (long)sizeof a->args[i]) {
      out->problem = SPEC_BAD_ARGUMENT;
      out->detail = (uint32_t)i;
      put_outcome(out);
      return;
    }
    memcpy(&a->args[i], w[5 + 2 * i], sizeof a->args[i]);
  }
  spec_invoke(inst, w[2], (size_t)len, a->types, a->args, (uint32_t)n_args,
              a->timeout, out);
  put_outcome(out);
}

static void get(agent *a, char **w) {
  spec_outcome *out = &a->out;
  memset(out, 0, sizeof *out);
  wasirt_instance *inst = instance(a, w[1]);
  long len = unhex(w[2]);
  if (!inst || len < 0)
    out->problem = SPEC_UNKNOWN_EXPORT;
  else
    spec_get(inst, w[2], (size_t)len, out);
  put_outcome(out);
}

int main(int argc, char **argv) {
  agent *a = calloc(1, sizeof *a);
  if (!a || !(a->env = spec_env_new()))
    return 1;
  a->timeout = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 0;
  char *line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, stdin) > 0) {
    size_t n = split(a, line);
    char **w = a->words;
    if (n == 0)
      continue;
    if (strcmp(w[0], "H") == 0) {
      puts("h");
    } else if (strcmp(w[0], "L") == 0 && n == 3) {
      load(a, w);
    } else if (strcmp(w[0], "I") == 0 && n == 2) {
      instantiate(a, w);
    } else if (strcmp(w[0], "R") == 0 && n == 3 && unhex(w[2]) >= 0) {
      wasirt_instance *inst = instance(a, w[1]);
      if (inst)
        spec_env_register(a->env, w[2], inst);
      puts("r");
    } else if (strcmp(w[0], "C") == 0 && n >= 4) {
      invoke(a, w, n);
    } else if (strcmp(w[0], "G") == 0 && n == 3) {
      get(a, w);
    } else if (strcmp(w[0], "X") == 0) {
      raise(SIGSEGV); /* tests the runner (--debug-crash-at) */
    } else {
      puts("? bad request");
    }
    fflush(stdout);
  }
  free(line);
  spec_env_free(a->env);
  free(a->modules);
  free(a->instances);
  free(a);
  return 0;
}
