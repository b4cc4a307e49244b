"""training.py - the compiles that profile wasm2obj for its own layout.

Two scripts lay out wasm2obj's machine code from what a compile runs:
gen-link-order.py (the order of functions at link time, from callgrind) and
bolt-wasm2obj.py (the order of blocks and functions after the link, from a
BOLT-instrumented build). Both profile the same compiles, listed here:
benchmark programs and a small module from bench/gen-large.py, with guard
pages and explicit checks, -j1 and -j2, -O0 and -O2, to an object, to
assembly, to an executable and for AArch64.
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = ['sort', 'gemm', 'vm', 'strings', 'alloc']


def build_wasm(clang, src, wasm, extra=()):
    """clang -O2 to wasm32-wasi; compiled with -c and linked without -O, as
    bench/run does, so that no wasm-opt in PATH changes the module."""
    obj = wasm + '.o'
    subprocess.run([clang, '--target=wasm32-wasi', '-O2', *extra, '-c', src,
                    '-o', obj], check=True)
    subprocess.run([clang, '--target=wasm32-wasi', obj, '-o', wasm],
                   check=True)


def build_modules(clang, tmp):
    """Builds the training modules in tmp; returns {name: path}."""
    mods = {}
    for p in PROGRAMS:
        mods[p] = os.path.join(tmp, p + '.wasm')
        build_wasm(clang, os.path.join(ROOT, 'bench', 'programs', p + '.c'),
                   mods[p])
    gen_c = os.path.join(tmp, 'gen.c')
    with open(gen_c, 'w') as f:
        subprocess.run([sys.executable,
                        os.path.join(ROOT, 'bench', 'gen-large.py'),
                        '--functions', '150', '--seed', '1'], stdout=f,
                       check=True)
    mods['gen'] = os.path.join(tmp, 'gen.wasm')
    build_wasm(clang, gen_c, mods['gen'], ['-w'])
    mods['empty'] = os.path.join(tmp, 'empty.wasm')
    with open(mods['empty'], 'wb') as f:
        f.write(b'\0asm\1\0\0\0')
    return mods


def compiles(w2o, wasirt, mods, tmp):
    """The training compiles: {name: argv}, each writing into tmp."""
    def o(n):
        return os.path.join(tmp, n)
    return {
        'empty': [w2o, mods['empty'], '-o', o('empty.o')],
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
                     os.path.abspath(wasirt), '-o', o('sort.exe')],
        'sort-aarch64': [w2o, mods['sort'], '-j1', '--target',
                         'aarch64-linux-gnu', '-o', o('sort-a64.o')],
    }
