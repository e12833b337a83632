# SPDX-License-Identifier: GPL-2.0-or-later
# The kernel's own choice among processes tied at one oom_score: five identical memory holders
# (12 MiB each, oom_score_adj 1000) in a memory cgroup of this test's, ranked by
# `oomguard top --json -n 0`; then the cgroup's limit is brought down to 8 MiB above what they use,
# a sixth process in it (adj 0, so it goes last) asks for 36 MiB, and the kernel kills holders one
# by one to make room (the sixth only once no holder is left): in exactly the order top listed
# them (exact points with rss as the kernel counts it; equal points, the newest first).
source "$(dirname "$0")/lib.sh"
need_root
[ -r /dev/kmsg ] && [ -w /dev/kmsg ] || skip "/dev/kmsg is not readable and writable on this machine"
command -v python3 >/dev/null || fail "python3 is needed to read the JSON"

work=$(mktemp -d)
on_exit "rm -rf '$work'"
cg_create ties $((512 * 1024 * 1024))
# the holders' file pages (this binary, libc) stay charged outside the test's cgroup, so the reclaim
# that comes before each kill cannot unmap them and change the holders' rss after top has read it
# (and so do its shared libraries: a sanitizer build maps libasan and libubsan too)
cat "$MEMHOG_BIN" $(ldd "$MEMHOG_BIN" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3}') /proc/self/maps > /dev/null
pids=()
for _ in 1 2 3 4 5; do
	cg_run "$CG_DIR" "$MEMHOG_BIN" --total 12 --hold --name tieholder
	pids+=("$CG_PID")
done
for p in "${pids[@]}"; do
	for _ in $(seq 100); do
		anon=$(awk '$1 == "RssAnon:" {print $2}' "/proc/$p/status" 2>/dev/null)
		[ "${anon:-0}" -ge $((12 * 1024)) ] && break
		sleep 0.1
	done
	[ "${anon:-0}" -ge $((12 * 1024)) ] || fail "holder $p did not fill its 12 MiB"
	echo 1000 > "/proc/$p/oom_score_adj" || fail "cannot raise oom_score_adj of our own holder $p"
done
# they hold still from here on: each asleep in --hold, its rss the same over 0.2 s (polled, 20 s)
for p in "${pids[@]}"; do
	still=
	for _ in $(seq 100); do
		r1=$(awk '$1 == "VmRSS:" {print $2}' "/proc/$p/status"); sleep 0.2
		r2=$(awk '$1 == "VmRSS:" {print $2}' "/proc/$p/status")
		[ "$r1" = "$r2" ] && [ "$(awk '{print $3}' "/proc/$p/stat")" = S ] && { still=1; break; }
	done
	[ -n "$still" ] || fail "holder $p does not hold still"
done

"$OG" top --json -n 0 > "$work/top.json" || fail "top --json -n 0 exited $?"
predicted=$(python3 - "$work/top.json" "${pids[@]}" <<'PY'
import json, sys
procs = json.load(open(sys.argv[1]))["processes"]
ours = {int(p) for p in sys.argv[2:]}
rows = [p for p in procs if p["pid"] in ours]
assert len(rows) == len(ours), "top did not list all our holders"
assert len({p["oom_score"] for p in rows}) == 1, "our holders are not tied: %s" % rows
print(" ".join(str(p["pid"]) for p in rows))
PY
) || fail "top --json: see above"

# 8 MiB of room above what the holders use (whatever the build adds to each, e.g. a sanitizer)
if [ "$(cg_version "$CG_DIR")" = v2 ]; then
	used=$(cat "$CG_DIR/memory.current")
	echo $((used + 8 * 1024 * 1024)) > "$CG_DIR/memory.max" || fail "cannot lower memory.max"
else
	used=$(cat "$CG_DIR/memory.usage_in_bytes")
	echo $((used + 8 * 1024 * 1024)) > "$CG_DIR/memory.limit_in_bytes" || fail "cannot lower the limit"
	echo $((used + 8 * 1024 * 1024)) > "$CG_DIR/memory.memsw.limit_in_bytes" 2>/dev/null || true
fi

marker="oomguard-test top_ties $$ $RANDOM"
echo "$marker" > /dev/kmsg
# (memhog exits without freeing its chunk list, which LeakSanitizer would turn into exit 1)
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 cg_run "$CG_DIR" "$MEMHOG_BIN" --total 36 --name tietrigger
trigger=$CG_PID
wait "$trigger"; rc=$?
# 0: it got its memory; 137: the kernel went on killing while the holders' memory was still being
# freed, and took it last (checked below)
[ "$rc" -eq 0 ] || [ "$rc" -eq 137 ] || fail "the process asking for memory exited $rc; $(cg_kill_story "$CG_DIR" "$trigger")"

# the kills after the marker, in the kernel's order, ours only
killed=$(dmesg | awk -v m="$marker" 'index($0, m) {on = 1; next}
	on && match($0, /Killed process [0-9]+ /) {print substr($0, RSTART + 15, RLENGTH - 16)}')
mine=$(for p in $killed; do for q in "${pids[@]}"; do [ "$p" = "$q" ] && echo "$p"; done; done | tr '\n' ' ')
mine=${mine% }
before_trigger=$(for p in $killed; do [ "$p" = "$trigger" ] && break; echo "$p"; done | grep -cxF -f <(printf '%s\n' "${pids[@]}"))
if grep -qx "$trigger" <<< "$killed" && [ "$before_trigger" -ne 5 ]; then
	fail "the kernel took the sixth process while a holder was left: $(tr '\n' ' ' <<< "$killed")"
fi
[ "$(wc -w <<< "$mine")" -ge 2 ] || fail "expected at least two of our holders killed, got: ${mine:-none}"
case "$predicted " in
"$mine "*) ;;
*) fail "top predicted $predicted; the kernel killed $mine, in that order" ;;
esac
pass "the kernel killed $mine, in the order top predicted ($predicted)"
