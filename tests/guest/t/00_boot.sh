#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The guest is what the other tests need: systemd as PID 1, cgroup v2 with memory, PSI.
set -eu
. "$OG_SRC/tests/guest/t/lib.sh"
[ "$(cat /proc/1/comm)" = systemd ] || fail "PID 1 is $(cat /proc/1/comm)"
[ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ] || fail "/sys/fs/cgroup is $(stat -fc %T /sys/fs/cgroup)"
grep -qw memory /sys/fs/cgroup/cgroup.controllers || fail "no memory controller"
echo "kernel $(uname -r), systemd $(systemctl --version | head -1)"
echo "state: $(systemctl is-system-running || true)"
