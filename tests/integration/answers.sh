# SPDX-License-Identifier: GPL-2.0-or-later
# Right answers and honest output on fixtures (issue 8): GFP wording, verdicts that agree with
# their evidence, check findings, option handling and output width.  No process is touched.
source "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
FIX="$here/../fixtures"
CHK=${OOMGUARD_CHECK_TREES:?run through meson test (the check trees are built there)}
[ -d "$CHK/check-swap-full" ] || fail "no check fixture trees in $CHK"
A="$FIX/answers"
R="$FIX/oom-reports"

# -- GFP: a memcg charge with GFP_KERNEL is process memory, 2.6's 0x201d2 is page cache
out=$("$OG" explain "$R/v5.10-memcg-v2.txt") || fail "explain memcg fixture"
echo "$out" | grep -q "That is kernel memory" && fail "memcg GFP_KERNEL charge called kernel memory: $out"
echo "$out" | grep -q "usually process memory" || fail "memcg GFP_KERNEL charge not explained: $out"
out=$("$OG" explain "$A/v2.6.9-page-cache-0x1d2.txt") || fail "explain 2.6.9 fixture"
echo "$out" | grep -q "GFP_HIGHUSER|__GFP_COLD" || fail "0x1d2 not decoded as GFP_HIGHUSER|__GFP_COLD: $out"
echo "$out" | grep -q "kernel memory" && fail "2.6 page-cache request called kernel memory: $out"

# -- verdicts agree with their evidence
out=$("$OG" explain "$A/v3.10-kill-lines-only.txt") || fail "explain kill-lines-only fixture"
v=$(echo "$out" | sed -n '/^Verdict/,$p')
echo "$v" | grep -q "one process, java (pid 30912)" || fail "score 932 on 3.10 does not name java: $v"
echo "$v" | grep -q "incomplete" || fail "report without Mem-Info and task table not called incomplete: $v"
out=$("$OG" explain "$A/v3.2-score-512-only.txt") || fail "explain score-512 fixture"
v=$(echo "$out" | sed -n '/^Verdict/,$p')
echo "$v" | grep -q "one process, mysqld (pid 2406), held about 51% of RAM+swap" || fail "score 512 on 3.2 does not name mysqld: $v"
out=$("$OG" explain "$R/v2.6.18-rhel5-global.txt") || fail "explain 2.6.18 fixture"
v=$(echo "$out" | sed -n '/^Verdict/,$p')
echo "$v" | grep -q "no single cause" && fail "95% anon with swap full called no single cause: $v"
echo "$v" | grep -q "one process filled memory.*perl" || fail "2.6.18 verdict does not name perl: $v"
for f in "$R"/*.txt "$A"/*.txt; do
	out=$("$OG" explain "$f") || fail "explain $f"
	if echo "$out" | grep -q "No task table"; then
		echo "$out" | grep -q "consumers below" && fail "$(basename "$f"): a next step points at a table not shown"
	fi
done

# -- check: legacy vm.oom-kill and a small ulimit -u (the unit test check_fixtures holds the
#    details); a pasted fork failure points at check's task limits
out=$("$OG" --root "$CHK/check-oom-kill-off" check 2>&1)
echo "$out" | grep -q "vm.oom-kill.off" || fail "vm.oom-kill=0 not flagged: $out"
out=$(printf 'Dec  1 10:00:00 web1 cron[100]: bash: fork: Cannot allocate memory\n' | "$OG" explain - 2>&1)
echo "$out" | grep -q "oomguard check" || fail "fork failure does not point at check: $out"
echo "$out" | grep -q "user.nproc.near_limit" || fail "fork failure does not name the task-limit findings: $out"
echo "$out" | grep -q "no OOM event found" && fail "fork failure answered with a bare no-event: $out"

# -- swap exhausted or hang signs: the fix names the early OOM daemon with its command
out=$("$OG" --root "$CHK/check-swap-full" check 2>&1)
echo "$out" | grep -q "^ *systemctl enable --now oomguard$" || fail "full swap: no early OOM daemon command: $out"
out=$("$OG" explain "$R/v2.6.18-rhel5-global.txt")
echo "$out" | grep -q "systemctl enable --now oomguard" || fail "explain, swap full: no early OOM daemon: $out"
out=$("$OG" explain "$A/v5.4-hung-task-before-oom.txt")
echo "$out" | grep -q "hung near this OOM" || fail "explain: hung task not noticed: $out"
echo "$out" | grep -q "systemctl enable --now oomguard" || fail "explain, hung task: no early OOM daemon: $out"
out=$("$OG" explain "$R/v5.4-global-single-process.txt")
echo "$out" | grep -q "hung near" && fail "explain: hang claimed without a hang sign: $out"

# -- protect and check agree: -1000 on a large process warns, and check then flags it.  The tree
#    is a copy of a fixture (protect writes its oom_score_adj files), never the live /proc.
tree=$(mktemp -d); on_exit rm -rf "'$tree'"
cp -r "$FIX/top-modern/." "$tree/"
err=$("$OG" --root "$tree" protect 18540 2>&1 >/dev/null) || fail "protect on the copied tree: $err"
echo "$err" | grep -q "mysqld (pid 18540) holds .*% of RAM+swap" || fail "protect -1000 on a large process did not warn: $err"
[ "$(cat "$tree/proc/18540/oom_score_adj")" = -1000 ] || fail "protect did not write the value"
out=$("$OG" --root "$tree" check 2>&1)
echo "$out" | grep -q "process.large_unkillable" || fail "check does not flag what protect warned about: $out"
err=$("$OG" --root "$tree" protect 700 2>&1 >/dev/null) || fail "protect sshd: $err"
[ -z "$err" ] || fail "protect warned about a small process: $err"

# -- options: globals before or after the command, one line for a bad option, contradictions refused
one_line_rc2() {   # one_line_rc2 PATTERN CMD...: exit 2 and exactly one line on stderr matching PATTERN
	local pat=$1 err rc; shift
	err=$("$@" 2>&1 >/dev/null); rc=$?
	[ $rc -eq 2 ] || fail "$*: exit $rc, not 2 ($err)"
	[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "$*: more than one line: $err"
	printf '%s\n' "$err" | grep -q -- "$pat" || fail "$*: '$err' does not say '$pat'"
}
one_line_rc2 "oomguard top: unknown option --foo (see oomguard top --help)" "$OG" top --foo
one_line_rc2 "option --sort needs a value" "$OG" top --sort
one_line_rc2 "unknown option -z" "$OG" events -z
one_line_rc2 "oomguard: unknown option --frobnicate (see oomguard --help)" "$OG" --frobnicate
one_line_rc2 "--list: only shows the values; it takes no --adj" "$OG" protect --list --adj 5
one_line_rc2 "--undo: .* takes no --adj" "$OG" protect --undo --adj -500 sshd
one_line_rc2 "--since: is later than --until" "$OG" events --since 2024-01-02 --until 2024-01-01 "$R/v5.4-global-single-process.txt"
one_line_rc2 "has no JSON output" "$OG" --json protect --list
before=$("$OG" --root "$FIX/top-modern" --color never top -n 3) || fail "top with globals before"
after=$("$OG" top -n 3 --root "$FIX/top-modern" --color=never) || fail "top with globals after"
[ "$before" = "$after" ] || fail "--root/--color after the command differ from before it"
"$OG" --json --root "$FIX/top-modern" top -n 1 | grep -q '"schema":"oomguard-top/' || fail "--json before the command"
"$OG" events --json --root "$FIX/logs-root" >/dev/null || fail "events --json --root after the command"

# -- top --watch on a terminal (a pty from script(1)): q quits, and no screen is taller than the
#    terminal, so the headline never scrolls away
if command -v script >/dev/null; then
	scr=$(mktemp); on_exit rm -f "'$scr'"
	(sleep 1.5; printf q) | timeout 15 script -qfec "stty rows 12 cols 80; '$OG' --root '$FIX/top-modern' top --watch 0.3" /dev/null > "$scr"
	rc=$?
	[ $rc -eq 0 ] || fail "top --watch did not quit on q (exit $rc)"
	awk 'BEGIN { RS = "\033\\[H\033\\[2J" } NR > 1 {
		n = split($0, l, "\n"); if (l[n] == "") n--; if (n > 12) { print "screen " NR - 1 " has " n " rows"; bad = 1 }
		if ($0 !~ /^[^\n]*If memory ran out now/) { print "screen " NR - 1 " does not start with the headline"; bad = 1 }
	} END { if (NR < 2) { print "no screen"; bad = 1 } exit bad }' "$scr" || fail "top --watch screens: see above"
else
	echo "note: script(1) missing: top --watch on a terminal not tried"
fi

# -- every default output and every --help fits 80 columns when stdout is no terminal; only a
#    command or a single word longer than a line may overrun (neither is ever broken)
export LC_ALL=C.UTF-8
unset COLUMNS
wide() {   # wide WHAT: prints the lines over 80 columns that are not one whole command
	W="$1" perl -CSD -ne 'chomp; print "$ENV{W}: " . length($_) . ": $_\n"
		if length($_) > 80 && !/^ +(paste|grep|sed|systemctl|echo) / && !/^ *\S+$/'
}   # (a single word longer than a line, a cgroup name for one, cannot be wrapped either)
bad=$(
	for c in report top protect events explain check daemon record replay; do "$OG" $c --help | wide "$c --help"; done
	for f in "$FIX"/traces/*.trace; do "$OG" replay "$f" | wide "replay $(basename "$f")"; done
	"$OG" --help | wide "--help"
	"$OG" --root "$FIX/top-modern" top | wide top
	"$OG" --root "$FIX/top-modern" top -n 0 --sort name | wide "top -n 0"
	"$OG" events "$R"/*.txt 2>/dev/null | wide events
	"$OG" --root "$FIX/logs-root" events 2>/dev/null | wide "events --root"
	# (relative names: a file name is one word, and a long one could not be wrapped)
	for f in "$R"/*.txt "$A"/*.txt; do (cd "$(dirname "$f")" && "$OG" explain "$(basename "$f")") | wide "explain $(basename "$f")"; done
	for f in "$CHK"/check-*; do "$OG" --root "$f" check 2>/dev/null | wide "check $(basename "$f")"; done
	for f in "$CHK"/check-*; do "$OG" --root "$f" report --no-logs 2>/dev/null | wide "report $(basename "$f")"; done
	"$OG" protect --list | wide "protect --list"
)
[ -z "$bad" ] || fail "wider than 80 columns: $bad"
# a wider terminal (COLUMNS) gets the wide tables
[ "$(COLUMNS=200 "$OG" events "$R"/*.txt 2>/dev/null | head -1 | grep -c TRIGGER)" = 1 ] || fail "COLUMNS=200 does not widen events"
[ "$(COLUMNS=200 "$OG" --root "$FIX/top-modern" top | grep -c "FILE  SHMEM")" = 1 ] || fail "COLUMNS=200 does not widen top"

# -- a command to paste is never broken across lines
"$OG" explain "$R/v5.4-global-single-process.txt" |
	grep -q "systemctl set-property app.service MemoryHigh=... MemoryMax=...$" || fail "explain broke a command"
"$OG" --root "$CHK/check-tasks-near-limit" check | grep -q "sysctl -w kernel.pid_max=4194304" ||
	fail "check broke a command: $("$OG" --root "$CHK/check-tasks-near-limit" check)"
out=$("$OG" --root "$CHK/check-cgroup-v1-pids" report --no-logs)
echo "$out" | grep -q "^ *paste -sd, /sys/fs/cgroup/pids/system.slice/builder.service/cgroup.procs | xargs -r ps -o nlwp,pid,comm --sort=-nlwp -p | head$" ||
	fail "report broke its first step's command: $out"

# -- docs match behaviour: the daemon's reason names, the exit codes of the man page
top_dir="$here/../.."
names=$(sed -n '/^const char \*trigger_cause_name/,/^}/p' "$top_dir/src/lib/policy/trigger.c" | grep -o 'return "[a-z-]*"' | grep -v '"none"' | cut -d'"' -f2)
[ -n "$names" ] || fail "no reason names found in trigger.c"
for d in doc/events.md doc/events-json.md doc/daemon-events-json.md; do
	for n in $names; do grep -q "\`$n\`" "$top_dir/$d" || fail "$d does not name the daemon reason $n"; done
	grep -q '`mem+swap`\|(`mem`' "$top_dir/$d" && fail "$d names reasons the daemon never writes"
done
"$OG" daemon --check-config --mem nonsense >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "daemon --check-config with a bad option exits $rc"
grep -q 'and exit 0; or print the one-line error and exit 2' "$top_dir/man/oomguard-daemon.8" ||
	fail "the man page does not give --check-config's exit 2"
"$OG" check --bogus >/dev/null 2>&1; rc=$?
[ $rc -eq 3 ] || fail "check with a bad option exits $rc"
grep -q 'exits 0 with nothing or only info, 1 with warnings, 2 with critical findings, and 3 on an' "$top_dir/man/oomguard.8" ||
	fail "the man page's EXIT STATUS does not give check's 3"

pass
