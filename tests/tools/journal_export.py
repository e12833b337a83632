#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Turns a dmesg-style OOM report ("[  475.654166] text" lines) into journal entries in the
# journal export format, as journald would have stored the kernel's records, for
# systemd-journal-remote to write into a real .journal file; or (--kmsg) into the records
# /dev/kmsg gives for the same report.  The integration test events_journal.sh builds its --root
# trees with it.  Export format: one entry per kernel record, KEY=VALUE lines, a blank line
# between entries, and a value holding a newline in the binary form (name, newline, 64-bit
# little-endian length, the bytes, newline).
import argparse
import re
import struct
import sys

STAMP = re.compile(r"^\[\s*(\d+)\.(\d{6})\] ?(.*)$")


def records(lines):
    """(kernel usec, message) per printk record.  A line with the same stamp as the one before
    that starts with a space continues it (a multi-line printk, e.g. show_mem's counters): the
    kernel kept such a record whole, and journald stores it as one MESSAGE with newlines."""
    out = []
    for line in lines:
        m = STAMP.match(line.rstrip("\n"))
        if not m:
            continue
        usec = int(m.group(1)) * 1000000 + int(m.group(2))
        text = m.group(3)
        if out and out[-1][0] == usec and text.startswith(" "):
            out[-1] = (usec, out[-1][1] + "\n" + text)
        else:
            out.append((usec, text))
    return out


def field(name, value):
    data = value.encode("utf-8", "surrogateescape") if isinstance(value, str) else value
    if b"\n" in data:
        return name.encode() + b"\n" + struct.pack("<Q", len(data)) + data + b"\n"
    return name.encode() + b"=" + data + b"\n"


def kmsg_escape(data):
    """/dev/kmsg writes unprintable bytes and the backslash as \\xNN."""
    return b"".join(b"\\x%02x" % c if c < 0x20 or c >= 0x7f or c == 0x5c else bytes([c])
                    for c in data)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("report", help="dmesg-style report; '-' = stdin")
    ap.add_argument("--boot-realtime-us", type=int, required=True,
                    help="wall clock at kernel time 0, in microseconds since the epoch")
    ap.add_argument("--delay-us", type=int, default=0,
                    help="how long after the kernel's stamp journald stored each record")
    ap.add_argument("--boot-id", required=True)
    ap.add_argument("--hostname", required=True)
    ap.add_argument("--transport", default="kernel",
                    help="kernel (journald's /dev/kmsg reader), syslog or journal")
    ap.add_argument("--facility", type=int, default=None,
                    help="SYSLOG_FACILITY (kernel transport: 0 for the kernel's own records, "
                         "1 for what a process wrote to /dev/kmsg; default 0, else 1)")
    ap.add_argument("--identifier", default="kernel", help="SYSLOG_IDENTIFIER")
    ap.add_argument("--replace", action="append", default=[], metavar="OLD=NEW",
                    help="replace text in every message (e.g. a pid or a process name)")
    ap.add_argument("--kmsg", action="store_true",
                    help="write /dev/kmsg records (PRI,SEQ,USEC,-;text) instead")
    args = ap.parse_args()

    src = sys.stdin if args.report == "-" else open(args.report, encoding="utf-8",
                                                     errors="surrogateescape")
    out = sys.stdout.buffer
    for seq, (usec, msg) in enumerate(records(src), 1000):
        for rep in args.replace:
            old, new = rep.split("=", 1)
            msg = msg.replace(old, new)
        if args.kmsg:
            out.write(b"%d,%d,%d,-;%s\n" % (3 if "Killed process" in msg else 4, seq, usec,
                                           kmsg_escape(msg.encode("utf-8", "surrogateescape"))))
            continue
        mono = usec + args.delay_us
        prio = "3" if "Killed process" in msg else "4"
        entry = [field("__REALTIME_TIMESTAMP", str(args.boot_realtime_us + mono)),
                 field("__MONOTONIC_TIMESTAMP", str(mono)),
                 field("_BOOT_ID", args.boot_id),
                 field("_HOSTNAME", args.hostname),
                 field("PRIORITY", prio),
                 field("_TRANSPORT", args.transport)]
        facility = args.facility if args.facility is not None else \
            (0 if args.transport == "kernel" else 1)
        entry += [field("SYSLOG_FACILITY", str(facility)),
                  field("SYSLOG_IDENTIFIER", args.identifier)]
        if args.transport == "kernel":
            entry.append(field("_SOURCE_MONOTONIC_TIMESTAMP", str(usec)))
        if args.transport != "kernel" or facility != 0:
            # a process: journald records who it was
            entry += [field("_PID", "4242"), field("_UID", "1000"), field("_COMM", "logger")]
        entry.append(field("MESSAGE", msg))
        out.write(b"".join(entry) + b"\n")


if __name__ == "__main__":
    main()
