/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Plain words shared by explain's text and HTML views. */
#ifndef OOMGUARD_EXPLAIN_WORDS_H
#define OOMGUARD_EXPLAIN_WORDS_H

#include "lib/oomreport/oom_event.h"

/* "OOM kill (system-wide)", "page allocation failure (nothing was killed)", ... */
const char *explain_kind_text(const struct oom_event *ev);
/* What the leading GFP_* name of names asks for, in words, or NULL (a memory cgroup's
 * GFP_KERNEL is the charge of its processes' page faults). */
const char *explain_gfp_plain(const struct oom_event *ev, const char *names);

#endif
