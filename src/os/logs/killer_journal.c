/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Other OOM killers' kills from the journal (see killer_journal.h).  Each call opens the journal,
 * matches the killers' identifiers in this boot, and seeks to the newest entry counted before, so
 * a daemon holds no journal files mapped between calls. */
#include "os/logs/killer_journal.h"

#include "lib/kmsg/killer_tags.h"

#include <errno.h>
#include <string.h>
#include "config.h"
#include "lib/kmsg/killer_tags.h"
#include "os/core/sysroot.h"
#include "os/logs/journal_reader.h"

#if HAVE_LIBSYSTEMD
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>

/* A *.journal file in this machine folder. */
static bool has_journal_file(const char *rel, void *arg)
{
	DIR *m = sysroot_opendir(rel);
	struct dirent *f;
	bool found = false;
	(void)arg;
	while (m && !found && (f = readdir(m))) {
		size_t n = strlen(f->d_name);
		found = n > 8 && strcmp(f->d_name + n - 8, ".journal") == 0;
	}
	if (m)
		closedir(m);
	return found;
}

/* Any *.journal file in MACHINE-ID folders below the journal's two homes (through sysroot). */
static bool journal_files_exist(void)
{
	return journal_reader_dirs_any(has_journal_file, NULL);
}

int killer_journal_init(struct killer_journal *kj)
{
	memset(kj, 0, sizeof(*kj));
	us_state_init(&kj->lines);
	/* no journal files (no journald): libsystemd is not worth mapping into the daemon */
	if (!journal_files_exist())
		return -ENOENT;
	return systemd_api() ? 0 : -ENOTSUP;
}

/* "_BOOT_ID=<32 hex>" of the running (or --root) system, "" when unknown. */
static void boot_match(char *out, size_t cap)
{
	char buf[64];
	ssize_t n = sysroot_read("/proc/sys/kernel/random/boot_id", buf, sizeof(buf));
	size_t k = 0;
	out[0] = '\0';
	if (n <= 0)
		return;
	char hex[33];
	for (ssize_t i = 0; i < n && k < 32; i++)
		if ((buf[i] >= '0' && buf[i] <= '9') || (buf[i] >= 'a' && buf[i] <= 'f'))
			hex[k++] = buf[i];
	hex[k] = '\0';
	if (k == 32)
		snprintf(out, cap, "_BOOT_ID=%s", hex);
}

static void field(const void *d, size_t l, const char *name, const char **v, size_t *vl)
{
	size_t n = strlen(name);
	if (l > n && memcmp(d, name, n) == 0) {
		*v = (const char *)d + n;
		*vl = l - n;
	}
}

int killer_journal_read(struct killer_journal *kj)
{
	const struct systemd_api *sd = systemd_api();
	sd_journal *j;
	char boot[64], match[64];
	int r;

	if (!sd)
		return -ENOTSUP;
	if ((r = journal_reader_open(sd, &j)) <= 0)
		return r;
	for (size_t k = 0; k < killer_tag_count(); k++) {  /* one field many times: any identifier */
		const char *tag = killer_tag_name(k);
		/* not systemd's own lines (they only echo a kill) nor oomguard's (counted by itself) */
		if (strcmp(tag, "systemd") == 0 || strcmp(tag, "oomguard") == 0)
			continue;
		snprintf(match, sizeof(match), "SYSLOG_IDENTIFIER=%s", tag);
		if ((r = sd->journal_add_match(j, match, 0)) < 0)
			goto out;
	}
	boot_match(boot, sizeof(boot));
	if (boot[0] && (r = sd->journal_add_match(j, boot, 0)) < 0)   /* another field: and */
		goto out;
	r = kj->last_us ? sd->journal_seek_realtime_usec(j, (uint64_t)kj->last_us) : sd->journal_seek_head(j);
	if (r < 0)
		goto out;
	unsigned skip = kj->at_last;
	while ((r = sd->journal_next(j)) > 0) {
		uint64_t rt = 0;
		const void *d;
		size_t l, il = 0, ml = 0;
		const char *ident = NULL, *msg = NULL;
		if (sd->journal_get_realtime_usec(j, &rt) < 0 || (int64_t)rt < kj->last_us)
			continue;
		if ((int64_t)rt == kj->last_us && skip > 0) {   /* counted by the last call */
			skip--;
			continue;
		}
		if ((int64_t)rt == kj->last_us) {
			kj->at_last++;
		} else {
			kj->last_us = (int64_t)rt;
			kj->at_last = 1;
			skip = 0;
		}
		sd->journal_restart_data(j);
		while (sd->journal_enumerate_available_data(j, &d, &l) > 0) {
			field(d, l, "SYSLOG_IDENTIFIER=", &ident, &il);
			field(d, l, "MESSAGE=", &msg, &ml);
		}
		if (!ident || !msg)
			continue;
		char text[1024];   /* the message as a C string (journal data is not NUL-terminated) */
		snprintf(text, sizeof(text), "%.*s", (int)(ml < sizeof(text) - 1 ? ml : sizeof(text) - 1), msg);
		int k = us_count_kill(&kj->lines, ident, il, text);
		if (k >= 0)
			kj->kills[k]++;
	}
out:
	sd->journal_close(j);
	return r < 0 ? r : 1;
}

#else

int killer_journal_init(struct killer_journal *kj)
{
	memset(kj, 0, sizeof(*kj));
	return -ENOTSUP;
}

int killer_journal_read(struct killer_journal *kj)
{
	return -ENOTSUP;
}

#endif
