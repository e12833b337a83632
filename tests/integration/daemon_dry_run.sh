# SPDX-License-Identifier: GPL-2.0-or-later
# --dry-run decides and records but sends nothing: a hog holding the cgroup below the SIGTERM
# level (10% free) but above the SIGKILL level (5%) lives on, and the record says dry run.  The
# limit is set from what the cgroup is charged for once the hog holds its memory (a sanitizer
# build's runtime, shadow and libraries included): 7.5% of it stays free, some 19 MiB, so the
# kernel's memcg OOM killer has no reason to fire.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root

hold_mib=220
cg_create dryrun $((512 * 1024 * 1024))
hold_hog "$CG_DIR" "$hold_mib"
hog=$HOG
sleep 0.3
used_kib=$(cg_usage_kib "$CG_DIR")
limit_kib=$(( used_kib * 1000 / 925 ))
cg_set_limit "$CG_DIR" $((limit_kib * 1024))
echo "note: the hog's cgroup is charged $((used_kib / 1024)) MiB for $hold_mib MiB held; limit $((limit_kib / 1024)) MiB"
sleep 0.5
daemon_start --cgroup "$CG_DIR" --dry-run -m 10   # the level this test holds the cgroup below
# the first decision, then the next one the cool-down (2 s) allows
wait_record "\"pid\":$hog," 20
kill -0 "$hog" 2>/dev/null || fail "the hog ($((used_kib / 1024)) MiB charged, limit $((limit_kib / 1024)) MiB) died: $(cg_kill_story "$CG_DIR" "$hog")"
grep "\"pid\":$hog," "$DTMP/events.jsonl" | grep -q '"dry_run":true' ||
	{ cat "$DTMP/events.jsonl" >&2; fail "no dry-run record names the hog"; }
first=$(grep -m1 "\"pid\":$hog," "$DTMP/events.jsonl" | grep -o '"time_us":[0-9]*' | cut -d: -f2)
for _ in $(seq 200); do [ "$(grep -c "\"pid\":$hog," "$DTMP/events.jsonl")" -ge 2 ] && break; sleep 0.05; done
kill -0 "$hog" 2>/dev/null || fail "the hog ($((used_kib / 1024)) MiB charged, limit $((limit_kib / 1024)) MiB) died: $(cg_kill_story "$CG_DIR" "$hog")"
daemon_stop
n=$(grep -c "\"pid\":$hog," "$DTMP/events.jsonl")
if [ "$n" -ge 2 ]; then
	second=$(grep "\"pid\":$hog," "$DTMP/events.jsonl" | sed -n 2p | grep -o '"time_us":[0-9]*' | cut -d: -f2)
	gap=$(( (second - first) / 1000 ))
	[ "$gap" -ge 1900 ] || fail "two dry-run records $gap ms apart: the 2 s cool-down does not hold in dry-run mode"
fi
[ "$(cg_oom_kills "$CG_DIR")" = 0 ] || fail "the kernel's OOM killer fired: $(cg_kill_story "$CG_DIR" "$hog")"
pass "$n dry-run record(s) (polled up to 10 s)${gap:+, $gap ms apart}"
