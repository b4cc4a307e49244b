# -*- Python -*- lit configuration of wasm2obj's lit tests.
#
# Run against a build tree (the CTest `lit` does this):
#   python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv BUILD/test/lit
# or on the source folder, naming the build tree (default: build):
#   python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv test/lit --param build=BUILD
#
# Substitutions:
#   %wasm2obj   the built compiler          %wat2wasm  wabt's assembler
#   %mkwasm     test/lit/Inputs/mkwasm.py   %cc        the host C compiler
#   %libdir     directory of libwasirt.a    %include   the runtime headers
#   %objdump    llvm-objdump (LLVM 19)
#   %aarch64-cc, %aarch64-libdir, %aarch64-run   (feature aarch64-qemu)
#               AArch64's cc and libwasirt.a, and qemu-aarch64 to run with
#   %trapcodes  -DNAME=CODE for every trap of abi.h, for FileCheck
# FileCheck, not and count come from the LLVM 19 tools directory.
import os
import re
import sys

import lit.formats

if not hasattr(config, "wasm2obj"):
    # lit was pointed at the source folder: load a build tree's site config,
    # which sets the paths and loads this file again.
    here = os.path.dirname(os.path.abspath(__file__))
    build = lit_config.params.get("build",
                                  os.path.join(here, "..", "..", "build"))
    site = os.path.join(os.path.abspath(build), "test", "lit",
                        "lit.site.cfg.py")
    if not os.path.isfile(site):
        lit_config.fatal(f"{site} does not exist: configure and build first, "
                         "or pass --param build=BUILD_DIR")
    lit_config.load_config(config, site)
else:
    config.name = "wasm2obj"

    # Known failures (known-failures.txt) are expected to fail, reported as
    # such, and fail the suite once they pass.
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    import known_failures

    config.test_format = known_failures.ShTestWithKnownFailures(
        known_failures.read(os.path.join(here, "known-failures.txt"),
                            lit_config.fatal))
    config.suffixes = [".wat", ".test"]
    config.excludes = ["Inputs", "CMakeLists.txt", "known-failures.txt"]
    config.test_source_root = here

    if not config.wat2wasm or config.wat2wasm.endswith("-NOTFOUND"):
        lit_config.fatal("wat2wasm was not found: run scripts/install-deps.sh")

    inputs = os.path.join(config.test_source_root, "Inputs")
    config.substitutions += [
        ("%wasm2obj", config.wasm2obj),
        ("%wat2wasm", config.wat2wasm),
        ("%mkwasm", f"{config.python} {os.path.join(inputs, 'mkwasm.py')}"),
        ("%python", config.python),
        ("%cc", config.cc),
        ("%libdir", config.wasirt_dir),
        ("%include", config.include_dir),
        ("%objdump", os.path.join(config.llvm_tools_dir, "llvm-objdump")),
    ]

    # Trap codes as FileCheck variables, read from the ABI header so that no
    # number is written twice: FileCheck %s %trapcodes, then [[MEMORY_OOB]].
    abi_h = os.path.join(config.include_dir, "wasm2obj", "abi.h")
    with open(abi_h, encoding="utf-8") as f:
        trap_names = re.findall(r"^\s*X\((\w+),\s*\"[^\"]*\"\)",
                                f.read().split("WASIRT_TRAP_LIST(X)", 1)[1]
                                .split("typedef", 1)[0], re.M)
    if "STACK_EXHAUSTED" not in trap_names:
        lit_config.fatal(f"cannot read the trap list of {abi_h}")
    config.substitutions.append(
        ("%trapcodes",
         " ".join(f"-D{name}={code}" for code, name in enumerate(trap_names))))

    # AArch64 Linux under qemu-user (feature aarch64-qemu): the cross
    # compiler that links, the libwasirt.a built with it, and how to run.
    a64 = [getattr(config, k, "") for k in
           ("aarch64_cc", "aarch64_libdir", "qemu_aarch64")]
    if all(v and not v.endswith("-NOTFOUND") for v in a64):
        config.available_features.add("aarch64-qemu")
        config.substitutions += [
            ("%aarch64-cc", a64[0]),
            ("%aarch64-libdir", a64[1]),
            ("%aarch64-run", f"{a64[2]} -L {config.aarch64_sysroot}"),
        ]

    # FileCheck, not, count: LLVM 19's, before anything else on PATH.
    config.environment["PATH"] = os.pathsep.join(
        [config.llvm_tools_dir, config.environment.get("PATH", "")])
    # The programs run here see none of the caller's runtime settings.
    for var in ("WASM2OBJ_GRANTS", "WASM2OBJ_TRACE_WASI"):
        config.environment.pop(var, None)
