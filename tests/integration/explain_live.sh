# SPDX-License-Identifier: GPL-2.0-or-later
# A real memcg OOM kill on this machine, inside a cgroup this test creates (a hard limit of 64 MiB
# plus what this build's memhog is charged for before it allocates, hog_measure),
# explained by `oomguard explain`: by its id from `events --json`, as --last from /dev/kmsg, and
# from a file of its report text; the verdict must name the cgroup limit and the hostile name.
source "$(dirname "$0")/lib.sh"
need_root
[ -r /dev/kmsg ] || skip "/dev/kmsg is not readable on this machine"
command -v python3 >/dev/null || fail "python3 is needed to read the JSON"

NAME='hog x) y'
work=$(mktemp -d)
on_exit "rm -rf '$work'"

cg_oom_kill explain $((64 * 1024 * 1024)) "$NAME"
cgpath=$CG_PATH
pid=$KILLED_PID
limit_kib=$(( (64 + HOG_BASE_MIB) * 1024 ))

# every event on record, this kill picked by its pid and its cgroup (named after this test's
# pid): no clock margin to guess
"$OG" events --json > "$work/events.json" || fail "events failed"
id=$(python3 -c '
import json, sys
ids = [e["id"] for e in map(json.loads, open(sys.argv[1]))
       if e.get("victim") and e["victim"]["pid"] == int(sys.argv[2])
       and (e.get("memcg") or {}).get("oom_memcg") == sys.argv[3]]
print(ids[0] if len(ids) == 1 else "")' "$work/events.json" "$pid" "$cgpath")
[ -n "$id" ] || fail "the kill of pid $pid in $cgpath is not once in events --json"

# 1. by id, as JSON
"$OG" explain --json "$id" > "$work/explain.json" 2> "$work/err" || fail "explain $id failed: $(cat "$work/err")"
python3 - "$work/explain.json" "$pid" "$cgpath" "$id" "$limit_kib" <<'PY' || fail "explain --json: see above"
import json, sys
d = json.load(open(sys.argv[1]))
pid, cg, id_, limit = int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
e, g = d["event"], d["diagnosis"]
checks = {
    "id": e["id"] == id_, "victim": e["victim"]["pid"] == pid and e["victim"]["comm"] == "hog x) y",
    "kind": e["kind"] == "memcg-oom", "proven": e["kernel_proven"], "oom_memcg": e["memcg"]["oom_memcg"] == cg,
    "limit": e["memcg"]["limit_kb"] == limit, "cause": g["cause"] == "memcg-limit",
    "confidence": g["confidence"] == "high", "verdict": cg in g["verdict"],
    "breakdown": g["memory_kb"]["scope"] == "memcg" and g["memory_kb"]["total"] == limit
                 and g["memory_kb"]["anon"] > 60000,
    "task table": e["tasks"]["rows"] >= 1 and e["tasks"]["largest"][0]["name"] == "hog x) y",
}
bad = [k for k, ok in checks.items() if not ok]
if bad:
    sys.exit("wrong %s in %s" % (", ".join(bad), json.dumps(d)[:2000]))
PY

# 2. --last (the newest event on this machine is ours, unless another OOM happened meanwhile)
"$OG" explain --last > "$work/last.txt" 2>&1 || fail "explain --last failed: $(cat "$work/last.txt")"
grep -q "^OOM event " "$work/last.txt" || fail "explain --last printed no event: $(cat "$work/last.txt")"
grep -q "^Verdict" "$work/last.txt" && grep -q "^Next steps" "$work/last.txt" || fail "explain --last misses sections"

# 3. from a file: this kill's report as raw dmesg text, on standard input
dmesg | awk -v p="$pid" 'index($0, "invoked oom-killer") {buf = ""} {buf = buf $0 "\n"}
	index($0, "Killed process " p " ") {printf "%s", buf; exit}' > "$work/report.txt"
[ -s "$work/report.txt" ] || fail "could not cut the report out of dmesg"
"$OG" explain - < "$work/report.txt" > "$work/file.txt" 2>&1 || fail "explain - failed: $(cat "$work/file.txt")"
grep -qF "memory cgroup $cgpath reached its limit ($((64 + HOG_BASE_MIB)).0 MiB)" "$work/file.txt" || fail "verdict missing: $(cat "$work/file.txt")"
grep -qF "hog x) y (pid $pid" "$work/file.txt" || fail "victim missing: $(cat "$work/file.txt")"
grep -qF "Unproven" "$work/file.txt" || fail "text from stdin not marked unproven"

# 4. an id that matches nothing is one clear error
! "$OG" explain ffffffffffff > /dev/null 2> "$work/err" || fail "explain of an unknown id succeeded"
grep -q "^oomguard: ffffffffffff: no OOM event with this id" "$work/err" || fail "unclear error: $(cat "$work/err")"
pass "explained kill of pid $pid ($id)"
