/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Journal reader (see journal_reader.h): sd-journal with a match on the kernel's entries, seeking
 * to a little before --since so reports that started just before the bound are whole; each
 * entry's fields go to lib/kmsg/journal_entry, which makes the log record. */
#include "os/logs/journal_reader.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "lib/kmsg/journal_entry.h"
#include "lib/kmsg/killer_tags.h"
#include "os/core/sysroot.h"

#if HAVE_LIBSYSTEMD
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "os/core/systemd_dl.h"

#define REPORT_SLACK_US (120 * 1000000LL)   /* a report's lines span well under two minutes */

static const char *const journal_homes[] = { "/var/log/journal", "/run/log/journal" };

bool journal_reader_dirs_any(bool (*fn)(const char *rel, void *arg), void *arg)
{
	for (size_t i = 0; i < sizeof(journal_homes) / sizeof(journal_homes[0]); i++) {
		DIR *d = sysroot_opendir(journal_homes[i]);
		struct dirent *e;
		bool hit = false;
		if (!d)
			continue;
		while (!hit && (e = readdir(d))) {
			char rel[600];
			if (e->d_name[0] == '.')
				continue;
			snprintf(rel, sizeof(rel), "%s/%s", journal_homes[i], e->d_name);
			hit = fn(rel, arg);
		}
		closedir(d);
		if (hit)
			return true;
	}
	return false;
}

/* This machine folder's system.journal exists but this user cannot open it. */
static bool system_journal_unreadable(const char *rel, void *arg)
{
	char file[700], path[4096];
	(void)arg;
	snprintf(file, sizeof(file), "%s/system.journal", rel);
	return sysroot_path(path, sizeof(path), file) == 0 && access(path, F_OK) == 0 &&
	       access(path, R_OK) != 0;
}

/* A system journal file this user cannot open: the journal is there but hidden from us. */
static bool system_journal_denied(void)
{
	return journal_reader_dirs_any(system_journal_unreadable, NULL);
}

/* Opens the live system's journal, or the journal directories of a --root tree: its
 * /var/log/journal and /run/log/journal (persistent and volatile storage), every journal file
 * below them.  1 = opened, 0 = the tree has no journal. */
int journal_reader_open(const struct systemd_api *sd, sd_journal **j)
{
	if (sysroot_is_live()) {
		int r = sd->journal_open(j, 0);
		return r < 0 ? r : 1;
	}
	bool any = false;
	for (size_t i = 0; i < sizeof(journal_homes) / sizeof(journal_homes[0]) && !any; i++) {
		struct stat st;
		char dir[4096];
		any = sysroot_path(dir, sizeof(dir), journal_homes[i]) == 0 && stat(dir, &st) == 0 &&
		      S_ISDIR(st.st_mode);
	}
	if (!any)
		return 0;
	/* sd-journal looks up both directories below the tree itself; it wants an absolute path */
	char root[PATH_MAX];
	if (!realpath(sysroot_get(), root))
		return -errno;
	int r = sd->journal_open_directory(j, root, SD_JOURNAL_OS_ROOT);
	if (r < 0)
		return r;
	return 1;
}

int journal_read_kernel(int64_t since_us, int64_t until_us, log_record_sink sink, void *userdata)
{
	const struct systemd_api *sd = systemd_api();
	sd_journal *j = NULL;
	int r, n = 0;

	if (!sd)
		return -ENOTSUP;      /* libsystemd is not installed: as a build without it */
	if ((r = journal_reader_open(sd, &j)) <= 0)
		return r;
	struct journal_entry *entry = malloc(sizeof(*entry));
	if (!entry) {
		sd->journal_close(j);
		return -ENOMEM;
	}
	/* Both fields are journald's own, and together they prove the kernel: journald gives every
	 * /dev/kmsg record _TRANSPORT=kernel, but a record that a process wrote there carries its
	 * own facility (user by default), and the kernel facility (0) cannot be chosen from
	 * userspace.  Two fields in the match are ANDed. */
	if ((r = sd->journal_add_match(j, "_TRANSPORT=kernel", 0)) < 0 ||
	    (r = sd->journal_add_match(j, "SYSLOG_FACILITY=0", 0)) < 0)
		goto out;
	/* or the entries of the userspace OOM killers (systemd-oomd, earlyoom, ...), by name */
	for (size_t i = 0; i < killer_tag_count(); i++) {
		char m[64];
		snprintf(m, sizeof(m), "SYSLOG_IDENTIFIER=%s", killer_tag_name(i));
		if ((r = sd->journal_add_disjunction(j)) < 0 || (r = sd->journal_add_match(j, m, 0)) < 0)
			goto out;
	}
	if (since_us != LOG_TIME_UNKNOWN)
		r = sd->journal_seek_realtime_usec(j, (uint64_t)(since_us > REPORT_SLACK_US ?
								since_us - REPORT_SLACK_US : 0));
	else
		r = sd->journal_seek_head(j);
	if (r < 0)
		goto out;
	while ((r = sd->journal_next(j)) > 0) {
		uint64_t rt;
		const void *d;
		size_t l;
		const struct log_record *rec;
		journal_entry_start(entry, sd->journal_get_realtime_usec(j, &rt) >= 0 ? (int64_t)rt
										   : LOG_TIME_UNKNOWN);
		if (until_us != LOG_TIME_UNKNOWN && entry->rec.realtime_us != LOG_TIME_UNKNOWN &&
		    entry->rec.realtime_us > until_us + REPORT_SLACK_US)
			break;
		/* one pass over the entry's fields (a lookup by name walks them each time) */
		sd->journal_restart_data(j);
		while (sd->journal_enumerate_available_data(j, &d, &l) > 0)
			journal_entry_field(entry, d, l);
		if (!(rec = journal_entry_record(entry)))
			continue;
		sink(rec, userdata);
		n++;
	}
out:
	free(entry);
	sd->journal_close(j);
	if (r < 0)
		return r;
	if (n == 0 && system_journal_denied())
		return -EACCES;
	return n;
}

#else

int journal_read_kernel(int64_t since_us, int64_t until_us, log_record_sink sink, void *userdata)
{
	(void)since_us;
	(void)until_us;
	(void)sink;
	(void)userdata;
	return -ENOTSUP;
}

#endif
