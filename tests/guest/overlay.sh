#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Prepares the guest's overlay root ($1) before systemd starts: none of the host's enabled units,
# the host's unneeded ones masked, journald volatile, an empty fstab, and og.target, which runs
# the tests (og-run.service) once basic.target is up.  Writes only below $1 (the tmpfs upper dir).
set -e
R=$1
S=$R/etc/systemd/system
# The host's enabled units and links go (whiteouts in the upper dir); the guest enables nothing.
rm -rf "$S"
mkdir -p "$S"
for u in dev-hugepages.mount proc-sys-fs-binfmt_misc.automount sys-fs-fuse-connections.mount \
	sys-kernel-config.mount sys-kernel-debug.mount sys-kernel-tracing.mount \
	systemd-binfmt.service systemd-firstboot.service systemd-machine-id-commit.service \
	systemd-modules-load.service systemd-pcrphase.service systemd-pcrphase-sysinit.service \
	systemd-repart.service systemd-random-seed.service systemd-sysusers.service systemd-update-utmp.service \
	kmod-static-nodes.service systemd-remount-fs.service systemd-fsck-root.service \
	systemd-journal-catalog-update.service ldconfig.service systemd-hwdb-update.service \
	systemd-update-done.service systemd-tmpfiles-clean.timer systemd-ask-password-console.path \
	systemd-pstore.service systemd-timesyncd.service apt-daily.timer apt-daily-upgrade.timer \
	man-db.timer e2scrub_all.timer fstrim.timer dpkg-db-backup.timer \
	earlyoom.service nohang.service nohang-desktop.service systemd-oomd.service systemd-oomd.socket \
	postgresql.service prometheus.service getty.target console-getty.service; do
	ln -sf /dev/null "$S/$u"
done
: >"$R/etc/fstab"
# Host files the unprivileged UML process cannot read cannot be copied up: fresh ones instead.
rm -f "$R/etc/.pwd.lock"
: >"$R/etc/.pwd.lock"
chmod 600 "$R/etc/.pwd.lock"
# Keep the host's /tmp visible (run.sh's staged install is there): no emptying it at boot.
mkdir -p "$R/etc/tmpfiles.d"
echo 'd /tmp 1777 root root -' >"$R/etc/tmpfiles.d/tmp.conf"
mkdir -p "$R/etc/systemd/journald.conf.d"
printf '[Journal]\nStorage=volatile\nRuntimeMaxUse=32M\nForwardToConsole=no\n' \
	>"$R/etc/systemd/journald.conf.d/oomguard-guest.conf"
# What the test runner needs, from the kernel command line (OG_*=... reach init's environment).
env | grep '^OG_' | sed "s/'/'\\\\''/g; s/=\(.*\)/='\1'/" >"$R/etc/oomguard-guest.env"
cat >"$S/og.target" <<UNIT
[Unit]
Description=oomguard test guest
Requires=basic.target
After=basic.target
Wants=og-run.service
AllowIsolate=yes
UNIT
cat >"$S/og-run.service" <<UNIT
[Unit]
Description=oomguard guest tests
After=basic.target systemd-journald.service

[Service]
Type=oneshot
ExecStart=/bin/bash $OG_SRC/tests/guest/guest-run.sh
StandardOutput=journal+console
StandardError=journal+console
UNIT
ln -sf og.target "$S/default.target"
