#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# False kills of the real peers, and replay accuracy, inside the test guest (tests/guest): boots a
# guest of OOMGUARD_GUEST_MEM (default 1024M) with a 512 MiB swap device, a 2 GiB device for the file copy, and runs
# bench/guest/30_false_kills.sh there; prints its tables (bench/guest/fk_tables.py: false kills per tool and scenario, replayed
# action times against the real ones), also written to fk/results.md.
#   sudo bash bench/guest-false-kills.sh [EXHAUSTION_RUNS]     (root; build first)
# OG_BENCH_TOOLS="oomguard earlyoom ..." picks the tools, OG_BENCH_SCENARIOS="exhaust" the scenarios
# (default: filecopy batch90 swapfit burst exhaust).
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/guest-false-kills-$(date +%Y%m%d-%H%M%S)
mkdir -p bench/out
OOMGUARD_GUEST_OUT=$out OOMGUARD_GUEST_MEM=${OOMGUARD_GUEST_MEM:-1024M} OOMGUARD_GUEST_SWAP=${OOMGUARD_GUEST_SWAP:-512M} OOMGUARD_GUEST_DISK=${OOMGUARD_GUEST_DISK:-2G} \
	OOMGUARD_GUEST_TIMEOUT=${OOMGUARD_GUEST_TIMEOUT:-5400} OG_TEST_TIMEOUT=${OG_TEST_TIMEOUT:-5300} OG_BENCH_RUNS=${1:-2} \
	bash tests/guest/run.sh -d bench/guest 30_false_kills || true
[ -f "$out/fk/false-kills.tsv" ] && python3 bench/guest/fk_tables.py "$out/fk" | tee "$out/fk/results.md"
echo "logs: $out"
