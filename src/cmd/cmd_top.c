/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `oomguard top`: processes in the order the kernel's OOM killer would pick them, the next victim
 * named first in plain words, and the badness factors of the top entries.  The snapshot and
 * ranking come from os/victims.h and lib/procfs/oomrank.h; this file parses options and renders
 * text or JSON (doc/top-json.md) into one buffer, written once per refresh. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <termios.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/textfit.h"
#include "lib/util/json.h"
#include "lib/util/numparse.h"
#include "lib/util/safetext.h"
#include "lib/util/strbuf.h"
#include "lib/util/units.h"
#include "cmd/errors.h"
#include "os/proc/usernames.h"
#include "os/proc/victims.h"

#define DEFAULT_ROWS 20
#define BADNESS_ROWS 3
#define TOP_WIDE_COLS 88   /* columns before UNIT / CGROUP in the wide layout */
#define DEFAULT_WATCH_SECONDS 2.0

struct top_opts {
	size_t rows;            /* 0 = all */
	enum oomrank_key key;
	bool json;
	bool watch;
	double interval;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: oomguard top [-n N] [--sort FIELD] [--json] [--watch [SECONDS]]\n\n"
		"Processes in the order the kernel's OOM killer would pick them (by\n"
		"/proc/PID/oom_score), the next victim named first, and the badness factors of\n"
		"the top %d.  Narrow terminals show fewer columns (--json has them all).\n"
		"Kernel threads are never candidates and are not listed.\n\n"
		"Options:\n"
		"  -n, --lines N        show N processes (default %d; 0 shows all)\n"
		"  -s, --sort FIELD     oom_score (default), rss, swap, adj, pid or name\n"
		"  -j, --json           JSON instead of text (schema: doc/top-json.md)\n"
		"  -w, --watch [SECS]   refresh every SECS seconds (default 2) until interrupted\n"
		"  -h, --help           this help\n",
		BADNESS_ROWS, DEFAULT_ROWS);
}

/* Compact size for table cells: "0", "512K", "80M", "1.2G". */
static void add_cell_size(struct strbuf *sb, uint64_t kb, int width)
{
	char cell[32];
	strbuf_addf(sb, " %*s", width, units_size_kib(cell, sizeof(cell), units_from_u64(kb), SIZE_CELL));
}

/* Pads an escaped name to width (the escape may lengthen it; long names are cut). */
static void add_cell_text(struct strbuf *sb, const char *s, int width)
{
	char safe[256];
	safetext_terminal_buf(safe, sizeof(safe), s);
	size_t len = strlen(safe);
	if (len > (size_t)width) {
		strbuf_add(sb, safe, (size_t)width - 1);
		strbuf_addc(sb, '+');
	} else {
		strbuf_adds(sb, safe);
		for (size_t i = len; i < (size_t)width; i++)
			strbuf_addc(sb, ' ');
	}
}

static const char *where_of(const struct proc_entry *e)
{
	if (e->unit)
		return e->unit;
	return e->cgroup ? e->cgroup : "";
}

static void render_badness(struct strbuf *sb, const struct victims *v, size_t shown)
{
	size_t rows = 0;
	for (size_t i = 0; i < shown && rows < BADNESS_ROWS; i++) {
		const struct proc_entry *e = &v->table.v[i];
		if (oomrank_standing(e) != OOM_CANDIDATE)
			continue;
		if (rows++ == 0)
			strbuf_addf(sb, "\n%sWhy they rank there%s: badness = rss + swap + page tables + "
				    "oom_score_adj x totalpages/1000, in pages (totalpages = RAM + swap = %llu)\n",
				    cli_sgr("\033[1m"), cli_sgr("\033[0m"), (unsigned long long)v->totalpages);
		struct badness b;
		oomrank_badness(e, v->totalpages, v->page_kib, &b);
		strbuf_addf(sb, "  %7d ", (int)e->pid);
		add_cell_text(sb, e->comm, 16);
		strbuf_addf(sb, " rss %lld (%.0f%%) + swap %lld (%.0f%%) + page tables %lld (%.0f%%) "
			    "+ adj %+lld = %lld\n",
			    (long long)b.rss_points, b.share_pct[0], (long long)b.swap_points, b.share_pct[1],
			    (long long)b.pgtables_points, b.share_pct[2], (long long)b.adj_points,
			    (long long)b.points);
		strbuf_adds(sb, "          ");
		oomrank_why(sb, e, v->totalpages, v->page_kib);
		strbuf_addc(sb, '\n');
	}
}

static void render_text(struct strbuf *sb, const struct victims *v, const struct top_opts *o)
{
	const struct proctable *t = &v->table;
	size_t shown = v->rows;

	const struct proc_entry *nv = v->next_victim >= 0 ? &t->v[v->next_victim] : NULL;
	strbuf_adds(sb, cli_sgr("\033[1;31m"));
	oomrank_headline(sb, nv, v->top_ties);
	strbuf_addf(sb, "%s\n", cli_sgr("\033[0m"));
	if (nv) {
		strbuf_adds(sb, "  why: ");
		oomrank_why(sb, nv, v->totalpages, v->page_kib);
		strbuf_addc(sb, '\n');
	}

	/* columns by the terminal's width: narrow terminals lose USER, FILE and SHMEM (--json has
	 * them), and the unit or cgroup takes what is left, cut in the middle */
	size_t width = textfit_width();
	bool narrow = width < TOP_WIDE_COLS + 24;
	int name_w = narrow ? 15 : 16;
	size_t fixed = narrow ? TOP_WIDE_COLS - 11 - 1 - 14 : TOP_WIDE_COLS;
	size_t where_w = width > fixed + 8 ? width - fixed : 8;
	if (where_w > 60)
		where_w = 60;
	if (narrow)
		strbuf_addf(sb, "\n%s%7s %-15s %5s %5s %6s %6s  %-10s %s%s\n", cli_sgr("\033[1m"),
			    "PID", "NAME", "SCORE", "ADJ", "ANON", "SWAP", "STANDING",
			    where_w >= 13 ? "UNIT / CGROUP" : "UNIT", cli_sgr("\033[0m"));
	else
		strbuf_addf(sb, "\n%s%7s %-10s %-16s %5s %5s %6s %6s %6s %6s  %-10s %s%s\n", cli_sgr("\033[1m"),
			    "PID", "USER", "NAME", "SCORE", "ADJ", "ANON", "FILE", "SHMEM", "SWAP", "STANDING",
			    "UNIT / CGROUP", cli_sgr("\033[0m"));
	for (size_t i = 0; i < shown; i++) {
		const struct proc_entry *e = &t->v[i];
		enum oom_standing s = oomrank_standing(e);
		bool victim = (long)i == v->next_victim;
		/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): i < shown <= t->n, so t->v is set */
		strbuf_addf(sb, "%s%7d ", victim ? cli_sgr("\033[31m") : "", (int)e->pid);
		if (!narrow) {
			add_cell_text(sb, username_of(e->uid), 10);
			strbuf_addc(sb, ' ');
		}
		add_cell_text(sb, e->comm, name_w);
		strbuf_addf(sb, " %5d %5d", e->oom_score, e->oom_score_adj);
		if (e->has_rss_split) {
			add_cell_size(sb, e->rss_anon_kib, 6);
			if (!narrow) {
				add_cell_size(sb, e->rss_file_kib, 6);
				add_cell_size(sb, e->rss_shmem_kib, 6);
			}
		} else {
			add_cell_size(sb, e->rss_kib, 6);  /* kernels before 4.5: RSS only, shown as anon */
			if (!narrow)
				strbuf_addf(sb, " %6s %6s", "-", "-");
		}
		add_cell_size(sb, e->swap_kib, 6);
		strbuf_addf(sb, "  %s", s == OOM_PROTECTED ? cli_sgr("\033[32m") : "");
		add_cell_text(sb, s == OOM_CANDIDATE ? (victim ? "next" : "") : oomrank_standing_name(s), 10);
		strbuf_addf(sb, "%s ", s == OOM_PROTECTED ? cli_sgr("\033[0m") : "");
		char where[256], cut[256];
		safetext_terminal_buf(where, sizeof(where), where_of(e));
		textfit_elide(cut, sizeof(cut), where, where_w);
		strbuf_adds(sb, cut);
		/* no trailing padding */
		while (sb->len && sb->buf[sb->len - 1] == ' ')
			sb->buf[--sb->len] = '\0';
		strbuf_addf(sb, "%s\n", victim ? cli_sgr("\033[0m") : "");
	}
	if (o->key == OOMRANK_SCORE)
		render_badness(sb, v, shown);

	strbuf_addc(sb, '\n');
	if (shown < t->n)
		strbuf_addf(sb, "Showing %zu of %zu processes (sorted by %s); -n 0 shows all.\n", shown, t->n,
			    oomrank_key_name(o->key));
	else
		strbuf_addf(sb, "%zu processes (sorted by %s).\n", t->n, oomrank_key_name(o->key));
	if (v->protected_count || v->unkillable_count)
		strbuf_addf(sb, "%u protected (oom_score_adj -1000), %u unkillable (init or exiting); "
			    "`oomguard protect --list` shows every adjusted process.\n",
			    v->protected_count, v->unkillable_count);
	if (t->unreadable)
		strbuf_addf(sb, "%u %s could not be read (permission denied or hidepid); run as root "
			    "to see them.\n", t->unreadable, t->unreadable == 1 ? "process" : "processes");
	if (t->vanished)
		strbuf_addf(sb, "%u %s exited during the scan.\n", t->vanished,
			    t->vanished == 1 ? "process" : "processes");
}

static void json_entry(struct json *j, const struct victims *v, const struct proc_entry *e)
{
	struct badness b;
	char state[2] = { e->state, '\0' };

	json_obj_begin(j);
	json_kv_int(j, "pid", e->pid);
	json_kv_int(j, "ppid", e->ppid);
	json_kv_str(j, "name", e->comm);
	json_kv_int(j, "uid", e->uid);
	json_kv_str(j, "user", username_of(e->uid));
	json_kv_str(j, "state", state);
	json_kv_str(j, "standing", oomrank_standing_name(oomrank_standing(e)));
	json_kv_int(j, "oom_score", e->oom_score);
	json_kv_int(j, "oom_score_adj", e->oom_score_adj);
	json_kv_bool(j, "legacy_oom_adj", e->legacy_oom_adj);
	json_kv_uint(j, "rss_kb", e->rss_kib);
	if (e->has_rss_split) {
		json_kv_uint(j, "rss_anon_kb", e->rss_anon_kib);
		json_kv_uint(j, "rss_file_kb", e->rss_file_kib);
		json_kv_uint(j, "rss_shmem_kb", e->rss_shmem_kib);
	} else {
		json_key(j, "rss_anon_kb"); json_null(j);
		json_key(j, "rss_file_kb"); json_null(j);
		json_key(j, "rss_shmem_kb"); json_null(j);
	}
	json_kv_uint(j, "swap_kb", e->swap_kib);
	json_kv_uint(j, "pgtables_kb", e->pgtables_kib);
	json_kv_str(j, "cgroup", e->cgroup);
	json_kv_str(j, "unit", e->unit);
	oomrank_badness(e, v->totalpages, v->page_kib, &b);
	json_key(j, "badness");
	json_obj_begin(j);
	json_kv_int(j, "rss", b.rss_points);
	json_kv_int(j, "swap", b.swap_points);
	json_kv_int(j, "pgtables", b.pgtables_points);
	json_kv_int(j, "adj", b.adj_points);
	json_kv_int(j, "points", b.points);
	json_obj_end(j);
	json_obj_end(j);
}

static void render_json(struct strbuf *sb, const struct victims *v, const struct top_opts *o)
{
	const struct proctable *t = &v->table;
	struct json j;

	json_init(&j, sb);
	json_obj_begin(&j);
	json_kv_str(&j, "schema", "oomguard-top/1");
	json_kv_int(&j, "time", (int64_t)time(NULL));
	json_kv_str(&j, "sort", oomrank_key_name(o->key));
	json_kv_uint(&j, "totalpages", v->totalpages);
	json_kv_uint(&j, "page_size_kb", v->page_kib);
	json_kv_uint(&j, "processes_total", t->n);
	json_kv_uint(&j, "protected", v->protected_count);
	json_kv_uint(&j, "unkillable", v->unkillable_count);
	json_kv_uint(&j, "unreadable", t->unreadable);
	json_kv_uint(&j, "vanished", t->vanished);
	json_key(&j, "next_victim");
	if (v->next_victim >= 0) {
		const struct proc_entry *nv = &t->v[v->next_victim];
		struct strbuf why;
		strbuf_init(&why);
		oomrank_why(&why, nv, v->totalpages, v->page_kib);
		json_obj_begin(&j);
		json_kv_int(&j, "pid", nv->pid);
		json_kv_str(&j, "name", nv->comm);
		json_kv_int(&j, "oom_score", nv->oom_score);
		json_kv_str(&j, "why", why.buf ? why.buf : "");
		json_kv_uint(&j, "tied_with", v->top_ties > 1 ? v->top_ties - 1 : 0);
		json_obj_end(&j);
		strbuf_free(&why);
	} else {
		json_null(&j);
	}
	json_key(&j, "processes");
	json_arr_begin(&j);
	for (size_t i = 0; i < v->rows; i++)
		json_entry(&j, v, &t->v[i]);
	json_arr_end(&j);
	json_obj_end(&j);
	strbuf_addc(sb, '\n');
}

static int parse_opts(int argc, char **argv, struct top_opts *o)
{
	static const struct option opts[] = {
		{ "lines", required_argument, NULL, 'n' },
		{ "sort", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "watch", optional_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	int c;
	uint64_t rows;

	*o = (struct top_opts){ .rows = DEFAULT_ROWS, .key = OOMRANK_SCORE,
				.interval = DEFAULT_WATCH_SECONDS };
	while ((c = getopt_long(argc, argv, "n:s:jw::h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (numparse_u64(optarg, &rows) < 0 || rows > 10000000)
				return og_error("-n", "'%s' is not a number of processes", optarg) + 1;
			o->rows = (size_t)rows;
			break;
		case 's':
			if (oomrank_key_parse(optarg, &o->key) < 0)
				return og_error("--sort", "'%s' is not oom_score, rss, swap, adj, pid or name",
						optarg) + 1;
			break;
		case 'j':
			o->json = true;
			break;
		case 'w': {
			/* "--watch 5" as well as "--watch=5": take a following number as the interval */
			const char *arg = optarg;
			if (!arg && optind < argc && argv[optind][0] >= '0' && argv[optind][0] <= '9')
				arg = argv[optind++];
			o->watch = true;
			if (arg) {
				char *end;
				errno = 0;
				o->interval = strtod(arg, &end);
				if (errno || *end || o->interval < 0.1 || o->interval > 86400)
					return og_error("--watch", "'%s' is not a number of seconds from 0.1 to 86400",
							arg) + 1;
			}
			break;
		}
		case 'h':
			cli_usage_exit(usage, true);
			return -1;
		default:
			return cli_usage_exit(usage, false);
		}
	}
	if (optind < argc)
		return og_error(argv[optind], "unexpected argument; see `oomguard top --help`") + 1;
	return 0;
}

static int snapshot(struct strbuf *sb, const struct top_opts *o)
{
	struct victims v;
	int r = victims_scan(&v, o->key, o->rows);
	if (r < 0) {
		victims_free(&v);
		return og_error("/proc", "cannot list processes: %s", strerror(-r));
	}
	if (o->json)
		render_json(sb, &v, o);
	else
		render_text(sb, &v, o);
	victims_free(&v);
	if (sb->failed)
		return og_error("top", "out of memory");
	return 0;
}

/* --watch on a terminal: keys without Enter (q quits), restored on every exit. */
static struct termios watch_saved;
static bool watch_raw;
static volatile sig_atomic_t watch_stop;

static void watch_on_signal(int sig)
{
	(void)sig;
	watch_stop = 1;
}

static void watch_keys_begin(void)
{
	struct termios t;
	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &watch_saved) < 0)
		return;
	t = watch_saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0)
		watch_raw = true;
}

static void watch_keys_end(void)
{
	if (watch_raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &watch_saved);
	watch_raw = false;
}

/* Waits up to seconds for a key; true when the user asked to quit (q, Q, Ctrl-C, end of input). */
static bool watch_wait(double seconds)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		double left = seconds - ((double)(now.tv_sec - start.tv_sec) + (double)(now.tv_nsec - start.tv_nsec) / 1e9);
		if (watch_stop)
			return true;
		if (left <= 0)
			return false;
		int r = poll(&p, watch_raw ? 1 : 0, (int)(left * 1000) + 1);
		if (r < 0 && errno != EINTR)
			return false;
		if (r > 0) {
			char c;
			ssize_t n = read(STDIN_FILENO, &c, 1);
			if (n == 0) {   /* end of input: keep refreshing, keys no longer come */
				watch_keys_end();
				p.fd = -1;
				continue;
			}
			if (n == 1 && (c == 'q' || c == 'Q' || c == 3))
				return true;
		}
	}
}

/* The rows of the terminal on stdout (LINES, else its own, else 24). */
static size_t screen_rows(void)
{
	const char *env = getenv("LINES");
	struct winsize ws;
	int lines;
	if (env && numparse_int_range(env, 3, INT_MAX, &lines) == 0)
		return (size_t)lines;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 2)
		return ws.ws_row;
	return 24;
}

/* One screen of --watch: fitted to the width and cut to the rows, so the screen never scrolls
 * and the headline stays on top. */
static int write_screen(const struct strbuf *sb)
{
	struct strbuf fit;
	size_t rows = screen_rows(), lines = 0, i;
	int r;

	strbuf_init(&fit);
	textfit_wrap_lines(&fit, sb->buf ? sb->buf : "", sb->len, textfit_width());
	for (i = 0; i < fit.len; i++)
		if (fit.buf[i] == '\n' && ++lines >= rows - 1)
			break;
	if (i < fit.len)
		fit.len = i + 1;
	r = fit.failed ? 1 : cli_write_stdout(fit.buf ? fit.buf : "", fit.len);
	if (fit.buf && fit.len)
		cli_write_stdout("\033[0m(q quits)", sizeof("\033[0m(q quits)") - 1);
	strbuf_free(&fit);
	return r;
}

int cmd_top(int argc, char **argv)
{
	struct top_opts o;
	struct strbuf sb;
	int r = parse_opts(argc, argv, &o);
	if (r)
		return r < 0 ? 0 : r;

	bool tty = isatty(STDOUT_FILENO);
	bool screen = o.watch && tty && !o.json;
	if (o.watch) {
		struct sigaction sa = { .sa_handler = watch_on_signal };
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		if (screen)
			watch_keys_begin();
	}
	strbuf_init(&sb);
	for (;;) {
		strbuf_reset(&sb);
		if (screen)
			strbuf_adds(&sb, "\033[H\033[2J");  /* home + clear, as top(1) redraws */
		r = snapshot(&sb, &o);
		if (r == 0)
			r = screen ? write_screen(&sb) : o.json ? cli_write_stdout(sb.buf, sb.len)
							     : textfit_write_stdout(sb.buf, sb.len);
		if (r || !o.watch)
			break;
		if (!tty && !o.json)
			cli_write_stdout("\n", 1);
		if (watch_wait(o.interval))
			break;
	}
	if (screen)
		cli_write_stdout("\n", 1);
	watch_keys_end();
	strbuf_free(&sb);
	usernames_free();
	return r;
}
