/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Plain words shared by explain's text view (cmd_explain.c) and its HTML page (explain_html.c):
 * the kind of an OOM event and what a GFP mask asks for. */
#include <string.h>

#include "cmd/explain_words.h"

const char *explain_kind_text(const struct oom_event *ev)
{
	switch (ev->kind) {
	case OOM_KIND_OOM_KILL: return ev->sysrq ? "manual OOM kill (SysRq)" : "OOM kill (system-wide)";
	case OOM_KIND_MEMCG_OOM: return "OOM kill inside a memory cgroup";
	case OOM_KIND_NO_KILLABLE: return "out of memory with no killable process";
	case OOM_KIND_PANIC: return "out of memory, kernel panic (panic_on_oom)";
	case OOM_KIND_ALLOC_FAILURE: return "page allocation failure (nothing was killed)";
	case OOM_KIND_USERSPACE: return "kill by a userspace OOM killer";
	case OOM_KIND_UNKNOWN: break;
	}
	return "OOM report";
}

const char *explain_gfp_plain(const struct oom_event *ev, const char *names)
{
	/* A memory cgroup is charged with the gfp of the charge, and the kernel charges ordinary
	 * page faults and page cache with GFP_KERNEL (mm/memory.c, mm/filemap.c): not kernel memory. */
	if (ev->kind == OOM_KIND_MEMCG_OOM && strncmp(names, "GFP_KERNEL", 10) == 0 &&
	    (names[10] == '\0' || names[10] == '|'))
		return "a charge to the cgroup: the page faults of its processes are charged this way, "
		       "so it is usually process memory, not kernel memory";
	/* __GFP_COLD (until 4.15): page_cache_alloc_cold(), read-ahead into the page cache */
	if (strstr(names, "__GFP_COLD") && strncmp(names, "GFP_HIGHUSER", 12) == 0)
		return "a page for the page cache (cache-cold: read-ahead), on behalf of a process";
	static const struct { const char *name; const char *text; } g[] = {
		{ "GFP_HIGHUSER_MOVABLE", "a page for a process (page fault or page cache)" },
		{ "GFP_HIGHUSER", "a page for a process" },
		{ "GFP_USER", "memory for a process, handed out by the kernel" },
		{ "GFP_KERNEL_ACCOUNT", "kernel memory charged to a cgroup" },
		{ "GFP_KERNEL", "kernel memory; the caller may sleep and reclaim" },
		{ "GFP_NOFS", "kernel memory from filesystem code (no filesystem reclaim)" },
		{ "GFP_NOIO", "kernel memory from the I/O path (no I/O reclaim)" },
		{ "GFP_ATOMIC", "an atomic allocation that cannot sleep or reclaim" },
		{ "GFP_NOWAIT", "an allocation that does not wait" },
		{ "GFP_TRANSHUGE", "a transparent huge page" },
	};
	for (size_t i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		size_t n = strlen(g[i].name);
		if (strncmp(names, g[i].name, n) == 0 && (names[n] == '\0' || names[n] == '|'))
			return g[i].text;
	}
	return NULL;
}
