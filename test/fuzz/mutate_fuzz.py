#!/usr/bin/env python3
"""Mutation fuzzing of wasm2obj's decoder and validator against wabt's.

The modules of a few spec scripts (converted with wast2json) are mutated
with a fixed pseudo-random sequence: bytes replaced, deleted or inserted.
wasm2obj compiles each mutant for WebAssembly 2.0 (`--features=-all
--features=simd`, the features of wabt's wasm-validate by default) and
must:
  - finish (no hang) with exit status 0 or 1 (no crash);
  - on exit status 1, print an error with the byte offset ("0x...") and
    leave no output file behind;
  - accept exactly the mutants that `wasm-validate` accepts, or, where
    the two disagree and --node is given, those that V8 (node's
    `new WebAssembly.Module`) accepts: the mutant passes when V8 agrees
    with wasm2obj, and the line naming it says so.

Each mutant is one assertion; the last line is
"mutate-fuzz: N passed, N failed". Exit status 1 if any failed.

The CI's fixed sequence agrees with wabt throughout. Other sequences can
find wabt 1.0.32 accepting what the spec rejects, and wasm2obj rejecting
it rightly; seen so far: a constant expression whose closing `end` lies
past the end of its section (the last byte read as part of a LEB), a
typed `select` with zero result types, and a block type written as a
negative number in more than one byte (ff 7f: only 0x40 and the value
types, one byte each, are negative), a data segment whose flags are 3
(only 0, 1 and 2 exist). V8 rejects all of these.
"""

import argparse
import concurrent.futures
import os
import random
import subprocess
import sys

# Scripts whose modules seed the mutations: control flow, memory, tables,
# element and data segments, SIMD, imports and exports, names.
SCRIPTS = ["address", "br_table", "call_indirect", "data", "elem",
           "exports", "if", "imports", "loop", "memory_copy", "names",
           "select", "simd_lane", "table_init", "custom"]


def run(cmd, timeout):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


def mutate(rng, data):
    b = bytearray(data)
    for _ in range(rng.choice([1, 1, 2, 3, 8])):
        i = rng.randrange(len(b))
        op = rng.random()
        if op < 0.6:
            b[i] = rng.randrange(256)
        elif op < 0.8:
            del b[i]
        else:
            b.insert(i, rng.randrange(256))
    return bytes(b)


# Exit status 0 if V8 compiles the module, 1 (with its message) if not.
V8_COMPILE = """
try {
  new WebAssembly.Module(require("fs").readFileSync(process.argv[1]));
  console.log("V8 accepts");
} catch (e) {
  console.log("V8: " + e.message);
  process.exit(1);
}
"""


def check(args, index, data):
    """None if the mutant passes, else why not."""
    work = os.path.join(args.work, "m%d" % index)
    os.makedirs(work, exist_ok=True)
    wasm = os.path.join(work, "m.wasm")
    obj = os.path.join(work, "m.o")
    with open(wasm, "wb") as f:
        f.write(data)
    if os.path.exists(obj):
        os.remove(obj)
    r = run([args.wasm2obj, wasm, "-o", obj, "-O1", "--features=-all",
             "--features=simd"], args.timeout)
    if r is None:
        return "wasm2obj did not finish in %d s" % args.timeout
    err = r.stderr.decode(errors="replace").strip()
    if r.returncode not in (0, 1):
        return "wasm2obj exit status %d: %s" % (r.returncode, err[:300])
    if r.returncode == 1:
        if os.path.exists(obj):
            return "an output file was left after an error"
        if "0x" not in err:
            return "error without a byte offset: " + err[:300]
    v = run([args.wasm_validate, wasm], args.timeout)
    if v is None:
        return None  # wabt's own problem, not ours
    ours, theirs = r.returncode == 0, v.returncode == 0
    if ours == theirs:
        return None
    why = "%s, wasm-validate %s (ours: %s; wabt: %s)" % (
        "accepted" if ours else "rejected",
        "rejects" if ours else "accepts", err[:200] or "-",
        v.stderr.decode(errors="replace").strip()[:200])
    if args.node:
        n = run([args.node, "-e", V8_COMPILE, wasm], args.timeout)
        if n is not None and n.returncode in (0, 1) and \
                (n.returncode == 0) == ours:
            print("note: %s: %s; V8 agrees with wasm2obj (%s)" % (
                wasm, why, n.stdout.decode(errors="replace").strip()[:200]))
            return None
    return why


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--wasm2obj", required=True)
    p.add_argument("--wasm-validate", default="wasm-validate")
    p.add_argument("--wast2json", default="wast2json")
    p.add_argument("--node", help="node, the tie-breaker")
    p.add_argument("--testsuite", required=True,
                   help="the spec test suite folder")
    p.add_argument("--work", required=True, help="scratch folder")
    p.add_argument("--mutants", type=int, default=600)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--timeout", type=int, default=60)
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = p.parse_args()

    seeds_dir = os.path.join(args.work, "seeds")
    os.makedirs(seeds_dir, exist_ok=True)
    for s in SCRIPTS:
        r = run([args.wast2json, os.path.join(args.testsuite, s + ".wast"),
                 "-o", os.path.join(seeds_dir, s + ".json")], 120)
        if r is None or r.returncode != 0:
            print("cannot convert %s.wast" % s)
            print("mutate-fuzz: 0 passed, 1 failed")
            return 1
    originals = sorted(f for f in os.listdir(seeds_dir)
                       if f.endswith(".wasm"))
    rng = random.Random(args.seed)
    mutants = []
    for i in range(args.mutants):
        name = rng.choice(originals)
        with open(os.path.join(seeds_dir, name), "rb") as f:
            mutants.append((name, mutate(rng, f.read())))

    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = pool.map(lambda im: check(args, im[0], im[1][1]),
                           enumerate(mutants))
        for i, why in enumerate(results):
            if why is None:
                passed += 1
            else:
                failed += 1
                print("mutant %d (of %s, in %s/m%d): %s" %
                      (i, mutants[i][0], args.work, i, why))
    print("mutate-fuzz: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
