#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# memory.oom.group: a memcg OOM in a cgroup with oom.group=1 kills every process in it; `events`
# (live sources: /dev/kmsg and the journal) shows it as one event marked oom_group, and `explain`
# tells that event as a group kill (41_oom_group_members checks the event lists every member).  Then the daemon's cgroup kill scope:
# `daemon --cgroup --kill-scope cgroup` ends a whole scope, not only the hog, before the kernel.
source "$OG_SRC/tests/guest/t/lib.sh"
group_oom_kill
sleep 2   # journald has the kernel's lines

"$OG" events --json --since boot > "$DTMP/events.json" || fail "events failed"
cp "$DTMP/events.json" "$OUT/40_oom_group.events.json"
mine=$(grep -F "\"$path\"" "$DTMP/events.json")
n=$(printf '%s\n' "$mine" | grep -c . || true)
[ "$n" = 1 ] || { cat "$DTMP/events.json"; fail "$n events for $path, want one (every member of the group in it)"; }
printf '%s\n' "$mine" | grep -q '"oom_group":true' || fail "the event is not marked oom_group"
id=$(printf '%s\n' "$mine" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
"$OG" explain "$id" > "$DTMP/explain.txt" 2>&1 || { cat "$DTMP/explain.txt"; fail "explain $id failed"; }
grep -qi 'oom.group\|group' "$DTMP/explain.txt" || { cat "$DTMP/explain.txt"; fail "explain does not tell the group kill"; }
echo "events: one event $id for the group kill; explain tells the group"

# The daemon's cgroup kill scope on a systemd scope of four processes, one of them the hog.
unit_write oggroup.slice "[Slice]
MemoryMax=48M
MemorySwapMax=0"
systemctl daemon-reload
systemctl start oggroup.slice
on_exit "systemctl stop oggroup.slice"
slice=/sys/fs/cgroup/oggroup.slice
daemon_start --cgroup "$slice" --kill-scope cgroup
systemd-run --quiet --scope --slice=oggroup.slice --unit=og-grouped \
	bash -c 'sleep 600 & sleep 600 & sleep 600 & exec "$0" --rate 0 --name scopedhog' "$MEMHOG_BIN" &
hog=$!
_cleanup_pids+=("$hog")
wait_exit "$hog" 90
sleep 1
left=$(cat "$slice/og-grouped.scope/cgroup.procs" 2>/dev/null | wc -l)
echo "daemon: hog ended with status $EXIT_RC after ${EXIT_MS} ms; $left processes left in the scope; memcg oom_kill=$(cg_oom_kills "$slice")"
[ "$(cg_oom_kills "$slice")" = 0 ] || fail "the kernel's memcg OOM killer fired first"
[ "$left" = 0 ] || fail "$left processes of the scope survived the cgroup kill scope"
grep "\"pid\":$hog" "$DTMP/events.jsonl" | grep -q '"scope":"cgroup"' || { cat "$DTMP/events.jsonl"; fail "no record of a cgroup-scope kill of the hog"; }
daemon_stop
pass
