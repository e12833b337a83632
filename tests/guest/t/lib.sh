# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the guest's test scripts (bash, root inside the guest, systemd as PID 1): the
# integration tests' helpers (cgroups, cleanup, the daemon) plus systemd units of the test's own.
export OOMGUARD_BIN=$OG_BUILD/oomguard MEMHOG_BIN=$OG_BUILD/tests/memhog
source "$OG_SRC/tests/integration/lib.sh"
source "$OG_SRC/tests/integration/daemon_lib.sh"
TEST_NAME=$(basename "$0" .sh)
OUT=${OG_OUT_DIR:-/tmp}

# unit_write NAME TEXT: a runtime unit (or drop-in, NAME with a "/") of this test, removed on exit.
unit_write() {
	mkdir -p "$(dirname "/run/systemd/system/$1")"
	printf '%s\n' "$2" > "/run/systemd/system/$1"
	on_exit "rm -f '/run/systemd/system/$1'; systemctl daemon-reload"
}
# The kernel's global OOM-kill count.
global_oom_kills() { awk '$1 == "oom_kill" {print $2}' /proc/vmstat; }

# group_oom_kill: a real memcg OOM in a 32 MiB cgroup with memory.oom.group=1 holding three
# sleepers and a hog; fails unless the kernel killed all four.  Sets CG_DIR, path (the cgroup
# as the kernel names it) and pids (the four killed).
group_oom_kill() {
	local i rc=0 p
	swapoff -a
	cg_create group $((32 << 20))
	echo 1 > "$CG_DIR/memory.oom.group" || fail "cannot set memory.oom.group"
	path=${CG_DIR#/sys/fs/cgroup}
	pids=()
	for i in 1 2 3; do cg_run "$CG_DIR" sleep 600; pids+=("$CG_PID"); done
	cg_run "$CG_DIR" "$MEMHOG_BIN" --rate 0 --name grouphog
	pids+=("$CG_PID")
	wait "$CG_PID" 2>/dev/null || rc=$?
	[ "$rc" = 137 ] || fail "the hog ended with status $rc, not by the kernel's SIGKILL"
	sleep 1
	for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && fail "pid $p survived the group kill"; done
	echo "kernel: oom_kill=$(cg_oom_kills "$CG_DIR") in $path, pids ${pids[*]} all killed"
}
