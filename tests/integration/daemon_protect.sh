# Victim choice in a 256 MiB cgroup: the processes holding the most memory are protected (an
# --ignore rule, an --avoid rule, and oom_score_adj -1000 where this kernel lets us set it), so
# the daemon must choose the smaller unprotected hog, and every protected process survives.  Each
# of the four hogs adds what this build's memhog is charged for before it allocates (hog_measure).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root

hog_measure
cg_create protect $(( (256 + 4 * HOG_BASE_MIB) * 1024 * 1024 ))
cg_run "$CG_DIR" "${MEMHOG[@]}" --total 70 --hold --name keepign
ign=$CG_PID
cg_run "$CG_DIR" "${MEMHOG[@]}" --total 60 --hold --name keepavoid
avo=$CG_PID
protected_adj=
cg_run "$CG_DIR" "${MEMHOG[@]}" --total 50 --hold --name keepadj
adj=$CG_PID
sleep 0.5
if echo -1000 > "/proc/$adj/oom_score_adj" 2>/dev/null; then
	protected_adj=$adj
else
	echo "note: this kernel refuses oom_score_adj -1000 here (no CAP_SYS_RESOURCE); keepadj is unprotected"
	kill -KILL "$adj"; wait "$adj" 2>/dev/null
fi
start_bystander
daemon_start --cgroup "$CG_DIR" --ignore '^keepign$' --avoid '^keepavoid$'
cg_run "$CG_DIR" "${MEMHOG[@]}" --rate 40 --name filler
filler=$CG_PID
wait_exit "$filler" 30
echo "filler ended with status $EXIT_RC after ${EXIT_MS} ms"
[ "$EXIT_RC" = 143 ] || [ "$EXIT_RC" = 137 ] || fail "filler ended with status $EXIT_RC, not by the daemon's signal; $(cg_kill_story "$CG_DIR" "$filler")"
sleep 0.5
kill -0 "$ign" 2>/dev/null || fail "the --ignore'd process was killed; $(cg_kill_story "$CG_DIR" "$ign")"
kill -0 "$avo" 2>/dev/null || fail "the --avoid'ed process was killed; $(cg_kill_story "$CG_DIR" "$avo")"
[ -z "$protected_adj" ] || kill -0 "$protected_adj" 2>/dev/null || fail "the oom_score_adj -1000 process was killed; $(cg_kill_story "$CG_DIR" "$protected_adj")"
[ "$(cg_oom_kills "$CG_DIR")" = 0 ] || fail "the kernel's OOM killer fired: $(cg_kill_story "$CG_DIR" "$filler")"
daemon_stop
check_bystander
pass
