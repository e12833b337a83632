/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The scanner's /proc files of each process, held open while memory is short: a scan then reads
 * each one with a single pread, with no path walk and no new open file, so it does not wait in
 * the kernel's allocator (an open of /proc/PID/stat stood still for 1.5 s under thrashing in the
 * guest while a pread on a held file took 3 ms).  Outside a hold every read opens and closes. */
#ifndef OOMGUARD_PIDFILES_H
#define OOMGUARD_PIDFILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* cmdline is held for the candidates only, and read only for a victim (pidfiles_keep) */
enum pidfile_kind { PIDFILE_STAT, PIDFILE_CGROUP, PIDFILE_STATUS, PIDFILE_OOM_ADJ, PIDFILE_CMDLINE,
		    PIDFILE_KINDS };

struct pidfiles_entry {
	int32_t pid;
	int32_t fd[PIDFILE_KINDS];   /* -1: not open; -2: could not be opened (not tried again) */
};

struct pidfiles {
	bool holding;
	struct pidfiles_entry *cur;  /* the last scan's, sorted by pid */
	struct pidfiles_entry *next; /* this scan's */
	size_t n_cur, n_next;
	size_t cap;                  /* entries per array (mapped once) */
	size_t limit;                /* entries the descriptor limit allows */
	unsigned opened;             /* files opened by the last scan (the rest were re-read) */
};

/* Maps the two arrays and raises the soft descriptor limit to the hard one.  Cold. */
int pidfiles_init(struct pidfiles *pf, size_t cap);
void pidfiles_free(struct pidfiles *pf);
/* Starts holding (touching the arrays' first `rows` entries now, while memory is there to be
 * had), or stops: every held file is closed and the arrays' pages are given back. */
void pidfiles_hold(struct pidfiles *pf, bool on, size_t rows);

/* A scan: begin, then take each pid it meets (its held entry, moved over from the last scan or
 * new; NULL when not holding or past the limit), read through it, and end (files of the pids not
 * met are closed). */
void pidfiles_scan_begin(struct pidfiles *pf);
struct pidfiles_entry *pidfiles_take(struct pidfiles *pf, int32_t pid);
void pidfiles_scan_end(struct pidfiles *pf);
/* Opens /proc/<pid>/<file of kind> through the entry without reading it, when not yet held:
 * a later read (of the victim, at the action) is then a pread.  Nothing when e is NULL. */
void pidfiles_keep(struct pidfiles *pf, struct pidfiles_entry *e, int proc_fd, const char *pid,
		   enum pidfile_kind kind);
/* The last scan's held file of kind for pid (valid until the next scan), or -1. */
int pidfiles_held(struct pidfiles *pf, int32_t pid, enum pidfile_kind kind);
/* Reads /proc/<pid>/<file of kind> into buf (NUL-terminated): through the entry's held file when
 * it has one (opened and kept when not yet), else opened and closed.  A held file of a process
 * that is gone (the pid may be someone new's by now) is dropped and the path opened again.
 * Returns the length or -errno. */
ssize_t pidfiles_read(struct pidfiles *pf, struct pidfiles_entry *e, int proc_fd, const char *pid,
		      enum pidfile_kind kind, char *buf, size_t cap);
/* The same read after a scan, through the last scan's entry of pid (a victim's file at the
 * action): a pread when that scan held it.  Returns the length or -errno. */
ssize_t pidfiles_read_last(struct pidfiles *pf, int proc_fd, int32_t pid, enum pidfile_kind kind,
			   char *buf, size_t cap);

#endif
