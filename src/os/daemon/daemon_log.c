/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sends the daemon's records (see daemon_log.h): journald fields in its native protocol
 * (os/core/sd_socket.h) when its socket is there, else syslog (os/core/syslog_socket.h), else
 * stderr; neither socket's send ever waits; the JSON line to
 * the event log in one O_APPEND write; the kill snapshot to a temporary file renamed into place.
 * All text is built in buffers allocated at open, sized for the worst case of the fixed-size
 * event fields. */
#include "os/daemon/daemon_log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "lib/util/compiler.h"
#include "lib/util/strbuf.h"
#include "os/core/sd_socket.h"
#include "os/core/syslog_socket.h"
#include "os/core/sysroot.h"
#include "os/daemon/resident.h"

#define LINE_CAP (64 * 1024)        /* an event line is at most ~18 KiB fully escaped */
#define SNAPSHOT_CAP (512 * 1024)   /* 20 consumers at ~9 KiB each, meminfo and vmstat */
#define JOURNAL_FIELDS SD_SOCKET_JOURNAL_MAX_FIELDS
#define JOURNAL_BYTES 8192

struct daemon_log {
	enum log_target target;
	bool debug;
	int event_fd;
	char *event_path, *snapshot_dir;
	struct strbuf line, snap;
	char msg[1024], safe[2048];
	char jbuf[JOURNAL_BYTES];
	struct iovec iov[JOURNAL_FIELDS];
	unsigned journal_dropped;    /* records journald's full queue refused since the last sent */
	unsigned syslog_dropped;     /* the same for the syslog socket */
};

/* Fresh zero pages of our own (no allocator header written into them), so that none is
 * resident before it is used and resident_release can give each back whole. */
static void *map_zeroed(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* The journal when journald's socket is there and writable, else syslog stands in. */
OG_COLD static enum log_target pick_target(enum log_target want)
{
	if (want != LOG_TO_AUTO)
		return want == LOG_TO_JOURNAL && !sd_socket_journal_usable() ? LOG_TO_SYSLOG : want;
	if (sd_socket_journal_usable())
		return LOG_TO_JOURNAL;
	if (!isatty(STDERR_FILENO) && access("/dev/log", W_OK) == 0)
		return LOG_TO_SYSLOG;
	return LOG_TO_STDERR;
}

const char *daemon_log_target_name(const struct daemon_log *log)
{
	static const char *const names[] = { "auto", "journal", "syslog", "stderr" };
	return names[log->target];
}

/* mkdir -p for the directories of an absolute path (the last component too when is_dir). */
OG_COLD static int make_dirs(const char *path, bool is_dir, mode_t mode)
{
	char tmp[4096];
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s", path) >= sizeof(tmp))
		return -ENAMETOOLONG;
	if (!is_dir) {
		char *slash = strrchr(tmp, '/');
		if (!slash || slash == tmp)
			return 0;
		*slash = '\0';
	}
	for (char *p = tmp + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(tmp, mode) < 0 && errno != EEXIST)
				return -errno;
			*p = c;
			if (!c)
				break;
		}
	}
	return 0;
}

OG_COLD static int open_event_log(const char *path, int *fd, char *err, size_t errlen)
{
	int r = make_dirs(path, false, 0755);
	if (r == 0) {
		*fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0640);
		r = *fd < 0 ? -errno : 0;
	}
	if (r < 0)
		snprintf(err, errlen, "%s: %s", path, strerror(-r));
	return r;
}

OG_COLD static int apply(struct daemon_log *log, const struct daemon_config *cfg, char *err, size_t errlen)
{
	int fd = -1, r;
	char *ep = NULL, *sd = NULL;

	if (cfg->event_log) {
		if ((r = open_event_log(cfg->event_log, &fd, err, errlen)) < 0)
			return r;
		ep = strdup(cfg->event_log);
	}
	if (cfg->snapshot_dir) {
		r = make_dirs(cfg->snapshot_dir, true, 0750);
		if (r < 0) {
			snprintf(err, errlen, "%s: %s", cfg->snapshot_dir, strerror(-r));
			if (fd >= 0)
				close(fd);
			free(ep);
			return r;
		}
		sd = strdup(cfg->snapshot_dir);
	}
	if ((cfg->event_log && !ep) || (cfg->snapshot_dir && !sd)) {
		if (fd >= 0)
			close(fd);
		free(ep);
		free(sd);
		snprintf(err, errlen, "event log: out of memory");
		return -ENOMEM;
	}
	if (log->event_fd >= 0)
		close(log->event_fd);
	free(log->event_path);
	free(log->snapshot_dir);
	log->event_fd = fd;
	log->event_path = ep;
	log->snapshot_dir = sd;
	log->debug = cfg->debug;
	log->target = pick_target(cfg->log_target);
	if (log->target == LOG_TO_SYSLOG)
		tzset();                  /* the time zone, read now: not in a record's send */
	return 0;
}

OG_COLD int daemon_log_open(struct daemon_log **out, const struct daemon_config *cfg, char *err, size_t errlen)
{
	struct daemon_log *log = map_zeroed(sizeof(*log));
	char *line = map_zeroed(LINE_CAP), *snap = map_zeroed(SNAPSHOT_CAP);
	int r;

	*out = NULL;
	if (!log || !line || !snap) {
		if (log)
			munmap(log, sizeof(*log));
		if (line)
			munmap(line, LINE_CAP);
		if (snap)
			munmap(snap, SNAPSHOT_CAP);
		snprintf(err, errlen, "log: out of memory");
		return -ENOMEM;
	}
	/* fixed: sized for the worst case, never reallocated while memory is short */
	strbuf_init_fixed(&log->line, line, LINE_CAP);
	strbuf_init_fixed(&log->snap, snap, SNAPSHOT_CAP);
	log->event_fd = -1;
	log->target = LOG_TO_AUTO;
	r = apply(log, cfg, err, errlen);
	if (r < 0) {
		daemon_log_close(log);
		return r;
	}
	*out = log;
	return 0;
}

OG_COLD int daemon_log_reconfigure(struct daemon_log *log, const struct daemon_config *cfg, char *err, size_t errlen)
{
	return apply(log, cfg, err, errlen);
}

OG_COLD void daemon_log_close(struct daemon_log *log)
{
	if (!log)
		return;
	if (log->event_fd >= 0)
		close(log->event_fd);
	free(log->event_path);
	free(log->snapshot_dir);
	munmap(log->line.buf, LINE_CAP);
	munmap(log->snap.buf, SNAPSHOT_CAP);
	munmap(log, sizeof(*log));
}

static void write_stderr(int priority, const char *text)
{
	static const char *const level[] = { "emerg", "alert", "crit", "error", "warning", "notice", "info", "debug" };
	char buf[2300];
	int n = snprintf(buf, sizeof(buf), "oomguard: %s: %s\n", level[priority & 7], text);
	if (n > 0)
		(void)!write(STDERR_FILENO, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* One journal field "NAME=value" appended to the iovec list (raw bytes allowed). */
struct jfields {
	struct daemon_log *log;
	size_t n, used;
};

static void jadd(struct jfields *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void jadd(struct jfields *j, const char *fmt, ...)
{
	va_list ap;
	size_t room = sizeof(j->log->jbuf) - j->used;
	if (j->n >= JOURNAL_FIELDS || room < 2)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(j->log->jbuf + j->used, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room)
		return;
	j->log->iov[j->n].iov_base = j->log->jbuf + j->used;
	j->log->iov[j->n].iov_len = (size_t)n;
	j->n++;
	j->used += (size_t)n + 1;
}

static void emit(struct daemon_log *log, int priority, const char *text, const struct daemon_event *ev)
{
	switch (log->target) {
	case LOG_TO_JOURNAL: {
		struct jfields j = { log, 0, 0 };
		jadd(&j, "MESSAGE=%s", text);
		jadd(&j, "PRIORITY=%d", priority);
		jadd(&j, "SYSLOG_IDENTIFIER=oomguard");
		jadd(&j, "MESSAGE_ID=%s", ev && ev->kind <= EVENT_ACTION ? OOMGUARD_MESSAGE_ID_ACTION :
					   OOMGUARD_MESSAGE_ID_DAEMON);
		if (ev) {
			const struct event_proc *v = &ev->victim;
			jadd(&j, "OOMGUARD_EVENT=%s", event_kind_name(ev->kind));
			jadd(&j, "OOMGUARD_REASON=%.*s", (int)strnlen(ev->trigger.reason, sizeof(ev->trigger.reason)), ev->trigger.reason);
			jadd(&j, "OOMGUARD_OUTCOME=%s", event_outcome_name(ev->outcome));
			jadd(&j, "OOMGUARD_DRY_RUN=%d", ev->dry_run);
			if (ev->signal > 0)
				jadd(&j, "OOMGUARD_SIGNAL=%s", signal_name(ev->signal));
			if (ev->trigger.mem_available_kib != UINT64_MAX)
				jadd(&j, "OOMGUARD_MEM_AVAILABLE_KB=%llu", (unsigned long long)ev->trigger.mem_available_kib);
			if (ev->trigger.swap_free_kib != UINT64_MAX)
				jadd(&j, "OOMGUARD_SWAP_FREE_KB=%llu", (unsigned long long)ev->trigger.swap_free_kib);
			if (ev->trigger.psi_full_avg10 == ev->trigger.psi_full_avg10)
				jadd(&j, "OOMGUARD_PSI_FULL_AVG10=%.2f", ev->trigger.psi_full_avg10);
			if (ev->has_victim) {
				jadd(&j, "OOMGUARD_PID=%d", (int)v->pid);
				jadd(&j, "OOMGUARD_COMM=%.*s", (int)strnlen(v->comm, sizeof(v->comm)), v->comm);
				jadd(&j, "OOMGUARD_UID=%u", (unsigned)v->uid);
				jadd(&j, "OOMGUARD_CGROUP=%.*s", (int)strnlen(v->cgroup, sizeof(v->cgroup)), v->cgroup);
				if (v->unit[0])
					jadd(&j, "OOMGUARD_UNIT=%.*s", (int)strnlen(v->unit, sizeof(v->unit)), v->unit);
				jadd(&j, "OOMGUARD_OOM_SCORE=%d", v->oom_score);
				jadd(&j, "OOMGUARD_OOM_SCORE_ADJ=%d", v->oom_score_adj);
				jadd(&j, "OOMGUARD_RSS_KB=%llu", (unsigned long long)v->rss_kib);
				jadd(&j, "OOMGUARD_SWAP_KB=%llu", (unsigned long long)v->swap_kib);
				jadd(&j, "OOMGUARD_SCORE=%lld", (long long)v->score);
				jadd(&j, "OOMGUARD_SCOPE=%s", kill_scope_name(ev->scope));
			}
			if (ev->recovered_kib != UINT64_MAX && (ev->kind == EVENT_KILL || ev->kind == EVENT_ACTION))
				jadd(&j, "OOMGUARD_RECOVERED_KB=%llu", (unsigned long long)ev->recovered_kib);
			if (ev->snapshot[0])
				jadd(&j, "OOMGUARD_SNAPSHOT=%.*s", (int)strnlen(ev->snapshot, sizeof(ev->snapshot)), ev->snapshot);
		}
		if (log->journal_dropped)
			jadd(&j, "OOMGUARD_JOURNAL_DROPPED=%u", log->journal_dropped);
		int r = sd_socket_journal_sendv(log->iov, j.n);
		if (r == -EAGAIN) {
			/* journald is not reading: drop it (the event log has it) rather than wait, or
			 * write to stderr, a stream to the same journald under systemd */
			log->journal_dropped++;
		} else if (r < 0) {
			write_stderr(priority, text);
		} else {
			log->journal_dropped = 0;
		}
		return;
	}
	case LOG_TO_SYSLOG: {
		int r = syslog_socket_send(LOG_DAEMON, priority, "oomguard", text);
		if (r == -EAGAIN) {          /* the syslog daemon is not reading: as for journald */
			log->syslog_dropped++;
		} else if (r < 0) {
			write_stderr(priority, text);
		} else if (log->syslog_dropped) {
			char note[96];
			snprintf(note, sizeof(note), "%u earlier messages dropped: the syslog socket was full",
				 log->syslog_dropped);
			if (syslog_socket_send(LOG_DAEMON, LOG_WARNING, "oomguard", note) == 0)
				log->syslog_dropped = 0;
		}
		return;
	}
	default:
		write_stderr(priority, text);
		return;
	}
}

void daemon_log_msg(struct daemon_log *log, int priority, const char *fmt, ...)
{
	va_list ap;

	if (priority == LOG_DEBUG && !log->debug)
		return;
	va_start(ap, fmt);
	vsnprintf(log->msg, sizeof(log->msg), fmt, ap);
	va_end(ap);
	text_escape_fixed(log->safe, sizeof(log->safe), log->msg);
	emit(log, priority, log->safe, NULL);
}

int daemon_log_event(struct daemon_log *log, struct daemon_event *ev)
{
	int priority, r = 0;

	if (ev->time.tv_sec == 0 && ev->time.tv_nsec == 0)
		clock_gettime(CLOCK_REALTIME, &ev->time);
	daemon_event_summary(ev, log->safe, sizeof(log->safe));
	priority = ev->kind == EVENT_ERROR ? LOG_ERR : ev->kind == EVENT_KILL || ev->kind == EVENT_ACTION ?
		   LOG_WARNING : LOG_NOTICE;
	emit(log, priority, log->safe, ev);
	if (log->event_fd >= 0) {
		strbuf_reset(&log->line);
		daemon_event_json(ev, &log->line);
		/* one write: O_APPEND keeps concurrent lines whole */
		ssize_t n = write(log->event_fd, log->line.buf, log->line.len);
		if (n < 0)
			r = -errno;
		else if ((size_t)n != log->line.len)
			r = -ENOSPC;
	}
	return r;
}

OG_COLD int daemon_log_snapshot(struct daemon_log *log, struct daemon_event *ev, const struct kill_snapshot *snap)
{
	char when[40], tmp[600], final[600];
	struct tm tm;
	int fd, r;

	if (!log->snapshot_dir)
		return -ENOENT;
	if (ev->time.tv_sec == 0 && ev->time.tv_nsec == 0)
		clock_gettime(CLOCK_REALTIME, &ev->time);
	time_t t = ev->time.tv_sec;
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y%m%dT%H%M%S", &tm);
	int n = snprintf(final, sizeof(final), "%s/kill-%s.%03ldZ-%d.json", log->snapshot_dir, when,
			 ev->time.tv_nsec / 1000000, ev->has_victim ? (int)ev->victim.pid : 0);
	if (n < 0 || (size_t)n >= sizeof(final) || (size_t)n >= sizeof(ev->snapshot))
		return -ENAMETOOLONG;
	snprintf(tmp, sizeof(tmp), "%s/.tmp-kill-%d", log->snapshot_dir, (int)getpid());
	strbuf_reset(&log->snap);
	memcpy(ev->snapshot, final, (size_t)n + 1);   /* the snapshot names itself */
	kill_snapshot_json(ev, snap, &log->snap);
	if (log->snap.failed) {
		ev->snapshot[0] = '\0';
		return -ENOMEM;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0640);
	if (fd < 0) {
		ev->snapshot[0] = '\0';
		return -errno;
	}
	r = sysroot_write_all(fd, log->snap.buf, log->snap.len);
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, final) < 0)
		r = -errno;
	if (r < 0) {
		unlink(tmp);
		ev->snapshot[0] = '\0';
	}
	return r;
}

void daemon_log_rest(struct daemon_log *log)
{
	if (!log)
		return;
	/* each record resets its buffer before it is built: the contents need not survive; nor
	 * do the message scratch buffers at the end of the struct */
	resident_release(log->line.buf, log->line.cap);
	resident_release(log->snap.buf, log->snap.cap);
	resident_release(log->msg, sizeof(*log) - offsetof(struct daemon_log, msg));
}
