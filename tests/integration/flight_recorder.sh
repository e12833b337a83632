# SPDX-License-Identifier: GPL-2.0-or-later
# The daemon's flight recorder on real memory cgroups:
# 1. its own kill: beside the kill snapshot a .trace ends with the daemon_kill event for the hog
#    (a hostile name); `replay` tells the lead-up and that oomguard acted, on the hog; `explain`
#    of the action shows the lead-up (text and JSON);
# 2. a kernel kill: with the daemon dry, the kernel's memcg OOM killer ends the hog; the daemon
#    sees the scope's OOM kill count rise and writes kernel-TIME.trace, ending with the kill;
# 3. the bound: 36 kills in a row leave at most 32 traces, and the daemon's resident memory grows
#    by no more than the ring's fixed size.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root
command -v python3 >/dev/null || skip "python3 is needed to read the JSON"
SNAP=$DTMP/snap
mkdir -p "$SNAP"
HOG_NAME='x) (y <i>z'

# The hog's base size differs between builds (sanitizers): limits are its base plus a margin.
hog_measure
limit() { echo $(( (HOG_BASE_MIB + $1) * 1024 * 1024 )); }

# ---- 1. the daemon's own kill ----
cg_create own "$(limit 96)"
daemon_start --cgroup "$CG_DIR" --snapshot-dir "$SNAP"
cg_run "$CG_DIR" "${MEMHOG[@]}" --rate 40 --name "$HOG_NAME"
hog=$CG_PID
wait_exit "$hog" 60
[ "$EXIT_RC" = 143 ] || [ "$EXIT_RC" = 137 ] || fail "the hog ended with status $EXIT_RC"
[ "$(cg_oom_kills "$CG_DIR")" = 0 ] || fail "the kernel killed before the daemon (not what this part tests)"
trace=""
for _ in $(seq 100); do
	trace=$(ls "$SNAP"/kill-*.trace 2>/dev/null | head -1)
	[ -n "$trace" ] && break
	sleep 0.05
done
[ -n "$trace" ] || { ls -la "$SNAP" >&2; fail "no .trace beside the kill snapshot"; }
[ -f "${trace%.trace}.json" ] || fail "the trace's snapshot ${trace%.trace}.json is missing"
tail -1 "$trace" | grep -q "\"event\":\"daemon_kill\",\"actor\":\"oomguard\",\"pid\":$hog,\"comm\":\"x) (y <i>z\"" ||
	fail "the trace does not end with the daemon's kill of the hog: $(tail -1 "$trace")"
"$OG" replay "$trace" --json -p oomguard > "$DTMP/own.json" || fail "replay of the daemon's trace failed"
python3 - "$DTMP/own.json" "$hog" "$HOG_NAME" <<'EOF' || fail "the replayed lead-up is wrong"
import json, sys
d = json.load(open(sys.argv[1]))
lu, p = d['leadup'], d['policies'][0]
assert lu and lu['kill_actor'] == 'oomguard', lu
assert lu['from_percent'] > lu['to_percent'] + 20, lu
assert lu['grower'] and lu['grower']['pid'] == int(sys.argv[2]) and lu['grower']['comm'] == sys.argv[3], lu
assert p['acted'] and p['victim']['pid'] == int(sys.argv[2]), p
EOF
# (wide: the trace's path is one word, and at 80 columns its line would be wrapped before it)
COLUMNS=200 "$OG" explain --event-log "$DTMP/events.jsonl" --last > "$DTMP/explain.txt" || fail "explain --last failed"
grep -q '^The lead-up (flight recorder: ' "$DTMP/explain.txt" || { cat "$DTMP/explain.txt" >&2; fail "explain shows no lead-up"; }
grep -q "x) (y <i>z (pid $hog) grew by" "$DTMP/explain.txt" || fail "explain's lead-up does not name the hog's growth"
"$OG" explain --event-log "$DTMP/events.jsonl" --last --json > "$DTMP/explain.json" || fail "explain --json failed"
python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert d['trace_file'] == sys.argv[2], d['trace_file']
assert d['leadup']['grower']['comm'] == sys.argv[3], d['leadup']
" "$DTMP/explain.json" "$trace" "$HOG_NAME" || fail "explain --json has no lead-up for the trace"
daemon_stop

# ---- 2. a kernel kill seen by a dry daemon ----
cg_create kernel "$(limit 96)"
daemon_start --cgroup "$CG_DIR" --snapshot-dir "$SNAP" --dry-run
cg_run "$CG_DIR" "${MEMHOG[@]}" --rate 40 --name "$HOG_NAME"
hog=$CG_PID
wait_exit "$hog" 60
[ "$EXIT_RC" = 137 ] || fail "the hog ended with status $EXIT_RC, not by the kernel's SIGKILL"
ktrace=""
for _ in $(seq 200); do
	ktrace=$(ls "$SNAP"/kernel-*.trace 2>/dev/null | head -1)
	[ -n "$ktrace" ] && break
	sleep 0.05
done
[ -n "$ktrace" ] || { cat "$DTMP/daemon.log" >&2; fail "no kernel-*.trace after the kernel's kill"; }
tail -1 "$ktrace" | grep -q '"event":"kernel_oom_kill","actor":"kernel"' || fail "the kernel trace does not end with the kill"
COLUMNS=200 "$OG" replay "$ktrace" > "$DTMP/kernel.txt" || fail "replay of the kernel trace failed"
grep -q 'up to the kill' "$DTMP/kernel.txt" || fail "the lead-up does not reach the kill"
grep -q "x) (y <i>z (pid $hog)" "$DTMP/kernel.txt" || { cat "$DTMP/kernel.txt" >&2; fail "the lead-up does not name the hog"; }
daemon_stop

# ---- 3. the bound over many kills ----
cg_create many "$(limit 48)"
daemon_start --cgroup "$CG_DIR" --snapshot-dir "$SNAP"
rss_after() { awk '/^VmRSS:/ {print $2}' "/proc/$DAEMON_PID/status"; }
for i in $(seq 36); do
	cg_run "$CG_DIR" "${MEMHOG[@]}" --rate 40 --name "many$i"
	wait_exit "$CG_PID" 30
	[ "$i" = 4 ] && rss4=$(rss_after)
done
rss36=$(rss_after)
# Part 1 proves the daemon acts before the kernel; here a kernel kill (a hog that outran a
# daemon starved of CPU on a loaded machine) also leaves a trace, so it does not weaken the bound.
# More than a few would mean the daemon stopped acting: that fails.
kkills=$(cg_oom_kills "$CG_DIR")
[ "$kkills" -le 3 ] || fail "the kernel killed $kkills of the 36 hogs: the daemon did not act"
[ "$kkills" = 0 ] || echo "note: the kernel's memcg killer ended $kkills of the 36 hogs before the daemon"
n=$(ls "$SNAP"/*.trace | wc -l)
[ "$n" -le 32 ] || fail "$n traces kept (at most 32)"
# the ring is 1,024 samples of at most ~2.9 KiB each, mapped once; nothing else should grow
ring_kib=2944
grow=$((rss36 - rss4))
echo "36 kills: $n traces kept; daemon VmRSS ${rss4} KiB after 4 kills, ${rss36} KiB after 36 (+${grow} KiB, ring at most ${ring_kib} KiB)"
[ "$grow" -le "$ring_kib" ] || fail "the daemon grew by ${grow} KiB over 32 kills (more than the ring)"
daemon_stop
pass "own kill and kernel kill traced; $n traces kept after 36 kills; +${grow} KiB"
