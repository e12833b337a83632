# SPDX-License-Identifier: GPL-2.0-or-later
# The binary's global behaviour: --version, --help, unknown commands and bad --root fail cleanly;
# oomguard-daemon takes the global options as oomguard does.
source "$(dirname "$0")/lib.sh"

"$OG" --version | grep -Eq '^oomguard [0-9]+\.[0-9]+' || fail "--version"
"$OG" --help | grep -q 'Usage: oomguard' || fail "--help"
out=$("$OG" no-such-command 2>&1); rc=$?
[ $rc -eq 2 ] || fail "unknown command exit $rc"
[ "$(echo "$out" | wc -l)" -eq 1 ] || fail "unknown command error is not one line: $out"
out=$("$OG" --root /nonexistent-dir top 2>&1); rc=$?
[ $rc -ne 0 ] || fail "bad --root accepted"
echo "$out" | grep -q '/nonexistent-dir' || fail "bad --root error does not name the input: $out"

# oomguard and oomguard-daemon take the global options alike (cmd/cli): the same one line for a
# bad --color wherever it stands, and --root DIR / --root=DIR before or after the command
lean="$(dirname "$OG")/oomguard-daemon"
[ -x "$lean" ] || fail "no oomguard-daemon beside $OG"
tree=${OOMGUARD_CHECK_TREES:?run through meson test}/check-swap-full
want="oomguard: --color: 'bogus' is not auto, always or never"
for args in "$lean --color=bogus --check-config" "$lean --check-config --colour bogus" \
	    "$OG --color=bogus daemon --check-config" "$OG daemon --color bogus --check-config"; do
	out=$($args 2>&1 >/dev/null); rc=$?
	[ $rc -eq 2 ] && [ "$out" = "$want" ] || fail "$args: exit $rc, '$out' (want 2, '$want')"
done
for args in "$lean --color=never --root $tree --check-config" "$lean --check-config --root=$tree" \
	    "$OG --root $tree daemon --check-config" "$OG daemon --root=$tree --color always --check-config"; do
	$args >/dev/null || fail "$args: exit $?"
done
for args in "$lean --root /nonexistent-dir --check-config" "$OG daemon --check-config --root=/nonexistent-dir"; do
	out=$($args 2>&1 >/dev/null); rc=$?
	[ $rc -eq 2 ] && [ "$out" = "oomguard: /nonexistent-dir: cannot use as --root: No such file or directory" ] ||
		fail "$args: exit $rc, '$out'"
done
out=$("$lean" --check-config --root 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && [ "$out" = "oomguard: --root: needs a value" ] || fail "oomguard-daemon --root without a value: exit $rc, '$out'"
pass
