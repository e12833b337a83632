#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The whole test suite, as CI runs it: unit + integration tests on a -Werror build, the unit and
# integration tests again under AddressSanitizer + UndefinedBehaviorSanitizer, static analysis
# (cppcheck, clang-tidy), every libFuzzer target for a bounded time, and the guest tests inside
# a User-mode Linux guest (tests/guest).  Ends with one line "total: N passed, N failed, N
# skipped"; a test that skipped (wholly or in part) counts as skipped, and one not allowed to
# skip here fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
passed=0 failed=0 skipped=0 rc=0

# Adds the counts of a meson run from its testlog.json (tests/tools/testlog_count.py): a test that
# skipped, wholly or in part (lib.sh skip_part, a cmocka skip), counts as skipped, not passed;
# a skip not listed in tests/skips-allowed.txt fails the run.
count_meson() {
	local dir=$1 out counts
	if ! out=$(python3 tests/tools/testlog_count.py "$dir/meson-logs/testlog.json" tests/skips-allowed.txt); then
		echo "   cannot read $dir/meson-logs/testlog.json"; failed=$((failed + 1)); rc=1; return
	fi
	grep -v '^counts ' <<<"$out"
	read -r _ p f s u < <(grep '^counts ' <<<"$out")
	passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
	if [ "$u" -gt 0 ]; then
		echo "   $u skip(s) of tests that must run on this kind of machine (tests/skips-allowed.txt)"
		rc=1
	fi
}

run_meson_tests() {  # builddir label [meson test options]
	local dir=$1 label=$2
	shift 2
	echo "== $label"
	meson test -C "$dir" --print-errorlogs --num-processes 2 "$@" 2>&1 | grep -E '^ *[0-9]+/[0-9]+ |^(Ok|Fail|Skipped|Timeout):'
	[ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
	count_meson "$dir"
}

# 1. the -Werror build (bootstrap.sh made it)
ninja -C build >/dev/null || { echo "build failed"; exit 1; }
run_meson_tests build "unit + integration (gcc, -Werror)"

# 1b. static analysis with zero findings (tests/tools/static_analysis.sh), one test per tool
for tool in cppcheck clang-tidy; do
	echo "== $tool"
	if bash tests/tools/static_analysis.sh "$tool" build; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1)); rc=1
	fi
done

# 2. sanitizers
if [ ! -f build-asan/build.ninja ]; then
	meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true \
		-Dbuildtype=debug >/dev/null || { echo "asan setup failed"; exit 1; }
fi
ninja -C build-asan >/dev/null || { echo "asan build failed"; exit 1; }
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	run_meson_tests build-asan "unit + integration under ASan/UBSan" --no-suite once

# 3. fuzzing, bounded
if [ ! -f build-fuzz/build.ninja ]; then
	CC=clang meson setup build-fuzz -Dfuzz=true -Dtests=false -Db_sanitize=address,undefined \
		-Db_lundef=false -Dbuildtype=debug >/dev/null || { echo "fuzz setup failed"; exit 1; }
fi
ninja -C build-fuzz >/dev/null || { echo "fuzz build failed"; exit 1; }
for f in build-fuzz/fuzz/fuzz_*; do
	[ -f "$f" ] && [ -x "$f" ] || continue   # not meson's fuzz_*.p object directories
	name=$(basename "$f")
	corpus=$(mktemp -d)
	seeds="fuzz/corpus/${name#fuzz_}"
	echo "== $name for ${FUZZ_SECONDS}s"
	if UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$f" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=1024 -print_final_stats=0 \
		"$corpus" $( [ -d "$seeds" ] && echo "$seeds" ) >"$corpus.log" 2>&1; then
		passed=$((passed + 1)); echo "   ok: $(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$corpus.log" | head -1)"
	else
		failed=$((failed + 1)); rc=1; tail -40 "$corpus.log"
	fi
	rm -rf "$corpus" "$corpus.log"
done

# 4. a real Linux guest (User-mode Linux, systemd as PID 1, cgroup v2, PSI): tests/guest/
echo "== Linux guest (tests/guest)"
glog=$(mktemp)
bash tests/guest/run.sh -b build 2>&1 | tee "$glog"
[ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
passed=$((passed + $(grep -c '^ok ' "$glog")))
skipped=$((skipped + $(grep -c -E '^(skip|xfail) ' "$glog")))
failed=$((failed + $(grep -c '^FAIL ' "$glog")))
grep -q '^guest: logs' "$glog" || failed=$((failed + 1))
rm -f "$glog"

echo "total: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ] && [ $rc -eq 0 ]
