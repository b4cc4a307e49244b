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

The script runs the compiles of training.py under callgrind (valgrind must
be installed). Every function that
any of these runs is listed: first those that more of the runs execute,
then by instructions executed in them. The list is a plain symbol list for
lld's --symbol-ordering-file; symbols it names that a later LLVM lacks are
ignored, and functions it does not name follow in the linker's own order,
so a stale list costs memory, never correctness. Regenerate it when the
LLVM package or the code generation changes much: profile the linked binary
(build/tools/wasm2obj/wasm2obj.prebolt when the build lays it out with
BOLT), build, then run the script again with --bolted and the laid-out
build/tools/wasm2obj/wasm2obj, and build again.
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import training  # noqa: E402

ROOT = training.ROOT
CLANG = 'clang-19'


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
    ap.add_argument('--wasm2obj')
    ap.add_argument('--wasirt')
    ap.add_argument('--out', default=os.path.join(ROOT, 'tools', 'wasm2obj',
                                                  'link-order.txt'))
    ap.add_argument('--bolted', metavar='BIN',
                    help='do not profile: move the functions of the list '
                    'that BOLT left in place in BIN to its front')
    args = ap.parse_args()
    if args.bolted:
        put_unmoved_first(args.bolted, args.out)
        return
    if not args.wasm2obj or not args.wasirt:
        ap.error('--wasm2obj and --wasirt are needed to profile')
    if not shutil.which('valgrind'):
        sys.exit('gen-link-order.py: valgrind is not installed')
    w2o = os.path.abspath(args.wasm2obj)
    tmp = tempfile.mkdtemp(prefix='w2o-order-')
    try:
        generate(args, w2o, tmp)
    finally:
        shutil.rmtree(tmp)


def put_unmoved_first(bolted, out):
    """BOLT moves the functions it has a profile for out of the linked
    code, now .bolt.org.text, and leaves there the few it cannot rewrite
    (about 40 of the 18,000 that compiles run). Scattered over those 37 MB
    in the list's order, each made a large folio of code resident, 8 MiB
    in all; listed first, they lie together."""
    with open(out) as f:
        names = [n.strip() for n in f if n.strip()]
    sections = subprocess.run(['readelf', '-SW', bolted], check=True,
                              capture_output=True, text=True).stdout
    m = re.search(r'\.bolt\.org\.text\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+'
                  r'([0-9a-f]+)', sections)
    if not m:
        sys.exit(f'gen-link-order.py: {bolted} was not laid out by BOLT')
    begin = int(m.group(1), 16)
    end = begin + int(m.group(2), 16)
    unmoved = set()
    symbols = subprocess.run(['nm', '--defined-only', bolted], check=True,
                             capture_output=True, text=True).stdout
    for line in symbols.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in 'tT' and \
                begin <= int(parts[0], 16) < end:
            unmoved.add(parts[2])
    first = [n for n in names if n in unmoved]
    rest = [n for n in names if n not in unmoved]
    with open(out, 'w') as f:
        f.write(''.join(n + '\n' for n in first + rest))
    print(f'{out}: {len(first)} functions BOLT left in place moved first')


def generate(args, w2o, tmp):
    mods = training.build_modules(CLANG, tmp)
    runs = training.compiles(w2o, args.wasirt, mods, tmp)
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
