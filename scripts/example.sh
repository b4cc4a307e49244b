#!/usr/bin/env bash
# The README's first command: installs what is missing, builds wasm2obj,
# installs it to /usr/local, then compiles, links and runs examples/hello with
# the installed wasm2obj and libwasirt, exactly as a user would:
#
#   wasm2obj hello.wasm -o hello.o && cc hello.o -lwasirt -o hello && ./hello world
#
# BUILD_DIR (default: build, inside the clone) chooses the build directory.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}

bash scripts/install-deps.sh
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
ninja -C "$build"
cmake --install "$build" --prefix /usr/local

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$build/examples/hello/hello.wasm" "$work/"
cd "$work"
echo "using $(command -v wasm2obj) and /usr/local/lib/libwasirt.a"
(
  set -x
  wasm2obj hello.wasm -o hello.o && cc hello.o -lwasirt -o hello && ./hello world
)
