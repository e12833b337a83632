# SPDX-License-Identifier: GPL-2.0-or-later
# Shared helpers for integration tests (sourced, bash).  Every memory hog runs in a memory cgroup
# that the test creates with a hard limit; cleanup runs on any exit, so a failing test leaves no
# cgroup or process behind.  Works on cgroup v2 and on v1/hybrid (this project's CI has v1 memory).
set -u
: "${OOMGUARD_BIN:?run through meson test, or set OOMGUARD_BIN}"
OG=$OOMGUARD_BIN
TEST_NAME=$(basename "${BASH_SOURCE[1]:-$0}" .sh)
_cleanup_cgroups=()
_cleanup_pids=()
_cleanup_cmds=()

fail() { echo "FAIL: $TEST_NAME: $*" >&2; exit 1; }
skip() { echo "SKIP: $TEST_NAME: $*" >&2; exit 77; }
# skip_part REASON: the test goes on, but one of its checks cannot run on this machine; run-all.sh
# counts the test as skipped, not passed (and fails unless tests/skips-allowed.txt allows it here).
skip_part() { echo "SKIP-PART: $TEST_NAME: $*"; }
pass() { echo "PASS: $TEST_NAME${1:+: $1}"; exit 0; }
need_root() { [ "$(id -u)" = 0 ] || skip "needs root (CI runs as root)"; }

# Where memory is accounted: prints "v2 <mountpoint>" or "v1 <mountpoint>".
cg_memory_mount() {
	local m
	m=$(awk '$9 == "cgroup2" {print $5; exit}' /proc/self/mountinfo)
	if [ -n "$m" ] && grep -qw memory "$m/cgroup.controllers" 2>/dev/null; then
		echo "v2 $m"; return 0
	fi
	m=$(awk '$9 == "cgroup" && $0 ~ /[ ,]memory(,|$)/ {print $5; exit}' /proc/self/mountinfo)
	[ -n "$m" ] && { echo "v1 $m"; return 0; }
	return 1
}

# cg_create NAME LIMIT_BYTES: creates the cgroup and sets CG_DIR (not a subshell: call it
# directly, never as $(cg_create ...), so that cleanup is registered).  Swap is capped where possible.
cg_create() {
	local name=$1 limit=$2 ver mnt dir
	read -r ver mnt < <(cg_memory_mount) || skip "no memory cgroup controller on this machine"
	dir="$mnt/oomguard-test-$name-$$"
	mkdir "$dir" || fail "cannot create cgroup $dir"
	_cleanup_cgroups+=("$dir")
	if [ "$ver" = v2 ]; then
		echo "$limit" > "$dir/memory.max" || fail "cannot set memory.max"
		echo 0 > "$dir/memory.swap.max" 2>/dev/null || true
	else
		echo "$limit" > "$dir/memory.limit_in_bytes" || fail "cannot set memory.limit_in_bytes"
		echo "$limit" > "$dir/memory.memsw.limit_in_bytes" 2>/dev/null || true
	fi
	CG_DIR=$dir
}

cg_version() { [ -e "$1/memory.max" ] && echo v2 || echo v1; }

# cg_set_limit DIR BYTES: lowers (or raises) the cgroup's hard limit, swap included where capped.
cg_set_limit() {
	local dir=$1 limit=$2
	if [ "$(cg_version "$dir")" = v2 ]; then
		echo "$limit" > "$dir/memory.max" || fail "cannot set memory.max of $dir to $limit"
	elif [ -e "$dir/memory.memsw.limit_in_bytes" ] &&
	     [ "$limit" -gt "$(cat "$dir/memory.limit_in_bytes")" ]; then
		echo "$limit" > "$dir/memory.memsw.limit_in_bytes" || fail "cannot raise memsw of $dir"
		echo "$limit" > "$dir/memory.limit_in_bytes" || fail "cannot raise the limit of $dir"
	else
		echo "$limit" > "$dir/memory.limit_in_bytes" || fail "cannot set the limit of $dir to $limit"
		echo "$limit" > "$dir/memory.memsw.limit_in_bytes" 2>/dev/null || true
	fi
}

# cg_run DIR CMD...: starts CMD inside the cgroup in the background and sets CG_PID (call it
# directly, not in $(...), so the process stays this shell's child and is cleaned up).
cg_run() {
	local dir=$1; shift
	( echo $BASHPID > "$dir/cgroup.procs" && exec "$@" ) &
	CG_PID=$!
	_cleanup_pids+=("$CG_PID")
}

# The kernel's OOM-kill count for the cgroup (v2 memory.events oom_kill, v1 memory.oom_control).
cg_oom_kills() {
	local dir=$1
	if [ -e "$dir/memory.events" ]; then
		awk '$1 == "oom_kill" {print $2}' "$dir/memory.events"
	else
		awk '$1 == "oom_kill" {print $2}' "$dir/memory.oom_control"
	fi
}

# The memory a cgroup is charged for (v2 memory.current, v1 memory.usage_in_bytes), in KiB.
cg_usage_kib() {
	local dir=$1
	if [ -e "$dir/memory.current" ]; then
		echo $(( $(cat "$dir/memory.current") / 1024 ))
	else
		echo $(( $(cat "$dir/memory.usage_in_bytes") / 1024 ))
	fi
}

# hog_measure: sets HOG_BASE_MIB, what one memhog of this build is charged for before it holds
# anything (a sanitizer build's runtime, shadow and libraries are several times a plain one's),
# measured in a cgroup of its own: the usage with 1 MiB held, less that MiB, rounded up, plus one
# MiB of slack for what the runtime grows later.  Tests size their cgroups and hogs from it.
hog_measure() {
	[ -n "${HOG_BASE_MIB:-}" ] && return 0
	local keep_dir=${CG_DIR:-} keep_pid=${CG_PID:-} anon= used i
	cg_create measure $((1024 * 1024 * 1024))
	cg_run "$CG_DIR" env ASAN_OPTIONS=detect_leaks=0 "$MEMHOG_BIN" --total 1 --hold --name baseline
	for i in $(seq 100); do
		anon=$(awk '$1 == "RssAnon:" {print $2}' "/proc/$CG_PID/status" 2>/dev/null)
		[ "${anon:-0}" -ge 1024 ] && break
		sleep 0.05
	done
	[ "${anon:-0}" -ge 1024 ] || fail "the measuring memhog did not hold its 1 MiB"
	sleep 0.2
	used=$(cg_usage_kib "$CG_DIR")
	kill -KILL "$CG_PID" 2>/dev/null
	wait "$CG_PID" 2>/dev/null
	HOG_BASE_MIB=$(( (used - 1024 + 1023) / 1024 + 1 ))
	[ "$HOG_BASE_MIB" -ge 1 ] || HOG_BASE_MIB=1
	echo "note: one memhog of this build is charged ${HOG_BASE_MIB} MiB before it allocates"
	CG_DIR=$keep_dir
	CG_PID=$keep_pid
}

# cg_kill_story DIR PID: one sentence on who ended PID, for failure messages: the kernel's memcg
# OOM kills in DIR, and the records of the daemon (daemon_lib.sh's $DTMP) that name PID.
cg_kill_story() {
	local dir=$1 pid=$2 k recs=0
	k=$(cg_oom_kills "$dir" 2>/dev/null)
	if [ -n "${DTMP:-}" ]; then
		recs=$(cat "$DTMP/events.jsonl" "$DTMP/daemon.log" 2>/dev/null |
			grep -c -e "\"pid\":$pid[,}]" -e "pid=$pid\b")
	fi
	echo "kernel memcg OOM kills in the cgroup: ${k:-unknown} (memory.events / memory.oom_control);" \
		"daemon records naming pid $pid: $recs (event log and daemon log)"
}

# cg_oom_kill NAME LIMIT_BYTES HOG_NAME: a real memcg OOM kill.  Creates the cgroup (cg_create)
# with LIMIT_BYTES of room for the hog above what this build's memhog needs to start
# (hog_measure), runs a memhog named HOG_NAME in it and waits until the kernel's SIGKILL; fails
# the test if the hog ended any other way.  Sets CG_DIR, CG_PATH (the cgroup as the kernel's
# report names it, below the memory mount) and KILLED_PID.  Call it directly, like cg_create.
cg_oom_kill() {
	local mnt rc=0
	hog_measure
	cg_create "$1" $(( $2 + HOG_BASE_MIB * 1024 * 1024 ))
	mnt=$(cg_memory_mount | cut -d' ' -f2)
	CG_PATH=${CG_DIR#"$mnt"}
	cg_run "$CG_DIR" "$MEMHOG_BIN" --name "$3"
	KILLED_PID=$CG_PID
	wait "$KILLED_PID" || rc=$?
	[ "$rc" -eq 137 ] || fail "the hog was not killed by SIGKILL (exit $rc); $(cg_kill_story "$CG_DIR" "$KILLED_PID")"
}

on_exit() { _cleanup_cmds+=("$*"); }

# The registered pids that are still running children of this shell.  A child that ended and was
# reaped (by `wait`, or by bash itself) is no longer in `jobs -rp`, and its pid may since belong
# to a process this test did not start: it is never signalled.  A child bash has not reaped yet
# keeps its pid, so signalling it cannot reach anyone else.
_live_children() {
	local running pid
	running=" $(jobs -rp | tr '\n' ' ') "
	for pid in "${_cleanup_pids[@]}"; do
		case $running in *" $pid "*) echo "$pid" ;; esac
	done
}

# signal_child SIG PID: sends SIG to PID only while it is a running child of this shell (see
# _live_children); returns 1 when it is not.
signal_child() {
	case " $(jobs -rp | tr '\n' ' ') " in *" $2 "*) kill "-$1" "$2" 2>/dev/null ;; *) return 1 ;; esac
}

# Processes first (a swap file cannot be switched off while a hog still holds pages in it), then
# the cgroups, then the test's own commands (restoring sysctls, removing files).
_cleanup() {
	local c dir pid
	for pid in $(_live_children); do kill -KILL "$pid" 2>/dev/null || true; done
	for dir in "${_cleanup_cgroups[@]}"; do
		[ -d "$dir" ] || continue
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			[ -e "$dir/cgroup.kill" ] && echo 1 > "$dir/cgroup.kill" 2>/dev/null
			while read -r pid; do kill -KILL "$pid" 2>/dev/null; done < "$dir/cgroup.procs"
			rmdir "$dir" 2>/dev/null && break
			sleep 0.2
		done
	done
	wait 2>/dev/null || true
	for c in "${_cleanup_cmds[@]}"; do eval "$c" || true; done
}
trap _cleanup EXIT
trap 'exit 130' INT TERM
