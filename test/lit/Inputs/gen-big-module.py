#!/usr/bin/env python3
"""Writes a module in the text format with more code than one partition
holds (wasm2obj cuts modules into partitions of 64 KiB of code): 300
functions that each call the one before and do a run of arithmetic."""
import sys

FUNCTIONS = 300
OPS = 90

out = ['(module', '  (memory 1)']
for i in range(FUNCTIONS):
    out.append(f'  (func $f{i} (param i32) (result i32)')
    out.append('    (local.get 0)')
    for k in range(OPS):
        out.append(f'    (i32.add (i32.const {k * 7919 + i}))')
        if k % 8 == 0:
            out.append(f'    (i32.load (i32.const {k * 4}))')
            out.append('    (i32.xor)')
    if i:
        out.append(f'    (call $f{i - 1})')
    out.append('  )')
out.append(f'  (export "run" (func $f{FUNCTIONS - 1}))')
out.append(')')
sys.stdout.write('\n'.join(out) + '\n')
