/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `explain --html` (and the kills embedded in `report --html`): one OOM event as a self-contained
 * HTML page or section - the story and verdict as text first, then charts, each with a table of
 * the same numbers as --json (lib/util/html.h).  The daemon's kills get a page of their own. */
#ifndef OOMGUARD_EXPLAIN_HTML_H
#define OOMGUARD_EXPLAIN_HTML_H

#include "cmd/daemon_view.h"
#include "lib/oomreport/diagnose.h"
#include "lib/oomreport/oom_analysis.h"
#include "lib/oomreport/oom_event.h"
#include "lib/util/strbuf.h"

/* The sections of one event; h is the level of its own heading (2 in a page of its own, 3 when
 * embedded in report), its parts use h + 1.  The section's id is "ev-" + the event id. */
void explain_html_event(struct strbuf *sb, const struct oom_event *ev, const struct oom_diagnosis *d,
			const struct oom_analysis *a, int h);
/* A whole page for one kernel event. */
void explain_html_page(struct strbuf *sb, const struct oom_event *ev, const struct oom_diagnosis *d,
		       const struct oom_analysis *a);
/* A whole page for one of the daemon's actions. */
void explain_html_daemon_page(struct strbuf *sb, const struct daemon_story *s);

#endif
