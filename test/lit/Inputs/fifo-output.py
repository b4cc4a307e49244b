#!/usr/bin/env python3
"""fifo-output.py FIFO COMMAND...: makes the FIFO, reads it on a thread
while COMMAND runs (COMMAND is to write its output to FIFO), and fails
unless COMMAND succeeded, the FIFO is still a FIFO (not replaced by a
file), and what came through it is an ELF object."""
import os
import stat
import subprocess
import sys
import threading

fifo, cmd = sys.argv[1], sys.argv[2:]
os.mkfifo(fifo)
got = []


def reader():
    with open(fifo, "rb") as f:
        got.append(f.read())


threading.Thread(target=reader, daemon=True).start()
rc = subprocess.run(cmd, timeout=300).returncode
deadline = threading.Event()
for _ in range(300):
    if got:
        break
    deadline.wait(0.1)
if rc != 0:
    sys.exit(f"fifo-output: the command exited with {rc}")
if not stat.S_ISFIFO(os.lstat(fifo).st_mode):
    sys.exit("fifo-output: the FIFO was replaced by a file")
if not got or not got[0].startswith(b"\x7fELF"):
    sys.exit("fifo-output: no ELF object came through the FIFO")
print(f"fifo-output: {len(got[0])} bytes")
