#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What the daemon costs at rest, side by side with earlyoom in the same run (issue 14): resident
# memory (VmRSS), unique memory (USS: Private_Clean + Private_Dirty of /proc/PID/smaps_rollup),
# PSS, wake-ups per minute (voluntary context switches of all threads: each is one sleep, so one
# wake-up; the involuntary ones, preemptions while awake, are shown beside them: they follow the
# machine's load, not the daemon) and CPU time, over RUNS runs of SECONDS each, and where each daemon's private pages are (per mapping).
# oomguard runs as installed (`oomguard daemon`, which execs oomguard-daemon) and, for
# comparison, as the full binary in-process (OOMGUARD_DAEMON_FULL=1); both with their defaults
# (flight recorder on, 10 minutes) and --dry-run; earlyoom with --dryrun and -r 3600 (Debian's
# default arguments): neither can signal anything.  Not a test: run it by hand (bench/README.md).
# Everything it starts is stopped by pid, its files removed, on any exit.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-3}
SECONDS_IDLE=${1:-60}
WARMUP=${WARMUP:-5}
BUILD=${BUILD:-$ROOT/build}
OG=$BUILD/oomguard
[ -x "$OG" ] || { echo "idle_footprint: no $OG; build first" >&2; exit 2; }
[ -x "$BUILD/oomguard-daemon" ] || echo "idle_footprint: no $BUILD/oomguard-daemon: 'oomguard daemon' runs in-process" >&2
EARLYOOM=$(command -v earlyoom) || { echo "idle_footprint: earlyoom is not installed (apt-get install earlyoom, with a policy-rc.d answering 101 so its service does not start)" >&2; exit 2; }

tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
: > "$tmp/empty.conf"

ctxt() { cat /proc/"$1"/task/*/status 2>/dev/null | awk -v k="$2_ctxt_switches:" '$1 == k {s += $2} END {print s + 0}'; }
ticks() { awk '{print $14 + $15}' /proc/"$1"/stat; }
field() { awk -v k="$2:" '$1 == k {print $2; exit}' "/proc/$1/$3"; }
uss() { awk '$1 == "Private_Clean:" || $1 == "Private_Dirty:" {s += $2} END {print s + 0}' /proc/"$1"/smaps_rollup; }
# private KiB of PID by mapping: the executable, each library, heap, stack, other anonymous
private_by_mapping() {
	awk -v exe="$(readlink "/proc/$1/exe")" '
	/^[0-9a-f]+-[0-9a-f]+ / { n = $6 == "" ? "anonymous" : $6 == exe ? "executable" : $6
		sub(/.*\//, "", n); sub(/\.so.*/, ".so", n); next }
	$1 == "Private_Clean:" || $1 == "Private_Dirty:" { p[n] += $2 }
	END { for (k in p) if (p[k]) printf "%s %d, ", k, p[k] }' "/proc/$1/smaps" | sed 's/, $//'
}

tools=(oomguard oomguard-full earlyoom)
start() {
	local t=$1 run=$2
	case $t in
	oomguard)
		"$OG" daemon --config "$tmp/empty.conf" --dry-run --log stderr \
			--event-log "$tmp/events-$run.jsonl" --snapshot-dir "$tmp/snap-$run" > "$tmp/$t-$run.log" 2>&1 & ;;
	oomguard-full)
		OOMGUARD_DAEMON_FULL=1 "$OG" daemon --config "$tmp/empty.conf" --dry-run --log stderr \
			--event-log "$tmp/events-full-$run.jsonl" --snapshot-dir "$tmp/snap-full-$run" > "$tmp/$t-$run.log" 2>&1 & ;;
	earlyoom)
		"$EARLYOOM" --dryrun -r 3600 > "$tmp/$t-$run.log" 2>&1 & ;;
	esac
	pids+=("$!")
	echo "$!"
}

hz=$(getconf CLK_TCK)
rows=$tmp/rows.tsv
: > "$rows"
for run in $(seq 1 "$RUNS"); do
	declare -A pid=() c0=() n0=() t0=()
	for t in "${tools[@]}"; do pid[$t]=$(start "$t" "$run"); done
	sleep "$WARMUP"      # start-up (config, the first scan) is not rest
	for t in "${tools[@]}"; do
		kill -0 "${pid[$t]}" 2>/dev/null || { echo "idle_footprint: $t exited at start:" >&2; cat "$tmp/$t-$run.log" >&2; exit 1; }
		c0[$t]=$(ctxt "${pid[$t]}" voluntary); n0[$t]=$(ctxt "${pid[$t]}" nonvoluntary); t0[$t]=$(ticks "${pid[$t]}")
	done
	sleep "$SECONDS_IDLE"
	for t in "${tools[@]}"; do
		p=${pid[$t]}
		kill -0 "$p" 2>/dev/null || { echo "idle_footprint: $t exited during run $run" >&2; exit 1; }
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$t" "$(field "$p" VmRSS status)" "$(uss "$p")" \
			"$(field "$p" Pss smaps_rollup)" $(( $(ctxt "$p" voluntary) - c0[$t] )) $(( $(ticks "$p") - t0[$t] )) \
			"$(private_by_mapping "$p")" $(( $(ctxt "$p" nonvoluntary) - n0[$t] )) >> "$rows"
		kill -TERM "$p"
	done
	wait 2>/dev/null
	pids=()
done

echo "### Idle footprint: oomguard and earlyoom side by side ($RUNS runs of $SECONDS_IDLE s, after $WARMUP s of start-up)"
echo
echo "$(uname -r); earlyoom: $("$EARLYOOM" -v 2>&1 | head -1); oomguard: $("$OG" --version)."
echo "oomguard: \`oomguard daemon\` (execs oomguard-daemon); oomguard-full: the full binary in-process."
echo "USS = Private_Clean + Private_Dirty (smaps_rollup).  Wake-ups = voluntary context switches of all"
echo "threads (one per sleep); preempted = involuntary ones (while awake, by the machine's load)."
echo "mean (min-max) over runs; ratio = oomguard / earlyoom of the same run."
echo
echo "| tool | VmRSS KiB | USS KiB | PSS KiB | wake-ups per minute | preempted per minute | CPU ms per minute |"
echo "|---|---|---|---|---|---|---|"
awk -F'\t' -v s="$SECONDS_IDLE" -v hz="$hz" '
function add(k, x) { n[k]++; sum[k] += x; if (!(k in lo) || x < lo[k]) lo[k] = x; if (!(k in hi) || x > hi[k]) hi[k] = x }
function show(k, f) { return sprintf(f " (" f "-" f ")", sum[k] / n[k], lo[k], hi[k]) }
{ t = $2; seen[t] = 1; order[t] = order[t] ? order[t] : ++no; add(t SUBSEP "rss", $3); add(t SUBSEP "uss", $4); add(t SUBSEP "pss", $5)
  add(t SUBSEP "wake", $6 * 60 / s); add(t SUBSEP "cpu", $7 * 1000 / hz * 60 / s); add(t SUBSEP "pre", $9 * 60 / s)
  v[$1, t, "rss"] = $3; v[$1, t, "uss"] = $4; v[$1, t, "wake"] = $6 * 60 / s; runs[$1] = 1 }
END { for (t in order) name[order[t]] = t
	for (i = 1; i <= no; i++) { t = name[i]
		printf "| %s | %s | %s | %s | %s | %s | %s |\n", t, show(t SUBSEP "rss", "%.0f"), show(t SUBSEP "uss", "%.0f"),
			show(t SUBSEP "pss", "%.0f"), show(t SUBSEP "wake", "%.1f"), show(t SUBSEP "pre", "%.1f"), show(t SUBSEP "cpu", "%.1f") }
	print ""
	for (r in runs) { add("ratio" SUBSEP "rss", v[r, "oomguard", "rss"] / v[r, "earlyoom", "rss"])
		add("ratio" SUBSEP "uss", v[r, "oomguard", "uss"] / v[r, "earlyoom", "uss"])
		if (v[r, "oomguard", "rss"] < v[r, "earlyoom", "rss"]) rss_ok++
		if (v[r, "oomguard", "uss"] < v[r, "earlyoom", "uss"]) uss_ok++
		if (v[r, "oomguard", "wake"] <= 12) wake_ok++; nr++ }
	printf "- oomguard / earlyoom, same run: VmRSS %s, USS %s\n", show("ratio" SUBSEP "rss", "%.2f"), show("ratio" SUBSEP "uss", "%.2f")
	printf "- VmRSS below earlyoom'"'"'s: %s (%d of %d runs)\n", rss_ok == nr ? "met" : "MISSED", rss_ok, nr
	printf "- USS below earlyoom'"'"'s: %s (%d of %d runs)\n", uss_ok == nr ? "met" : "MISSED", uss_ok, nr
	printf "- at most 12 wake-ups per minute: %s (%d of %d runs)\n", wake_ok == nr ? "met" : "MISSED", wake_ok, nr }' "$rows"
echo
echo "Private KiB by mapping (last run):"
echo
awk -F'\t' -v last="$RUNS" '$1 == last { printf "- %s: %s\n", $2, $8 }' "$rows"
