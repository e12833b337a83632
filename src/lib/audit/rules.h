/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared between the runner and the rule files of lib/audit (not a public header): the rule
 * context and one entry point per rule file.  The helpers they use are in audit_helpers.h. */
#ifndef OOMGUARD_AUDIT_RULES_H
#define OOMGUARD_AUDIT_RULES_H

#include "lib/audit/audit_helpers.h"
#include "lib/audit/finding.h"
#include "lib/audit/snapshot.h"
#include "lib/audit/thresholds.h"

struct rule_ctx {
	const struct audit_snapshot *s;
	const struct audit_thresholds *t;
	struct findings *out;
};

void rules_memory(const struct rule_ctx *c);
void rules_settings(const struct rule_ctx *c);
void rules_tasks(const struct rule_ctx *c);
void rules_cgroups(const struct rule_ctx *c);
void rules_processes(const struct rule_ctx *c);
void rules_numa(const struct rule_ctx *c);
void rules_mglru(const struct rule_ctx *c);

#endif
