#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Idle cost of the daemon's metrics (issue 12): the same daemon, scoped with --cgroup to an empty
# memory cgroup this script creates and in --dry-run, run side by side in four modes: metrics off;
# the textfile every 15 s; the HTTP endpoint scraped every 15 s (as Prometheus would); both.
# Prints VmRSS at the end and wake-ups per minute (voluntary + involuntary context switches of all
# the daemon's threads, libmicrohttpd's included), and CPU time.  Not a test: run it by hand as
# root (bench/README.md).  Everything it starts and creates is removed on any exit.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECONDS_IDLE=${1:-60}
BUILD=${BUILD:-$ROOT/build}
OG=$BUILD/oomguard
[ "$(id -u)" = 0 ] || { echo "metrics_idle: run as root" >&2; exit 2; }
[ -x "$OG" ] || { echo "metrics_idle: no $OG; build first" >&2; exit 2; }

mnt=$(awk '$9 == "cgroup2" {print $5; exit}' /proc/self/mountinfo)
if [ -z "$mnt" ] || ! grep -qw memory "$mnt/cgroup.controllers" 2>/dev/null; then
	mnt=$(awk '$9 == "cgroup" && $0 ~ /[ ,]memory(,|$)/ {print $5; exit}' /proc/self/mountinfo)
fi
tmp=$(mktemp -d)
cg="$mnt/oomguard-bench-metrics-$$"
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
	wait 2>/dev/null
	rmdir "$cg" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir "$cg"
if [ -e "$cg/memory.max" ]; then echo 256M > "$cg/memory.max"; else echo 256M > "$cg/memory.limit_in_bytes"; fi
rel=${cg#"$mnt"}
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
: > "$tmp/empty.conf"
modes=(off textfile http both)
declare -A args
args[off]=""
args[textfile]="--metrics-textfile $tmp/textfile.prom"
P1=$(port); P2=$(port)
args[http]="--metrics-listen 127.0.0.1:$P1"
args[both]="--metrics-textfile $tmp/both.prom --metrics-listen 127.0.0.1:$P2"
declare -A pid
for m in "${modes[@]}"; do
	# shellcheck disable=SC2086
	"$OG" daemon --config "$tmp/empty.conf" --cgroup "$rel" --dry-run --log stderr --event-log none \
		--snapshot-dir none -r 0 ${args[$m]} > "$tmp/$m.log" 2>&1 &
	pid[$m]=$!
	pids+=("$!")
done
sleep 3     # start-up (the first textfile, the first findings) is not idle
ctxt() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^(voluntary|nonvoluntary)_ctxt_switches/ {s += $2} END {print s + 0}'; }
ticks() { awk '{print $14 + $15}' /proc/"$1"/stat; }
declare -A c0 t0
for m in "${modes[@]}"; do c0[$m]=$(ctxt "${pid[$m]}"); t0[$m]=$(ticks "${pid[$m]}"); done
end=$((SECONDS + SECONDS_IDLE))
while [ $SECONDS -lt $end ]; do     # Prometheus' default scrape interval
	curl -sf "http://127.0.0.1:$P1/metrics" > /dev/null
	curl -sf "http://127.0.0.1:$P2/metrics" > /dev/null
	sleep 15
done
hz=$(getconf CLK_TCK)
printf '%-9s %10s %14s %12s %8s\n' mode "VmRSS KiB" "wake-ups/min" "CPU ms/min" threads
for m in "${modes[@]}"; do
	p=${pid[$m]}
	kill -0 "$p" 2>/dev/null || { echo "$m: the daemon exited" >&2; cat "$tmp/$m.log" >&2; continue; }
	rss=$(awk '/^VmRSS/ {print $2}' /proc/"$p"/status)
	c=$(( $(ctxt "$p") - c0[$m] )); t=$(( $(ticks "$p") - t0[$m] ))
	awk -v m="$m" -v rss="$rss" -v c="$c" -v t="$t" -v hz="$hz" -v s="$SECONDS_IDLE" \
		-v th="$(ls /proc/"$p"/task | wc -l)" \
		'BEGIN {printf "%-9s %10s %14.1f %12.1f %8s\n", m, rss, c * 60 / s, t * 1000 / hz * 60 / s, th}'
done
echo "($SECONDS_IDLE s idle; http and both scraped every 15 s; findings refresh every 10 min)"
