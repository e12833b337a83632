# SPDX-License-Identifier: GPL-2.0-or-later
# `oomguard record` and `oomguard replay` on real memory cgroups:
# 1. a real memcg OOM kill is captured with its lead-up: the trace holds the kernel's kill, the
#    hog (with a hostile name) as the largest process and as a grower, and replayed, oomguard's
#    policy acts before the kernel while the kernel column shows the kill;
# 2. replay accuracy: a real `oomguard daemon --cgroup --dry-run` decides on a hog while the
#    recorder samples the same cgroup; the replayed oomguard action falls within one sample
#    period of the real decision;
# 3. --watch-pid: the sleeps of a process this test started (a loop that sleeps 20 times a
#    second) rise over the samples, and stop being written once it is gone; a process that is
#    gone at the start is a clear error and no trace.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root
command -v python3 >/dev/null || skip "python3 is needed to read the JSON"

PERIOD_MS=50
HOG_NAME='r) (x y'

# recorder_start CGDIR FILE: records the cgroup every PERIOD_MS until stopped (sets REC_PID).
recorder_start() {
	"$OG" record --cgroup "$1" -i $PERIOD_MS --coarse $PERIOD_MS -d 0 -o "$2" 2>"$DTMP/record.err" &
	REC_PID=$!
	_cleanup_pids+=("$REC_PID")
	for _ in $(seq 100); do
		[ "$(wc -l < "$2" 2>/dev/null || echo 0)" -ge 2 ] && return 0
		kill -0 "$REC_PID" 2>/dev/null || { cat "$DTMP/record.err" >&2; fail "record exited at start"; }
		sleep 0.05
	done
	fail "record wrote no sample within 5 s"
}

recorder_stop() {
	kill -INT "$REC_PID" 2>/dev/null || fail "record is not running"
	wait "$REC_PID" || { cat "$DTMP/record.err" >&2; fail "record did not exit cleanly on SIGINT"; }
}

json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# ---- 1. a kernel kill captured with its lead-up ----
# The hog's base size differs between builds (sanitizers): the limit is its base plus 96 MiB.
hog_measure
limit=$(( (HOG_BASE_MIB + 96) * 1024 * 1024 ))

cg_create kernel "$limit"
recorder_start "$CG_DIR" "$DTMP/kernel.trace"
cg_run "$CG_DIR" "${MEMHOG[@]}" --rate 40 --name "$HOG_NAME"
hog=$CG_PID
wait_exit "$hog" 60
[ "$EXIT_RC" = 137 ] || fail "the hog ended with status $EXIT_RC, not by the kernel's SIGKILL; $(cg_kill_story "$CG_DIR" "$hog")"
[ "$(cg_oom_kills "$CG_DIR")" -ge 1 ] || fail "the cgroup counts no kernel OOM kill"
for _ in $(seq 100); do
	grep -q '"event":"kernel_oom_kill"' "$DTMP/kernel.trace" && break
	sleep 0.05
done
recorder_stop
grep -q '"event":"kernel_oom_kill"' "$DTMP/kernel.trace" || fail "the trace holds no kernel_oom_kill event"
grep -q "\"pid\":$hog,\"comm\":\"r) (x y\"" "$DTMP/kernel.trace" || fail "the hog (pid $hog) is not in the trace by its name"

"$OG" replay "$DTMP/kernel.trace" --json -p "oomguard:-m 10" -p earlyoom > "$DTMP/kernel.json" ||
	fail "replay failed"
[ "$(json "$DTMP/kernel.json" "d['kernel']['oom_kill']")" = True ] || fail "replay sees no kernel kill"
[ "$(json "$DTMP/kernel.json" "d['policies'][0]['acted']")" = True ] || fail "replayed oomguard never acted"
[ "$(json "$DTMP/kernel.json" "d['policies'][0]['before_kernel']")" = True ] || fail "replayed oomguard acted after the kernel"
[ "$(json "$DTMP/kernel.json" "d['policies'][0]['victim']['pid']")" = "$hog" ] || fail "replayed oomguard chose another victim"
[ "$(json "$DTMP/kernel.json" "d['policies'][0]['victim']['comm']")" = "$HOG_NAME" ] || fail "victim name changed in the trace"
"$OG" replay "$DTMP/kernel.trace" > "$DTMP/kernel.txt" || fail "text replay failed"
grep -q 'OOM kill' "$DTMP/kernel.txt" || fail "text replay does not show the kernel's kill"
echo "kernel kill at +$(json "$DTMP/kernel.json" "d['kernel']['t_ms']") ms; replayed oomguard at +$(json "$DTMP/kernel.json" "d['policies'][0]['t_ms']") ms"

# ---- 2. the replay against the real daemon ----
# The daemon runs dry, so the hog goes on past the level and the recorder sees the crossing the
# daemon saw (a daemon that kills between two samples leaves the trace without the crossing);
# the kernel's memcg OOM killer ends the hog in the end.
cg_create daemon "$limit"
daemon_start --cgroup "$CG_DIR" -m 20,5 --no-rate --dry-run
recorder_start "$CG_DIR" "$DTMP/daemon.trace"
cg_run "$CG_DIR" "${MEMHOG[@]}" --rate 40 --name realhog
hog=$CG_PID
wait_exit "$hog" 60
[ "$EXIT_RC" = 137 ] || fail "the hog ended with status $EXIT_RC, not by the kernel's SIGKILL (the dry-run daemon signalled it?); $(cg_kill_story "$CG_DIR" "$hog")"
recorder_stop
daemon_stop
real_ms=$(python3 -c "
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get('event') == 'kill' and e.get('dry_run') and e.get('victim', {}).get('pid') == int(sys.argv[2]):
        print(e['time_us'] // 1000); break
" "$DTMP/events.jsonl" "$hog")
[ -n "$real_ms" ] || { cat "$DTMP/events.jsonl" >&2; fail "the dry-run daemon recorded no action on the hog"; }
"$OG" replay "$DTMP/daemon.trace" --json -p "oomguard:-m 20,5 --no-rate" > "$DTMP/daemon.json" || fail "replay failed"
[ "$(json "$DTMP/daemon.json" "d['policies'][0]['acted']")" = True ] || fail "replayed oomguard never acted"
[ "$(json "$DTMP/daemon.json" "d['policies'][0]['victim']['pid']")" = "$hog" ] || fail "replay chose another victim"
start_ms=$(head -1 "$DTMP/daemon.trace" | python3 -c "import json,sys; print(json.load(sys.stdin)['start_epoch_ms'])")
replay_ms=$(( start_ms + $(json "$DTMP/daemon.json" "d['policies'][0]['t_ms']") ))
diff_ms=$(( replay_ms - real_ms ))
echo "real (dry-run) action at ${real_ms} ms, replayed action at ${replay_ms} ms: ${diff_ms} ms apart (sample period ${PERIOD_MS} ms)"
# The replay sees the crossing at the recorder's first sample after it, the daemon at once
# (usage-threshold eventfd or its own poll): the replay lags by at most one sample period, plus
# the time one sample takes on a loaded machine (20 ms allowed).
[ "$diff_ms" -ge -20 ] && [ "$diff_ms" -le $((PERIOD_MS + 20)) ] ||
	fail "replayed action is ${diff_ms} ms from the real one (allowed: -20 to $((PERIOD_MS + 20)) ms)"
# ... and inside the bracket the replay gives for its daemon (the sample before, to one of the
# daemon's own check periods after), 20 ms allowed for the same reason
from_ms=$(( start_ms + $(json "$DTMP/daemon.json" "d['policies'][0]['window_from_ms']") ))
to_ms=$(( start_ms + $(json "$DTMP/daemon.json" "d['policies'][0]['window_to_ms']") ))
echo "bracket for the daemon: $((from_ms - real_ms)) to +$((to_ms - real_ms)) ms around the real action"
[ "$real_ms" -ge $((from_ms - 20)) ] && [ "$real_ms" -le $((to_ms + 20)) ] ||
	fail "the real action (${real_ms}) is outside the replayed bracket ${from_ms}-${to_ms}"

# ---- 3. a watched process's sleeps ----
bash -c 'while :; do sleep 0.05; done' &
sleeper=$!
_cleanup_pids+=("$sleeper")
"$OG" record -i 100 --coarse 100 -d 3 --watch-pid "$sleeper" -o "$DTMP/watch.trace" 2>"$DTMP/watch.err" &
wrec=$!
_cleanup_pids+=("$wrec")
sleep 1.5
kill "$sleeper"; wait "$sleeper" 2>/dev/null
wait "$wrec" || { cat "$DTMP/watch.err" >&2; fail "record --watch-pid failed"; }
python3 - "$DTMP/watch.trace" "$sleeper" <<'PY' || fail "the watched process's sleeps are not as they happened (above)"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
h, samples = lines[0], [x for x in lines[1:] if 'avail_kib' in x]
bad = []
if h.get('watch_pid') != int(sys.argv[2]) or h.get('watch_comm') != 'bash':
    bad.append('header watch_pid %r watch_comm %r' % (h.get('watch_pid'), h.get('watch_comm')))
alive = [x['watch_sleeps'] for x in samples if 'watch_sleeps' in x]
gone = [x for x in samples if x['t_ms'] > 2000 and 'watch_sleeps' in x]
# 20 sleeps a second over 1.5 s: never falling, and up by far more than a few (a loaded
# machine may hold the loop back for a sample or two)
if len(alive) < 8 or any(b < a for a, b in zip(alive, alive[1:])) or alive[-1] - alive[0] < 8:
    bad.append('its sleeps do not rise while it runs: %r' % alive)
if gone:
    bad.append('%d samples after its end still carry sleeps' % len(gone))
print('watched sleeps per sample:', alive)
for b in bad: print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
"$OG" record --watch-pid "$sleeper" -d 1 -o "$DTMP/none.trace" 2>"$DTMP/none.err" && fail "record watched a process that is gone"
grep -q -- "--watch-pid $sleeper: no such process" "$DTMP/none.err" || { cat "$DTMP/none.err"; fail "no clear error for a gone --watch-pid"; }
[ -e "$DTMP/none.trace" ] && fail "a trace was written for a gone --watch-pid"

pass "kernel kill captured; replay ${diff_ms} ms after the real daemon, inside its bracket; a watched process's sleeps recorded"
