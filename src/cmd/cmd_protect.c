/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `oomguard protect`: set oom_score_adj (default -1000) for processes named by PID, exact name or
 * regex, now and optionally across restarts through a systemd drop-in; --undo and --list.
 * All targets are resolved and opened before anything is written, and a failed write rolls back
 * the ones already done, so a multi-process change never stops halfway. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/textfit.h"
#include "lib/procfs/badness.h"
#include "lib/procfs/meminfo.h"
#include "lib/procfs/oomadj.h"
#include "lib/util/ere.h"
#include "lib/util/numparse.h"
#include "lib/util/safetext.h"
#include "lib/util/strbuf.h"
#include "lib/util/units.h"
#include "cmd/errors.h"
#include "os/proc/proctable.h"
#include "os/core/sysroot.h"
#include "os/proc/oomadj_write.h"
#include "os/proc/usernames.h"

#define MAX_LISTED_MATCHES 8

struct protect_opts {
	int adj;
	bool regex, all, persist, undo, list;
	bool adj_given;
};

/* One process to change, as the scan saw it. */
struct target {
	struct proc_entry e;
};

struct targets {
	struct target *v;
	size_t n, cap;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: oomguard protect [--adj N] [--regex] [--all] [--persist] TARGET...\n"
		"       oomguard protect --undo [--regex] [--all] TARGET...\n"
		"       oomguard protect --list\n\n"
		"Sets /proc/PID/oom_score_adj (or the legacy oom_adj on kernels without it) so\n"
		"the kernel's OOM killer spares (or prefers) the target.  TARGET is a PID, an\n"
		"exact process name (as in /proc/PID/comm), or with --regex an extended regular\n"
		"expression matched against it.  -1000 on a process that holds over a quarter of\n"
		"RAM+swap is done with a warning: the kernel then kills everything else first.\n\n"
		"Options:\n"
		"  -a, --adj N      the value, -1000 (never kill, the default) to 1000 (kill\n"
		"                   first)\n"
		"  -r, --regex      TARGETs are regular expressions\n"
		"      --all        a name or regex may match several processes (else that is an\n"
		"                   error)\n"
		"  -p, --persist    also write /etc/systemd/system/UNIT.d/" OOMADJ_DROPIN_NAME "\n"
		"                   for the systemd service the process runs in\n"
		"                   (OOMScoreAdjust=N)\n"
		"  -u, --undo       set 0 again and remove the drop-in oomguard wrote (only one\n"
		"                   with its marker, as `check --fix-script` drop-ins have too)\n"
		"  -l, --list       every process whose oom_score_adj is not 0\n"
		"  -h, --help       this help\n");
}

static int parse_opts(int argc, char **argv, struct protect_opts *o)
{
	static const struct option opts[] = {
		{ "adj", required_argument, NULL, 'a' },
		{ "regex", no_argument, NULL, 'r' },
		{ "all", no_argument, NULL, 'A' },
		{ "persist", no_argument, NULL, 'p' },
		{ "undo", no_argument, NULL, 'u' },
		{ "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	int c;

	*o = (struct protect_opts){ .adj = OOM_SCORE_ADJ_MIN };
	while ((c = getopt_long(argc, argv, "a:rpulh", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (numparse_int_range(optarg, OOM_SCORE_ADJ_MIN, OOM_SCORE_ADJ_MAX, &o->adj) < 0)
				return og_error("--adj", "'%s' is not a number from -1000 to 1000", optarg) + 1;
			o->adj_given = true;
			break;
		case 'r': o->regex = true; break;
		case 'A': o->all = true; break;
		case 'p': o->persist = true; break;
		case 'u': o->undo = true; break;
		case 'l': o->list = true; break;
		case 'h':
			cli_usage_exit(usage, true);
			return -1;
		default:
			return cli_usage_exit(usage, false);
		}
	}
	/* options that contradict each other are refused, never silently dropped */
	if (o->list && (o->adj_given || o->undo || o->persist))
		return og_error("--list", "only shows the values; it takes no %s",
				o->adj_given ? "--adj" : o->undo ? "--undo" : "--persist") + 1;
	if (o->undo && o->adj_given)
		return og_error("--undo", "sets oom_score_adj back to 0; it takes no --adj") + 1;
	if (o->undo && o->persist)
		return og_error("--undo", "removes the drop-in --persist writes; give one of them") + 1;
	if (o->list && optind < argc)
		return og_error("--list", "takes no TARGET") + 1;
	if (!o->list && optind >= argc)
		return og_error("protect", "name a TARGET (PID, process name or --regex); see --help") + 1;
	if (o->undo)
		o->adj = 0;
	return 0;
}

static bool is_pid_text(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* comm holds 15 bytes of a longer name: "systemd-journald" is "systemd-journal" there. */
static bool name_matches(const char *comm, const char *name)
{
	size_t cl = strlen(comm);
	return strcmp(comm, name) == 0 || (cl == 15 && strncmp(comm, name, cl) == 0);
}

static int add_target(struct targets *ts, const struct proc_entry *e)
{
	for (size_t i = 0; i < ts->n; i++)
		if (ts->v[i].e.pid == e->pid)
			return 0;
	if (ts->n == ts->cap) {
		size_t cap = ts->cap ? ts->cap * 2 : 8;
		struct target *nv = realloc(ts->v, cap * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		ts->v = nv;
		ts->cap = cap;
	}
	struct target *t = &ts->v[ts->n++];
	memset(t, 0, sizeof(*t));
	t->e = *e;
	t->e.cgroup = e->cgroup ? strdup(e->cgroup) : NULL;
	t->e.unit = e->unit ? strdup(e->unit) : NULL;
	t->e.cmdline = NULL;
	return 0;
}

static void targets_free(struct targets *ts)
{
	for (size_t i = 0; i < ts->n; i++)
		proc_entry_free(&ts->v[i].e);
	free(ts->v);
	memset(ts, 0, sizeof(*ts));
}

/* Resolves one TARGET against the table into ts; prints the error and returns non-zero if it
 * names no process, a kernel thread, or (without --all) several processes. */
static int resolve(const char *arg, const struct proctable *t, const struct protect_opts *o,
		   struct targets *ts)
{
	regex_t re;
	size_t matches = 0;
	pid_t self = getpid();
	struct strbuf list;
	int pid;

	if (!o->regex && is_pid_text(arg)) {
		if (numparse_int_range(arg, 1, INT_MAX, &pid) < 0)
			return og_error(arg, "no such process");
		for (size_t i = 0; i < t->n; i++) {
			if (t->v[i].pid != pid)
				continue;
			if (t->v[i].kthread)
				return og_error(arg, "is a kernel thread; the OOM killer never picks those");
			return add_target(ts, &t->v[i]) < 0 ? og_error(arg, "out of memory") : 0;
		}
		return og_error(arg, "no such process");
	}
	if (o->regex) {
		char msg[160];
		if (ere_compile(&re, arg, msg, sizeof(msg)) < 0)
			return og_error(arg, "not a valid regular expression: %s", msg);
	}
	strbuf_init(&list);
	size_t first = ts->n;
	for (size_t i = 0; i < t->n; i++) {
		const struct proc_entry *e = &t->v[i];
		if (e->kthread || e->pid == self)
			continue;
		bool hit = o->regex ? regexec(&re, e->comm, 0, NULL, 0) == 0 : name_matches(e->comm, arg);
		if (!hit)
			continue;
		if (matches < MAX_LISTED_MATCHES)
			strbuf_addf(&list, "%s%d", matches ? ", " : "", (int)e->pid);
		matches++;
		if (add_target(ts, e) < 0) {
			strbuf_free(&list);
			if (o->regex)
				regfree(&re);
			return og_error(arg, "out of memory");
		}
	}
	if (o->regex)
		regfree(&re);
	int r = 0;
	if (matches == 0)
		r = og_error(arg, "no process %s", o->regex ? "matches it" : "has this name");
	else if (matches > 1 && !o->all)
		r = og_error(arg, "matches %zu processes (pids %s%s); name one PID, or add --all", matches,
			     list.buf, matches > MAX_LISTED_MATCHES ? ", ..." : "");
	if (r) {
		while (ts->n > first)
			proc_entry_free(&ts->v[--ts->n].e);
	}
	strbuf_free(&list);
	return r;
}

static void target_label(char *buf, size_t cap, const struct proc_entry *e)
{
	char name[128];
	snprintf(buf, cap, "%s (pid %d)", safetext_terminal_buf(name, sizeof(name), e->comm),
		 (int)e->pid);
}

static int explain_write_error(const struct proc_entry *e, int r, int adj)
{
	char label[160];
	target_label(label, sizeof(label), e);
	if (r == -ESRCH)
		return og_error(label, "exited (or its pid was reused) before it could be changed");
	if (r == -EACCES && adj < e->oom_score_adj)
		return og_error(label, "the kernel refused oom_score_adj %d: lowering it below the process's "
				"floor needs CAP_SYS_RESOURCE, which this oomguard does not have", adj);
	return og_error(label, "cannot set oom_score_adj %d: %s", adj, strerror(-r));
}

/* Sets every target through os/proc/oomadj_write (all opened first, rolled back on a failed
 * write) and tells what went wrong.  0 or 1 (printed). */
static int apply_all(const struct targets *ts, int adj)
{
	struct oomadj_target *w = calloc(ts->n ? ts->n : 1, sizeof(*w));
	struct oomadj_failure fail;
	if (!w)
		return og_error("protect", "out of memory");
	for (size_t i = 0; i < ts->n; i++)
		w[i] = (struct oomadj_target){ .pid = ts->v[i].e.pid, .starttime = ts->v[i].e.starttime,
			.legacy = ts->v[i].e.legacy_oom_adj, .old_adj = ts->v[i].e.oom_score_adj, .fd = -1 };
	int r = oomadj_apply(w, ts->n, adj, &fail);
	oomadj_close_all(w, ts->n);
	free(w);
	if (r == 0 || fail.index >= ts->n)
		return r == 0 ? 0 : og_error("protect", "%s", strerror(-r));
	explain_write_error(&ts->v[fail.index].e, r, adj);
	if (!fail.opening) {
		if (fail.index && !fail.stuck)
			og_note("nothing was changed: the %zu process(es) already set were put back", fail.index);
		else if (fail.stuck)
			og_note("%zu process(es) could not be put back to their old value", fail.stuck);
	}
	return 1;
}

/* The systemd services of the targets, checked before anything is written (for --persist). */
static int check_units(const struct targets *ts)
{
	char label[160], path[512];
	for (size_t i = 0; i < ts->n; i++) {
		const struct proc_entry *e = &ts->v[i].e;
		target_label(label, sizeof(label), e);
		if (!e->unit || !oomadj_unit_is_service(e->unit))
			return og_error(label, "--persist needs a systemd service, but its cgroup is %s%s%s",
					e->cgroup ? e->cgroup : "unknown",
					e->unit ? ", unit " : "", e->unit ? e->unit : "");
		if (oomadj_dropin_path(e->unit, path, sizeof(path)) < 0)
			return og_error(label, "unit name too long for a drop-in path");
	}
	return 0;
}

static bool unit_seen_before(const struct targets *ts, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (ts->v[k].e.unit && strcmp(ts->v[k].e.unit, ts->v[i].e.unit) == 0)
			return true;
	return false;
}

static int write_dropins(const struct targets *ts, int adj, struct strbuf *out)
{
	char path[512], text[256], full[4096];
	for (size_t i = 0; i < ts->n; i++) {
		const char *unit = ts->v[i].e.unit;
		if (unit_seen_before(ts, i))
			continue;
		oomadj_dropin_path(unit, path, sizeof(path));
		oomadj_dropin_text(adj, text, sizeof(text));
		int r = sysroot_write_atomic(path, text, 0644);
		if (sysroot_path(full, sizeof(full), path) < 0)
			snprintf(full, sizeof(full), "%s", path);
		if (r < 0)
			return og_error(full, "cannot write the drop-in: %s", strerror(-r));
		strbuf_addf(out, "Wrote %s (OOMScoreAdjust=%d).\n"
			    "The running process already has oom_score_adj %d; systemd applies the drop-in "
			    "from the next start.  To load it now and check it:\n"
			    "  systemctl daemon-reload && systemctl restart %s\n", full, adj, adj, unit);
	}
	return 0;
}

/* --undo: removes the drop-in of each target's service when oomguard wrote it. */
static int remove_dropins(const struct targets *ts, struct strbuf *out)
{
	char path[512], full[4096];
	for (size_t i = 0; i < ts->n; i++) {
		const char *unit = ts->v[i].e.unit;
		if (!unit || unit_seen_before(ts, i) || oomadj_dropin_path(unit, path, sizeof(path)) < 0)
			continue;
		if (sysroot_path(full, sizeof(full), path) < 0)
			continue;
		char *text = NULL;
		ssize_t n = sysroot_read_alloc(path, &text);
		if (n == -ENOENT)
			continue;
		if (n < 0)
			return og_error(full, "cannot read: %s", strerror((int)-n));
		if (!oomadj_dropin_is_ours(text, (size_t)n)) {
			strbuf_addf(out, "Left %s alone: it lacks oomguard's marker, so oomguard did not write it.\n",
				    full);
			free(text);
			continue;
		}
		free(text);
		int r = sysroot_unlink_and_prune(path);
		if (r < 0)
			return og_error(full, "cannot remove: %s", strerror(-r));
		strbuf_addf(out, "Removed %s; run `systemctl daemon-reload` so systemd forgets it.\n", full);
	}
	return 0;
}

static int list_adjusted(void)
{
	struct proctable t;
	struct strbuf sb;
	int r = proctable_scan(&t, PROC_WANT_OOM | PROC_WANT_STATUS | PROC_WANT_CGROUP);
	if (r < 0)
		return og_error("/proc", "cannot list processes: %s", strerror(-r));
	strbuf_init(&sb);
	size_t shown = 0;
	for (size_t i = 0; i < t.n; i++) {
		const struct proc_entry *e = &t.v[i];
		if (e->kthread || e->oom_score_adj == 0)
			continue;
		if (shown++ == 0)
			strbuf_addf(&sb, "%s%7s %-10s %-16s %5s %5s  %s%s\n", cli_sgr("\033[1m"), "PID", "USER",
				    "NAME", "ADJ", "SCORE", "UNIT / CGROUP", cli_sgr("\033[0m"));
		char name[128], user[64];
		safetext_terminal_buf(name, sizeof(name), e->comm);
		safetext_terminal_buf(user, sizeof(user), username_of(e->uid));
		strbuf_addf(&sb, "%7d %-10s %-16s %5d %5d  ", (int)e->pid, user, name, e->oom_score_adj,
			    e->oom_score);
		const char *where = e->unit ? e->unit : e->cgroup ? e->cgroup : "";
		char safe[512], cut[512];
		size_t width = textfit_width();
		safetext_terminal_buf(safe, sizeof(safe), where);
		textfit_elide(cut, sizeof(cut), safe, width > 49 + 12 ? width - 49 : 12);
		strbuf_adds(&sb, cut);
		strbuf_addf(&sb, "%s\n", e->legacy_oom_adj ? "  (legacy oom_adj)" : "");
	}
	if (!shown)
		strbuf_adds(&sb, "Every process has oom_score_adj 0.\n");
	if (t.unreadable)
		strbuf_addf(&sb, "%u processes could not be read (permission denied or hidepid).\n",
			    t.unreadable);
	r = sb.failed ? og_error("protect", "out of memory") : cli_write_stdout(sb.buf, sb.len);
	strbuf_free(&sb);
	proctable_free(&t);
	usernames_free();
	return r;
}

/* -1000 on a process that holds a large share of RAM + swap: the same judgement as check's
 * process.large_unkillable, said before the change rather than after it. */
static void warn_large(const struct targets *ts, int adj)
{
	struct meminfo m;
	char *text = NULL, label[160], held[32];
	ssize_t n;

	if (adj != OOM_SCORE_ADJ_MIN || (n = sysroot_read_alloc("/proc/meminfo", &text)) < 0)
		return;
	int r = meminfo_parse(text, (size_t)n, &m);
	free(text);
	if (r < 0)
		return;
	for (size_t i = 0; i < ts->n; i++) {
		const struct proc_entry *e = &ts->v[i].e;
		if (!(e->have & PROC_WANT_STATUS) ||
		    !oomadj_too_large_to_protect(e->rss_kib, e->swap_kib, m.mem_total, m.swap_total))
			continue;
		target_label(label, sizeof(label), e);
		units_size_kib(held, sizeof(held), units_from_u64(e->rss_kib + e->swap_kib), SIZE_LONG);
		og_note("%s holds %s, %.0f%% of RAM+swap: at -1000 the kernel kills everything else "
			"first, or nothing (then it panics); --adj -500 still spares it", label, held,
			(double)(e->rss_kib + e->swap_kib) * 100.0 / (double)(m.mem_total + m.swap_total));
	}
}

int cmd_protect(int argc, char **argv)
{
	struct protect_opts o;
	int r = parse_opts(argc, argv, &o);
	if (r)
		return r < 0 ? 0 : r;
	if (o.list)
		return list_adjusted();

	struct proctable t;
	struct targets ts = { 0 };
	struct strbuf out;
	r = proctable_scan(&t, PROC_WANT_OOM | PROC_WANT_CGROUP | PROC_WANT_STATUS);
	if (r < 0)
		return og_error("/proc", "cannot list processes: %s", strerror(-r));
	strbuf_init(&out);
	r = 0;
	for (int i = optind; i < argc && !r; i++)
		r = resolve(argv[i], &t, &o, &ts);
	if (!r && o.persist)
		r = check_units(&ts);
	if (!r)
		warn_large(&ts, o.adj);
	if (!r)
		r = apply_all(&ts, o.adj);
	if (!r) {
		for (size_t i = 0; i < ts.n; i++) {
			char label[160];
			target_label(label, sizeof(label), &ts.v[i].e);
			strbuf_addf(&out, "%s: oom_score_adj %d -> %d%s\n", label, ts.v[i].e.oom_score_adj, o.adj,
				    ts.v[i].e.legacy_oom_adj ? " (through the legacy oom_adj)" : "");
		}
		if (o.undo)
			r = remove_dropins(&ts, &out);
		else if (o.persist)
			r = write_dropins(&ts, o.adj, &out);
	}
	if (out.len && !out.failed)
		cli_write_stdout(out.buf, out.len);
	strbuf_free(&out);
	targets_free(&ts);
	proctable_free(&t);
	return r;
}
