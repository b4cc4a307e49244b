#!/usr/bin/env python3
"""Runs the C and C++ programs of test/programs through wasm2obj and compares
them with their native builds.

Every test/programs/*.c is compiled twice with clang-19 -O2: for
wasm32-wasi (then wasm2obj, then cc ... -lwasirt) and for the host; every
*.cpp the same way with clang++-19 (--clangxx), for wasm32-wasi against
Debian's libc++ for wasm32, which is built without exceptions
(-fno-exceptions), and for the host against libstdc++. Both run
with the same arguments and the same stdin; their stdout and exit status
must be equal (stderr is not compared: it may name the program).

Every test/programs/traps/*.c is compiled for wasm32-wasi only; it must exit
with status 134 and write exactly one line on stderr, "wasm trap: MESSAGE",
where MESSAGE is the one its "// TRAP:" comment names. A signal, a time-out
or any other status is a failure.

Comments at the top of a program:
  // ARGS: ...    its arguments (shell words)
  // STDIN: FILE  its stdin, relative to test/programs (default: empty)
  // TRAP: MSG    (traps/ only) the trap message
  // WASM-CFLAGS: ...          more clang flags for the wasm build
  // WASM-EXTRA: FILE FLAGS... one more source for the wasm build only,
                               relative to test/programs, with its flags

With --target, --cc and --libdir for another architecture, and --qemu,
the wasm builds are cross-compiled and run under qemu-user (the native
builds stay the host's: the output must not depend on the architecture).

Ends with "programs: N passed, N failed" ("programs-explicit: ..." with
--bounds-checks=explicit); exits 1 if anything failed.
"""

import argparse
import concurrent.futures
import os
import re
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cross_target  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TRAP_EXIT_STATUS = 134
TIMEOUT = 60  # seconds, for each compilation and run


def directives(path):
    found = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"//\s*(ARGS|STDIN|TRAP|WASM-CFLAGS|WASM-EXTRA):\s?(.*)$",
                         line.rstrip("\n"))
            if m:
                found[m.group(1)] = m.group(2)
            elif not line.startswith("//"):
                break
    return found


class Failure(Exception):
    pass


def run(cmd, **kwargs):
    try:
        return subprocess.run(cmd, capture_output=True, timeout=TIMEOUT,
                              **kwargs)
    except subprocess.TimeoutExpired:
        raise Failure(f"timed out after {TIMEOUT} s: {shlex.join(cmd)}")


def check_run(cmd):
    r = run(cmd)
    if r.returncode != 0:
        raise Failure(f"failed ({describe_status(r.returncode)}): "
                      f"{shlex.join(cmd)}\n{r.stderr.decode(errors='replace')}")


def describe_status(code):
    return f"signal {-code}" if code < 0 else f"status {code}"


def is_cxx(src):
    return src.endswith(".cpp")


def compiler(tools, src):
    return tools.clangxx if is_cxx(src) else tools.clang


def build_wasm(tools, src, out):
    wasm, obj = out + ".wasm", out + ".o"
    d = directives(src)
    if "WASM-CFLAGS" in d or "WASM-EXTRA" in d:
        # Compiled to objects with the extra flags, then linked without -O,
        # so that clang does not run binaryen's wasm-opt (version 108 cannot
        # read exception handling).
        objs = [out + ".main.o"]
        check_run([tools.clang, "--target=wasm32-wasi", "-O2", "-c", src,
                   "-o", objs[0]] + shlex.split(d.get("WASM-CFLAGS", "")))
        if "WASM-EXTRA" in d:
            extra, *flags = shlex.split(d["WASM-EXTRA"])
            objs.append(out + ".extra.o")
            check_run([tools.clang, "--target=wasm32-wasi", "-O2", "-c",
                       os.path.join(HERE, extra), "-o", objs[1]] + flags)
        check_run([tools.clang, "--target=wasm32-wasi"] + objs + ["-o", wasm])
    elif is_cxx(src):
        check_run([tools.clangxx, "--target=wasm32-wasi", "-O2",
                   "-fno-exceptions", src, "-o", wasm])
    else:
        check_run([tools.clang, "--target=wasm32-wasi", "-O2", src, "-o",
                   wasm])
    check_run([tools.wasm2obj, wasm, "-o", obj,
               "--bounds-checks=" + tools.bounds_checks] +
              tools.wasm2obj_flag + cross_target.wasm2obj_flags(tools))
    check_run([tools.cc, obj, "-L" + tools.libdir, "-lwasirt", "-o", out])
    return out


def wasm_argv(tools, exe, args):
    """How to run a wasm2obj program: directly, or under qemu-user."""
    return cross_target.run_prefix(tools) + [exe] + args


def stdin_of(d):
    if "STDIN" not in d:
        return b""
    with open(os.path.join(HERE, d["STDIN"]), "rb") as f:
        return f.read()


def show(data, limit=2000):
    text = data.decode(errors="replace")
    return text if len(text) <= limit else text[:limit] + "\n[...]"


def compare(tools, src, work):
    name = os.path.splitext(os.path.basename(src))[0]
    d = directives(src)
    args = shlex.split(d.get("ARGS", ""))
    stdin = stdin_of(d)
    wasm_exe = build_wasm(tools, src, os.path.join(work, name))
    native_exe = os.path.join(work, name + ".native")
    check_run([compiler(tools, src), "-O2", src, "-o", native_exe, "-lm"])
    w = run(wasm_argv(tools, wasm_exe, args), input=stdin)
    n = run([native_exe] + args, input=stdin)
    problems = []
    if w.returncode != n.returncode:
        problems.append(f"exit: wasm2obj {describe_status(w.returncode)}, "
                        f"native {describe_status(n.returncode)}")
    if w.stdout != n.stdout:
        problems.append("stdout differs:\n--- native\n" + show(n.stdout) +
                        "\n--- wasm2obj\n" + show(w.stdout))
    if problems:
        raise Failure("\n".join(problems) + "\n--- wasm2obj stderr\n" +
                      show(w.stderr))
    return f"status {n.returncode}, {len(n.stdout)} bytes of stdout"


def trap(tools, src, work):
    name = "trap_" + os.path.splitext(os.path.basename(src))[0]
    d = directives(src)
    if "TRAP" not in d:
        raise Failure("no '// TRAP: MESSAGE' line")
    exe = build_wasm(tools, src, os.path.join(work, name))
    r = run(wasm_argv(tools, exe, shlex.split(d.get("ARGS", ""))),
            input=stdin_of(d))
    expected = f"wasm trap: {d['TRAP']}\n".encode()
    if r.returncode != TRAP_EXIT_STATUS or r.stderr != expected:
        raise Failure(f"expected status {TRAP_EXIT_STATUS} and stderr "
                      f"{expected!r}\ngot {describe_status(r.returncode)} and "
                      f"stderr {show(r.stderr)!r}")
    return f"status {r.returncode}, {expected.decode().strip()}"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--wasm2obj", required=True)
    p.add_argument("--libdir", required=True, help="directory of libwasirt.a")
    p.add_argument("--clang", required=True, help="clang-19")
    p.add_argument("--clangxx", help="clang++-19 (default: --clang's "
                   "clang++ beside it)")
    p.add_argument("--cc", default="cc", help="the C compiler that links")
    p.add_argument("--work", required=True, help="scratch directory")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--bounds-checks", choices=["guard", "explicit"],
                   default="guard",
                   help="how the programs are compiled (default: guard)")
    p.add_argument("--wasm2obj-flag", action="append", default=[],
                   help="an extra wasm2obj option (repeatable), e.g. "
                   "--wasm2obj-flag=--partition-bytes=1")
    cross_target.add_options(p)
    p.add_argument("names", nargs="*", help="only these programs")
    tools = p.parse_args()
    if not tools.clangxx:
        head, tail = os.path.split(tools.clang)
        tools.clangxx = os.path.join(head, tail.replace("clang", "clang++", 1))
    os.makedirs(tools.work, exist_ok=True)

    cases = []
    for sub, kind in (("", compare), ("traps", trap)):
        folder = os.path.join(HERE, sub)
        for f in sorted(os.listdir(folder)):
            stem, ext = os.path.splitext(f)
            if ext in (".c", ".cpp"):
                label = os.path.join(sub, stem) if sub else stem
                if not tools.names or label in tools.names or stem in tools.names:
                    cases.append((label, kind, os.path.join(folder, f)))

    def one(case):
        label, kind, src = case
        try:
            return label, True, kind(tools, src, tools.work)
        except Failure as e:
            return label, False, str(e)

    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(tools.jobs) as pool:
        for label, ok, detail in pool.map(one, cases):
            if ok:
                passed += 1
                print(f"PASS {label}: {detail}")
            else:
                failed += 1
                print(f"FAIL {label}:\n  " + detail.replace("\n", "\n  "))
            sys.stdout.flush()
    label = "programs" + ("-explicit" if tools.bounds_checks == "explicit"
                          else "") + tools.label_suffix
    print(f"{label}: {passed} passed, {failed} failed")
    sys.exit(1 if failed or not cases else 0)


if __name__ == "__main__":
    main()
