# SPDX-License-Identifier: GPL-2.0-or-later
# Partial input still gives what it holds: a missing file among several gets its own error line
# while the others' kills are shown; a truncated .gz gives the kills of its readable part and a
# warning; a kill line longer than the reader's 1 MiB buffer is reported as cut, not dropped
# silently.  For `events` and `explain`, on files made here from real reports (tests/fixtures).
source "$(dirname "$0")/lib.sh"
: "${OOMGUARD_FIXTURES:?run through meson test}"
TOOLS=$(cd "$(dirname "$0")/../tools" && pwd)
command -v python3 >/dev/null || fail "python3 is needed (bootstrap.sh installs it)"
command -v gzip >/dev/null || fail "gzip is needed (bootstrap.sh installs it)"

tmp=$(mktemp -d)
on_exit "rm -rf '$tmp'"
python3 "$TOOLS/rotated_syslog.py" "$tmp" "$OOMGUARD_FIXTURES" \
	old.log:20000:v3.10-rhel7-global.txt new.log:20000:v6.8-global-many-processes.txt >/dev/null ||
	fail "could not write the logs"
cd "$tmp/var/log" || fail "no log folder"

# ---- a missing file among several ----
out=$("$OG" events old.log missing.log new.log 2>"$tmp/err"); rc=$?
[ $rc -eq 1 ] || fail "events with a missing file exited $rc, not 1"
grep -qF 'java[30912]' <<<"$out" || fail "the kill in old.log is not shown: $out"
grep -qF 'php-fpm8.2[1233]' <<<"$out" || fail "the kill in new.log is not shown: $out"
[ "$(grep -c 'missing.log' "$tmp/err")" -eq 1 ] && grep -q '^oomguard: missing.log: No such file or directory$' "$tmp/err" ||
	fail "no one error line for missing.log: $(cat "$tmp/err")"
out=$("$OG" explain old.log missing.log new.log 2>"$tmp/err"); rc=$?
[ $rc -eq 1 ] || fail "explain with a missing file exited $rc, not 1"
grep -q 'php-fpm8.2 (pid 1233,' <<<"$out" || fail "explain does not explain the latest kill: $out"
grep -q '^oomguard: missing.log: No such file or directory$' "$tmp/err" ||
	fail "explain: no error line for missing.log: $(cat "$tmp/err")"

# ---- a truncated .gz: the first kill is in its readable part, the second is lost ----
{
	cat old.log
	head -c $((3 << 20)) /dev/urandom | base64 -w 76 | sed 's/^/Dec  1 00:00:00 testhost app: /'
	cat new.log
} | gzip -1 > whole.gz
head -c $(( $(stat -c %s whole.gz) / 2 )) whole.gz > cut.gz
out=$("$OG" events cut.gz 2>"$tmp/err"); rc=$?
[ $rc -eq 0 ] || fail "events on a truncated .gz exited $rc: $(cat "$tmp/err")"
grep -qF 'java[30912]' <<<"$out" || fail "the kill before the damage is not shown: $out"
grep -qF 'php-fpm8.2' <<<"$out" && fail "a kill after the damage is shown: $out"
grep -Eq '^oomguard: cut.gz: warning: corrupt or truncated gzip data after line [0-9]+' "$tmp/err" ||
	fail "no warning about the truncated data: $(cat "$tmp/err")"
out=$("$OG" explain cut.gz 2>"$tmp/err"); rc=$?
[ $rc -eq 0 ] || fail "explain on a truncated .gz exited $rc: $(cat "$tmp/err")"
grep -q 'java (pid 30912,' <<<"$out" || fail "explain does not explain the readable kill: $out"
grep -q 'cut.gz: warning: corrupt or truncated gzip data' "$tmp/err" ||
	fail "explain: no warning about the truncated data: $(cat "$tmp/err")"
# the whole file has both
out=$("$OG" events whole.gz 2>&1) || fail "events on the whole .gz failed: $out"
grep -qF 'php-fpm8.2[1233]' <<<"$out" && grep -qF 'java[30912]' <<<"$out" ||
	fail "the whole .gz does not give both kills: $out"

# ---- a kill line longer than the line buffer (1 MiB) ----
python3 - new.log long.log <<'PY' || fail "could not write long.log"
import sys
with open(sys.argv[1]) as src, open(sys.argv[2], "w") as dst:
    for line in src:
        if "Killed process" in line:
            line = line.rstrip("\n") + " " + "x" * (2 << 20) + "\n"
        dst.write(line)
PY
kill_line=$(grep -n 'Killed process' long.log | cut -d: -f1)
out=$("$OG" events long.log 2>"$tmp/err"); rc=$?
[ $rc -eq 0 ] || fail "events on long.log exited $rc: $(cat "$tmp/err")"
grep -qF 'php-fpm8.2[1233]' <<<"$out" || fail "the kill with the long line is not shown: $out"
grep -q "^oomguard: long.log: warning: line $kill_line is longer than 1 MiB and was read cut short" "$tmp/err" ||
	fail "the cut kill line (line $kill_line) is not reported: $(cat "$tmp/err")"
pass
