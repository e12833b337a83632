# SPDX-License-Identifier: GPL-2.0-or-later
# What the daemon holds at rest (os/daemon/resident.c, src/daemon-resting.ld): after start-up,
# and again after an action, its resident code is no more than its resting section (so the
# waiting loop needs nothing outside it), its ELF headers are given back, its stack is shallow
# and its unique memory (USS) stays under 256 KiB (459 KiB before the resting set; the bench,
# bench/idle_footprint.sh, sets it beside earlyoom's); while memory is short the kill path's
# scratch and the flight recorder's ring are resident again.  The action is a dry run on a hog
# this test holds below the SIGTERM level in its own capped cgroup.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root

lean=$(dirname "$OG")/oomguard-daemon
sym() { nm "$lean" 2>/dev/null | awk -v s="$1" '$3 == s {print $1}'; }
rest_lo=$(sym __og_rest_start) rest_hi=$(sym __og_rest_end)
[ -n "$rest_lo" ] && [ -n "$rest_hi" ] ||
	skip "oomguard-daemon has no resting sections: built without musl (install musl-tools) or with -Dlean_libc=libc"
rest_kib=$(( ((16#$rest_hi - 16#$rest_lo) + 4095) / 4096 * 4 ))

# the executable's code (its x mappings), headers (offset 0, read-only), stack, and USS, in KiB
footprint() {
	awk -v exe="$(readlink "/proc/$DAEMON_PID/exe")" '
	/^[0-9a-f]+-[0-9a-f]+ / { kind = ""
		if ($6 == exe && $2 ~ /x/) kind = "code"
		else if ($6 == exe && $3 == "00000000" && $2 !~ /w/) kind = "headers"
		else if ($6 == "[stack]") kind = "stack"
		next }
	$1 == "Rss:" && kind != "" { kib[kind] += $2 }
	$1 == "Private_Clean:" || $1 == "Private_Dirty:" { uss += $2 }
	END { printf "%d %d %d %d\n", kib["code"], kib["headers"], kib["stack"], uss }' "/proc/$DAEMON_PID/smaps"
}
check_rest() {   # WHEN
	read -r code headers stack uss < <(footprint)
	echo "$1: code $code KiB (resting section $rest_kib KiB), headers $headers KiB, stack $stack KiB, USS $uss KiB"
	[ "$code" -le $((rest_kib + 4)) ] ||
		fail "$1: $code KiB of code resident, more than the $rest_kib KiB resting section: the loop runs code outside src/daemon-resting.ld's lists, or the code was not given back"
	[ "$headers" -eq 0 ] || fail "$1: the ELF headers ($headers KiB) were not given back"
	[ "$stack" -le 32 ] || fail "$1: $stack KiB of stack resident (at most 32 expected)"
	[ "$uss" -lt 256 ] || fail "$1: USS $uss KiB, not under 256 KiB"
}
hold_mib=120
cg_create resting $((512 * 1024 * 1024))
daemon_start --cgroup "$CG_DIR" --dry-run -m 10
[ "$(readlink "/proc/$DAEMON_PID/exe")" = "$(readlink -f "$lean")" ] ||
	fail "oomguard daemon runs $(readlink "/proc/$DAEMON_PID/exe"), not $lean"
wait_settled; sleep 12
check_rest "after start-up and 12 s of waiting"

# a dry-run action: the scan, the choice, the record; then memory is plentiful again
hold_hog "$CG_DIR" "$hold_mib"
hog=$HOG
sleep 0.3
used_kib=$(cg_usage_kib "$CG_DIR")
cg_set_limit "$CG_DIR" $(( used_kib * 1000 / 925 * 1024 ))     # 7.5% free: below SIGTERM at 10%
wait_record "\"pid\":$hog," 20
# memory is short (7.5% free, below the 25% pressure guard): the kill path's scratch, the stack
# an action goes down to among it, is resident again between the actions (polled up to 6 s)
for _ in $(seq 120); do
	read -r code headers stack uss < <(footprint)
	[ "$stack" -ge 48 ] && break
	sleep 0.05
done
echo "memory short: stack $stack KiB, USS $uss KiB"
[ "$stack" -ge 48 ] || fail "memory is short but only $stack KiB of stack is resident: the kill path's scratch was not made resident again"
# ... and so is the flight recorder's ring (2.9 MiB at its default 1024 slots), which grows while
# memory stays short: no page of it is first touched then
[ "$uss" -ge 2048 ] || fail "memory is short but the daemon's USS is $uss KiB: the flight recorder's ring was not made resident"
signal_child TERM "$hog"
for _ in $(seq 100); do kill -0 "$hog" 2>/dev/null || break; sleep 0.05; done
cg_set_limit "$CG_DIR" $((512 * 1024 * 1024))
wait_settled; sleep 8
check_rest "after a dry-run action and 8 s of waiting"
daemon_stop
pass "code within the $rest_kib KiB resting section, headers given back, after start-up and after an action"
