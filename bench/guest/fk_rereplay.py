#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Replays a false-kills bench's traces again with this build's models and rewrites its replay.tsv
(the guest's first one kept as replay.tsv.guest), so that fk_tables.py shows a changed model
against the same real runs without booting the guest again.
  fk_rereplay.py FK_DIR [OOMGUARD]      (OOMGUARD: default build/oomguard)"""
import csv
import json
import os
import subprocess
import sys
import tempfile

if len(sys.argv) not in (2, 3):
    sys.exit(__doc__)
d = sys.argv[1]
og = sys.argv[2] if len(sys.argv) == 3 else "build/oomguard"
tsv = os.path.join(d, "replay.tsv")
kept = tsv + ".guest"
if not os.path.exists(kept):
    os.rename(tsv, kept)
rows = list(csv.DictReader(open(kept), delimiter="\t"))
cols = list(rows[0].keys()) if rows else []
runs = []
for r in rows:
    k = (r["tool"], r["run"], r["real_actor"], r["real_ms"])
    if k not in runs:
        runs.append(k)
with tempfile.NamedTemporaryFile("w", suffix=".conf") as empty, open(tsv, "w") as out:
    out.write("\t".join(cols) + "\n")
    for tool, run, actor, real in runs:
        trace = os.path.join(d, "exhaust-%s-%s.trace" % (tool, run))
        res = subprocess.run([og, "replay", trace, "--json", "-p", "earlyoom", "-p", "oomguard:" + empty.name,
                              "-p", "nohang", "-p", "systemd-oomd"], capture_output=True, text=True)
        if res.returncode != 0:
            sys.exit("%s: %s" % (trace, res.stderr.strip()))
        j = json.loads(res.stdout)
        near = str(json.loads(open(trace).readline()).get("near_ms", 100))
        for p in j["policies"]:
            t = p["t_ms"] if p["acted"] else None
            diff = t - int(real) if t is not None and real not in ("NA", "") else None
            w = [str(p[k]) if p["acted"] and p.get(k) is not None else "NA" for k in ("window_from_ms", "window_to_ms")]
            out.write("\t".join([tool, run, actor, real, p["spec"].split(":")[0], "NA" if t is None else str(t),
                                 "NA" if diff is None else str(diff), near] + w) + "\n")
        k = j["kernel"]
        out.write("\t".join([tool, run, actor, real, "kernel", str(k["t_ms"]) if k["oom_kill"] else "NA", "NA", near,
                             "NA", "NA"]) + "\n")
print("%s: %d runs replayed again (the guest's rows: %s)" % (tsv, len(runs), kept))
