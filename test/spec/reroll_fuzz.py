#!/usr/bin/env python3
"""A differential test of the loop roll-up (lib/Translate/RerollLoops.h).

Generates modules of loops unrolled the way clang unrolls them for wasm32:
U copies of a body (U = 2, 3, 4 or 8) that load an element, maybe store a
value made from it, and fold it into an integer accumulator (add, mul, xor,
or, and; i32 or i64; loads of 1 to 8 bytes), the copies in program order or
from the last to the first, sometimes with the accumulator also read before
the last copy (a loop that must not be rolled); and loops that copy a
function of each element (and of its index) to a buffer that may overlap
the source, the stores in order or all after the last load. wabt's
wasm-interp runs every module first; its results become the assertions of
a .wast script, which spec-runner then compiles and runs through wasm2obj.
After every call the script also checks a hash of all of memory (its
values from wabt's spectest-interp), so what a loop stored before a trap
counts too.

The seeds are fixed, so the modules are the same on every run. Even seeds
place every loop inside memory; odd seeds also place loops across its end,
which trap. After a trap in a vectorised loop, guard-page mode leaves the
in-bounds stores of the trapping vector undone (README, "Known
limitations"), which the memory hash sees, so odd seeds run with explicit
checks only; even seeds run in both modes. Explicit mode runs twice: as
usual, and with no guard region (the memory is one page, mapped as
such), where an access past the end that a wrong check let through is
not caught by the runtime's protected pages either.

Odd-numbered functions take their base addresses from a global, so that
their copies' explicit bounds checks share one unknown base: the loops
whose checks HoistBoundsChecks hoists as one condition per base.

Each module ends with functions/4 straight-line functions of two pointer
parameters, called through the table (their explicit checks are the ones
VersionChecks decides at the entry), on odd seeds sometimes with pointers
a few bytes from the end of memory, then as many loops whose copies hand
a value on to the next copy (carried_function).

Ends with "reroll-fuzz: N passed, N failed" (assertions, both modes).
"""
import argparse
import os
import random
import re
import shutil
import subprocess
import sys

LOADS = {
    'i32': [('i32.load', 4, 'i32.store'), ('i32.load8_u', 1, 'i32.store8'),
            ('i32.load16_s', 2, 'i32.store16')],
    'i64': [('i64.load', 8, 'i64.store'), ('i64.load32_s', 4, 'i64.store32'),
            ('i64.load8_u', 1, 'i64.store8')],
}
IDENTITY = {'add': 0, 'mul': 1, 'xor': 0, 'or': 0, 'and': -1}
MEMORY = 65536


def address(base, offset, opaque):
    """base + i + offset, in i32. With opaque, base is read from the
    global $zero (always 0) plus a constant, so that the compiler sees a
    base it cannot fold: the copies' checks then share that base
    (HoistBoundsChecks groups them) instead of being constants."""
    start = (f'(i32.add (global.get $zero) (i32.const {base}))' if opaque
             else f'(i32.const {base})')
    at = f'(i32.add {start} (local.get $i))'
    return f'(i32.add {at} (i32.const {offset}))' if offset else at


def loop_function(rng, index, may_trap):
    opaque = index % 2 == 1  # see address()
    copies = rng.choice([2, 3, 4, 4, 8])
    op = rng.choice(['add', 'add', 'add', 'mul', 'xor', 'or', 'and'])
    ty = rng.choice(['i32', 'i64'])
    load, width, store = rng.choice(LOADS[ty])
    reversed_copies = rng.random() < 0.5
    stores = not reversed_copies and rng.random() < 0.4
    read_before_last = rng.random() < 0.1
    count = rng.randrange(0, 40) * copies  # elements
    size = count * width
    src = rng.randrange(0, 2000)
    if may_trap and rng.random() < 0.25:
        src = MEMORY - size + rng.choice([0, width, -width, 1])
    dst = 0
    if stores:
        dst = src + rng.choice([1, width, 3000, -width])
        dst = max(0, min(dst, MEMORY - size - 8))
    out = [f'  (func (export "f{index}") (result {ty})',
           f'    (local $i i32) (local $s {ty}) (local $b {ty}) (local $t {ty})',
           f'    (local.set $s ({ty}.const {IDENTITY[op]}))',
           f'    (block $done (br_if $done (i32.eqz (i32.const {size})))',
           '    (loop $next']
    order = list(range(copies))
    if reversed_copies:
        order.reverse()
    for j in order:
        out.append(f'      (local.set $t ({load} {address(src, j * width, opaque)}))')
        if stores:
            out.append(f'      ({store} {address(dst, j * width, opaque)} '
                       f'({ty}.add (local.get $t) ({ty}.const 1)))')
        if read_before_last and j == order[-1]:
            out.append('      (local.set $b (local.get $s))')
        out.append(f'      (local.set $s ({ty}.{op} (local.get $s) '
                   '(local.get $t)))')
    out.append(f'      (local.set $i (i32.add (local.get $i) '
               f'(i32.const {copies * width})))')
    out.append(f'      (br_if $next (i32.ne (local.get $i) '
               f'(i32.const {size})))))')
    result = '(local.get $s)'
    if read_before_last:
        result = (f'({ty}.add {result} ({ty}.mul (local.get $b) '
                  f'({ty}.const 7)))')
    if stores:
        result = f'({ty}.add {result} ({ty}.load (i32.const {dst})))'
    out.append(f'    {result})')
    return '\n'.join(out)


def loop_end_and_sum(step, size, dst, opaque):
    """The end of a loop $next whose counter $i steps by step up to size,
    then a loop $sum folding the size bytes at dst into $s."""
    return [f'      (local.set $i (i32.add (local.get $i) (i32.const {step})))',
            f'      (br_if $next (i32.ne (local.get $i) (i32.const {size}))))',
            '    (local.set $i (i32.const 0))',
            '    (loop $sum',
            '      (local.set $s (i32.add (i32.mul (local.get $s) '
            f'(i32.const 31)) (i32.load8_u {address(dst, 0, opaque)})))',
            '      (local.set $i (i32.add (local.get $i) (i32.const 1)))',
            f'      (br_if $sum (i32.ne (local.get $i) (i32.const {size}))))']


def copy_function(rng, index, may_trap):
    """U copies of  d[i+j] = f(a[i+j], i+j), in order or with every store
    after the last load (a loop that must stay as it is when a and d
    overlap), then the sum of the words of d (a loop of one copy)."""
    opaque = index % 2 == 1  # see address()
    copies = rng.choice([2, 3, 4, 4, 8])
    load, width, store = rng.choice(LOADS['i32'])
    count = rng.randrange(1, 40) * copies
    size = count * width
    src = rng.randrange(0, 3000)
    if may_trap and rng.random() < 0.25:
        src = MEMORY - size + rng.choice([0, width, -width, 1])
    dst = src + rng.choice([1, width, -width, 2 * width, 4000])
    dst = max(0, min(dst, MEMORY - size - 8))
    sunk = rng.random() < 0.3
    value = rng.choice([
        '(i32.add (local.get $t) (i32.const 3))',
        '(i32.mul (local.get $t) (i32.const -7))',
        '(select (i32.const 100) (local.get $t) '
        '(i32.gt_u (local.get $t) (i32.const 100)))',
        '(i32.xor (local.get $t) (local.get $k))',
        '(i32.add (local.get $k) (i32.const 9))',
    ])
    out = [f'  (func (export "f{index}") (result i32)',
           '    (local $i i32) (local $k i32) (local $t i32) (local $s i32)',
           f'    (local $v0 i32) (local $v1 i32) (local $v2 i32) (local $v3 i32)',
           f'    (local $v4 i32) (local $v5 i32) (local $v6 i32) (local $v7 i32)',
           '    (loop $next']
    for j in range(copies):
        out.append(f'      (local.set $t ({load} {address(src, j * width, opaque)}))')
        out.append(f'      (local.set $k (i32.add (local.get $i) '
                   f'(i32.const {j})))')
        if sunk:
            out.append(f'      (local.set $v{j} {value})')
        else:
            out.append(f'      ({store} {address(dst, j * width, opaque)} {value})')
    if sunk:
        for j in range(copies):
            out.append(f'      ({store} {address(dst, j * width, opaque)} '
                       f'(local.get $v{j}))')
    out += loop_end_and_sum(copies * width, size, dst, opaque)
    out.append('    (local.get $s))')
    return '\n'.join(out)


def entry_function(rng, index, slot, may_trap):
    """A function of two pointer parameters a and b, called through the
    table so that the compiler sees neither: a run of loads (1 to 8 bytes,
    offsets up to 40) through a or b folded into an accumulator, stores of
    it, and early returns that depend on it. Its explicit checks are the
    ones VersionChecks decides at the entry; with may_trap, a or b is
    sometimes so close to the end of memory that some of them fail, early
    or late, or never because the function returns first."""
    out = [f'  (func $g{index} (type $pp) (param $a i32) (param $b i32) '
           '(result i32)',
           '    (local $s i32)',
           f'    (local.set $s (i32.const {rng.randrange(1, 1 << 30) * 2 + 1}))']
    for _ in range(rng.randrange(3, 12)):
        p = rng.choice(['$a', '$b'])
        off = rng.randrange(0, 41)
        kind = rng.random()
        if kind < 0.55:
            load, _, _ = rng.choice(LOADS['i32'] + [('i32.load8_s', 1, '')])
            out.append(f'    (local.set $s (i32.add (i32.mul (local.get $s) '
                       f'(i32.const 31)) ({load} offset={off} (local.get {p}))))')
        elif kind < 0.8:
            _, _, store = rng.choice(LOADS['i32'])
            out.append(f'    ({store} offset={off} (local.get {p}) '
                       '(local.get $s))')
        else:
            out.append(f'    (if (i32.eqz (i32.and (local.get $s) '
                       f'(i32.const {rng.choice([1, 3, 7])}))) '
                       '(then (return (local.get $s))))')
    out.append('    (local.get $s))')

    def pointer():
        if may_trap and rng.random() < 0.4:
            return MEMORY - rng.randrange(1, 48)
        return rng.randrange(0, MEMORY - 48)

    a, b = pointer(), pointer()
    out.append(f'  (func (export "f{index}") (result i32)')
    out.append(f'    (call_indirect (type $pp) '
               f'(i32.add (global.get $zero) (i32.const {a})) '
               f'(i32.add (global.get $zero) (i32.const {b})) '
               f'(i32.add (global.get $zero) (i32.const {slot}))))')
    return '\n'.join(out)


def carried_function(rng, index, may_trap):
    """U copies of a loop that hands a value from each copy to the next
    (one header phi whose value the next copy uses, as clang's wasm output
    does for a[k] - a[k-1]): a stencil  d[k] = f(a[k+1], a[k]),  a scan
    p = 3p + a[k+1]; d[k] = p,  or loops that must stay as they are: the
    copies use the value of two copies back (two phis), or the last copy
    hands on a[k+1] and the others b[k]. Sometimes the carried value is also
    used after the loop (which must stay too)."""
    opaque = index % 2 == 1  # see address()
    copies = rng.choice([2, 3, 4, 4, 8])
    ty = rng.choice(['i32', 'i64'])
    load, width, store = rng.choice(LOADS[ty])
    kind = rng.choice(['stencil', 'stencil', 'scan', 'skip', 'mixed'])
    op = rng.choice(['sub', 'xor', 'add'])
    live_out = rng.random() < 0.15
    count = rng.randrange(1, 40) * copies
    size = count * width
    src = rng.randrange(0, 2000)
    if may_trap and rng.random() < 0.25:
        src = MEMORY - size - width + rng.choice([0, width, -width, 1])
    dst = src + rng.choice([1, width, -width, 2 * width, 3000])
    dst = max(0, min(dst, MEMORY - size - 8))
    out = [f'  (func (export "f{index}") (result i32)',
           f'    (local $i i32) (local $s i32) (local $t {ty}) (local $p {ty})',
           f'    (local $q {ty})',
           f'    (local.set $p ({load} {address(src, 0, opaque)}))',
           f'    (local.set $q ({ty}.const 5))',
           '    (loop $next']
    for j in range(copies):
        out.append(f'      (local.set $t ({load} '
                   f'{address(src, (j + 1) * width, opaque)}))')
        if kind == 'stencil':
            value = f'({ty}.{op} (local.get $t) (local.get $p))'
            out.append(f'      ({store} {address(dst, j * width, opaque)} '
                       f'{value})')
            out.append('      (local.set $p (local.get $t))')
        elif kind == 'scan':
            out.append(f'      (local.set $p ({ty}.{op} ({ty}.mul '
                       f'(local.get $p) ({ty}.const 3)) (local.get $t)))')
            out.append(f'      ({store} {address(dst, j * width, opaque)} '
                       '(local.get $p))')
        elif kind == 'mixed':
            out.append(f'      (local.set $q ({load} '
                       f'{address(src + 3000, j * width, opaque)}))')
            value = (f'({ty}.add ({ty}.{op} (local.get $t) (local.get $p)) '
                     f'({ty}.mul (local.get $q) ({ty}.const 7)))')
            out.append(f'      ({store} {address(dst, j * width, opaque)} '
                       f'{value})')
            last = '$t' if j == copies - 1 else '$q'
            out.append(f'      (local.set $p (local.get {last}))')
        else:
            value = f'({ty}.{op} (local.get $t) (local.get $q))'
            out.append(f'      ({store} {address(dst, j * width, opaque)} '
                       f'{value})')
            out.append('      (local.set $q (local.get $p))')
            out.append('      (local.set $p (local.get $t))')
    out += loop_end_and_sum(copies * width, size, dst, opaque)
    result = '(local.get $s)'
    if live_out:
        wrap = ('(local.get $p)' if ty == 'i32'
                else '(i32.wrap_i64 (local.get $p))')
        result = f'(i32.add {result} {wrap})'
    out.append(f'    {result})')
    return '\n'.join(out)


MEMORY_HASH = """  (func (export "memory-hash") (result i32)
    (local $i i32) (local $h i32)
    (loop $next
      (local.set $h (i32.add (i32.mul (local.get $h) (i32.const 31))
                             (i32.load (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $next (i32.ne (local.get $i) (i32.const 65536))))
    (local.get $h))"""


def module_text(seed, functions):
    rng = random.Random(seed)
    data = ''.join('\\%02x' % rng.randrange(256) for _ in range(4096))
    lines = ['(module', '  (memory 1 1)',
             '  (global $zero (mut i32) (i32.const 0))']
    for at in (0, 4096, MEMORY - 4096):
        lines.append(f'  (data (i32.const {at}) "{data}")')
    for i in range(functions):
        make = loop_function if rng.random() < 0.6 else copy_function
        lines.append(make(rng, i, may_trap=seed % 2 == 1))
    # Then functions of pointer parameters, from their own generator so
    # that the loops above stay the same.
    entry_rng = random.Random(seed * 1000 + 7)
    entries = functions // 4
    lines.append('  (type $pp (func (param i32 i32) (result i32)))')
    lines.append(f'  (table {entries} funcref)')
    lines.append('  (elem (i32.const 0) func '
                 + ' '.join(f'$g{functions + k}' for k in range(entries)) + ')')
    for k in range(entries):
        lines.append(entry_function(entry_rng, functions + k, k,
                                    may_trap=seed % 2 == 1))
    # Then loops that carry a value from copy to copy, from a generator of
    # their own too.
    carried_rng = random.Random(seed * 1000 + 13)
    for k in range(functions // 4):
        lines.append(carried_function(carried_rng, functions + entries + k,
                                      may_trap=seed % 2 == 1))
    # A hash of all of memory, checked after every call: what a loop
    # stored, also before a trap, must be wasm's.
    lines.append(MEMORY_HASH)
    lines.append(')')
    return '\n'.join(lines) + '\n'


def reference(tools, wat, work, name):
    """The module's .wast: the module, then one assertion per export, with
    the results wasm-interp gives."""
    wat_path = os.path.join(work, name + '.wat')
    wasm_path = os.path.join(work, name + '.wasm')
    with open(wat_path, 'w') as f:
        f.write(wat)
    subprocess.run([tools.wat2wasm, wat_path, '-o', wasm_path], check=True)
    run = subprocess.run([tools.wasm_interp, '--run-all-exports', wasm_path],
                         capture_output=True, text=True)
    commands = []
    for line in run.stdout.splitlines():
        if line.startswith('memory-hash()'):
            continue
        m = re.fullmatch(r'(f\d+)\(\) => (i32|i64):(\d+)', line)
        if m:
            commands.append(f'(assert_return (invoke "{m[1]}") '
                            f'({m[2]}.const {m[3]}))')
            continue
        m = re.fullmatch(r'(f\d+)\(\) => error: out of bounds memory access.*',
                         line)
        if not m:
            sys.exit(f'reroll-fuzz: unexpected wasm-interp output: {line}')
        commands.append(f'(assert_trap (invoke "{m[1]}") '
                        '"out of bounds memory access")')
    # After each call the memory's hash, as wabt's spectest-interp gives it:
    # a first run expects 0, and reports the values to put instead.
    hashed = []
    for command in commands:
        hashed += [command,
                   '(assert_return (invoke "memory-hash") (i32.const 0))']
    path = os.path.join(work, name + '.wast')
    with open(path, 'w') as f:
        f.write(wat + '\n'.join(hashed) + '\n')
    json_path = os.path.join(work, name + '.json')
    subprocess.run([tools.wast2json, path, '-o', json_path], check=True)
    run = subprocess.run([tools.spectest_interp, json_path],
                         capture_output=True, text=True)
    first = wat.count('\n') + 1  # the line of the first command
    for line in run.stdout.splitlines():
        m = re.fullmatch(r'.*\.wast:(\d+): mismatch in result 0 of '
                         r'assert_return: expected i32:0, got i32:(\d+)',
                         line)
        k = int(m[1]) - first if m else -1
        if m and 0 <= k < len(hashed) and 'memory-hash' in hashed[k]:
            hashed[k] = hashed[k].replace('(i32.const 0))',
                                          f'(i32.const {m[2]}))')
        elif line and not (line.endswith('tests passed.') or
                           ': assert_trap passed: ' in line):
            sys.exit('reroll-fuzz: spectest-interp and wasm-interp disagree: '
                     + line)
    with open(path, 'w') as f:
        f.write(wat + '\n'.join(hashed) + '\n')
    return path


def run_scripts(tools, mode, scripts, no_guard=False):
    """spec-runner's per-command failure lines and its totals. With
    no_guard, under a 3 GB address-space limit, where the runtime cannot
    reserve a guard region: each memory is mapped at its maximum (one
    page here), and an access a missing check lets through lands outside
    it (CTest spec-own-no-guard does the same)."""
    command = [tools.spec_runner, f'--mode={mode}',
               f'--wast2json={tools.wast2json}', '--max-failures=0'] + scripts
    if no_guard:
        command = ['sh', '-c', 'ulimit -v 3000000 && exec "$0" "$@"'] + command
    run = subprocess.run(command, capture_output=True, text=True)
    label = 'spec' if mode == 'guard' else 'spec-explicit'
    m = re.search(rf'^{label}: (\d+) passed, (\d+) failed', run.stdout,
                  re.MULTILINE)
    if not m:
        sys.exit(f'reroll-fuzz: no totals from spec-runner --mode={mode}:\n'
                 + run.stdout[-2000:] + run.stderr[-2000:])
    tag = mode + ('-no-guard' if no_guard else '')
    for line in run.stdout.splitlines():
        if re.match(r'\S+\.wast:\d+: ', line):
            print(f'[{tag}] {line}')
    return int(m[1]), int(m[2])


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--spec-runner', required=True)
    p.add_argument('--wat2wasm', default='wat2wasm')
    p.add_argument('--wast2json', default='wast2json')
    p.add_argument('--wasm-interp', default='wasm-interp')
    p.add_argument('--spectest-interp', default='spectest-interp')
    p.add_argument('--work', required=True)
    p.add_argument('--seeds', type=int, default=24)
    p.add_argument('--functions', type=int, default=40)
    tools = p.parse_args()
    for tool in ('wat2wasm', 'wast2json', 'wasm_interp', 'spectest_interp'):
        found = shutil.which(getattr(tools, tool))
        if not found:
            sys.exit(f'reroll-fuzz: {getattr(tools, tool)} not found')
        setattr(tools, tool, found)
    os.makedirs(tools.work, exist_ok=True)
    every, in_bounds = [], []
    for seed in range(1, tools.seeds + 1):
        path = reference(tools, module_text(seed, tools.functions),
                         tools.work, f'fuzz{seed}')
        every.append(path)
        if seed % 2 == 0:
            in_bounds.append(path)
    passed = failed = 0
    for mode, scripts, no_guard in (('explicit', every, False),
                                    ('explicit', every, True),
                                    ('guard', in_bounds, False)):
        p_, f_ = run_scripts(tools, mode, scripts, no_guard)
        passed += p_
        failed += f_
    print(f'reroll-fuzz: {passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
