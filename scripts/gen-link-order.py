#!/usr/bin/env python3
"""gen-link-order.py - writes tools/wasm2obj/link-order.txt, the order in
which the linker lays out wasm2obj's functions.

    scripts/gen-link-order.py --wasm2obj build/tools/wasm2obj/wasm2obj \\
        --wasirt build/runtime-support/libwasirt.a

wasm2obj links LLVM statically: 37 MB of machine code, of which a compile
executes about a third, scattered over all of it. The kernel maps an
executable's page cache in large folios, so each first touch of a function
makes a whole folio resident: a 25 KB module's compile had 31 MiB of code
resident. Laid out with the functions a compile runs first and together, it
has 11 MiB (see BENCHMARKS.md).

The script compiles a few modules under callgrind (valgrind must be
installed): benchmark programs and a small module from bench/gen-large.py,
with guard pages and explicit checks, -j1 and -j2, -O0 and -O2, to an
object, to assembly, to an executable and for AArch64. Every function that
any of these runs is listed: first those that more of the runs execute,
then by instructions executed in them. The list is a plain symbol list for
lld's --symbol-ordering-file; symbols it names that a later LLVM lacks are
ignored, and functions it does not name follow in the linker's own order,
so a stale list costs memory, never correctness. Regenerate it when the
LLVM package or the code generation changes much.
"""
import argparse
import collections
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLANG = 'clang-19'
PROGRAMS = ['sort', 'gemm', 'vm', 'strings', 'alloc']


def build_wasm(src, wasm, extra=()):
    """clang -O2 to wasm32-wasi; compiled with -c and linked without -O, as
    bench/run does, so that no wasm-opt in PATH changes the module."""
    obj = wasm + '.o'
    subprocess.run([CLANG, '--target=wasm32-wasi', '-O2', *extra, '-c', src,
                    '-o', obj], check=True)
    subprocess.run([CLANG, '--target=wasm32-wasi', obj, '-o', wasm],
                   check=True)


def profile(tmp, name, argv):
    """Runs argv under callgrind; returns {function: instructions} for the
    functions of the executable argv[0] only."""
    out = os.path.join(tmp, name + '.callgrind')
    subprocess.run(['valgrind', '--tool=callgrind', '--dump-instr=no',
                    '--compress-strings=no', '--compress-pos=no',
                    '--demangle=no',
                    '--callgrind-out-file=' + out] + argv,
                   check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    exe = os.path.realpath(argv[0])
    cost = collections.Counter()
    fn = None
    with open(out, errors='replace') as f:
        ob = None
        calls = False
        for line in f:
            if line.startswith('ob='):
                ob = line[3:].strip()
            elif line.startswith('fn='):
                fn = None
                if ob and os.path.realpath(ob) == exe:
                    # 'N suffixes mark recursion levels, not other symbols.
                    fn = re.sub(r"'\d+$", '', line[3:].strip())
                    cost[fn] += 0
            elif line.startswith('calls='):
                calls = True
            elif fn and line[:1].isdigit():
                # (--compress-pos=no: every cost line starts with its
                # line number, none with + - or *.)
                # The cost line after calls= is the callee's inclusive cost.
                if not calls:
                    parts = line.split()
                    if len(parts) > 1:
                        cost[fn] += int(parts[1])
                calls = False
    return cost


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--wasm2obj', required=True)
    ap.add_argument('--wasirt', required=True)
    ap.add_argument('--out', default=os.path.join(ROOT, 'tools', 'wasm2obj',
                                                  'link-order.txt'))
    args = ap.parse_args()
    if not shutil.which('valgrind'):
        sys.exit('gen-link-order.py: valgrind is not installed')
    w2o = os.path.abspath(args.wasm2obj)
    tmp = tempfile.mkdtemp(prefix='w2o-order-')
    try:
        generate(args, w2o, tmp)
    finally:
        shutil.rmtree(tmp)


def generate(args, w2o, tmp):
    mods = {}
    for p in PROGRAMS:
        mods[p] = os.path.join(tmp, p + '.wasm')
        build_wasm(os.path.join(ROOT, 'bench', 'programs', p + '.c'),
                   mods[p])
    gen_c = os.path.join(tmp, 'gen.c')
    with open(gen_c, 'w') as f:
        subprocess.run([sys.executable,
                        os.path.join(ROOT, 'bench', 'gen-large.py'),
                        '--functions', '150', '--seed', '1'], stdout=f,
                       check=True)
    mods['gen'] = os.path.join(tmp, 'gen.wasm')
    build_wasm(gen_c, mods['gen'], ['-w'])
    empty = os.path.join(tmp, 'empty.wasm')
    with open(empty, 'wb') as f:
        f.write(b'\0asm\1\0\0\0')
    mods['empty'] = empty

    def o(n):
        return os.path.join(tmp, n)

    runs = {
        'empty': [w2o, empty, '-o', o('empty.o')],
        'sort': [w2o, mods['sort'], '-j1', '-o', o('sort.o')],
        'gemm-explicit-j2': [w2o, mods['gemm'], '-j2', '--bounds-checks',
                             'explicit', '-o', o('gemm.o')],
        'vm-j2': [w2o, mods['vm'], '-j2', '-o', o('vm.o')],
        'strings-O0': [w2o, mods['strings'], '-O0', '-j1', '-o',
                       o('strings.o')],
        'alloc-asm': [w2o, mods['alloc'], '-S', '-j1', '-o', o('alloc.s')],
        'gen-j2': [w2o, mods['gen'], '-j2', '-o', o('gen.o')],
        'gen-explicit': [w2o, mods['gen'], '-j1', '--bounds-checks',
                         'explicit', '-o', o('gen-x.o')],
        'sort-exe': [w2o, mods['sort'], '-j1', '--emit=exe', '--wasirt',
                     os.path.abspath(args.wasirt), '-o', o('sort.exe')],
        'sort-aarch64': [w2o, mods['sort'], '-j1', '--target',
                         'aarch64-linux-gnu', '-o', o('sort-a64.o')],
    }
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count()) as pool:
        costs = dict(zip(runs, pool.map(lambda kv: profile(tmp, *kv),
                                        runs.items())))
    runs_of = collections.Counter()
    total = collections.Counter()
    for c in costs.values():
        for fn, n in c.items():
            runs_of[fn] += 1
            total[fn] += n
    # Addresses are functions without a symbol; (below main) is valgrind's.
    names = [f for f in runs_of if not f.startswith(('0x', '('))]
    names.sort(key=lambda f: (-runs_of[f], -total[f], f))
    with open(args.out, 'w') as f:
        f.write(''.join(n + '\n' for n in names))
    print(f'{args.out}: {len(names)} functions from {len(runs)} compiles')


if __name__ == '__main__':
    main()
