#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# cgroup v2 guarding: a hog in a scope under a slice with memory.max is stopped by
# `oomguard daemon --cgroup SLICE` before the kernel's memcg OOM killer (the slice's
# memory.events oom_kill stays 0) at two fill rates; then machine-wide (no --cgroup, no swap):
# a hog in an unlimited scope is stopped before the kernel's global OOM killer (vmstat oom_kill).
source "$OG_SRC/tests/guest/t/lib.sh"
swapoff -a

unit_write ogguard.slice "[Slice]
MemoryMax=64M
MemorySwapMax=0"
systemctl daemon-reload
systemctl start ogguard.slice || fail "cannot start ogguard.slice"
on_exit "systemctl stop ogguard.slice"
slice=/sys/fs/cgroup/ogguard.slice
[ "$(cat $slice/memory.max)" = $((64 << 20)) ] || fail "slice memory.max is $(cat $slice/memory.max)"

start_bystander
for rate in 4 0; do
	daemon_start --cgroup "$slice"
	systemd-run --quiet --scope --slice=ogguard.slice --unit="og-hog$rate" \
		"${MEMHOG[@]}" --rate "$rate" --name "hog$rate" &
	hog=$!
	_cleanup_pids+=("$hog")
	wait_exit "$hog" 90
	kills=$(cg_oom_kills "$slice")
	echo "slice: rate ${rate:-max} MiB/s: hog ended with status $EXIT_RC after ${EXIT_MS} ms; memcg oom_kill=$kills"
	[ "$kills" = 0 ] || { cat "$DTMP/daemon.log" >&2; fail "rate $rate: the kernel's memcg OOM killer fired first ($kills)"; }
	[ "$EXIT_RC" = 143 ] || [ "$EXIT_RC" = 137 ] || fail "rate $rate: hog ended with status $EXIT_RC, not by SIGTERM/SIGKILL"
	grep -q "\"pid\":$hog" "$DTMP/events.jsonl" || { cat "$DTMP/daemon.log" >&2; fail "rate $rate: no record names the hog (pid $hog)"; }
	grep -q "og-hog$rate.scope" "$DTMP/events.jsonl" || echo "note: the record does not name the scope"
	daemon_stop
	check_bystander
	rm -f "$DTMP/events.jsonl"
done

# Machine-wide: the whole guest is the guarded memory.
before=$(global_oom_kills)
daemon_start
systemd-run --quiet --scope --unit=og-hog-global "${MEMHOG[@]}" --rate 0 --name globalhog &
hog=$!
_cleanup_pids+=("$hog")
wait_exit "$hog" 120
after=$(global_oom_kills)
echo "machine-wide: hog ended with status $EXIT_RC after ${EXIT_MS} ms; global oom_kill $before -> $after"
[ "$after" = "$before" ] || { cat "$DTMP/daemon.log" >&2; fail "the kernel's global OOM killer fired ($before -> $after)"; }
[ "$EXIT_RC" = 143 ] || [ "$EXIT_RC" = 137 ] || fail "machine-wide: hog ended with status $EXIT_RC"
grep -q "\"pid\":$hog" "$DTMP/events.jsonl" || { cat "$DTMP/daemon.log" >&2; fail "machine-wide: no record names the hog"; }
daemon_stop
check_bystander
pass
