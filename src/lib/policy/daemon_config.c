/* The daemon's options, one table for flags and config-file keys: defaults, setting one option
 * from its text (the same code for `--mem 20,10` and `mem = 20,10`), checks across options, and
 * the effective configuration printed back as a config file.  Pure: no I/O (files and argv are
 * read by os/daemon_config_load.c). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "lib/policy/daemon_config.h"
#include "lib/util/numparse.h"
#include "lib/util/strbuf.h"

#define DEFAULT_EVENT_LOG "/var/lib/oomguard/events.jsonl"
#define DEFAULT_SNAPSHOT_DIR "/var/lib/oomguard/snapshots"

const struct daemon_option daemon_options[] = {
	/* earlyoom-compatible */
	{ "mem", 'm', false, false, "PERCENT[,KILL_PERCENT]", "SIGTERM when MemAvailable <= PERCENT of total (10), SIGKILL at KILL_PERCENT (PERCENT/2)" },
	{ "swap", 's', false, false, "PERCENT[,KILL_PERCENT]", "the same for SwapFree (10,5); both memory and swap must be low" },
	{ "mem-size", 'M', false, false, "SIZE[,KILL_SIZE]", "levels as sizes (KiB, or with a K/M/G suffix); the smaller of size and percent wins" },
	{ "swap-size", 'S', false, false, "SIZE[,KILL_SIZE]", "the same for SwapFree" },
	{ "prefer", 0, false, false, "REGEX", "rank processes whose name matches higher (+300), as `rule = prefer name=REGEX`" },
	{ "avoid", 0, false, false, "REGEX", "rank processes whose name matches lower (-300)" },
	{ "ignore", 0, false, false, "REGEX", "never choose processes whose name matches" },
	{ "ignore-root-user", 0, true, false, NULL, "never choose processes of uid 0" },
	{ "notify", 'n', true, false, NULL, "desktop notification to logged-in users at each action" },
	{ "post-kill-hook", 'N', false, false, "COMMAND", "run COMMAND (no shell) after each kill, event in OOMGUARD_* variables" },
	{ "pre-kill-hook", 'P', false, false, "COMMAND", "run COMMAND before each kill, waited for up to hook-timeout" },
	{ "dry-run", 0, true, false, NULL, "decide and log, but send no signal (also --dryrun)" },
	{ "report-interval", 'r', false, false, "SECONDS", "a memory status line every SECONDS (3600; 0 = never)" },
	{ "debug", 'd', true, false, NULL, "log debug messages" },
	{ "kill-group", 'g', true, false, NULL, "kill the victim's whole process group (as kill-scope = group)" },
	/* oomguard's own */
	{ "kill-scope", 0, false, false, "process|group|cgroup", "what to end by default when a process is chosen (process)" },
	{ "rule", 0, false, false, "RULE", "ACTION FIELD=REGEX [scope=S] [delta=N] [run=CMD ARGS...]; repeatable" },
	{ "cgroup", 0, false, false, "PATH", "guard one cgroup (levels against its limit), not the whole machine" },
	{ "psi", 0, true, false, NULL, "act on memory pressure (thrashing) too (yes); --no-psi turns it off" },
	{ "psi-stall-budget", 0, false, false, "MS", "act when memory is short and tasks stalled (PSI full) MS in all (1000; 0 = off)" },
	{ "psi-stall", 0, false, false, "MS", "kernel PSI trigger: wake on MS of full stall per window (150)" },
	{ "psi-window", 0, false, false, "MS", "the PSI trigger window (1000, the kernel allows 500..10000)" },
	{ "psi-full-avg10", 0, false, false, "PERCENT", "act when memory 'full' avg10 stays above PERCENT (40) ..." },
	{ "psi-duration", 0, false, false, "SECONDS", "... for SECONDS (10)" },
	{ "psi-mem-guard", 0, false, false, "PERCENT", "never act on pressure alone above this MemAvailable percent (25)" },
	{ "rate", 0, true, false, NULL, "act earlier when memory is about to run out at the current rate (yes)" },
	{ "rate-horizon", 0, false, false, "MS|auto", "raise SIGTERM by rate x MS; auto: the kill time measured (auto)" },
	{ "grace", 0, false, false, "MIN_MS,MAX_MS", "SIGTERM grace before SIGKILL, shorter when memory falls fast (250,5000)" },
	{ "cooldown", 0, false, false, "MS", "after an action, wait this long before the next (2000)" },
	{ "hook-timeout", 0, false, false, "MS", "kill hooks and rule commands still running after MS (1000)" },
	{ "event-log", 0, false, false, "FILE", "append one JSON line per action (root: " DEFAULT_EVENT_LOG "; none = off)" },
	{ "snapshot-dir", 0, false, false, "DIR", "one JSON memory snapshot per kill (root: " DEFAULT_SNAPSHOT_DIR "; none = off)" },
	{ "log", 0, false, false, "auto|journal|syslog|stderr", "where action records go (auto)" },
	/* flags only */
	{ "config", 0, false, true, "FILE", "read FILE and FILE.d/*.conf instead of the default" },
	{ "check-config", 0, false, true, NULL, "load everything, print the effective configuration, exit" },
	{ "syslog", 0, false, true, NULL, "earlyoom's --syslog: as log = syslog" },
	{ "ignore-positive-adj", 'i', false, true, NULL, "accepted for earlyoom compatibility; has no effect" },
	{ "priority", 'p', false, true, NULL, "accepted for earlyoom compatibility; the daemon always protects itself" },
	{ "help", 'h', false, true, NULL, "this help" },
};
const unsigned daemon_n_options = sizeof(daemon_options) / sizeof(daemon_options[0]);

static int errf(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (err && errlen)
		vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

const char *daemon_config_default_path(void)
{
	return OOMGUARD_SYSCONFDIR "/oomguard/oomguard.conf";
}

void daemon_config_defaults(struct daemon_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->mem_term = (struct level){ 10, 0 };
	cfg->mem_kill = (struct level){ 5, 0 };
	cfg->swap_term = (struct level){ 10, 0 };
	cfg->swap_kill = (struct level){ 5, 0 };
	cfg->psi_enabled = true;
	cfg->psi_stall_budget_ms = 1000;
	cfg->psi_stall_ms = 150;
	cfg->psi_window_ms = 1000;
	cfg->psi_full_avg10 = 40;
	cfg->psi_duration_s = 10;
	cfg->psi_mem_guard_percent = 25;
	cfg->rate_enabled = true;
	cfg->rate_horizon_ms = 0;            /* auto */
	cfg->default_scope = KILL_PROCESS;
	cfg->grace_min_ms = 250;
	cfg->grace_max_ms = 5000;
	cfg->cooldown_ms = 2000;
	cfg->hook_timeout_ms = 1000;
	cfg->event_log = strdup(DEFAULT_EVENT_LOG);
	cfg->snapshot_dir = strdup(DEFAULT_SNAPSHOT_DIR);
	cfg->report_interval_s = 3600;
	cfg->log_target = LOG_TO_AUTO;
}

bool daemon_config_is_default_event_log(const char *path)
{
	return path && strcmp(path, DEFAULT_EVENT_LOG) == 0;
}

bool daemon_config_is_default_snapshot_dir(const char *path)
{
	return path && strcmp(path, DEFAULT_SNAPSHOT_DIR) == 0;
}

void daemon_config_free(struct daemon_config *cfg)
{
	for (unsigned i = 0; i < cfg->n_rules; i++)
		victim_rule_free(&cfg->rules[i]);
	free(cfg->rules);
	argv_free(cfg->pre_kill_argv);
	argv_free(cfg->post_kill_argv);
	argv_free(cfg->config_files);
	free(cfg->event_log);
	free(cfg->snapshot_dir);
	free(cfg->cgroup);
	free(cfg->config_file);
	memset(cfg, 0, sizeof(*cfg));
}

static int parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return *out = true, 0;
		if (strcasecmp(v, no[i]) == 0)
			return *out = false, 0;
	}
	return -EINVAL;
}

static int parse_pct(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(v) || v < 0 || v > 100)
		return -EINVAL;
	*out = v;
	return 0;
}

/* A size in KiB: a plain number is KiB (earlyoom's -M); with a suffix, a binary size. */
static int parse_kib(const char *s, uint64_t *out)
{
	uint64_t v;
	if (parse_u64(s, &v) == 0) {
		*out = v;
		return 0;
	}
	if (parse_size_bytes(s, &v) < 0)
		return -EINVAL;
	*out = v / 1024;
	return 0;
}

static int parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
	int v;
	if (parse_int_range(s, (int)lo, (int)hi, &v) < 0)
		return -EINVAL;
	*out = (unsigned)v;
	return 0;
}

/* "A[,B]" into two strings; b is NULL without a comma. */
static int split_pair(const char *v, char *a, char *b, size_t cap, bool *has_b)
{
	const char *comma = strchr(v, ',');
	size_t la = comma ? (size_t)(comma - v) : strlen(v);
	if (la >= cap || (comma && strlen(comma + 1) >= cap))
		return -EINVAL;
	memcpy(a, v, la);
	a[la] = '\0';
	*has_b = comma != NULL;
	if (comma)
		strcpy(b, comma + 1);
	trim_ws(a);
	trim_ws(b);
	return 0;
}

static int set_pct_levels(struct level *term, struct level *kill, const char *v, char *err, size_t errlen)
{
	char a[64], b[64] = "";
	bool has_b;
	double t, k;

	if (split_pair(v, a, b, sizeof(a), &has_b) < 0 || parse_pct(a, &t) < 0)
		return errf(err, errlen, "'%s' is not PERCENT[,KILL_PERCENT] with percents from 0 to 100", v);
	k = t / 2;
	if (has_b && parse_pct(b, &k) < 0)
		return errf(err, errlen, "kill percent '%s' is not a number from 0 to 100", b);
	if (k > t)
		return errf(err, errlen, "kill percent %g is above the term percent %g", k, t);
	term->percent = t;
	kill->percent = k;
	return 0;
}

static int set_kib_levels(struct level *term, struct level *kill, const char *v, char *err, size_t errlen)
{
	char a[64], b[64] = "";
	bool has_b;
	uint64_t t, k;

	if (split_pair(v, a, b, sizeof(a), &has_b) < 0 || parse_kib(a, &t) < 0)
		return errf(err, errlen, "'%s' is not SIZE[,KILL_SIZE] (KiB, or with K/M/G)", v);
	k = t / 2;
	if (has_b && parse_kib(b, &k) < 0)
		return errf(err, errlen, "kill size '%s' is not a size (KiB, or with K/M/G)", b);
	if (k > t)
		return errf(err, errlen, "kill size %llu KiB is above the term size %llu KiB",
			    (unsigned long long)k, (unsigned long long)t);
	term->kib = t;
	kill->kib = k;
	return 0;
}

static int add_rule_text(struct daemon_config *cfg, const char *text, char *err, size_t errlen)
{
	struct victim_rule r;
	int rc;

	if (!*text) {                 /* an empty assignment clears the rules so far */
		for (unsigned i = 0; i < cfg->n_rules; i++)
			victim_rule_free(&cfg->rules[i]);
		free(cfg->rules);
		cfg->rules = NULL;
		cfg->n_rules = 0;
		return 0;
	}
	rc = victim_rule_parse(text, &r, err, errlen);
	if (rc < 0)
		return rc;
	struct victim_rule *nv = realloc(cfg->rules, (cfg->n_rules + 1) * sizeof(*nv));
	if (!nv) {
		victim_rule_free(&r);
		return -ENOMEM;
	}
	cfg->rules = nv;
	cfg->rules[cfg->n_rules++] = r;
	return 0;
}

/* --prefer/--avoid/--ignore REGEX as rules on the process name. */
static int add_name_rule(struct daemon_config *cfg, const char *action, const char *re, char *err, size_t errlen)
{
	struct strbuf sb;
	char *const argv[] = { (char *)re, NULL };
	int rc;

	if (!*re)
		return errf(err, errlen, "empty regular expression");
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s name=", action);
	argv_format(argv, &sb);
	rc = sb.failed ? -ENOMEM : add_rule_text(cfg, sb.buf, err, errlen);
	strbuf_free(&sb);
	return rc;
}

static int set_string(char **dst, const char *v, bool none_is_null)
{
	char *n = NULL;
	if (!(none_is_null && (!*v || strcmp(v, "none") == 0))) {
		n = strdup(v);
		if (!n)
			return -ENOMEM;
	}
	free(*dst);
	*dst = n;
	return 0;
}

static int set_command(char ***dst, const char *v, char *err, size_t errlen)
{
	char **argv = NULL;
	if (*v && strcmp(v, "none") != 0) {
		int rc = argv_split(v, &argv, err, errlen);
		if (rc < 0)
			return rc;
	}
	argv_free(*dst);
	*dst = argv;
	return 0;
}

#define IS(k) (strcmp(key, k) == 0)

int daemon_config_set(struct daemon_config *cfg, const char *key, const char *value,
		      char *err, size_t errlen)
{
	const char *v = value ? value : "";
	bool b = false;

	for (unsigned i = 0; i < daemon_n_options; i++) {
		const struct daemon_option *o = &daemon_options[i];
		if (strcmp(o->key, key) != 0 || o->flag_only)
			continue;
		if (o->is_bool && parse_bool(v, &b) < 0)
			return errf(err, errlen, "'%s' is not yes or no", v);
		goto known;
	}
	errf(err, errlen, "unknown option");
	return -ENOENT;
known:
	if (IS("mem")) {
		cfg->given |= DCFG_GIVEN_MEM_PCT;
		return set_pct_levels(&cfg->mem_term, &cfg->mem_kill, v, err, errlen);
	}
	if (IS("swap")) {
		cfg->given |= DCFG_GIVEN_SWAP_PCT;
		return set_pct_levels(&cfg->swap_term, &cfg->swap_kill, v, err, errlen);
	}
	if (IS("mem-size")) {
		cfg->given |= DCFG_GIVEN_MEM_KIB;
		return set_kib_levels(&cfg->mem_term, &cfg->mem_kill, v, err, errlen);
	}
	if (IS("swap-size")) {
		cfg->given |= DCFG_GIVEN_SWAP_KIB;
		return set_kib_levels(&cfg->swap_term, &cfg->swap_kill, v, err, errlen);
	}
	if (IS("prefer") || IS("avoid") || IS("ignore"))
		return add_name_rule(cfg, key, v, err, errlen);
	if (IS("rule"))
		return add_rule_text(cfg, v, err, errlen);
	if (IS("ignore-root-user"))
		return cfg->ignore_root_user = b, 0;
	if (IS("notify"))
		return cfg->notify = b, 0;
	if (IS("dry-run"))
		return cfg->dry_run = b, 0;
	if (IS("debug"))
		return cfg->debug = b, 0;
	if (IS("psi"))
		return cfg->psi_enabled = b, 0;
	if (IS("rate"))
		return cfg->rate_enabled = b, 0;
	if (IS("kill-group")) {
		cfg->default_scope = b ? KILL_PROCESS_GROUP : KILL_PROCESS;
		return 0;
	}
	if (IS("kill-scope")) {
		if (kill_scope_parse(v, &cfg->default_scope) < 0)
			return errf(err, errlen, "'%s' is not process, group or cgroup", v);
		return 0;
	}
	if (IS("post-kill-hook"))
		return set_command(&cfg->post_kill_argv, v, err, errlen);
	if (IS("pre-kill-hook"))
		return set_command(&cfg->pre_kill_argv, v, err, errlen);
	if (IS("report-interval")) {
		if (parse_uint(v, 0, 7 * 86400, &cfg->report_interval_s) < 0)
			return errf(err, errlen, "'%s' is not a number of seconds (0 to 604800)", v);
		return 0;
	}
	if (IS("cgroup")) {
		if (*v && *v != '/')
			return errf(err, errlen, "'%s' is not an absolute cgroup path", v);
		return set_string(&cfg->cgroup, v, true);
	}
	if (IS("psi-stall")) {
		if (parse_uint(v, 1, 10000, &cfg->psi_stall_ms) < 0)
			return errf(err, errlen, "'%s' is not milliseconds from 1 to 10000", v);
		return 0;
	}
	if (IS("psi-window")) {
		/* kernel/sched/psi.c accepts windows of 500 ms .. 10 s */
		if (parse_uint(v, 500, 10000, &cfg->psi_window_ms) < 0)
			return errf(err, errlen, "'%s' is not milliseconds from 500 to 10000", v);
		return 0;
	}
	if (IS("psi-full-avg10")) {
		if (parse_pct(v, &cfg->psi_full_avg10) < 0)
			return errf(err, errlen, "'%s' is not a percent from 0 to 100", v);
		return 0;
	}
	if (IS("psi-duration")) {
		if (parse_uint(v, 0, 3600, &cfg->psi_duration_s) < 0)
			return errf(err, errlen, "'%s' is not seconds from 0 to 3600", v);
		return 0;
	}
	if (IS("psi-mem-guard")) {
		if (parse_pct(v, &cfg->psi_mem_guard_percent) < 0)
			return errf(err, errlen, "'%s' is not a percent from 0 to 100", v);
		return 0;
	}
	if (IS("rate-horizon")) {
		if (strcmp(v, "auto") == 0)
			return cfg->rate_horizon_ms = 0, 0;
		if (parse_uint(v, 1, 600000, &cfg->rate_horizon_ms) < 0)
			return errf(err, errlen, "'%s' is not auto or milliseconds from 1 to 600000", v);
		return 0;
	}
	if (IS("psi-stall-budget")) {
		if (parse_uint(v, 0, 600000, &cfg->psi_stall_budget_ms) < 0)
			return errf(err, errlen, "'%s' is not milliseconds from 0 to 600000", v);
		return 0;
	}
	if (IS("grace")) {
		char a[32], c[32] = "";
		bool has_b;
		unsigned lo, hi;
		if (split_pair(v, a, c, sizeof(a), &has_b) < 0 || !has_b ||
		    parse_uint(a, 0, 600000, &lo) < 0 || parse_uint(c, 0, 600000, &hi) < 0)
			return errf(err, errlen, "'%s' is not MIN_MS,MAX_MS", v);
		if (lo > hi)
			return errf(err, errlen, "minimum %u ms is above maximum %u ms", lo, hi);
		cfg->grace_min_ms = lo;
		cfg->grace_max_ms = hi;
		return 0;
	}
	if (IS("cooldown")) {
		if (parse_uint(v, 0, 600000, &cfg->cooldown_ms) < 0)
			return errf(err, errlen, "'%s' is not milliseconds from 0 to 600000", v);
		return 0;
	}
	if (IS("hook-timeout")) {
		if (parse_uint(v, 1, 600000, &cfg->hook_timeout_ms) < 0)
			return errf(err, errlen, "'%s' is not milliseconds from 1 to 600000", v);
		return 0;
	}
	if (IS("event-log") || IS("snapshot-dir")) {
		if (*v && strcmp(v, "none") != 0 && *v != '/')
			return errf(err, errlen, "'%s' is not an absolute path (or none)", v);
		return set_string(IS("event-log") ? &cfg->event_log : &cfg->snapshot_dir, v, true);
	}
	if (IS("log")) {
		static const char *const names[] = { "auto", "journal", "syslog", "stderr" };
		for (int i = 0; i < 4; i++)
			if (strcmp(v, names[i]) == 0)
				return cfg->log_target = (enum log_target)i, 0;
		return errf(err, errlen, "'%s' is not auto, journal, syslog or stderr", v);
	}
	return errf(err, errlen, "option without a handler");
}

int daemon_config_finish(struct daemon_config *cfg, char *err, size_t errlen)
{
	/* earlyoom: a size given without a percent replaces the default percent */
	if ((cfg->given & DCFG_GIVEN_MEM_KIB) && !(cfg->given & DCFG_GIVEN_MEM_PCT))
		cfg->mem_term.percent = cfg->mem_kill.percent = -1;
	if ((cfg->given & DCFG_GIVEN_SWAP_KIB) && !(cfg->given & DCFG_GIVEN_SWAP_PCT))
		cfg->swap_term.percent = cfg->swap_kill.percent = -1;
	if (cfg->psi_stall_ms > cfg->psi_window_ms)
		return errf(err, errlen, "psi-stall: %u ms is longer than psi-window %u ms",
			    cfg->psi_stall_ms, cfg->psi_window_ms);
	return 0;
}

static void fmt_level_pair(struct strbuf *out, const char *key, const struct level *t, const struct level *k, bool pct)
{
	if (pct) {
		if (t->percent < 0)
			strbuf_addf(out, "# %s = (unset: the size applies)\n", key);
		else
			strbuf_addf(out, "%s = %g,%g\n", key, t->percent, k->percent);
	} else {
		if (t->kib == 0)
			strbuf_addf(out, "# %s = (unset)\n", key);
		else
			strbuf_addf(out, "%s = %llu,%llu\n", key, (unsigned long long)t->kib,
				    (unsigned long long)k->kib);
	}
}

static const char *yesno(bool b)
{
	return b ? "yes" : "no";
}

static void fmt_path(struct strbuf *out, const char *key, const char *v)
{
	strbuf_addf(out, "%s = %s\n", key, v ? v : "none");
}

void daemon_config_format(const struct daemon_config *cfg, struct strbuf *out)
{
	static const char *const targets[] = { "auto", "journal", "syslog", "stderr" };

	strbuf_adds(out, "# oomguard daemon: effective configuration\n");
	if (cfg->config_files && cfg->config_files[0]) {
		for (char **f = cfg->config_files; *f; f++)
			strbuf_addf(out, "# read: %s\n", *f);
	} else {
		strbuf_addf(out, "# read: no config file (%s: not present)\n",
			    cfg->config_file ? cfg->config_file : daemon_config_default_path());
	}
	fmt_level_pair(out, "mem", &cfg->mem_term, &cfg->mem_kill, true);
	fmt_level_pair(out, "mem-size", &cfg->mem_term, &cfg->mem_kill, false);
	fmt_level_pair(out, "swap", &cfg->swap_term, &cfg->swap_kill, true);
	fmt_level_pair(out, "swap-size", &cfg->swap_term, &cfg->swap_kill, false);
	strbuf_addf(out, "psi = %s\n", yesno(cfg->psi_enabled));
	strbuf_addf(out, "psi-stall-budget = %u\n", cfg->psi_stall_budget_ms);
	strbuf_addf(out, "psi-stall = %u\npsi-window = %u\n", cfg->psi_stall_ms, cfg->psi_window_ms);
	strbuf_addf(out, "psi-full-avg10 = %g\npsi-duration = %u\n", cfg->psi_full_avg10, cfg->psi_duration_s);
	strbuf_addf(out, "psi-mem-guard = %g\n", cfg->psi_mem_guard_percent);
	strbuf_addf(out, "rate = %s\n", yesno(cfg->rate_enabled));
	if (cfg->rate_horizon_ms)
		strbuf_addf(out, "rate-horizon = %u\n", cfg->rate_horizon_ms);
	else
		strbuf_adds(out, "rate-horizon = auto\n");
	if (cfg->cgroup)
		fmt_path(out, "cgroup", cfg->cgroup);
	else
		strbuf_adds(out, "# cgroup = (unset: the whole machine)\n");
	strbuf_addf(out, "kill-scope = %s\n", kill_scope_name(cfg->default_scope));
	strbuf_addf(out, "ignore-root-user = %s\n", yesno(cfg->ignore_root_user));
	strbuf_addf(out, "grace = %u,%u\ncooldown = %u\n", cfg->grace_min_ms, cfg->grace_max_ms, cfg->cooldown_ms);
	strbuf_adds(out, "rule =\n");   /* clears, then the list follows */
	for (unsigned i = 0; i < cfg->n_rules; i++) {
		strbuf_adds(out, "rule = ");
		victim_rule_format(&cfg->rules[i], out);
		strbuf_addc(out, '\n');
	}
	strbuf_adds(out, "pre-kill-hook = ");
	if (cfg->pre_kill_argv)
		argv_format(cfg->pre_kill_argv, out);
	else
		strbuf_adds(out, "none");
	strbuf_adds(out, "\npost-kill-hook = ");
	if (cfg->post_kill_argv)
		argv_format(cfg->post_kill_argv, out);
	else
		strbuf_adds(out, "none");
	strbuf_addf(out, "\nhook-timeout = %u\n", cfg->hook_timeout_ms);
	strbuf_addf(out, "notify = %s\n", yesno(cfg->notify));
	fmt_path(out, "event-log", cfg->event_log);
	fmt_path(out, "snapshot-dir", cfg->snapshot_dir);
	strbuf_addf(out, "log = %s\n", targets[cfg->log_target]);
	strbuf_addf(out, "report-interval = %u\n", cfg->report_interval_s);
	strbuf_addf(out, "dry-run = %s\ndebug = %s\n", yesno(cfg->dry_run), yesno(cfg->debug));
}

void daemon_config_usage(struct strbuf *out)
{
	strbuf_adds(out,
		"Usage: oomguard daemon [OPTIONS]\n\n"
		"Acts before the kernel's OOM killer: SIGTERM, then SIGKILL, to the best victim\n"
		"when memory and swap run low, memory pressure stays high, or memory is about to\n"
		"run out.  Options are read from " OOMGUARD_SYSCONFDIR "/oomguard/oomguard.conf\n"
		"and its .d/*.conf drop-ins (keys = long option names), then from the command\n"
		"line, which wins.\n\n");
	for (unsigned i = 0; i < daemon_n_options; i++) {
		const struct daemon_option *o = &daemon_options[i];
		char head[80];
		if (o->short_opt)
			snprintf(head, sizeof(head), "-%c, --%s%s%s", o->short_opt, o->key,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(head, sizeof(head), "    --%s%s%s", o->key, o->arg ? " " : "", o->arg ? o->arg : "");
		if (strlen(head) > 30)
			strbuf_addf(out, "  %s\n  %-30s %s\n", head, "", o->help);
		else
			strbuf_addf(out, "  %-30s %s\n", head, o->help);
	}
	strbuf_adds(out, "\nSwitches also take --no-NAME (--no-psi, --no-rate, ...).  See oomguard(8).\n");
}
