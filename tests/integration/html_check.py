#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks one page rendered by headless Chromium for html_browser.sh.

html_check.py DOM NETLOG CONSOLE_LOG PNG [--text S]... [--no-element TAG]...
  DOM          the output of --dump-dom
  NETLOG       the --log-net-log file of the same run
  CONSOLE_LOG  Chromium's stderr with --enable-logging=stderr
  PNG          a screenshot of the page
Each --text S must be in the page's visible text; each --no-element TAG must not exist in the DOM.
Fails (exit 1, one line per problem) on: headings out of order (no h1 first, or a level
skipped), a figure without a table, a console message, a request the page made (anything
with an origin: Chromium's own background requests have none), a blank screenshot, a missing text
or a forbidden element."""
import html.parser
import json
import struct
import sys
import zlib


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.tags, self.skip, self.headings = [], {}, 0, []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.headings.append(int(tag[1]))
        if tag in ("style", "title"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "title") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def png_colours(path):
    """Distinct byte values in the decoded scanlines (filter bytes included): 1-2 for a blank page."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return 0
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    return len(set(zlib.decompress(idat)))


def main(argv):
    dom, netlog, console, png = argv[1:5]
    want, forbid, i = [], [], 5
    while i < len(argv):
        if argv[i] == "--text":
            want.append(argv[i + 1])
        elif argv[i] == "--no-element":
            forbid.append(argv[i + 1])
        i += 2
    problems = []
    p = Text()
    p.feed(open(dom, encoding="utf-8", errors="strict").read())
    text = " ".join(" ".join(p.parts).split())
    for w in want:
        if " ".join(w.split()) not in text:
            problems.append("page text lacks %r" % w)
    for tag in forbid:
        if p.tags.get(tag):
            problems.append("the DOM holds %d <%s> element(s)" % (p.tags[tag], tag))
    if not p.headings or p.headings[0] != 1:
        problems.append("the page does not open with one <h1>")
    for a, b in zip(p.headings, p.headings[1:]):
        if b > a + 1:
            problems.append("headings skip a level: h%d after h%d" % (b, a))
            break
    if p.tags.get("figure", 0) > p.tags.get("table", 0):
        problems.append("a chart without its table")
    for line in open(console, errors="replace"):
        if ":CONSOLE" in line:
            problems.append("console: " + line.strip()[:300])
    for ev in json.load(open(netlog)).get("events", []):
        prm = ev.get("params") or {}
        url, origin = prm.get("url", ""), prm.get("initiator")
        if url and origin not in (None, "not an origin") and not url.startswith(("file:", "data:")):
            problems.append("the page requested %s (initiator %s)" % (url[:200], origin))
    if png_colours(png) < 8:
        problems.append("the screenshot is blank")
    for pr in problems:
        print("html_check: " + pr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
