/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The OOM killer's ranking as users need to read it: sort keys, which processes can be killed at
 * all, each one's badness split into factors, and the plain-words lines ("If memory ran out now,
 * the kernel would kill ...", and one "why" line per victim).  Pure: `oomguard top` and
 * `oomguard report` call it on entries os/victims.h collected. */
#ifndef OOMGUARD_OOMRANK_H
#define OOMGUARD_OOMRANK_H

#include <stddef.h>
#include <stdint.h>
#include "lib/procfs/badness.h"
#include "lib/procfs/proc_entry.h"
#include "lib/util/strbuf.h"

enum oomrank_key { OOMRANK_SCORE, OOMRANK_RSS, OOMRANK_SWAP, OOMRANK_ADJ, OOMRANK_PID, OOMRANK_NAME };

/* "oom_score", "rss", "swap", "adj", "pid", "name" -> key; -EINVAL otherwise. */
int oomrank_key_parse(const char *s, enum oomrank_key *out);
const char *oomrank_key_name(enum oomrank_key key);
/* The PROC_WANT_* bits a key needs for every process before sorting. */
unsigned oomrank_key_want(enum oomrank_key key);
/* Sorts: oom_score, rss, swap, adj descending; pid, name ascending; ties by pid. */
void oomrank_sort(struct proc_entry *v, size_t n, enum oomrank_key key);

enum oom_standing {
	OOM_CANDIDATE,    /* the kernel may pick it */
	OOM_PROTECTED,    /* oom_score_adj -1000: never picked */
	OOM_UNKILLABLE,   /* init, or no memory left to free (exiting/zombie) */
};
enum oom_standing oomrank_standing(const struct proc_entry *e);
const char *oomrank_standing_name(enum oom_standing s);

/* The kernel's badness for e (needs PROC_WANT_STATUS and the adj); totalpages = RAM + swap pages. */
void oomrank_badness(const struct proc_entry *e, uint64_t totalpages, unsigned page_kib,
		     struct badness *out);

/* "1.2 GiB", "640 MiB", "12 KiB" */
void oomrank_add_size(struct strbuf *out, uint64_t kb);
/* Index of the first candidate in v (ranked by oom_score), or -1 when none can be killed. */
long oomrank_next_victim(const struct proc_entry *v, size_t n);
/* The kernel's badness points of e (oom_badness()), INT64_MIN when it can never be chosen. */
int64_t oomrank_points(const struct proc_entry *e, uint64_t totalpages, unsigned page_kib);
/* Sorts by the kernel's own badness points, highest first, as select_bad_process() picks: oom_score
 * is rounded, so processes with equal scores are told apart this way.  Equal points: the newest
 * process first (starttime when PROC_WANT_STAT was read, then the higher pid). */
void oomrank_sort_points(struct proc_entry *v, size_t n, uint64_t totalpages, unsigned page_kib);
/* "If memory ran out now, the kernel would kill NAME (pid N, oom_score S)." for the next victim,
 * or why no one (victim NULL).  ties > 1: the top oom_score is shared by that many processes whose
 * points were not read, so the line says so instead of naming one.  Names are escaped. */
void oomrank_headline(struct strbuf *out, const struct proc_entry *victim, size_t ties);
/* One line on why e ranks where it does, e.g. "1.1 GiB in RAM (anon 1.0 GiB, file 80 MiB),
 * 4.6% of RAM+swap; oom_score_adj +500 adds 50%". */
void oomrank_why(struct strbuf *out, const struct proc_entry *e, uint64_t totalpages,
		 unsigned page_kib);

#endif
