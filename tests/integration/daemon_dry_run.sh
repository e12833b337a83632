# --dry-run decides and records but sends nothing: a hog holding the cgroup below the SIGTERM
# level (10% free) but above the SIGKILL level (5%) lives on, and the record says dry run.  The hog
# is sized from what this build's memhog is charged for (hog_measure): 7.5% of the cgroup stays
# free, 19 MiB, so the kernel's memcg OOM killer has no reason to fire.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root

hog_measure
limit_mib=256
hold_mib=$(( limit_mib - limit_mib * 75 / 1000 - HOG_BASE_MIB ))
cg_create dryrun $((limit_mib * 1024 * 1024))
cg_run "$CG_DIR" "${MEMHOG[@]}" --total "$hold_mib" --hold --name holder
hog=$CG_PID
sleep 1
daemon_start --cgroup "$CG_DIR" --dry-run
sleep 2
kill -0 "$hog" 2>/dev/null || fail "the hog ($hold_mib MiB + ${HOG_BASE_MIB} MiB base in $limit_mib MiB) died: $(cg_kill_story "$CG_DIR" "$hog")"
daemon_stop
if [ -s "$DTMP/events.jsonl" ]; then
	grep "\"pid\":$hog" "$DTMP/events.jsonl" | grep -qi 'dry' ||
		{ cat "$DTMP/events.jsonl" >&2; fail "no dry-run record names the hog"; }
else
	grep -q "pid=$hog" "$DTMP/daemon.log" || { cat "$DTMP/daemon.log" >&2; fail "no record of the decision"; }
fi
n=$(grep -c "\"pid\":$hog" "$DTMP/events.jsonl" 2>/dev/null || grep -c "pid=$hog" "$DTMP/daemon.log")
[ "$n" -le 2 ] || fail "$n records in 2 s: the cool-down does not hold in dry-run mode"
[ "$(cg_oom_kills "$CG_DIR")" = 0 ] || fail "the kernel's OOM killer fired: $(cg_kill_story "$CG_DIR" "$hog")"
pass
