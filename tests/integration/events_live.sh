# SPDX-License-Identifier: GPL-2.0-or-later
# A real memcg OOM kill on this machine, inside a cgroup this test creates, found by
# `oomguard events --since <before> --json` in /dev/kmsg with the right pid, name, constraint and
# memcg path; then a second kill printed live by `oomguard events --follow`, of a process whose
# name holds a newline (the kernel escapes it in /dev/kmsg: it must not split the kill line).
source "$(dirname "$0")/lib.sh"
need_root
[ -r /dev/kmsg ] || skip "/dev/kmsg is not readable on this machine"
command -v python3 >/dev/null || fail "python3 is needed to read the JSON"

LIMIT=$((64 * 1024 * 1024))
NAME='a b) (c'
NAME2=$'x) (y\nz'
work=$(mktemp -d)
on_exit "rm -rf '$work'"

# Checks that a JSON line of `events --json` describes pid $2, named $4, killed in cgroup $3, by
# the kernel.
check_event() {  # file pid cgpath comm
	python3 - "$@" <<'PY'
import json, sys
path, pid, cg, comm = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
events = [json.loads(l) for l in open(path) if l.strip()]
mine = [e for e in events if e.get("victim") and e["victim"].get("pid") == pid]
if len(mine) != 1:
    sys.exit("expected one event for pid %d, got %d of %d" % (pid, len(mine), len(events)))
e = mine[0]
want = {"comm": e["victim"]["comm"] == comm and e["trigger"]["comm"] == comm, "constraint": e["constraint"] == "CONSTRAINT_MEMCG",
        "oom_memcg": e["memcg"] and e["memcg"]["oom_memcg"] == cg, "kernel_proven": e["kernel_proven"],
        "origin": e["origin"] == "kmsg", "kind": e["kind"] == "memcg-oom", "id": len(e["id"]) == 12}
bad = [k for k, ok in want.items() if not ok]
if bad:
    sys.exit("wrong %s in %s" % (", ".join(bad), json.dumps(e)))
PY
}

# 1. a kill, then events --since a time before it
since=$(date -d '-2 sec' '+%Y-%m-%d %H:%M:%S')
cg_oom_kill events "$LIMIT" "$NAME"
cgpath=$CG_PATH
pid=$KILLED_PID
[ "$(cg_oom_kills "$CG_DIR")" -ge 1 ] 2>/dev/null || skip_part "this kernel does not count oom_kill for the cgroup"
"$OG" events --since "$since" --json > "$work/events.json" 2> "$work/err" || fail "events failed: $(cat "$work/err")"
check_event "$work/events.json" "$pid" "$cgpath" "$NAME" || fail "events --json: see above"
# the table names the victim, escaped as data, with its pid
COLUMNS=200 "$OG" events --since "$since" > "$work/table" 2>&1 || fail "events (table) failed"
grep -F "a b) (c[$pid]" "$work/table" | grep -q "memcg $cgpath" || fail "table line missing: $(cat "$work/table")"
# --until before the kill hides it
"$OG" events --since "$since" --until "$since" --json > "$work/none.json" || fail "events --until failed"
! grep -q "\"pid\":$pid," "$work/none.json" || fail "--until did not exclude the kill"

# 2. --follow prints a new kill as its report completes
"$OG" events --follow --json --since now > "$work/follow.json" 2> "$work/follow.err" &
follower=$!
_cleanup_pids+=("$follower")
# ready once it holds /dev/kmsg open (its "now" is fixed before that); polled, at most 20 s
for _ in $(seq 200); do
	ls -l "/proc/$follower/fd" 2>/dev/null | grep -q ' -> /dev/kmsg$' && break
	kill -0 "$follower" 2>/dev/null || fail "events --follow exited: $(cat "$work/follow.err")"
	sleep 0.1
done
ls -l "/proc/$follower/fd" 2>/dev/null | grep -q ' -> /dev/kmsg$' || fail "events --follow did not open /dev/kmsg in 20 s"
cg_run "$CG_DIR" "$MEMHOG_BIN" --name "$NAME2"
pid2=$CG_PID
wait "$pid2"
for _ in $(seq 1 100); do
	grep -q "\"pid\":$pid2," "$work/follow.json" 2>/dev/null && break
	sleep 0.1
done
signal_child TERM "$follower"
check_event "$work/follow.json" "$pid2" "$cgpath" "$NAME2" || fail "events --follow: see above ($(cat "$work/follow.err"))"
pass "pid $pid and $pid2 found in /dev/kmsg, memcg $cgpath"
