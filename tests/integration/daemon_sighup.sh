# SIGHUP reloads the configuration; a broken file is refused with a reason and the daemon keeps
# running on the configuration it had, and still stops a hog with it.  The cgroup is 256 MiB plus
# what this build's memhog is charged for before it allocates (hog_measure).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root

hog_measure
limit_kib=$(( (256 + HOG_BASE_MIB) * 1024 ))
cg_create sighup $((limit_kib * 1024))
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
hog=$CG_PID
wait_exit "$hog" 30
[ "$EXIT_RC" = 143 ] || [ "$EXIT_RC" = 137 ] ||
	fail "hog after the refused reload ended with $EXIT_RC; $(cg_kill_story "$CG_DIR" "$hog")"
[ "$(cg_oom_kills "$CG_DIR")" = 0 ] || fail "the kernel's OOM killer fired: $(cg_kill_story "$CG_DIR" "$hog")"

echo "mem = 30,15" > "$DTMP/oomguard.conf"
kill -HUP "$DAEMON_PID"
term_mib=$(( limit_kib * 30 / 100 / 1024 ))
for i in $(seq 40); do grep -q "reloaded: guarding.*SIGTERM at $term_mib MiB" "$DTMP/daemon.log" && break; sleep 0.05; done
grep -q "reloaded: guarding.*SIGTERM at $term_mib MiB" "$DTMP/daemon.log" ||
	{ cat "$DTMP/daemon.log" >&2; fail "a good reload did not apply the new levels"; }
daemon_stop
pass
