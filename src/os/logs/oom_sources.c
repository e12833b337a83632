/* SPDX-License-Identifier: GPL-2.0-or-later */
/* oom_sources_collect (see oom_sources.h): reads each source through its own line decoder context
 * and OOM report assembler, keeps the events inside --since/--until, merges copies of one kill
 * seen in several sources, and with --follow keeps reading /dev/kmsg.  A single named file is
 * streamed: its events go out as they complete, so memory stays bounded for any file size. */
#include "os/logs/oom_sources.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "lib/oomreport/event_merge.h"
#include "lib/kmsg/logline.h"
#include "lib/oomreport/oom_event.h"
#include "os/logs/journal_reader.h"
#include "os/logs/kmsg_reader.h"
#include "os/logs/logclock.h"
#include "os/logs/logreader.h"
#include "os/logs/syslog_files.h"
#include "os/core/sysroot.h"

#define FOLLOW_QUIET_MS 2500   /* quiet this long: reports waiting only for trailers complete */

struct collector {
	const struct oom_source_opts *opts;
	oom_event_cb cb;
	void *userdata;
	bool stream;                /* hand events out as they complete */
	struct oom_event **evs;
	size_t n, cap;
	int err;
	char nodename[65];          /* host of /dev/kmsg records */
};

static bool in_range(const struct oom_source_opts *o, const struct oom_event *ev)
{
	if (o->since_us == LOG_TIME_UNKNOWN && o->until_us == LOG_TIME_UNKNOWN)
		return true;
	if (ev->realtime_us == LOG_TIME_UNKNOWN)
		return false;   /* cannot be placed against the bounds */
	if (o->since_us != LOG_TIME_UNKNOWN && ev->realtime_us < o->since_us)
		return false;
	if (o->until_us != LOG_TIME_UNKNOWN && ev->realtime_us > o->until_us)
		return false;
	return true;
}

static void on_event(struct oom_event *ev, void *userdata)
{
	struct collector *c = userdata;
	if (!in_range(c->opts, ev)) {
		oom_event_free(ev);
		return;
	}
	if (c->stream) {
		c->cb(ev, c->userdata);
		return;
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct oom_event **v = realloc(c->evs, cap * sizeof(*v));
		if (!v) {
			oom_event_free(ev);
			c->err = -ENOMEM;
			return;
		}
		c->evs = v;
		c->cap = cap;
	}
	c->evs[c->n++] = ev;
}

/* The status of the running collection, for the hang signs feed_lines() sees in any source
 * (one collection at a time: the commands call oom_sources_collect from one thread). */
static struct oom_source_status *hang_status;

/* Kernel lines that tell a machine stalled: hung tasks (kernel/hung_task.c), RCU stalls
 * (kernel/rcu/tree_stall.h), soft lockups (kernel/watchdog.c). */
static void note_hang_sign(const struct log_record *rec)
{
	static const char *const pats[] = { "blocked for more than ", "self-detected stall",
		"detected stalls on CPU", "soft lockup - CPU#" };
	struct oom_source_status *st = hang_status;

	if (!st || !rec->msg)
		return;
	for (size_t i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
		if (!memmem(rec->msg, rec->msg_len, pats[i], strlen(pats[i])))
			continue;
		if (st->hang_signs++ == 0)
			snprintf(st->hang_text, sizeof(st->hang_text), "%.*s",
				 (int)(rec->msg_len < sizeof(st->hang_text) ? rec->msg_len : sizeof(st->hang_text) - 1),
				 rec->msg);
		st->hang_realtime_us = rec->realtime_us;
		st->hang_monotonic_us = rec->monotonic_us;
		return;
	}
}

/* One record may hold several kernel lines (a multi-line printk): the assembler splits them. */
static inline void feed_lines(struct oom_assembler *a, const struct log_record *rec)
{
	note_hang_sign(rec);
	oom_assembler_feed(a, rec);
}

static void note_denied(struct oom_source_status *st, const char *name)
{
	size_t len = strlen(st->denied);
	st->sources_denied++;
	snprintf(st->denied + len, sizeof(st->denied) - len, "%s%s", len ? ", " : "", name);
}

/* A shell's or program's "fork: Cannot allocate memory" (or EAGAIN's "Resource temporarily
 * unavailable"): a task limit or a pid shortage, not an OOM kill.  Counted in named input only. */
static bool is_fork_failure(const char *line, size_t len)
{
	static const char *const pats[] = { "fork: Cannot allocate memory", "fork: retry: ",
		"fork: Resource temporarily unavailable", "Cannot fork" };
	for (size_t i = 0; i < sizeof(pats) / sizeof(pats[0]); i++)
		if (memmem(line, len, pats[i], strlen(pats[i])))
			return true;
	return false;
}

static void note_problem(struct oom_source_status *st, const char *name, int err, uint64_t line,
			 uint64_t cut, uint64_t first_cut)
{
	if (st->n_problems == OOM_SOURCE_PROBLEMS_MAX) {
		st->problems_lost++;
		return;
	}
	struct oom_source_problem *p = &st->problems[st->n_problems++];
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->err = err;
	p->line = line;
	p->cut = cut;
	p->first_cut = first_cut;
}

/* Decodes every line of r into a; a read error or cut lines are noted as name's problem.  The
 * lines before an error have been decoded (a truncated .gz gives its readable part).  In named
 * input (named), fork failures are counted too. */
static int read_lines(struct logreader *r, struct logline_ctx *ctx, struct oom_assembler *a,
		      struct oom_source_status *st, const char *name, bool named)
{
	char *line;
	size_t len;
	struct log_record rec;
	int k;
	while ((k = logreader_next(r, &line, &len)) == 1) {
		if (named && is_fork_failure(line, len))
			st->fork_failures++;
		if (logline_decode(ctx, line, len, &rec) >= 1)   /* 2: a userspace killer's line */
			feed_lines(a, &rec);
	}
	if (k < 0 || logreader_cut_count(r) > 0)
		note_problem(st, name, k < 0 ? k : 0, logreader_line_count(r), logreader_cut_count(r),
			     logreader_first_cut_line(r));
	return k;
}

static void ctx_for_file(struct logline_ctx *ctx, enum log_origin origin, const char *name,
			 int64_t mtime_s)
{
	logline_ctx_init(ctx, origin, false, name);
	ctx->want_userspace = true;      /* kills by systemd-oomd, earlyoom, ... beside the kernel's */
	ctx->local_time = logclock_local_to_epoch;
	/* the newest line is no later than the file's last write, nor than now; a minute of slack
	 * for a sender whose clock runs a little ahead */
	int64_t now_s = logclock_now_us() / 1000000;
	int64_t ref_s = mtime_s + 60 < now_s ? mtime_s + 60 : now_s;
	logclock_local_year_month(ref_s, &ctx->ref_year, &ctx->ref_mon);
	ctx->ref_us = ref_s * 1000000;
}

/* ---- /dev/kmsg ---- */

static void kmsg_drain(struct kmsg_reader *k, struct logline_ctx *ctx, struct oom_assembler *a,
		       const char *host)
{
	char *line;
	size_t len;
	struct log_record rec;
	while (kmsg_reader_next(k, &line, &len) == 1) {
		if (logline_decode(ctx, line, len, &rec) != 1)
			continue;
		if (rec.host_len == 0) {
			rec.host = host;
			rec.host_len = strlen(host);
		}
		feed_lines(a, &rec);
	}
}

/* Wall clock at kernel time 0: the live clocks, or btime of a --root tree's /proc/stat. */
static int64_t boot_realtime_us(void)
{
	if (sysroot_is_live())
		return logclock_boot_realtime_us();
	char *text;
	ssize_t n = sysroot_read_alloc("/proc/stat", &text);
	int64_t boot = LOG_TIME_UNKNOWN;
	if (n >= 0) {
		const char *b = strstr(text, "\nbtime ");
		long long v;
		if (b && sscanf(b + 7, "%lld", &v) == 1)
			boot = (int64_t)v * 1000000;
		free(text);
	}
	return boot;
}

static void kmsg_ctx(struct logline_ctx *ctx)
{
	logline_ctx_init(ctx, LOG_ORIGIN_KMSG, true, "/dev/kmsg");
	ctx->boot_realtime_us = boot_realtime_us();
	ctx->local_time = logclock_local_to_epoch;
}

static int follow_kmsg(struct collector *c, struct kmsg_reader *k, struct logline_ctx *ctx,
		       struct oom_assembler *a)
{
	struct pollfd p = { .fd = kmsg_reader_poll_fd(k), .events = POLLIN };
	bool pending = false;

	if (p.fd < 0)
		return 0;
	c->stream = true;
	for (;;) {
		int r = poll(&p, 1, pending ? FOLLOW_QUIET_MS : -1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0) {
			oom_assembler_idle(a);
			pending = false;
			continue;
		}
		kmsg_drain(k, ctx, a, c->nodename);
		pending = true;
	}
}

/* ---- the journal ---- */

static void journal_sink(const struct log_record *rec, void *userdata)
{
	feed_lines(userdata, rec);
}

/* ---- sources ---- */

static int read_named_files(struct collector *c, const struct oom_source_opts *o,
			    struct oom_source_status *st)
{
	int *fds = malloc(o->n_files * sizeof(*fds) + 1);
	size_t opened = 0;
	int e = 0;

	if (!fds)
		return -ENOMEM;
	/* open them all first, so that a missing file is told before any output (descriptors
	 * only: each reader's buffer is allocated when its turn comes); the others are read */
	int first_err = 0;
	size_t n_open = 0;
	for (; opened < o->n_files; opened++) {
		const char *f = o->files[opened];
		fds[opened] = strcmp(f, "-") == 0 ? dup(STDIN_FILENO) : open(f, O_RDONLY | O_CLOEXEC);
		if (fds[opened] < 0) {
			int err = -errno;
			note_problem(st, f, err, 0, 0, 0);
			if (!first_err) {
				first_err = err;
				st->failed = f;
			}
		} else {
			n_open++;
		}
	}
	if (n_open == 0)
		e = first_err;
	for (size_t i = 0; i < opened && e == 0; i++) {
		if (fds[i] < 0)
			continue;
		bool is_stdin = strcmp(o->files[i], "-") == 0;
		struct stat sb;
		int64_t ref = !is_stdin && fstat(fds[i], &sb) == 0 ? (int64_t)sb.st_mtime
								  : logclock_now_us() / 1000000;
		struct logline_ctx ctx;
		struct logreader *r;
		struct oom_assembler *a;
		ctx_for_file(&ctx, is_stdin ? LOG_ORIGIN_STDIN : LOG_ORIGIN_FILE, o->files[i], ref);
		int oe = logreader_fdopen(fds[i], &r);
		fds[i] = -1;   /* the reader owns it now, even on failure */
		if (oe < 0) {
			note_problem(st, o->files[i], oe, 0, 0, 0);
			if (oe == -ENOMEM) {
				e = oe;
				break;
			}
			continue;
		}
		if (!(a = oom_assembler_new(on_event, c))) {
			logreader_close(r);
			e = -ENOMEM;
			break;
		}
		read_lines(r, &ctx, a, st, o->files[i], true);
		oom_assembler_flush(a);
		oom_assembler_free(a);
		logreader_close(r);
		st->sources_read++;
	}
	for (size_t i = 0; i < opened; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(fds);
	return e;
}

static void read_syslog_families(struct collector *c, const struct oom_source_opts *o,
				 struct oom_source_status *st)
{
	static struct syslog_file files[SYSLOG_FAMILY_MAX];
	for (const char *const *base = syslog_default_names; *base; base++) {
		int n = syslog_family_list(*base, files, SYSLOG_FAMILY_MAX);
		if (n <= 0)
			continue;
		struct oom_assembler *a = oom_assembler_new(on_event, c);
		if (!a) {
			c->err = -ENOMEM;
			return;
		}
		for (int i = 0; i < n; i++) {
			/* a file last written before --since holds nothing newer */
			if (o->since_us != LOG_TIME_UNKNOWN &&
			    (int64_t)files[i].mtime * 1000000 < o->since_us - EVENT_MERGE_TOLERANCE_US)
				continue;
			struct logreader *r;
			int e = logreader_open(files[i].path, &r);
			if (e == -EACCES || e == -EPERM) {
				note_denied(st, files[i].name);
				continue;
			}
			if (e < 0) {
				if (e != -ENOENT)   /* gone since it was listed: rotated away */
					note_problem(st, files[i].name, e, 0, 0, 0);
				continue;
			}
			struct logline_ctx ctx;
			ctx_for_file(&ctx, LOG_ORIGIN_FILE, files[i].name, files[i].mtime);
			read_lines(r, &ctx, a, st, files[i].name, false);
			logreader_close(r);
			st->sources_read++;
		}
		oom_assembler_flush(a);
		oom_assembler_free(a);
	}
}

static int read_machine(struct collector *c, const struct oom_source_opts *o,
			struct oom_source_status *st, struct kmsg_reader **kmsg_out,
			struct oom_assembler **kmsg_asm, struct logline_ctx *kctx)
{
	struct kmsg_reader *k;
	int e = kmsg_reader_open(&k);

	if (e == 0) {
		struct oom_assembler *a = oom_assembler_new(on_event, c);
		if (!a) {
			kmsg_reader_close(k);
			return -ENOMEM;
		}
		kmsg_ctx(kctx);
		kmsg_drain(k, kctx, a, c->nodename);
		st->kmsg_lost = kmsg_reader_lost(k);
		st->sources_read++;
		if (o->follow) {
			*kmsg_out = k;   /* reports in progress complete while following */
			*kmsg_asm = a;
		} else {
			oom_assembler_flush(a);
			oom_assembler_free(a);
			kmsg_reader_close(k);
		}
	} else if (e == -EPERM || e == -EACCES) {
		note_denied(st, "/dev/kmsg");
	}
	if (e < 0 && o->follow) {
		st->failed = "/dev/kmsg";   /* nothing to follow */
		return e;
	}

	struct oom_assembler *ja = oom_assembler_new(on_event, c);
	if (!ja)
		return -ENOMEM;
	int n = journal_read_kernel(o->since_us, o->until_us, journal_sink, ja);
	oom_assembler_flush(ja);
	oom_assembler_free(ja);
	if (n > 0)
		st->sources_read++;
	else if (n == -EACCES || n == -EPERM)
		note_denied(st, "the journal");

	read_syslog_families(c, o, st);
	return c->err;
}

int oom_sources_collect(const struct oom_source_opts *opts, oom_event_cb cb, void *userdata,
			struct oom_source_status *status)
{
	struct oom_source_status dummy = { 0 };   /* filled below; initialised for cppcheck */
	struct oom_source_status *st = status ? status : &dummy;
	struct collector c = { .opts = opts, .cb = cb, .userdata = userdata };
	struct kmsg_reader *k = NULL;
	struct oom_assembler *ka = NULL;
	struct logline_ctx kctx;
	struct utsname u;
	int e;

	memset(st, 0, sizeof(*st));
	st->hang_realtime_us = st->hang_monotonic_us = LOG_TIME_UNKNOWN;
	hang_status = st;
	if (sysroot_read_line("/proc/sys/kernel/hostname", c.nodename, sizeof(c.nodename)) <= 0 &&
	    uname(&u) == 0)
		snprintf(c.nodename, sizeof(c.nodename), "%s", u.nodename);
	if (opts->n_files > 0) {
		if (opts->follow)
			return -EINVAL;   /* only /dev/kmsg can be followed */
		c.stream = opts->n_files == 1;
		e = read_named_files(&c, opts, st);
	} else {
		e = read_machine(&c, opts, st, &k, &ka, &kctx);
	}
	if (e == 0 && c.err)
		e = c.err;
	if (e < 0 && opts->n_files > 0) {
		/* not one named file could be opened: nothing is emitted */
		for (size_t i = 0; i < c.n; i++)
			oom_event_free(c.evs[i]);
		c.n = 0;
	}
	c.n = event_merge(c.evs, c.n);
	for (size_t i = 0; i < c.n; i++)
		cb(c.evs[i], userdata);
	free(c.evs);
	c.evs = NULL;
	c.n = c.cap = 0;
	if (e == 0 && k) {
		if (opts->caught_up)
			opts->caught_up(userdata);
		e = follow_kmsg(&c, k, &kctx, ka);
	}
	if (ka) {
		oom_assembler_flush(ka);
		oom_assembler_free(ka);
	}
	kmsg_reader_close(k);
	hang_status = NULL;
	return e;
}
