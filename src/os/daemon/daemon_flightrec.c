/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's flight recorder (see daemon_flightrec.h): the ring and the growth table are mapped
 * once; samples are copied in; traces are written after a kill, when memory is back. */
#include "os/daemon/daemon_flightrec.h"

#include <dirent.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/util/compiler.h"
#include "os/core/sysroot.h"
#include "os/daemon/memsource.h"
#include "os/daemon/procscan.h"
#include "os/daemon/resident.h"

#define DFR_GROWTH_CAP 4096u

OG_COLD int daemon_flightrec_open(struct daemon_flightrec *fr, unsigned minutes, size_t slots, const char *scope)
{
	struct timespec ts;
	memset(fr, 0, sizeof(*fr));
	if (!minutes)
		return 0;
	fr->mem_bytes = flightrec_bytes(slots);
	fr->mem = mmap(NULL, fr->mem_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fr->mem == MAP_FAILED) {
		fr->mem = NULL;
		return -errno;
	}
	int r = recorder_growth_open(&fr->growth, DFR_GROWTH_CAP);
	if (r < 0) {
		munmap(fr->mem, fr->mem_bytes);
		fr->mem = NULL;
		return r;
	}
	flightrec_init(&fr->ring, fr->mem, slots, minutes);
	strbuf_init(&fr->line);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	fr->t0_ms = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
	clock_gettime(CLOCK_REALTIME, &ts);
	fr->start_epoch_ms = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
	snprintf(fr->scope, sizeof(fr->scope), "%s", scope && *scope ? scope : "/");
	fr->on = true;
	return 0;
}

void daemon_flightrec_close(struct daemon_flightrec *fr)
{
	if (fr->mem)
		munmap(fr->mem, fr->mem_bytes);
	recorder_growth_close(&fr->growth);
	strbuf_free(&fr->line);
	memset(fr, 0, sizeof(*fr));
}

void daemon_flightrec_note(struct daemon_flightrec *fr, const struct memsource *ms, const struct mem_sample *s,
	      uint64_t now_ms, struct procscan *scan, const char *scope, const char *scope_dir,
	      bool short_now)
{
	if (!fr->on)
		return;
	struct trace_sample *t = &fr->cur;
	memset(t, 0, offsetof(struct trace_sample, procs));
	t->t_ms = now_ms - fr->t0_ms;
	recorder_fill_figures(s, t);
	recorder_fill_counters(ms, t);
	t->n_procs = t->n_growers = 0;
	if (scan && short_now && now_ms - fr->last_procs_ms >= DFR_PROCS_EVERY_MS &&
	    procscan_run(scan, scope, scope_dir) >= 0) {
		recorder_fill_procs(&fr->growth, scan, t);
		fr->last_procs_ms = now_ms;
	}
	if (fr->have_oom_kill && t->oom_kill > fr->last_oom_kill && !fr->kernel_kill_pending) {
		fr->kernel_kill_pending = true;
		fr->kernel_kill_ms = t->t_ms;
	}
	fr->last_oom_kill = t->oom_kill;
	fr->have_oom_kill = true;
	if (!short_now && !fr->kernel_kill_pending && fr->last_push_ms &&
	    now_ms - fr->last_push_ms < DFR_PLENTIFUL_EVERY_MS)
		return;
	flightrec_push(&fr->ring, t);
	fr->last_push_ms = now_ms;
}

void daemon_flightrec_arm(struct daemon_flightrec *fr)
{
	if (fr->on && fr->mem)
		resident_touch(fr->mem, fr->mem_bytes);
}

void daemon_flightrec_rest(struct daemon_flightrec *fr)
{
	const struct flightrec *r = &fr->ring;
	if (!fr->mem)
		return;
	/* both arrays past the slots in use, and the process lists of the slots in use that hold
	 * none (runs of them; resident_release keeps a page that a list still shares) */
	if (r->used < r->slots) {
		resident_release(r->fig + r->used, (r->slots - r->used) * sizeof(r->fig[0]));
		resident_release(r->procs + r->used, (r->slots - r->used) * sizeof(r->procs[0]));
	}
	for (size_t i = 0; i < r->used;) {
		size_t j = i;
		while (j < r->used && !r->fig[j].n_procs && !r->fig[j].n_growers)
			j++;
		if (j > i)
			resident_release(r->procs + i, (j - i) * sizeof(r->procs[0]));
		i = j + 1;
	}
}

void daemon_flightrec_note_scan(struct daemon_flightrec *fr, const struct procscan *scan)
{
	if (!fr->on)
		return;
	recorder_fill_procs(&fr->growth, scan, &fr->cur);
	flightrec_set_newest_procs(&fr->ring, &fr->cur);
}

struct emit_ctx {
	int fd;
	int err;
};

static void emit_line(void *ctx, const char *line, size_t len)
{
	struct emit_ctx *c = ctx;
	if (!c->err)
		c->err = sysroot_write_all(c->fd, line, len);
}

/* Removes the oldest *.trace files of dir while more than DFR_TRACES_KEPT remain. */
OG_COLD static void prune(const char *dir)
{
	for (;;) {
		DIR *d = opendir(dir);
		if (!d)
			return;
		struct dirent *e;
		char oldest[NAME_MAX + 1] = "";
		time_t oldest_t = 0;
		unsigned n = 0;
		while ((e = readdir(d))) {
			size_t len = strlen(e->d_name);
			struct stat st;
			if (len < 7 || strcmp(e->d_name + len - 6, ".trace") != 0)
				continue;
			if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
				continue;
			n++;
			if (!oldest[0] || st.st_mtime < oldest_t ||
			    (st.st_mtime == oldest_t && strcmp(e->d_name, oldest) < 0)) {
				snprintf(oldest, sizeof(oldest), "%s", e->d_name);
				oldest_t = st.st_mtime;
			}
		}
		if (n > DFR_TRACES_KEPT && oldest[0])
			unlinkat(dirfd(d), oldest, 0);
		closedir(d);
		if (n <= DFR_TRACES_KEPT + 1)
			return;
	}
}

OG_COLD int daemon_flightrec_write(struct daemon_flightrec *fr, const char *path, const struct trace_event *kill)
{
	char tmp[PATH_MAX], dir[PATH_MAX];
	if (!fr->on)
		return -ENOENT;
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	struct emit_ctx c = { .fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0640) };
	if (c.fd < 0)
		return -errno;
	struct trace_header h = { .version = TRACE_VERSION, .interval_ms = 0,
				  .start_epoch_ms = fr->start_epoch_ms, .start_monotonic_ms = fr->t0_ms };
	snprintf(h.scope, sizeof(h.scope), "%s", fr->scope);
	if (gethostname(h.host, sizeof(h.host) - 1) < 0)
		h.host[0] = '\0';
	flightrec_write(&fr->ring, &h, emit_line, &c, &fr->line);
	if (kill && !c.err) {
		strbuf_reset(&fr->line);
		trace_write_event(&fr->line, kill);
		emit_line(&c, fr->line.buf, fr->line.len);
	}
	if (fr->line.failed && !c.err)
		c.err = -ENOMEM;
	if (close(c.fd) < 0 && !c.err)
		c.err = -errno;
	if (!c.err && rename(tmp, path) < 0)
		c.err = -errno;
	if (c.err) {
		unlink(tmp);
		return c.err;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		prune(dir[0] ? dir : "/");
	}
	return 0;
}

int daemon_flightrec_trace_path(const char *snapshot, char *buf, size_t cap)
{
	size_t n = strlen(snapshot);
	if (n > 5 && strcmp(snapshot + n - 5, ".json") == 0)
		n -= 5;
	if (snprintf(buf, cap, "%.*s.trace", (int)n, snapshot) >= (int)cap)
		return -ENAMETOOLONG;
	return 0;
}
