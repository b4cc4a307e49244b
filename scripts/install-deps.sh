#!/usr/bin/env bash
# Installs the Debian 12 packages wasm2obj needs to build and test, as root.
#
# Idempotent and quick: it asks dpkg what is installed and touches apt only
# when something is missing. Nothing outside Debian's packages is fetched,
# neither here nor at build or test time.
#
#   bash scripts/install-deps.sh          # install what is missing
#   bash scripts/install-deps.sh --check  # list what is missing, exit 1 if any
set -euo pipefail

packages=(
  cmake ninja-build g++ python3 # build
  libasan8 libubsan1 libtsan2 # the sanitized libwasirt.a copies (*-sanitized, lit-tsan)
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user # the *-aarch64 tests
  llvm-19-dev liblld-19-dev libpolly-19-dev zlib1g-dev libzstd-dev # LLVM, lld (static)
  libcli11-dev catch2 # CLI and unit tests
  clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32 # C to wasm32-wasi
  libc++-19-dev-wasm32 libc++abi-19-dev-wasm32 # C++ to wasm32-wasi (programs)
  llvm-19-tools # FileCheck, not, lit's helpers
  bolt-19 # llvm-bolt, merge-fdata: wasm2obj laid out after its link
  clang-format-19 # the style check (/usr/lib/llvm-19/bin/clang-format)
  wabt binaryen nodejs # wat2wasm, wast2json; wasm tools used by the suites
  file # the lit tests identify object files with it
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi
if [ "${1:-}" = --check ]; then
  echo "install-deps: missing: ${missing[*]}"
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: run as root (apt-get install needs it)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q "${missing[@]}"
