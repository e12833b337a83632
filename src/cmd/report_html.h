/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `report --html` (report_html.c) and the data both report views share (cmd_report.c): memory
 * and pressure now, the next victims with their badness factors as stacked bars, the findings
 * with copyable fixes, and the kills of the last days on a timeline, each linked to its
 * explanation further down the same page (cmd/explain_html.h). */
#ifndef OOMGUARD_REPORT_HTML_H
#define OOMGUARD_REPORT_HTML_H

#include <stddef.h>

#include "lib/audit/audit.h"
#include "lib/audit/finding.h"
#include "lib/audit/kill_summary.h"
#include "lib/audit/snapshot.h"
#include "lib/audit/thresholds.h"
#include "lib/util/strbuf.h"

#define FIRST_STEPS 3

struct step {
	const struct finding *f;
	char command[sizeof(((struct finding *)0)->step) + 8];
};

struct report {
	struct audit_snapshot s;
	struct findings f;
	struct audit_thresholds th;
	struct kill_summary ks;
	size_t n_victims;           /* rows of s.victims shown */
	struct step steps[FIRST_STEPS];
	size_t n_steps;
	char host[128];
};

/* The page; events (n_events, may be NULL) are the kills' full reports, explained in it. */
struct oom_event;
void report_html_page(struct strbuf *sb, const struct report *r, struct oom_event *const *events, size_t n_events);

#endif
