# SPDX-License-Identifier: GPL-2.0-or-later
# Rotated syslogs of every usual size: on a fixture tree (--root) whose var/log holds syslog (plain),
# syslog.1 (plain, no kill), syslog.2.gz (~1 KiB), .3.gz (300 KiB), .4.gz (5 MiB), .5.gz (50 MiB,
# compressed sizes) and an empty syslog.6.gz, each .gz with one real kernel OOM report inside,
# `events`, `explain`, `report` and `check` find all five kills, and reading the 50 MiB file
# takes no more memory than reading the small plain one (the reader streams).
source "$(dirname "$0")/lib.sh"
: "${OOMGUARD_FIXTURES:?run through meson test}"
TOOLS=$(cd "$(dirname "$0")/../tools" && pwd)
command -v python3 >/dev/null || fail "python3 is needed (bootstrap.sh installs it)"

tmp=$(mktemp -d)
on_exit "rm -rf '$tmp'"
root=$tmp/root
mkdir -p "$root"
cp -r "${OOMGUARD_CHECK_TREES:?run through meson test}/check-cgroup-v1-hybrid/." "$root/"
cp -r "$OOMGUARD_FIXTURES/top-modern/." "$root/"
rm -rf "$root/var/log"
python3 "$TOOLS/rotated_syslog.py" "$root" "$OOMGUARD_FIXTURES" \
	syslog.6.gz:0:- \
	syslog.5.gz:$((50 << 20)):v3.10-rhel7-global.txt \
	syslog.4.gz:$((5 << 20)):v5.10-memcg-v2.txt \
	syslog.3.gz:$((300 << 10)):v6.1-allocating-task.txt \
	syslog.2.gz:1024:v4.19-memcg-kubepods.txt \
	syslog.1:4096:- \
	syslog:20000:v6.8-global-many-processes.txt > "$tmp/made" || fail "could not write the logs"

size() { stat -c %s "$root/var/log/$1"; }
[ "$(size syslog.6.gz)" -eq 0 ] || fail "syslog.6.gz is not empty"
[ "$(size syslog.2.gz)" -le 2048 ] || fail "syslog.2.gz is $(size syslog.2.gz) bytes, not about 1 KiB"
[ "$(size syslog.3.gz)" -ge $((300 << 10)) ] || fail "syslog.3.gz is only $(size syslog.3.gz) bytes"
[ "$(size syslog.4.gz)" -ge $((5 << 20)) ] || fail "syslog.4.gz is only $(size syslog.4.gz) bytes"
[ "$(size syslog.5.gz)" -ge $((50 << 20)) ] || fail "syslog.5.gz is only $(size syslog.5.gz) bytes"

# the five kills written: "pid comm", oldest first (the generator prints newest first)
want=$(awk '$3 != "-" {print $3, $4}' "$tmp/made" | tac)
[ "$(wc -l <<<"$want")" -eq 5 ] || fail "the generator wrote $(wc -l <<<"$want") kills, not 5"

# ---- events ----
out=$("$OG" --root "$root" events --json 2>"$tmp/err"); rc=$?
[ $rc -eq 0 ] || fail "events exited $rc: $(head -5 "$tmp/err")"
got=$(jq -r '"\(.victim.pid) \(.victim.comm)"' <<<"$out") || fail "events --json is not JSON lines: $out"
[ "$got" = "$want" ] || fail "events found
$got
instead of
$want"
for f in syslog.5.gz syslog.4.gz syslog.3.gz syslog.2.gz; do
	jq -s -e --arg f "/var/log/$f" 'any(.[]; .source == $f)' <<<"$out" >/dev/null ||
		fail "no event read from $f"
done
text=$("$OG" --root "$root" events 2>&1) || fail "events (text) failed: $text"
while read -r pid comm; do
	grep -qF "$comm[$pid]" <<<"$text" || fail "events (text) does not list $comm[$pid]: $text"
done <<<"$want"

# ---- explain: each event by its id, and the latest without one ----
while read -r id pid; do
	ex=$("$OG" --root "$root" explain "$id" 2>&1) || fail "explain $id failed: $ex"
	grep -q "(pid $pid," <<<"$ex" || fail "explain $id does not name pid $pid: $(head -8 <<<"$ex")"
done < <(jq -r '"\(.id) \(.victim.pid)"' <<<"$out")
ex=$("$OG" --root "$root" explain 2>&1) || fail "explain failed: $ex"
grep -q "php-fpm8.2 (pid 1233," <<<"$ex" || fail "explain does not explain the latest kill: $(head -8 <<<"$ex")"

# ---- report and check ----
rj=$("$OG" --root "$root" report --json 2>"$tmp/err") || fail "report --json failed: $(head -5 "$tmp/err")"
got=$(jq -r '.oom_kills.kills[] | "\(.pid) \(.comm)"' <<<"$rj")
[ "$got" = "$want" ] || fail "report found
$got
instead of
$want"
ck=$("$OG" --root "$root" check 2>&1); rc=$?
[ $rc -le 2 ] || fail "check exited $rc: $ck"
grep -q "5 OOM kills in the last 7 days" <<<"$ck" || fail "check does not count the 5 kills: $ck"
grep -q "last: php-fpm8.2 (pid 1233)" <<<"$ck" || fail "check does not name the latest kill: $ck"

# ---- memory: the 50 MiB file costs no more than the small plain one ----
peak_kib() {  # peak resident KiB of a command
	python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}
small=$(peak_kib "$OG" events "$root/var/log/syslog")
big=$(peak_kib "$OG" events "$root/var/log/syslog.5.gz")
[ "$big" -le $((small + 4096)) ] ||
	fail "events on the 50 MiB .gz peaked at $big KiB, the small plain file at $small KiB"
pass "5 kills found in every command; peak RSS ${big} KiB (50 MiB .gz) vs ${small} KiB (plain)"
