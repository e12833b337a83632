# --dry-run decides and records but sends nothing: a hog holding the cgroup below the SIGKILL
# level lives on, and the record says dry run.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root

cg_create dryrun $((256 * 1024 * 1024))
cg_run "$CG_DIR" "${MEMHOG[@]}" --total 240 --hold --name holder
hog=$CG_PID
sleep 1
daemon_start --cgroup "$CG_DIR" --dry-run -m 10   # the level this test holds the cgroup below
sleep 2
kill -0 "$hog" 2>/dev/null || fail "--dry-run killed the hog"
daemon_stop
if [ -s "$DTMP/events.jsonl" ]; then
	grep "\"pid\":$hog" "$DTMP/events.jsonl" | grep -qi 'dry' ||
		{ cat "$DTMP/events.jsonl" >&2; fail "no dry-run record names the hog"; }
else
	grep -q "pid=$hog" "$DTMP/daemon.log" || { cat "$DTMP/daemon.log" >&2; fail "no record of the decision"; }
fi
n=$(grep -c "\"pid\":$hog" "$DTMP/events.jsonl" 2>/dev/null || grep -c "pid=$hog" "$DTMP/daemon.log")
[ "$n" -le 2 ] || fail "$n records in 2 s: the cool-down does not hold in dry-run mode"
[ "$(cg_oom_kills "$CG_DIR")" = 0 ] || fail "the kernel's OOM killer fired"
pass
