#!/usr/bin/env python3
"""Runs the WASI test suite (../shared/testdata/wasi-testsuite) through
wasm2obj and libwasirt.

Every LANG/testsuite/wasm32-wasip1/NAME.wasm is compiled with wasm2obj (no
grants recorded in the object) and linked with `cc NAME.o -lwasirt`, in
parallel. Each program then runs as `wasmtime run` would run it, following
its NAME.json (README.md of the suite; defaults in brackets):

  args [none]     arguments after argv[0], which is "NAME.wasm"
  env [none]      exactly the program's environment
  root [none]     a fixture directory, preopened as the guest directory "/"
  dirs [none]     fixture directories, each preopened under its own name
                  (the newer upstream form; no test here uses it yet)
  exit_code [0]   expected exit status
  stdout, stderr  where given, the expected output, exactly

Grants are given at run time, always through WASM2OBJ_GRANTS (dir=HOST::GUEST
and env=NAME=VALUE words); nothing else. The runner's own environment is
passed to the process, plus a sentinel variable, so a runtime that leaked the
host environment to the program would fail the environ tests. Each run gets
a fresh, writable copy of its fixture (without "*.cleanup" leftovers) in its
own directory, which is also its working directory; after the run that
directory must hold nothing but the fixture (a program must not reach the
host's cwd). stdin is /dev/null.

The suite runs twice from the same binaries: once as a user would run it
("wasi": openat2(2) where the kernel has it) and once with the portable
path walk forced by WASM2OBJ_WASI_NO_OPENAT2=1 ("wasi-walk").

Known failures live in known-failures.txt, one per line with a reason. They
still run; they are reported as skipped, and as failed if they pass (so the
list cannot go stale). One line per test, then for each mode:

  wasi: N passed, N failed[, N skipped]
  wasi-walk: N passed, N failed[, N skipped]

(wasi-explicit and wasi-walk-explicit with --bounds-checks=explicit,
which compiles the programs with explicit bounds checks.) Exits 1 if
anything failed in either mode.
"""

import argparse
import concurrent.futures
import glob
import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import cross_target  # noqa: E402
SPEC_KEYS = {"args", "env", "root", "dirs", "exit_code", "stdout", "stderr"}
# (mode name, extra environment); the first is what users run.
MODES = [("wasi", {}), ("wasi-walk", {"WASM2OBJ_WASI_NO_OPENAT2": "1"})]
SENTINEL = "WASM2OBJ_WASI_SUITE_HOST_ONLY"  # must never reach a program


class Test:
    def __init__(self, wasm, suite_dir):
        self.wasm = wasm
        self.folder = os.path.dirname(wasm)
        rel = os.path.relpath(wasm, suite_dir).split(os.sep)
        lang, stem = rel[0], os.path.basename(wasm)[:-len(".wasm")]
        self.name = f"{lang}/{stem}"  # as known-failures.txt names it
        self.stem = stem
        self.exe = None
        self.build_error = None
        self.spec_error = None
        self.spec = {}
        spec_path = wasm[:-len(".wasm")] + ".json"
        if os.path.exists(spec_path):
            try:
                with open(spec_path, encoding="utf-8") as f:
                    self.spec = json.load(f)
                unknown = set(self.spec) - SPEC_KEYS
                if unknown:
                    self.spec_error = ("unknown keys in " + spec_path + ": " +
                                       ", ".join(sorted(unknown)))
            except (OSError, ValueError) as e:
                self.spec_error = f"cannot read {spec_path}: {e}"

    def fixtures(self):
        """(fixture folder relative to the test's folder, guest path)."""
        out = []
        if "root" in self.spec:
            out.append((self.spec["root"], "/"))
        for d in self.spec.get("dirs", []):
            out.append((d, d))
        return out


def read_known_failures(path, tests):
    """{(test name, mode or None): reason}; None means both modes."""
    known = {}
    names = {t.name for t in tests}
    mode_names = {"walk": "wasi-walk", "openat2": "wasi"}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            m = re.match(r"(\S+)\s+(?:\[(walk|openat2)\]\s+)?(\S.*)$", line)
            if not m:
                sys.exit(f"{path}:{n}: expected 'LANG/NAME [mode] reason'")
            name, mode, reason = m.groups()
            if name not in names:
                sys.exit(f"{path}:{n}: no test named {name}")
            known[(name, mode_names.get(mode))] = reason
    return known


def escape_grant(word):
    """A grant word as WASM2OBJ_GRANTS writes it (see runtime-support/entry.c):
    blanks and backslashes preceded by a backslash."""
    return re.sub(r"([\\ \t\n])", r"\\\1", word)


def limited(cmd, timeout, **kwargs):
    try:
        return subprocess.run(cmd, capture_output=True, timeout=timeout,
                              **kwargs), None
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout} s"


def build(test, args, work):
    try:
        return build_one(test, args, work)
    except Exception as e:  # noqa: BLE001 - reported as the test's failure
        test.build_error = f"runner error: {type(e).__name__}: {e}"
        return test


def build_one(test, args, work):
    out = os.path.join(work, "bin", test.name.replace("/", "-"))
    obj = out + ".o"
    for path in (out, obj):
        if os.path.exists(path):
            os.remove(path)
    target = cross_target.wasm2obj_flags(args)
    for cmd in ([args.wasm2obj, test.wasm, "-o", obj,
                 "--bounds-checks=" + args.bounds_checks] + target,
                [args.cc, obj, "-L" + args.libdir, "-lwasirt", "-o", out]):
        r, err = limited(cmd, args.timeout * 4)
        if err or r.returncode != 0:
            detail = err or (f"status {r.returncode}\n" +
                             r.stderr.decode(errors="replace"))
            test.build_error = f"{shlex.join(cmd)}: {detail}"
            return test
    os.remove(obj)  # only the executable is needed
    test.exe = out
    return test


def copy_fixture(src, dst):
    """Copies SRC to DST with owner-writable modes (the shared data is
    read-only), symlinks as symlinks, leaving out "*.cleanup" entries."""
    os.mkdir(dst)
    os.chmod(dst, 0o755)
    for entry in sorted(os.listdir(src)):
        if entry.endswith(".cleanup"):
            continue
        s, d = os.path.join(src, entry), os.path.join(dst, entry)
        if os.path.islink(s):
            os.symlink(os.readlink(s), d)
        elif os.path.isdir(s):
            copy_fixture(s, d)
        else:
            shutil.copyfile(s, d)
            mode = os.stat(s).st_mode & 0o777
            os.chmod(d, mode | stat.S_IRUSR | stat.S_IWUSR)


def make_writable(path):
    """So that a run's leftovers can be removed without root."""
    for dirpath, dirnames, _ in os.walk(path):
        for d in dirnames:
            p = os.path.join(dirpath, d)
            if not os.path.islink(p):
                os.chmod(p, 0o755)
    os.chmod(path, 0o755)


def remove_tree(path):
    if os.path.lexists(path):
        make_writable(path)
        shutil.rmtree(path)


def show(data, limit=400):
    text = data.decode(errors="replace") if isinstance(data, bytes) else data
    return repr(text if len(text) <= limit else text[:limit] + "...")


def run(test, mode, mode_env, args, work):
    """Returns (ok, detail); an unexpected error fails the test, not the
    runner."""
    try:
        return run_one(test, mode, mode_env, args, work)
    except Exception as e:  # noqa: BLE001 - reported as the test's failure
        return False, f"runner error: {type(e).__name__}: {e}"


def run_one(test, mode, mode_env, args, work):
    if test.spec_error:
        return False, test.spec_error
    if test.build_error:
        return False, "build failed: " + test.build_error
    rundir = os.path.join(work, "run", mode, test.name.replace("/", "-"))
    remove_tree(rundir)
    os.makedirs(rundir)
    grants = []
    expected_entries = set()
    for rel, guest in test.fixtures():
        src = os.path.normpath(os.path.join(test.folder, rel))
        if not os.path.isdir(src):
            return False, f"fixture {src} is not a directory"
        host = os.path.join(rundir, os.path.basename(src))
        copy_fixture(src, host)
        expected_entries.add(os.path.basename(src))
        if "::" in host:
            return False, f"cannot grant {host}: it contains '::'"
        grants.append(f"dir={host}::{guest}")
    for k, v in test.spec.get("env", {}).items():
        grants.append(f"env={k}={v}")

    env = {k: v for k, v in os.environ.items()
           if not k.startswith("WASM2OBJ_")}
    env[SENTINEL] = "leaked"
    env["WASM2OBJ_GRANTS"] = " ".join(escape_grant(g) for g in grants)
    env.update(mode_env)
    argv = [test.stem + ".wasm"] + [str(a) for a in test.spec.get("args", [])]
    t0 = time.monotonic()
    if args.qemu:
        # qemu-user's -0 sets the program's argv[0].
        r, err = limited(cross_target.run_prefix(args) +
                         ["-0", argv[0], test.exe] + argv[1:], args.timeout,
                         cwd=rundir, stdin=subprocess.DEVNULL, env=env)
    else:
        r, err = limited(argv, args.timeout, executable=test.exe,
                         cwd=rundir, stdin=subprocess.DEVNULL, env=env)
    elapsed = time.monotonic() - t0
    replay = ("WASM2OBJ_GRANTS=" + shlex.quote(env["WASM2OBJ_GRANTS"]) +
              "".join(f" {k}={v}" for k, v in mode_env.items()) +
              f" WASM2OBJ_TRACE_WASI=1 bash -c 'cd {shlex.quote(rundir)} && "
              f"exec -a {shlex.quote(argv[0])} {shlex.quote(test.exe)}" +
              "".join(" " + shlex.quote(a) for a in argv[1:]) + "'")
    if err:
        return False, f"{err}\n    to replay: {replay}"

    problems = []
    want = test.spec.get("exit_code", 0)
    if r.returncode != want:
        got = (f"signal {-r.returncode}" if r.returncode < 0
               else f"status {r.returncode}")
        problems.append(f"exit {got}, want status {want}")
    for stream, data in (("stdout", r.stdout), ("stderr", r.stderr)):
        if stream in test.spec and data != test.spec[stream].encode():
            problems.append(f"{stream} {show(data)}, "
                            f"want {show(test.spec[stream])}")
    left = set(os.listdir(rundir)) - expected_entries
    if left:
        problems.append("created outside its directories: " +
                        ", ".join(sorted(left)))
    if problems:
        detail = "; ".join(problems)
        if "stderr" not in test.spec and r.stderr:
            detail += "\n    stderr: " + r.stderr.decode(
                errors="replace")[-2000:].rstrip().replace("\n", "\n    ")
        detail += f"\n    kept in {rundir}\n    to replay: {replay}"
        return False, detail
    if not args.keep:
        remove_tree(rundir)
    return True, f"{elapsed:.2f}s"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wasm2obj", required=True)
    ap.add_argument("--libdir", required=True, help="folder of libwasirt.a")
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--testsuite", required=True)
    ap.add_argument("--work", required=True, help="scratch folder")
    ap.add_argument("--known-failures",
                    default=os.path.join(HERE, "known-failures.txt"))
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timeout", type=int, default=60,
                    help="seconds for each run (compiling gets 4x)")
    ap.add_argument("--mode", choices=[m for m, _ in MODES] + ["all"],
                    default="all")
    cross_target.add_options(ap)
    ap.add_argument("--bounds-checks", choices=["guard", "explicit"],
                    default="guard",
                    help="how the programs are compiled (default: guard)")
    ap.add_argument("--keep", action="store_true",
                    help="keep every run's directory, not only failures'")
    ap.add_argument("filter", nargs="*",
                    help="only tests whose LANG/NAME contains one of these")
    args = ap.parse_args()
    for tool in ("wasm2obj", "cc"):
        path = getattr(args, tool)
        if not shutil.which(path):
            sys.exit(f"run-wasi-suite: {tool} not found: {path}")
    if not os.path.exists(os.path.join(args.libdir, "libwasirt.a")):
        sys.exit(f"run-wasi-suite: no libwasirt.a in {args.libdir}")

    suite = os.path.abspath(args.testsuite)
    wasms = sorted(glob.glob(os.path.join(suite, "*", "testsuite",
                                          "wasm32-wasip1", "*.wasm")))
    if not wasms:
        sys.exit(f"run-wasi-suite: no tests in {suite}")
    tests = [Test(w, suite) for w in wasms]
    known = read_known_failures(args.known_failures, tests)
    if args.filter:
        tests = [t for t in tests if any(f in t.name for f in args.filter)]
    work = os.path.abspath(args.work)
    for sub in ("bin", "run"):
        remove_tree(os.path.join(work, sub))
        os.makedirs(os.path.join(work, sub))

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        list(ex.map(lambda t: build(t, args, work), tests))
    print(f"compiled {sum(t.exe is not None for t in tests)} of {len(tests)} "
          f"programs in {time.monotonic() - t0:.1f}s", flush=True)

    totals = []
    for mode, mode_env in MODES:
        if args.mode not in ("all", mode):
            continue
        t1 = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
            results = list(ex.map(
                lambda t: run(t, mode, mode_env, args, work), tests))
        passed = failed = skipped = 0
        for test, (ok, detail) in zip(tests, results):
            reason = known.get((test.name, mode)) or known.get((test.name,
                                                               None))
            if reason and ok:
                failed += 1
                print(f"FAIL [{mode}] {test.name}: passed, but is listed in "
                      f"{os.path.basename(args.known_failures)} ({reason}); "
                      "remove the entry")
            elif reason:
                skipped += 1
                print(f"SKIP [{mode}] {test.name}: known failure: {reason}\n"
                      f"    {detail}")
            elif ok:
                passed += 1
                print(f"PASS [{mode}] {test.name} ({detail})")
            else:
                failed += 1
                print(f"FAIL [{mode}] {test.name}: {detail}")
        label = mode + ("-explicit" if args.bounds_checks == "explicit"
                        else "") + args.label_suffix
        line = f"{label}: {passed} passed, {failed} failed"
        if skipped:
            line += f", {skipped} skipped"
        totals.append((line, failed))
        print(f"ran mode {mode} in {time.monotonic() - t1:.1f}s", flush=True)
    for line, _ in totals:
        print(line)
    return 1 if any(f for _, f in totals) else 0


if __name__ == "__main__":
    sys.exit(main())
