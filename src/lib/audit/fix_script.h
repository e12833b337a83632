/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `oomguard check --fix-script`: turns findings into one reviewed POSIX shell script.  Every
 * step is commented with the finding it fixes, persists sysctls in /etc/sysctl.d (never in
 * /etc/sysctl.conf, whose stale lines it comments out), and can run twice without changing more.
 * Fixes that need a person are listed as comments.  Pure: builds text into a strbuf. */
#ifndef OOMGUARD_FIX_SCRIPT_H
#define OOMGUARD_FIX_SCRIPT_H

#include "lib/audit/finding.h"
#include "lib/util/strbuf.h"

void fix_script_build(const struct findings *f, struct strbuf *out);
/* True when s is safe to paste into the script unquoted-ish: [A-Za-z0-9@:._/-], no "..". */
bool fix_script_safe_word(const char *s);

#endif
