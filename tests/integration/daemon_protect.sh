# SPDX-License-Identifier: GPL-2.0-or-later
# Victim choice in a 256 MiB cgroup: the two processes holding the most memory are protected, one
# by an --ignore rule and one by an --avoid rule, so that only the rules can save them: the daemon
# must choose the smaller unprotected filler, and both survive.  (oom_score_adj -1000 needs
# CAP_SYS_RESOURCE, which this machine may not grant; that case is for a guest.)  Each of the
# three hogs adds what this build's memhog is charged for before it allocates (hog_measure).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root

rss_kib() { awk '$1 == "RssAnon:" {print $2}' "/proc/$1/status" 2>/dev/null; }

hog_measure
cg_create protect $(( (256 + 3 * HOG_BASE_MIB) * 1024 * 1024 ))
cg_run "$CG_DIR" "${MEMHOG[@]}" --total 100 --hold --name keepign
ign=$CG_PID
cg_run "$CG_DIR" "${MEMHOG[@]}" --total 90 --hold --name keepavoid
avo=$CG_PID
wait_rss "$ign" $((100 * 1024))
wait_rss "$avo" $((90 * 1024))
start_bystander
daemon_start --cgroup "$CG_DIR" --ignore '^keepign$' --avoid '^keepavoid$'
cg_run "$CG_DIR" "${MEMHOG[@]}" --rate 40 --name filler
filler=$CG_PID
# the filler's size while it runs, last seen before it ended
filler_max=0
for _ in $(seq 600); do
	r=$(rss_kib "$filler")
	[ -n "$r" ] || break
	[ "$r" -gt "$filler_max" ] && filler_max=$r
	sleep 0.05
done
wait_exit "$filler" 30
echo "filler ended with status $EXIT_RC after ${EXIT_MS} ms, at about $((filler_max / 1024)) MiB"
[ "$EXIT_RC" = 143 ] || [ "$EXIT_RC" = 137 ] || fail "filler ended with status $EXIT_RC, not by the daemon's signal; $(cg_kill_story "$CG_DIR" "$filler")"
kill -0 "$ign" 2>/dev/null || fail "the --ignore'd process was killed; $(cg_kill_story "$CG_DIR" "$ign")"
kill -0 "$avo" 2>/dev/null || fail "the --avoid'ed process was killed; $(cg_kill_story "$CG_DIR" "$avo")"
# the rules, not the sizes, saved the protected ones: they stayed larger than the filler
[ "$filler_max" -lt $((90 * 1024)) ] ||
	fail "the filler grew to $((filler_max / 1024)) MiB, as large as a protected process: size alone could explain the choice"
grep -q "\"pid\":$filler," "$DTMP/events.jsonl" || { cat "$DTMP/daemon.log" >&2; fail "no event names the filler"; }
grep -q "\"pid\":\($ign\|$avo\)," "$DTMP/events.jsonl" && fail "the daemon acted on a protected process: $(cat "$DTMP/events.jsonl")"
[ "$(cg_oom_kills "$CG_DIR")" = 0 ] || fail "the kernel's OOM killer fired: $(cg_kill_story "$CG_DIR" "$filler")"
daemon_stop
kill -0 "$ign" 2>/dev/null && kill -0 "$avo" 2>/dev/null || fail "a protected process was killed after the filler"
check_bystander
pass "filler stopped at about $((filler_max / 1024)) MiB; the 100 and 90 MiB protected processes live"
