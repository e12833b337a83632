/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's metrics side (see metrics_daemon.h): counters from the loop, the textfile thread,
 * the HTTP endpoint, and the message pipe back to the loop. */
#include "os/daemon/metrics_daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include "lib/util/strbuf.h"
#include "os/daemon/daemon_log.h"
#include "os/daemon/metrics_collect.h"
#include "os/daemon/metrics_http.h"

/* check's findings read every process: at most this often in the daemon */
#define FINDINGS_MAX_AGE_S 600
#define THREAD_STACK_BYTES (256 * 1024)

struct metrics_daemon {
	const struct metrics_counters *c;
	bool dry_run, cgroup_scope;
	char *textfile;
	unsigned interval_s;
	pthread_mutex_t lock;          /* the collector and the render buffer */
	struct metrics_collector *mc;
	uint64_t write_errors;
	int last_write_err;            /* the textfile error last logged, 0 = none */
	bool stopping;
	int msg_pipe[2];
	int stop_fd;
	bool thread_started;
	pthread_t thread;
	struct metrics_http *http;
};

static void add(uint64_t *p)
{
	__atomic_add_fetch(p, 1, __ATOMIC_RELAXED);
}

void metrics_count_event(struct metrics_counters *c, const struct daemon_event *ev,
			 enum trigger_cause cause)
{
	unsigned r = (unsigned)cause < MX_N_REASONS ? (unsigned)cause : 0;
	switch (ev->kind) {
	case EVENT_KILL:
	case EVENT_ACTION: {
		enum metrics_action a = ev->dry_run || ev->outcome == OUTCOME_DRY_RUN ? MX_ACTION_DRY_RUN :
					ev->kind == EVENT_ACTION ? MX_ACTION_COMMAND :
					ev->signal == SIGKILL ? MX_ACTION_SIGKILL : MX_ACTION_SIGTERM;
		add(&c->actions[a][r]);
		if (ev->outcome == OUTCOME_FAILED)
			add(&c->errors);
		if (ev->kind == EVENT_KILL && a != MX_ACTION_DRY_RUN) {
			uint64_t ms = (uint64_t)ev->time.tv_sec * 1000 + (uint64_t)ev->time.tv_nsec / 1000000;
			__atomic_store_n(&c->last_kill_ms, ms, __ATOMIC_RELAXED);
		}
		break;
	}
	case EVENT_ERROR:
		add(&c->errors);
		break;
	case EVENT_RELOAD:
		add(ev->outcome == OUTCOME_FAILED ? &c->reloads_failed : &c->reloads_ok);
		break;
	case EVENT_START:
	case EVENT_STOP:
		break;
	}
}

void metrics_daemon_message(struct metrics_daemon *md, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	/* one write below PIPE_BUF is atomic; a full pipe drops the line rather than wait */
	if (write(md->msg_pipe[1], line, (size_t)n) < 0) {
		/* dropped */
	}
}

int metrics_daemon_msg_fd(const struct metrics_daemon *md)
{
	return md ? md->msg_pipe[0] : -1;
}

void metrics_daemon_drain_msgs(struct metrics_daemon *md, struct daemon_log *log)
{
	char buf[4096];
	ssize_t n;
	if (!md)
		return;
	while ((n = read(md->msg_pipe[0], buf, sizeof(buf) - 1)) > 0) {
		buf[n] = '\0';
		char *save = NULL;
		for (char *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
			daemon_log_msg(log, LOG_WARNING, "%s", l);
	}
}

static void fill_daemon(struct metrics_daemon *md, struct metrics_state *m)
{
	const struct metrics_counters *c = md->c;
	m->have_daemon = true;
	m->daemon_stopped = md->stopping;
	m->daemon_dry_run = md->dry_run;
	m->daemon_cgroup_scope = md->cgroup_scope;
	m->daemon_start_s = (double)c->start_ms / 1000.0;
	for (int a = 0; a < MX_N_ACTIONS; a++)
		for (int r = 0; r < MX_N_REASONS; r++)
			m->actions[a][r] = __atomic_load_n(&c->actions[a][r], __ATOMIC_RELAXED);
	m->errors = __atomic_load_n(&c->errors, __ATOMIC_RELAXED);
	m->reloads_ok = __atomic_load_n(&c->reloads_ok, __ATOMIC_RELAXED);
	m->reloads_failed = __atomic_load_n(&c->reloads_failed, __ATOMIC_RELAXED);
	m->wakeups = __atomic_load_n(&c->wakeups, __ATOMIC_RELAXED);
	m->daemon_last_kill_s = (double)__atomic_load_n(&c->last_kill_ms, __ATOMIC_RELAXED) / 1000.0;
	m->metrics_write_errors = md->write_errors;
}

/* Caller holds md->lock. */
static void render_locked(struct metrics_daemon *md, struct strbuf *out)
{
	struct metrics_state m;
	memset(&m, 0, sizeof(m));
	metrics_collect(md->mc, &m, false, FINDINGS_MAX_AGE_S);
	fill_daemon(md, &m);
	metrics_text_write(&m, out);
}

void metrics_daemon_render(struct metrics_daemon *md, struct strbuf *out)
{
	pthread_mutex_lock(&md->lock);
	render_locked(md, out);
	pthread_mutex_unlock(&md->lock);
}

static void http_render(void *ctx, struct strbuf *out)
{
	metrics_daemon_render(ctx, out);
}

static void http_message(void *ctx, const char *line)
{
	metrics_daemon_message(ctx, "%s", line);
}

static void write_textfile(struct metrics_daemon *md, struct strbuf *sb)
{
	pthread_mutex_lock(&md->lock);
	strbuf_reset(sb);
	render_locked(md, sb);
	int r = sb->failed ? -ENOMEM : metrics_textfile_write(md->textfile, sb->buf, sb->len);
	if (r < 0) {
		md->write_errors++;
		if (r != md->last_write_err)     /* one line per new problem, not one per interval */
			metrics_daemon_message(md, "metrics-textfile %s: %s; retrying every %u s (the daemon "
					       "guards memory anyway)", md->textfile, strerror(-r), md->interval_s);
	} else if (md->last_write_err) {
		metrics_daemon_message(md, "metrics-textfile %s: written again", md->textfile);
	}
	md->last_write_err = r;
	pthread_mutex_unlock(&md->lock);
}

static void *textfile_thread(void *arg)
{
	struct metrics_daemon *md = arg;
	struct strbuf sb;
	strbuf_init(&sb);
	for (;;) {
		write_textfile(md, &sb);
		struct pollfd p = { .fd = md->stop_fd, .events = POLLIN };
		int n = poll(&p, 1, (int)md->interval_s * 1000);
		if (n > 0)
			break;
	}
	strbuf_free(&sb);
	return NULL;
}

int metrics_daemon_start(struct metrics_daemon **out, const struct daemon_config *cfg,
			 const struct metrics_counters *c, struct daemon_log *log)
{
	*out = NULL;
	if (!cfg->metrics_textfile && !cfg->metrics_listen)
		return 0;
	struct metrics_daemon *md = calloc(1, sizeof(*md));
	if (!md)
		return -ENOMEM;
	md->c = c;
	md->dry_run = cfg->dry_run;
	md->cgroup_scope = cfg->cgroup != NULL;
	md->interval_s = cfg->metrics_interval_s ? cfg->metrics_interval_s : 15;
	md->stop_fd = -1;
	pthread_mutex_init(&md->lock, NULL);
	if (pipe2(md->msg_pipe, O_NONBLOCK | O_CLOEXEC) < 0 || metrics_collector_new(&md->mc) < 0) {
		int r = -errno;
		free(md);
		return r ? r : -ENOMEM;
	}
	int kerr = metrics_collector_kmsg_err(md->mc);
	if (kerr < 0)
		daemon_log_msg(log, LOG_WARNING, "metrics: /dev/kmsg: %s; the kernel's OOM kills are left out",
			       strerror(-kerr));

	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, THREAD_STACK_BYTES);
	if (cfg->metrics_textfile) {
		md->textfile = strdup(cfg->metrics_textfile);
		md->stop_fd = eventfd(0, EFD_CLOEXEC);
		if (!md->textfile || md->stop_fd < 0 ||
		    pthread_create(&md->thread, &attr, textfile_thread, md) != 0)
			daemon_log_msg(log, LOG_ERR, "metrics-textfile %s: cannot start its thread",
				       cfg->metrics_textfile);
		else
			md->thread_started = true;
	}
	pthread_attr_destroy(&attr);
	if (cfg->metrics_listen) {
		char err[256] = "";
		const struct metrics_http_owner owner = { http_render, http_message, md };
		int r = metrics_http_start(&md->http, cfg->metrics_listen, &owner, err, sizeof(err));
		if (r < 0)
			daemon_log_msg(log, LOG_ERR, "metrics-listen %s: %s; no metrics endpoint (the daemon "
				       "guards memory anyway)", cfg->metrics_listen, err[0] ? err : strerror(-r));
		else
			daemon_log_msg(log, LOG_NOTICE, "metrics: serving http://%s/metrics", cfg->metrics_listen);
	}
	*out = md;
	return 0;
}

void metrics_daemon_stop(struct metrics_daemon *md)
{
	if (!md)
		return;
	if (md->http)
		metrics_http_stop(md->http);
	if (md->thread_started) {
		uint64_t one = 1;
		if (write(md->stop_fd, &one, sizeof(one)) == (ssize_t)sizeof(one))
			pthread_join(md->thread, NULL);
		struct strbuf sb;
		strbuf_init(&sb);
		md->stopping = true;          /* the last textfile says the daemon is down */
		write_textfile(md, &sb);
		strbuf_free(&sb);
	}
	if (md->stop_fd >= 0)
		close(md->stop_fd);
	close(md->msg_pipe[0]);
	close(md->msg_pipe[1]);
	metrics_collector_free(md->mc);
	pthread_mutex_destroy(&md->lock);
	free(md->textfile);
	free(md);
}
