#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Everything oomguard-daemon runs from an action's start to its signal lies in its resting code
(src/daemon-resting.ld), which stays locked in memory: a function outside it is read back from
the page cache, or from disk, at kill time, when the machine is thrashing.  Walks the calls of
the static executable (objdump -d) from the functions of that stretch and fails on any function
reached outside the resting section, except where the walk stops on purpose (GATES: code that
runs only with rules, on errors, or for formats the kill path does not use).
  kill_path_resting.py BINARY"""
import re
import subprocess
import sys

# The stretch from the deciding sample to the signal: the scan, the choice, the victim's details,
# the targets and the kill (os/daemon/daemon_act.c, procscan.c, killer.c, lib/policy/victim.c).
ROOTS = ['procscan_run', 'victim_choose', 'victim_excluded', 'victim_score', 'procscan_cmdline',
         'killer_open_verified', 'killer_signal', 'killer_mrelease', 'memsource_read', 'sysroot_read']
ROOT_STATICS = ['policy_for', 'fill_trigger', 'fill_proc', 'victim_read_cgroup', 'read_oom_score',
                'collect_targets', 'kill_whole_cgroup', 'signal_targets', 'close_targets',
                'kill_sequence', 'wait_targets', 'all_exited', 'read_late_cmdline']
# Where the walk stops, and why that code may stay out of the resting section.
GATES = {
    'regexec': 'victim rules only: the rules section, kept when rules are configured',
    'getpwuid_r': 'user= rules only (the scan looks up user names for them)',
    'strerror': 'error messages only',
    '__stack_chk_fail': 'a smashed stack only',
    'fmt_fp': 'floating-point formats: none before the signal',
    'wctomb': 'wide-character formats: none before the signal',
    'mbtowc': 'wide-character formats: none before the signal',
    'frexpl': 'floating-point formats: none before the signal',
    '__fpclassifyl': 'floating-point formats: none before the signal',
    '__signbitl': 'floating-point formats: none before the signal',
    '__uflow': 'strtol and friends over a string: the string is their whole buffer, never refilled',
}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    dis = subprocess.run(['objdump', '-d', '--no-show-raw-insn', sys.argv[1]], capture_output=True,
                         text=True, check=True).stdout
    syms = subprocess.run(['nm', sys.argv[1]], capture_output=True, text=True, check=True).stdout
    addr = {p[2]: int(p[0], 16) for p in (l.split() for l in syms.splitlines()) if len(p) == 3}
    if '__og_rest_start' not in addr:
        print('SKIP: %s has no resting section (built without musl)' % sys.argv[1])
        sys.exit(77)
    lo, hi = addr['__og_rest_start'], addr['__og_rest_end']
    funcs, cur = {}, None
    for line in dis.splitlines():
        m = re.match(r'^([0-9a-f]+) <([^>]+)>:$', line)
        if m:
            cur = m.group(2)
            funcs[cur] = (int(m.group(1), 16), set())
            continue
        m = cur and re.search(r'\b(?:call|jmp)\s+[0-9a-f]+ <([^>+]+)>', line)
        if m and m.group(1) != cur:
            funcs[cur][1].add(m.group(1))
    roots = [f for f in ROOTS if f in funcs]
    roots += [f for f in funcs if f.split('.')[0] in ROOT_STATICS]
    missing = [f for f in ROOTS if f not in funcs]
    if missing:
        sys.exit('FAIL: kill-path functions not found in %s: %s' % (sys.argv[1], ', '.join(missing)))
    seen, todo, parent = set(), list(roots), {}
    while todo:
        f = todo.pop()
        if f in seen:
            continue
        seen.add(f)
        if f.split('.')[0] in GATES:
            continue
        for c in funcs[f][1]:
            if c in funcs and c not in seen:
                parent.setdefault(c, f)
                todo.append(c)
    bad = sorted(f for f in seen if not lo <= funcs[f][0] < hi and f.split('.')[0] not in GATES)
    for f in bad:
        chain, g = [f], f
        while g in parent and len(chain) < 12:
            g = parent[g]
            chain.append(g)
        print('outside the resting section: %s (reached by %s)' % (f, ' <- '.join(chain[1:])))
    print('%d functions from %d roots up to the signal; %d outside the resting section' %
          (len(seen), len(roots), len(bad)))
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
