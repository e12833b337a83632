# SPDX-License-Identifier: GPL-2.0-or-later
# SIGHUP reloads the configuration; a broken file is refused with a reason and the daemon keeps
# running on the configuration it had (levels 20,8 percent, not the built-in 5,2.5: a fall-back
# to the defaults would show in the kill's recorded SIGKILL level), and still stops a hog with it.
# The cgroup is 256 MiB plus what this build's memhog is charged for before it allocates
# (hog_measure).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root

# wait_log PATTERN SECONDS: polls the daemon's log (and event log) until PATTERN shows up.
wait_log() {
	local i
	for i in $(seq $(($2 * 20))); do
		grep -q "$1" "$DTMP/daemon.log" "$DTMP/events.jsonl" 2>/dev/null && return 0
		kill -0 "$DAEMON_PID" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

hog_measure
limit_kib=$(( (256 + HOG_BASE_MIB) * 1024 ))
cg_create sighup $((limit_kib * 1024))
echo "mem = 20,8" > "$DTMP/oomguard.conf"
daemon_start --cgroup "$CG_DIR"
start_line=$(grep -m1 'guarding' "$DTMP/daemon.log")
total=$(sed -n 's/.*available [0-9]* of \([0-9]*\) MiB.*/\1/p' <<<"$start_line")
term=$(sed -n 's/.*MiB; SIGTERM at \([0-9]*\) MiB.*/\1/p' <<<"$start_line")
kill_lv=$(sed -n 's/.*MiB, SIGKILL at \([0-9]*\) MiB; swap.*/\1/p' <<<"$start_line")
[ -n "$total" ] && [ -n "$term" ] && [ -n "$kill_lv" ] || fail "no levels in the start line: $start_line"
# 20% and 8% of the cgroup, not the defaults 5% and 2.5%
[ $((term * 100 / total)) -ge 19 ] && [ $((term * 100 / total)) -le 21 ] &&
	[ $((kill_lv * 100 / total)) -ge 7 ] && [ $((kill_lv * 100 / total)) -le 8 ] ||
	fail "the starting levels $term,$kill_lv MiB of $total MiB are not the configured 20%,8%"

echo "mem = this is not a level" > "$DTMP/oomguard.conf"
signal_child HUP "$DAEMON_PID" || fail "daemon is not running"
wait_log 'keeping the running configuration' 10 || { cat "$DTMP/daemon.log" >&2; fail "the refused reload is not logged"; }
kill -0 "$DAEMON_PID" 2>/dev/null || { cat "$DTMP/daemon.log" >&2; fail "daemon died on a broken config"; }
grep -q 'oomguard.conf' "$DTMP/daemon.log" || fail "the reload error does not name the file"
cg_run "$CG_DIR" "${MEMHOG[@]}" --rate 100 --name afterhup
hog=$CG_PID
wait_exit "$hog" 30
[ "$EXIT_RC" = 143 ] || [ "$EXIT_RC" = 137 ] ||
	fail "hog after the refused reload ended with $EXIT_RC; $(cg_kill_story "$CG_DIR" "$hog")"
[ "$(cg_oom_kills "$CG_DIR")" = 0 ] || fail "the kernel's OOM killer fired: $(cg_kill_story "$CG_DIR" "$hog")"
# the kill was decided with the levels the daemon started with (the SIGTERM level may be raised
# by the fill-rate rule; the SIGKILL level is the configured one)
wait_log "\"pid\":$hog," 10 || { cat "$DTMP/events.jsonl" >&2; fail "no event records the kill of $hog"; }
kill_kib=$(grep "\"pid\":$hog," "$DTMP/events.jsonl" | grep -m1 -o '"mem_kill_kib":[0-9]*' | cut -d: -f2)
[ -n "$kill_kib" ] && [ $((kill_kib / 1024)) -eq "$kill_lv" ] ||
	{ grep "\"pid\":$hog," "$DTMP/events.jsonl" >&2; fail "the kill used SIGKILL level ${kill_kib:-?} KiB, not the running ${kill_lv} MiB"; }

echo "mem = 30,15" > "$DTMP/oomguard.conf"
signal_child HUP "$DAEMON_PID" || fail "daemon is not running"
term_mib=$(( limit_kib * 30 / 100 / 1024 ))
wait_log "reloaded: guarding.*SIGTERM at $term_mib MiB" 10 ||
	{ cat "$DTMP/daemon.log" >&2; fail "a good reload did not apply the new levels"; }
daemon_stop
pass "kept SIGTERM $term MiB, SIGKILL $kill_lv MiB through a refused reload; then SIGTERM $term_mib MiB"
