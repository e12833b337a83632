#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `protect` on a real running service (the guest's root has CAP_SYS_RESOURCE): -1000 is set on
# its main process; --persist writes the drop-in, and after daemon-reload and a restart the new
# main process has -1000 from systemd; --undo removes the drop-in and sets 0, and a restart gives 0.
source "$OG_SRC/tests/guest/t/lib.sh"
unit=og-protected.service
unit_write "$unit" "[Service]
ExecStart=/bin/sleep infinity"
dropin=/etc/systemd/system/$unit.d/50-oomguard.conf
on_exit "systemctl stop $unit; rm -rf '/etc/systemd/system/$unit.d'"
systemctl daemon-reload
systemctl start "$unit" || fail "cannot start $unit"
mainpid() { systemctl show -P MainPID "$unit"; }
adj() { cat "/proc/$(mainpid)/oom_score_adj"; }

p1=$(mainpid)
[ "$(adj)" = 0 ] || fail "the service starts with oom_score_adj $(adj)"
"$OG" protect "$p1" || fail "protect $p1 failed"
[ "$(adj)" = -1000 ] || fail "after protect: $(adj)"
echo "protect: pid $p1 at -1000"

"$OG" protect --persist "$p1" || fail "protect --persist failed"
[ -f "$dropin" ] || fail "no drop-in $dropin"
grep -qx 'OOMScoreAdjust=-1000' "$dropin" || { cat "$dropin"; fail "the drop-in does not set OOMScoreAdjust=-1000"; }
systemctl daemon-reload
[ "$(systemctl show -P OOMScoreAdjust "$unit")" = -1000 ] || fail "systemd reads OOMScoreAdjust=$(systemctl show -P OOMScoreAdjust "$unit")"
systemctl restart "$unit"
p2=$(mainpid)
[ "$p2" != "$p1" ] || fail "restart kept pid $p1"
[ "$(adj)" = -1000 ] || fail "after --persist and a restart: $(adj) (pid $p2)"
echo "persist: new main pid $p2 at -1000 from the drop-in"

"$OG" protect --undo "$p2" || fail "protect --undo failed"
[ ! -e "$dropin" ] || fail "--undo left $dropin"
[ "$(adj)" = 0 ] || fail "after --undo: $(adj)"
systemctl daemon-reload
systemctl restart "$unit"
p3=$(mainpid)
[ "$(adj)" = 0 ] || fail "after --undo and a restart: $(adj) (pid $p3)"
echo "undo: drop-in gone, new main pid $p3 at 0"
pass
