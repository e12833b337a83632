/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A memory trace: the samples `oomguard record` (and the daemon's flight recorder) take of the
 * guarded scope, one JSON object per line after a header line (doc/trace-json.md).  Writing a
 * line and reading one back are both here, pure, so a trace round-trips byte for byte. */
#ifndef OOMGUARD_TRACE_H
#define OOMGUARD_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "lib/procfs/pidstat.h"
#include "lib/util/strbuf.h"

#define TRACE_VERSION 2            /* 2 added cgroup pressure, the near period and process-less samples */
#define TRACE_PROCS_MAX 5           /* largest processes kept per sample */
#define TRACE_GROWERS_MAX 3         /* fastest growers kept per sample */
#define TRACE_SCOPE_MAX 256
#define TRACE_PSI_CGROUPS_MAX 4     /* cgroups whose pressure a trace carries beside the scope's */
#define TRACE_LINE_MAX 8192         /* no line is longer (names are escaped, 64 bytes raw; the
				     * header's paths at most 5 x 256 bytes) */

struct trace_header {
	int version;
	char scope[TRACE_SCOPE_MAX];    /* "/" for the machine, else the memory cgroup path */
	char host[64];
	uint64_t start_epoch_ms;        /* wall clock of t_ms = 0 */
	uint64_t start_monotonic_ms;    /* CLOCK_MONOTONIC of t_ms = 0 (ties a trace to other logs of the boot) */
	unsigned interval_ms;           /* the period the recorder aimed at while memory was short */
	/* version 2 (0 / none in a version 1 trace): */
	unsigned near_ms;               /* the period near the levels: the guarded figure or swap free below near_pct */
	double near_pct;
	size_t n_psi_cgroups;           /* cgroups whose memory.pressure each sample carries, in this order */
	char psi_cgroups[TRACE_PSI_CGROUPS_MAX][TRACE_SCOPE_MAX];
	int32_t watch_pid;              /* a daemon whose sleeps each sample counts (record --watch-pid); 0: none */
	char watch_comm[COMM_MAX];      /* its name ("earlyoom", "nohang"): the replay policy it is */
};

/* The pressure of one cgroup of the header's psi_cgroups (its memory.pressure and the pgscan
 * of its memory.stat); present is false when it could not be read for this sample. */
struct trace_cgroup_psi {
	bool present;
	double some_avg10, full_avg10;  /* percent */
	uint64_t some_total_us, full_total_us;
	uint64_t pgscan;                /* cumulative reclaim scans in the cgroup (memory.stat pgscan) */
};

/* One process in a sample: the largest ones, and the fastest growers since the sample before. */
struct trace_proc {
	pid_t pid;
	char comm[COMM_MAX];            /* raw bytes, as the kernel keeps them */
	int oom_score_adj;
	uint64_t rss_kib, swap_kib;
	int64_t delta_rss_kib;          /* growers: change since the previous sample */
	char cgroup[TRACE_SCOPE_MAX];   /* memory cgroup path */
};

struct trace_sample {
	uint64_t t_ms;                  /* since the header's start */
	uint64_t avail_kib, total_kib;  /* the guarded figure (lib/policy/memfigure) and its base */
	uint64_t mem_total_kib;         /* MemTotal (or the cgroup limit) */
	uint64_t swap_free_kib, swap_total_kib;
	bool psi_present;
	double psi_some_avg10, psi_full_avg10;   /* percent */
	uint64_t psi_some_total_us, psi_full_total_us;
	uint64_t pgmajfault, workingset_refault, pgscan;   /* cumulative counters (/proc/vmstat) */
	uint64_t oom_kill;              /* cumulative: the kernel's OOM kills in the scope */
	uint64_t watch_sleeps;          /* the header's watch_pid: its voluntary context switches, each
					 * one a sleep (cumulative; 0 and not written without one) */
	bool procs_skipped;             /* no process scan this sample ("procs": null): the last one stands */
	size_t n_procs, n_growers;
	struct trace_proc procs[TRACE_PROCS_MAX];
	struct trace_proc growers[TRACE_GROWERS_MAX];
	size_t n_cgroup_psi;            /* as many as the header's psi_cgroups (version 2) */
	struct trace_cgroup_psi cgroup_psi[TRACE_PSI_CGROUPS_MAX];
};

/* An event recorded beside the samples: a kill seen (the kernel's, the daemon's, another's). */
struct trace_event {
	uint64_t t_ms;
	char kind[32];                  /* "kernel_oom_kill", "daemon_action", ... */
	char actor[32];                 /* "kernel", "oomguard", "earlyoom", ... */
	pid_t pid;                      /* 0 when not known */
	char comm[COMM_MAX];
	char detail[128];
};

enum trace_line_kind { TRACE_LINE_HEADER, TRACE_LINE_SAMPLE, TRACE_LINE_EVENT };

/* Append one line (with its newline) to out. */
void trace_write_header(struct strbuf *out, const struct trace_header *h);
void trace_write_sample(struct strbuf *out, const struct trace_sample *s);
void trace_write_event(struct strbuf *out, const struct trace_event *e);

/* Reads one line (without its newline) into the struct its kind names.  Returns the kind, or
 * -EINVAL with err set to "KEY: problem (byte N)". */
int trace_parse_line(const char *text, size_t len, struct trace_header *h, struct trace_sample *s,
		     struct trace_event *e, char *err, size_t errlen);

/* Percent of total, 0 when total is 0. */
double trace_pct(uint64_t part, uint64_t total);

#endif
