# SPDX-License-Identifier: GPL-2.0-or-later
# A victim that ignores SIGTERM gets SIGKILL once its grace runs out (or the SIGKILL level is
# reached), still before the kernel's memcg OOM killer fires.  The cgroup is 256 MiB plus what
# this build's memhog is charged for before it allocates (hog_measure).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root

hog_measure
cg_create ignterm $(( (256 + HOG_BASE_MIB) * 1024 * 1024 ))
daemon_start --cgroup "$CG_DIR" --grace 300,3000
cg_run "$CG_DIR" "${MEMHOG[@]}" --rate 60 --ignore-term --name stubborn
hog=$CG_PID
wait_exit "$hog" 30
echo "stubborn hog ended with status $EXIT_RC after ${EXIT_MS} ms"
[ "$EXIT_RC" = 137 ] || fail "hog ended with status $EXIT_RC, expected SIGKILL (137); $(cg_kill_story "$CG_DIR" "$hog")"
[ "$(cg_oom_kills "$CG_DIR")" = 0 ] || fail "the kernel's OOM killer fired: $(cg_kill_story "$CG_DIR" "$hog")"
daemon_stop
if [ -s "$DTMP/events.jsonl" ]; then
	grep "\"pid\":$hog" "$DTMP/events.jsonl" | grep -q 'escalated' ||
		{ cat "$DTMP/events.jsonl" >&2; fail "the record does not say SIGTERM escalated to SIGKILL"; }
else
	grep -q "pid=$hog" "$DTMP/daemon.log" || fail "no record of the kill"
fi
pass
