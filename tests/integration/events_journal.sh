# SPDX-License-Identifier: GPL-2.0-or-later
# The journal as a source of OOM reports, on real journal files: systemd-journal-remote writes
# them from export-format entries (tests/tools/journal_export.py) into a --root tree, with
# journald's fields for two kernel reports (a memcg kill in /var/log/journal, a global one with
# a multi-line Mem-Info record in /run/log/journal), forged copies (`logger -t kernel`: syslog
# transport; a process's write to /dev/kmsg: kernel transport, user facility) and unrelated
# entries.  `events` and `explain` must find both kills, kernel-proven, ignore the forgeries,
# honour --since, and report a kill that /dev/kmsg of the tree holds too only once.
source "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || fail "python3 is needed to write the entries and read the JSON"
REMOTE=
for p in /lib/systemd/systemd-journal-remote /usr/lib/systemd/systemd-journal-remote; do
	[ -x "$p" ] && { REMOTE=$p; break; }
done
[ -n "$REMOTE" ] || skip "systemd-journal-remote is not installed (Debian package systemd-journal-remote)"
"$OG" events --help | grep -q journal || fail "events --help does not mention the journal"

here=$(cd "$(dirname "$0")" && pwd)
GEN="python3 $here/../tools/journal_export.py"
FIX="$here/../fixtures/oom-reports"
work=$(mktemp -d)
on_exit "rm -rf '$work'"
tree=$work/tree
BTIME=1793627978                      # the tree's boot: 2026-11-02 13:59:38 UTC
BOOT_US=$((BTIME * 1000000))
BOOT_ID=5f0c1e2d3c4b4a5968778695a4b3c2d1
MID=0f1e2d3c4b5a69788796a5b4c3d2e1f0  # machine id: the journal's directory name
mkdir -p "$tree/proc/sys/kernel" "$tree/dev" "$tree/var/log/journal/$MID" "$tree/run/log/journal/$MID"
printf 'cpu  1 0 1 100 0 0 0 0 0 0\nbtime %s\n' "$BTIME" > "$tree/proc/stat"
echo vm > "$tree/proc/sys/kernel/hostname"
common=(--boot-realtime-us "$BOOT_US" --boot-id "$BOOT_ID" --hostname vm)

# persistent journal: unrelated kernel and service lines, the memcg kill (victim "mem hog)x",
# pid 18464) and its forged copies under other pids
{
	printf '[   12.000001] usb 1-1: new high-speed USB device number 2 using xhci_hcd\n' |
		$GEN - "${common[@]}"
	printf '[   40.000000] Accepted publickey for root from 192.0.2.7 port 51234\n' |
		$GEN - "${common[@]}" --transport syslog --identifier sshd
	$GEN "$FIX/v6.18-memcg-v1-live.txt" "${common[@]}"
	$GEN "$FIX/v6.18-memcg-v1-live.txt" "${common[@]}" --delay-us 600000000 \
		--transport syslog --replace 18464=4242 --replace 'mem hog)x=forged'
	$GEN "$FIX/v6.18-memcg-v1-live.txt" "${common[@]}" --delay-us 700000000 \
		--facility 1 --replace 18464=4343 --replace 'mem hog)x=kmsgwriter'
	printf '[ 1300.000000] Out of memory: Killed process 4444 (sent) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n' |
		$GEN - "${common[@]}" --transport journal --identifier kernel
} > "$work/var.export"
# volatile journal: the global kill, stored by journald 3 s after the kernel printed it
$GEN "$FIX/v6.8-global-many-processes.txt" "${common[@]}" --delay-us 3000000 > "$work/run.export"
grep -qa '^MESSAGE$' "$work/run.export" || fail "no multi-line record in binary form in the export"
"$REMOTE" --output="$tree/var/log/journal/$MID/system.journal" "$work/var.export" 2> "$work/remote.err" ||
	fail "systemd-journal-remote failed: $(cat "$work/remote.err")"
"$REMOTE" --output="$tree/run/log/journal/$MID/system.journal" "$work/run.export" 2> "$work/remote.err" ||
	fail "systemd-journal-remote failed: $(cat "$work/remote.err")"
# the files are real journals: journalctl reads the entries back
n=$(journalctl --root "$tree" -o export 2>/dev/null | grep -ac '^_TRANSPORT=kernel$') ||
	fail "journalctl cannot read the journal files"
[ "$n" -gt 150 ] || fail "journalctl read $n kernel entries back, expected the two reports"

# check_events FILE SINCE_ONLY: the events --json lines of the tree
check_events() {
	python3 - "$@" "$BOOT_US" <<'PY'
import json, sys
path, mode, boot = sys.argv[1], sys.argv[2], int(sys.argv[3])
events = [json.loads(l) for l in open(path) if l.strip()]
by_pid = {}
for e in events:
    if e.get("victim"):
        by_pid.setdefault(e["victim"]["pid"], []).append(e)
for forged in (4242, 4343, 4444):
    if forged in by_pid:
        sys.exit("a forged entry was taken as the kernel's: %s" % json.dumps(by_pid[forged]))
want_pids = [1233] if mode == "since" else [18464, 1233]
if sorted(by_pid) != sorted(want_pids) or len(events) != len(want_pids):
    sys.exit("expected one event each for %s, got %s" % (want_pids, [l.strip() for l in open(path)]))
g = by_pid[1233][0]
checks = {
    "global kind": g["kind"] == "oom-kill", "global constraint": g["constraint"] == "CONSTRAINT_NONE",
    "global comm": g["victim"]["comm"] == "php-fpm8.2", "global proven": g["kernel_proven"],
    "global origin": g["origin"] == "journal",
    # the journal's own stamp, as journalctl shows it: 3 s after the kernel's
    "global time": g["realtime_us"] == boot + 8040100102 + 3000000,
    "global kernel time": g["monotonic_us"] == 8040100102,
}
if mode != "since":
    m = by_pid[18464][0]
    checks.update({
        "memcg comm": m["victim"]["comm"] == "mem hog)x", "memcg kind": m["kind"] == "memcg-oom",
        "memcg constraint": m["constraint"] == "CONSTRAINT_MEMCG",
        "memcg path": m["memcg"]["oom_memcg"] == "/oomguard-test-realoom-18449",
        "memcg limit": m["memcg"]["limit_kb"] == 65536, "memcg proven": m["kernel_proven"],
        "memcg complete": not m["incomplete"],
        "memcg origin": m["origin"] == ("kmsg" if mode == "kmsg" else "journal"),
        "memcg time": abs(m["realtime_us"] - (boot + 475654166)) < 1000,
    })
bad = [k for k, ok in checks.items() if not ok]
if bad:
    sys.exit("wrong %s in %s" % (", ".join(bad), json.dumps(events)))
print(by_pid[18464][0]["id"] if 18464 in by_pid else "", g["id"])
PY
}

# 1. the journal alone
"$OG" --root "$tree" events --json > "$work/ev.json" 2> "$work/err" || fail "events failed: $(cat "$work/err")"
ids=$(check_events "$work/ev.json" journal) || fail "events --json from the journal: see above"
read -r memcg_id global_id <<< "$ids"
[ ! -s "$work/err" ] || fail "events printed a note with a readable journal: $(cat "$work/err")"
COLUMNS=200 "$OG" --root "$tree" events > "$work/table" 2>&1 || fail "events (table) failed"
grep -F "mem hog)x[18464]" "$work/table" | grep -q "memcg /oomguard-test-realoom-18449" ||
	fail "table line missing: $(cat "$work/table")"
grep -q "unproven" "$work/table" && fail "a journal kill is marked unproven: $(cat "$work/table")"

# 2. explain, by id: the memcg kill, and the global one whose Mem-Info counters came in one
# multi-line record (active_file is on its second line)
"$OG" --root "$tree" explain --json "$memcg_id" > "$work/ex1.json" 2> "$work/err" ||
	fail "explain $memcg_id failed: $(cat "$work/err")"
"$OG" --root "$tree" explain --json "$global_id" > "$work/ex2.json" 2> "$work/err" ||
	fail "explain $global_id failed: $(cat "$work/err")"
python3 - "$work/ex1.json" "$work/ex2.json" <<'PY' || fail "explain --json from the journal: see above"
import json, sys
m, g = (json.load(open(p))["event"] for p in sys.argv[1:3])
checks = {
    "memcg victim": m["victim"]["pid"] == 18464 and m["victim"]["comm"] == "mem hog)x",
    "memcg constraint": m["constraint"] == "CONSTRAINT_MEMCG", "memcg proven": m["kernel_proven"],
    "memcg path": m["memcg"]["oom_memcg"] == "/oomguard-test-realoom-18449",
    "global victim": g["victim"]["pid"] == 1233, "global proven": g["kernel_proven"],
    "multi-line record": g["meminfo"]["pages"]["active_anon"] == 3301201
                         and g["meminfo"]["pages"]["active_file"] == 2012
                         and g["meminfo"]["pages"]["free"] == 41201,
}
bad = [k for k, ok in checks.items() if not ok]
if bad:
    sys.exit("wrong %s in explain: %s / %s" % (", ".join(bad), json.dumps(m)[:600], json.dumps(g)[:600]))
PY
"$OG" --root "$tree" explain "$memcg_id" > "$work/ex.txt" 2>&1 || fail "explain (text) failed"
grep -q "Unproven" "$work/ex.txt" && fail "explain calls a journal kill unproven: $(cat "$work/ex.txt")"
grep -qF "mem hog)x (pid 18464" "$work/ex.txt" || fail "explain text lacks the victim: $(cat "$work/ex.txt")"

# 3. --since between the kills: the journal is sought to the bound
"$OG" --root "$tree" events --json --since "@$((BTIME + 4000))" > "$work/since.json" 2> "$work/err" ||
	fail "events --since failed: $(cat "$work/err")"
check_events "$work/since.json" since > /dev/null || fail "events --since from the journal: see above"

# 4. the memcg kill in /dev/kmsg of the tree as well: one event, the /dev/kmsg copy
$GEN --kmsg "$FIX/v6.18-memcg-v1-live.txt" "${common[@]}" > "$tree/dev/kmsg"
"$OG" --root "$tree" events --json > "$work/both.json" 2> "$work/err" || fail "events failed: $(cat "$work/err")"
check_events "$work/both.json" kmsg > /dev/null || fail "events --json from /dev/kmsg + journal: see above"
"$OG" --root "$tree" explain --json "$memcg_id" > /dev/null 2> "$work/err" ||
	fail "explain $memcg_id with both sources failed: $(cat "$work/err")"
pass "2 kills from real journal files, forgeries ignored, one event per kill with /dev/kmsg"
