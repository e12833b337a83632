#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Static analysis of src/ with zero findings allowed: `static_analysis.sh cppcheck BUILDDIR` or
# `static_analysis.sh clang-tidy BUILDDIR` (the checks and each one left out, with its reason, are
# in .clang-tidy).  Both read BUILDDIR/compile_commands.json, so they see the flags of the build.
# Prints the findings and exits 1 when there are any; tests/run-all.sh counts each tool as a test.
# Suppressions in the code are cppcheck-suppress / NOLINT comments, each with a one-line reason.
set -uo pipefail
cd "$(dirname "$0")/../.."
tool=${1:?usage: $0 cppcheck|clang-tidy BUILDDIR} build=${2:?usage: $0 cppcheck|clang-tidy BUILDDIR}
[ -f "$build/compile_commands.json" ] || { echo "$0: $build: no compile_commands.json" >&2; exit 2; }
log=$(mktemp) db=$(mktemp -d)
trap 'rm -rf "$log" "$db"' EXIT
# oomguard-daemon's musl objects (meson.build: -specs=...) compile the same files again against
# musl's headers through a gcc specs file, which the clang of clang-tidy does not take: the
# tools read the build's other entries, which cover every file.
python3 - "$build/compile_commands.json" "$db/compile_commands.json" <<'PY'
import json, sys
entries = json.load(open(sys.argv[1]))
json.dump([e for e in entries if '-specs=' not in e.get('command', ' '.join(e.get('arguments', [])))],
          open(sys.argv[2], 'w'), indent=1)
PY
case $tool in
cppcheck)
	# warning, portability and performance classes; style is left to review (it would ask to
	# reorder declarations and to constify across the tree)
	nice cppcheck --project="$db/compile_commands.json" --enable=warning,portability,performance \
		--inline-suppr --quiet -j2 -i "$PWD/tests/" -i "$PWD/fuzz/" -i "$PWD/bench/" \
		--template='{file}:{line}: {severity}({id}): {message}' >"$log" 2>&1
	;;
clang-tidy)
	# every translation unit of src/ in the build (main.c, cmd, os, lib); headers below src/ too
	nice run-clang-tidy -p "$db" -j 2 -quiet "$PWD/src/" >"$log" 2>&1
	;;
*) echo "$0: $tool: not cppcheck or clang-tidy" >&2; exit 2 ;;
esac
findings=$(grep -E '(warning|error|style|portability|performance)(:|\()' "$log" | sed 's/\x1b\[[0-9;]*m//g' | sort -u)
n=$(printf '%s' "$findings" | grep -c . || true)
[ -n "$findings" ] && printf '%s\n' "$findings"
echo "$tool: $n findings"
[ "$n" -eq 0 ]
