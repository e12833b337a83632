# SPDX-License-Identifier: GPL-2.0-or-later
# The binary's global behaviour: --version, --help, unknown commands and bad --root fail cleanly.
source "$(dirname "$0")/lib.sh"

"$OG" --version | grep -Eq '^oomguard [0-9]+\.[0-9]+' || fail "--version"
"$OG" --help | grep -q 'Usage: oomguard' || fail "--help"
out=$("$OG" no-such-command 2>&1); rc=$?
[ $rc -eq 2 ] || fail "unknown command exit $rc"
[ "$(echo "$out" | wc -l)" -eq 1 ] || fail "unknown command error is not one line: $out"
out=$("$OG" --root /nonexistent-dir top 2>&1); rc=$?
[ $rc -ne 0 ] || fail "bad --root accepted"
echo "$out" | grep -q '/nonexistent-dir' || fail "bad --root error does not name the input: $out"
pass
