#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Daemon benchmark (issue 5): oomguard's daemon beside earlyoom and nohang on the same machine,
# the same memory hog and the same 10% MemAvailable level.  Scenario 1: a hog filling memory at
# several rates; scenario 2: a hog thrashing in swap; idle cost of each daemon.  Not a test: run it
# by hand as root (see bench/README.md).  Results go to bench/out/daemon-<time>/ and stdout.
#
# Safety: every hog runs in a memory cgroup this script creates, capped so the machine keeps
# about 1 GiB of MemAvailable (the kernel's memcg OOM killer, not the global one, is the
# backstop); each hog has oom_score_adj 1000; each daemon is restricted to the hog by name as far
# as it allows (see restrict_* below).  Daemons, hogs, cgroups and the swap file are removed on
# any exit.
set -u
shopt -s nullglob

usage() {
	cat <<'EOF'
usage: bench/daemon-bench.sh [--quick] [--runs N] [--rates "R1 R2 ..."] [--tools "T1 T2 ..."]
                             [--skip-fill] [--skip-thrash] [--skip-idle] [--thrash-cap S] [--thrash-runs N]
                             [--idle-seconds S] [--build DIR] [--headroom MiB] [--keep MiB]
                             [--run-cap S] [--sample-us N] [--swap-dev DEV] [--thrash-mem MiB]
                             [--thrash-total MiB]
  --quick        under 5 minutes: rates "500 0", 1 run each, 1 thrash run of 30 s, 20 s idle
  --safe         for a shared machine (checks the bench's plumbing, not the daemons): no ballast
                 and no swap file; the level is 384 MiB below MemAvailable at the start and each
                 hog is capped at 768 MiB, so the machine never runs low; earlyoom runs --dryrun,
                 oomguard is scoped with --cgroup to the hog's cgroup (--dry-run when idle), nohang
                 only if installed (it is not installed in this mode), restricted by name; each
                 command is checked for that restriction before it starts.  Rates "200 0", 1 run,
                 no thrash scenario, 10 s idle.  Without an acting peer the kernel ends earlyoom's
                 hogs, and the verdicts must say so.
  --rates        fill rates in MiB/s, 0 = as fast as the hog can (default "100 500 2000 0")
  --runs         runs per tool and rate (default 3)
  --thrash-runs  runs per tool in the thrash scenario (default 2)
  --tools        among: oomguard earlyoom nohang (default all three)
  --thrash-cap   seconds a thrash run may last before the hog is stopped by us (default 60)
  --idle-seconds idle measurement length (default 60)
  --build        the meson build directory with oomguard and tests/memhog (default build)
  --out DIR      where results go (default bench/out/daemon-<time>)
  Sizes, for a small machine or a guest (defaults: the sizes of a machine with tens of GiB):
  --headroom     MiB above the level where the fast prefill ends and RATE begins (default 4096);
                 a run is skipped when MemAvailable starts less than half of it above the level
  --keep         MiB of MemAvailable each fill hog's cgroup cap leaves (default 1024)
  --run-cap      seconds a fill run may last before the bench stops the hog (default 120)
  --sample-us    the sampler's period in the fill scenario (default 1000)
  --swap-dev     a block device to swap on in the thrash scenario instead of a 4 GiB file in /var/tmp
  --thrash-mem   the thrash cgroup's memory limit, MiB (default 2048)
  --thrash-total the thrash hog's working set, MiB (default 3072)
  --tables-only DIR  print the tables again from an earlier run's bench/out/daemon-* directory
                 (give the same --quick/--rates/--tools/... options as that run)
EOF
	exit 2
}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RATES="100 500 2000 0"
RUNS=3
TOOLS="oomguard earlyoom nohang"
THRASH_CAP=60
THRASH_RUNS=2
IDLE_SECONDS=60
BUILD=$ROOT/build
DO_FILL=1 DO_THRASH=1 DO_IDLE=1
HEADROOM_MIB=4096       # the prefill ends this far above the level
KEEP_MIB=1024           # each fill hog's cap leaves this much MemAvailable
RUN_CAP=120             # seconds before a fill run is stopped by the bench
SAMPLE_US=1000
SWAP_DEV=
THRASH_MEM_MIB=2048
THRASH_TOTAL_MIB=3072
QUICK=0
SAFE=0
SAFE_DROP_MIB=384       # --safe: the level, below MemAvailable at the start
SAFE_CAP_MIB=768        # --safe: each hog's cgroup limit
TABLES_ONLY=
OUT_DIR=
while [ $# -gt 0 ]; do
	case $1 in
	--quick) QUICK=1; RATES="500 0"; RUNS=1; THRASH_RUNS=1; THRASH_CAP=30; IDLE_SECONDS=20 ;;
	--safe) SAFE=1; RATES="200 0"; RUNS=1; DO_THRASH=0; IDLE_SECONDS=10 ;;
	--runs) RUNS=$2; shift ;;
	--rates) RATES=$2; shift ;;
	--tools) TOOLS=$2; shift ;;
	--thrash-cap) THRASH_CAP=$2; shift ;;
	--thrash-runs) THRASH_RUNS=$2; shift ;;
	--idle-seconds) IDLE_SECONDS=$2; shift ;;
	--build) BUILD=$2; shift ;;
	--skip-fill) DO_FILL=0 ;;
	--skip-thrash) DO_THRASH=0 ;;
	--skip-idle) DO_IDLE=0 ;;
	--tables-only) TABLES_ONLY=$2; shift ;;
	--out) OUT_DIR=$2; shift ;;
	--headroom) HEADROOM_MIB=$2; shift ;;
	--keep) KEEP_MIB=$2; shift ;;
	--run-cap) RUN_CAP=$2; shift ;;
	--sample-us) SAMPLE_US=$2; shift ;;
	--swap-dev) SWAP_DEV=$2; shift ;;
	--thrash-mem) THRASH_MEM_MIB=$2; shift ;;
	--thrash-total) THRASH_TOTAL_MIB=$2; shift ;;
	*) usage ;;
	esac
	shift
done

[ "$(id -u)" = 0 ] || { echo "daemon-bench: run as root (it creates cgroups, swap and runs daemons)" >&2; exit 1; }

if [ -n "$TABLES_ONLY" ]; then OUT=$(cd "$TABLES_ONLY" && pwd) || exit 1
else OUT=${OUT_DIR:-$ROOT/bench/out/daemon-$(date +%Y%m%d-%H%M%S)}; mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd) || exit 1; fi
LOG=$OUT/bench.log
say() { echo "$*" | tee -a "$LOG" >&2; }
note() { echo "- $*" >> "$OUT/notes.md"; say "note: $*"; }
[ -n "$TABLES_ONLY" ] || : > "$OUT/notes.md"

# ---------------------------------------------------------------- cleanup (runs on any exit)
CGROUPS=()
SWAPFILE=
POLICY_RC_CREATED=0

cleanup() {
	local pid dir
	# Only running children not yet reaped (jobs -rp): a reaped pid may already belong to someone else.
	for pid in $(jobs -rp); do
		kill -KILL "$pid" 2>/dev/null
	done
	for dir in "${CGROUPS[@]}"; do
		[ -d "$dir" ] || continue
		for _ in $(seq 1 50); do
			[ -e "$dir/cgroup.kill" ] && echo 1 > "$dir/cgroup.kill" 2>/dev/null
			while read -r pid; do kill -KILL "$pid" 2>/dev/null; done < "$dir/cgroup.procs"
			rmdir "$dir" 2>/dev/null && break
			sleep 0.2
		done
	done
	wait 2>/dev/null
	if [ -n "$SWAPFILE" ]; then
		swapoff "$SWAPFILE" 2>/dev/null
		[ "$SWAPFILE" = "$SWAP_DEV" ] || rm -rf "$(dirname "$SWAPFILE")"
	fi
	[ "$POLICY_RC_CREATED" = 1 ] && rm -f /usr/sbin/policy-rc.d
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -n "$TABLES_ONLY" ]; then
	trap - EXIT
	MEMTOTAL=$(awk '$1 == "MemTotal:" {print $2}' /proc/meminfo); LEVEL=$((MEMTOTAL / 10)); LEVEL_TOL=$((MEMTOTAL / 1000))
	S1=$OUT/fill-runs.tsv S2=$OUT/thrash-runs.tsv S3=$OUT/idle.tsv STEP_LIMIT_MIB=64
	OOMGUARD_OK=1; grep -q 'oomguard daemon not available' "$OUT/notes.md" && OOMGUARD_OK=0
	OOMGUARD_WHY=$(sed -n 's/.*oomguard daemon not available: //p' "$OUT/notes.md")
	# rows written as "disturbed" by an earlier version of this script: the stopper again
	[ -f "$S1" ] && awk -F'\t' -v OFS='\t' '$4 == "disturbed" { $4 = $7 > 0 ? "kernel" : "daemon" } 1' "$S1" > "$S1.tmp" && mv "$S1.tmp" "$S1"
fi
if [ -z "$TABLES_ONLY" ]; then
# ---------------------------------------------------------------- prerequisites
install_missing() {
	local missing=() p
	command -v earlyoom >/dev/null || missing+=(earlyoom)
	command -v nohang >/dev/null || missing+=(nohang)
	[ ${#missing[@]} -eq 0 ] && return 0
	say "installing ${missing[*]} (their services are kept from starting during the install)"
	# A running system earlyoom/nohang would act beside the foreground ones this script starts.
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
		POLICY_RC_CREATED=1
	fi
	apt-get update -qq >> "$LOG" 2>&1
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >> "$LOG" 2>&1 ||
		{ say "apt-get install ${missing[*]} failed (see $LOG)"; }
	[ "$POLICY_RC_CREATED" = 1 ] && rm -f /usr/sbin/policy-rc.d && POLICY_RC_CREATED=0
	for p in "${missing[@]}"; do
		note "installed the Debian package $p; its service is enabled for the next boot (systemctl disable $p to undo)"
	done
}
if [ "$SAFE" = 1 ]; then
	for t in $TOOLS; do
		[ "$t" = oomguard ] || command -v "$t" >/dev/null && continue
		note "--safe: $t is not installed and is not installed in this mode; left out"
		TOOLS=$(echo " $TOOLS " | sed "s/ $t / /; s/^ *//; s/ *\$//")
	done
else
	install_missing
fi

for d in earlyoom nohang; do
	if pgrep -x "$d" >/dev/null || pgrep -f "^/usr/bin/python3 /usr/sbin/$d" >/dev/null; then
		say "daemon-bench: a $d process is already running on this machine (a service?); stop it first,"
		say "  e.g. systemctl stop $d: two OOM daemons would race and the numbers would mean nothing."
		exit 1
	fi
done
# An oomguard daemon guarding the whole machine would race too (scoped or dry-run ones do not).
for pid in $(pgrep -x oomguard); do
	args=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)
	case " $args " in
	*" daemon "*) case " $args " in *" --cgroup"*|*" --dry-run "*|*" --dryrun "*) ;;
		*) say "daemon-bench: an oomguard daemon guards the whole machine (pid $pid); stop it first"; exit 1 ;;
		esac ;;
	esac
done
ninja -C "$BUILD" tests/memhog oomguard >> "$LOG" 2>&1 || { say "cannot build $BUILD (meson setup $BUILD first)"; exit 1; }
MEMHOG=$BUILD/tests/memhog
OOMGUARD=$BUILD/oomguard
SAMPLER=$OUT/memsample
cc -O2 -Wall -Wextra -std=gnu11 -o "$SAMPLER" "$ROOT/bench/memsample.c" || { say "cannot build memsample"; exit 1; }

OOMGUARD_OK=0
OOMGUARD_WHY=
probe_oomguard() {
	if ! "$OOMGUARD" daemon --help > "$OUT/oomguard-help.txt" 2>&1; then
		OOMGUARD_WHY="\`oomguard daemon --help\` fails in this build: $(head -c 200 "$OUT/oomguard-help.txt" | tr '\n' ' ')"
		return
	fi
	: > "$OUT/oomguard.conf"
	timeout 3 "$OOMGUARD" daemon --config "$OUT/oomguard.conf" --dry-run --event-log none --snapshot-dir none --log stderr \
		> "$OUT/oomguard-probe.txt" 2>&1
	if [ $? -ne 124 ]; then
		OOMGUARD_WHY="\`oomguard daemon --dry-run\` does not keep running: $(head -c 200 "$OUT/oomguard-probe.txt" | tr '\n' ' ')"
		return
	fi
	OOMGUARD_OK=1
}
probe_oomguard
[ "$OOMGUARD_OK" = 1 ] && grep -i warning "$OUT/oomguard-probe.txt" | while read -r l; do note "oomguard at start: $l"; done
[ "$OOMGUARD_OK" = 1 ] || note "oomguard daemon not available: $OOMGUARD_WHY"

# ---------------------------------------------------------------- machine facts
meminfo() { awk -v k="$1:" '$1 == k {print $2}' /proc/meminfo; }
MEMTOTAL=$(meminfo MemTotal)
LEVEL=$((MEMTOTAL / 10))                     # 10% of MemTotal, KiB: every tool's SIGTERM level
LEVEL_TOL=$((MEMTOTAL / 1000))               # target: never more than 0.1% of RAM below
STEP_LIMIT_MIB=64                            # a larger sudden fall is not the hog: noted
read -r CG_VER CG_MNT < <(
	m=$(awk '$9 == "cgroup2" {print $5; exit}' /proc/self/mountinfo)
	if [ -n "$m" ] && grep -qw memory "$m/cgroup.controllers" 2>/dev/null; then echo "v2 $m"
	else awk '$9 == "cgroup" && $0 ~ /[ ,]memory(,|$)/ {print "v1", $5; exit}' /proc/self/mountinfo; fi)
[ -n "${CG_MNT:-}" ] || { say "no memory cgroup controller: the hog cannot be contained, refusing to run"; exit 1; }
{
	echo "kernel $(uname -r), $(nproc) CPUs, MemTotal $((MEMTOTAL / 1024)) MiB, cgroup $CG_VER memory at $CG_MNT"
	echo "level: MemAvailable 10% of MemTotal = $((LEVEL / 1024)) MiB; 0.1% of RAM = $((LEVEL_TOL / 1024)) MiB"
	echo "earlyoom $(earlyoom -v 2>&1 | head -1); nohang $(dpkg-query -W -f='${Version}' nohang 2>/dev/null)"
	echo "oomguard $(cd "$ROOT" && git describe --always --dirty 2>/dev/null)"
	echo "mode: $([ "$SAFE" = 1 ] && echo "safe (shared machine: no ballast, no swap, level $SAFE_DROP_MIB MiB below MemAvailable, hogs capped at $SAFE_CAP_MIB MiB, earlyoom --dryrun, oomguard --cgroup)" || { [ "$QUICK" = 1 ] && echo quick || echo full; }); tools: $TOOLS; rates: $RATES; runs: $RUNS; thrash runs: $THRASH_RUNS of at most $THRASH_CAP s"
	echo "sizes: prefill ends $HEADROOM_MIB MiB above the level, fill caps leave $KEEP_MIB MiB, fill runs stopped after $RUN_CAP s, sampled every $SAMPLE_US us; thrash: ${THRASH_TOTAL_MIB} MiB in a ${THRASH_MEM_MIB} MiB cgroup, swap ${SWAP_DEV:-a 4 GiB file}"
	echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/machine.txt" >&2

fi  # not --tables-only

# ---------------------------------------------------------------- cgroups
cg_new() {   # cg_new NAME LIMIT_BYTES SWAP(0|1) -> prints the directory
	local dir=$CG_MNT/oomguard-dbench-$1-$$
	mkdir "$dir" || return 1
	CGROUPS+=("$dir")
	cg_limit "$dir" "$2" "$3"
	CG=$dir
}
cg_limit() {  # cg_limit DIR LIMIT_BYTES SWAP(0|1)
	if [ "$CG_VER" = v2 ]; then
		echo "$2" > "$1/memory.max"
		if [ "$3" = 1 ]; then echo max > "$1/memory.swap.max"; else echo 0 > "$1/memory.swap.max"; fi 2>/dev/null
	else
		# memsw must stay >= the memory limit: raise it first when growing, lower it last.
		echo -1 > "$1/memory.memsw.limit_in_bytes" 2>/dev/null
		echo "$2" > "$1/memory.limit_in_bytes"
		[ "$3" = 1 ] || echo "$2" > "$1/memory.memsw.limit_in_bytes" 2>/dev/null
	fi
}
cg_oom_kills() {
	if [ "$CG_VER" = v2 ]; then awk '$1 == "oom_kill" {print $2}' "$1/memory.events"
	else awk '$1 == "oom_kill" {print $2}' "$1/memory.oom_control"; fi
}
cg_empty_and_remove() {
	local dir=$1 pid
	for _ in $(seq 1 100); do
		while read -r pid; do kill -KILL "$pid" 2>/dev/null; done < "$dir/cgroup.procs"
		rmdir "$dir" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
# Free pages parked on the per-CPU lists are not in MemFree/MemAvailable (since Linux 6.7 these
# lists grow to hundreds of MiB after a large free, and drain slowly), yet the next hog gets them
# first.  Caps and prefill use MemAvailable plus these pages, KiB.
pcp_kib() { awk '$1 == "count:" {s += $2} END {print s * 4}' /proc/zoneinfo; }
avail_for_hog() { echo $(( $(meminfo MemAvailable) + $(pcp_kib) )); }
vmstat_oom_kills() { awk '$1 == "oom_kill" {print $2}' /proc/vmstat; }

# start_hog CGROUP ARGS...: the hog joins the cgroup and raises its own oom_score_adj to 1000
# before exec (raising needs no privilege; nothing else's adj is touched).  Sets HOG.
start_hog() {
	local dir=$1; shift
	( echo $BASHPID > "$dir/cgroup.procs" && echo 1000 > /proc/self/oom_score_adj && exec "$MEMHOG" "$@" ) &
	HOG=$!
}

# ---------------------------------------------------------------- the daemons
# A regex (POSIX ERE, no look-ahead) matching every process name except "benchhog", for the
# daemons whose only hard exclusion is a name regex.
NOT_HOG='^([^b]|b[^e]|be[^n]|ben[^c]|benc[^h]|bench[^h]|benchh[^o]|benchho[^g]|benchhog.)|^(b|be|ben|benc|bench|benchh|benchho)?$'

nohang_config() {  # nohang_config FILE: the packaged config with the bench's levels
	sed -e 's/^soft_threshold_min_mem .*/soft_threshold_min_mem = 10 %/' \
	    -e 's/^hard_threshold_min_mem .*/hard_threshold_min_mem = 5 %/' \
	    -e 's/^psi_checking_enabled .*/psi_checking_enabled = True/' \
	    /etc/nohang/nohang.conf > "$1"
	# Only the hog can reach a positive badness: every other name gets -2000 (min_badness 1).
	printf '\n@BADNESS_ADJ_RE_NAME -2000 /// ^(?!benchhog$)\n' >> "$1"
}

# daemon_cmd TOOL SCENARIO [CGROUP]: the command line (one word per line) that runs TOOL in the
# foreground at the bench's level, restricted to the hog.
daemon_cmd() {
	local tool=$1 scen=$2 cg=${3:-}
	case $tool in
	earlyoom)
		# 1.7 has no --ignore: --avoid (-300) for every other name, --prefer (+300) for the hog,
		# and the hog's oom_score_adj 1000 make it by far the highest score.  -m 10 is 10% of
		# MemTotal in 1.7.  Filling: -s 100, swap never holds the memory level back (there is no
		# swap then anyway); thrashing: the default swap level (10%).
		if [ "$SAFE" = 1 ]; then
			printf '%s\n' earlyoom -M "$LEVEL,$((LEVEL / 2))" -s 100 -r 3600 --prefer '^benchhog$' --avoid "$NOT_HOG" --dryrun
			return
		fi
		printf '%s\n' earlyoom -m 10 -r 3600 --prefer '^benchhog$' --avoid "$NOT_HOG"
		[ "$scen" = thrash ] || printf '%s\n' -s 100 ;;
	nohang)
		nohang_config "$OUT/nohang.conf"
		printf '%s\n' nohang --monitor --config "$OUT/nohang.conf" ;;
	oomguard)
		# An empty config file: no system-wide oomguard.conf changes the run.
		: > "$OUT/oomguard.conf"
		printf '%s\n' "$OOMGUARD" daemon --config "$OUT/oomguard.conf" --ignore "$NOT_HOG" \
			--prefer '^benchhog$' --event-log "$OUT/oomguard-events-$scen.jsonl" --snapshot-dir none --log stderr
		if { [ "$scen" = thrash ] || [ "$SAFE" = 1 ]; } && [ -n "$cg" ]; then
			# Guard the hog's cgroup: levels against its limit, the default swap level, and
			# pressure with the defaults.
			printf '%s\n' -m 10 --cgroup "$cg"
		else
			# oomguard's percent is of MemAvailable + AnonPages (like earlyoom 1.8+), not of
			# MemTotal: give the bench's level as a size (the smaller of size and percent wins).
			printf '%s\n' -m 100 -s 100 -M "$LEVEL,$((LEVEL / 2))"
		fi
		[ "$scen" = idle ] && printf '%s\n' --dry-run
		;;
	esac
	[ "$tool" = earlyoom ] && [ "$scen" = idle ] && echo --dryrun
}

# safe_restricted TOOL CMD...: --safe only starts a daemon that cannot signal anything but the
# bench's hog: earlyoom with --dryrun; oomguard with --dry-run or --cgroup of a bench cgroup (it
# signals nothing outside that cgroup); nohang with the name rule that leaves only "benchhog" a
# positive badness (min_badness 1 or more).
safe_restricted() {
	local tool=$1 a prev=
	shift
	case $tool in
	earlyoom) for a in "$@"; do [ "$a" = --dryrun ] && return 0; done ;;
	oomguard)
		for a in "$@"; do
			[ "$a" = --dry-run ] && return 0
			[ "$prev" = --cgroup ] && case $a in "$CG_MNT"/oomguard-dbench-*-$$) return 0 ;; esac
			prev=$a
		done ;;
	nohang)
		grep -qxF '@BADNESS_ADJ_RE_NAME -2000 /// ^(?!benchhog$)' "$OUT/nohang.conf" &&
			awk -F= '$1 ~ /^min_badness *$/ { gsub(/ /, "", $2); ok = ($2 + 0 >= 1) } END { exit !ok }' "$OUT/nohang.conf" &&
			return 0 ;;
	esac
	return 1
}

# start_daemon TOOL SCENARIO [CGROUP]: sets DAEMON (pid) and DLOG; returns 1 if it died at once.
start_daemon() {
	local tool=$1 scen=$2 cmd=()
	mapfile -t cmd < <(daemon_cmd "$@")
	DLOG=$OUT/$scen-$tool.log
	if [ "$SAFE" = 1 ] && ! safe_restricted "$tool" "${cmd[@]}"; then
		say "daemon-bench --safe: refusing to start $tool: it could act beyond the bench's hog: ${cmd[*]}"
		exit 1
	fi
	printf '%q ' "${cmd[@]}" > "$DLOG"; echo >> "$DLOG"
	PYTHONWARNINGS=ignore "${cmd[@]}" >> "$DLOG" 2>&1 &
	DAEMON=$!
	sleep 2
	kill -0 "$DAEMON" 2>/dev/null
}
stop_daemon() {
	kill -TERM "$1" 2>/dev/null
	for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}
tool_available() { [ "$1" != oomguard ] || [ "$OOMGUARD_OK" = 1 ]; }

# wait_hog_or_cap PID CAP_S: returns 0 when the hog is gone, 1 if we had to kill it at the cap.
wait_hog_or_cap() {
	local pid=$1 cap=$2 start=$SECONDS st
	while :; do
		st=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)
		[ -z "$st" ] || [ "$st" = Z ] && return 0
		[ $((SECONDS - start)) -ge "$cap" ] && { kill -KILL "$pid" 2>/dev/null; return 1; }
		sleep 0.05
	done
}
kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< " $2"; }

# wait_memory_steady: until MemAvailable changes by less than 16 MiB over 0.5 s (at most 20 s).
wait_memory_steady() {
	local a b
	a=$(avail_for_hog)
	for _ in $(seq 1 40); do
		sleep 0.5
		b=$(avail_for_hog)
		[ $((b - a)) -lt 16384 ] && [ $((a - b)) -lt 16384 ] && return 0
		a=$b
	done
}

# signal_source RESULT DAEMON_PID: "daemon" when the hog's signal came from the daemon under test,
# "none" without a caught signal, else "foreign" (and a note naming the sender: another OOM
# daemon on this machine, whose run is then left out of the tables).
signal_source() {
	local sender
	sender=$(kv signal_pid "$1")
	[ "$(kv signal "$1")" = 0 ] && { echo none; return; }
	[ "$sender" = "$2" ] && { echo daemon; return; }
	echo foreign
	note "a SIGTERM from pid $sender ($(tr '\0' ' ' < "/proc/$sender/cmdline" 2>/dev/null | cut -c1-200 || echo gone)) reached the hog; not the daemon under test, run left out"
}

# stop_attribution KILLS SOURCE STATUS DAEMON_LINES: who ended the hog, from the evidence only.
#   kernel           the hog's cgroup counted an OOM kill during the run (v1 memory.oom_control,
#                    v2 memory.events oom_kill): whatever the daemon did, the kernel had to act
#   daemon           the hog caught a SIGTERM whose sender (si_pid) is the daemon under test, or
#                    died of SIGKILL (uncatchable: no sender) while the daemon's log names its pid
#   unknown-sigkill  a SIGKILL that neither the kernel's count nor the daemon's log accounts for
#   exit-N           the hog ended by itself with status N
stop_attribution() {
	local kills=$1 source=$2 status=$3 dlines=$4
	if [ "$kills" -gt 0 ]; then echo kernel
	elif [ "$source" = daemon ]; then echo daemon
	elif [ "$status" = 137 ] && [ "$dlines" -gt 0 ]; then echo daemon
	elif [ "$status" = 137 ]; then echo unknown-sigkill
	else echo "exit-$status"; fi
}

# ---------------------------------------------------------------- scenario 1: fill rates
# Memory is first brought down to ~4 GiB above the level by a ballast process (in its own capped
# cgroup, held for the whole scenario), so that each run's hog only has to fill ~4 GiB plus what
# lies below the level.  The hog fills at full speed to 4 GiB above the level (what the ballast
# left over), then at RATE.
S1=$OUT/fill-runs.tsv
# ballast_up: (re)starts the ballast, a held memhog in its own capped cgroup that brings
# MemAvailable down to ~4 GiB above the level.  Another OOM daemon on the machine may end it: its
# sender is noted (memhog --log-signal) and it is started again.
BALLAST=
ballast_up() {
	local avail ballast_mib last=-1 now
	if [ -n "$BALLAST" ]; then
		kill -0 "$BALLAST" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$BALLAST/stat" 2>/dev/null)" != Z ] && return 0
		wait "$BALLAST" 2>/dev/null
		note "the ballast ended (signal record: $(tr '\n' ' ' < "$OUT/ballast.signal")); started again"
		BALLAST=
	fi
	[ -n "${BALLAST_CG:-}" ] || { cg_new ballast $((1 << 30)) 0; BALLAST_CG=$CG; }
	wait_memory_steady
	avail=$(avail_for_hog)
	ballast_mib=$(( (avail - LEVEL) / 1024 - HEADROOM_MIB - 256 ))
	[ "$ballast_mib" -gt 0 ] || return 0
	say "scenario 1: ballast of $ballast_mib MiB (held for the whole scenario; this takes a while)"
	cg_limit "$BALLAST_CG" $(( (ballast_mib + 128) * 1048576 )) 0
	( echo $BASHPID > "$BALLAST_CG/cgroup.procs" && exec "$MEMHOG" --total "$ballast_mib" --hold --name benchballast \
		--log-signal "$OUT/ballast.signal" ) &
	BALLAST=$!
	while :; do  # filled when its RSS stops growing
		now=$(awk '/^VmRSS/ {print $2}' "/proc/$BALLAST/status" 2>/dev/null)
		[ -z "$now" ] && { say "the ballast died while filling"; return 1; }
		[ "$now" -ge $((ballast_mib * 1024 - 4096)) ] && [ "$now" = "$last" ] && break
		last=$now; sleep 0.5
	done
}

scenario_fill() {
	local avail ballast_mib tool rate run cap_bytes prefill_mib headroom_mib sig res status stopper
	local kills0 vm0 lines0 timed_out
	echo -e "tool\trate\trun\tstopper\tsigno\thog_status\tcg_oom_kills\tother_oom_kills\tfill_mib_s\tcrossed\tbelow_mib\treact_ms\trecover_ms\tmax_gap_ms\tdaemon_lines\tstart_avail_mib\tcap_mib\tsignal_vs_level_mib\tmax_step_mib\tbelow_with_pcp_mib" > "$S1"
	if [ "$SAFE" = 1 ]; then
		note "--safe: each run's level is $SAFE_DROP_MIB MiB below MemAvailable just before it (the daemon is started for the run with it), hogs capped at $SAFE_CAP_MIB MiB"
	else
		ballast_up || return 1
	fi
	[ "$SAFE" = 1 ] || say "scenario 1: MemAvailable now $(( $(meminfo MemAvailable) / 1024 )) MiB, level $((LEVEL / 1024)) MiB"
	for tool in $TOOLS; do
		tool_available "$tool" || continue
		cg_new "fill-$tool" $((1 << 30)) 0
		local hogcg=$CG
		if [ "$SAFE" != 1 ]; then
			start_daemon "$tool" fill "$hogcg" || { note "$tool exited at start (see $DLOG)"; continue; }
		fi
		for rate in $RATES; do
			for run in $(seq 1 "$RUNS"); do
				if [ "$SAFE" = 1 ]; then
					# others on a shared machine move MemAvailable: a fresh level and daemon per run
					wait_memory_steady
					LEVEL=$(( $(meminfo MemAvailable) - SAFE_DROP_MIB * 1024 ))
					start_daemon "$tool" fill "$hogcg" || { note "$tool exited at start (see $DLOG)"; continue; }
				fi
				# Start only once memory is back and steady (the last hog's pages are freed).
				[ "$SAFE" = 1 ] || ballast_up || return 1
				wait_memory_steady
				avail=$(avail_for_hog)
				if [ "$SAFE" != 1 ] && [ "$avail" -lt $((LEVEL + HEADROOM_MIB * 512)) ]; then
					note "$tool rate $rate run $run skipped: MemAvailable $((avail / 1024)) MiB is too close to the level (is something else using memory?)"
					continue
				fi
				cap_bytes=$(( (avail - KEEP_MIB * 1024) * 1024 ))   # leaves KEEP_MIB (1 GiB) of MemAvailable
				[ "$cap_bytes" -gt $(( (MEMTOTAL - KEEP_MIB * 1024) * 1024 )) ] && cap_bytes=$(( (MEMTOTAL - KEEP_MIB * 1024) * 1024 ))
				cg_limit "$hogcg" "$cap_bytes" 0
				# The prefill ends 4 GiB above the level at every rate: a daemon's fill-rate
				# model has then long forgotten the prefill's speed when the level comes near,
				# so the slow rows measure the slow phase (at 100 MiB/s it lasts ~40 s).
				headroom_mib=$HEADROOM_MIB
				prefill_mib=$(( (avail - LEVEL) / 1024 - headroom_mib ))
				[ "$prefill_mib" -lt 0 ] && prefill_mib=0
				if [ "$SAFE" = 1 ]; then
					cap_bytes=$((SAFE_CAP_MIB << 20)); prefill_mib=0
					cg_limit "$hogcg" "$cap_bytes" 0
				fi
				sig=$OUT/fill-$tool-$rate-$run.signal; : > "$sig"
				kills0=$(cg_oom_kills "$hogcg"); vm0=$(vmstat_oom_kills)
				lines0=$(wc -l < "$DLOG")
				start_hog "$hogcg" --rate "$rate" --prefill "$prefill_mib" --name benchhog --log-signal "$sig"
				"$SAMPLER" --pid "$HOG" --level-kib "$LEVEL" --interval-us "$SAMPLE_US" --signal-log "$sig" --after-exit-ms 10000 \
					--max-seconds $((RUN_CAP + 30)) --trace "$OUT/fill-$tool-$rate-$run.trace" \
					> "$OUT/fill-$tool-$rate-$run.result" 2>> "$LOG" &
				local sampler=$!
				timed_out=0
				wait_hog_or_cap "$HOG" "$RUN_CAP" || timed_out=1
				wait "$HOG" 2>/dev/null; status=$?
				wait "$sampler"
				res=$(cat "$OUT/fill-$tool-$rate-$run.result")
				local kills=$(( $(cg_oom_kills "$hogcg") - kills0 )) other=$(( $(vmstat_oom_kills) - vm0 ))
				other=$(( other - kills ))
				local signo=$(kv signal "$res")
				local source
				source=$(signal_source "$res" "$DAEMON")
				local dlines
				dlines=$(tail -n +"$((lines0 + 1))" "$DLOG" | grep -c -w "$HOG")
				if [ "$timed_out" = 1 ]; then stopper=none-in-${RUN_CAP}s
				elif [ "$source" = foreign ]; then stopper=foreign
				elif [ "$kills" -gt 0 ] && [ "$(kv cross "$res")" = -1.000000 ]; then
					stopper=kernel-above-level
					note "$tool rate $rate run $run: the hog reached its cgroup cap before the level (memory elsewhere was freed during the run); the kernel's kill is not the daemon's miss"
				else
					stopper=$(stop_attribution "$kills" "$source" "$status" "$dlines")
				fi
				[ "$status" = 137 ] && [ "$signo" = 0 ] && signo=9
				[ "$stopper" = unknown-sigkill ] &&
					note "$tool rate $rate run $run: the hog died of a SIGKILL that neither the kernel (cgroup oom_kill unchanged) nor the daemon's log owns; counted as not stopped by the daemon"
				awk -v tool="$tool" -v rate="$rate" -v run="$run" -v stopper="$stopper" -v signo="$signo" \
				    -v status="$status" -v kills="$kills" -v other="$other" -v level="$LEVEL" -v dl="$dlines" \
				    -v res="$res" -v a0=$((avail / 1024)) -v cap=$((cap_bytes >> 20)) 'BEGIN {
					n = split(res, kvs, " "); for (i = 1; i <= n; i++) { split(kvs[i], p, "="); v[p[1]] = p[2] }
					crossed = v["cross"] > 0
					below = crossed ? (level - v["min_avail_kib"]) / 1024 : 0
					react = (crossed && v["action_t"] > 0) ? (v["action_t"] - v["cross"]) * 1000 : "NA"
					recover = (crossed && v["recover_t"] > 0) ? (v["recover_t"] - v["cross"]) * 1000 : "NA"
					atsig = v["action_avail_kib"] >= 0 ? sprintf("%.1f", (v["action_avail_kib"] - level) / 1024) : "NA"
					# the same counting the free pages on the per-CPU lists (memsample reads zoneinfo)
					bpcp = v["min_with_pcp_kib"] == "" ? "NA" : (crossed && v["min_with_pcp_kib"] >= 0 && v["min_with_pcp_kib"] < level ? \
						sprintf("%.1f", (level - v["min_with_pcp_kib"]) / 1024) : "0.0")
					printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%.1f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.0f\t%s\n", tool, rate, run,
					    stopper, signo, status, kills, other, v["fill_mib_s"], crossed, below,
					    react == "NA" ? react : sprintf("%.1f", react),
					    recover == "NA" ? recover : sprintf("%.1f", recover), v["max_gap_ms"], dl, a0, cap, atsig, v["max_step_kib"] / 1024, bpcp
				}' >> "$S1"
				# memsample reports falls faster than 16 MiB per ms (no hog fills that fast):
				# something else took memory at once.  The traces' per-CPU counts stay the same
				# across these falls, so they are not refills of the per-CPU free lists.
				if [ "$(kv max_step_kib "$res")" -gt $((STEP_LIMIT_MIB * 1024)) ]; then
					note "$tool rate $rate run $run: MemAvailable fell $(( $(kv max_step_kib "$res") / 1024 )) MiB at once (not the hog; counted in the table)"
				fi
				say "  $(tail -1 "$S1" | tr '\t' ' ')"
				[ "$SAFE" != 1 ] || stop_daemon "$DAEMON"
			done
		done
		[ "$SAFE" = 1 ] || stop_daemon "$DAEMON"
		cg_empty_and_remove "$hogcg"
	done
	if [ -n "$BALLAST" ]; then kill -KILL "$BALLAST"; wait "$BALLAST" 2>/dev/null; BALLAST=; fi
	[ -z "${BALLAST_CG:-}" ] || cg_empty_and_remove "$BALLAST_CG"
}

# ---------------------------------------------------------------- scenario 2: thrashing
# A 4 GiB swap file, a cgroup with 2 GiB of memory and unlimited swap, and a hog re-touching
# 3 GiB: it stalls on swap-in all the time.  We measure the seconds of full memory stall (system
# /proc/pressure/memory "full" total; cgroup v1 has no per-cgroup PSI) from the hog's start until
# the daemon's signal, capped at THRASH_CAP seconds.
S2=$OUT/thrash-runs.tsv
swap_setup() {
	local dir
	if [ -n "$(tail -n +2 /proc/swaps)" ]; then
		note "swap was already enabled on this machine; the thrash scenario uses it as is plus its own"
	fi
	if [ -n "$SWAP_DEV" ]; then
		[ -b "$SWAP_DEV" ] || { SWAP_WHY="$SWAP_DEV is not a block device"; return 1; }
		mkswap "$SWAP_DEV" >> "$LOG" 2>&1 || { SWAP_WHY="mkswap $SWAP_DEV failed"; return 1; }
		swapon "$SWAP_DEV" 2>> "$LOG" || { SWAP_WHY="swapon $SWAP_DEV failed: $(tail -1 "$LOG")"; return 1; }
		SWAPFILE=$SWAP_DEV
		return 0
	fi
	dir=$(mktemp -d /var/tmp/oomguard-dbench-swap.XXXXXX) || return 1
	SWAPFILE=$dir/swapfile
	if ! { fallocate -l 4G "$SWAPFILE" 2>>"$LOG" || dd if=/dev/zero of="$SWAPFILE" bs=1M count=4096 status=none 2>>"$LOG"; }; then
		SWAP_WHY="cannot create a 4 GiB file in /var/tmp"; return 1
	fi
	chmod 600 "$SWAPFILE"
	mkswap "$SWAPFILE" >> "$LOG" 2>&1 || { SWAP_WHY="mkswap failed on $(findmnt -n -o FSTYPE -T "$dir")"; return 1; }
	if ! swapon "$SWAPFILE" 2>> "$LOG"; then
		SWAP_WHY="swapon failed on a $(findmnt -n -o FSTYPE -T "$dir") file: $(tail -1 "$LOG")"; return 1
	fi
}
scenario_thrash() {
	local tool run sig res status kills0 timed_out acted stall_s t_act
	echo -e "tool\trun\tacted\tsigno\thog_status\tcg_oom_kills\tstall_full_s\tseconds_to_action\tstall_full_in_window_s" > "$S2"
	SWAP_WHY=
	if ! swap_setup; then
		note "thrash scenario not run: $SWAP_WHY"
		return 0
	fi
	say "scenario 2: swap on $SWAPFILE ($(awk 'NR > 1 {s += $3} END {print int(s / 1024)}' /proc/swaps) MiB)"
	for tool in $TOOLS; do
		tool_available "$tool" || continue
		cg_new "thrash-$tool" $((THRASH_MEM_MIB << 20)) 1
		local hogcg=$CG
		start_daemon "$tool" thrash "$hogcg" || { note "$tool exited at start (see $DLOG)"; continue; }
		for run in $(seq 1 "$THRASH_RUNS"); do
			sig=$OUT/thrash-$tool-$run.signal; : > "$sig"
			kills0=$(cg_oom_kills "$hogcg")
			local lines0
			lines0=$(wc -l < "$DLOG")
			start_hog "$hogcg" --total "$THRASH_TOTAL_MIB" --thrash --name benchhog --log-signal "$sig"
			"$SAMPLER" --pid "$HOG" --level-kib "$LEVEL" --interval-us 10000 --signal-log "$sig" \
				--after-exit-ms 0 --max-seconds $((THRASH_CAP + 30)) --trace "$OUT/thrash-$tool-$run.trace" \
				> "$OUT/thrash-$tool-$run.result" 2>> "$LOG" &
			local sampler=$!
			timed_out=0
			wait_hog_or_cap "$HOG" "$THRASH_CAP" || timed_out=1
			wait "$HOG" 2>/dev/null; status=$?
			wait "$sampler"
			res=$(cat "$OUT/thrash-$tool-$run.result")
			local kills=$(( $(cg_oom_kills "$hogcg") - kills0 )) signo
			signo=$(kv signal "$res")
			local source
			source=$(signal_source "$res" "$DAEMON")
			if [ "$source" = foreign ]; then acted=foreign
			elif [ "$timed_out" = 1 ]; then acted="no (stopped by the bench after ${THRASH_CAP}s)"
			else
				acted=$(stop_attribution "$kills" "$source" "$status" "$(tail -n +"$((lines0 + 1))" "$DLOG" | grep -c -w "$HOG")")
				[ "$acted" = daemon ] && acted=yes
			fi
			[ "$status" = 137 ] && [ "$signo" = 0 ] && [ "$timed_out" = 0 ] && signo=9
			awk -v tool="$tool" -v run="$run" -v acted="$acted" -v signo="$signo" -v status="$status" \
			    -v kills="$kills" -v res="$res" -v timed_out="$timed_out" 'BEGIN {
				n = split(res, kvs, " "); for (i = 1; i <= n; i++) { split(kvs[i], p, "="); v[p[1]] = p[2] }
				window = (v["psi_full_end_us"] - v["psi_full_start_us"]) / 1e6
				if (timed_out == 1) { stall = "NA"; tact = "NA" }
				else { stall = sprintf("%.2f", (v["psi_full_action_us"] - v["psi_full_start_us"]) / 1e6)
				       tact = sprintf("%.2f", v["action_t"] - v["start"]) }
				printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.2f\n", tool, run, acted, signo, status, kills,
				    stall, tact, window
			}' >> "$S2"
			say "  $(tail -1 "$S2" | tr '\t' ' ')"
			sleep 1
		done
		stop_daemon "$DAEMON"
		cg_empty_and_remove "$hogcg"
	done
	if [ "$SWAPFILE" = "$SWAP_DEV" ]; then swapoff "$SWAPFILE" && SWAPFILE=
	else swapoff "$SWAPFILE" && rm -rf "$(dirname "$SWAPFILE")" && SWAPFILE=; fi
}

# ---------------------------------------------------------------- idle cost
S3=$OUT/idle.tsv
proc_ctxt() {  # voluntary + involuntary context switches of all threads of PID
	cat /proc/"$1"/task/*/status 2>/dev/null |
		awk '/^(voluntary|nonvoluntary)_ctxt_switches/ {s += $2} END {print s + 0}'
}
proc_cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null; }
scenario_idle() {
	local tool pids=() names=() i
	echo -e "tool\tvmrss_kib\twakeups_per_min\tcpu_ms_per_min\tseconds" > "$S3"
	for tool in $TOOLS; do
		tool_available "$tool" || continue
		if start_daemon "$tool" idle; then pids+=("$DAEMON"); names+=("$tool")
		else note "$tool exited at start of the idle measurement (see $DLOG)"; fi
	done
	sleep 3
	local c0=() t0=()
	for i in "${!pids[@]}"; do c0[$i]=$(proc_ctxt "${pids[$i]}"); t0[$i]=$(proc_cpu_ticks "${pids[$i]}"); done
	say "idle: ${names[*]} side by side for ${IDLE_SECONDS}s (memory plentiful)"
	sleep "$IDLE_SECONDS"
	local hz; hz=$(getconf CLK_TCK)
	for i in "${!pids[@]}"; do
		local pid=${pids[$i]} rss c1 t1
		rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null)
		c1=$(proc_ctxt "$pid"); t1=$(proc_cpu_ticks "$pid")
		if [ -z "$rss" ]; then note "${names[$i]} died during the idle measurement"; continue; fi
		awk -v t="${names[$i]}" -v r="$rss" -v c=$((c1 - c0[i])) -v k=$((t1 - t0[i])) -v s="$IDLE_SECONDS" -v hz="$hz" \
			'BEGIN { printf "%s\t%d\t%.1f\t%.1f\t%d\n", t, r, c * 60 / s, k * 1000 / hz * 60 / s, s }' >> "$S3"
		stop_daemon "$pid"
	done
}

# ---------------------------------------------------------------- tables
stats() {  # awk program fragment: mean/min/max of a column over numeric rows
	cat <<'EOF'
function st(k, x) { if (x == "NA" || x == "") { na[k]++; return } n[k]++; s[k] += x;
	if (!(k in mn) || x < mn[k]) mn[k] = x; if (!(k in mx) || x > mx[k]) mx[k] = x }
function show(k, fmt) { if (!n[k]) return "n/a"; return sprintf(fmt " / " fmt " / " fmt, s[k] / n[k], mn[k], mx[k]) }
EOF
}
table_fill() {
	if [ "$SAFE" = 1 ]; then
		echo "### Scenario 1 (--safe: plumbing check on a shared machine, earlyoom dry-run, oomguard scoped to the hog's cgroup): level MemAvailable $((LEVEL / 1024)) MiB"
	else
		echo "### Scenario 1: filling memory (level: MemAvailable $((LEVEL / 1024)) MiB = 10% of RAM)"
	fi
	echo
	echo "mean / min / max over runs.  \"at signal\": MemAvailable minus the level when the hog got its"
	echo "signal (its SIGTERM handler's time, or its exit when killed with SIGKILL, marked k): positive ="
	echo "acted before the level was reached.  \"deepest below\": how far MemAvailable fell under the level"
	echo "(0 when it never did).  \"level -> signal\" and \"level -> recovered\" (until MemAvailable was back"
	echo "above the level) count only runs that crossed the level and have the figure (n/a: none has it)."
	echo "Sampled every $((SAMPLE_US / 1000)) ms.  Target: 0 kernel kills, deepest below <= $((LEVEL_TOL / 1024)) MiB (0.1% of RAM)."
	echo "\"stopped by\": who ended the hog, from the hog's cgroup oom_kill count (kernel) and the SIGTERM's"
	echo "sender or the daemon's log (daemon); the rest (not stopped in $RUN_CAP s, a SIGKILL nobody owns) is \"other\"."
	echo "\"sudden falls\": runs in which MemAvailable fell more than $STEP_LIMIT_MIB MiB at once (faster than 16 MiB/ms, which"
	echo "no hog can do): memory taken at once by something else (bench/README.md, Caveats)."
	echo "\"+ per-CPU free\": deepest below counting those free pages too (the \`count:\` lines of /proc/zoneinfo),"
	echo "which MemAvailable does not count (n/a: not recorded)."
	echo "Runs in which the hog got its signal from another OOM daemon on the machine are left out (Notes)."
	echo
	echo "| tool | rate MiB/s (measured) | runs | stopped by daemon / kernel / other | at signal, MiB vs level | deepest below level, MiB | + per-CPU free, MiB | level -> signal, ms | level -> recovered, ms | sudden falls |"
	echo "|---|---|---|---|---|---|---|---|---|---|"
	awk -F'\t' -v tools="$TOOLS" -v rates="$RATES" -v og_ok="$OOMGUARD_OK" "$(stats)"'
	NR > 1 && $4 != "foreign" { k = $1 SUBSEP $2; runs[k]++; if ($4 == "daemon") dm[k]++; else if ($4 == "kernel") kn[k]++; else ot[k]++
		if ($19 >= 64) sudden[k]++
		st(k SUBSEP "fill", $9); st(k SUBSEP "below", $11); st(k SUBSEP "atsig", $18); st(k SUBSEP "react", $12); st(k SUBSEP "rec", $10 == 1 ? $13 : "NA")
		st(k SUBSEP "bpcp", NF >= 20 ? $20 : "NA")
		if ($5 == 9) killed[k]++ }
	END { nt = split(tools, T, " "); nr = split(rates, R, " ")
		for (i = 1; i <= nt; i++) {
			if (T[i] == "oomguard" && og_ok != 1) { printf "| oomguard | all | - | not available | - | - | - | - | - | - |\n"; continue }
			for (j = 1; j <= nr; j++) { k = T[i] SUBSEP R[j]
				if (!runs[k]) continue
				printf "| %s | %s (%s) | %d | %d / %d / %d | %s | %s | %s | %s%s | %s | %d |\n", T[i], R[j] == 0 ? "max" : R[j],
					show(k SUBSEP "fill", "%.0f"), runs[k], dm[k], kn[k], ot[k], show(k SUBSEP "atsig", "%+.0f"),
					show(k SUBSEP "below", "%.1f"), show(k SUBSEP "bpcp", "%.1f"),
					show(k SUBSEP "react", "%.0f"), killed[k] ? " (" killed[k] "k)" : "", show(k SUBSEP "rec", "%.0f"), sudden[k] } } }' "$S1"
	echo
}
table_thrash() {
	echo "### Scenario 2: thrashing (${THRASH_MEM_MIB} MiB cgroup, ${THRASH_TOTAL_MIB} MiB working set, swap: ${SWAP_DEV:-a 4 GiB file}; cap ${THRASH_CAP} s per run)"
	echo
	if [ "$(wc -l < "$S2")" -le 1 ]; then echo "not run: $(grep -o 'thrash scenario not run.*' "$OUT/notes.md" || echo skipped)"; echo; return; fi
	echo "\"full stall\": seconds of system-wide PSI memory full stall from the hog's start to the daemon's"
	echo "signal.  Target: under 2 s."
	echo
	echo "| tool | runs | acted | full stall before acting, s | seconds to action | full stall per capped run when not acting, s |"
	echo "|---|---|---|---|---|---|"
	awk -F'\t' -v tools="$TOOLS" -v og_ok="$OOMGUARD_OK" -v cap="$THRASH_CAP" "$(stats)"'
	NR > 1 && $3 != "foreign" { k = $1; runs[k]++; if ($3 == "yes") ok[k]++; else if ($3 == "kernel") kn[k]++; else st(k SUBSEP "win", $9)
		st(k SUBSEP "stall", $7); st(k SUBSEP "t", $8) }
	END { nt = split(tools, T, " ")
		for (i = 1; i <= nt; i++) { k = T[i]
			if (k == "oomguard" && og_ok != 1) { printf "| oomguard | - | not available | - | - | - |\n"; continue }
			if (!runs[k]) continue
			a = ok[k] + 0 " of " runs[k]; if (kn[k]) a = a ", kernel " kn[k]
			if (ok[k] + kn[k] < runs[k]) a = a "; did not act in " cap " s: " runs[k] - ok[k] - kn[k]
			printf "| %s | %d | %s | %s | %s | %s |\n", k, runs[k], a, show(k SUBSEP "stall", "%.2f"),
				show(k SUBSEP "t", "%.2f"), show(k SUBSEP "win", "%.1f") } }' "$S2"
	echo
}
table_idle() {
	echo "### Idle cost (memory plentiful, ${IDLE_SECONDS} s, the three daemons side by side)"
	echo
	echo "Targets: VmRSS under 1024 KiB; at most 12 wake-ups per minute (one per 5 s)."
	echo "Wake-ups = voluntary + involuntary context switches of all the daemon's threads."
	echo
	echo "| tool | VmRSS KiB | wake-ups per minute | CPU ms per minute |"
	echo "|---|---|---|---|"
	awk -F'\t' -v tools="$TOOLS" -v og_ok="$OOMGUARD_OK" 'NR > 1 { r[$1] = $0 }
	END { nt = split(tools, T, " ")
		for (i = 1; i <= nt; i++) {
			if (T[i] == "oomguard" && og_ok != 1) { print "| oomguard | not available | - | - |"; continue }
			if (!(T[i] in r)) continue; split(r[T[i]], f, "\t")
			printf "| %s | %d | %.1f | %.1f |\n", f[1], f[2], f[3], f[4] } }' "$S3"
	echo
}
targets() {
	echo "### Targets (oomguard)"
	echo
	if [ "$OOMGUARD_OK" != 1 ]; then echo "oomguard's daemon was not available: $OOMGUARD_WHY"; echo; return; fi
	# Only what happened counts: a run's recovery time exists when it crossed the level and
	# MemAvailable came back above it; the others are counted, never averaged in as 0.
	[ -s "$S1" ] && awk -F'\t' -v tol=$((LEVEL_TOL / 1024)) 'NR > 1 && $4 != "foreign" {
		if ($1 == "oomguard") { n++; if ($4 == "kernel") k++; else if ($4 != "daemon") o++; if ($11 > maxb) maxb = $11
			if (NF >= 20 && $20 != "NA" && $20 > maxp) maxp = $20
			ot[$2]++; if ($10 == 1 && $13 != "NA") { os[$2] += $13; on[$2]++ } }
		if ($1 == "earlyoom") { et[$2]++; if ($10 == 1 && $13 != "NA") { es[$2] += $13; en[$2]++ } } }
	END { if (!n) exit
		printf "- zero kernel OOM kills: %s (%d of %d runs)%s\n", k ? "MISSED" : "met", k, n, n == 1 ? " (one run only)" : ""
		printf "- the daemon stopped the hog in every run: %s (%d of %d)\n", (k + o) ? "MISSED" : "met", n - k - o, n
		printf "- MemAvailable never more than %d MiB below the level: %s (worst %.1f MiB)\n", tol, maxb <= tol ? "met" : "MISSED", maxb
		printf "- ... counting the per-CPU free pages: %s (worst %.1f MiB)\n", maxp <= tol ? "met" : "MISSED", maxp
		for (r in ot) {
			rn = r == 0 ? "max" : r
			if (!et[r]) continue
			if (!on[r] || !en[r]) {
				printf "- recovery faster than earlyoom at rate %s: not judged (a recovery time in %d of %d oomguard runs, %d of %d earlyoom runs)\n",
					rn, on[r], ot[r], en[r], et[r]
				continue
			}
			printf "- recovery faster than earlyoom at rate %s: %s (%.0f ms over %d of %d runs vs %.0f ms over %d of %d)%s\n", rn,
				os[r] / on[r] < es[r] / en[r] ? "met" : "MISSED", os[r] / on[r], on[r], ot[r], es[r] / en[r], en[r], et[r],
				(on[r] == 1 || en[r] == 1) ? "; one run only: not conclusive" : "" } }' "$S1"
	[ -s "$S2" ] && awk -F'\t' 'NR > 1 && $3 != "foreign" && $1 == "oomguard" { n++; if ($3 == "yes" && $7 < 2) ok++ }
	END { if (n) printf "- thrash stall under 2 s: %s (%d of %d runs)%s\n", ok == n ? "met" : "MISSED", ok, n, n == 1 ? " (one run only)" : "" }' "$S2"
	[ -s "$S3" ] && awk -F'\t' '$1 == "oomguard" {
		printf "- VmRSS under 1 MiB: %s (%d KiB)\n", $2 < 1024 ? "met" : "MISSED", $2
		printf "- at most one wake-up per 5 s idle: %s (%.1f per minute)\n", $3 <= 12 ? "met" : "MISSED", $3 }' "$S3"
	echo
}

start=$SECONDS
if [ -z "$TABLES_ONLY" ]; then
	[ "$DO_IDLE" = 1 ] && scenario_idle
	[ "$DO_FILL" = 1 ] && scenario_fill
	[ "$DO_THRASH" = 1 ] && scenario_thrash
fi
{
	echo "## Daemon benchmark, $(date -u -r "$OUT/machine.txt" '+%Y-%m-%d %H:%M UTC')"
	echo
	sed 's/^/    /' "$OUT/machine.txt"
	echo
	[ "$DO_FILL" = 1 ] && [ -f "$S1" ] && table_fill
	[ "$DO_THRASH" = 1 ] && [ -f "$S2" ] && table_thrash
	[ "$DO_IDLE" = 1 ] && [ -f "$S3" ] && table_idle
	targets
	if [ -s "$OUT/notes.md" ]; then echo "### Notes"; echo; cat "$OUT/notes.md"; echo; fi
	echo "Raw rows: $(basename "$OUT")/{fill-runs,thrash-runs,idle}.tsv; traces and daemon logs beside them."
	[ -n "$TABLES_ONLY" ] || echo "Total run time: $((SECONDS - start)) s."
} > "$OUT/results.md"
cat "$OUT/results.md"
