#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A memory.oom.group kill is one event that lists every process the kernel killed (pid, name),
# with the count in the JSON, the first victim's repeated line counted once (issue 11).
source "$OG_SRC/tests/guest/t/lib.sh"
group_oom_kill
sleep 2
"$OG" events --json --since boot > "$DTMP/events.json" 2>/dev/null || fail "events failed"
mine=$(grep -F "\"$path\"" "$DTMP/events.json")
[ "$(printf '%s\n' "$mine" | grep -c .)" = 1 ] || { cat "$DTMP/events.json"; fail "not one event for $path"; }
printf '%s\n' "$mine" > "$OUT/41_oom_group_members.event.json"
missing=()
for p in "${pids[@]}"; do printf '%s\n' "$mine" | grep -q "\"pid\":$p[,}]" || missing+=("$p"); done
[ ${#missing[@]} = 0 ] || { printf '%s\n' "$mine"; fail "the event does not list killed pids ${missing[*]} (of ${pids[*]})"; }
printf '%s\n' "$mine" | grep -q '"processes_killed":4[,}]' || { printf '%s\n' "$mine"; fail "processes_killed is not 4"; }
pass "one event lists all four"
