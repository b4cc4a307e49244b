"""cross_target.py: how a test runner builds for another architecture and
runs what it built under qemu-user (the *-aarch64 CTests), and names its
summary line (the *-sanitized and *-aarch64 CTests). Shared by
test/programs/run_programs.py, test/wasi/run-wasi-suite.py,
test/fuzz/ttf_fuzz.py and test/fuzz/eh_fuzz.py.
"""


def add_options(parser):
    """--target, --qemu, --qemu-sysroot and --label-suffix."""
    parser.add_argument("--target", default="",
                        help="wasm2obj's --target (with --cc a cross "
                        "compiler and --libdir that target's libwasirt.a)")
    parser.add_argument("--qemu", default="",
                        help="run what wasm2obj built under this qemu-user "
                        "binary")
    parser.add_argument("--qemu-sysroot", default="/",
                        help="qemu's -L: the target's libraries")
    parser.add_argument("--label-suffix", default="",
                        help="appended to the names of the summary lines")


def wasm2obj_flags(args):
    """The wasm2obj flags that select the target."""
    return ["--target=" + args.target] if args.target else []


def run_prefix(args):
    """What goes before a built program's path to run it."""
    return [args.qemu, "-L", args.qemu_sysroot] if args.qemu else []
