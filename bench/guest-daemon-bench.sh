#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The daemon benchmark (bench/daemon-bench.sh) inside the test guest (tests/guest), where earlyoom
# and nohang may run machine-wide: boots a guest of OOMGUARD_GUEST_MEM (default 1536M) with a
# 1 GiB swap device, runs bench/guest/20_daemon_bench.sh there and prints its results.md.
#   sudo bash bench/guest-daemon-bench.sh [BENCH OPTIONS...]   (root; build first)
# Without options: the full run (rates 100 500 2000 max, 3 runs each; 2 thrash runs; 60 s idle)
# at the guest's sizes: prefill ending 512 MiB above the level, fill caps leaving 48 MiB, fill runs
# stopped after 240 s, sampled every 5 ms, thrashing 640 MiB in a 384 MiB cgroup.  Options given
# are added after these (a later option wins).
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/guest-daemon-$(date +%Y%m%d-%H%M%S)
mkdir -p bench/out
defaults=(--headroom 512 --keep 48 --run-cap 240 --sample-us 5000 --swap-dev /dev/ubda
	--thrash-mem 384 --thrash-total 640)
args="${defaults[*]} $*"
OOMGUARD_GUEST_OUT=$out OOMGUARD_GUEST_MEM=${OOMGUARD_GUEST_MEM:-1536M} OOMGUARD_GUEST_SWAP=${OOMGUARD_GUEST_SWAP:-1G} \
	OOMGUARD_GUEST_TIMEOUT=${OOMGUARD_GUEST_TIMEOUT:-7200} OG_TEST_TIMEOUT=${OG_TEST_TIMEOUT:-7000} \
	OG_BENCH_ARGS="$args" bash tests/guest/run.sh -d bench/guest 20_daemon_bench || true
[ -f "$out/daemon/results.md" ] && cat "$out/daemon/results.md"
echo "logs: $out"
