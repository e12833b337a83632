# SPDX-License-Identifier: GPL-2.0-or-later
# `oomguard daemon --cgroup` stops a memory hog in a cgroup of 256 MiB (plus what this build's
# memhog is charged for before it allocates, hog_measure) before the kernel's memcg OOM
# killer fires (the cgroup's oom_kill count stays 0), at fill rates from 20 MiB/s to as fast as
# the hog can fault pages in (rate 0); a process outside the cgroup is never touched.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root

hog_measure
start_bystander
for rate in 20 200 0; do
	cg_create "rate$rate" $(( (256 + HOG_BASE_MIB) * 1024 * 1024 ))
	daemon_start --cgroup "$CG_DIR"
	cg_run "$CG_DIR" "${MEMHOG[@]}" --rate "$rate" --name "hog$rate"
	hog=$CG_PID
	wait_exit "$hog" 60
	kills=$(cg_oom_kills "$CG_DIR")
	echo "rate ${rate} MiB/s: hog ended with status $EXIT_RC after ${EXIT_MS} ms; kernel oom_kill=$kills"
	[ "$kills" = 0 ] || { cat "$DTMP/daemon.log" >&2; fail "rate $rate: the kernel's OOM killer fired first: $(cg_kill_story "$CG_DIR" "$hog")"; }
	[ "$EXIT_RC" = 143 ] || [ "$EXIT_RC" = 137 ] || fail "rate $rate: hog ended with status $EXIT_RC, not by SIGTERM/SIGKILL; $(cg_kill_story "$CG_DIR" "$hog")"
	kill -0 "$DAEMON_PID" 2>/dev/null || fail "rate $rate: daemon died"
	daemon_stop
	check_bystander
	grep -q "\"pid\":$hog" "$DTMP/events.jsonl" 2>/dev/null || grep -q "pid=$hog" "$DTMP/daemon.log" ||
		fail "rate $rate: no record names the hog (pid $hog)"
	rm -f "$DTMP/events.jsonl"
done
pass
