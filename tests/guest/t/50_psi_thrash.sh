#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Per-cgroup PSI: a cgroup thrashing in swap (swap on the guest's block device /dev/ubda) is
# stopped on its memory.pressure by `daemon --cgroup` while swap is still mostly free (so only
# pressure can act), before the kernel's OOM killer; meanwhile a busy but healthy cgroup (its
# working set re-touched, well inside its limit) guarded by a daemon of its own is not touched.
source "$OG_SRC/tests/guest/t/lib.sh"
[ -r /proc/pressure/memory ] || skip "no PSI in this guest kernel (/proc/pressure/memory)"
[ -b /dev/ubda ] || fail "no /dev/ubda (the swap device run.sh gives the guest)"
mkswap /dev/ubda > /dev/null || fail "mkswap /dev/ubda failed"
swapon /dev/ubda || fail "swapon /dev/ubda failed"
on_exit "swapoff /dev/ubda"

cg_create healthy $((64 << 20))
healthy=$CG_DIR
cg_run "$healthy" "${MEMHOG[@]}" --thrash --total 16 --name healthyhog
busy=$CG_PID
cg_create thrash $((32 << 20))
thrash=$CG_DIR
echo $((256 << 20)) > "$thrash/memory.swap.max" || fail "cannot allow swap (memory.swap.max)"
[ -r "$thrash/memory.pressure" ] || fail "no memory.pressure in $thrash"

# The healthy cgroup's daemon: its own event log (the later option wins), its log moved aside.
daemon_start --cgroup "$healthy" --event-log "$DTMP/healthy.jsonl"
hd_pid=$DAEMON_PID
mv "$DTMP/daemon.log" "$DTMP/healthy.log"
daemon_start --cgroup "$thrash"

cg_run "$thrash" "${MEMHOG[@]}" --thrash --total 64 --name thrashhog
hog=$CG_PID
wait_exit "$hog" 60
kills=$(cg_oom_kills "$thrash")
echo "thrashing hog ended with status $EXIT_RC after ${EXIT_MS} ms; memcg oom_kill=$kills"
echo "thrash cgroup: $(tr '\n' ' ' < "$thrash/memory.pressure")"
echo "healthy cgroup: $(tr '\n' ' ' < "$healthy/memory.pressure")"
grep "\"pid\":$hog" "$DTMP/events.jsonl" > "$OUT/50_psi_thrash.record.json" || true
[ "$kills" = 0 ] || fail "the kernel's OOM killer fired first ($kills)"
[ "$EXIT_RC" = 143 ] || [ "$EXIT_RC" = 137 ] || fail "hog ended with status $EXIT_RC, not by SIGTERM/SIGKILL"
grep -q '"reason":"pressure-' "$OUT/50_psi_thrash.record.json" || {
	cat "$DTMP/daemon.log" "$DTMP/events.jsonl" >&2
	fail "no record names the hog (pid $hog) with a pressure reason"
}
kill -0 "$busy" 2>/dev/null || fail "the healthy cgroup's process was killed"
kill -0 "$hd_pid" 2>/dev/null || fail "the healthy cgroup's daemon died"
grep -qE '"event":"(kill|action|error)"' "$DTMP/healthy.jsonl" && { cat "$DTMP/healthy.jsonl"; fail "the healthy cgroup's daemon acted"; }
grep -q '"event":"start"' "$DTMP/healthy.jsonl" || fail "the healthy cgroup's daemon wrote no start record (is its log read?)"
daemon_stop
DAEMON_PID=$hd_pid daemon_stop
pass "stopped after ${EXIT_MS} ms of thrashing; the healthy cgroup untouched"
