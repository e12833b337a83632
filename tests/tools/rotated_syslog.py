#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes a syslog family with logrotate's names below ROOT/var/log for the log-reading tests:
syslog (plain) and syslog.N.gz of about the compressed sizes asked for, each made of random-ish
syslog lines (poorly compressible, so the sizes are reached with little text) and, part way in,
one real kernel OOM report from the fixtures, stamped in the syslog format without a year.

usage: rotated_syslog.py ROOT FIXTURES_DIR SPEC...
  SPEC is NAME:SIZE:FIXTURE, SIZE in bytes compressed (0 = an empty file; for the plain file the
  size of its text), FIXTURE an oom-reports/ file name or "-" for none.  Files are listed oldest
  first; the newest report is stamped about a minute before now, each older one an hour earlier.
Prints one line per file: NAME SIZE PID COMM (PID and COMM of the killed process, "-" if none).
"""
import base64
import gzip
import os
import random
import re
import sys
import time

STAMP_STEP = 3600


def stamp(t):
    lt = time.localtime(t)
    return time.strftime("%b ", lt) + ("%2d " % lt.tm_mday) + time.strftime("%H:%M:%S", lt)


def filler(rng, t, n):
    out = []
    for i in range(n):
        token = base64.b64encode(rng.randbytes(60)).decode()
        out.append("%s testhost app[%d]: job %d token=%s\n" % (stamp(t), 1000 + i % 5000, i, token))
    return "".join(out).encode()


def report_lines(fixtures, name, t):
    text = open(os.path.join(fixtures, "oom-reports", name), encoding="utf-8", errors="replace").read()
    m = re.search(r"Killed process (\d+) \(([^)]*)\)", text)
    lines = [stamp(t) + " testhost kernel: " + l for l in text.splitlines() if l.strip()]
    return ("\n".join(lines) + "\n").encode(), m.group(1), m.group(2)


def main():
    root, fixtures, specs = sys.argv[1], sys.argv[2], sys.argv[3:]
    logdir = os.path.join(root, "var", "log")
    os.makedirs(logdir, exist_ok=True)
    rng = random.Random(8)
    now = int(time.time())
    for age, spec in enumerate(reversed(specs)):
        name, size, fixture = spec.split(":")
        size = int(size)
        t = now - 60 - age * STAMP_STEP
        path = os.path.join(logdir, name)
        pid = comm = "-"
        report = b""
        if fixture != "-":
            report, pid, comm = report_lines(fixtures, fixture, t)
        if size == 0:
            open(path, "wb").close()
        elif name.endswith(".gz"):
            with open(path, "wb") as raw:
                # mtime 0: the compressed bytes do not depend on when the test runs
                with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0) as gz:
                    written = False
                    while True:
                        raw.flush()
                        done = raw.tell()
                        if not written and (done >= size * 0.6 or size < 4096):
                            gz.write(report)
                            written = True
                            gz.flush()
                            continue
                        if written and done >= size - 256:
                            break
                        step = max(1, min(2000, (size - done) // 80))
                        gz.write(filler(rng, t, step))
                        if size < 4096 and written:
                            break
        else:
            with open(path, "wb") as f:
                f.write(filler(rng, t, size // 160))
                f.write(report)
                f.write(filler(rng, t, size // 320))
        os.utime(path, (t + 30, t + 30))
        print(name, os.path.getsize(path), pid, comm)


if __name__ == "__main__":
    main()
