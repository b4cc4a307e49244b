#!/usr/bin/env python3
"""Differential fuzzing of wasm2obj's exception handling.

For each seed, eh_gen.py makes a random module (in one of four mixes,
MIXES) of exception handling in both forms (legacy try/catch/delegate/rethrow, and try_table with catch,
catch_ref, catch_all and catch_all_ref, throw_ref, exnref in locals,
blocks, selects, a global and calls), and eh_interp.py computes, as the
specification says, what its export f returns or how it traps for
k = 0..7, called in that order on one instance (the exnref global
persists between calls). wasm2obj compiles the module in each mode, a
generated C driver calls f(0)..f(7) through wasirt_try, then again
directly through its symbol (no guard, whose end would free what a call
left live) those that return normally, and prints each result or trap
and how many exceptions the call left live.

Each (seed, mode) is one assertion: every line must equal the expected
one, with no exception left live after any call (the compiler keeps an
exnref that only goes to throw_ref or a drop owned, and must free it on
every path: lib/Translate/UnpinExnRefs.h), and the program must exit 0
with nothing on stderr. Linked with the sanitized libwasirt.a
(runtime-support/CMakeLists.txt), a double free or a leak fails too;
--valgrind runs each program under valgrind, which also sees reads of
freed exceptions by generated code.

The last line is "eh-fuzz: N passed, N failed". Exit status 1 if any
failed.
"""

import argparse
import concurrent.futures
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(1, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cross_target  # noqa: E402
import eh_gen  # noqa: E402

MODES = {
    "O2": ["-O2"],
    "O0": ["-O0"],
    "O2x": ["-O2", "--bounds-checks=explicit"],
    "O0x": ["-O0", "--bounds-checks=explicit"],
    "O1": ["-O1"],
    "O3": ["-O3"],
}
CALLS = range(8)
# The generator's mixes, one per seed in turn: the default; exnrefs kept
# in SSA form (no local.set between catch and use, where the compiler
# keeps most owned); exnref locals filled first and thrown again into
# handlers of the same function (the exceptions it must keep pinned);
# nothing escaping, with owned exnrefs live across calls that throw.
MIXES = [{}, {"ssa": True}, {"init": True, "reuse": 0.4},
         {"escape": False, "scoped": 0.4}]


def driver(calls):
    """The C driver: CALLS is a list of (k, guarded); f is (i32) -> i32."""
    out = [
        '#include "t.h"',
        "#include <stdint.h>",
        "#include <stdio.h>",
        "uint64_t wasirt__exceptions_live(void);",
        "struct C {",
        "  wasirt_instance *I;",
        "  uint32_t A, R;",
        "};",
        "static void run(void *p) {",
        "  struct C *c = p;",
        "  c->R = w2o_tQE_f(c->I, c->A);",
        "}",
        "int main(void) {",
        "  wasirt_instance *I;",
        "  wasirt_error E;",
        "  if (wasirt_instantiate(&w2o_module_t, NULL, &I, &E) != WASIRT_OK) {",
        '    fprintf(stderr, "instantiate: %s\\n", E.message);',
        "    return 1;",
        "  }",
        "  uint64_t before;",
        "  struct C c;",
    ]
    for k, guarded in calls:
        out.append("  before = wasirt__exceptions_live();")
        if guarded:
            out += [
                f"  c = (struct C){{I, {k}, 0}};",
                "  if (wasirt_try(run, &c, &E) == WASIRT_OK)",
                f'    printf("f({k}) = %d [g] live+%lld\\n", (int)c.R,',
                "           (long long)(wasirt__exceptions_live() - before));",
                "  else",
                f'    printf("f({k}) trap %s [g] live+%lld\\n",',
                "           wasirt_trap_message(E.trap),",
                "           (long long)(wasirt__exceptions_live() - before));",
            ]
        else:
            out += [
                f"  c.R = w2o_tQE_f(I, {k});",
                f'  printf("f({k}) = %d live+%lld\\n", (int)c.R,',
                "         (long long)(wasirt__exceptions_live() - before));",
            ]
    out += ["  wasirt_instance_free(I);", "  return 0;", "}"]
    return "\n".join(out) + "\n"


def expectations(seed):
    """(module bytes, C driver, expected output lines), or a reason to skip
    the seed (the interpreter ran out of fuel)."""
    m, funcs, types = eh_gen.make(seed, MIXES[seed % len(MIXES)])
    glob = [None]
    calls, want = [], []
    for k in CALLS:
        status, value = eh_gen.expect(funcs, types, k, glob)
        if status == "trap" and value == "fuel":
            return None, None, None, f"seed {seed}: f({k}) runs too long"
        calls.append((k, True))
        if status == "ok":
            want.append(f"f({k}) = {value} [g] live+0")
        else:
            want.append(f"f({k}) trap {value} [g] live+0")
    for k in CALLS:
        g = list(glob)
        status, value = eh_gen.expect(funcs, types, k, g)
        if status == "ok":
            glob[:] = g
            calls.append((k, False))
            want.append(f"f({k}) = {value} live+0")
    return m.bytes(), driver(calls), want, None


def run(cmd, timeout=120):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


def check_seed(args, seed):
    """[(mode, problem or None)] for one seed; problem None is a pass.
    A seed the generator cannot use gives [(None, reason)]."""
    wasm, main_c, want, skip = expectations(seed)
    if skip:
        return [(None, skip)]
    work = os.path.join(args.work, str(seed))
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(work, "t.wasm"), "wb") as f:
        f.write(wasm)
    with open(os.path.join(work, "main.c"), "w") as f:
        f.write(main_c)
    results = []
    for mode in args.modes:
        obj = os.path.join(work, f"t-{mode}.o")
        exe = os.path.join(work, f"run-{mode}")
        steps = [
            [args.wasm2obj, os.path.join(work, "t.wasm"), "--module-name",
             "t", *MODES[mode], "--header", os.path.join(work, "t.h"),
             "-o", obj] + cross_target.wasm2obj_flags(args),
            [args.cc, "-std=c11", "-I", args.include, "-I", work,
             os.path.join(work, "main.c"), obj, "-L", args.libdir,
             "-lwasirt", "-o", exe],
        ]
        problem = None
        for step in steps:
            r = run(step)
            if r is None or r.returncode != 0:
                problem = (f"{os.path.basename(step[0])} failed: " +
                           ("timeout" if r is None else r.stderr[-1500:]))
                break
        if not problem:
            cmd = cross_target.run_prefix(args) + [exe]
            if args.valgrind:
                cmd = ["valgrind", "-q", "--error-exitcode=9"] + cmd
            r = run(cmd)
            if r is None:
                problem = "the program timed out"
            else:
                got = r.stdout.splitlines()
                if got != want:
                    problem = ("output differs\n  want: " + " | ".join(want) +
                               "\n  got:  " + " | ".join(got))
                if r.returncode != 0 or r.stderr.strip():
                    problem = (problem or "") + (
                        f"\n  exit status {r.returncode}, stderr: "
                        f"{r.stderr[-1500:]}")
        results.append((mode, problem))
    if not args.keep and all(p is None for _, p in results):
        shutil.rmtree(work, ignore_errors=True)
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wasm2obj", required=True)
    ap.add_argument("--libdir", required=True, help="folder of libwasirt.a")
    ap.add_argument("--include", required=True,
                    help="runtime-support/include")
    ap.add_argument("--cc", default="cc", help="the C compiler that links")
    ap.add_argument("--work", required=True, help="scratch folder")
    ap.add_argument("--seeds", type=int, default=100)
    ap.add_argument("--first-seed", type=int, default=0)
    ap.add_argument("--modes", default="O2,O0x",
                    help="comma-separated: " + ", ".join(MODES))
    ap.add_argument("--valgrind", action="store_true")
    cross_target.add_options(ap)
    ap.add_argument("--keep", action="store_true",
                    help="keep the files of passing seeds too")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    args.modes = args.modes.split(",")
    for m in args.modes:
        if m not in MODES:
            ap.error(f"unknown mode {m}")
    args.work = os.path.abspath(args.work)
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)

    passed = failed = skipped = 0
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for seed, results in zip(seeds, pool.map(
                lambda s: check_seed(args, s), seeds)):
            for mode, problem in results:
                if mode is None:
                    skipped += 1
                    print(f"SKIP {problem}")
                elif problem is None:
                    passed += 1
                else:
                    failed += 1
                    print(f"FAIL seed {seed} [{mode}] "
                          f"({os.path.join(args.work, str(seed))}): "
                          f"{problem}")
            sys.stdout.flush()
    line = f"eh-fuzz{args.label_suffix}: {passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
