/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The machine's side of the metrics (see metrics_collect.h).  Kernel OOM kills are counted from
 * /dev/kmsg records since boot: each report is assembled (lib/oomreport) and counted once, by
 * scope (a memory cgroup's limit, or the machine) and the constraint the kernel printed. */
#include "os/daemon/metrics_collect.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "lib/audit/audit.h"
#include "lib/audit/finding.h"
#include "lib/audit/thresholds.h"
#include "lib/kmsg/logline.h"
#include "lib/oomreport/oom_assembler.h"
#include "lib/oomreport/oom_event.h"
#include "lib/procfs/meminfo.h"
#include "lib/procfs/psi.h"
#include "os/audit/settings_snapshot.h"
#include "os/core/sysroot.h"
#include "os/logs/killer_journal.h"
#include "os/logs/kmsg_reader.h"
#include "os/logs/logclock.h"

struct metrics_collector {
	struct kmsg_reader *kmsg;
	int kmsg_err;
	struct logline_ctx ctx;
	struct oom_assembler *assembler;
	struct killer_journal killers;
	bool journal_ok;             /* libsystemd is there */
	uint64_t kills[MX_N_SCOPES][MX_N_CONSTRAINTS];
	double last_kill_s;
	bool have_findings;
	unsigned findings[MX_N_SEVERITIES];
	time_t findings_at;
};

static enum metrics_constraint constraint_of(const struct oom_event *ev)
{
	switch (ev->constraint) {
	case OOM_CONSTRAINT_NONE: return MX_CONSTRAINT_NONE;
	case OOM_CONSTRAINT_CPUSET: return MX_CONSTRAINT_CPUSET;
	case OOM_CONSTRAINT_MEMORY_POLICY: return MX_CONSTRAINT_MEMORY_POLICY;
	case OOM_CONSTRAINT_MEMCG: return MX_CONSTRAINT_MEMCG;
	case OOM_CONSTRAINT_UNKNOWN:
	case OOM_CONSTRAINT_OTHER:   /* a constraint this parser cannot name: counted as unknown */
		break;
	}
	/* kernels before 5.0 print no constraint; a memcg report still names its limit */
	return ev->kind == OOM_KIND_MEMCG_OOM ? MX_CONSTRAINT_MEMCG : MX_CONSTRAINT_UNKNOWN;
}

static void count_event(struct oom_event *ev, void *userdata)
{
	struct metrics_collector *mc = userdata;
	if (ev->kind == OOM_KIND_OOM_KILL || ev->kind == OOM_KIND_MEMCG_OOM) {
		enum metrics_constraint c = constraint_of(ev);
		enum metrics_scope s = ev->kind == OOM_KIND_MEMCG_OOM || c == MX_CONSTRAINT_MEMCG ?
				       MX_SCOPE_MEMCG : MX_SCOPE_GLOBAL;
		mc->kills[s][c]++;
		if (ev->realtime_us != LOG_TIME_UNKNOWN && (double)ev->realtime_us / 1e6 > mc->last_kill_s)
			mc->last_kill_s = (double)ev->realtime_us / 1e6;
	}
	oom_event_free(ev);
}

/* Wall clock at kernel time 0: the live clocks, or btime of a --root tree's /proc/stat. */
static int64_t boot_realtime_us(void)
{
	if (sysroot_is_live())
		return logclock_boot_realtime_us();
	char buf[4096];
	ssize_t n = sysroot_read("/proc/stat", buf, sizeof(buf));
	if (n <= 0)
		return LOG_TIME_UNKNOWN;
	const char *b = memmem(buf, (size_t)n, "\nbtime ", 7);
	long long v;
	return b && sscanf(b + 7, "%lld", &v) == 1 ? (int64_t)v * 1000000 : LOG_TIME_UNKNOWN;
}

int metrics_collector_new(struct metrics_collector **out)
{
	struct metrics_collector *mc = calloc(1, sizeof(*mc));
	if (!mc)
		return -ENOMEM;
	mc->assembler = oom_assembler_new(count_event, mc);
	if (!mc->assembler) {
		free(mc);
		return -ENOMEM;
	}
	mc->kmsg_err = kmsg_reader_open(&mc->kmsg);
	if (mc->kmsg_err < 0)
		mc->kmsg = NULL;
	mc->journal_ok = killer_journal_init(&mc->killers) == 0;
	logline_ctx_init(&mc->ctx, LOG_ORIGIN_KMSG, true, "/dev/kmsg");
	mc->ctx.boot_realtime_us = boot_realtime_us();
	*out = mc;
	return 0;
}

int metrics_collector_kmsg_err(const struct metrics_collector *mc)
{
	return mc->kmsg ? 0 : mc->kmsg_err;
}

void metrics_collector_free(struct metrics_collector *mc)
{
	if (!mc)
		return;
	if (mc->kmsg)
		kmsg_reader_close(mc->kmsg);
	oom_assembler_free(mc->assembler);
	free(mc);
}

static void read_memory(struct metrics_state *m)
{
	char buf[8192];
	struct meminfo mi;
	ssize_t n = sysroot_read("/proc/meminfo", buf, sizeof(buf));
	m->have_memory = n > 0 && meminfo_parse(buf, (size_t)n, &mi) == 0;
	if (m->have_memory) {
		m->mem_total_bytes = mi.mem_total * 1024;
		m->mem_available_bytes = meminfo_available_kib(&mi) * 1024;
		m->swap_total_bytes = mi.swap_total * 1024;
		m->swap_free_bytes = mi.swap_free * 1024;
	}
	struct psi p;
	n = sysroot_read("/proc/pressure/memory", buf, sizeof(buf));
	m->have_psi = n > 0 && psi_parse(buf, (size_t)n, &p) == 0 && p.present && p.some.present;
	if (m->have_psi) {
		m->psi_some_seconds = (double)p.some.total_us / 1e6;
		m->psi_full_seconds = p.full.present ? (double)p.full.total_us / 1e6 : 0;
	}
}

static void read_kmsg(struct metrics_collector *mc, struct metrics_state *m, bool final)
{
	char *line;
	size_t len;
	struct log_record rec;

	if (!mc->kmsg) {
		m->have_kernel_kills = false;
		return;
	}
	while (kmsg_reader_next(mc->kmsg, &line, &len) == 1)
		if (logline_decode(&mc->ctx, line, len, &rec) == 1)
			oom_assembler_feed(mc->assembler, &rec);
	if (final)
		oom_assembler_flush(mc->assembler);
	else
		oom_assembler_idle(mc->assembler);
	m->have_kernel_kills = true;
	memcpy(m->kernel_kills, mc->kills, sizeof(m->kernel_kills));
	m->kernel_last_kill_s = mc->last_kill_s;
	m->kmsg_lost = kmsg_reader_lost(mc->kmsg);
}

/* check's findings without the log search (the kills are counted above). */
static void read_findings(struct metrics_collector *mc, struct metrics_state *m, unsigned max_age_s)
{
	time_t now = time(NULL);
	if (!mc->have_findings || max_age_s == 0 || now - mc->findings_at >= (time_t)max_age_s) {
		struct audit_snapshot s;
		struct audit_thresholds th;
		struct findings f = { 0 };
		thresholds_default(&th);
		if (settings_snapshot_collect(&s, SNAP_PROCS | SNAP_CGROUPS, th.kill_window_days) == 0) {
			if (audit_run(&s, &th, &f) == 0) {
				mc->findings[MX_SEV_INFO] = (unsigned)findings_count(&f, SEV_INFO);
				mc->findings[MX_SEV_WARN] = (unsigned)findings_count(&f, SEV_WARN);
				mc->findings[MX_SEV_CRITICAL] = (unsigned)findings_count(&f, SEV_CRIT);
				mc->have_findings = true;
				mc->findings_at = now;
			}
			findings_free(&f);
			audit_snapshot_free(&s);
		}
	}
	m->have_findings = mc->have_findings;
	memcpy(m->findings, mc->findings, sizeof(m->findings));
}

void metrics_collect(struct metrics_collector *mc, struct metrics_state *m, bool final,
		     unsigned findings_max_age_s)
{
	read_memory(m);
	read_kmsg(mc, m, final);
	m->have_other_killers = mc->journal_ok && killer_journal_read(&mc->killers) > 0;
	memcpy(m->other_kills, mc->killers.kills, sizeof(m->other_kills));
	read_findings(mc, m, findings_max_age_s);
}

int metrics_textfile_write(const char *path, const char *text, size_t len)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid()) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -errno;
	size_t off = 0;
	int r = 0;
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			break;
		}
		off += (size_t)n;
	}
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0)
		unlink(tmp);
	return r;
}
