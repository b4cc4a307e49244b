#!/usr/bin/env python3
"""bolt-wasm2obj.py - lays out a freshly linked wasm2obj with BOLT.

    scripts/bolt-wasm2obj.py --bolt llvm-bolt --merge-fdata merge-fdata \\
        --clang clang-19 --wasirt libwasirt.a --exe tools/wasm2obj/wasm2obj

The build runs this after linking wasm2obj (with --emit-relocs, so that BOLT
may move every function). LLVM's code, linked in from Debian's archives,
spends much of a compile waiting for instructions: a function's hot blocks
lie among its cold ones, and its hot callees far away. BOLT instruments the
binary, the instrumented copy runs the training compiles of training.py,
and BOLT then writes the binary again with each function's hot blocks
together, its cold blocks split off, and the hot functions in call order
(see BENCHMARKS.md, "Compile time"). The profile belongs to this one binary,
so it is taken at every link; a compile's output does not depend on the
layout, which the script checks before it replaces EXE: two of the training
modules must compile to the same bytes with the laid-out binary as with the
linked one, which is kept as EXE.prebolt.
"""
import argparse
import concurrent.futures
import filecmp
import glob
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import training  # noqa: E402

# Blocks by the extended TSP model, functions by cache-directed sort, cold
# blocks split off (those never run in training too), a non-executable
# stack kept. Identical code folding is left out: LLVM may compare function
# addresses.
LAYOUT = ['-reorder-blocks=ext-tsp', '-reorder-functions=cdsort',
          '-split-functions', '-split-all-cold', '-use-gnu-stack']


def run(argv):
    """Runs argv quietly (BOLT warns about much of LLVM's code it leaves
    as it is); its output is shown if it fails."""
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode:
        sys.stderr.write(r.stdout.decode(errors='replace'))
        sys.exit(f'bolt-wasm2obj.py: {" ".join(argv)}: exit {r.returncode}')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--bolt', required=True)
    ap.add_argument('--merge-fdata', required=True)
    ap.add_argument('--clang', required=True)
    ap.add_argument('--wasirt', required=True)
    ap.add_argument('--exe', required=True)
    args = ap.parse_args()
    exe = os.path.abspath(args.exe)
    linked = exe + '.prebolt'
    # Until the laid-out binary is in place there is no EXE, so that a
    # failure here makes the next build link it again.
    os.replace(exe, linked)
    tmp = tempfile.mkdtemp(prefix='w2o-bolt-', dir=os.path.dirname(exe))
    try:
        layout(args, linked, exe, tmp)
    finally:
        shutil.rmtree(tmp)


def layout(args, linked, exe, tmp):
    mods = training.build_modules(args.clang, tmp)
    inst = os.path.join(tmp, 'wasm2obj.inst')
    prefix = os.path.join(tmp, 'profile')
    run([args.bolt, linked, '-instrument',
         '-instrumentation-file=' + prefix,
         '-instrumentation-file-append-pid', '-o', inst])
    runs = training.compiles(inst, args.wasirt, mods, tmp)
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count()) as pool:
        list(pool.map(run, runs.values()))
    profiles = glob.glob(prefix + '.*')
    if len(profiles) != len(runs):
        sys.exit(f'bolt-wasm2obj.py: {len(profiles)} profiles from '
                 f'{len(runs)} training compiles')
    fdata = os.path.join(tmp, 'merged.fdata')
    with open(fdata, 'w') as f:
        subprocess.run([args.merge_fdata, *profiles], stdout=f,
                       stderr=subprocess.DEVNULL, check=True)
    out = os.path.join(tmp, 'wasm2obj.bolt')
    run([args.bolt, linked, '-data=' + fdata, *LAYOUT, '-o', out])
    # The same bytes from both binaries, one compile on one thread and one
    # partitioned on two.
    for name in ['sort', 'gen-j2']:
        argv = runs[name][1:-1]  # neither the binary nor the output
        a = runs[name][-1] + '.linked'
        run([linked, *argv, a])
        b = runs[name][-1] + '.bolt'
        run([out, *argv, b])
        if not filecmp.cmp(a, b, shallow=False):
            sys.exit(f'bolt-wasm2obj.py: {name}: the laid-out wasm2obj '
                     'compiled other bytes than the linked one')
    os.replace(out, exe)
    print(f'bolt-wasm2obj.py: {exe} laid out from {len(runs)} compiles')


if __name__ == '__main__':
    main()
