# SPDX-License-Identifier: GPL-2.0-or-later
# While memory is plentiful the daemon sleeps: scoped to an idle 256 MiB cgroup (kernel usage
# thresholds armed) it wakes at most about once per 5 s.  Counted from the kernel's
# voluntary context switches of the daemon over 10 s.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root

cg_create idle $((256 * 1024 * 1024))
daemon_start --cgroup "$CG_DIR" --no-psi
wait_settled
a=$(daemon_wakeups); sleep 10; b=$(daemon_wakeups)
echo "idle cgroup scope: $((b - a)) wake-ups in 10 s"
[ $((b - a)) -le 3 ] || fail "$((b - a)) wake-ups in 10 s while memory is plentiful"
daemon_stop
pass
