#!/bin/sh
# The README's example against the build tree:
#   run-example.sh WASM2OBJ LIBDIR hello.wasm CC
# compiles and links hello.wasm, runs it with and without arguments, and
# checks its output and exit status. Ends with
# "example-hello: N passed, N failed".
set -u
wasm2obj=$1 libdir=$2 wasm=$3 cc=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
fail() {
  failed=$((failed + 1))
  printf 'example-hello: %s\n' "$*" >&2
}

if "$wasm2obj" "$wasm" -o "$work/hello.o" &&
  "$cc" "$work/hello.o" -L"$libdir" -lwasirt -o "$work/hello"; then
  passed=$((passed + 1))
else
  fail "cannot compile and link $wasm"
  echo "example-hello: $passed passed, $((failed + 2)) failed"
  exit 1
fi

status=0
out=$("$work/hello" world wide) || status=$?
expected='hello, world!
hello, wide!
greeted 2 names'
if [ "$status" -eq 0 ] && [ "$out" = "$expected" ]; then
  passed=$((passed + 1))
else
  fail "with arguments: status $status, output:
$out"
fi

status=0
err=$("$work/hello" 2>&1 >/dev/null) || status=$?
case "$err" in "usage: "*" NAME...") ok=yes ;; *) ok=no ;; esac
if [ "$status" -eq 2 ] && [ "$ok" = yes ]; then
  passed=$((passed + 1))
else
  fail "without arguments: status $status, stderr \"$err\""
fi

echo "example-hello: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
