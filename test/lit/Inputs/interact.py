#!/usr/bin/env python3
"""interact.py LINE TEXT [LINE TEXT ...] -- COMMAND...: runs COMMAND with
pipes for stdin and stdout; each time it has written the next LINE, sends
the TEXT paired with it and a newline (after the last one, closes its
stdin). Prints everything COMMAND wrote to stdout and exits with its
status; 124 if it has not finished after 30 s (it is then killed)."""
import subprocess
import sys
import threading

split = sys.argv.index("--")
pairs, cmd = sys.argv[1:split], sys.argv[split + 1:]
script = list(zip(pairs[0::2], pairs[1::2]))
proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
out = []


def pump():
    step = 0
    for got in iter(proc.stdout.readline, b""):
        out.append(got)
        if step < len(script) and got.rstrip(b"\n") == script[step][0].encode():
            proc.stdin.write(script[step][1].encode() + b"\n")
            proc.stdin.flush()
            step += 1
            if step == len(script):
                proc.stdin.close()


reader = threading.Thread(target=pump, daemon=True)
reader.start()
try:
    status = proc.wait(timeout=30)
except subprocess.TimeoutExpired:
    proc.kill()
    proc.wait()
    status = 124
reader.join(timeout=5)
sys.stdout.write(b"".join(out).decode(errors="replace"))
sys.exit(status)
