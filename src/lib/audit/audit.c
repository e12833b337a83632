/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rule runner: every rule over one snapshot, findings sorted (see audit.h, rules.h). */
#include "lib/audit/audit.h"

#include <errno.h>
#include "lib/audit/rules.h"

int audit_run(const struct audit_snapshot *s, const struct audit_thresholds *t, struct findings *out)
{
	struct rule_ctx c = { .s = s, .t = t, .out = out };
	rules_memory(&c);
	rules_settings(&c);
	rules_numa(&c);
	rules_mglru(&c);
	rules_tasks(&c);
	rules_cgroups(&c);
	rules_processes(&c);
	findings_sort(out);
	return out->oom ? -ENOMEM : 0;
}
