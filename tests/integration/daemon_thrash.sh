# SPDX-License-Identifier: GPL-2.0-or-later
# `oomguard daemon --cgroup` stops a hog that thrashes in swap while swap is still mostly free:
# a 128 MiB cgroup with swap allowed, a 256 MiB working set re-touched in a loop (memhog
# --thrash), a swap file of this test's own; the cgroup gets what this build's memhog is charged
# for before it allocates on top (hog_measure).  The memory levels never fire (swap is free), so
# only the pressure rule can act: it must, with a pressure reason, before the kernel's OOM killer
# (the cgroup's oom_kill stays 0).  How fast is the benchmark's question (bench/daemon-bench.sh):
# on a loaded machine the hog waits for a CPU as much as for memory, which PSI does not count as a
# memory stall, so the deadline here is generous (90 s) and the time is printed.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root
[ -r /proc/pressure/memory ] || skip "no PSI on this kernel (/proc/pressure/memory; boot with psi=1)"

SWAPFILE=$(mktemp /var/tmp/oomguard-test-swap.XXXXXX) || fail "cannot create a swap file under /var/tmp"
# Runs after the test's processes are gone (lib.sh ends them first).  The swap file serves the
# whole machine while it is on, so other processes may hold pages in it; swapoff then has to bring
# them back and can fail (ENOMEM in their cgroup): it is tried again for up to 60 s.  A swap file
# still active is never deleted (it would stay in use, unnamed, until reboot).
swap_off() {
	local i
	for i in $(seq 60); do
		grep -q "^$SWAPFILE " /proc/swaps || { rm -f "$SWAPFILE"; return 0; }
		swapoff "$SWAPFILE" 2>/dev/null && { rm -f "$SWAPFILE"; return 0; }
		sleep 1
	done
	echo "WARNING: $TEST_NAME: swapoff $SWAPFILE failed for 60 s; the file is left in place (swapoff it by hand)" >&2
	return 1
}
on_exit swap_off
fallocate -l 512M "$SWAPFILE" 2>/dev/null || dd if=/dev/zero of="$SWAPFILE" bs=1M count=512 status=none ||
	fail "cannot write a 512 MiB swap file"
chmod 600 "$SWAPFILE"
mkswap "$SWAPFILE" > /dev/null || fail "mkswap failed"
why=$(swapon "$SWAPFILE" 2>&1) || skip "swapon refused on this file system: $why"

hog_measure
cg_create thrash $(( (128 + HOG_BASE_MIB) * 1024 * 1024 ))
if [ "$(cg_version "$CG_DIR")" = v2 ]; then
	echo $((512 * 1024 * 1024)) > "$CG_DIR/memory.swap.max" || skip "no swap accounting for cgroups (memory.swap.max)"
else
	# memsw counts memory + swap: the limit plus the whole swap file
	echo $(( (640 + HOG_BASE_MIB) * 1024 * 1024 )) > "$CG_DIR/memory.memsw.limit_in_bytes" 2>/dev/null ||
		[ ! -e "$CG_DIR/memory.memsw.limit_in_bytes" ] || fail "cannot allow swap in $CG_DIR"
fi

start_bystander
daemon_start --cgroup "$CG_DIR"
cg_run "$CG_DIR" "${MEMHOG[@]}" --thrash --total 256 --name thrashhog
hog=$CG_PID
wait_exit "$hog" 90
kills=$(cg_oom_kills "$CG_DIR")
echo "thrashing hog ended with status $EXIT_RC after ${EXIT_MS} ms; kernel oom_kill=$kills"
[ "$kills" = 0 ] || fail "the kernel's OOM killer fired first: $(cg_kill_story "$CG_DIR" "$hog")"
[ "$EXIT_RC" = 143 ] || [ "$EXIT_RC" = 137 ] || fail "hog ended with status $EXIT_RC, not by SIGTERM/SIGKILL; $(cg_kill_story "$CG_DIR" "$hog")"
grep "\"pid\":$hog" "$DTMP/events.jsonl" | grep -q '"reason":"pressure-' || {
	cat "$DTMP/daemon.log" "$DTMP/events.jsonl" >&2
	fail "no record names the hog (pid $hog) with a pressure reason"
}
# the hog had pages in swap: its command line (its own memory) is read once the signal is out,
# and the record still names it, unless the first signal was already SIGKILL
rec=$(grep "\"pid\":$hog," "$DTMP/events.jsonl" | head -1)
case $rec in
*'"signal":"SIGKILL"'*) echo "first signal SIGKILL: the command line may be gone" ;;
*) [[ $rec == *'"cmdline":"'*'--name thrashhog'* ]] || fail "the record lacks the hog's command line: $rec" ;;
esac
kill -0 "$DAEMON_PID" 2>/dev/null || fail "daemon died"
daemon_stop
check_bystander
pass "stopped after ${EXIT_MS} ms of thrashing"
