#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Host side of the test guest: boots a User-mode Linux kernel with systemd as PID 1 over a tmpfs
# overlay of the host's root (read-only through hostfs), runs the tests named (default: every
# tests/guest/t/*.sh), prints one line per test and exits non-zero if any failed.  The guest's
# logs and journal land in $OOMGUARD_GUEST_OUT (default: <build>/guest-out).
#   usage: run.sh [-b BUILD_DIR] [-d SCRIPT_DIR] [TEST...]
# The UML process runs as the unprivileged user "nobody": the guest's kernel reaches host files
# with that user's rights, so nothing it does can write to the host's root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=$src/build
tdir=tests/guest/t
while [ $# -gt 0 ]; do
	case $1 in
		-b) build=$(cd "$2" && pwd); shift 2 ;;
		-d) tdir=$2; shift 2 ;;   # scripts folder, relative to the source tree (bench/guest)
		*) break ;;
	esac
done
if [ $# -eq 0 ]; then
	set -- $(cd "$src/$tdir" && ls [0-9]*.sh | sed 's/\.sh$//')
fi
[ -x "$build/oomguard" ] || { echo "guest: no oomguard in $build (build first)" >&2; exit 1; }
if [ "$(id -u)" != 0 ]; then echo "guest: run as root (installs packages, runs UML as nobody)" >&2; exit 1; fi

bash "$here/packages.sh"
kernel=${OOMGUARD_GUEST_KERNEL:-}
[ -n "$kernel" ] || kernel=$(bash "$here/kernel.sh")
mem=${OOMGUARD_GUEST_MEM:-320M}
timeout_s=${OOMGUARD_GUEST_TIMEOUT:-1800}
outdir=${OOMGUARD_GUEST_OUT:-$build/guest-out}

work=$(mktemp -d "${TMPDIR:-/tmp}/oomguard-guest.XXXXXX")
memdir=
uml_pid=
cleanup() {
	if [ -n "$uml_pid" ] && kill -0 "$uml_pid" 2>/dev/null; then
		kill -KILL -- "-$uml_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
	[ -z "$memdir" ] || rm -rf "$memdir"
}
trap cleanup EXIT
chmod 755 "$work"
mkdir "$work/out" "$work/tmp"
# Swap device for the guest (ubda): a sparse file of the guest's own.
truncate -s "${OOMGUARD_GUEST_SWAP:-256M}" "$work/swap.img"
chown nobody:nogroup "$work/out" "$work/tmp" "$work/swap.img"
# UML keeps the guest's memory in an unlinked file of its TMPDIR (arch/um/os-Linux/mem.c).  On a
# disk file system every page the guest writes is a dirty page of the host, and the host's
# writeback throttling stops the whole guest for seconds while it fills memory; on tmpfs it is
# plain host memory.  /dev/shm when it is tmpfs, executable and has room, else the work folder.
mem_kib=$(numfmt --from=iec "${mem}" 2>/dev/null || echo 0); mem_kib=$((mem_kib / 1024))
if [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] && ! findmnt -n -o OPTIONS /dev/shm | grep -qw noexec &&
   [ "$(df --output=avail -k /dev/shm | tail -1)" -gt $((mem_kib + 65536)) ]; then
	memdir=$(mktemp -d /dev/shm/oomguard-guest.XXXXXX)
	chown nobody:nogroup "$memdir"
else
	echo "guest: /dev/shm is not an executable tmpfs with room for ${mem}: the guest's memory is a file in $work/tmp, throttled by the host's writeback" >&2
fi
# OOMGUARD_GUEST_DISK=SIZE: a second sparse device (ubdb) for buffered writes through the guest's page cache.
disk=()
if [ -n "${OOMGUARD_GUEST_DISK:-}" ]; then
	truncate -s "$OOMGUARD_GUEST_DISK" "$work/disk.img"
	chown nobody:nogroup "$work/disk.img"
	disk=(ubd1="$work/disk.img")
fi

# `meson install` into a staging tree that the service test copies into the guest's root.
meson install -C "$build" --no-rebuild --quiet --destdir "$work/stage" >/dev/null
# Settings for the scripts (OG_TEST_TIMEOUT, OG_BENCH_*) reach the guest on its command line.
passed_env=()
for v in OG_TEST_TIMEOUT OG_BENCH_RUNS OG_BENCH_TOOLS OG_BENCH_ARGS OG_BENCH_SCENARIOS OG_BENCH_DAEMON_ARGS; do
	[ -n "${!v:-}" ] && passed_env+=("$v=$(echo "${!v}" | tr ' ' ,)")
done
start=$(date +%s.%N)
# setsid: UML's helper processes share one process group, ended together on timeout.
setsid setpriv --reuid=nobody --regid=nogroup --clear-groups \
	env -i TMPDIR="${memdir:-$work/tmp}" HOME="$work/tmp" PATH=/usr/bin:/bin \
	"$kernel" mem="$mem" root=/dev/root rootfstype=hostfs rootflags=/ ro \
	uml_dir="$work/tmp" init="$here/init.sh" con=null con0=fd:0,fd:1 ubd0="$work/swap.img" "${disk[@]}" log_buf_len=1M \
	systemd.unified_cgroup_hierarchy=1 systemd.show_status=0 \
	OG_SRC="$src" OG_BUILD="$build" OG_STAGE="$work/stage" OG_OUT="$work/out" OG_TESTS="$(echo "$*" | tr ' ' ,)" OG_TDIR="$tdir" "${passed_env[@]}" \
	</dev/null >"$work/console.log" 2>&1 &
uml_pid=$!
waited=0
while kill -0 "$uml_pid" 2>/dev/null; do
	sleep 1
	waited=$((waited + 1))
	if [ $waited -ge "$timeout_s" ]; then
		echo "guest: no power-off after ${timeout_s}s; stopping it" >&2
		kill -KILL -- "-$uml_pid" 2>/dev/null || true
		break
	fi
done
wait "$uml_pid" 2>/dev/null || true
uml_pid=
total=$(echo "$(date +%s.%N) - $start" | bc)

rm -rf "$outdir"
mkdir -p "$outdir"
cp -r "$work/out/." "$outdir/" 2>/dev/null || true
cp "$work/console.log" "$outdir/"
fails=0
printf 'guest: kernel %s, boot to tests %ss, whole run %.0fs\n' "$kernel" "$(cat "$outdir/boot-seconds" 2>/dev/null || echo '?')" "$total"
for t in "$@"; do
	line=$(grep "^$t " "$outdir/results" 2>/dev/null || true)
	if [ -z "$line" ]; then
		echo "FAIL $t (no result: the guest did not run it)"; fails=$((fails + 1)); continue
	fi
	read -r _ status secs <<<"$line"
	xfail=$(sed -n "s/^$t //p" "$here/t/XFAIL")
	[ "$tdir" = tests/guest/t ] || xfail=
	case $status in
		0) echo "ok   $t (${secs}s)${xfail:+ XPASS: remove it from tests/guest/t/XFAIL}" ;;
		77) echo "skip $t (${secs}s): $(tail -1 "$outdir/$t.log")" ;;
		*) if [ -n "$xfail" ]; then
			echo "xfail $t (${secs}s): $xfail: $(grep '^FAIL' "$outdir/$t.log" | tail -1)"
		   else
			echo "FAIL $t (exit $status, ${secs}s); its log:"; sed 's/^/    /' "$outdir/$t.log" | tail -40
			fails=$((fails + 1))
		   fi ;;
	esac
done
[ -f "$outdir/finished" ] || { echo "guest: did not finish; console tail:"; tail -30 "$outdir/console.log"; fails=$((fails + 1)); }
echo "guest: logs and journal in $outdir"
[ $fails -eq 0 ]
