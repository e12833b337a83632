# SPDX-License-Identifier: GPL-2.0-or-later
# The daemon runs as oomguard-daemon, the executable with only the daemon's code: `oomguard
# daemon` execs it (same pid), and it maps neither zlib nor libsystemd, also under a service
# manager: with NOTIFY_SOCKET (a datagram socket this test binds) and WATCHDOG_USEC it sends
# READY=1, WATCHDOG=1 and STOPPING=1 there itself (and warns when that socket is missing).
# Metrics, which it is built without, hand the run to the full oomguard under the same pid:
# asked for at start, and turned on by a reload (SIGHUP), after which the textfile is written.
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
grep -q 'libsystemd' <<<"$maps" && fail "oomguard-daemon maps libsystemd"
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

# under a service manager: the manager's socket is this test's (each datagram one line of
# $DTMP/notify.out); a 2 s watchdog is fed every second
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
out = open(sys.argv[2], "ab", buffering=0)
while True:
    out.write(s.recv(65536) + b"\n")
' "$DTMP/notify.sock" "$DTMP/notify.out" &
_cleanup_pids+=("$!")
for _ in $(seq 100); do [ -S "$DTMP/notify.sock" ] && break; sleep 0.05; done
[ -S "$DTMP/notify.sock" ] || fail "the test's notify socket was not bound"
# wait_notify STATE: polls until the socket received a datagram that is exactly STATE (5 s)
wait_notify() {
	local i
	for i in $(seq 100); do
		grep -qx "$1" "$DTMP/notify.out" 2>/dev/null && return 0
		sleep 0.05
	done
	cat "$DTMP/daemon.log" >&2
	fail "the notify socket did not receive $1 (got: $(tr '\n' ' ' < "$DTMP/notify.out" 2>/dev/null))"
}
: > "$DTMP/oomguard.conf"
NOTIFY_SOCKET="$DTMP/notify.sock" WATCHDOG_USEC=2000000 daemon_start --cgroup "$CG_DIR" --dry-run
wait_exe "$DAEMON_PID" oomguard-daemon
wait_notify READY=1
grep -q 'libsystemd' "/proc/$DAEMON_PID/maps" && fail "oomguard-daemon maps libsystemd under NOTIFY_SOCKET"
wait_notify WATCHDOG=1
grep -q 'NOTIFY_SOCKET' "$DTMP/daemon.log" && fail "the daemon warned: $(grep NOTIFY_SOCKET "$DTMP/daemon.log")"
daemon_stop
wait_notify STOPPING=1
echo "notify socket received: $(sort "$DTMP/notify.out" | uniq -c | tr -s ' \n' ' ')"
# a manager's socket that is not there: the daemon says so once and runs on
NOTIFY_SOCKET="$DTMP/gone.sock" daemon_start --cgroup "$CG_DIR" --dry-run
for _ in $(seq 100); do
	grep -q "NOTIFY_SOCKET=$DTMP/gone.sock: No such file or directory" "$DTMP/daemon.log" && break
	sleep 0.05
done
grep -q "NOTIFY_SOCKET=$DTMP/gone.sock: No such file or directory" "$DTMP/daemon.log" ||
	{ cat "$DTMP/daemon.log" >&2; fail "no warning about a NOTIFY_SOCKET that does not exist"; }
daemon_stop

# the full binary told to run the daemon itself stays itself
: > "$DTMP/oomguard.conf"
OOMGUARD_DAEMON_FULL=1 daemon_start --cgroup "$CG_DIR" --dry-run
sleep 0.5
[ "$(exe_of "$DAEMON_PID")" = oomguard ] || fail "OOMGUARD_DAEMON_FULL=1 oomguard daemon runs $(exe_of "$DAEMON_PID")"
daemon_stop
pass
