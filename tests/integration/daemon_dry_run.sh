# --dry-run decides and records but sends nothing: a hog holding the cgroup below the SIGKILL
# level lives on, and the record says dry run.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root

cg_create dryrun $((256 * 1024 * 1024))
cg_run "$CG_DIR" "${MEMHOG[@]}" --total 240 --hold --name holder
hog=$CG_PID
wait_rss "$hog" $((240 * 1024))
daemon_start --cgroup "$CG_DIR" --dry-run -m 10   # the level this test holds the cgroup below
# the first decision, then the next one the cool-down (2 s) allows
wait_record "\"pid\":$hog," 20
kill -0 "$hog" 2>/dev/null || fail "--dry-run killed the hog"
grep "\"pid\":$hog," "$DTMP/events.jsonl" | grep -q '"dry_run":true' ||
	{ cat "$DTMP/events.jsonl" >&2; fail "no dry-run record names the hog"; }
first=$(grep -m1 "\"pid\":$hog," "$DTMP/events.jsonl" | grep -o '"time_us":[0-9]*' | cut -d: -f2)
for _ in $(seq 200); do [ "$(grep -c "\"pid\":$hog," "$DTMP/events.jsonl")" -ge 2 ] && break; sleep 0.05; done
kill -0 "$hog" 2>/dev/null || fail "--dry-run killed the hog"
daemon_stop
n=$(grep -c "\"pid\":$hog," "$DTMP/events.jsonl")
if [ "$n" -ge 2 ]; then
	second=$(grep "\"pid\":$hog," "$DTMP/events.jsonl" | sed -n 2p | grep -o '"time_us":[0-9]*' | cut -d: -f2)
	gap=$(( (second - first) / 1000 ))
	[ "$gap" -ge 1900 ] || fail "two dry-run records $gap ms apart: the 2 s cool-down does not hold in dry-run mode"
fi
[ "$(cg_oom_kills "$CG_DIR")" = 0 ] || fail "the kernel's OOM killer fired"
pass "$n dry-run record(s) (polled up to 10 s)${gap:+, $gap ms apart}"
