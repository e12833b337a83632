# SPDX-License-Identifier: GPL-2.0-or-later
# As an unprivileged user (nobody, through setpriv), "No OOM kill found." never stands for "nothing
# could be read": on a fixture tree (--root) whose /dev/kmsg and var/log/syslog hold kills but are
# readable by root only, `events` and `explain` name the unreadable sources and exit 3; with one
# readable log without a kill, events says it found none in what it could read and names the rest.
source "$(dirname "$0")/lib.sh"
need_root
: "${OOMGUARD_FIXTURES:?run through meson test}"
TOOLS=$(cd "$(dirname "$0")/../tools" && pwd)
command -v setpriv >/dev/null || fail "setpriv (util-linux) is needed"
command -v python3 >/dev/null || fail "python3 is needed (bootstrap.sh installs it)"

tmp=$(mktemp -d)
on_exit "rm -rf '$tmp'"
chmod 755 "$tmp"
root=$tmp/root
mkdir -p "$root/dev" "$root/proc"
cp "$OOMGUARD_FIXTURES/logs-root/dev/kmsg" "$root/dev/kmsg"
printf 'cpu  1 0 1 100 0 0 0 0 0 0\nbtime %d\n' $(( $(date +%s) - 3600 )) > "$root/proc/stat"
python3 "$TOOLS/rotated_syslog.py" "$root" "$OOMGUARD_FIXTURES" syslog:20000:v6.8-global-many-processes.txt \
	>/dev/null || fail "could not write the syslog"
chmod -R a+rX "$root"
chmod 600 "$root/dev/kmsg" "$root/var/log/syslog"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

# root reads both
out=$("$OG" --root "$root" events 2>&1) || fail "events as root failed: $out"
grep -qF 'php-fpm8.2[1233]' <<<"$out" && grep -qF '[20644]' <<<"$out" ||
	fail "events as root does not show the two kills: $out"

# nobody reads nothing
out=$(as_nobody "$OG" --root "$root" events 2>"$tmp/err"); rc=$?
[ $rc -eq 3 ] || fail "events with no readable source exited $rc, not 3: $out $(cat "$tmp/err")"
grep -q 'No OOM kill found' <<<"$out" && fail "events says 'No OOM kill found' having read nothing: $out"
grep -q '^oomguard: events: no kernel log could be read: .*/dev/kmsg' "$tmp/err" && grep -q 'syslog' "$tmp/err" ||
	fail "events does not name the unreadable sources: $(cat "$tmp/err")"
out=$(as_nobody "$OG" --root "$root" explain 2>"$tmp/err"); rc=$?
[ $rc -eq 3 ] || fail "explain with no readable source exited $rc, not 3: $out $(cat "$tmp/err")"
grep -q '^oomguard: explain: no kernel log could be read: .*/dev/kmsg' "$tmp/err" && grep -q 'syslog' "$tmp/err" ||
	fail "explain does not name the unreadable sources: $(cat "$tmp/err")"

# nobody reads one log, without a kill: none found there, and the rest named
python3 "$TOOLS/rotated_syslog.py" "$root" "$OOMGUARD_FIXTURES" kern.log:4000:- >/dev/null ||
	fail "could not write kern.log"
chmod 644 "$root/var/log/kern.log"
out=$(as_nobody "$OG" --root "$root" events 2>"$tmp/err"); rc=$?
[ $rc -eq 0 ] || fail "events with one readable log exited $rc: $out $(cat "$tmp/err")"
[ "$out" = "No OOM kill found in the logs that could be read." ] ||
	fail "events does not say it read only some logs: $out"
grep -q 'could not read .*/dev/kmsg.*syslog.*permission denied' "$tmp/err" ||
	fail "events does not name what it could not read: $(cat "$tmp/err")"
pass
