/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `oomguard events`: every OOM kill found in the kernel's logs (/dev/kmsg, the journal, syslog
 * files and rotations, or the files named), one line each, as JSON lines (--json, schema in
 * doc/events-json.md) or as counts per victim name and per day (--stats).  Sources: os/oom_sources.
 * The oomguard daemon's own actions (its event log, os/daemon_history) are merged in by time. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cli.h"
#include "cmd/daemon_view.h"
#include "cmd/textfit.h"
#include "cmd/kills_view.h"
#include "lib/kmsg/timearg.h"
#include "lib/oomreport/diagnose.h"
#include "lib/oomreport/oom_event_json.h"
#include "lib/oomreport/oom_event.h"
#include "lib/util/json.h"
#include "lib/util/safetext.h"
#include "lib/util/strbuf.h"
#include "lib/util/units.h"
#include "os/logs/daemon_history.h"
#include "cmd/errors.h"
#include "cmd/log_problems.h"
#include "os/logs/logclock.h"
#include "os/logs/oom_sources.h"

#define FLUSH_AT (64 * 1024)   /* write the output in pieces of this size (bounded memory) */
#define MALFORMED_SHOWN 5      /* malformed event-log lines named one by one; then counted */

enum events_mode { MODE_TABLE, MODE_JSON, MODE_STATS };

struct stat_count {
	char key[OOM_COMM_MAX];
	uint64_t kills;
};

struct stat_table {
	struct stat_count *v;
	size_t n, cap;
};

/* The daemon's actions, read one ahead and merged into the kernel's kills by time (both sources
 * come oldest first; the daemon appends in time order). */
struct daemon_feed {
	struct daemon_history *h;
	char path[4096];
	struct daemon_event ev;     /* the next action not yet shown */
	uint64_t line;
	bool pending;
	int64_t since_us, until_us;
	unsigned n_malformed;
	int read_err;
};

struct events_run {
	enum events_mode mode;
	bool json;                  /* with MODE_STATS: the counts as one JSON object */
	bool follow;
	struct strbuf out;
	uint64_t n_events, n_unproven;
	uint64_t n_daemon, n_daemon_kills;
	int write_err;
	size_t width;               /* the terminal's columns; under EVENTS_WIDE_COLS: the narrow table */
	uint64_t n_marked_unproven, n_marked_incomplete; /* rows of the narrow table with ? or * */
	struct stat_table by_name, by_day;
	struct daemon_feed daemon;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: oomguard events [OPTIONS] [FILE...]\n\n"
		"Every OOM kill in the kernel's logs, one line each, oldest first.  With no FILE:\n"
		"/dev/kmsg, the journal and /var/log/{messages,kern.log,syslog} with their\n"
		"rotations (.gz too); a kill logged in several of them is shown once.  FILE may\n"
		"be any dmesg, syslog or journalctl output, gzip-compressed or not; \"-\" reads\n"
		"standard input.  In files, kills by userspace killers are listed too\n"
		"(systemd-oomd, earlyoom, nohang, oomd, Android's lmkd, the oomguard daemon):\n"
		"KILLED BY names who killed, CONTAINER where the victim ran.  Under 200 columns\n"
		"the table is narrower (COLUMNS=250 widens it; --json has every field).\n\n"
		"Options:\n"
		"  --since TIME   only kills at or after TIME\n"
		"  --until TIME   only kills at or before TIME\n"
		"                 TIME: \"2026-11-02 14:00\", ISO 8601, \"-2h\", \"2 hours ago\",\n"
		"                 \"today\", \"yesterday\", \"boot\", \"@EPOCH\"\n"
		"  -f, --follow   then keep reading /dev/kmsg and print each kill as its report\n"
		"                 completes\n"
		"  --json         one JSON object per kill (see doc/events-json.md)\n"
		"  --stats        kills per victim name and per day instead of the list\n"
		"  --event-log FILE\n"
		"                 the oomguard daemon's event log (default: where the daemon\n"
		"                 writes it, /var/lib/oomguard/events.jsonl; read only without\n"
		"                 FILE arguments)\n"
		"  -h, --help     this help\n\n"
		"The daemon's own actions (SIGTERM, SIGKILL, rule actions, errors) are listed\n"
		"beside the "
		"kernel's kills, marked \"oomguard daemon\", with ids starting \"og\".\n"
		"Kills marked [unproven] (ID? in the narrow table) were read only from plain\n"
		"files, which anyone able to write to the log (e.g. `logger -t kernel`) can\n"
		"forge.  `oomguard explain ID` tells one kill's story.\n\n"
		"Exit status: 0 (a .gz cut short or an over-long line is only warned about);\n"
		"1 when a FILE or a log could not be read (the others are still shown);\n"
		"2 on a usage error; 3 when no log source could be read at all (e.g. not\n"
		"root), where \"No OOM kill found.\" would mean nothing.\n");
}

static void flush_out(struct events_run *run, bool force)
{
	if (run->out.len == 0 || (!force && run->out.len < FLUSH_AT))
		return;
	if (run->out.failed && !run->write_err)
		run->write_err = og_error("events", "out of memory while formatting");
	if (!run->write_err && (run->mode == MODE_JSON ? cli_write_stdout(run->out.buf, run->out.len)
				: textfit_write_stdout(run->out.buf, run->out.len)) != 0)
		run->write_err = 1;
	strbuf_reset(&run->out);
}

static void format_time(char *buf, size_t cap, const struct oom_event *ev, bool utc_iso)
{
	if (ev->realtime_us == LOG_TIME_UNKNOWN) {
		if (ev->monotonic_us != LOG_TIME_UNKNOWN && !utc_iso)
			snprintf(buf, cap, "boot+%lld.%06llds", (long long)(ev->monotonic_us / 1000000),
				 (long long)(ev->monotonic_us % 1000000));
		else
			snprintf(buf, cap, utc_iso ? "" : "?");
		return;
	}
	time_t t = (time_t)(ev->realtime_us / 1000000);
	struct tm tm;
	if (utc_iso) {
		gmtime_r(&t, &tm);
		size_t n = strftime(buf, cap, "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(buf + n, cap - n, ".%06lldZ", (long long)(ev->realtime_us % 1000000));
	} else {
		localtime_r(&t, &tm);
		strftime(buf, cap, "%Y-%m-%d %H:%M:%S", &tm);
	}
}

/* "global", "memcg", "cpuset", "mempolicy" and the path or set it applies to ("" if none) */
static const char *scope_of(const struct oom_event *ev, const char **where)
{
	*where = "";
	if (ev->kind == OOM_KIND_USERSPACE) {
		*where = ev->userspace.cgroup;
		return "userspace";
	}
	if (ev->container.runtime[0] && strcmp(ev->container.runtime, "openvz") == 0) {
		*where = ev->container.id;
		return "openvz UB";
	}
	if (ev->constraint == OOM_CONSTRAINT_MEMCG || ev->kind == OOM_KIND_MEMCG_OOM ||
	    (ev->constraint == OOM_CONSTRAINT_UNKNOWN && ev->has_memcg && ev->memcg.oom_memcg[0])) {
		*where = ev->memcg.oom_memcg[0] ? ev->memcg.oom_memcg : ev->memcg.task_memcg;
		return "memcg";
	}
	if (ev->constraint == OOM_CONSTRAINT_CPUSET) {
		*where = ev->trigger.cpuset[0] ? ev->trigger.cpuset : ev->trigger.mems_allowed;
		return "cpuset";
	}
	if (ev->constraint == OOM_CONSTRAINT_MEMORY_POLICY) {
		*where = ev->trigger.nodemask;
		return "mempolicy";
	}
	return "global";
}

/* Appends escaped text padded to width columns (escaped text counts as its escaped length). */
static void add_padded(struct strbuf *sb, const char *s, size_t width)
{
	size_t before = sb->len;
	safetext_terminal(sb, s, strlen(s));
	for (size_t w = sb->len - before; w < width; w++)
		strbuf_addc(sb, ' ');
}

/* The narrow table (terminals under EVENTS_WIDE_COLS): TIME to the minute, ID (with '?' when
 * unproven, '*' when incomplete), VICTIM, RSS, and one last column, WHERE / WHY: who killed when
 * it was not the kernel, then the cgroup whose limit was hit (cut), or the verdict (cut at its end). */
#define EVENTS_WIDE_COLS 200
#define NARROW_FIXED 61   /* TIME 16, ID 13, VICTIM 17, RSS 7, and their gaps */

static bool narrow(const struct events_run *run)
{
	return run->width < EVENTS_WIDE_COLS;
}

static size_t last_col(const struct events_run *run)
{
	return run->width > NARROW_FIXED + 12 ? run->width - NARROW_FIXED : 12;
}

/* Appends escaped text cut to width columns (middle or end) and padded to pad columns. */
static void add_cut(struct strbuf *sb, const char *s, size_t width, bool middle, size_t pad)
{
	char safe[512], cut[512];
	size_t n;

	safetext_terminal_buf(safe, sizeof(safe), s);
	if (middle || strlen(safe) <= width)
		textfit_elide(cut, sizeof(cut), safe, width);
	else
		snprintf(cut, sizeof(cut), "%.*s...", (int)(width > 3 ? width - 3 : 0), safe);
	strbuf_adds(sb, cut);
	for (n = textfit_cols(cut, strlen(cut)); n < pad; n++)
		strbuf_addc(sb, ' ');
}

static void narrow_row(struct events_run *run, const char *when, const char *id, const char *marks,
		       const char *victim, const char *size, const char *where, bool where_is_path)
{
	struct strbuf *sb = &run->out;
	char idm[32];

	snprintf(idm, sizeof(idm), "%s%s", id, marks);
	strbuf_addf(sb, "%-16.16s  %-13s  %s", when, idm, cli_sgr("\033[1m"));
	add_cut(sb, victim, 17, true, 17);
	strbuf_addf(sb, "%s  %7s  ", cli_sgr("\033[0m"), size);
	add_cut(sb, where, last_col(run), where_is_path, 0);
	strbuf_addc(sb, '\n');
}

static void table_header(struct events_run *run)
{
	if (narrow(run)) {
		strbuf_addf(&run->out, "%s%-16s  %-13s  %-17s  %7s  %s%s\n", cli_sgr("\033[1m"), "TIME", "ID",
			    "VICTIM", "RSS", "WHERE / WHY", cli_sgr("\033[0m"));
		return;
	}
	strbuf_addf(&run->out, "%s%-19s  %-12s  %-12s  %-24s  %7s  %-16s  %-16s  %-28s  %-20s  %s%s\n",
		    cli_sgr("\033[1m"), "TIME", "HOST", "ID", "VICTIM", "RSS", "KILLED BY", "TRIGGER",
		    "SCOPE", "CONTAINER", "CAUSE", cli_sgr("\033[0m"));
}

static void table_line(struct events_run *run, const struct oom_event *ev)
{
	struct strbuf *sb = &run->out;
	char when[48], size[32], victim[OOM_PATH_MAX + 24], scope[OOM_PATH_MAX + 16];
	char by[2 * OOM_KILLER_MAX + 8], container[160];
	const char *where;
	const char *kind = scope_of(ev, &where);

	format_time(when, sizeof(when), ev, false);
	units_size_kib(size, sizeof(size), kills_victim_rss_kib(ev), SIZE_SHORT);
	kills_victim_text(victim, sizeof(victim), ev);
	kills_by_text(by, sizeof(by), ev);
	kills_container_text(container, sizeof(container), ev);
	snprintf(scope, sizeof(scope), "%s%s%s", kind, *where ? " " : "", where);

	if (narrow(run)) {
		char why[OOM_PATH_MAX + 64], marks[3] = "";
		bool path = ev->kind == OOM_KIND_MEMCG_OOM && *where;
		if (ev->has_userspace || ev->also_killer[0])
			snprintf(why, sizeof(why), "by %s: %s", by, path ? where : oom_verdict_short(ev));
		else
			snprintf(why, sizeof(why), "%s", path ? where : oom_verdict_short(ev));
		snprintf(marks, sizeof(marks), "%s%s", ev->kernel_proven ? "" : "?", ev->incomplete ? "*" : "");
		if (strncmp(when, "boot+", 5) == 0)   /* whole seconds after boot */
			snprintf(when + strcspn(when, "."), sizeof(when) - strcspn(when, "."), "s");
		run->n_marked_unproven += !ev->kernel_proven;
		run->n_marked_incomplete += ev->incomplete;
		narrow_row(run, when, ev->id[0] ? ev->id : "-", marks, victim, size, why, path);
		return;
	}
	strbuf_addf(sb, "%-19s  ", when);
	add_padded(sb, ev->host[0] ? ev->host : "-", 12);
	strbuf_addf(sb, "  %-12s  %s", ev->id[0] ? ev->id : "-", cli_sgr("\033[1m"));
	add_padded(sb, victim, 24);
	strbuf_addf(sb, "%s  %7s  ", cli_sgr("\033[0m"), size);
	add_padded(sb, by, 16);
	strbuf_adds(sb, "  ");
	add_padded(sb, ev->trigger.comm[0] ? ev->trigger.comm : "?", 16);
	strbuf_adds(sb, "  ");
	add_padded(sb, scope, 28);
	strbuf_adds(sb, "  ");
	add_padded(sb, container[0] ? container : "-", 20);
	strbuf_adds(sb, "  ");
	if (ev->kind == OOM_KIND_USERSPACE) {       /* the killer's own reason, not a diagnosis */
		strbuf_adds(sb, ev->userspace.failed ? "kill failed: " : "");
		safetext_terminal(sb, ev->userspace.reason[0] ? ev->userspace.reason : "(no reason printed)",
				  strlen(ev->userspace.reason[0] ? ev->userspace.reason : "(no reason printed)"));
	} else {
		strbuf_adds(sb, oom_verdict_short(ev));
	}
	if (ev->incomplete)
		strbuf_adds(sb, " [incomplete]");
	if (!ev->kernel_proven)
		strbuf_addf(sb, " %s[unproven]%s", cli_sgr("\033[33m"), cli_sgr("\033[0m"));
	strbuf_addc(sb, '\n');
}

/* The same object `explain --json` writes, without the details (doc/events-json.md). */
static void json_line(struct events_run *run, const struct oom_event *ev)
{
	struct json j;

	json_init(&j, &run->out);
	oom_event_json(&j, ev, false);
	strbuf_addc(&run->out, '\n');
}

static void stat_add(struct stat_table *t, const char *key)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].key, key) == 0) {
			t->v[i].kills++;
			return;
		}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		struct stat_count *v = realloc(t->v, cap * sizeof(*v));
		if (!v)
			return;
		t->v = v;
		t->cap = cap;
	}
	snprintf(t->v[t->n].key, sizeof(t->v[t->n].key), "%s", key);
	t->v[t->n++].kills = 1;
}

static int by_kills_desc(const void *pa, const void *pb)
{
	const struct stat_count *a = pa, *b = pb;
	if (a->kills != b->kills)
		return a->kills < b->kills ? 1 : -1;
	return strcmp(a->key, b->key);
}

static int by_key(const void *pa, const void *pb)
{
	return strcmp(((const struct stat_count *)pa)->key, ((const struct stat_count *)pb)->key);
}

static void stats_output(struct events_run *run)
{
	struct strbuf *sb = &run->out;
	qsort(run->by_name.v, run->by_name.n, sizeof(struct stat_count), by_kills_desc);
	qsort(run->by_day.v, run->by_day.n, sizeof(struct stat_count), by_key);
	if (run->json) {
		struct json j;
		json_init(&j, sb);
		json_obj_begin(&j);
		json_kv_uint(&j, "kills", run->n_events);
		json_kv_uint(&j, "unproven", run->n_unproven);
		json_kv_uint(&j, "daemon_actions", run->n_daemon);
		json_kv_uint(&j, "daemon_kills", run->n_daemon_kills);
		const struct stat_table *tabs[2] = { &run->by_name, &run->by_day };
		const char *names[2] = { "by_victim", "by_day" }, *keys[2] = { "comm", "day" };
		for (int t = 0; t < 2; t++) {
			json_key(&j, names[t]);
			json_arr_begin(&j);
			for (size_t i = 0; i < tabs[t]->n; i++) {
				json_obj_begin(&j);
				json_kv_str(&j, keys[t], tabs[t]->v[i].key);
				json_kv_uint(&j, "kills", tabs[t]->v[i].kills);
				json_obj_end(&j);
			}
			json_arr_end(&j);
		}
		json_obj_end(&j);
		strbuf_addc(sb, '\n');
		return;
	}
	strbuf_addf(sb, "%s%llu OOM kill%s%s", cli_sgr("\033[1m"), (unsigned long long)run->n_events,
		    run->n_events == 1 ? "" : "s", cli_sgr("\033[0m"));
	if (run->n_unproven)
		strbuf_addf(sb, " (%llu unproven)", (unsigned long long)run->n_unproven);
	if (run->n_daemon)
		strbuf_addf(sb, "\n%llu action%s by the oomguard daemon (%llu kill%s sent)",
			    (unsigned long long)run->n_daemon, run->n_daemon == 1 ? "" : "s",
			    (unsigned long long)run->n_daemon_kills, run->n_daemon_kills == 1 ? "" : "s");
	strbuf_adds(sb, "\n\nKills by victim name:\n");
	for (size_t i = 0; i < run->by_name.n; i++) {
		strbuf_addf(sb, "  %8llu  ", (unsigned long long)run->by_name.v[i].kills);
		safetext_terminal(sb, run->by_name.v[i].key, strlen(run->by_name.v[i].key));
		strbuf_addc(sb, '\n');
	}
	strbuf_adds(sb, "\nKills by day:\n");
	for (size_t i = 0; i < run->by_day.n; i++)
		strbuf_addf(sb, "  %-10s  %8llu\n", run->by_day.v[i].key,
			    (unsigned long long)run->by_day.v[i].kills);
}

/* Reads the next action in range into the feed; names malformed lines (the first few). */
static void daemon_advance(struct events_run *run)
{
	struct daemon_feed *d = &run->daemon;
	char err[256];

	d->pending = false;
	while (d->h) {
		int r = daemon_history_next(d->h, &d->ev, &d->line, err, sizeof(err));
		if (r == -EBADMSG) {
			if (++d->n_malformed <= MALFORMED_SHOWN) {
				char where[4200];
				snprintf(where, sizeof(where), "%s:%llu", d->path, (unsigned long long)d->line);
				og_error(where, "%s", err);
			}
			continue;
		}
		if (r <= 0) {
			d->read_err = r;
			daemon_history_close(d->h);
			d->h = NULL;
			return;
		}
		int64_t t = daemon_event_time_us(&d->ev);
		if (!daemon_event_is_action(&d->ev) || (d->since_us != LOG_TIME_UNKNOWN && t < d->since_us) ||
		    (d->until_us != LOG_TIME_UNKNOWN && t > d->until_us))
			continue;
		d->pending = true;
		return;
	}
}

/* A daemon action in the narrow table: WHERE / WHY says "oomguard daemon: ACTION". */
static void daemon_narrow_row(struct events_run *run, const struct daemon_event *ev, const char *id)
{
	char when[32], size[32], victim[96], why[64];
	time_t t = ev->time.tv_sec;
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	if (ev->has_victim) {
		units_size_kib(size, sizeof(size), units_from_u64(ev->victim.rss_kib), SIZE_SHORT);
		snprintf(victim, sizeof(victim), "%.63s[%d]", ev->victim.comm, (int)ev->victim.pid);
	} else {
		snprintf(size, sizeof(size), "-");
		snprintf(victim, sizeof(victim), "(none)");
	}
	snprintf(why, sizeof(why), "oomguard daemon: %s%s", daemon_event_action(ev), ev->dry_run ? " [dry-run]" : "");
	narrow_row(run, when, id, "", victim, size, why, false);
}

/* Shows the daemon's actions up to time t (microseconds since the epoch). */
static void daemon_emit_until(struct events_run *run, int64_t t)
{
	struct daemon_feed *d = &run->daemon;
	char id[DAEMON_EVENT_ID_LEN + 1];

	while (d->pending && daemon_event_time_us(&d->ev) <= t) {
		run->n_daemon++;
		run->n_daemon_kills += d->ev.kind == EVENT_KILL && !d->ev.dry_run;
		daemon_event_id(&d->ev, id);
		if (run->mode == MODE_JSON)
			daemon_view_json_line(&run->out, &d->ev, id, d->path, d->line);
		else if (run->mode == MODE_TABLE && narrow(run))
			daemon_narrow_row(run, &d->ev, id);
		else if (run->mode == MODE_TABLE)
			daemon_view_row(&run->out, &d->ev, id);
		flush_out(run, false);
		daemon_advance(run);
	}
}

/* With --follow: the past has been listed; show the rest of the daemon's actions now. */
static void on_caught_up(void *userdata)
{
	struct events_run *run = userdata;
	daemon_emit_until(run, INT64_MAX);
	flush_out(run, true);
}

static void on_event(struct oom_event *ev, void *userdata)
{
	struct events_run *run = userdata;

	/* the daemon's own journal/syslog line of a kill its event log lists already */
	if (ev->kind == OOM_KIND_USERSPACE && run->daemon.h &&
	    strcmp(ev->userspace.killer, "oomguard") == 0) {
		oom_event_free(ev);
		return;
	}
	if (ev->realtime_us != LOG_TIME_UNKNOWN)
		daemon_emit_until(run, ev->realtime_us);
	run->n_events++;
	run->n_unproven += !ev->kernel_proven;
	if (run->mode == MODE_STATS) {
		char day[16] = "unknown";
		if (ev->realtime_us != LOG_TIME_UNKNOWN) {
			time_t t = (time_t)(ev->realtime_us / 1000000);
			struct tm tm;
			localtime_r(&t, &tm);
			strftime(day, sizeof(day), "%Y-%m-%d", &tm);
		}
		const char *unit = strrchr(ev->userspace.cgroup, '/');
		stat_add(&run->by_name, ev->has_victim ? ev->victim.comm :
			 ev->has_userspace && ev->userspace.cgroup[0] ? (unit ? unit + 1 : ev->userspace.cgroup)
			 : "(no victim)");
		stat_add(&run->by_day, day);
	} else if (run->mode == MODE_JSON) {
		json_line(run, ev);
	} else {
		table_line(run, ev);
	}
	oom_event_free(ev);
	flush_out(run, run->follow);
}

static int parse_time_opt(const char *opt, const char *arg, int64_t *out)
{
	int e = timearg_parse(arg, logclock_now_us(), logclock_boot_realtime_us(),
			      logclock_local_to_epoch, out);
	if (e < 0) {
		og_error(arg, "not a time for %s (try \"2026-11-02 14:00\", \"-2h\", \"boot\")", opt);
		return 2;
	}
	return 0;
}

int cmd_events(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 'S' }, { "until", required_argument, NULL, 'U' },
		{ "follow", no_argument, NULL, 'f' }, { "json", no_argument, NULL, 'j' },
		{ "stats", no_argument, NULL, 's' }, { "help", no_argument, NULL, 'h' },
		{ "event-log", required_argument, NULL, 'E' }, { 0, 0, 0, 0 },
	};
	struct oom_source_opts so = { .since_us = LOG_TIME_UNKNOWN, .until_us = LOG_TIME_UNKNOWN };
	struct events_run run = { .mode = MODE_TABLE };
	bool json = false, stats = false;
	const char *event_log = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "fh", opts, NULL)) != -1) {
		switch (c) {
		case 'S':
			if (parse_time_opt("--since", optarg, &so.since_us))
				return 2;
			break;
		case 'U':
			if (parse_time_opt("--until", optarg, &so.until_us))
				return 2;
			break;
		case 'f': so.follow = true; break;
		case 'j': json = true; break;
		case 's': stats = true; break;
		case 'E': event_log = optarg; break;
		case 'h':
		default:
			return cli_usage_exit(usage, c == 'h');
		}
	}
	if (so.since_us != LOG_TIME_UNKNOWN && so.until_us != LOG_TIME_UNKNOWN && so.since_us > so.until_us) {
		og_error("--since", "is later than --until: no time is in that range");
		return 2;
	}
	so.files = (const char *const *)argv + optind;
	so.n_files = (size_t)(argc - optind);
	if (so.follow && (so.n_files > 0 || stats)) {
		og_error("--follow", "follows /dev/kmsg only: not with FILE arguments or --stats");
		return 2;
	}
	run.mode = stats ? MODE_STATS : json ? MODE_JSON : MODE_TABLE;
	run.width = textfit_width();
	run.json = json;
	run.follow = so.follow;

	/* the daemon's event log: with the machine's own logs, or when named */
	int de = -ENOENT;
	if (event_log || so.n_files == 0) {
		de = daemon_history_open(event_log, &run.daemon.h);
		if (de < 0 && event_log)
			return og_error_errno(event_log, de);
		if (de == 0) {
			snprintf(run.daemon.path, sizeof(run.daemon.path), "%s", daemon_history_path(run.daemon.h));
			run.daemon.since_us = so.since_us;
			run.daemon.until_us = so.until_us;
			daemon_advance(&run);
		} else {
			daemon_history_default_path(run.daemon.path, sizeof(run.daemon.path));
		}
	}
	so.caught_up = on_caught_up;
	strbuf_init(&run.out);
	if (run.mode == MODE_TABLE)
		table_header(&run);

	struct oom_source_status st;
	int e = oom_sources_collect(&so, on_event, &run, &st);
	if (e == 0)
		daemon_emit_until(&run, INT64_MAX);
	daemon_history_close(run.daemon.h);
	/* no kernel log and no daemon event log could be read: "no kill found" would be a guess */
	bool nothing_read = e == 0 && so.n_files == 0 && st.sources_read == 0 && de != 0;
	if (run.mode == MODE_STATS) {
		stats_output(&run);
	} else if (run.mode == MODE_TABLE && run.n_events == 0 && run.n_daemon == 0 && e == 0) {
		strbuf_reset(&run.out);
		strbuf_adds(&run.out, st.sources_denied || st.n_problems ?
			    "No OOM kill found in the logs that could be read.\n" : "No OOM kill found.\n");
	} else if (run.mode == MODE_TABLE && (run.n_marked_unproven || run.n_marked_incomplete)) {
		strbuf_addf(&run.out, "%s%s%s\n", run.n_marked_unproven ? "ID? unproven (read from a plain file)" : "",
			    run.n_marked_unproven && run.n_marked_incomplete ? ", " : "",
			    run.n_marked_incomplete ? "ID* incomplete report" : "");
	}
	if (e < 0 || nothing_read)
		strbuf_reset(&run.out);   /* no named file could be opened, or no source read */
	flush_out(&run, true);
	strbuf_free(&run.out);
	free(run.by_name.v);
	free(run.by_day.v);
	int problems_rc = log_problems_print(&st);
	if (e < 0)
		return st.n_problems ? 1 : og_error_errno(st.failed ? st.failed : "events", e);
	if (nothing_read) {
		og_error("events", "no kernel log could be read%s%s%s", st.sources_denied ? ": " : "",
			 st.denied, st.sources_denied ? " (permission denied; run as root)" : "");
		return EXIT_NO_SOURCE;
	}
	if (st.sources_denied)
		og_note("could not read %s (permission denied; run as root for every source)",
			st.denied);
	if (st.kmsg_lost)
		og_note("%llu /dev/kmsg records were overwritten by newer ones while being read",
			(unsigned long long)st.kmsg_lost);
	if (run.n_unproven && run.mode != MODE_JSON)
		og_note("%llu kill%s read only from plain files: kernel origin unproven",
			(unsigned long long)run.n_unproven, run.n_unproven == 1 ? "" : "s");
	if (de == -EACCES || de == -EPERM)
		og_note("could not read the oomguard daemon's event log %s (permission denied)", run.daemon.path);
	else if (de < 0 && de != -ENOENT && de != -ENOTDIR && so.n_files == 0)
		og_note("could not read the oomguard daemon's event log %s: %s", run.daemon.path, strerror(-de));
	if (run.daemon.read_err < 0)
		return og_error_errno(run.daemon.path, run.daemon.read_err);
	if (run.daemon.n_malformed > MALFORMED_SHOWN)
		og_error(run.daemon.path, "%u more malformed lines", run.daemon.n_malformed - MALFORMED_SHOWN);
	if (run.daemon.n_malformed)
		return 1;
	return run.write_err || problems_rc ? 1 : 0;
}
