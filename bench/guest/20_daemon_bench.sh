#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the test guest (bench/guest-daemon-bench.sh boots it): the daemon benchmark
# (bench/daemon-bench.sh, full mode unless OG_BENCH_ARGS says otherwise) with earlyoom and nohang
# machine-wide, which the host must never run.  Sizes fit a guest of 1.5 GiB: see the launcher.
# Results go straight to the host's result folder ($OUT/daemon), so a run cut short keeps its rows.
set -u
OUT=${OG_OUT_DIR:-/tmp}
# cgroup v2: the bench's hog cgroups are children of the root; give them the memory controller.
echo +memory > /sys/fs/cgroup/cgroup.subtree_control || { echo "FAIL: no memory controller for child cgroups"; exit 1; }
# No OOM daemon of the guest may act beside the ones the bench starts.
for u in earlyoom nohang systemd-oomd; do
	systemctl is-active --quiet "$u" && { echo "FAIL: $u is active in the guest"; exit 1; }
done
read -r -a args <<< "${OG_BENCH_ARGS//,/ }"
echo "guest: $(nproc) CPU, MemTotal $(awk '/^MemTotal/ {print $2}' /proc/meminfo) KiB, bench args: ${args[*]}"
bash "$OG_SRC/bench/daemon-bench.sh" --build "$OG_BUILD" --out "$OUT/daemon" "${args[@]}"
