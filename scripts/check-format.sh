#!/usr/bin/env bash
# The style check: every C/C++ source of ours must equal clang-format's
# output with the repository's .clang-format (BasedOnStyle: LLVM).
#
#   bash scripts/check-format.sh         # list the files that differ, exit 1 if any
#   bash scripts/check-format.sh --diff  # and show the changes clang-format wants
#   bash scripts/check-format.sh --fix   # reformat them in place
#
# One clang-format everywhere: LLVM 19's (package clang-format-19). The files
# are those git tracks under the folders below (untracked work in progress is
# not checked); .def tables are hand-aligned X-macro lists and are left out.
set -uo pipefail
cd "$(dirname "$0")/.."

clang_format=/usr/lib/llvm-19/bin/clang-format
if [ ! -x "$clang_format" ]; then
  echo "check-format: $clang_format is missing: run scripts/install-deps.sh" >&2
  exit 2
fi
mode=${1:-check}

dirs=(lib tools runtime-support test/unit test/spec test/wasi test/programs
      examples bench)
mapfile -t files < <(git ls-files -- "${dirs[@]}" |
                     grep -E '\.(c|h|cc|cpp|hpp)$')
if [ ${#files[@]} -eq 0 ]; then
  echo "check-format: no files found (not a git checkout?)" >&2
  exit 2
fi

bad=0
for f in "${files[@]}"; do
  [ -f "$f" ] || continue # deleted in the work tree
  case "$mode" in
  --fix)
    "$clang_format" -i --style=file "$f" ;;
  *)
    if ! "$clang_format" --style=file "$f" | cmp -s - "$f"; then
      bad=$((bad + 1))
      echo "not formatted: $f"
      [ "$mode" = --diff ] && "$clang_format" --style=file "$f" | diff -u "$f" -
    fi ;;
  esac
done
[ "$mode" = --fix ] && { echo "check-format: formatted ${#files[@]} files"; exit 0; }
echo "clang-format: $((${#files[@]} - bad)) passed, $bad failed"
[ "$bad" -eq 0 ]
