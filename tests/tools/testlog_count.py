#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Counts one meson test run for tests/run-all.sh: passed, failed and skipped tests, where a test
that ran only in part counts as skipped.  Whole skips are meson's SKIP (exit 77); partial skips
are an integration test's "SKIP-PART: name: reason" lines (lib.sh skip_part) and cmocka's
"[  SKIPPED ] case" lines (with the test's "skipping: reason" line).  Every skip is printed with
its reason; one whose key (test name, or test/case for cmocka) is not in the allowed list fails
the run.  Usage: testlog_count.py TESTLOG_JSON ALLOWED_SKIPS_FILE; prints
"counts PASSED FAILED SKIPPED UNEXPECTED" as its last line."""
import json
import re
import sys


def allowed_keys(path):
    keys = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, reason = line.partition(" ")
        if not reason.strip():
            sys.exit("%s: %s has no reason" % (path, key))
        keys[key] = reason.strip()
    return keys


def main():
    allowed = allowed_keys(sys.argv[2])
    passed = failed = skipped = unexpected = 0
    for line in open(sys.argv[1], encoding="utf-8"):
        t = json.loads(line)
        name = t["name"].split(" / ")[-1]
        result = t["result"]
        text = (t.get("stdout") or "") + "\n" + (t.get("stderr") or "")
        skips = []   # (key, reason)
        if result == "SKIP":
            m = re.search(r"^SKIP: [^:]*: (.*)$", text, re.M)
            skips.append((name, m.group(1) if m else "no reason printed"))
        elif result == "OK":
            for m in re.finditer(r"^SKIP-PART: [^:]*: (.*)$", text, re.M):
                skips.append((name, "part: " + m.group(1)))
            reasons = re.findall(r"^skipping: (.*)$", text, re.M)
            cases = sorted(set(re.findall(r"^\[  SKIPPED \] (test_\w+)", text, re.M)))
            for c in cases:
                skips.append((name + "/" + c, "; ".join(reasons) or "no reason printed"))
        else:
            failed += 1
            continue
        if not skips:
            passed += 1
            continue
        skipped += 1
        for key, reason in skips:
            ok = key in allowed
            if not ok:
                unexpected += 1
            print("   skipped %s: %s%s" % (key, reason, "" if ok else "  <- NOT ALLOWED on this kind of machine"))
    print("counts %d %d %d %d" % (passed, failed, skipped, unexpected))


main()
