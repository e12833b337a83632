#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the test guest (bench/guest-false-kills.sh boots it): false kills of the real
# daemons.  oomguard (its defaults, machine-wide), earlyoom, nohang and systemd-oomd (their Debian
# services with the packaged defaults; systemd-oomd watches the scenarios' slice with
# ManagedOOMMemoryPressure=kill and ManagedOOMSwap=kill), each as the guest's only OOM daemon, on
# healthy but heavy workloads where any action is a false kill, then on a real exhaustion where the
# daemon must act before the kernel.  Swap on /dev/ubda.  Each workload runs in a scope of
# ogfk.slice; `oomguard record` traces the machine (and the slice's own pressure, which
# systemd-oomd watches) meanwhile, and each trace is replayed through
# the four models (`oomguard replay`) to compare with what the real daemon did.  One TSV row per
# tool and scenario in $OUT/fk/false-kills.tsv:
#   tool scenario run outcome workload_deaths kernel_kills detail real_ms replay_... (exhaust)
source "$OG_SRC/tests/guest/t/lib.sh"
RUNS=${OG_BENCH_RUNS:-2}      # exhaustion runs per tool
TOOLS=${OG_BENCH_TOOLS:-oomguard,earlyoom,nohang,systemd-oomd}
TOOLS=${TOOLS//,/ }
DAEMON_ARGS=${OG_BENCH_DAEMON_ARGS:-}    # more options for oomguard's daemon (comma-separated inside the guest)
SCENARIOS=${OG_BENCH_SCENARIOS:-filecopy,batch90,swapfit,burst,exhaust}
SCENARIOS=" ${SCENARIOS//,/ } "
FK=$OUT/fk
mkdir -p "$FK"
tsv=$FK/false-kills.tsv
printf 'tool\tscenario\trun\toutcome\tdeaths\tkernel_kills\tdetail\n' > "$tsv"
acc=$FK/replay.tsv
printf 'tool\trun\treal_actor\treal_ms\treplay_policy\treplay_ms\tdiff_ms\tsample_period_ms\twindow_from_ms\twindow_to_ms\n' > "$acc"
mkswap /dev/ubda > /dev/null && swapon /dev/ubda || fail "no swap on /dev/ubda"
on_exit "swapoff /dev/ubda"
# The guest masks the peers' units.  earlyoom and nohang are unmasked here; systemd-oomd only
# while it is the tool under test: unmasked, its socket listens, and the ManagedOOM settings of
# the scenarios' slice make systemd start it, so that it would act beside another tool (it did:
# its swap rule killed the leak in 2 of 5 earlyoom runs before this).
OOMD_UNITS="systemd-oomd.service systemd-oomd.socket"
oomd_mask() {
	systemctl stop $OOMD_UNITS 2>/dev/null
	for u in $OOMD_UNITS; do ln -sf /dev/null "/etc/systemd/system/$u"; done
	systemctl daemon-reload
}
for u in earlyoom.service nohang.service; do rm -f "/etc/systemd/system/$u"; done
on_exit "for u in earlyoom.service nohang.service $OOMD_UNITS; do ln -sf /dev/null /etc/systemd/system/\$u; done"
oomd_mask
: > "$DTMP/empty.conf"
meminfo() { awk -v k="$1:" '$1 == k {print $2}' /proc/meminfo; }
TOTAL_MIB=$(( $(meminfo MemTotal) / 1024 ))
SWAP_MIB=$(( $(meminfo SwapTotal) / 1024 ))
echo "guest: MemTotal $TOTAL_MIB MiB, swap $SWAP_MIB MiB, tools: $TOOLS, scenarios:$SCENARIOS, exhaustion runs: $RUNS"

unit_write ogfk.slice "[Slice]
ManagedOOMMemoryPressure=kill
ManagedOOMSwap=kill"
systemctl daemon-reload
systemctl start ogfk.slice

DPID=
tool_start() {
	case $1 in
	# its kill snapshots carry its flight recorder's trace, whose daemon_kill event is the time it
	# decided (fk_tables.py sets it beside the replay); OG_BENCH_DAEMON_ARGS adds options (--debug)
	oomguard) systemd-run --quiet --unit=og-fk-oomguard -p Type=notify "$OG" daemon --config "$DTMP/empty.conf" \
			--event-log "$FK/oomguard-events.jsonl" --snapshot-dir "$FK/oomguard-snap" ${DAEMON_ARGS//,/ }
		unit=og-fk-oomguard.service ;;
	earlyoom) systemctl start earlyoom.service; unit=earlyoom.service ;;
	nohang) systemctl start nohang.service; unit=nohang.service ;;
	systemd-oomd) for u in $OOMD_UNITS; do rm -f "/etc/systemd/system/$u"; done
		systemctl daemon-reload
		systemctl start systemd-oomd.socket systemd-oomd.service; unit=systemd-oomd.service ;;
	esac
	# no other OOM daemon beside the one under test
	for u in og-fk-oomguard.service earlyoom.service nohang.service systemd-oomd.service; do
		[ "$u" = "$unit" ] || ! systemctl -q is-active "$u" || { echo "$u is active beside $unit"; return 1; }
	done
	sleep 3
	DPID=$(systemctl show -p MainPID --value "$unit")
	[ -n "$DPID" ] && [ "$DPID" != 0 ] || return 1
	T_START=$(date +%s)
}
tool_stop() {
	systemctl stop og-fk-oomguard.service earlyoom.service nohang.service 2>/dev/null
	systemctl reset-failed og-fk-oomguard.service 2>/dev/null
	oomd_mask
}
on_exit tool_stop

# in_scope NAME CMD... &: runs CMD in a transient scope of ogfk.slice; the background subshell execs
# systemd-run, which execs CMD, so $! is CMD's own pid.
in_scope() { local n=$1; shift; exec systemd-run --quiet --scope --slice=ogfk.slice --unit="og-fk-$n-$RANDOM" "$@"; }
# -i 100, every 20 ms (the default --near) once available memory or free swap is under 15%, with
# the slice's pressure beside the machine's
rec_start() {
	local slice=()
	if [ -e /sys/fs/cgroup/ogfk.slice/memory.pressure ]; then slice=(-p /ogfk.slice)
	else echo "note: /sys/fs/cgroup/ogfk.slice has no memory.pressure: the trace has the machine's pressure only"; fi
	# earlyoom's and nohang's sleeps beside the samples: the replay checks their rule where they woke
	case $tool in earlyoom|nohang) slice+=(--watch-pid "$DPID") ;; esac
	"$OG" record -i 100 --coarse 500 --near 20 --near-pct 15 "${slice[@]}" -d 0 -o "$FK/$1.trace" 2> "$FK/$1.record.log" &
	REC=$!
	sleep 1
}
rec_stop() { kill -INT "$REC" 2>/dev/null; wait "$REC" 2>/dev/null; }
# while PID runs: max Dirty+Writeback, min MemAvailable, PSI full stall (ms), max swap used (MiB)
watch_mem() {
	local pid=$1 d m=0 a mn=999999999 ps0 ps1 su smax=0
	ps0=$(awk '/^full/ {sub("total=", "", $5); print $5}' /proc/pressure/memory)
	while kill -0 "$pid" 2>/dev/null; do
		d=$(( $(meminfo Dirty) + $(meminfo Writeback) )); [ "$d" -gt "$m" ] && m=$d
		a=$(meminfo MemAvailable); [ "$a" -lt "$mn" ] && mn=$a
		su=$(( $(meminfo SwapTotal) - $(meminfo SwapFree) )); [ "$su" -gt "$smax" ] && smax=$su
		sleep 0.5
	done
	ps1=$(awk '/^full/ {sub("total=", "", $5); print $5}' /proc/pressure/memory)
	echo "$((m / 1024)) $((mn / 1024)) $(( (ps1 - ps0) / 1000 )) $((smax / 1024))"
}

# wait_steady: until MemAvailable moves less than 8 MiB in a second (at most 60 s): the last
# scenario's memory is back before the next one sizes itself.
wait_steady() {
	local a b
	a=$(meminfo MemAvailable)
	for _ in $(seq 60); do
		sleep 1; b=$(meminfo MemAvailable)
		[ $((b - a)) -lt 8192 ] && [ $((a - b)) -lt 8192 ] && return 0
		a=$b
	done
}
# --- the healthy scenarios: each prints "deaths detail"
scen_filecopy() {   # 1.5x RAM written through the page cache to a block device (ubdb), then read back
	local n=$((TOTAL_MIB * 3 / 2)) f=/dev/ubdb rc1
	[ -b "$f" ] || { echo "1 no /dev/ubdb (OOMGUARD_GUEST_DISK unset): not run"; return; }
	in_scope copy bash -c 'dd if=/dev/zero of="$1" bs=1M count="$2" status=none && cat "$1" > /dev/null' _ "$f" "$n" &
	local p=$!
	read -r dirty minav stall swapmax < <(watch_mem "$p")
	wait "$p"; rc1=$?
	echo "$([ $rc1 = 0 ] && echo 0 || echo 1) copy ${n} MiB, exit $rc1, dirty+writeback max ${dirty} MiB, MemAvailable min ${minav} MiB, full stall ${stall} ms"
}
# hold_then_check FILE KIB PIDS...: once the PIDS' memory (RSS + swap) reaches 97% of KIB (at
# most 150 s; sooner if one of them ends), holds 30 s more, then writes how many are still alive to
# FILE and ends them (by pid).
hold_then_check() {
	local f=$1 want=$(($2 * 97 / 100)) p n t0=$SECONDS gone; shift 2
	while [ $((SECONDS - t0)) -lt 150 ]; do
		n=0 gone=0
		for p in "$@"; do
			kill -0 "$p" 2>/dev/null || gone=1
			n=$(( n + $(awk '/^(VmRSS|VmSwap):/ {s += $2} END {print s + 0}' "/proc/$p/status" 2>/dev/null || echo 0) ))
		done
		[ "$n" -ge "$want" ] || [ $gone = 1 ] && break
		sleep 1
	done
	sleep 30
	n=0; for p in "$@"; do kill -0 "$p" 2>/dev/null && n=$((n + 1)); done
	echo "$n" > "$f"
	for p in "$@"; do kill -KILL "$p" 2>/dev/null; done
}
scen_batch90() {    # holds 90% of RAM (or what leaves 12% available) steadily for 30 s, no swapping of its own
	local av n p st
	av=$(( $(meminfo MemAvailable) / 1024 ))
	n=$((TOTAL_MIB * 9 / 10)); [ "$n" -gt $((av - TOTAL_MIB * 12 / 100)) ] && n=$((av - TOTAL_MIB * 12 / 100))
	rm -f "$FK/batch.alive" "$FK/batch.sig"
	in_scope batch "$MEMHOG_BIN" --rate 200 --total "$n" --hold --name batch --log-signal "$FK/batch.sig" &
	p=$!
	sleep 1
	hold_then_check "$FK/batch.alive" $((n * 1024)) "$p" &
	local t=$!
	read -r dirty minav stall swapmax < <(watch_mem "$p")
	wait "$p"; st=$?; wait "$t"
	local dead=$((1 - $(cat "$FK/batch.alive" 2>/dev/null || echo 0)))
	echo "$dead job ${n} MiB = $((n * 100 / TOTAL_MIB))% of RAM (MemAvailable $av MiB before), held 30 s: $([ $dead = 0 ] && echo yes || echo "no, status $st, signals: $(tr '\n' ' ' < "$FK/batch.sig" 2>/dev/null)"), MemAvailable min ${minav} MiB, full stall ${stall} ms"
}
scen_swapfit() {    # a job whose working set fits in memory + swap: a cold heap of 1/2 of RAM in a scope limited to
	# 3/8 of RAM (its overflow, 1/8 of RAM, goes to swap: under global pressure the guest's kernel
	# reclaimed file pages down to under 2% available before it swapped at all), beside a hot 64 MiB
	# set re-touched all the time; held 30 s once filled
	local n=$((TOTAL_MIB / 2)) lim=$((TOTAL_MIB * 3 / 8)) p dead
	rm -f "$FK/swapfit.alive" "$FK/swapfit.pids"
	in_scope swapfit -p MemoryMax=$((lim + 64))M bash -c '"$1" --total "$2" --hold --name cold & c=$!; "$1" --total 64 --thrash --name hot & echo "$c $!" > "$3"; wait' \
		_ "$MEMHOG_BIN" "$n" "$FK/swapfit.pids" &
	p=$!
	sleep 2
	local kids; kids=$(cat "$FK/swapfit.pids")
	hold_then_check "$FK/swapfit.alive" $(( (n + 64) * 1024 )) $kids &
	local t=$!
	read -r dirty minav stall swapmax < <(watch_mem "$p")
	wait "$p"; wait "$t"
	dead=$((2 - $(cat "$FK/swapfit.alive" 2>/dev/null || echo 0)))
	echo "$dead cold ${n} MiB + hot 64 MiB in a $((lim + 64)) MiB scope with swap, both held 30 s: $([ $dead = 0 ] && echo yes || echo "no, $dead ended early"), swap used max ${swapmax} MiB, MemAvailable min ${minav} MiB, full stall ${stall} ms"
}
scen_burst() {      # 6 waves of 12 short processes of 3% of RAM each, at full speed; each exits by itself
	local each=$((TOTAL_MIB * 3 / 100))
	in_scope burst bash -c 'bad=0; for w in 1 2 3 4 5 6; do ps=(); for i in $(seq 12); do "$1" --total "$2" --name cc1 & ps+=($!); done
		for p in "${ps[@]}"; do wait "$p" || bad=$((bad + 1)); done; done; echo $bad > "$3"' _ "$MEMHOG_BIN" "$each" "$FK/burst.bad" &
	local p=$!
	read -r dirty minav stall swapmax < <(watch_mem "$p")
	wait "$p"
	local bad; bad=$(cat "$FK/burst.bad" 2>/dev/null || echo 72)
	echo "$bad 72 processes of ${each} MiB, ended by a signal: $bad, MemAvailable min ${minav} MiB, full stall ${stall} ms"
}
# --- real exhaustion: a leak at full speed; who stopped it, and when (ms since the trace's start)
scen_exhaust() {
	local run=$1
	local sig=$FK/exhaust-$tool-$run.sig p st k0 k1 actor real_ms=NA
	: > "$sig"
	k0=$(global_oom_kills)
	rec_start "exhaust-$tool-$run"
	in_scope leak "$MEMHOG_BIN" --rate 0 --name leak --log-signal "$sig" &
	p=$!
	local t0=$SECONDS
	while kill -0 "$p" 2>/dev/null && [ $((SECONDS - t0)) -lt 400 ]; do sleep 0.2; done
	kill -KILL "$p" 2>/dev/null
	wait "$p"; st=$?
	sleep 3
	rec_stop
	k1=$(global_oom_kills)
	local mono0; mono0=$(head -1 "$FK/exhaust-$tool-$run.trace" | python3 -c 'import json,sys; print(json.load(sys.stdin)["start_monotonic_ms"])')
	read -r signo stime sender < <(head -1 "$sig")
	if [ $((SECONDS - t0)) -ge 400 ]; then actor="none in 400 s"
	elif [ "$((k1 - k0))" -gt 0 ] && [ -z "${signo:-}" ]; then actor=kernel
	elif [ -n "${signo:-}" ] && [ "$sender" = "$DPID" ]; then actor="$tool (signal $signo)"
	elif [ -n "${signo:-}" ]; then actor="pid $sender (signal $signo)"
	elif [ "$st" = 137 ] && [ "$tool" = systemd-oomd ] && journalctl -u systemd-oomd --since "@$T_START" | grep -q 'Killed'; then actor="$tool (SIGKILL of the scope)"
	else actor="unknown (status $st)"; fi
	[ -n "${signo:-}" ] && real_ms=$(echo "$stime * 1000 - $mono0" | bc | cut -d. -f1)
	[ "$actor" = "$tool (SIGKILL of the scope)" ] && real_ms=$(journalctl -u systemd-oomd --since "@$T_START" -o json | python3 -c "
import json, sys
for l in sys.stdin:
    e = json.loads(l)
    if 'Killed' in e.get('MESSAGE', ''):
        print(int(e['__MONOTONIC_TIMESTAMP']) // 1000 - $mono0); break")
	local kk=$((k1 - k0)) before=yes
	[ "$kk" -gt 0 ] && before=no
	echo "$actor" > "$FK/exhaust-$tool-$run.actor"
	"$OG" replay "$FK/exhaust-$tool-$run.trace" --json -p earlyoom -p "oomguard:$DTMP/empty.conf" -p nohang -p systemd-oomd \
		> "$FK/exhaust-$tool-$run.replay.json" 2> "$FK/exhaust-$tool-$run.replay.err"
	python3 - "$FK/exhaust-$tool-$run.replay.json" "$tool" "$run" "$actor" "$real_ms" >> "$acc" <<'PY'
import json, sys
path, tool, run, actor, real = sys.argv[1:]
d = json.load(open(path))
near = str(json.loads(open(path.replace(".replay.json", ".trace")).readline()).get("near_ms", 100))
for p in d["policies"]:
    t = p["t_ms"] if p["acted"] else None
    diff = (t - int(real)) if (t is not None and real not in ("NA", "")) else None
    w = [str(p.get(k)) if p["acted"] and p.get(k) is not None else "NA" for k in ("window_from_ms", "window_to_ms")]
    print("\t".join([tool, run, actor, real or "NA", p["spec"].split(":")[0], "NA" if t is None else str(t),
                     "NA" if diff is None else str(diff), near] + w))
k = d["kernel"]
print("\t".join([tool, run, actor, real or "NA", "kernel", str(k["t_ms"]) if k["oom_kill"] else "NA", "NA", near, "NA", "NA"]))
PY
	printf '%s\texhaust\t%s\t%s\t%s\t%s\tstopped by %s at %s ms of the trace; kernel kills %s; before the kernel: %s\n' \
		"$tool" "$run" "$([ "$before" = yes ] && [ "${actor%% *}" = "$tool" ] && echo acted-before-kernel || echo "$actor")" \
		"1" "$kk" "$actor" "$real_ms" "$kk" "$before" >> "$tsv"
}

for tool in $TOOLS; do
	tool_start "$tool" || { echo "cannot start $tool"; printf '%s\tall\t-\tcould not start\t-\t-\t-\n' "$tool" >> "$tsv"; tool_stop; continue; }
	echo "== $tool (main pid $DPID)"
	for scen in filecopy batch90 swapfit burst; do
		[[ $SCENARIOS == *" $scen "* ]] || continue
		wait_steady
		k0=$(global_oom_kills)
		rec_start "$scen-$tool"
		read -r deaths detail < <("scen_$scen")
		sleep 2
		rec_stop
		k1=$(global_oom_kills)
		outcome="no action"; [ "$deaths" != 0 ] && outcome="FALSE KILL"
		[ "$((k1 - k0))" -gt 0 ] && outcome="$outcome, kernel OOM"
		"$OG" replay "$FK/$scen-$tool.trace" --json -p earlyoom -p "oomguard:$DTMP/empty.conf" -p nohang -p systemd-oomd \
			> "$FK/$scen-$tool.replay.json" 2>/dev/null
		printf '%s\t%s\t1\t%s\t%s\t%s\t%s\n' "$tool" "$scen" "$outcome" "$deaths" "$((k1 - k0))" "$detail" >> "$tsv"
		echo "$tool $scen: $outcome ($detail)"
		sleep 2
	done
	for run in $(seq "$RUNS"); do
		[[ $SCENARIOS == *" exhaust "* ]] || break
		wait_steady
		scen_exhaust "$run"
		echo "$tool exhaust $run: $(cat "$FK/exhaust-$tool-$run.actor")"
		sleep 3
	done
	journalctl -u "$unit" --since "@$T_START" -o short-monotonic > "$FK/$tool.journal" 2>/dev/null
	tool_stop
	sleep 2
done
column -t -s $'\t' "$tsv"
column -t -s $'\t' "$acc"
pass
