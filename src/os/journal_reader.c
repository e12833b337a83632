/* Journal reader (see journal_reader.h): sd-journal with a match on _TRANSPORT=kernel, seeking to
 * a little before --since so reports that started just before the bound are whole. */
#include "os/journal_reader.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "os/sysroot.h"

#if HAVE_LIBSYSTEMD
#include <dirent.h>
#include <stdio.h>
#include "os/systemd_dl.h"

#define REPORT_SLACK_US (120 * 1000000LL)   /* a report's lines span well under two minutes */

static bool field(const struct systemd_api *sd, sd_journal *j, const char *name, const char **val,
		  size_t *len)
{
	const void *d;
	size_t l, nl = strlen(name);
	if (sd->journal_get_data(j, name, &d, &l) < 0 || l <= nl)
		return false;
	*val = (const char *)d + nl + 1;   /* skip "NAME=" */
	*len = l - nl - 1;
	return true;
}

static int64_t field_u64(const struct systemd_api *sd, sd_journal *j, const char *name)
{
	const char *v;
	size_t l;
	if (!field(sd, j, name, &v, &l) || l == 0 || l > 19)
		return LOG_TIME_UNKNOWN;
	int64_t n = 0;
	for (size_t i = 0; i < l; i++) {
		if (v[i] < '0' || v[i] > '9')
			return LOG_TIME_UNKNOWN;
		n = n * 10 + (v[i] - '0');
	}
	return n;
}

/* A system journal file this user cannot open: the journal is there but hidden from us. */
static bool system_journal_denied(void)
{
	static const char *const dirs[] = { "/var/log/journal", "/run/log/journal" };
	char path[4096];
	for (size_t i = 0; i < 2; i++) {
		DIR *d = sysroot_opendir(dirs[i]);
		struct dirent *e;
		if (!d)
			continue;
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			char rel[600];
			snprintf(rel, sizeof(rel), "%s/%s/system.journal", dirs[i], e->d_name);
			if (sysroot_path(path, sizeof(path), rel) == 0 && access(path, F_OK) == 0 &&
			    access(path, R_OK) != 0) {
				closedir(d);
				return true;
			}
		}
		closedir(d);
	}
	return false;
}

int journal_read_kernel(int64_t since_us, int64_t until_us, log_record_sink sink, void *userdata)
{
	const struct systemd_api *sd = systemd_api();
	sd_journal *j;
	int r, n = 0;

	if (!sd)
		return -ENOTSUP;      /* libsystemd is not installed: as a build without it */
	if (sysroot_is_live()) {
		r = sd->journal_open(&j, 0);
	} else {
		char dir[4096];
		if (sysroot_path(dir, sizeof(dir), "/var/log/journal") < 0 || access(dir, R_OK) != 0)
			return 0;
		r = sd->journal_open_directory(&j, dir, 0);
	}
	if (r < 0)
		return r;
	if ((r = sd->journal_add_match(j, "_TRANSPORT=kernel", 0)) < 0)
		goto out;
	if (since_us != LOG_TIME_UNKNOWN)
		r = sd->journal_seek_realtime_usec(j, (uint64_t)(since_us > REPORT_SLACK_US ?
								  since_us - REPORT_SLACK_US : 0));
	else
		r = sd->journal_seek_head(j);
	if (r < 0)
		goto out;
	while ((r = sd->journal_next(j)) > 0) {
		struct log_record rec = {
			.realtime_us = LOG_TIME_UNKNOWN, .host = "", .origin = LOG_ORIGIN_JOURNAL,
			.kernel_proven = true, .level = -1, .source = "journal",
		};
		uint64_t rt;
		if (sd->journal_get_realtime_usec(j, &rt) >= 0)
			rec.realtime_us = (int64_t)rt;
		if (until_us != LOG_TIME_UNKNOWN && rec.realtime_us != LOG_TIME_UNKNOWN &&
		    rec.realtime_us > until_us + REPORT_SLACK_US)
			break;
		/* a field's data is valid only until the next sd_journal_get_data(): copy the host,
		 * fetch MESSAGE last */
		char host[256];
		const char *h;
		size_t hl;
		if (field(sd, j, "_HOSTNAME", &h, &hl)) {
			rec.host_len = hl < sizeof(host) ? hl : sizeof(host) - 1;
			memcpy(host, h, rec.host_len);
			rec.host = host;
		}
		rec.monotonic_us = field_u64(sd, j, "_SOURCE_MONOTONIC_TIMESTAMP");
		int64_t prio = field_u64(sd, j, "PRIORITY");
		rec.level = prio >= 0 && prio <= 7 ? (int)prio : -1;
		if (!field(sd, j, "MESSAGE", &rec.msg, &rec.msg_len))
			continue;
		sink(&rec, userdata);
		n++;
	}
out:
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
