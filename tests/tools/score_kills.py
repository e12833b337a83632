#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Scores `oomguard events --json` against hand-written answers for a folder of real logs.

usage: score_kills.py OOMGUARD DIR    (DIR holds the logs and answers.json)

A kill is right when an event reports it with the answer's victim pid, name, anon-rss, trigger
and constraint (null in the answer: the event must have null too).  An event that claims a kill
(a victim, or a userspace killer's record) matching no answer is an invented event; so is a
second event for one answered kill.  Prints one line per file and the totals; exits 0.
"""
import json
import os
import subprocess
import sys


def events_of(og, path):
    env = dict(os.environ, TZ="UTC", NO_COLOR="1")
    out = subprocess.run([og, "events", "--json", path], capture_output=True, text=True, env=env)
    evs = []
    for line in out.stdout.splitlines():
        line = line.strip()
        if line:
            evs.append(json.loads(line))
    return evs


def victim(ev):
    return ev.get("victim") or {}


def claims_kill(ev):
    return bool(victim(ev)) or ev.get("kind") == "userspace"


def matches(ans, ev):
    if ans.get("pid") is not None:
        if victim(ev).get("pid") == ans["pid"]:
            return True
        return any(k.get("pid") == ans["pid"] for k in ev.get("killed") or [])
    want = ans.get("cgroup")
    if not want:
        return victim(ev).get("comm") == ans.get("comm") and ans.get("comm") is not None
    killer = ev.get("killer") or {}
    for text in (killer.get("cgroup") or "", ev.get("unit") or ""):
        if text and text.rstrip("/").split("/")[-1] == want:
            return True
    return False


def right(ans, ev):
    v = victim(ev)
    trig = (ev.get("trigger") or {}).get("comm")
    return (v.get("pid") == ans.get("pid") and v.get("comm") == ans.get("comm") and
            v.get("anon_rss_kb") == ans.get("anon_rss_kb") and trig == ans.get("trigger") and
            ev.get("constraint") == ans.get("constraint"))


def main():
    og, folder = sys.argv[1], sys.argv[2]
    answers = json.load(open(os.path.join(folder, "answers.json")))
    total = ok = invented = found = 0
    for name in sorted(k for k in answers if not k.startswith("_")):
        evs = events_of(og, os.path.join(folder, name))
        used = set()
        f_ok = f_found = 0
        for ans in answers[name]:
            hit = next((i for i, ev in enumerate(evs) if i not in used and matches(ans, ev)), None)
            if hit is None:
                continue
            used.add(hit)
            f_found += 1
            f_ok += right(ans, evs[hit])
        f_inv = sum(1 for i, ev in enumerate(evs) if i not in used and claims_kill(ev))
        n = len(answers[name])
        total += n
        ok += f_ok
        found += f_found
        invented += f_inv
        print(f"{name:34s} kills {n:2d}  found {f_found:2d}  right {f_ok:2d}  invented {f_inv}")
    pct = 100.0 * ok / total if total else 100.0
    print(f"TOTAL kills {total}  found {found}  right {ok} ({pct:.1f}%)  invented {invented}")


if __name__ == "__main__":
    main()
