#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Wall-clock time of `oomguard report` and `oomguard check` on this machine: RUNS runs each
# (default 11), median and max printed; fails when the median of report exceeds 1 s or that of
# check exceeds 200 ms.  Usage: bench/report_check.sh [path/to/oomguard]
set -euo pipefail
OG=${1:-${OOMGUARD_BIN:-$(dirname "$0")/../build/oomguard}}
RUNS=${RUNS:-11}

# Prints the median and max wall time in ms of RUNS runs of the command.
measure() {
	local times=() i t0 t1
	for ((i = 0; i < RUNS; i++)); do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1 || [ $? -le 2 ]   # check exits 1/2 with findings
		t1=$(date +%s%N)
		times+=($(((t1 - t0) / 1000)))
	done
	printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {printf "%.1f %.1f\n", a[int((NR + 1) / 2)] / 1000, a[NR] / 1000}'
}

status=0
while read -r name limit cmd; do
	read -r median max < <(measure $cmd)
	verdict=ok
	awk -v m="$median" -v l="$limit" 'BEGIN {exit !(m > l)}' && { verdict=SLOW; status=1; }
	printf '%-14s median %7.1f ms  max %7.1f ms  (limit %s ms)  %s\n' "$name" "$median" "$max" "$limit" "$verdict"
done <<LIST
report 1000 $OG --color never report
check 200 $OG check
check-nologs 200 $OG check --no-logs
LIST
exit $status
