#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark (not a test): `oomguard events` on a syslog file of SIZE_MIB (default 1024) with OOM
# reports embedded among ordinary lines, beside `grep -c 'Killed process'` on the same file, warm
# cache, best of RUNS (default 3).  Prints wall time and peak RSS of each and the ratios; fails (and
# prints no ratio) when a command fails or the kills either finds differ from the reports embedded.
# Usage: bench/events_vs_grep.sh [path/to/oomguard]   (env: SIZE_MIB, RUNS, TMPDIR)
set -euo pipefail
cd "$(dirname "$0")/.."
OG=${1:-build/oomguard}
SIZE_MIB=${SIZE_MIB:-1024}
RUNS=${RUNS:-3}
[ -x "$OG" ] || { echo "no oomguard binary at $OG (build first or pass its path)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time; Debian package 'time')" >&2; exit 2; }
command -v cc >/dev/null || { echo "needs a C compiler for the generator" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/oomguard-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The generator: ordinary lines from several programs (about one in six from the kernel, e.g.
# firewall logs) and, every 4 MiB, the 78-line OOM report of tests/fixtures/logs with a new pid.
cat > "$work/gen.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static const char *const noise[] = {
	"sshd[%d]: Accepted publickey for deploy from 198.51.100.%d port 51234 ssh2: ED25519 SHA256:q3v2kX",
	"CRON[%d]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1 # %d)",
	"systemd[1]: Started session-%d.scope - Session %d of User deploy.",
	"kernel: [%d.%06d] [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56 SRC=203.0.113.9 DST=192.0.2.1 LEN=60 PROTO=TCP",
	"postfix/smtpd[%d]: connect from unknown[192.0.2.%d]",
	"nginx[%d]: 192.0.2.44 - - \"GET /api/v1/items?page=%d HTTP/1.1\" 200 5123 \"-\" \"curl/8.5.0\"",
};
int main(int argc, char **argv)
{
	long long target = atoll(argv[1]) << 20, written = 0, next_report = 4LL << 20;
	char rep[128][512];
	int nrep = 0, pid = 30000, sec = 0, embedded = 0;
	FILE *r = fopen(argv[2], "r");
	char line[600];
	while (r && nrep < 128 && fgets(line, sizeof(line), r)) {
		char *m = strchr(line, ']');   /* "[  547.516850] msg" -> msg */
		if (m && m[1] == ' ' && strstr(line, "Linux version") == NULL) {
			strncpy(rep[nrep], m + 2, sizeof(rep[0]) - 1);
			rep[nrep][strcspn(rep[nrep], "\n")] = 0;
			nrep++;
		}
	}
	static char out[1 << 20];
	setvbuf(stdout, out, _IOFBF, sizeof(out));
	for (long long i = 0; written < target; i++) {
		if (i % 100 == 0)
			sec++;
		char stamp[32];
		snprintf(stamp, sizeof(stamp), "Nov %2d %02d:%02d:%02d", 1 + (sec / 86400) % 28,
			 (sec / 3600) % 24, (sec / 60) % 60, sec % 60);
		if (written >= next_report && nrep) {
			char pidtxt[16];
			snprintf(pidtxt, sizeof(pidtxt), "%d", ++pid);
			for (int k = 0; k < nrep; k++) {
				/* the fixture's victim pid 20644 becomes this report's pid */
				char buf[600], *p = strstr(rep[k], "20644");
				if (p)
					snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(p - rep[k]), rep[k], pidtxt, p + 5);
				else
					snprintf(buf, sizeof(buf), "%s", rep[k]);
				written += printf("%s web1 kernel: [%d.%06d] %s\n", stamp, sec, k, buf);
			}
			next_report += 4LL << 20;
			embedded++;
			continue;
		}
		const char *t = noise[i % 6];
		written += printf("%s web1 ", stamp);
		written += printf(t, (int)(i % 30000) + 1000, (int)(i % 250));
		written += printf("\n");
	}
	fflush(stdout);
	fprintf(stderr, "%d\n", embedded);   /* how many reports: the benchmark checks both found all */
	return 0;
}
C
cc -O2 -o "$work/gen" "$work/gen.c"
echo "generating ${SIZE_MIB} MiB of syslog in $work ..."
"$work/gen" "$SIZE_MIB" tests/fixtures/logs/dmesg-raw.txt > "$work/syslog" 2> "$work/embedded"
embedded=$(cat "$work/embedded")
[ "$embedded" -gt 0 ] || { echo "the generator embedded no OOM report" >&2; exit 1; }
ls -l "$work/syslog" | awk '{printf "file: %.0f MiB, ", $5 / 1048576}'
wc -l < "$work/syslog" | awk '{printf "%d lines\n", $1}'
cat "$work/syslog" > /dev/null   # warm the page cache

# measure NAME CMD...: runs CMD RUNS times; writes "best_wall_s peak_rss_kib" to $work/NAME.m and
# the last run's output to $work/NAME.out.  A run that fails ends the benchmark (no figure from a
# command that did not do its work).  Wall time from bash's microsecond clock; RSS from GNU time.
measure() {
	local name=$1 best_us="" best_m="" us m t0 t1 st
	shift
	for _ in $(seq 1 "$RUNS"); do
		t0=$EPOCHREALTIME
		/usr/bin/time -o "$work/time" -f '%M' "$@" > "$work/$name.out" 2> "$work/$name.err" && st=0 || st=$?
		t1=$EPOCHREALTIME
		[ "$st" = 0 ] || { echo "FAILED: $* exited $st: $(head -c 300 "$work/$name.err")" >&2; exit 1; }
		us=$(( ${t1/./} - ${t0/./} ))
		m=$(tail -1 "$work/time")
		if [ -z "$best_us" ] || [ "$us" -lt "$best_us" ]; then best_us=$us; fi
		if [ -z "$best_m" ] || [ "$m" -gt "$best_m" ]; then best_m=$m; fi
	done
	awk -v us="$best_us" -v m="$best_m" 'BEGIN { printf "%.6f %d\n", us / 1e6, m }' > "$work/$name.m"
}

measure og "$OG" events "$work/syslog"
read -r og_t og_m < "$work/og.m"
measure grep grep -c 'Killed process' "$work/syslog"
read -r gr_t gr_m < "$work/grep.m"
events=$(grep -c . "$work/og.out")
kills=$(cat "$work/grep.out")
# every embedded report must be found, by both (outside the timed runs: oomguard's JSON, one kill a line)
"$OG" events --json "$work/syslog" > "$work/og.json" || { echo "FAILED: oomguard events --json" >&2; exit 1; }
og_kills=$(grep -c '"victim":{' "$work/og.json" || true)
printf '%-34s %9s %12s\n' "command" "wall s" "peak RSS MiB"
printf '%-34s %9.3f %12.1f   (%d lines of output, %d kills in --json)\n' "oomguard events FILE" "$og_t" "$(awk -v m="$og_m" 'BEGIN { print m / 1024 }')" "$events" "$og_kills"
printf '%-34s %9.3f %12.1f   (%s matching lines)\n' "grep -c 'Killed process' FILE" "$gr_t" "$(awk -v m="$gr_m" 'BEGIN { print m / 1024 }')" "$kills"
echo "reports embedded: $embedded; found by oomguard: $og_kills; by grep: $kills"
if [ "$og_kills" != "$embedded" ] || [ "$kills" != "$embedded" ]; then
	echo "FAILED: the kills found differ from the $embedded reports embedded: no ratio from an incomplete run" >&2
	exit 1
fi
awk -v a="$og_t" -v b="$gr_t" 'BEGIN {
	if (b < 0.001) { print "time ratio oomguard/grep: not measured (grep took under 1 ms: raise SIZE_MIB)"; exit }
	printf "time ratio oomguard/grep: %.2fx (target <= 2x): %s\n", a / b, a / b <= 2 ? "met" : "MISSED" }'
awk -v m="$og_m" 'BEGIN { printf "oomguard peak RSS: %.1f MiB (target < 16 MiB): %s\n", m / 1024, m < 16384 ? "met" : "MISSED" }'
