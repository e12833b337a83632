# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for the daemon's integration tests (sourced after lib.sh).  The daemon under test is
# always scoped with --cgroup to a cgroup the test created (or runs with --dry-run), reads an
# empty config file of its own, logs to a file, and is stopped by the cleanup trap.
: "${MEMHOG_BIN:?run through meson test, or set MEMHOG_BIN}"
DTMP=$(mktemp -d)
on_exit "rm -rf '$DTMP'"
: > "$DTMP/oomguard.conf"
# The hog as the tests start it.  In the sanitizer build memhog ends on SIGTERM with its chunks
# still allocated, which LeakSanitizer would turn into exit status 134 instead of 143.
MEMHOG=(env ASAN_OPTIONS=detect_leaks=0 "$MEMHOG_BIN")

# daemon_start ARGS...: starts `oomguard daemon` in the background (sets DAEMON_PID) and waits
# until it logged its start line.  Output goes to $DTMP/daemon.log, records to $DTMP/events.jsonl.
daemon_start() {
	"$OG" daemon --config "$DTMP/oomguard.conf" --log stderr --event-log "$DTMP/events.jsonl" \
		--snapshot-dir none -r 0 "$@" > "$DTMP/daemon.log" 2>&1 &
	DAEMON_PID=$!
	_cleanup_pids+=("$DAEMON_PID")
	local i
	for i in $(seq 100); do
		grep -q 'guarding' "$DTMP/daemon.log" 2>/dev/null && return 0
		kill -0 "$DAEMON_PID" 2>/dev/null || { cat "$DTMP/daemon.log" >&2; fail "daemon exited at start"; }
		sleep 0.05
	done
	cat "$DTMP/daemon.log" >&2
	fail "daemon did not log its start within 5 s"
}

# daemon_stop: SIGTERM, and checks that it exits cleanly (status 0) within 5 s.
daemon_stop() {
	signal_child TERM "$DAEMON_PID" || { cat "$DTMP/daemon.log" >&2; fail "daemon is not running"; }
	local i rc
	for i in $(seq 100); do
		kill -0 "$DAEMON_PID" 2>/dev/null || break
		sleep 0.05
	done
	kill -0 "$DAEMON_PID" 2>/dev/null && fail "daemon still running 5 s after SIGTERM"
	wait "$DAEMON_PID"; rc=$?
	[ "$rc" -eq 0 ] || { cat "$DTMP/daemon.log" >&2; fail "daemon exit status $rc after SIGTERM"; }
}

# wait_exit PID SECONDS: waits for a child of this shell; sets EXIT_RC (its status) and
# EXIT_MS (how long the wait took).  Fails when it is still running after SECONDS.
wait_exit() {
	local pid=$1 secs=$2 t0 i
	t0=$(date +%s%N)
	for i in $(seq $((secs * 20))); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -0 "$pid" 2>/dev/null && { cat "$DTMP/daemon.log" >&2; fail "pid $pid still running after ${secs}s"; }
	wait "$pid"; EXIT_RC=$?
	EXIT_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}

# A process of this test outside the guarded cgroup: it must outlive every test.
start_bystander() {
	sleep 600 &
	BYSTANDER=$!
	_cleanup_pids+=("$BYSTANDER")
}
check_bystander() { kill -0 "$BYSTANDER" 2>/dev/null || fail "a process outside the guarded cgroup was killed"; }

# wait_rss PID KIB: polls until PID holds at least KIB of anonymous memory (at most 20 s).
wait_rss() {
	local i anon
	for i in $(seq 200); do
		anon=$(awk '$1 == "RssAnon:" {print $2}' "/proc/$1/status" 2>/dev/null)
		[ "${anon:-0}" -ge "$2" ] && return 0
		sleep 0.1
	done
	fail "process $1 did not fill $2 KiB (has ${anon:-none})"
}

# wait_record PATTERN SECONDS: polls the event log until a line matches PATTERN (grep -E); fails
# with the daemon's log when none does within SECONDS.
wait_record() {
	local i
	for i in $(seq $(($2 * 20))); do
		grep -Eq "$1" "$DTMP/events.jsonl" 2>/dev/null && return 0
		sleep 0.05
	done
	cat "$DTMP/daemon.log" >&2
	fail "no record matching $1 within $2 s"
}

# hold_hog DIR MIB: starts memhog in cgroup DIR holding MIB (sets HOG) and waits until that much
# is resident (at most 10 s).
hold_hog() {
	local anon
	cg_run "$1" "${MEMHOG[@]}" --total "$2" --hold --name holder
	HOG=$CG_PID
	for _ in $(seq 200); do
		anon=$(awk '$1 == "RssAnon:" {print $2}' "/proc/$HOG/status" 2>/dev/null)
		[ "${anon:-0}" -ge $(($2 * 1024)) ] && return 0
		sleep 0.05
	done
	fail "the hog did not fill its $2 MiB: $(cg_kill_story "$1" "$HOG")"
}

# daemon_wakeups: the daemon's voluntary context switches so far (one per sleep).
daemon_wakeups() { awk '/^voluntary_ctxt_switches/ {print $2}' "/proc/$DAEMON_PID/status"; }

# wait_settled: until the daemon sleeps 0.5 s without waking (its start-up work done), at most
# 20 s.
wait_settled() {
	local a b
	a=$(daemon_wakeups)
	for _ in $(seq 40); do
		sleep 0.5; b=$(daemon_wakeups)
		[ "$a" = "$b" ] && return 0
		a=$b
	done
	fail "the daemon never sleeps 0.5 s in a row while memory is plentiful"
}
