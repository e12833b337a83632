/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Kills by userspace OOM killers, read from their log lines: systemd-oomd and systemd's unit
 * manager, earlyoom (every version's wording), nohang, Facebook's oomd, Android's lmkd (and the
 * old in-kernel lowmemorykiller), and oomguard's own daemon.  Pure: one line (its program tag and
 * message) in, one record out; multi-line killers (nohang, oomd, earlyoom's threshold line) keep
 * what they said last in a small state.  The assembler turns records into events. */
#ifndef OOMGUARD_USERSPACE_KILLS_H
#define OOMGUARD_USERSPACE_KILLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/oomreport/oom_event.h"

enum us_what {
	US_NONE = 0,
	US_KILL,            /* a kill (or a failed kill attempt, u.failed) */
	US_EXITED,          /* earlyoom: "process N exited after S seconds" (pid may be unset) */
	US_KILL_FAILED,     /* earlyoom: "kill failed: ..." after its "sending" line */
	US_ESCALATED,       /* earlyoom: "escalating to SIGKILL" */
	US_UNIT_OOMD,       /* systemd: "<unit>: systemd-oomd killed N process(es) in this unit." */
	US_UNIT_KERNEL_OOM, /* systemd: "<unit>: A process of this unit has been killed by the OOM
			     * killer." / "Failed with result 'oom-kill'" - ties a kernel kill */
};

struct us_record {
	enum us_what what;
	int64_t pid;                /* victim pid or OOM_UNSET */
	char comm[OOM_COMM_MAX];    /* victim name as printed, "" if none */
	char unit[128];             /* systemd unit of US_UNIT_* */
	struct oom_userspace u;
};

/* What the multi-line killers said before their kill line. */
struct us_state {
	char earlyoom_reason[160];
	int64_t earlyoom_mem_pct, earlyoom_swap_pct; /* x100 */
	bool earlyoom_dryrun;
	int64_t nohang_pid, nohang_uid, nohang_rss_kib, nohang_badness;
	char nohang_name[OOM_COMM_MAX];
	char nohang_reason[160];
	bool nohang_reason_next;
	char oomd_cgroup[OOM_PATH_MAX];
	char oomd_reason[160];
	int64_t oomd_usage_kib;
};

void us_state_init(struct us_state *st);

/* Reads one line of program tag (len bytes) with message msg (NUL-terminated).  Returns the
 * record's kind (US_NONE for any other line). */
enum us_what us_parse_line(struct us_state *st, const char *tag, size_t tag_len, const char *msg,
			   struct us_record *out);

/* The other killers whose kills are counted (the metrics' `killer` label), in label order. */
enum us_killer { US_KILLER_SYSTEMD_OOMD, US_KILLER_EARLYOOM, US_KILLER_NOHANG, US_KILLER_OOMD,
		 US_KILLER_LMKD, US_KILLER_COUNT };
const char *us_killer_name(enum us_killer k);
/* One line of a program tag and message: the killer whose done kill it tells, or -1 (any other
 * line, a failed kill, an escalation of one already counted, systemd's unit-manager echo, and
 * oomguard's own lines, counted by the daemon itself). */
int us_count_kill(struct us_state *st, const char *tag, size_t tag_len, const char *msg);

/* One kernel line of Android's in-kernel lowmemorykiller ("lowmemorykiller: Killing 'x' (N), adj
 * A, ..."), which is a kill outside the OOM killer: true and out filled when line is one. */
bool us_parse_kernel_lmk(const char *line, struct us_record *out);

#endif
