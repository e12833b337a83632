#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs what the test guest needs from Debian's archive (apt-get, as root): the UML kernel's
# sources and build tools, and the peers the guest runs.  No service is started on the host: a
# policy-rc.d refusing every start is in place while apt-get runs.
set -euo pipefail
pkgs=(user-mode-linux linux-source-6.1 flex bison libelf-dev bc xz-utils make gcc
      systemd systemd-oomd earlyoom nohang util-linux)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "guest: missing packages (${missing[*]}); run as root or install them" >&2
	exit 1
fi
policy=/usr/sbin/policy-rc.d
made_policy=false
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\n# written by oomguard tests/guest/packages.sh while it installs\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	made_policy=true
fi
cleanup() { if $made_policy; then rm -f "$policy"; fi; }
trap cleanup EXIT
echo "guest: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq -o DPkg::Lock::Timeout=900
apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=900 "${missing[@]}" >/dev/null
# earlyoom, nohang and systemd-oomd are for the guest: never running on the host.
for u in earlyoom.service nohang.service nohang-desktop.service systemd-oomd.service systemd-oomd.socket; do
	if [ -d /run/systemd/system ]; then systemctl disable --now "$u" >/dev/null 2>&1 || true; fi
done
