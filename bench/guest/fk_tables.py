#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Markdown tables from bench/guest/30_false_kills.sh's rows (false-kills.tsv, replay.tsv):
# false kills per tool and scenario, and the replayed action times against the real ones.
#   python3 bench/guest/fk_tables.py DIR      (DIR: the guest's fk/ folder)
import csv
import sys

d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/false-kills.tsv"), delimiter="\t"))
tools = []
for r in rows:
    if r["tool"] not in tools:
        tools.append(r["tool"])
scens = ["filecopy", "batch90", "swapfit", "burst", "exhaust"]
print("| scenario | " + " | ".join(tools) + " |")
print("|---|" + "---|" * len(tools))
for s in scens:
    cells = []
    for t in tools:
        rs = [r for r in rows if r["tool"] == t and r["scenario"] == s]
        if not rs:
            cells.append("not run")
        elif s != "exhaust":
            fk = sum(int(r["deaths"]) for r in rs if r["deaths"].isdigit())
            kk = sum(int(r["kernel_kills"]) for r in rs if r["kernel_kills"].isdigit())
            cells.append(("0 false kills" if fk == 0 else "**%d false kill(s)**" % fk) + (", %d kernel kill(s)" % kk if kk else ""))
        else:
            ok = sum(1 for r in rs if r["outcome"] == "acted-before-kernel")
            kk = sum(int(r["kernel_kills"]) for r in rs if r["kernel_kills"].isdigit())
            other = [r["outcome"] for r in rs if r["outcome"] != "acted-before-kernel"]
            cells.append("acted before the kernel in %d of %d runs%s%s" % (ok, len(rs), ", kernel kills %d" % kk if kk else "",
                         "; " + "; ".join(other) if other else ""))
    print("| %s | %s |" % (s, " | ".join(cells)))
print()
acc = list(csv.DictReader(open(d + "/replay.tsv"), delimiter="\t"))
print("| real daemon | run | real action, ms into the trace | replayed by its own model, ms | difference, ms | other models (ms) |")
print("|---|---|---|---|---|---|")
seen = []
for r in acc:
    k = (r["tool"], r["run"])
    if k in seen:
        continue
    seen.append(k)
    group = [x for x in acc if (x["tool"], x["run"]) == k]
    own = [x for x in group if x["replay_policy"] == r["tool"]]
    others = ", ".join("%s %s" % (x["replay_policy"], "none" if x["replay_ms"] == "NA" else x["replay_ms"])
                       for x in group if x["replay_policy"] != r["tool"])
    o = own[0] if own else None
    print("| %s (%s) | %s | %s | %s | %s | %s |" % (r["tool"], r["real_actor"], r["run"], r["real_ms"],
          "-" if o is None else ("none" if o["replay_ms"] == "NA" else o["replay_ms"]),
          "-" if o is None or o["diff_ms"] == "NA" else ("%+d" % int(o["diff_ms"])), others))
