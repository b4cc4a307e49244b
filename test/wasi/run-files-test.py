#!/usr/bin/env python3
"""Runs test/wasi/files.c as a WASI program and natively, and tries to escape.

files.c is compiled with clang-19 -O2 twice: for wasm32-wasi (then wasm2obj
and cc -lwasirt) and for the host. With --target, the wasm build is for
that target (--cc a cross compiler, --libdir its libwasirt.a) and runs
under --qemu; the native reference stays the host's. Then, for each
path-resolution mode of the runtime (openat2, and the portable walk forced
by WASM2OBJ_WASI_NO_OPENAT2=1):

ops     The native build runs "files ops" with its cwd in a fresh empty
        directory; the wasm build runs it with another fresh empty directory
        granted as guest "." (WASM2OBJ_GRANTS=dir=BOX::.) and its host cwd
        in a third, empty one. Their stdout and exit status must be equal,
        they must leave equal trees (names, types, contents, symlink
        targets), and the wasm build's host cwd must stay empty.

escape  The wasm build runs "files escape TOKEN" in a directory laid out as
        files.c describes, with a sentinel directory "outside" beside it and
        symlinks to it and to /tmp. Every attempt the program reports is a
        case ("ok" or "FAIL" lines: each escape must fail with wasmtime's
        errno, each allowed operation must work). The driver then checks
        that nothing outside the granted directory was created, changed or
        deleted: the sentinel (names, contents, modes, link counts, inodes,
        mtimes and ctimes), the granted directory's own parent, the host
        cwd, and /tmp (no name containing TOKEN).

One line per case, then "wasi-files: N passed, N failed"; exits 1 if any
case failed.
"""

import argparse
import difflib
import hashlib
import os
import shlex
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import cross_target  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "files.c")
TIMEOUT = 120  # seconds, for each compilation and run
MODES = [("openat2", {}), ("walk", {"WASM2OBJ_WASI_NO_OPENAT2": "1"})]

# The escape layout (files.c's header comment): box/NAME -> TARGET.
ESCAPE_LINKS = [
    ("sub/rel_ok", "../file.txt"),
    ("sub/up", "../.."),
    ("link_tmp", "/tmp"),
    ("link_out", "../outside"),
    ("link_secret", "../outside/secret.txt"),
    ("chain1", "chain2"),
    ("chain2", "chain3"),
    ("chain3", "../outside"),
    ("chain_in1", "chain_in2"),
    ("chain_in2", "sub"),
    ("outin", "../box/file.txt"),
    ("abs_in", None),  # the absolute path of box/file.txt
    ("loop1", "loop2"),
    ("loop2", "loop1"),
]


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def case(self, mode, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"PASS [{mode}] {name}")
        else:
            self.failed += 1
            print(f"FAIL [{mode}] {name}" + (f": {detail}" if detail else ""))


def run(cmd, **kwargs):
    """(CompletedProcess or None, error text)."""
    try:
        return subprocess.run(cmd, capture_output=True, timeout=TIMEOUT,
                              **kwargs), ""
    except subprocess.TimeoutExpired:
        return None, f"timed out after {TIMEOUT} s: {shlex.join(cmd)}"
    except OSError as e:
        return None, f"cannot run {shlex.join(cmd)}: {e}"


def build(args, work):
    """Returns (native, wasm) executables or raises RuntimeError."""
    native = os.path.join(work, "files-native")
    wasm = os.path.join(work, "files.wasm")
    obj = os.path.join(work, "files-wasm.o")
    exe = os.path.join(work, "files-wasm")
    for cmd in ([args.clang, "-O2", SOURCE, "-o", native],
                [args.clang, "--target=wasm32-wasi", "-O2", SOURCE, "-o",
                 wasm],
                [args.wasm2obj, wasm, "-o", obj] +
                cross_target.wasm2obj_flags(args),
                [args.cc, obj, "-L" + args.libdir, "-lwasirt", "-o", exe]):
        r, err = run(cmd)
        if err or r.returncode != 0:
            raise RuntimeError(err or f"status {r.returncode}: "
                               f"{shlex.join(cmd)}\n"
                               f"{r.stderr.decode(errors='replace')}")
    return native, cross_target.run_prefix(args) + [exe]


def fresh_dir(path):
    if os.path.lexists(path):
        shutil.rmtree(path)
    os.makedirs(path)
    return path


def tree(root, strict=False):
    """{relative path: description} of everything beneath ROOT, symlinks not
    followed. STRICT adds what any change would alter: mode, link count,
    inode, mtime, ctime."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            rel = os.path.relpath(path, root)
            if os.path.islink(path):
                desc = ("link", os.readlink(path))
            elif os.path.isdir(path):
                desc = ("dir",)
            else:
                with open(path, "rb") as f:
                    digest = hashlib.sha256(f.read()).hexdigest()[:16]
                desc = ("file", st.st_size, digest)
            if strict:
                desc += (oct(st.st_mode), st.st_nlink, st.st_ino,
                         st.st_mtime_ns, st.st_ctime_ns)
            out[rel] = desc
    if strict:
        st = os.lstat(root)
        out["."] = (oct(st.st_mode), st.st_nlink, st.st_ino, st.st_mtime_ns,
                    st.st_ctime_ns)
    return out


def tree_diff(before, after):
    lines = []
    for k in sorted(set(before) | set(after)):
        if before.get(k) != after.get(k):
            lines.append(f"{k}: {before.get(k, 'absent')} -> "
                         f"{after.get(k, 'absent')}")
    return "; ".join(lines[:10]) + (" ..." if len(lines) > 10 else "")


def wasm_env(grants, mode_env):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("WASM2OBJ_")}
    env["WASM2OBJ_GRANTS"] = grants
    env.update(mode_env)
    return env


def check_ops(res, mode, mode_env, wasm, work, native_out):
    base = fresh_dir(os.path.join(work, mode, "ops"))
    box = fresh_dir(os.path.join(base, "box"))
    cwd = fresh_dir(os.path.join(base, "cwd"))
    # Grant words escape blanks and backslashes (runtime-support/entry.c).
    grant = "dir=" + box.replace("\\", "\\\\").replace(" ", "\\ ") + "::."
    r, err = run(wasm + ["ops"], cwd=cwd, stdin=subprocess.DEVNULL,
                 env=wasm_env(grant, mode_env))
    if err:
        res.case(mode, "ops: runs", False, err)
        return
    n_status, n_stdout, n_tree = native_out
    res.case(mode, "ops: exit status equal to native",
             r.returncode == n_status,
             f"wasm {r.returncode}, native {n_status}\n"
             f"{r.stderr.decode(errors='replace')[-2000:]}")
    w_stdout = r.stdout.decode(errors="replace")
    diff = "".join(difflib.unified_diff(
        n_stdout.splitlines(True), w_stdout.splitlines(True), "native",
        "wasm"))
    res.case(mode, f"ops: stdout equal to native "
             f"({len(n_stdout.splitlines())} lines)",
             n_stdout == w_stdout and n_stdout.endswith("-- done\n"), diff or
             "native output incomplete")
    w_tree = tree(box)
    res.case(mode, f"ops: tree left equal to native ({len(n_tree)} entries)",
             w_tree == n_tree, tree_diff(n_tree, w_tree))
    res.case(mode, "ops: host cwd untouched", os.listdir(cwd) == [],
             ", ".join(os.listdir(cwd)))


def make_escape_layout(base):
    box = fresh_dir(os.path.join(base, "box"))
    outside = fresh_dir(os.path.join(base, "outside"))
    os.mkdir(os.path.join(box, "sub"))
    with open(os.path.join(box, "file.txt"), "w") as f:
        f.write("inside\n")
    with open(os.path.join(box, "sub", "inner.txt"), "w") as f:
        f.write("inner\n")
    for name, target in ESCAPE_LINKS:
        if target is None:
            target = os.path.join(box, "file.txt")
        os.symlink(target, os.path.join(box, name))
    with open(os.path.join(outside, "secret.txt"), "w") as f:
        f.write("secret\n")
    with open(os.path.join(outside, "victim.txt"), "w") as f:
        f.write("victim\n")
    os.mkdir(os.path.join(outside, "dir"))
    return box, outside


def check_escape(res, mode, mode_env, wasm, work):
    base = fresh_dir(os.path.join(work, mode, "escape"))
    cwd = fresh_dir(os.path.join(work, mode, "escape-cwd"))
    box, outside = make_escape_layout(base)
    token = f"w2o-escape-{os.getpid()}-{mode}"
    tmp_hits = lambda: sorted(n for n in os.listdir("/tmp") if token in n)
    if tmp_hits():
        res.case(mode, "escape: /tmp clean before the run", False,
                 ", ".join(tmp_hits()))
        return
    outside_before, box_before = tree(outside, strict=True), tree(box)
    beside_before = sorted(os.listdir(base))

    grant = "dir=" + box.replace("\\", "\\\\").replace(" ", "\\ ") + "::."
    r, err = run(wasm + ["escape", token], cwd=cwd, stdin=subprocess.DEVNULL,
                 env=wasm_env(grant, mode_env))
    if err:
        res.case(mode, "escape: runs", False, err)
    else:
        out = r.stdout.decode(errors="replace").splitlines()
        cases = 0
        for line in out:
            if line.startswith("ok   "):
                res.case(mode, "escape: " + line[5:].rsplit(": ", 1)[0], True)
                cases += 1
            elif line.startswith("FAIL "):
                res.case(mode, "escape: " + line[5:], False)
                cases += 1
        # A program that stopped early (trap, crash) must not pass.
        reported = [l for l in out if l.startswith("-- ")
                    and l.endswith(" failed")]
        want = 1 if any(l.startswith("FAIL ") for l in out) else 0
        res.case(mode, f"escape: program completed ({cases} cases)",
                 bool(reported) and r.returncode == want and cases > 0,
                 f"status {r.returncode}, last line "
                 f"{out[-1] if out else '(none)'!r}\n"
                 f"{r.stderr.decode(errors='replace')[-2000:]}")

    outside_after = tree(outside, strict=True)
    res.case(mode, "escape: sentinel directory beside it unchanged",
             outside_after == outside_before,
             tree_diff(outside_before, outside_after))
    box_after = tree(box)
    res.case(mode, "escape: granted directory unchanged",
             box_after == box_before, tree_diff(box_before, box_after))
    beside = sorted(os.listdir(base))
    res.case(mode, "escape: nothing created beside it",
             beside == beside_before, ", ".join(beside))
    res.case(mode, "escape: host cwd untouched", os.listdir(cwd) == [],
             ", ".join(os.listdir(cwd)))
    hits = tmp_hits()
    res.case(mode, "escape: nothing created in /tmp", not hits,
             ", ".join(hits))
    for h in hits:  # do not leave them behind
        p = os.path.join("/tmp", h)
        shutil.rmtree(p) if os.path.isdir(p) and not os.path.islink(p) \
            else os.remove(p)


def guarded(res, mode, what, check, *args):
    """Runs CHECK; an unexpected error is a failed case, not a traceback."""
    try:
        check(*args)
    except Exception as e:  # noqa: BLE001 - reported as a failure
        res.case(mode, f"{what}: driver error", False,
                 f"{type(e).__name__}: {e}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wasm2obj", required=True)
    ap.add_argument("--libdir", required=True, help="folder of libwasirt.a")
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--work", required=True, help="scratch folder")
    cross_target.add_options(ap)
    args = ap.parse_args()
    work = fresh_dir(os.path.abspath(args.work))
    res = Results()
    try:
        native, wasm = build(args, work)
    except RuntimeError as e:
        res.case("build", "files.c compiles (wasm and native)", False, str(e))
        print(f"wasi-files{args.label_suffix}: {res.passed} passed, "
              f"{res.failed} failed")
        return 1

    ndir = fresh_dir(os.path.join(work, "native", "box"))
    r, err = run([native, "ops"], cwd=ndir, stdin=subprocess.DEVNULL)
    if err:
        res.case("native", "ops: runs", False, err)
    else:
        native_out = (r.returncode, r.stdout.decode(errors="replace"),
                      tree(ndir))
        for mode, mode_env in MODES:
            guarded(res, mode, "ops", check_ops, res, mode, mode_env, wasm,
                    work, native_out)
    for mode, mode_env in MODES:
        guarded(res, mode, "escape", check_escape, res, mode, mode_env, wasm,
                work)
    print(f"wasi-files{args.label_suffix}: {res.passed} passed, "
              f"{res.failed} failed")
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
