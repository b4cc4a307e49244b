#!/bin/sh
# The README's example against the build tree:
#   run-example.sh WASM2OBJ LIBDIR hello.wasm CC
# compiles and links hello.wasm, runs it with and without an argument, and
# checks its output and exit status.
set -eu
wasm2obj=$1 libdir=$2 wasm=$3 cc=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$wasm2obj" "$wasm" -o "$work/hello.o"
"$cc" "$work/hello.o" -L"$libdir" -lwasirt -o "$work/hello"

out=$("$work/hello" world wide)
expected='hello, world!
hello, wide!
greeted 2 names'
if [ "$out" != "$expected" ]; then
  printf 'example-hello: unexpected output:\n%s\n' "$out" >&2
  exit 1
fi

status=0
err=$("$work/hello" 2>&1 >/dev/null) || status=$?
case "$err" in "usage: "*" NAME...") ok=yes ;; *) ok=no ;; esac
if [ "$status" -ne 2 ] || [ "$ok" != yes ]; then
  printf 'example-hello: without arguments: status %s, stderr "%s"\n' \
    "$status" "$err" >&2
  exit 1
fi
echo "example-hello: ok"
