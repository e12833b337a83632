#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds (once per machine) the UML kernel of the test guest: Debian's linux-source-6.1 with
# allnoconfig + kernel.config, cached outside the clone under a key of the config, this script
# and the source package's version.  Prints the path of the kernel executable.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${OOMGUARD_GUEST_CACHE:-/var/cache/oomguard-guest}
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
key=$( { cat "$here/kernel.config" "$here/kernel.sh"; echo "$srcver"; } | sha256sum | cut -c1-16)
out=$cache/$key
if [ -x "$out/linux" ]; then echo "$out/linux"; exit 0; fi
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [ -x "$out/linux" ]; then echo "$out/linux"; exit 0; fi
build=$cache/build-$key
rm -rf "$build"
mkdir -p "$build"
start=$(date +%s)
echo "guest: building the UML kernel (linux-source $srcver) in $build" >&2
tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$build" --strip-components=1
jobs=$(nproc)
make -C "$build" -s ARCH=um allnoconfig KCONFIG_ALLCONFIG="$here/kernel.config" >&2
# Every wanted option must have survived the dependency resolution.
bad=0
while IFS= read -r line; do
	case "$line" in CONFIG_*) ;; *) continue ;; esac
	grep -qxF "$line" "$build/.config" || { echo "guest: kernel option not set: $line" >&2; bad=1; }
done <"$here/kernel.config"
[ $bad = 0 ] || exit 1
nice -n 10 make -C "$build" -s ARCH=um -j"$jobs" linux >&2
mkdir -p "$out.tmp"
cp "$build/linux" "$build/.config" "$out.tmp/"
echo "$(( $(date +%s) - start ))" >"$out.tmp/build-seconds"
rm -rf "$out"
mv "$out.tmp" "$out"
rm -rf "$build"
echo "guest: kernel built in $(cat "$out/build-seconds") s" >&2
echo "$out/linux"
