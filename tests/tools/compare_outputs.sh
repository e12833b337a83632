#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Proof that a refactor changes no output: runs every command of two oomguard binaries on every
# fixture tree, report file and daemon configuration (plus usage, help and bad-input cases) and
# compares stdout, stderr and the exit status byte for byte.  Prints one line per differing case
# with its diff, then "N cases, N identical, N differ"; exit 0 only when all are identical.
#   tests/tools/compare_outputs.sh OLD_BIN NEW_BIN      e.g. a build of the commit before a sweep
#   KEEP=DIR tests/tools/compare_outputs.sh ...         keeps the outputs below DIR/{old,new}
# Both binaries run from the source tree's root with TZ=UTC, LC_ALL=C and no colour; machine-
# dependent runs (no --root) are left out, so the same tree gives the same bytes twice.  Output
# stamped with the current time is compared again when a second ticked between the two runs.
set -uo pipefail
[ $# -eq 2 ] || { echo "usage: $0 OLD_BIN NEW_BIN" >&2; exit 2; }
old=$(realpath "$1") new=$(realpath "$2")
for b in "$old" "$new"; do [ -x "$b" ] || { echo "$0: $b: not an executable" >&2; exit 2; }; done
cd "$(dirname "$0")/../.."
out=${KEEP:-$(mktemp -d)}
mkdir -p "$out/old" "$out/new"
export TZ=UTC LC_ALL=C
unset OOMGUARD_ROOT NOTIFY_SOCKET
F=tests/fixtures
# the check trees (one base and an overlay per case in $F/check/) are built once for both binaries
T=$out/check-trees
tests/tools/check_trees.sh "$T" || exit 2

# One case per line: arguments separated by spaces (no argument here holds a space).
cases() {
	local d f c
	for c in "" report top protect events explain check daemon; do echo "$c --help"; done
	echo "--version"; echo "nosuchcommand"; echo "top --nosuchoption"
	for d in "$F"/*/ "$T"/*/; do
		d=${d%/}
		[ -d "$d/proc" ] || continue
		echo "--root $d report --no-logs"
		echo "--root $d report --json --no-logs"
		echo "--root $d report"
		echo "--root $d top"
		echo "--root $d top -n 0"
		echo "--root $d top --json -n 0"
		for s in rss swap adj pid name; do echo "--root $d top -n 5 --sort $s"; done
		echo "--root $d check --no-logs"
		echo "--root $d check"
		echo "--root $d check --json --no-logs"
		echo "--root $d check --fix-script --no-logs"
		echo "--root $d protect --list"
		echo "--root $d events"
		echo "--root $d events --json"
		echo "--root $d explain"
	done
	echo "check --thresholds"
	echo "--root $T/check-swap-full check --no-logs --set nosuch=1"
	echo "--root $T/check-swap-full top -n x"
	echo "--root $T/check-swap-full top --sort nosuch"
	for f in "$F"/oom-reports/* "$F"/logs/*; do
		[ -f "$f" ] || continue
		case $f in *.md) continue ;; esac
		echo "--root $F/logs-root events $f"
		echo "--root $F/logs-root events --json $f"
		echo "--root $F/logs-root events --stats $f"
		echo "--root $F/logs-root explain $f"
		echo "--root $F/logs-root explain --json $f"
		echo "--root $F/logs-root events --since 2020-01-01 --until 2030-01-01 $f"
	done
	# protect writes: each on a fresh copy of a fixture tree ("PROTECT" marks them); the tree's
	# oom_score_adj files and drop-ins afterwards are part of the output
	for a in "18540" "--adj 500 18540" "--persist 18540" "--undo 18540" "--persist 4242" \
		"18540 4242" "--all --regex ." "--regex (" "nosuchname" "999999999" "99999999999999" \
		"0" "2" "--adj 2000 1" "--adj x 1" "--list 1" ""; do
		echo "PROTECT protect $a"
	done
	# a write that fails halfway, so the ones written are put back: 4242's file stands in for one
	# the kernel refuses at write time, vm.swappiness, which reads as a number and rejects -1000
	# (EINVAL, range 0..200), so nothing on the machine changes (only -1000 is written here)
	echo "PROTECT_FULL protect 18540 4242"
	echo "PROTECT_FULL protect --all --regex ."
	echo "events --since nonsense $F/logs/kmsg.txt"
	echo "events $F/nosuchfile"
	echo "explain nosuchid $F/logs/kmsg.txt"
	# the daemon: every option through --check-config, good and bad values, files and drop-ins
	local cfg="--config /dev/null --check-config"
	echo "daemon $cfg"
	echo "daemon --config $F/daemon-config/full.conf --check-config"
	echo "daemon --config $F/daemon-config/broken.conf --check-config"
	echo "daemon --config $F/daemon-config --check-config"
	for a in "-m 20" "-m 20,5" "-m 5,20" "-m 101" "-m x" "--mem=15.5" "-s 30" "-s 30,40" \
		"-M 1G" "-M 1048576,1024" "-M 1G,2G" "-M x" "-S 512M" "-S 512M,128M" "-m 10 -M 1G" \
		"--prefer ^java$" "--avoid ^sshd$" "--ignore ^init$" "--prefer (" "--ignore-root-user" \
		"--no-ignore-root-user" "-n" "--notify" "-N /bin/true" "-P /bin/echo" "--pre-kill-hook none" \
		"--dry-run" "--dryrun" "-r 60" "-r x" "-r 700000" "-d" "-g" "--no-kill-group" \
		"--kill-scope cgroup" "--kill-scope nosuch" "--rule ignore name=^x$" \
		"--rule prefer cmdline=java scope=group delta=100" "--rule nosuch" "--cgroup /a/b" \
		"--cgroup rel" "--psi" "--no-psi" "--psi-stall-budget 0" "--psi-stall-budget 700000" \
		"--psi-stall 200" "--psi-stall 0" "--psi-stall 2000 --psi-window 1000" "--psi-window 400" \
		"--psi-window 5000" "--psi-full-avg10 50" "--psi-full-avg10 -1" "--psi-duration 5" \
		"--psi-duration 4000" "--psi-mem-guard 30" "--psi-mem-guard 200" "--rate" "--no-rate" \
		"--rate-horizon 500" "--rate-horizon auto" "--rate-horizon 0" "--grace 100,200" \
		"--grace 300,200" "--grace 100" "--cooldown 5000" "--cooldown -1" "--hook-timeout 50" \
		"--hook-timeout 0" "--event-log /tmp/x.jsonl" "--event-log rel" "--event-log none" \
		"--snapshot-dir /tmp/snaps" "--snapshot-dir none" "--log stderr" "--log journal" \
		"--log nosuch" "--syslog" "-i" "-p" "--nosuchoption" "--psi=maybe" "--no-mem" "-m" \
		"extra-argument" "--help -m 20"; do
		echo "daemon $cfg $a"
	done
}

n=0 same=0 differ=0
while IFS= read -r line; do
	n=$((n + 1))
	read -r -a args <<<"$line"
	# outputs stamped with the current second may straddle a tick: a difference is retried twice
	for try in 1 2 3; do
		for side in old new; do
			bin=$old; [ $side = new ] && bin=$new
			if [ "${args[0]}" = PROTECT ] || [ "${args[0]}" = PROTECT_FULL ]; then
				root="$out/$side/root"
				rm -rf "$root"; cp -a "$F/top-modern" "$root"
				[ "${args[0]}" = PROTECT_FULL ] && ln -sf /proc/sys/vm/swappiness "$root/proc/4242/oom_score_adj"
				timeout 60 "$bin" --color never --root "$root" "${args[@]:1}" >"$out/$side/$n.out" 2>"$out/$side/$n.err" </dev/null
				echo "exit $?" >>"$out/$side/$n.err"
				(cd "$root" && for f in proc/*/oom_score_adj proc/*/oom_adj $(find etc/systemd -type f 2>/dev/null | sort); do
					[ -f "$f" ] && [ ! -L "$f" ] && printf '%s: %s\n' "$f" "$(head -c 4096 "$f")"; done) >>"$out/$side/$n.out"
				sed -i "s#$root#ROOT#g" "$out/$side/$n.out" "$out/$side/$n.err"
				rm -rf "$root"
			else
				timeout 60 "$bin" --color never "${args[@]}" >"$out/$side/$n.out" 2>"$out/$side/$n.err" </dev/null
				echo "exit $?" >>"$out/$side/$n.err"
			fi
			sed -i "s#$bin#oomguard#g" "$out/$side/$n.err"   # the program's own path, if printed
		done
		cmp -s "$out/old/$n.out" "$out/new/$n.out" && cmp -s "$out/old/$n.err" "$out/new/$n.err" && break
	done
	if cmp -s "$out/old/$n.out" "$out/new/$n.out" && cmp -s "$out/old/$n.err" "$out/new/$n.err"; then
		same=$((same + 1))
	else
		differ=$((differ + 1))
		echo "DIFFERS: oomguard $line"
		diff -u "$out/old/$n.out" "$out/new/$n.out" | head -20
		diff -u "$out/old/$n.err" "$out/new/$n.err" | head -10
	fi
	printf '%s\n' "$line" >"$out/old/$n.cmd"
done < <(cases)
echo "$n cases, $same identical, $differ differ"
[ -z "${KEEP:-}" ] && rm -rf "$out"
[ $differ -eq 0 ] && [ $n -gt 0 ]
