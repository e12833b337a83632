#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The daemon as the installed systemd service: `meson install` (staged by run.sh) puts binary,
# unit and config in place (in the guest's overlay); `systemctl start oomguard` reaches active (running) through
# Type=notify (READY=1 and the watchdog from the daemon itself: it maps no libsystemd); the
# watchdog is fed (no restart, WatchdogTimestamp advances); the exposure of
# `systemd-analyze security` is recorded and stays at most 5.0; the unit's Conflicts= stop
# earlyoom and systemd-oomd when oomguard starts, and the service stops a hog machine-wide, and oomguard when they start.
source "$OG_SRC/tests/guest/t/lib.sh"
on_exit "systemctl stop oomguard.service earlyoom.service systemd-oomd.service systemd-oomd.socket 2>/dev/null"

# run.sh ran `meson install --destdir` on the host (python over hostfs is slow in the guest);
# the staged tree goes into the guest's root as a package would put it.
[ -n "$(find "$OG_STAGE" -path "*bin/oomguard")" ] || fail "no staged install in $OG_STAGE"
cp -a "$OG_STAGE/." / || fail "cannot copy the staged install"
systemctl daemon-reload
path=$(systemctl show -P FragmentPath oomguard.service)
[ -n "$path" ] && [ -f "$path" ] || fail "systemd does not find oomguard.service after meson install"
echo "unit: $path"
# A short watchdog so that a daemon that does not feed it is restarted within this test.
unit_write oomguard.service.d/50-test-watchdog.conf "[Service]
WatchdogSec=3s"
systemctl daemon-reload

t0=$(date +%s%N)
timeout 60 systemctl start oomguard.service || { journalctl -u oomguard -b --no-pager | tail -20; fail "systemctl start oomguard failed"; }
echo "start returned after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
[ "$(systemctl show -P Type oomguard.service)" = notify ] || fail "unit type is not notify"
state=$(systemctl show -P ActiveState,SubState oomguard.service | tr '\n' ' ')
[ "$state" = "active running " ] || fail "after start: $state"
main=$(systemctl show -P MainPID oomguard.service)
# `oomguard daemon` (the unit's command) execs the lean daemon executable under the same pid
[ "$(cat /proc/$main/comm)" = oomguard-daemon ] || fail "MainPID $main is $(cat /proc/$main/comm), not oomguard-daemon"
case $(readlink "/proc/$main/exe") in
	*/bin/oomguard-daemon) ;;
	*) fail "MainPID $main runs $(readlink "/proc/$main/exe"), not the installed oomguard-daemon" ;;
esac
[ "$(cat /proc/$main/oom_score_adj)" = -1000 ] || fail "the service's oom_score_adj is $(cat /proc/$main/oom_score_adj)"
# it notifies systemd and logs to the journal without libsystemd (os/core/sd_socket.c)
grep -q libsystemd "/proc/$main/maps" && fail "the service's oomguard-daemon maps libsystemd"

w1=$(systemctl show -P WatchdogTimestampMonotonic oomguard.service)
sleep 8   # more than twice WatchdogSec
w2=$(systemctl show -P WatchdogTimestampMonotonic oomguard.service)
restarts=$(systemctl show -P NRestarts oomguard.service)
echo "watchdog: timestamp $w1 -> $w2 us, restarts $restarts, main pid $(systemctl show -P MainPID oomguard.service)"
[ "$w2" -gt "$w1" ] 2>/dev/null || fail "the watchdog was not fed ($w1 -> $w2)"
[ "$restarts" = 0 ] || fail "the service was restarted $restarts times (watchdog?)"
[ "$(systemctl show -P MainPID oomguard.service)" = "$main" ] || fail "the main process changed"

# The service, machine-wide under its sandbox (seccomp filter included), stops a hog.
before=$(global_oom_kills)
systemd-run --quiet --scope --unit=og-service-hog "${MEMHOG[@]}" --rate 0 --name servicehog &
hog=$!
_cleanup_pids+=("$hog")
wait_exit "$hog" 120
after=$(global_oom_kills)
echo "service: hog ended with status $EXIT_RC after ${EXIT_MS} ms; global oom_kill $before -> $after"
[ "$after" = "$before" ] || fail "the kernel's global OOM killer fired ($before -> $after)"
[ "$EXIT_RC" = 143 ] || [ "$EXIT_RC" = 137 ] || fail "the hog ended with status $EXIT_RC"
journalctl -b -u oomguard.service -o cat --no-pager | grep -q "$hog" || fail "the service's journal does not name the hog"
[ "$(systemctl show -P MainPID oomguard.service)" = "$main" ] || fail "the service restarted while it acted"

systemd-analyze security --no-pager oomguard.service > "$OUT/security.txt" 2>&1
exposure=$(sed -n 's/.*Overall exposure level for oomguard.service: \([0-9.]*\).*/\1/p' "$OUT/security.txt")
echo "systemd-analyze security: exposure $exposure ($(tail -1 "$OUT/security.txt"))"
[ -n "$exposure" ] || { cat "$OUT/security.txt"; fail "no exposure level"; }
awk -v e="$exposure" 'BEGIN { exit !(e <= 5.0) }' || fail "exposure $exposure is above 5.0"

# Conflicts: earlyoom and systemd-oomd (masked in the guest) are unmasked for this part.
rm -f /etc/systemd/system/earlyoom.service /etc/systemd/system/systemd-oomd.service /etc/systemd/system/systemd-oomd.socket
on_exit "ln -sf /dev/null /etc/systemd/system/earlyoom.service; ln -sf /dev/null /etc/systemd/system/systemd-oomd.service; ln -sf /dev/null /etc/systemd/system/systemd-oomd.socket; systemctl daemon-reload"
systemctl daemon-reload
for peer in earlyoom.service systemd-oomd.service; do
	systemctl start "$peer" || fail "cannot start $peer"
	sleep 2
	[ "$(systemctl is-active "$peer")" = active ] || { journalctl -b -u "$peer" --no-pager | tail; fail "$peer is not running"; }
	[ "$(systemctl is-active oomguard.service)" = inactive ] || fail "oomguard still $(systemctl is-active oomguard.service) after $peer started"
	systemctl start oomguard.service || fail "cannot start oomguard again"
	case $(systemctl is-active "$peer") in inactive|failed) ;; *) fail "$peer still $(systemctl is-active "$peer") after oomguard started" ;; esac
	echo "conflicts: $peer and oomguard stop each other"
done
systemctl stop oomguard.service
pass
