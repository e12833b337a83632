/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where OOM events come from on this machine: /dev/kmsg, the journal, /var/log/{messages,
 * kern.log,syslog} and their rotations (.gz), or named files / stdin.  Decodes each line format
 * (lib/kmsg), assembles reports (lib/oomreport), drops duplicates of one kill seen in several
 * sources, and hands each event to the caller in time order. */
#ifndef OOMGUARD_OOM_SOURCES_H
#define OOMGUARD_OOM_SOURCES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/kmsg/log_record.h"
#include "lib/oomreport/oom_assembler.h"

struct oom_source_opts {
	const char *const *files;   /* named files ("-" = stdin); none = the machine's own sources */
	size_t n_files;
	int64_t since_us, until_us; /* wall clock bounds, LOG_TIME_UNKNOWN = open */
	bool follow;                /* keep reading /dev/kmsg and report events as they complete */
	bool quiet_unreadable;      /* do not list sources that could not be read (e.g. as non-root) */
	/* with follow: called once when the past events have all been handed out, before waiting
	 * for new ones (events merges the daemon's actions up to then); NULL = none */
	void (*caught_up)(void *userdata);
};

/* A source that was named or found but could not be read whole, or had lines cut. */
struct oom_source_problem {
	char name[300];
	int err;                    /* -errno: could not be opened (line 0) or read past `line`
				     * (-EBADMSG: corrupt or truncated gzip data); 0 = read whole */
	uint64_t line;              /* lines read before err */
	uint64_t cut;               /* lines longer than the reader's buffer, read cut short */
	uint64_t first_cut;         /* the first such line's number */
};
#define OOM_SOURCE_PROBLEMS_MAX 8

struct oom_source_status {
	unsigned sources_read;      /* how many sources were read */
	unsigned sources_denied;    /* how many could not be read for permission */
	char denied[512];           /* their names, comma-separated, for a note */
	const char *failed;         /* the named file that could not be read (with -errno) */
	uint64_t kmsg_lost;         /* /dev/kmsg records overwritten while they were read */
	uint64_t fork_failures;     /* "fork: Cannot allocate memory" and the like in named input */
	uint64_t hang_signs;        /* hung-task, RCU-stall and soft-lockup lines in any source */
	int64_t hang_realtime_us, hang_monotonic_us; /* of the last one, or LOG_TIME_UNKNOWN */
	char hang_text[120];        /* the first one */
	struct oom_source_problem problems[OOM_SOURCE_PROBLEMS_MAX];
	unsigned n_problems;        /* in problems[] */
	unsigned problems_lost;     /* more than problems[] holds */
};

/* Calls cb for each event (deduplicated, oldest first; with follow, as they come).  The callee
 * owns each event.  A named file that cannot be opened, or fails part way (a truncated .gz: its
 * events up to there are kept), and lines cut to the reader's buffer are listed in
 * status->problems; the other files are read all the same.  Returns 0, or -errno (status->failed
 * names the file) when not one named file could be opened. */
int oom_sources_collect(const struct oom_source_opts *opts, oom_event_cb cb, void *userdata,
			struct oom_source_status *status);

#endif
