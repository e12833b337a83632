#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# False-kill benchmark: healthy but heavy workloads where any action is a false kill, and one real
# exhaustion where acting before the kernel is the job.  Each scenario runs in a memory cgroup of
# its own (hard limit, created and removed here) with the real `oomguard daemon --cgroup --dry-run`
# on it (its defaults, an empty config: its decisions are logged, nothing is signalled, so the
# workload and the trace run on as if nobody acted) and `oomguard record` beside it; the trace is
# then replayed
# through the earlyoom, nohang and systemd-oomd models (doc/replay.md): on this host the peers
# cannot be scoped to a cgroup, so they are not run live here (bench/daemon-bench.sh and the
# guest run them for real).  Usage: sudo bash bench/false_kills.sh [--build DIR] [--limit MiB]
# (DAEMON_FLAGS="..." adds flags to oomguard's daemon, to compare settings with its defaults.)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=build
LIMIT_MIB=2048
while [ $# -gt 0 ]; do
	case "$1" in
	--build) BUILD=$2; shift 2 ;;
	--limit) LIMIT_MIB=$2; shift 2 ;;
	*) echo "usage: $0 [--build DIR] [--limit MiB]" >&2; exit 2 ;;
	esac
done
[ "$(id -u)" = 0 ] || { echo "false_kills: run as root (it creates memory cgroups)" >&2; exit 1; }
OG=$PWD/$BUILD/oomguard
HOG=$PWD/$BUILD/tests/memhog
[ -x "$OG" ] && [ -x "$HOG" ] || { echo "false_kills: build first (meson setup $BUILD && ninja -C $BUILD)" >&2; exit 1; }
OUT=$PWD/bench/out/false-kills-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
WORK=$(mktemp -d /var/tmp/oomguard-fk.XXXXXX)

mnt_line=$(awk '$9 == "cgroup2" {print "v2", $5; exit}' /proc/self/mountinfo)
if [ -z "$mnt_line" ] || ! grep -qw memory "$(echo "$mnt_line" | cut -d' ' -f2)/cgroup.controllers" 2>/dev/null; then
	mnt_line="v1 $(awk '$9 == "cgroup" && $0 ~ /[ ,]memory(,|$)/ {print $5; exit}' /proc/self/mountinfo)"
fi
read -r CGV CGMNT <<< "$mnt_line"
[ -n "$CGMNT" ] || { echo "false_kills: no memory cgroup controller" >&2; exit 1; }

pids=()
cgroups=()
cleanup() {
	local p d
	for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	for d in "${cgroups[@]}"; do
		[ -d "$d" ] || continue
		while read -r p; do kill -KILL "$p" 2>/dev/null || true; done < "$d/cgroup.procs"
		for _ in 1 2 3 4 5 6 7 8 9 10; do rmdir "$d" 2>/dev/null && break; sleep 0.2; done
	done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cg_new() {   # cg_new NAME: sets CG
	CG="$CGMNT/oomguard-fk-$1-$$"
	mkdir "$CG"
	cgroups+=("$CG")
	if [ "$CGV" = v2 ]; then
		echo $((LIMIT_MIB << 20)) > "$CG/memory.max"
		echo 0 > "$CG/memory.swap.max" 2>/dev/null || true
	else
		echo $((LIMIT_MIB << 20)) > "$CG/memory.limit_in_bytes"
		echo $((LIMIT_MIB << 20)) > "$CG/memory.memsw.limit_in_bytes" 2>/dev/null || true
	fi
}
oom_kills() {
	local f="$CG/memory.events"
	[ -e "$f" ] || f="$CG/memory.oom_control"
	awk '$1 == "oom_kill" {print $2}' "$f"
}
# in_cg CMD...: moves the calling (sub)shell into the cgroup and execs CMD; call it as `in_cg ... &`
# or `( in_cg ... )`, so that $! is the command's own pid and the script itself never moves.
in_cg() { echo "$BASHPID" > "$CG/cgroup.procs" && exec "$@"; }

# scenario bodies: each runs its workload inside $CG and returns when it is over
scen_filecopy() {   # a large file written through the page cache: twice the limit, dirty pages included
	( in_cg dd if=/dev/zero of="$WORK/big" bs=1M count=$((LIMIT_MIB * 2)) status=none )
	( in_cg cat "$WORK/big" > /dev/null )
	rm -f "$WORK/big"
}
scen_batch90() {   # a batch job that fills 90% of the limit at 200 MiB/s (a heap or cache warming up) and holds it 20 s
	in_cg env ASAN_OPTIONS=detect_leaks=0 "$HOG" --rate 200 --total $((LIMIT_MIB * 9 / 10)) --hold --name batch &
	local p=$!; pids+=("$p")
	sleep 20
	kill -TERM "$p" 2>/dev/null || true
	wait "$p" 2>/dev/null || true
}
scen_burst() {   # a build-like burst: 10 waves of 16 short processes, each 3% of the limit at full speed
	local w i wave
	for w in $(seq 10); do
		wave=()
		for i in $(seq 16); do
			in_cg env ASAN_OPTIONS=detect_leaks=0 "$HOG" --total $((LIMIT_MIB * 3 / 100)) --hold --name cc1 &
			wave+=("$!"); pids+=("$!")
		done
		sleep 0.3
		for i in "${wave[@]}"; do kill -TERM "$i" 2>/dev/null || true; done
		for i in "${wave[@]}"; do wait "$i" 2>/dev/null || true; done
	done
}
scen_exhaust() {   # the control: a real leak at 100 MiB/s until the kernel's memcg OOM killer ends it
	in_cg env ASAN_OPTIONS=detect_leaks=0 "$HOG" --rate 100 --name leak &
	local p=$!; pids+=("$p")
	local t=0
	while kill -0 "$p" 2>/dev/null && [ $t -lt 600 ]; do sleep 0.1; t=$((t + 1)); done
	kill -KILL "$p" 2>/dev/null || true
	wait "$p" 2>/dev/null || true
}

printf '| scenario | oomguard (real daemon, dry run) | earlyoom (model) | nohang (model) | systemd-oomd (model) | kernel OOM kills |\n' > "$OUT/results.md"
printf '|---|---|---|---|---|---|\n' >> "$OUT/results.md"
for scen in filecopy batch90 burst exhaust; do
	cg_new "$scen"
	: > "$WORK/empty.conf"
	"$OG" daemon --config "$WORK/empty.conf" --cgroup "$CG" --dry-run --log stderr \
		--event-log "$OUT/$scen.events.jsonl" --snapshot-dir none ${DAEMON_FLAGS:-} > "$OUT/$scen.daemon.log" 2>&1 &
	dpid=$!; pids+=("$dpid")
	"$OG" record --cgroup "$CG" -i 50 --coarse 250 -d 0 -o "$OUT/$scen.trace" 2> "$OUT/$scen.record.log" &
	rpid=$!; pids+=("$rpid")
	sleep 1
	"scen_$scen"
	sleep 1
	kill -INT "$rpid"; wait "$rpid" || true
	kill -TERM "$dpid"; wait "$dpid" || true
	acts=$(grep -c '"event":"kill"' "$OUT/$scen.events.jsonl" 2>/dev/null || true)
	first=$(python3 -c "
import json, sys
t0 = json.loads(open(sys.argv[2]).readline())['start_epoch_ms']
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get('event') == 'kill':
        print('at +%.1f s' % ((e['time_us'] // 1000 - t0) / 1000)); break
" "$OUT/$scen.events.jsonl" "$OUT/$scen.trace" 2>/dev/null || true)
	"$OG" replay "$OUT/$scen.trace" --json -p earlyoom -p nohang -p systemd-oomd > "$OUT/$scen.replay.json"
	# one column per model, in the order given: "none" or "acted at +X s"
	mapfile -t cols < <(python3 -c "
import json, sys
for p in json.load(open(sys.argv[1]))['policies']:
    print(('acted at +%.1f s' % (p['t_ms'] / 1000)) if p['acted'] else 'none')
" "$OUT/$scen.replay.json")
	kills=$(oom_kills)
	kt=$(python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
print(' (first at +%.1f s)' % (d['kernel']['t_ms'] / 1000) if d['kernel']['oom_kill'] else '')
" "$OUT/$scen.replay.json")
	kills="${kills:-?}$kt"
	ours="${acts:-0} action(s)${first:+, first $first}"
	printf '| %s | %s | %s | %s | %s | %s |\n' "$scen" "$ours" "${cols[0]}" "${cols[1]}" "${cols[2]}" "$kills" >> "$OUT/results.md"
	rmdir "$CG" 2>/dev/null || true
done
cat "$OUT/results.md"
echo
echo "A false kill is any action in filecopy, batch90 and burst; in exhaust the job is to act"
echo "before the kernel's kill (its time is in the last column).  Traces, event logs, replays: $OUT"
