# SPDX-License-Identifier: GPL-2.0-or-later
# `oomguard check` and `report` on this machine as it is: no false critical finding (exit < 2),
# valid JSON whose exit_status matches the real exit status, a fix script that is valid shell,
# a report that fits 80 columns, and as non-root a note on what could not be read.
source "$(dirname "$0")/lib.sh"
need_root

out=$("$OG" check 2>&1); rc=$?
[ $rc -lt 2 ] || fail "check reports a critical finding on this machine (exit $rc): $out"
json=$("$OG" check --json); jrc=$?
echo "$json" | jq -e . >/dev/null || fail "check --json is not valid JSON"
[ "$(echo "$json" | jq .exit_status)" -eq $jrc ] || fail "exit_status in JSON differs from exit $jrc"
[ $jrc -eq $rc ] || fail "exit status differs between text ($rc) and JSON ($jrc)"

script=$("$OG" check --fix-script) || fail "--fix-script failed"
sh -n <<<"$script" || fail "the fix script is not valid shell"

report=$(LC_ALL=C "$OG" --color never report) || fail "report failed"  # ASCII bars: awk counts bytes
for section in "MEMORY NOW" "NEXT OOM VICTIMS" "FINDINGS" "OOM KILLS, LAST 7 DAYS" "WHAT TO DO FIRST"; do
	grep -q "^$section" <<<"$report" || fail "report lacks section '$section'"
done
wide=$(awk 'length($0) > 80' <<<"$report")
[ -z "$wide" ] || fail "report lines over 80 columns: $wide"
[ "$("$OG" --color never)" != "" ] || fail "oomguard with no command printed nothing"
"$OG" report --json | jq -e '.memory.total_kb > 0 and (.next_victims | length) > 0' >/dev/null ||
	fail "report --json lacks memory or victims"

# as an unprivileged user: still works, and says what it could not see
nonroot=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$OG" --color never report 2>&1) ||
	fail "report as non-root failed: $nonroot"
grep -q "MEMORY NOW" <<<"$nonroot" || fail "report as non-root lacks memory: $nonroot"
setpriv --reuid=65534 --regid=65534 --clear-groups "$OG" check >/dev/null 2>&1
[ $? -lt 3 ] || fail "check as non-root could not run"
pass
