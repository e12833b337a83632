# SIGHUP reloads the configuration; a broken file is refused with a reason and the daemon keeps
# running on the configuration it had, and still stops a hog with it.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root

cg_create sighup $((256 * 1024 * 1024))
echo "mem = 10,5" > "$DTMP/oomguard.conf"
daemon_start --cgroup "$CG_DIR"
echo "mem = this is not a level" > "$DTMP/oomguard.conf"
kill -HUP "$DAEMON_PID"
sleep 0.5
kill -0 "$DAEMON_PID" 2>/dev/null || { cat "$DTMP/daemon.log" >&2; fail "daemon died on a broken config"; }
grep -q 'keeping the running configuration' "$DTMP/daemon.log" "$DTMP/events.jsonl" 2>/dev/null ||
	{ cat "$DTMP/daemon.log" >&2; fail "the refused reload is not logged"; }
grep -q 'oomguard.conf' "$DTMP/daemon.log" || fail "the reload error does not name the file"
cg_run "$CG_DIR" "${MEMHOG[@]}" --rate 100 --name afterhup
wait_exit "$CG_PID" 30
[ "$EXIT_RC" = 143 ] || [ "$EXIT_RC" = 137 ] || fail "hog after the refused reload ended with $EXIT_RC"
[ "$(cg_oom_kills "$CG_DIR")" = 0 ] || fail "the kernel's OOM killer fired"

echo "mem = 30,15" > "$DTMP/oomguard.conf"
kill -HUP "$DAEMON_PID"
for i in $(seq 40); do grep -q '^.*reloaded: guarding.*SIGTERM at 76 MiB' "$DTMP/daemon.log" && break; sleep 0.05; done
grep -q 'reloaded: guarding.*SIGTERM at 76 MiB' "$DTMP/daemon.log" ||
	{ cat "$DTMP/daemon.log" >&2; fail "a good reload did not apply the new levels"; }
daemon_stop
pass
