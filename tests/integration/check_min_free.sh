# SPDX-License-Identifier: GPL-2.0-or-later
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
# The kernel's own value, computed here from the machine's lowmem (written independently of
# oomguard's code): mm/page_alloc.c calculate_min_free_kbytes() takes int_sqrt(lowmem_kB * 16),
# clamped to 128..262144, where lowmem is the managed pages of the zones up to Normal less their
# high watermarks (nr_free_buffer_pages); when THP is enabled (always or madvise), mm/khugepaged.c
# set_recommended_min_free_kbytes() raises it to pageblock_nr_pages * nr_zones * (2 + 3 * 3),
# at most 5% of lowmem.  The high watermarks move with min_free_kbytes, so a value taken now and
# one taken at boot differ by a little: within 1%.
thp=$(sed -n 's/.*\[\(.*\)\].*/\1/p' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null)
hp_kb=$(awk '$1 == "Hugepagesize:" {print $2}' /proc/meminfo)
page_kb=$(( $(getconf PAGESIZE) / 1024 ))
expected=$(awk -v thp="$thp" -v hp_kb="${hp_kb:-0}" -v page_kb="$page_kb" '
	$1 == "Node" { zone = $4; next }
	zone ~ /^(DMA|DMA32|Normal)$/ && $1 == "high" { high[zone] += $2 }
	zone ~ /^(DMA|DMA32|Normal)$/ && $1 == "managed" { managed[zone] += $2; if ($2 > 0) populated[zone] = 1 }
	END {
		for (z in managed) { lowmem += managed[z] - high[z] }
		for (z in populated) nz++
		v = int(sqrt(lowmem * page_kb * 16)); if (v < 128) v = 128; if (v > 262144) v = 262144
		if ((thp == "always" || thp == "madvise") && hp_kb > 0) {
			pb = hp_kb / page_kb; r = pb * nz * 2 + pb * nz * 9
			if (r > int(lowmem / 20)) r = int(lowmem / 20)
			r *= page_kb; if (r > v) v = r
		}
		print v
	}' /proc/zoneinfo)
[ -n "$expected" ] && [ "$expected" -gt 0 ] || fail "could not compute the kernel's value from /proc/zoneinfo"
diff=$((fixval > expected ? fixval - expected : expected - fixval))
[ $((diff * 100)) -le "$expected" ] ||
	fail "fix value $fixval kB is not the kernel's own: the kernel's formula gives $expected kB here (THP: ${thp:-unknown})"
jq -r '.fix[0]' <<<"$f" | grep -qx "sysctl -w vm.min_free_kbytes=$fixval" || fail "fix lacks the command: $f"
jq -r .actions.sysctl.file <<<"$f" | grep -q '^/etc/sysctl.d/' || fail "fix does not persist in sysctl.d: $f"
"$OG" check --fix-script --no-logs | grep -q "persist_sysctl vm.min_free_kbytes $fixval /etc/sysctl.d/" ||
	fail "fix script lacks the step"

# the fix really is the kernel's own value: applying it quiets the rule
echo "$fixval" > /proc/sys/vm/min_free_kbytes
"$OG" check --json --no-logs | jq -e '[.findings[].id] | index("vm.min_free_kbytes.high") == null' >/dev/null ||
	fail "still flagged after applying the proposed value $fixval"
pass "flagged $target kB, proposed $fixval kB, the kernel's formula gives $expected kB (was $orig)"
