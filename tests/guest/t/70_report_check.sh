#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `check` and `report` on cgroup v2 under systemd: a service whose child was OOM-killed at its
# MemoryMax is reported (cgroup.memory.oom_kills, with its memory.max), once: not again for
# system.slice and the root, whose hierarchical memory.events count it too; a slice whose working set is near its
# MemoryMax is reported (cgroup.memory.near_limit), a calm limited slice is not, and no cgroup
# finding names anything else; `report --json` carries the PSI figures and the same findings.
source "$OG_SRC/tests/guest/t/lib.sh"
swapoff -a
on_exit "systemctl stop ognear.slice ogcalm.slice og-killed.service 2>/dev/null; systemctl reset-failed og-killed.service 2>/dev/null"
unit_write ognear.slice "[Slice]
MemoryMax=32M
MemorySwapMax=0"
unit_write ogcalm.slice "[Slice]
MemoryMax=64M"
systemctl daemon-reload
# The service outlives its OOM-killed child (OOMPolicy=continue), so its cgroup and count stay.
systemd-run --quiet --unit=og-killed -p MemoryMax=24M -p MemorySwapMax=0 -p OOMPolicy=continue \
	bash -c '"$0" --rate 0 --name killedhog; exec sleep 600' "$MEMHOG_BIN"
systemd-run --quiet --unit=og-calm --slice=ogcalm.slice sleep 600
systemd-run --quiet --unit=og-near --slice=ognear.slice "$MEMHOG_BIN" --total 30 --hold --name nearhog
for i in $(seq 120); do
	[ "$(cg_oom_kills /sys/fs/cgroup/system.slice/og-killed.service)" = 1 ] &&
		[ "$(awk '$1 == "anon" {print $2}' /sys/fs/cgroup/ognear.slice/memory.stat)" -gt $((29 << 20)) ] && break
	sleep 0.5
done
[ "$(cg_oom_kills /sys/fs/cgroup/system.slice/og-killed.service)" = 1 ] || fail "og-killed's hog was not OOM-killed"
echo "near: $(cat /sys/fs/cgroup/ognear.slice/memory.current) of $(cat /sys/fs/cgroup/ognear.slice/memory.max)"

"$OG" check --json --no-logs > "$OUT/70_check.json"; rc=$?
[ "$rc" -le 2 ] || fail "check failed (exit $rc)"
python3 - "$OUT/70_check.json" <<'PY' || fail "check's v2 findings are wrong (above)"
import json, sys
d = json.load(open(sys.argv[1]))
fs = d['findings'] if isinstance(d, dict) else d
cg = [f for f in fs if f['id'].startswith('cgroup.')]
for f in cg: print('finding:', f['id'], f.get('subject'), '|', f.get('measured'))
bad = []
def has(id_, sub):
    return [f for f in cg if f['id'] == id_ and sub in (f.get('subject') or '')]
k = has('cgroup.memory.oom_kills', 'og-killed.service')
if not k: bad.append('no cgroup.memory.oom_kills for og-killed.service')
elif 'memory.max=24' not in (k[0].get('measured') or '') or 'MemoryMax' not in ' '.join(k[0].get('fix') or []):
    bad.append('oom_kills finding lacks memory.max=24M or the MemoryMax fix: %r' % k[0])
if not has('cgroup.memory.near_limit', 'ognear.slice'): bad.append('no cgroup.memory.near_limit for ognear.slice')
for f in cg:
    s = f.get('subject') or ''
    if 'ogcalm' in s or 'og-calm' in s: bad.append('false finding on the calm slice: %s' % f['id'])
    elif not ('og-killed.service' in s or 'ognear.slice' in s): bad.append('finding on an unrelated cgroup: %s %s' % (f['id'], s))
for b in bad: print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
"$OG" report --json > "$OUT/70_report.json"; rc=$?
[ "$rc" -le 2 ] || fail "report failed (exit $rc)"
python3 - "$OUT/70_report.json" <<'PY' || fail "report --json is wrong (above)"
import json, sys
d = json.load(open(sys.argv[1]))
bad = []
p = d.get('pressure') or {}
if not (p.get('full') and 'avg10' in p['full']): bad.append('no PSI in report: %r' % p)
ids = [f.get('id') for f in d.get('findings') or []]
if 'cgroup.memory.oom_kills' not in ids: bad.append('report findings lack cgroup.memory.oom_kills: %r' % ids)
print('report findings:', ids)
for b in bad: print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
pass
