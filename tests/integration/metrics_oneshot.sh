#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `oomguard metrics` on a --root tree: the kernel's OOM kills from its /dev/kmsg (a global cpuset
# kill and a memcg kill, real reports), the other killers' kills from real journal files
# (systemd-journal-remote writes earlyoom and systemd-oomd lines, some of them not kills, some
# from another boot), memory and PSI from its /proc; the exposition passes `promtool check
# metrics`; --textfile writes the same atomically; a bad --textfile is one line and exit 1.
source "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
command -v promtool >/dev/null || skip "promtool is not installed (Debian package prometheus)"
REMOTE=""
for p in /lib/systemd/systemd-journal-remote /usr/lib/systemd/systemd-journal-remote; do
	[ -x "$p" ] && REMOTE=$p && break
done
[ -n "$REMOTE" ] || skip "systemd-journal-remote is not installed (Debian package systemd-journal-remote)"
GEN="python3 $here/../tools/journal_export.py"
FIX="$here/../fixtures/oom-reports"
work=$(mktemp -d)
on_exit "rm -rf '$work'"
tree=$work/tree
BTIME=1793627978
BOOT_ID=5f0c1e2d3c4b4a5968778695a4b3c2d1
OTHER_BOOT=00112233445566778899aabbccddeeff
MID=0f1e2d3c4b5a69788796a5b4c3d2e1f0
mkdir -p "$tree/proc/sys/kernel/random" "$tree/proc/pressure" "$tree/dev" "$tree/var/log/journal/$MID"
printf 'cpu  1 0 1 100 0 0 0 0 0 0\nbtime %s\n' "$BTIME" > "$tree/proc/stat"
echo 5f0c1e2d-3c4b-4a59-6877-8695a4b3c2d1 > "$tree/proc/sys/kernel/random/boot_id"
printf 'MemTotal:       8000000 kB\nMemFree:        1000000 kB\nMemAvailable:   3000000 kB\nSwapTotal:      2000000 kB\nSwapFree:       500000 kB\n' > "$tree/proc/meminfo"
printf 'some avg10=1.00 avg60=0.50 avg300=0.10 total=2500000\nfull avg10=0.50 avg60=0.20 avg300=0.05 total=1250000\n' > "$tree/proc/pressure/memory"
cat "$FIX/v5.15-cpuset.txt" "$FIX/v6.18-memcg-v1-live.txt" > "$tree/dev/kmsg"

common=(--boot-realtime-us $((BTIME * 1000000)) --hostname vm)
{
	printf '[  100.000000] sending SIGTERM to process 4242 uid 1000 "chrome": oom_score 900, VmRSS 4000 MiB, cmdline "chrome"\n' |
		$GEN - "${common[@]}" --boot-id "$BOOT_ID" --transport stdout --identifier earlyoom
	printf '[  101.000000] sending SIGKILL to process 4243 uid 1000 "java": oom_score 800, VmRSS 3000 MiB, cmdline "java"\n' |
		$GEN - "${common[@]}" --boot-id "$BOOT_ID" --transport stdout --identifier earlyoom
	printf '[  102.000000] mem avail:  3000 of  7812 MiB (38.40%%), swap free:  488 of 1953 MiB (24.99%%)\n' |
		$GEN - "${common[@]}" --boot-id "$BOOT_ID" --transport stdout --identifier earlyoom
	printf '[  200.000000] Killed /user.slice/user-1000.slice/user@1000.service/app.slice/app-firefox.scope due to memory pressure for /user.slice/user-1000.slice/user@1000.service being 71.20%% > 50.00%% for > 20s with reclaim activity\n' |
		$GEN - "${common[@]}" --boot-id "$BOOT_ID" --transport journal --identifier systemd-oomd
	printf '[  201.000000] Swap used (95.00%%) is over 90.00%%\n' |
		$GEN - "${common[@]}" --boot-id "$BOOT_ID" --transport journal --identifier systemd-oomd
	printf '[   50.000000] sending SIGKILL to process 99 uid 0 "old": from another boot\n' |
		$GEN - "${common[@]}" --boot-id "$OTHER_BOOT" --transport stdout --identifier earlyoom
	printf '[  300.000000] sending SIGKILL to process 77 uid 0 "forged": logger, not earlyoom\n' |
		$GEN - "${common[@]}" --boot-id "$BOOT_ID" --transport syslog --identifier logger
} > "$work/journal.export"
"$REMOTE" --output="$tree/var/log/journal/$MID/system.journal" "$work/journal.export" 2> "$work/remote.err" ||
	fail "systemd-journal-remote failed: $(cat "$work/remote.err")"

"$OG" --root "$tree" metrics --no-findings > "$work/out.prom" 2> "$work/err" || fail "oomguard metrics failed: $(cat "$work/err")"
promtool check metrics < "$work/out.prom" || fail "promtool check metrics finds problems"
expect() { grep -qxF "$1" "$work/out.prom" || { cat "$work/out.prom" >&2; fail "missing: $1"; }; }
expect 'oomguard_kernel_oom_kills_total{scope="global",constraint="cpuset"} 1'
expect 'oomguard_kernel_oom_kills_total{scope="memcg",constraint="memcg"} 1'
expect 'oomguard_kernel_oom_kills_total{scope="global",constraint="none"} 0'
expect 'oomguard_other_killer_kills_total{killer="earlyoom"} 2'
expect 'oomguard_other_killer_kills_total{killer="systemd-oomd"} 1'
expect 'oomguard_memory_available_bytes 3072000000'
expect 'oomguard_swap_free_bytes 512000000'
expect 'oomguard_memory_pressure_stall_seconds_total{kind="full"} 1.250000'
grep -q '^oomguard_daemon_' "$work/out.prom" && fail "oomguard metrics prints daemon families"
last=$(awk '$1 == "oomguard_kernel_oom_last_kill_timestamp_seconds" {print int($2)}' "$work/out.prom")
[ "$last" -gt "$BTIME" ] && [ "$last" -lt $((BTIME + 86400)) ] || fail "last kill time $last is not in the tree's boot"

"$OG" --root "$tree" metrics --no-findings --textfile "$work/t.prom" || fail "--textfile failed"
cmp -s <(grep -v _timestamp_ "$work/t.prom") <(grep -v _timestamp_ "$work/out.prom") || fail "--textfile differs from the printed metrics"
ls "$work" | grep -q 'tmp' && fail "a temporary file is left beside the textfile"
rc=0
"$OG" --root "$tree" metrics --no-findings --textfile "$work/missing/t.prom" 2> "$work/err" || rc=$?
[ "$rc" = 1 ] && [ "$(wc -l < "$work/err")" = 1 ] && grep -q "missing/t.prom" "$work/err" ||
	fail "a missing folder is not one line and exit 1 (rc $rc: $(cat "$work/err"))"
pass "kernel kills by scope and constraint, other killers from the journal, promtool clean"
