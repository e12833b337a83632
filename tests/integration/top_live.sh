# SPDX-License-Identifier: GPL-2.0-or-later
# `oomguard top --json` on the live machine: its order is the order of /proc/PID/oom_score read
# directly, the processes this test starts (with distinct oom_score_adj, in a memory cgroup of
# its own) rank by their adj, and one named "a b) (c" appears with exactly that name.
source "$(dirname "$0")/lib.sh"
need_root
command -v python3 >/dev/null || skip "python3 is needed to read the JSON"

tmp=$(mktemp -d)
on_exit "rm -rf '$tmp'"
cp "$(command -v sleep)" "$tmp/a b) (c"
cg_create top 64M
pids=()
for adj in 100 200 300 400 500; do
	cg_run "$CG_DIR" sleep 600
	echo "$adj" > "/proc/$CG_PID/oom_score_adj" || fail "cannot raise oom_score_adj of our own sleeper"
	pids+=("$CG_PID")
done
cg_run "$CG_DIR" "$tmp/a b) (c" 600
hostile=$CG_PID
for _ in $(seq 50); do [ "$(cat /proc/$hostile/comm 2>/dev/null)" = "a b) (c" ] && break; sleep 0.1; done

# scores of every user process, read straight from /proc, before and after oomguard runs
snapshot() {
	for d in /proc/[0-9]*; do
		s=$(cat "$d/oom_score" 2>/dev/null) || continue
		f=$(awk '{sub(/.*\) /, ""); print $7}' "$d/stat" 2>/dev/null) || continue
		[ -n "$f" ] && [ $(( f & 0x200000 )) -eq 0 ] && echo "${d#/proc/} $s"
	done
}
snapshot > "$tmp/before"
"$OG" top --json -n 0 > "$tmp/top.json" || fail "top --json exited $?"
snapshot > "$tmp/after"

python3 - "$tmp" "$hostile" "${pids[@]}" <<'PY' || fail "top --json disagrees with /proc (see above)"
import json, sys
tmp, hostile, ours = sys.argv[1], int(sys.argv[2]), [int(p) for p in sys.argv[3:]]
doc = json.load(open(tmp + "/top.json"))
procs = doc["processes"]
scores = [p["oom_score"] for p in procs]
assert all(a >= b for a, b in zip(scores, scores[1:])), "oom_score is not non-increasing"
def table(name):
    return {int(l.split()[0]): int(l.split()[1]) for l in open(tmp + "/" + name)}
before, after = table("before"), table("after")
stable = {p: s for p, s in before.items() if after.get(p) == s}
listed = {p["pid"]: p["oom_score"] for p in procs}
missing = [p for p in stable if p not in listed]
assert not missing, "processes with stable scores missing from the JSON: %s" % missing
wrong = [p for p in stable if listed[p] != stable[p]]
assert not wrong, "scores differ from /proc for %s" % wrong
# the sleepers rank by their adj: 500 first
pos = [next(i for i, p in enumerate(procs) if p["pid"] == pid) for pid in ours]
assert pos == sorted(pos, reverse=True), "our sleepers are not ordered by oom_score_adj: %s" % pos
h = next(p for p in procs if p["pid"] == hostile)
assert h["name"] == "a b) (c", "hostile name came out as %r" % h["name"]
assert doc["next_victim"] is not None and doc["next_victim"]["oom_score"] == procs[0]["oom_score"]
assert not any(p["pid"] == 2 for p in procs), "kthreadd listed"
print("ok: %d processes, %d with stable scores checked" % (len(procs), len(stable)))
PY

# the text view names the next victim first, and escapes nothing it need not
out=$("$OG" top -n 5) || fail "top exited $?"
echo "$out" | head -1 | grep -q '^If memory ran out now, the kernel would kill ' || fail "no headline: $out"
echo "$out" | grep -q 'a b) (c' || "$OG" top -n 0 | grep -q 'a b) (c' || fail "hostile name not shown"
"$OG" top --sort rss -n 3 >/dev/null || fail "--sort rss"
"$OG" top --sort bogus >/dev/null 2>&1 && fail "--sort bogus accepted"
pass
