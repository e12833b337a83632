#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the test guest (bench/guest-peers.sh boots it): oomguard's daemon, earlyoom and
# systemd-oomd (its defaults, and tightened) on the same three scenarios, each tool as the guest's
# only OOM daemon, machine-wide (oomguard-slice: `--cgroup` of the scenarios' slice), with swap
# on /dev/ubda.  One TSV row per run in $OUT/peers.tsv:
#   tool scenario run outcome seconds_to_action full_stall_ms kernel_oom_kills
# leak: a leaking process beside a healthy one in one scope (who is killed: leak, scope, kernel)
# thrash: a 64 MiB working set thrashing in a 32 MiB cgroup with swap (time and PSI full stall
#   of the cgroup until the first action); healthy: a busy working set well inside its limit for
#   30 s (any kill is a false kill).
source "$OG_SRC/tests/guest/t/lib.sh"
RUNS=${OG_BENCH_RUNS:-1}
TOOLS=${OG_BENCH_TOOLS:-oomguard,oomguard-slice,earlyoom,oomd-default,oomd-tight}
TOOLS=${TOOLS//,/ }
tsv=$OUT/peers.tsv
printf 'tool\tscenario\trun\toutcome\tseconds\tfull_stall_ms\tkernel_kills\n' > "$tsv"
mkswap /dev/ubda > /dev/null && swapon /dev/ubda || fail "no swap on /dev/ubda"
on_exit "swapoff /dev/ubda"
for u in earlyoom.service systemd-oomd.service systemd-oomd.socket; do rm -f "/etc/systemd/system/$u"; done
on_exit "for u in earlyoom.service systemd-oomd.service systemd-oomd.socket; do ln -sf /dev/null /etc/systemd/system/\$u; done"
meson_unit=$(find "$OG_STAGE" -name oomguard.service | head -1)

tool_start() {
	case $1 in
		oomguard) systemd-run --quiet --unit=og-bench-oomguard -p Type=notify "$OG" daemon \
			--config "$DTMP/oomguard.conf" --event-log none --snapshot-dir none -r 0 ;;
		oomguard-slice) systemd-run --quiet --unit=og-bench-oomguard -p Type=notify "$OG" daemon \
			--config "$DTMP/oomguard.conf" --event-log none --snapshot-dir none -r 0 \
			--cgroup /sys/fs/cgroup/ogbench.slice ;;
		earlyoom) systemctl start earlyoom.service ;;
		oomd-*)
			mkdir -p /etc/systemd/oomd.conf.d
			if [ "$1" = oomd-tight ]; then
				printf '[OOM]\nDefaultMemoryPressureDurationSec=5s\n' > /etc/systemd/oomd.conf.d/bench.conf
			else
				rm -f /etc/systemd/oomd.conf.d/bench.conf
			fi
			systemctl start systemd-oomd.socket systemd-oomd.service ;;
	esac
}
tool_stop() {
	systemctl stop og-bench-oomguard.service earlyoom.service systemd-oomd.service systemd-oomd.socket 2>/dev/null
	systemctl reset-failed og-bench-oomguard.service 2>/dev/null
}
on_exit tool_stop
# The slice the scenarios run in; systemd-oomd watches it (ManagedOOM*=kill).
slice_write() {
	local limit=""
	[ "$1" = oomd-tight ] && limit="ManagedOOMMemoryPressureLimit=20%"
	unit_write ogbench.slice "[Slice]
ManagedOOMMemoryPressure=kill
ManagedOOMSwap=kill
$limit"
	systemctl daemon-reload
	systemctl start ogbench.slice
}
full_total() { awk '/^full/ {sub("total=", "", $5); print $5}' "$1/memory.pressure"; }
# waits for the first of PIDS to end, up to SECS; prints "seconds ended_pids"
watch_pids() {
	local secs=$1 t0 p dead; shift
	t0=$(date +%s%N)
	while :; do
		dead=()
		for p in "$@"; do kill -0 "$p" 2>/dev/null || dead+=("$p"); done
		[ ${#dead[@]} -gt 0 ] && break
		[ $(( ($(date +%s%N) - t0) / 1000000000 )) -ge "$secs" ] && break
		sleep 0.1
	done
	sleep 2   # the rest of an action (a whole scope, SIGKILL after SIGTERM)
	dead=()
	for p in "$@"; do kill -0 "$p" 2>/dev/null || dead+=("$p"); done
	echo "$(( ($(date +%s%N) - t0) / 1000000 ))" "${dead[*]}"
}

for run in $(seq "$RUNS"); do
for tool in $TOOLS; do
	slice_write "$tool"
	tool_start "$tool" || fail "cannot start $tool"
	sleep 3
	# leak beside a healthy process, one scope
	k0=$(global_oom_kills)
	systemd-run --quiet --scope --slice=ogbench.slice --unit=og-bench-leak-$tool-$run \
		bash -c '"$0" --total 16 --hold --name healthy & exec "$0" --rate 0 --name leak' "$MEMHOG_BIN" &
	leak=$!; _cleanup_pids+=("$leak")
	sleep 1
	healthy=$(pgrep -P "$leak" -x healthy || true)
	read -r ms dead < <(watch_pids 120 "$leak" ${healthy:+"$healthy"})
	k1=$(global_oom_kills)
	outcome=none
	case " $dead " in *" $leak "*) outcome=leak ;; esac
	[ -n "$healthy" ] && case " $dead " in *" $healthy "*) outcome="${outcome/none/}+healthy" ;; esac
	[ "$k1" != "$k0" ] && outcome="$outcome(kernel)"
	printf '%s\tleak\t%s\t%s\t%.1f\t-\t%s\n' "$tool" "$run" "$outcome" "$(echo "$ms/1000" | bc -l)" "$((k1 - k0))" >> "$tsv"
	kill -KILL "$leak" ${healthy:+"$healthy"} 2>/dev/null; wait "$leak" 2>/dev/null
	sleep 2

	# thrashing in swap
	k0=$(global_oom_kills)
	systemd-run --quiet --scope --slice=ogbench.slice --unit=og-bench-thrash-$tool-$run -p MemoryMax=32M \
		"${MEMHOG[@]}" --thrash --total 64 --name thrash &
	th=$!; _cleanup_pids+=("$th")
	sleep 0.5
	cg=/sys/fs/cgroup/ogbench.slice/og-bench-thrash-$tool-$run.scope
	f0=$(full_total "$cg" 2>/dev/null || echo 0)
	echo "$f0" > "$DTMP/stall"
	# the cgroup goes with its last process: keep the last figure read
	( while f=$(full_total "$cg" 2>/dev/null) && [ -n "$f" ]; do echo "$f" > "$DTMP/stall"; sleep 0.1; done ) &
	sampler=$!
	read -r ms dead < <(watch_pids 60 "$th")
	kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null
	f1=$(cat "$DTMP/stall")
	k1=$(global_oom_kills)
	outcome=none; [ -n "$dead" ] && outcome=stopped; [ "$k1" != "$k0" ] && outcome="kernel"
	printf '%s\tthrash\t%s\t%s\t%.1f\t%s\t%s\n' "$tool" "$run" "$outcome" "$(echo "$ms/1000" | bc -l)" "$(( (f1 - f0) / 1000 ))" "$((k1 - k0))" >> "$tsv"
	kill -KILL "$th" 2>/dev/null; wait "$th" 2>/dev/null
	sleep 2

	# busy but healthy
	systemd-run --quiet --scope --slice=ogbench.slice --unit=og-bench-busy-$tool-$run -p MemoryMax=64M \
		"${MEMHOG[@]}" --thrash --total 16 --name busy &
	busy=$!; _cleanup_pids+=("$busy")
	read -r ms dead < <(watch_pids 30 "$busy")
	outcome=untouched; [ -n "$dead" ] && outcome=false-kill
	printf '%s\thealthy\t%s\t%s\t%.1f\t-\t0\n' "$tool" "$run" "$outcome" "$(echo "$ms/1000" | bc -l)" >> "$tsv"
	kill -KILL "$busy" 2>/dev/null; wait "$busy" 2>/dev/null
	tool_stop
	systemctl stop ogbench.slice
	sleep 1
done
done
column -t -s $'\t' "$tsv"
pass
