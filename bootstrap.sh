#!/usr/bin/env bash
# One command for a fresh Debian 12 machine: installs what is missing (apt-get, as root), builds,
# then runs `oomguard report` (default) or the whole test suite (`./bootstrap.sh test`).
set -euo pipefail
cd "$(dirname "$0")"
mode=${1:-report}
case "$mode" in
	report|test|build) ;;
	*) echo "usage: $0 [report|test|build]" >&2; exit 2 ;;
esac

# Build and test dependencies, all from Debian's archive.  libsystemd (journal, sd_notify) and zlib
# (.gz logs) are optional features; clang and its runtime build the libFuzzer targets; chromium
# (headless, with a font) renders the --html pages in tests/integration/html_browser.sh.
pkgs=(gcc pkg-config meson ninja-build libcmocka-dev libsystemd-dev zlib1g-dev clang libclang-rt-14-dev
      gzip procps util-linux python3 jq systemd-journal-remote chromium
      fonts-dejavu-core)
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
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

werror=false
[ "$mode" = test ] && werror=true
if [ -f build/build.ninja ]; then
	meson configure build -Dwerror=$werror >/dev/null
else
	meson setup build -Dwerror=$werror >/dev/null
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
