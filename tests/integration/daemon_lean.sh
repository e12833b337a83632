# SPDX-License-Identifier: GPL-2.0-or-later
# The daemon runs as oomguard-daemon, the executable with only the daemon's code: `oomguard
# daemon` execs it (same pid), and it maps neither zlib nor libsystemd (no NOTIFY_SOCKET, log to
# stderr).  Metrics, which it is built without, hand the run to the full oomguard under the same
# pid: asked for at start, and turned on by a reload (SIGHUP), after which the textfile is written.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root

exe_of() { basename "$(readlink "/proc/$1/exe")"; }
# wait_exe PID NAME: polls until PID runs the executable NAME (at most 10 s)
wait_exe() {
	local i
	for i in $(seq 200); do
		[ "$(exe_of "$1")" = "$2" ] && return 0
		kill -0 "$1" 2>/dev/null || break
		sleep 0.05
	done
	cat "$DTMP/daemon.log" >&2
	fail "pid $1 runs $(exe_of "$1"), not $2"
}

cg_create lean $((256 * 1024 * 1024))
daemon_start --cgroup "$CG_DIR" --dry-run
wait_exe "$DAEMON_PID" oomguard-daemon
maps=$(cat "/proc/$DAEMON_PID/maps")
grep -q 'libz\.so' <<<"$maps" && fail "oomguard-daemon maps zlib"
grep -q 'libsystemd' <<<"$maps" && fail "oomguard-daemon maps libsystemd without NOTIFY_SOCKET or the journal"
grep -q '/oomguard-daemon$' <<<"$maps" || fail "no oomguard-daemon mapping in /proc/$DAEMON_PID/maps"

# a reload that turns the metrics on: the same pid goes on as the full oomguard
echo "metrics-textfile = $DTMP/metrics.prom" > "$DTMP/oomguard.conf"
signal_child HUP "$DAEMON_PID" || fail "daemon is not running"
wait_exe "$DAEMON_PID" oomguard
for _ in $(seq 100); do [ -s "$DTMP/metrics.prom" ] && break; sleep 0.1; done
grep -q '^oomguard_daemon_up 1' "$DTMP/metrics.prom" 2>/dev/null ||
	{ cat "$DTMP/daemon.log" >&2; fail "no metrics textfile after the hand-over"; }
grep -q 'handing over to the full oomguard' "$DTMP/daemon.log" || fail "the hand-over is not logged"
[ "$(grep -c 'guarding' "$DTMP/daemon.log")" -ge 2 ] || fail "the full oomguard did not log its start"
daemon_stop

# metrics asked for at start: the full oomguard from the beginning, nothing in between
daemon_start --cgroup "$CG_DIR" --dry-run --metrics-textfile "$DTMP/start.prom"
wait_exe "$DAEMON_PID" oomguard
grep -q 'handing over' "$DTMP/daemon.log" && fail "a start with metrics went through a hand-over"
daemon_stop

# the full binary told to run the daemon itself stays itself
: > "$DTMP/oomguard.conf"
OOMGUARD_DAEMON_FULL=1 daemon_start --cgroup "$CG_DIR" --dry-run
sleep 0.5
[ "$(exe_of "$DAEMON_PID")" = oomguard ] || fail "OOMGUARD_DAEMON_FULL=1 oomguard daemon runs $(exe_of "$DAEMON_PID")"
daemon_stop
pass
