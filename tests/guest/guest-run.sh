#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the guest (og-run.service, as root, systemd as PID 1): mounts the host's result
# directory, runs each test script of tests/guest/t/ asked for, writes "name status seconds" lines,
# the guest's journal (export format and text), then powers the guest off.
set -u
set -a; . /etc/oomguard-guest.env; set +a
export OG_SRC OG_BUILD OG_STAGE
tdir=${OG_TDIR:-tests/guest/t}
out=/run/og-out
mkdir -p "$out"
mount -t hostfs og-out "$out" -o "$OG_OUT"
echo "$(cut -d' ' -f1 /proc/uptime)" >"$out/boot-seconds"
for t in ${OG_TESTS//,/ }; do
	s=$(date +%s.%N)
	OG_OUT_DIR=$out timeout -k 5 "${OG_TEST_TIMEOUT:-600}" bash "$OG_SRC/$tdir/$t.sh" >"$out/$t.log" 2>&1
	rc=$?
	e=$(date +%s.%N)
	printf '%s %d %.1f\n' "$t" "$rc" "$(echo "$e - $s" | bc)" >>"$out/results"
done
journalctl -b -o export >"$out/journal.export" 2>/dev/null
journalctl -b -o short-monotonic >"$out/journal.txt" 2>/dev/null
echo done >"$out/finished"
sync
systemctl poweroff --no-block
