# SPDX-License-Identifier: GPL-2.0-or-later
# `oomguard report` stays one screen (at most 50 lines of at most 80 columns) whatever the
# history: on a fixture tree (--root) whose /dev/kmsg holds 40 OOM reports of the last hour it
# shows the latest three, groups the rest with the right counts, names a real event id, and its
# --json carries every kill and group.  On this machine, as root and as nobody: it fits, colour
# only when asked, one line on what it could not see.  (Its speed is for a benchmark, not a test.)
source "$(dirname "$0")/lib.sh"
need_root
: "${OOMGUARD_FIXTURES:?run through meson test}"

tmp=$(mktemp -d)
on_exit "rm -rf '$tmp'"

# Display columns of the widest line (bash counts characters in a UTF-8 locale).
max_cols() {
	local line max=0
	while IFS= read -r line; do
		[ ${#line} -gt $max ] && max=${#line}
	done
	echo $max
}

fits_screen() {  # fits_screen WHAT TEXT
	local what=$1 text=$2 lines cols
	lines=$(wc -l <<<"$text")
	cols=$(LC_ALL=C.UTF-8 max_cols <<<"$text")
	[ "$lines" -le 50 ] || fail "$what: $lines lines (over 50): $text"
	[ "$cols" -le 80 ] || fail "$what: a line of $cols columns (over 80): $text"
}

# ---- a fixture machine with 40 OOM kills in the last hour ----
root=$tmp/root
mkdir -p "$root"
cp -r "${OOMGUARD_CHECK_TREES:?run through meson test}/check-cgroup-v1-hybrid/." "$root/"
cp -r "$OOMGUARD_FIXTURES/top-modern/." "$root/"
mkdir -p "$root/dev" "$root/proc/sys/kernel"
echo fixturehost > "$root/proc/sys/kernel/hostname"
boot=$(( $(date +%s) - 3600 ))
printf 'cpu  1 0 1 100 0 0 0 0 0 0\nbtime %d\nprocesses 100\n' "$boot" > "$root/proc/stat"
# and risky settings enough for more findings than the screen lists
echo 1 > "$root/proc/sys/vm/oom_kill_allocating_task"
echo 0 > "$root/proc/sys/vm/vfs_cache_pressure"
echo 1 > "$root/proc/sys/vm/panic_on_oom"
echo 0 > "$root/proc/sys/vm/oom_dump_tasks"

# Kill i (0-39) at boot + 60 + 60 i seconds: 28 "worker" in /batch/job-0..9, one "cron", one
# "sshd", six "java" in /system.slice/app.service, one machine-wide kill (java, from a 5.4 report),
# then three "postgres" in /db.slice/pg.service: the latest three.
awk -v memcg="$OOMGUARD_FIXTURES/logs-root/dev/kmsg" \
    -v global="$OOMGUARD_FIXTURES/oom-reports/v5.4-global-single-process.txt" '
function repl(s, from, to,    out, i) {
	out = ""
	while ((i = index(s, from)) > 0) {
		out = out substr(s, 1, i - 1) to
		s = substr(s, i + length(from))
	}
	return out s
}
BEGIN {
	n = 0
	while ((getline l < memcg) > 0) {
		semi = index(l, ";"); split(substr(l, 1, semi - 1), h, ",")
		if (n == 0) t0 = h[3]
		mpri[n] = h[1]; moff[n] = h[3] - t0; mmsg[n] = substr(l, semi + 1); n++
	}
	mn = n; n = 0
	while ((getline l < global) > 0) {
		close_b = index(l, "]"); ts = substr(l, 2, close_b - 2); gsub(/ /, "", ts)
		split(ts, p, "."); us = p[1] * 1000000 + p[2]
		if (n == 0) g0 = us
		goff[n] = us - g0; gmsg[n] = substr(l, close_b + 2); n++
	}
	gn = n; seq = 1000
	for (i = 0; i < 40; i++) {
		base = (60 + 60 * i) * 1000000
		if (i == 36) {
			for (j = 0; j < gn; j++)
				printf "4,%d,%d,-;%s\n", seq++, base + goff[j], gmsg[j]
			continue
		}
		comm = "worker"; cg = "/batch/job-" (i % 10)
		if (i == 28) comm = "cron"
		if (i == 29) comm = "sshd"
		if (i >= 30) { comm = "java"; cg = "/system.slice/app.service" }
		if (i >= 37) { comm = "postgres"; cg = "/db.slice/pg.service" }
		pid = 30000 + i
		for (j = 0; j < mn; j++) {
			m = repl(repl(repl(mmsg[j], "a b) (c", comm), "20644", pid), "/oomguard-sample-3776", cg)
			printf "%s,%d,%d,-;%s\n", mpri[j], seq++, base + moff[j], m
		}
	}
}' > "$root/dev/kmsg" || fail "could not write the kmsg fixture"

report=$(LC_ALL=C.UTF-8 "$OG" --root "$root" --color never report 2>&1) || fail "report on the fixture failed: $report"
fits_screen "fixture report" "$report"
grep -q "^OOM KILLS, LAST 7 DAYS  40 logged (1 machine-wide)" <<<"$report" ||
	fail "the kills title does not count 40 kills, 1 machine-wide: $report"
[ "$(grep -c '^  [0-9][0-9]-[0-9][0-9] [0-9:]*  postgres\[3003[789]\]' <<<"$report")" -eq 3 ] ||
	fail "the three latest kills (postgres 30037-30039) are not listed one by one: $report"
grep -q "earlier: 37 kills" <<<"$report" || fail "no 'earlier: 37 kills' line: $report"
grep -Eq '^ +28x worker +/batch/job-\* \(10\)' <<<"$report" ||
	fail "worker kills are not grouped as 28 in 10 cgroups: $report"
grep -Eq '^ +1x java +machine-wide ' <<<"$report" ||
	fail "the machine-wide kill is not shown before larger cgroup groups: $report"
grep -Eq '^ +8x other victims \(3 names\)' <<<"$report" || fail "the other 8 kills are not summed: $report"
id=$(sed -n 's/.*the latest: oomguard explain \([0-9a-f]\{12\}\)$/\1/p' <<<"$report")
[ -n "$id" ] || fail "no event id to explain: $report"
"$OG" --root "$root" events | grep -q "$id" || fail "id $id is not one of the events' ids"
grep -q "If memory ran out now, the kernel would kill" <<<"$report" || fail "no next-victim headline: $report"
nfind=$("$OG" --root "$root" check --json | jq '.findings | length')
[ "$nfind" -gt 5 ] || fail "the fixture should have more than 5 findings, has $nfind"
grep -q "^  and $((nfind - 4)) more: oomguard check$" <<<"$report" ||
	fail "$nfind findings are not capped at 4 + 'and $((nfind - 4)) more': $report"
[ "$(sed -n '/^WHAT TO DO FIRST/,/^$/p' <<<"$report" | grep -c '^  [0-9]\. ')" -le 3 ] ||
	fail "more than three first steps: $report"

json=$("$OG" --root "$root" report --json) || fail "report --json on the fixture failed"
python3 -m json.tool >/dev/null <<<"$json" || fail "report --json is not valid JSON"
jq -e '.oom_kills.count == 40 and (.oom_kills.kills | length) == 40 and .oom_kills.recent == 3
       and ([.oom_kills.groups[].count] | add) == 37 and .oom_kills.machine_wide == 1
       and (.oom_kills.groups[0] | .comm == "worker" and .count == 28 and .cgroups == 10)
       and all(.oom_kills.kills[]; .id != null and .time_us != null)
       and (.oom_kills.kills[-1].comm == "postgres")
       and (.victims.headline | startswith("If memory ran out now"))
       and (.first_steps | length) <= 3' <<<"$json" >/dev/null ||
	fail "report --json does not carry the 40 kills and their groups: $(jq -c .oom_kills.groups <<<"$json")"
[ "$(jq -r '.oom_kills.kills[-1].id' <<<"$json")" = "$id" ] || fail "JSON latest id differs from the text"

# ---- this machine ----
start=$(date +%s%N)
live=$(LC_ALL=C.UTF-8 "$OG" report) || fail "report failed: $live"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
fits_screen "live report" "$live"
grep -q $'\033' <<<"$live" && fail "colour escapes in piped output"
grep -q $'\033\\[' <<<"$("$OG" --color always report)" || fail "--color always has no colour"
"$OG" report --json | jq -e '.victims.candidates > 0 and (.next_victims | length) > 0
	and (.next_victims[0].why | length) > 0' >/dev/null || fail "report --json lacks the victims"

nobody=$(setpriv --reuid=65534 --regid=65534 --clear-groups env LC_ALL=C.UTF-8 "$OG" report 2>&1) ||
	fail "report as nobody failed: $nobody"
fits_screen "report as nobody" "$nobody"
grep -qi "could not\|could be read\|not visible\|not readable" <<<"$nobody" || pass "as nobody everything was readable ($ms ms as root)"
[ "$(grep -ci "could not\|could be read\|not visible\|not readable" <<<"$nobody")" -le 2 ] ||
	fail "as nobody, more than two lines on what could not be read: $nobody"
pass "fixture: 40 kills on $(wc -l <<<"$report") lines; live report $ms ms"
