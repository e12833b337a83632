# SPDX-License-Identifier: GPL-2.0-or-later
# Between its choice and its first signal the daemon opens no file for the victim: the pidfd is
# checked through the stat file its scan holds, and the victim's command line, cgroup, oom_score
# and the snapshot's meminfo come after the signal (or from the deciding sample).  Under
# thrashing an open of a /proc file was seen to wait 1.5 s.  Seen with strace on a real kill.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root
command -v strace >/dev/null || skip "strace is not installed (./bootstrap.sh test installs it)"
# the sanitizer build's LeakSanitizer cannot run under ptrace: it would fail the daemon's exit
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

hog_measure
cg_create sigfirst $(( (256 + HOG_BASE_MIB) * 1024 * 1024 ))
mkdir -p "$DTMP/snap"
daemon_start --cgroup "$CG_DIR" --snapshot-dir "$DTMP/snap"
strace -f -qq -e trace=openat,open,pidfd_open,pidfd_send_signal -o "$DTMP/strace" -p "$DAEMON_PID" &
STRACE_PID=$!
_cleanup_pids+=("$STRACE_PID")
for i in $(seq 100); do          # attached once the daemon names a tracer
	[ "$(awk '/^TracerPid/ {print $2}' "/proc/$DAEMON_PID/status")" != 0 ] && break
	sleep 0.05
done
[ "$(awk '/^TracerPid/ {print $2}' "/proc/$DAEMON_PID/status")" != 0 ] || fail "strace did not attach within 5 s"
cg_run "$CG_DIR" "${MEMHOG[@]}" --rate 40 --name victim
hog=$CG_PID
wait_exit "$hog" 30
[ "$(cg_oom_kills "$CG_DIR")" = 0 ] || fail "the kernel's OOM killer fired: $(cg_kill_story "$CG_DIR" "$hog")"
daemon_stop
wait "$STRACE_PID" || true      # it ends with its tracee
grep -q "\"pid\":$hog" "$DTMP/events.jsonl" || { cat "$DTMP/daemon.log" >&2; fail "no record of the kill of $hog"; }

# The calls from the victim's pidfd_open up to the first signal, and the opens of the victim's
# details and of /proc/meminfo from the daemon's last memory sample before it up to that signal.
python3 - "$DTMP/strace" "$hog" <<'PY' || fail "the kill path opened files before its signal (strace above)"
import re, sys
lines = open(sys.argv[1]).read().splitlines()
hog = sys.argv[2]
sig = next((i for i, l in enumerate(lines) if "pidfd_send_signal(" in l), None)
if sig is None:
    sys.exit("no pidfd_send_signal in the trace")
po = max((i for i in range(sig) if re.search(r"pidfd_open\(%s," % hog, lines[i])), default=None)
if po is None:
    sys.exit("no pidfd_open(%s) before the signal" % hog)
# the deciding sample: the last read of the cgroup's memory figures before the pidfd_open
sample = max((i for i in range(po) if re.search(r'memory\.(current|usage_in_bytes)"', lines[i])), default=0)
bad = [l for l in lines[po + 1:sig] if "open" in l and "pidfd_open" not in l]
victim = re.compile(r'"/proc/%s(/(oom_score|cmdline|cgroup|stat))?"|"%s/(oom_score|cmdline|cgroup)"|"/proc/meminfo"' % (hog, hog))
bad += [l for l in lines[sample + 1:sig] if "open" in l and victim.search(l)]
print("trace: %d lines; deciding sample at %d, pidfd_open at %d, first signal at %d" % (len(lines), sample, po, sig))
for l in lines[sample:sig + 1]:
    print("  " + l)
if bad:
    print("opened before the signal:", *bad, sep="\n  ")
    sys.exit(1)
PY
# the record names the victim (its command line, read after the signal through the held file,
# is there unless the hog had already exited: it ends at once on SIGTERM)
grep "\"pid\":$hog" "$DTMP/events.jsonl" | grep -q '"comm":"victim"' ||
	{ cat "$DTMP/events.jsonl" >&2; fail "the record does not name the victim"; }
ls "$DTMP/snap" | grep -q . || fail "no kill snapshot in $DTMP/snap"
grep -rqs "MemTotal" "$DTMP/snap" || fail "the snapshot has no meminfo"
pass
