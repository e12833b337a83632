# SPDX-License-Identifier: GPL-2.0-or-later
# While memory is plentiful the daemon sleeps: scoped to an idle 256 MiB cgroup (kernel usage
# thresholds armed) it wakes at most about once per 5 s.  Counted from the kernel's
# voluntary context switches of the daemon over 10 s.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root

cg_create idle $((256 * 1024 * 1024))
daemon_start --cgroup "$CG_DIR" --no-psi
sw() { awk '/^voluntary_ctxt_switches/ {print $2}' "/proc/$DAEMON_PID/status"; }
# past its start-up work: no wake-up for 0.5 s (polled, at most 20 s)
a=$(sw)
for _ in $(seq 40); do
	sleep 0.5; b=$(sw)
	[ "$a" = "$b" ] && break
	a=$b
done
[ "$a" = "$b" ] || fail "the daemon never sleeps 0.5 s in a row while memory is plentiful"
a=$(sw); sleep 10; b=$(sw)
echo "idle cgroup scope: $((b - a)) wake-ups in 10 s"
[ $((b - a)) -le 3 ] || fail "$((b - a)) wake-ups in 10 s while memory is plentiful"
daemon_stop
pass
