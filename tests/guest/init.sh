#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# PID 1 of the test guest before systemd: the host's root is mounted read-only through hostfs;
# this lays a tmpfs overlay over it, prepares the overlay (masks, the test units, an empty fstab)
# and hands over to systemd.  Variables come from the kernel command line (OG_*=...).
set -e
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null || true
if ! grep -qw overlay /proc/filesystems; then
	# Debian's stock UML kernel has overlayfs as a module.
	insmod "/usr/lib/uml/modules/$(uname -r)/kernel/fs/overlayfs/overlay.ko"
fi
mount -t tmpfs -o size=${OG_TMPFS:-256m},mode=755 og-overlay /mnt
mkdir -p /mnt/upper /mnt/work /mnt/root
mount -t overlay overlay -o lowerdir=/,upperdir=/mnt/upper,workdir=/mnt/work /mnt/root
R=/mnt/root
sh "$OG_SRC/tests/guest/overlay.sh" "$R"
mkdir -p "$R/run/og"
umount /sys /proc
umount /dev 2>/dev/null || true
exec switch_root "$R" /lib/systemd/systemd systemd.unified_cgroup_hierarchy=1
