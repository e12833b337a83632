#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Side by side with systemd-oomd and earlyoom, inside the test guest (tests/guest): boots it with
# bench/guest/10_peers.sh and prints that script's table (tool, scenario, run, outcome, seconds to
# the first action, PSI full stall of the thrashing cgroup until then, kernel OOM kills).
#   sudo bash bench/guest-peers.sh [RUNS]       (root; build first: meson setup build && ninja -C build)
# OG_BENCH_TOOLS="oomguard earlyoom ..." picks the tools.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/guest-peers-$(date +%Y%m%d-%H%M%S)
mkdir -p bench/out
OOMGUARD_GUEST_OUT=$out OOMGUARD_GUEST_TIMEOUT=7200 OG_TEST_TIMEOUT=7000 OG_BENCH_RUNS=${1:-1} \
	bash tests/guest/run.sh -d bench/guest 10_peers || true
[ -f "$out/peers.tsv" ] && column -t -s $'\t' "$out/peers.tsv"
echo "logs: $out"
