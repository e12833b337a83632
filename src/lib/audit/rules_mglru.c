/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rules on the multi-generational LRU's thrashing protection, /sys/kernel/mm/lru_gen/min_ttl_ms:
 * off on a machine that has no userspace OOM daemon (it may thrash for minutes before the kernel
 * kills), or so high that the kernel kills while memory could still be reclaimed.
 * Source: Documentation/admin-guide/mm/multigen_lru.rst ("Thrashing prevention"). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "lib/audit/rules.h"

#define MGLRU_TTL_PATH "/sys/kernel/mm/lru_gen/min_ttl_ms"
#define MGLRU_TTL_GOOD 1000   /* multigen_lru.rst: N=1000 usually ends intolerable jank */
#define MGLRU_TTL_HIGH 3000   /* multigen_lru.rst: N=3000 and up risks premature OOM kills */
/* systemd-tmpfiles applies the first line for a path in the lexicographically first file, so
 * "00-" wins over a vendor's line for the same file. */
#define MGLRU_TMPFILES "/etc/tmpfiles.d/00-oomguard-mglru.conf"

static void fix_ttl(struct finding *f)
{
	audit_fset(f->step, sizeof(f->step), "echo %d > " MGLRU_TTL_PATH, MGLRU_TTL_GOOD);
	audit_fset(f->write_path, sizeof(f->write_path), MGLRU_TMPFILES);
	audit_fset(f->write_content, sizeof(f->write_content), "w " MGLRU_TTL_PATH " - - - - %d\n",
	     MGLRU_TTL_GOOD);
	audit_fset(f->after_cmd, sizeof(f->after_cmd), "%s", f->step);
	audit_fset(f->fix, sizeof(f->fix), "now:\n  %s\npersist: this line in " MGLRU_TMPFILES
		 " (systemd-tmpfiles writes it at every boot):\n  w " MGLRU_TTL_PATH " - - - - %d",
		 f->step, MGLRU_TTL_GOOD);
}

void rules_mglru(const struct rule_ctx *c)
{
	const struct audit_snapshot *s = c->s;
	if (!s->mglru.present || !(s->mglru.enabled & 1) || !s->mglru.ttl_known)
		return;
	int64_t ttl = s->mglru.min_ttl_ms;

	if (ttl >= MGLRU_TTL_HIGH) {
		struct finding *f = finding_add(c->out, "mglru.min_ttl_ms.high", SEV_WARN,
			"MGLRU calls the OOM killer whenever it cannot keep the pages used in the last "
			"min_ttl_ms in memory, and multigen_lru.rst warns that values like 3000 kill "
			"prematurely, while memory could still be reclaimed.");
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "MGLRU kills to keep %" PRId64 " ms of working set: "
			 "early OOM kills", ttl);
		audit_fset(f->measured, sizeof(f->measured), "lru_gen/enabled=0x%04x, min_ttl_ms=%" PRId64
			 "%s%s", s->mglru.enabled, ttl, s->oom_daemon[0] ? ", userspace OOM daemon: " : "",
			 s->oom_daemon);
		fix_ttl(f);
		return;
	}
	/* without the process table nobody can tell whether a daemon runs: say nothing */
	if (ttl == 0 && s->have_procs && !s->oom_daemon[0]) {
		struct finding *f = finding_add(c->out, "mglru.min_ttl_ms.off", SEV_INFO,
			"With no userspace OOM daemon and min_ttl_ms=0, a machine out of memory can thrash "
			"for minutes before the kernel kills; min_ttl_ms=1000 makes MGLRU kill once the last "
			"second of working set no longer fits (multigen_lru.rst).");
		if (!f)
			return;
		audit_fset(f->title, sizeof(f->title), "MGLRU's thrashing protection is off and no OOM daemon runs");
		audit_fset(f->measured, sizeof(f->measured), "lru_gen/enabled=0x%04x, min_ttl_ms=0, no "
			 "earlyoom, nohang, systemd-oomd, oomd or oomguard daemon running", s->mglru.enabled);
		fix_ttl(f);
		size_t n = strlen(f->fix);
		audit_fset(f->fix + n, sizeof(f->fix) - n, "\nor run a userspace OOM daemon instead "
			 "(oomguard daemon, earlyoom, systemd-oomd)");
	}
}
