#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# One command for a fresh Debian 12 machine: installs what is missing (apt-get, as root), builds,
# then runs `oomguard report` (default) or the whole test suite (`./bootstrap.sh test`).
set -euo pipefail
cd "$(dirname "$0")"
mode=${1:-report}
case "$mode" in
	report|test|build) ;;
	*) echo "usage: $0 [report|test|build]" >&2; exit 2 ;;
esac

# What the build needs, all from Debian's archive: libsystemd (journal reader), zlib (.gz logs)
# and libmicrohttpd (the metrics endpoint) are optional features, loaded or linked when found;
# musl-tools makes oomguard-daemon one small static executable (meson.build, "lean_libc").
pkgs=(gcc pkg-config meson ninja-build libsystemd-dev zlib1g-dev libmicrohttpd-dev musl-tools)
# What the tests need besides: cmocka; clang and its runtime for the libFuzzer targets; real
# journal files (systemd-journal-remote); the Debian package build and lintian; a real Prometheus;
# zsh for the completion test; chromium (headless, with a font) for the --html pages; cppcheck
# and clang-tidy for the static analysis; strace to see what the daemon's kill path opens.
[ "$mode" = test ] && pkgs+=(libcmocka-dev clang libclang-rt-14-dev gzip procps util-linux python3 jq
	systemd-journal-remote debhelper lintian prometheus zsh chromium fonts-dejavu-core cppcheck
	clang-tidy strace)
# prometheus is a service: tests start their own server on loopback, so the package's must not
# start (a policy-rc.d answering 101 while apt-get runs) nor run at boot (disabled afterwards).
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "bootstrap: missing packages (${missing[*]}); run as root or install them" >&2
		exit 1
	fi
	echo "bootstrap: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	policy=/usr/sbin/policy-rc.d saved=""
	if [ -e "$policy" ]; then saved=$(mktemp); cp -p "$policy" "$saved"; fi
	trap 'if [ -n "$saved" ]; then mv -f "$saved" "$policy"; else rm -f "$policy"; fi' EXIT
	printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	if [ -d /run/systemd/system ] && [[ " ${missing[*]} " == *" prometheus "* ]]; then
		systemctl disable --now prometheus.service >/dev/null 2>&1 || true
	fi
	if [ -n "$saved" ]; then mv -f "$saved" "$policy"; else rm -f "$policy"; fi
	trap - EXIT
fi

werror=false tests=false
[ "$mode" = test ] && werror=true tests=true
if [ -f build/build.ninja ]; then
	meson configure build -Dwerror=$werror -Dtests=$tests >/dev/null
else
	meson setup build -Dwerror=$werror -Dtests=$tests >/dev/null
fi
ninja -C build >/dev/null

case "$mode" in
	build) ;;
	report) exec ./build/oomguard report ;;
	test)
		./build/oomguard report || [ $? -le 2 ] # report's exit status reflects findings
		exec bash tests/run-all.sh
		;;
esac
