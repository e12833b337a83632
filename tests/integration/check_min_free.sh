# Raises vm.min_free_kbytes to 2% of RAM (restored on any exit) and expects check to flag it
# with a warning whose fix sets the kernel's own value back and names where to persist it.
source "$(dirname "$0")/lib.sh"
need_root

orig=$(cat /proc/sys/vm/min_free_kbytes)
on_exit "echo $orig > /proc/sys/vm/min_free_kbytes"
total=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
target=$((total * 2 / 100))

"$OG" check --json --no-logs | jq -e '[.findings[].id] | index("vm.min_free_kbytes.high") == null' >/dev/null ||
	fail "vm.min_free_kbytes.high fires before the change (value $orig)"

echo "$target" > /proc/sys/vm/min_free_kbytes || fail "cannot write vm.min_free_kbytes"
json=$("$OG" check --json --no-logs); rc=$?
[ $rc -ge 1 ] || fail "check exit status $rc with min_free_kbytes at 2% of RAM"
f=$(jq -c '.findings[] | select(.id == "vm.min_free_kbytes.high")' <<<"$json")
[ -n "$f" ] || fail "vm.min_free_kbytes.high did not fire at $target kB: $json"
[ "$(jq -r .severity <<<"$f")" = warn ] || fail "2% of RAM should be a warning: $f"
jq -r .measured <<<"$f" | grep -q "min_free_kbytes=$target" || fail "measured value missing: $f"
fixval=$(jq -r .actions.sysctl.value <<<"$f")
[ "$fixval" -ge 128 ] && [ "$fixval" -lt "$target" ] || fail "fix value $fixval is not the kernel's own"
jq -r '.fix[0]' <<<"$f" | grep -qx "sysctl -w vm.min_free_kbytes=$fixval" || fail "fix lacks the command: $f"
jq -r .actions.sysctl.file <<<"$f" | grep -q '^/etc/sysctl.d/' || fail "fix does not persist in sysctl.d: $f"
"$OG" check --fix-script --no-logs | grep -q "persist_sysctl vm.min_free_kbytes $fixval /etc/sysctl.d/" ||
	fail "fix script lacks the step"

# the fix really is the kernel's own value: applying it quiets the rule
echo "$fixval" > /proc/sys/vm/min_free_kbytes
"$OG" check --json --no-logs | jq -e '[.findings[].id] | index("vm.min_free_kbytes.high") == null' >/dev/null ||
	fail "still flagged after applying the proposed value $fixval"
pass "flagged $target kB, proposed $fixval kB (was $orig)"
