/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reads the daemon's event log line by line and loads kill snapshots (see daemon_history.h).  The
 * default location is the daemon's own: its configuration is loaded the way the daemon loads it,
 * so an event-log moved in oomguard.conf is found too. */
#include "os/logs/daemon_history.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/policy/daemon_config.h"
#include "os/logs/logreader.h"
#include "os/core/sysroot.h"

#define SNAPSHOT_MAX_BYTES (8u << 20)   /* the daemon writes at most 512 KiB */

struct daemon_history {
	struct logreader *lr;
	uint64_t line;
	char path[PATH_MAX];
};

/* The event log the daemon would write: from its config file on the live system (as root the
 * loader keeps the default; as another user it drops it, so the default is taken then). */
static void configured_path(char *buf, size_t cap)
{
	struct daemon_config cfg;
	char err[256], arg0[] = "oomguard-daemon", *argv[] = { arg0, NULL };

	buf[0] = '\0';
	if (sysroot_is_live() && daemon_config_load(1, argv, &cfg, err, sizeof(err)) == 0) {
		if (cfg.event_log)
			snprintf(buf, cap, "%s", cfg.event_log);
		daemon_config_free(&cfg);
	}
	if (!buf[0]) {
		daemon_config_defaults(&cfg);
		if (cfg.event_log && sysroot_path(buf, cap, cfg.event_log) < 0)
			buf[0] = '\0';
		daemon_config_free(&cfg);
	}
}

void daemon_history_default_path(char *buf, size_t cap)
{
	configured_path(buf, cap);
}

int daemon_history_open(const char *path, struct daemon_history **out)
{
	struct daemon_history *h = calloc(1, sizeof(*h));
	int e;

	*out = NULL;
	if (!h)
		return -ENOMEM;
	if (path)
		snprintf(h->path, sizeof(h->path), "%s", path);
	else
		configured_path(h->path, sizeof(h->path));
	if (!h->path[0]) {
		free(h);
		return -ENOENT;
	}
	e = logreader_open(h->path, &h->lr);
	if (e < 0) {
		free(h);
		return e;
	}
	*out = h;
	return 0;
}

const char *daemon_history_path(const struct daemon_history *h)
{
	return h->path;
}

int daemon_history_next(struct daemon_history *h, struct daemon_event *ev, uint64_t *line, char *err, size_t errlen)
{
	char *text;
	size_t len;
	int r;

	for (;;) {
		r = logreader_next(h->lr, &text, &len);
		if (r <= 0)
			return r;
		h->line++;
		while (len && (text[len - 1] == '\r' || text[len - 1] == ' ' || text[len - 1] == '\t'))
			len--;
		if (len == 0)
			continue;     /* blank lines are not records */
		*line = h->line;
		return daemon_event_parse(text, len, ev, err, errlen) == 0 ? 1 : -EBADMSG;
	}
}

void daemon_history_close(struct daemon_history *h)
{
	if (!h)
		return;
	logreader_close(h->lr);
	free(h);
}

/* Reads a whole (small) file into a malloc'd buffer. */
static int read_small_file(int fd, char **out, size_t *len)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	if ((uint64_t)st.st_size > SNAPSHOT_MAX_BYTES)
		return -EFBIG;
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = -errno;
			free(buf);
			return e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == cap) {     /* grew since fstat: still bounded */
			free(buf);
			return -EFBIG;
		}
	}
	*out = buf;
	*len = n;
	return 0;
}

/* The i-th place to look for the snapshot recorded as `recorded`: the path itself (below --root),
 * then the same file name in the event log's snapshots/ folder, then beside the event log.
 * false when there is no such place. */
static bool candidate(int i, const char *event_log, const char *recorded, char *buf, size_t cap)
{
	const char *base = strrchr(recorded, '/');
	base = base ? base + 1 : recorded;
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return false;
	if (i == 0)
		return recorded[0] == '/' && sysroot_path(buf, cap, recorded) == 0;
	if (i > 2 || !event_log || strcmp(event_log, "-") == 0)
		return false;
	const char *slash = strrchr(event_log, '/');
	int dirlen = slash ? (int)(slash - event_log) : 1;
	int n = snprintf(buf, cap, "%.*s/%s%s", dirlen, slash ? event_log : ".", i == 1 ? "snapshots/" : "", base);
	return n > 0 && (size_t)n < cap;
}

int daemon_history_snapshot(const char *event_log, const struct daemon_event *ev, struct daemon_snapshot *snap,
			    char *path, size_t pathcap, char *err, size_t errlen)
{
	char try[PATH_MAX];
	int fd = -1, e = -ENOENT;

	if (pathcap)
		snprintf(path, pathcap, "%s", ev->snapshot);
	if (errlen)
		err[0] = '\0';
	if (!ev->snapshot[0])
		return -ENOENT;
	for (int i = 0; i < 3 && fd < 0; i++) {
		if (!candidate(i, event_log, ev->snapshot, try, sizeof(try)))
			continue;
		fd = open(try, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (fd < 0 && errno != ENOENT && e == -ENOENT) {
			e = -errno;      /* remember the first real problem (permission, ...) */
			if (pathcap)
				snprintf(path, pathcap, "%s", try);
		}
	}
	if (fd < 0)
		return e;
	if (pathcap)
		snprintf(path, pathcap, "%s", try);

	char *text = NULL;
	size_t len = 0;
	e = read_small_file(fd, &text, &len);
	close(fd);
	if (e < 0)
		return e;
	e = daemon_snapshot_parse(text, len, snap, err, errlen);
	free(text);
	if (e < 0)
		return e;
	if (daemon_event_time_us(&snap->ev) != daemon_event_time_us(ev) ||
	    (ev->has_victim && snap->ev.victim.pid != ev->victim.pid)) {
		snprintf(err, errlen, "the snapshot of another kill (its time or pid differ)");
		return -EBADMSG;
	}
	return 0;
}
