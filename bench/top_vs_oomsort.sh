#!/usr/bin/env bash
# Benchmark (not a test): `oomguard top --json` beside nohang's `oom-sort` on the same 10,000 live
# sleeping processes, in the same run.  Starts the sleepers in a memory cgroup of its own, times
# several runs of each (median), prints the times and the ratio, and reaps every process it started.
# Run as root from the source tree after building:  bash bench/top_vs_oomsort.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
RUNS=${2:-7}
OG=${OOMGUARD_BIN:-build/oomguard}

[ "$(id -u)" = 0 ] || { echo "run as root (it creates a cgroup and raises kernel.pid_max if needed)"; exit 1; }
[ -x "$OG" ] || { echo "build first: $OG is missing"; exit 1; }
if ! command -v oom-sort >/dev/null; then
	echo "installing nohang (for oom-sort)"
	apt-get install -y nohang >/dev/null || { apt-get update >/dev/null && apt-get install -y nohang >/dev/null; }
fi

work=$(mktemp -d)
cg=""
sleepers_pid=""
cleanup() {
	[ -n "$sleepers_pid" ] && kill -TERM "$sleepers_pid" 2>/dev/null && wait "$sleepers_pid" 2>/dev/null
	if [ -n "$cg" ] && [ -d "$cg" ]; then
		while read -r p; do kill -KILL "$p" 2>/dev/null || true; done < "$cg/cgroup.procs"
		for _ in 1 2 3 4 5 6 7 8 9 10; do rmdir "$cg" 2>/dev/null && break; sleep 0.3; done
	fi
	rm -rf "$work"
}
trap cleanup EXIT

# room for N more processes
need=$(( $(ls /proc | grep -c '^[0-9]') + N + 1000 ))
[ "$(cat /proc/sys/kernel/pid_max)" -ge "$need" ] || echo "$need" > /proc/sys/kernel/pid_max
[ "$(cat /proc/sys/kernel/threads-max)" -ge "$need" ] || echo "$need" > /proc/sys/kernel/threads-max
ulimit -u unlimited 2>/dev/null || ulimit -u "$need"

cc -O2 -o "$work/sleepers" bench/sleepers.c

# a memory cgroup for the sleepers (v2 or v1), so they are easy to account for and to reap
m=$(awk '$9 == "cgroup2" {print $5; exit}' /proc/self/mountinfo)
if [ -n "$m" ] && grep -qw memory "$m/cgroup.controllers" 2>/dev/null; then
	cg="$m/oomguard-bench-$$"
else
	m=$(awk '$9 == "cgroup" && $0 ~ /[ ,]memory(,|$)/ {print $5; exit}' /proc/self/mountinfo)
	cg="$m/oomguard-bench-$$"
fi
mkdir "$cg"
mkfifo "$work/hold"
( echo $BASHPID > "$cg/cgroup.procs" && exec "$work/sleepers" "$N" < "$work/hold" > "$work/ready" ) &
sleepers_pid=$!
exec 9> "$work/hold"   # keeps the sleepers' stdin open until the end
for _ in $(seq 600); do grep -q ready "$work/ready" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$work/ready" || { echo "sleepers did not start"; exit 1; }
echo "processes on the machine: $(ls /proc | grep -c '^[0-9]') ($N sleepers in $cg)"

# run_ms CMD...: wall time of one run in milliseconds
run_ms() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" > /dev/null
	t1=$(date +%s%N)
	echo $(( (t1 - t0) / 1000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f", m / 1000}'; }

declare -A times
for cmd in top top_all oomsort; do times[$cmd]=""; done
for _ in $(seq "$RUNS"); do   # interleaved, so both see the same machine state
	times[top]+="$(run_ms "$OG" top --json) "
	times[top_all]+="$(run_ms "$OG" top --json -n 0) "
	times[oomsort]+="$(run_ms oom-sort) "
done
top=$(tr ' ' '\n' <<<"${times[top]}" | grep . | median)
top_all=$(tr ' ' '\n' <<<"${times[top_all]}" | grep . | median)
oomsort=$(tr ' ' '\n' <<<"${times[oomsort]}" | grep . | median)
rows=$("$OG" top --json -n 0 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["processes"]))')

echo "median of $RUNS runs, $N sleepers:"
printf "  oomguard top --json         %8s ms  (ranks all, details for the top 20)\n" "$top"
printf "  oomguard top --json -n 0    %8s ms  (details for all %s processes)\n" "$top_all" "$rows"
printf "  oom-sort (nohang)           %8s ms  (details for all)\n" "$oomsort"
awk -v a="$top" -v b="$top_all" -v o="$oomsort" 'BEGIN {
	printf "  ratio oom-sort / top --json      %.1fx\n", o / a
	printf "  ratio oom-sort / top --json -n 0 %.1fx\n", o / b }'
