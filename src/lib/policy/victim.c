/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Victim ranking (see victim.h).  The score is on the scale of /proc/PID/oom_score before the
 * kernel's +1000 shift: badness points * 1000 / totalpages, so the default order is the kernel's
 * and a prefer/avoid delta of 300 means 30% of memory. */
#include "lib/policy/victim.h"

#include <errno.h>
#include <string.h>

bool cgroup_within(const char *path, const char *scope)
{
	size_t n = strlen(scope);
	while (n > 1 && scope[n - 1] == '/')
		n--;
	if (n == 1 && scope[0] == '/')
		return path[0] == '/';
	return strncmp(path, scope, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

const char *victim_rule_subject(const struct candidate *c, enum rule_field f)
{
	switch (f) {
	case RULE_NAME: return c->comm;
	case RULE_CMDLINE: return c->cmdline;
	case RULE_USER: return c->user;
	case RULE_CGROUP: return c->cgroup;
	case RULE_UNIT: return c->unit;
	}
	return "";
}

static bool rule_matches(const struct victim_rule *r, const struct candidate *c)
{
	return regexec(&r->re, victim_rule_subject(c, r->field), 0, NULL, 0) == 0;
}

bool victim_rules_use(const struct daemon_config *cfg, enum rule_field f)
{
	for (unsigned i = 0; i < cfg->n_rules; i++)
		if (cfg->rules[i].field == f)
			return true;
	return false;
}

enum victim_skip victim_excluded(const struct candidate *c, const struct victim_policy *p)
{
	if (p->scope_cgroup && !cgroup_within(c->cgroup, p->scope_cgroup))
		return SKIP_OUT_OF_SCOPE;
	if (c->pid <= 1)
		return SKIP_INIT;
	if (c->pid == p->self)
		return SKIP_SELF;
	if (c->kthread)
		return SKIP_KTHREAD;
	if (c->state == 'Z' || c->state == 'X' || c->state == 'x')
		return SKIP_ZOMBIE;
	if (c->oom_score_adj <= OOM_SCORE_ADJ_MIN)
		return SKIP_UNKILLABLE;
	if (p->cfg->ignore_root_user && c->uid == 0)
		return SKIP_ROOT_USER;
	for (size_t i = 0; i < p->n_stuck; i++)
		if (p->stuck[i].pid == c->pid && p->stuck[i].starttime == c->starttime)
			return SKIP_STUCK;
	for (unsigned i = 0; i < p->cfg->n_rules; i++)
		if (p->cfg->rules[i].action == RULE_IGNORE && rule_matches(&p->cfg->rules[i], c))
			return SKIP_IGNORE_RULE;
	return SKIP_NONE;
}

const char *victim_skip_name(enum victim_skip s)
{
	static const char *const names[SKIP_COUNT] = {
		"eligible", "init", "self", "kernel thread", "zombie", "oom_score_adj -1000",
		"outside the guarded cgroup", "ignore rule", "root user", "did not exit before",
	};
	return s < SKIP_COUNT ? names[s] : "?";
}

/* Scores one eligible candidate into ch (everything but index and the counters). */
void victim_score(const struct candidate *c, const struct victim_policy *p,
		      struct victim_choice *ch)
{
	const struct daemon_config *cfg = p->cfg;
	/* KiB to pages with the same page size totalpages was counted in, or the adj term (scaled
	 * by totalpages) and the memory terms drift apart on 16 and 64 KiB page kernels */
	uint64_t page_kib = p->page_kib ? p->page_kib : 4;
	struct badness_input in = {
		.rss_pages = c->rss_kib / page_kib, .swap_pages = c->swap_kib / page_kib,
		.pgtables_pages = c->pgtables_kib / page_kib, .oom_score_adj = c->oom_score_adj,
		.totalpages = p->totalpages ? p->totalpages : 1,
	};
	badness_compute(&in, &ch->badness);
	int64_t pts = ch->badness.points > 0 ? ch->badness.points : 0;
	ch->base_score = pts * 1000 / (int64_t)in.totalpages;
	ch->rule_delta = 0;
	ch->action_rule = NULL;
	ch->scope = cfg->default_scope;
	for (unsigned i = 0; i < cfg->n_rules; i++) {
		const struct victim_rule *r = &cfg->rules[i];
		if (r->action == RULE_IGNORE || !rule_matches(r, c))
			continue;
		if (r->action == RULE_PREFER || r->action == RULE_AVOID)
			ch->rule_delta += r->score_delta;
		else if (r->action == RULE_ACTION_CMD && !ch->action_rule)
			ch->action_rule = r;
		if (r->scope != KILL_PROCESS)
			ch->scope = r->scope;
	}
	ch->score = ch->base_score + ch->rule_delta;
}

static bool ranks_above(const struct victim_choice *a, const struct candidate *ca,
			const struct victim_choice *b, const struct candidate *cb)
{
	if (a->score != b->score)
		return a->score > b->score;
	if (a->badness.points != b->badness.points)
		return a->badness.points > b->badness.points;
	return ca->pid < cb->pid;
}

int victim_choose(const struct candidate *v, size_t n, const struct victim_policy *p,
		  struct victim_choice *out)
{
	struct victim_choice best, cur;
	bool have = false;
	unsigned skipped[SKIP_COUNT] = { 0 };
	unsigned eligible = 0;

	for (size_t i = 0; i < n; i++) {
		enum victim_skip why = victim_excluded(&v[i], p);
		skipped[why]++;
		if (why != SKIP_NONE)
			continue;
		eligible++;
		victim_score(&v[i], p, &cur);
		cur.index = i;
		if (!have || ranks_above(&cur, &v[i], &best, &v[best.index])) {
			best = cur;
			have = true;
		}
	}
	if (!have) {
		memset(out, 0, sizeof(*out));
	} else {
		*out = best;
	}
	out->eligible = eligible;
	memcpy(out->skipped, skipped, sizeof(skipped));
	return have ? 0 : -ESRCH;
}
