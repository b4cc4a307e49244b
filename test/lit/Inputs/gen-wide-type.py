#!/usr/bin/env python3
"""gen-wide-type.py PARAMS RESULTS: writes to stdout a module whose one
type has PARAMS i32 parameters and RESULTS i64 results (nothing else)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mkwasm import uleb  # noqa: E402


params, results = int(sys.argv[1]), int(sys.argv[2])
functype = (b"\x60" + uleb(params) + b"\x7f" * params + uleb(results) +
            b"\x7e" * results)
section = uleb(1) + functype
sys.stdout.buffer.write(b"\0asm\1\0\0\0" + b"\x01" + uleb(len(section)) +
                        section)
