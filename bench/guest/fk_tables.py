#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Markdown tables from bench/guest/30_false_kills.sh's rows (false-kills.tsv, replay.tsv):
# false kills per tool and scenario, and the replayed action times against the real ones.
#   python3 bench/guest/fk_tables.py DIR      (DIR: the guest's fk/ folder)
import csv
import glob
import json
import re
import sys

d = sys.argv[1]
# Replay accuracy.  The real action time is taken from the daemon's own record of its first action
# on the leak (oomguard's event log, the others' journal, CLOCK_MONOTONIC), and also from the leak's
# SIGTERM handler when it ran (a leak stuck in reclaim may get SIGKILL before it runs the handler).
def trace_head(path):
    with open(path) as f:
        head = json.loads(f.readline())
        pids, last = set(), 0
        for line in f:
            x = json.loads(line)
            last = x["t_ms"]
            for p in x.get("procs") or []:   # null: a sample without a process scan
                if p["comm"] == "leak":
                    pids.add(p["pid"])
    return head, pids, last


def journal(tool, head):
    """The tool's journal lines as (ms from the trace's start, message); none without its file."""
    try:
        lines = open(d + "/%s.journal" % tool).read().splitlines()
    except OSError:
        return
    for line in lines:
        m = re.match(r"\[\s*([0-9.]+)\]\s+\S+\s+[^:]+:\s+(.*)", line)
        if m:
            yield int(float(m.group(1)) * 1000) - head["start_monotonic_ms"], m.group(2)


def daemon_ms(tool, head, pids, last):
    epoch0 = head["start_epoch_ms"]
    if tool == "oomguard":
        try:
            for line in open(d + "/oomguard-events.jsonl"):
                e = json.loads(line)
                if e.get("event") != "kill" or (e.get("victim") or {}).get("pid") not in pids:
                    continue
                # written when the victim is gone: its signal went out wait_ms before
                t = e["time_us"] // 1000 - e.get("wait_ms", 0) - epoch0
                if 0 <= t <= last:
                    return t
        except OSError:
            pass
        return None
    considered = None
    for t, msg in journal(tool, head):
        # systemd-oomd logs its candidates before the kill and "Killed ..." after it: the
        # candidates line is the one closer to the action
        if msg.startswith("Considered ") and "for killing" in msg:
            considered = t
        if not 0 <= t <= last or not re.search(r"SIGTERM|SIGKILL|Killed|[Kk]ill", msg):
            continue
        if "leak" in msg or any(re.search(r"\b%d\b" % p, msg) for p in pids):
            if tool == "systemd-oomd" and considered is not None and 0 <= t - considered <= 1000:
                return considered
            return t
    return None


def earlyoom_decided_ms(head, pids, last):
    """earlyoom: its "low memory!" line, printed by the check that acted before it searches /proc
    for its victim (journald's receive time: if anything later than the check), and whether that
    time is only a bound: journald stamped the line alike with the "sending" line after it (it
    read both late, together).  A check that found memory recovered while it searched kills
    nothing: its line counts too (the last one in the trace)."""
    kill = daemon_ms("earlyoom", head, pids, last)
    found, bound = None, False
    for t, msg in journal("earlyoom", head):
        if msg.startswith("low memory!") and (kill - 2000 <= t <= kill if kill is not None else 0 <= t <= last):
            found, bound = t, False
        elif found is not None and msg.startswith("sending ") and t == found:
            bound = True
    return found, bound


def decided_ms(tool, head, pids, last):
    """When the daemon decided to act on the leak.  oomguard: the daemon_kill event of the trace
    its flight recorder wrote beside the kill snapshot (its own CLOCK_MONOTONIC sample time);
    earlyoom: its log line of the check that acted; the others log nothing before the kill.
    Returns (ms or None, whether that time is only an upper bound)."""
    if tool == "earlyoom":
        return earlyoom_decided_ms(head, pids, last)
    if tool != "oomguard":
        return None, False
    found = []
    for path in glob.glob(d + "/oomguard-snap/*.trace"):
        try:
            with open(path) as f:
                h = json.loads(f.readline())
                for line in f:
                    x = json.loads(line)
                    if x.get("event") == "daemon_kill" and x.get("pid") in pids:
                        t = h["start_monotonic_ms"] + x["t_ms"] - head["start_monotonic_ms"]
                        if 0 <= t <= last:
                            found.append(t)
        except (OSError, ValueError, KeyError):
            continue
    return (min(found) if found else None), False


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
            for r in rs:   # a SIGKILL before the leak's handler ran: the daemon's when its own log names the leak
                if r["outcome"].startswith("unknown") and r["kernel_kills"] == "0":
                    try:
                        if daemon_ms(t, *trace_head("%s/exhaust-%s-%s.trace" % (d, t, r["run"]))) is not None:
                            r["outcome"] = "acted-before-kernel"
                    except (OSError, ValueError):
                        pass
            ok = sum(1 for r in rs if r["outcome"] == "acted-before-kernel")
            kk = sum(int(r["kernel_kills"]) for r in rs if r["kernel_kills"].isdigit())
            other = [r["outcome"] for r in rs if r["outcome"] != "acted-before-kernel"]
            cells.append("acted before the kernel in %d of %d runs%s%s" % (ok, len(rs), ", kernel kills %d" % kk if kk else "",
                         "; " + "; ".join(other) if other else ""))
    print("| %s | %s |" % (s, " | ".join(cells)))
print()
acc = list(csv.DictReader(open(d + "/replay.tsv"), delimiter="\t"))
def longest_gap(path, real, window=1000):
    """The longest time between two samples of the trace in the window ms up to the real action."""
    try:
        with open(path) as f:
            f.readline()
            ts = [x["t_ms"] for x in map(json.loads, f) if "event" not in x]
    except (OSError, ValueError):
        return "-"
    ts = [t for t in ts if real - window <= t] if real is not None else []
    ts = ts[:next((i + 1 for i, t in enumerate(ts) if t > real), len(ts))]   # and the first after it
    return str(max(b - a for a, b in zip(ts, ts[1:]))) if len(ts) > 1 else "-"


print("| real daemon | run | stopped by | its log, ms | the leak's SIGTERM handler, ms | real action (earlier of the two), ms | replayed by its own model, ms | its daemon's bracket (the sample before, + its own check period), ms | real in the bracket | decided (oomguard's own trace; earlyoom's low-memory line, \"at most\" when journald stamped it alike with its SIGTERM line), ms | replay minus decided, ms | last sample before the real action: available / swap free [/ slice full avg10] | longest gap between samples in the second up to it, ms | other models (ms) |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
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
    tpath = "%s/exhaust-%s-%s.trace" % (d, r["tool"], r["run"])
    try:
        head, pids, last = trace_head(tpath)
        dm = daemon_ms(r["tool"], head, pids, last)
        dec, dec_bound = decided_ms(r["tool"], head, pids, last)
    except (OSError, ValueError):
        dm = dec = None
        dec_bound = False
    rep = None if o is None or o["replay_ms"] == "NA" else int(o["replay_ms"])
    hm = int(r["real_ms"]) if r["real_ms"] not in ("NA", "") else None
    if r["tool"] == "systemd-oomd":   # SIGKILL of the scope: no handler runs; real_ms is its journal line
        dm, hm = (dm if dm is not None else hm), None
    # the signal cannot arrive before it is sent, and a log written after the send is later than
    # the handler: the earlier of the two is the closer to the action
    real = min(x for x in (dm, hm) if x is not None) if (dm is not None or hm is not None) else None
    before = "-"
    if real is not None:
        try:
            with open(tpath) as f:
                f.readline()
                for line in f:
                    x = json.loads(line)
                    if x["t_ms"] > real:
                        break
                    cg = (x.get("cgroup_pressure") or [None])[0]
                    before = "%.2f%% / %.2f%%%s (at %d)" % (100.0 * x["avail_kib"] / x["total_kib"],
                             100.0 * x["swap_free_kib"] / x["swap_total_kib"] if x["swap_total_kib"] else 0,
                             " / %.1f%%" % cg["full_avg10"] if cg else "", x["t_ms"])
        except (OSError, ValueError):
            pass
    actor = r["real_actor"]
    if actor.startswith("unknown") and dm is not None:
        actor = "%s (its log names the leak; SIGKILL before the SIGTERM handler ran)" % r["tool"]
    gap = longest_gap(tpath, real)
    wf = int(o["window_from_ms"]) if o and o.get("window_from_ms") not in (None, "NA") else None
    wt = int(o["window_to_ms"]) if o and o.get("window_to_ms") not in (None, "NA") else None
    bracket = "-" if wf is None or wt is None else "%d-%d" % (wf, wt)
    def within(t):
        if wf is None or wt is None or t is None:
            return "-"
        return "yes" if wf <= t <= wt else "no, %+d ms" % (t - wt if t > wt else t - wf)
    inside = within(real)
    if dec is not None:     # its decision is what its model gives; the signal follows it
        inside = "%s (decision: %s)" % (inside, within(dec))
    print("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (r["tool"], r["run"], actor, "-" if dm is None else dm,
          "-" if hm is None else hm, "-" if real is None else real, "none" if rep is None else rep,
          "-" if rep is None or real is None else "%+d" % (rep - real), bracket, inside, "-" if dec is None else "%s%d" % ("at most " if dec_bound else "", dec),
          "-" if rep is None or dec is None else "%s%+d" % ("at least " if dec_bound else "", rep - dec), before, gap, others))
