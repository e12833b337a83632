/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's options, one table for flags and config-file keys: defaults, setting one option
 * from its text (the same code for `--mem 20,10` and `mem = 20,10`), checks across options, and
 * the effective configuration printed back as a config file.  Pure: no I/O (files and argv are
 * read by os/daemon_config_load.c). */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>

#include "config.h"
#include "lib/policy/daemon_config.h"
#include "lib/policy/flightrec.h"
#include "lib/util/ere.h"
#include "lib/util/errmsg.h"
#include "lib/util/numparse.h"
#include "lib/util/strbuf.h"

#define DEFAULT_EVENT_LOG "/var/lib/oomguard/events.jsonl"
#define DEFAULT_SNAPSHOT_DIR "/var/lib/oomguard/snapshots"
/* All rules' regexes together (lib/util/ere.h): each is bounded, and this bounds their number,
 * since a config file of 1 MiB could hold thousands of them (4 rules at the limit: ~36 MiB) */
#define RULES_MAX_POSITIONS (4 * ERE_MAX_POSITIONS)

#define OFF(field) offsetof(struct daemon_config, field)

static daemon_option_parse_fn set_name_rule, set_rule, set_kill_group, set_kill_scope, set_cgroup,
	set_rate_horizon, set_grace, flag_config, flag_check_config, flag_help, flag_syslog, set_listen;
static daemon_option_format_fn fmt_rules, fmt_kill_scope, fmt_cgroup, fmt_rate_horizon, fmt_grace,
	fmt_listen;
static const char *const log_names[] = { "auto", "journal", "syslog", "stderr", NULL };

/* One row per option: key, letter, type, where, range, how to parse and print it, --help. */
const struct daemon_option daemon_options[] = {
	/* earlyoom-compatible */
	{ "mem", 'm', DOPT_LEVELS_PCT, OFF(mem_term), OFF(mem_kill), .given = DCFG_GIVEN_MEM_PCT, .print_pos = 1,
	  .arg = "PERCENT[,KILL_PERCENT]", .help = "SIGTERM when MemAvailable <= PERCENT of total (5), SIGKILL at KILL_PERCENT (PERCENT/2)" },
	{ "swap", 's', DOPT_LEVELS_PCT, OFF(swap_term), OFF(swap_kill), .given = DCFG_GIVEN_SWAP_PCT, .print_pos = 3,
	  .arg = "PERCENT[,KILL_PERCENT]", .help = "the same for SwapFree (10,5); both memory and swap must be low" },
	{ "mem-size", 'M', DOPT_LEVELS_KIB, OFF(mem_term), OFF(mem_kill), .given = DCFG_GIVEN_MEM_KIB, .print_pos = 2,
	  .arg = "SIZE[,KILL_SIZE]", .help = "levels as sizes (KiB, or with a K/M/G suffix); the smaller of size and percent wins" },
	{ "swap-size", 'S', DOPT_LEVELS_KIB, OFF(swap_term), OFF(swap_kill), .given = DCFG_GIVEN_SWAP_KIB, .print_pos = 4,
	  .arg = "SIZE[,KILL_SIZE]", .help = "the same for SwapFree" },
	{ "prefer", 0, DOPT_CUSTOM, .parse = set_name_rule,
	  .arg = "REGEX", .help = "rank processes whose name matches higher (+300), as `rule = prefer name=REGEX`" },
	{ "avoid", 0, DOPT_CUSTOM, .parse = set_name_rule,
	  .arg = "REGEX", .help = "rank processes whose name matches lower (-300)" },
	{ "ignore", 0, DOPT_CUSTOM, .parse = set_name_rule,
	  .arg = "REGEX", .help = "never choose processes whose name matches" },
	{ "ignore-root-user", 0, DOPT_BOOL, OFF(ignore_root_user), .print_pos = 16,
	  .help = "never choose processes of uid 0" },
	{ "notify", 'n', DOPT_BOOL, OFF(notify), .print_pos = 23,
	  .help = "desktop notification to logged-in users at each action" },
	{ "post-kill-hook", 'N', DOPT_COMMAND, OFF(post_kill_argv), .flags = DOPT_KEEP_QUOTES, .print_pos = 21,
	  .arg = "COMMAND", .help = "run COMMAND (no shell) after each kill, event in OOMGUARD_* variables" },
	{ "pre-kill-hook", 'P', DOPT_COMMAND, OFF(pre_kill_argv), .flags = DOPT_KEEP_QUOTES, .print_pos = 20,
	  .arg = "COMMAND", .help = "run COMMAND before each kill, waited for up to hook-timeout" },
	{ "dry-run", 0, DOPT_BOOL, OFF(dry_run), .print_pos = 28,
	  .help = "decide and log, but send no signal (also --dryrun)" },
	{ "report-interval", 'r', DOPT_UINT, OFF(report_interval_s), .min = 0, .max = 7 * 86400, .print_pos = 27,
	  .expect = "a number of seconds (0 to 604800)",
	  .arg = "SECONDS", .help = "a memory status line every SECONDS (3600; 0 = never)" },
	{ "debug", 'd', DOPT_BOOL, OFF(debug), .print_pos = 29,
	  .help = "log debug messages" },
	{ "kill-group", 'g', DOPT_BOOL, .parse = set_kill_group,
	  .help = "kill the victim's whole process group (as kill-scope = group)" },
	/* oomguard's own */
	{ "kill-scope", 0, DOPT_CUSTOM, .parse = set_kill_scope, .format = fmt_kill_scope, .print_pos = 15,
	  .arg = "process|group|cgroup", .help = "what to end by default when a process is chosen (process)" },
	{ "rule", 0, DOPT_CUSTOM, .flags = DOPT_KEEP_QUOTES, .parse = set_rule, .format = fmt_rules, .print_pos = 19,
	  .arg = "RULE", .help = "ACTION FIELD=REGEX [scope=S] [delta=N] [run=CMD ARGS...]; repeatable" },
	{ "cgroup", 0, DOPT_PATH, OFF(cgroup), .expect = "an absolute cgroup path", .parse = set_cgroup,
	  .format = fmt_cgroup, .print_pos = 14,
	  .arg = "PATH", .help = "guard one cgroup (levels against its limit), not the whole machine" },
	{ "psi", 0, DOPT_BOOL, OFF(psi_enabled), .print_pos = 5,
	  .help = "act on memory pressure (thrashing) too (yes); --no-psi turns it off" },
	{ "psi-stall-budget", 0, DOPT_UINT, OFF(psi_stall_budget_ms), .min = 0, .max = 600000, .print_pos = 6,
	  .expect = "milliseconds from 0 to 600000",
	  .arg = "MS", .help = "act when memory is short and tasks stalled (PSI full) MS in all (1000; 0 = off)" },
	{ "psi-stall", 0, DOPT_UINT, OFF(psi_stall_ms), .min = 1, .max = 10000, .print_pos = 7,
	  .expect = "milliseconds from 1 to 10000",
	  .arg = "MS", .help = "kernel PSI trigger: wake on MS of full stall per window (150)" },
	/* kernel/sched/psi.c accepts windows of 500 ms .. 10 s */
	{ "psi-window", 0, DOPT_UINT, OFF(psi_window_ms), .min = 500, .max = 10000, .print_pos = 8,
	  .expect = "milliseconds from 500 to 10000",
	  .arg = "MS", .help = "the PSI trigger window (1000, the kernel allows 500..10000)" },
	{ "psi-full-avg10", 0, DOPT_PERCENT, OFF(psi_full_avg10), .print_pos = 9,
	  .arg = "PERCENT", .help = "act when memory 'full' avg10 stays above PERCENT (40) ..." },
	{ "psi-duration", 0, DOPT_UINT, OFF(psi_duration_s), .min = 0, .max = 3600, .print_pos = 10,
	  .expect = "seconds from 0 to 3600",
	  .arg = "SECONDS", .help = "... for SECONDS (10)" },
	{ "psi-mem-guard", 0, DOPT_PERCENT, OFF(psi_mem_guard_percent), .print_pos = 11,
	  .arg = "PERCENT", .help = "never act on pressure alone above this MemAvailable percent (25)" },
	{ "rate", 0, DOPT_BOOL, OFF(rate_enabled), .print_pos = 12,
	  .help = "act earlier when memory is about to run out at the current rate (yes)" },
	{ "rate-horizon", 0, DOPT_CUSTOM, OFF(rate_horizon_ms), .min = 1, .max = 600000,
	  .expect = "auto or milliseconds from 1 to 600000", .parse = set_rate_horizon,
	  .format = fmt_rate_horizon, .print_pos = 13,
	  .arg = "MS|auto", .help = "raise SIGTERM by rate x MS; auto: the kill time measured (auto)" },
	{ "grace", 0, DOPT_CUSTOM, OFF(grace_min_ms), OFF(grace_max_ms), .min = 0, .max = 600000,
	  .expect = "MIN_MS,MAX_MS", .parse = set_grace, .format = fmt_grace, .print_pos = 17,
	  .arg = "MIN_MS,MAX_MS", .help = "SIGTERM grace before SIGKILL, shorter when memory falls fast (250,5000)" },
	{ "cooldown", 0, DOPT_UINT, OFF(cooldown_ms), .min = 0, .max = 600000, .print_pos = 18,
	  .expect = "milliseconds from 0 to 600000",
	  .arg = "MS", .help = "after an action, wait this long before the next (2000)" },
	{ "hook-timeout", 0, DOPT_UINT, OFF(hook_timeout_ms), .min = 1, .max = 600000, .print_pos = 22,
	  .expect = "milliseconds from 1 to 600000",
	  .arg = "MS", .help = "kill hooks and rule commands still running after MS (1000)" },
	{ "event-log", 0, DOPT_PATH, OFF(event_log), .flags = DOPT_NONE, .print_pos = 24,
	  .expect = "an absolute path (or none)",
	  .arg = "FILE", .help = "append one JSON line per action (root: " DEFAULT_EVENT_LOG "; none = off)" },
	{ "snapshot-dir", 0, DOPT_PATH, OFF(snapshot_dir), .flags = DOPT_NONE, .print_pos = 25,
	  .expect = "an absolute path (or none)",
	  .arg = "DIR", .help = "one JSON memory snapshot per kill (root: " DEFAULT_SNAPSHOT_DIR "; none = off)" },
	{ "flight-recorder", 0, DOPT_UINT, OFF(flight_recorder_minutes), .min = 0, .max = 60, .print_pos = 30,
	  .expect = "minutes from 0 to 60",
	  .arg = "MINUTES", .help = "keep the last MINUTES of samples; write them beside each kill (10; 0 = off)" },
	{ "log", 0, DOPT_ENUM, OFF(log_target), .names = log_names, .print_pos = 26,
	  .expect = "auto, journal, syslog or stderr",
	  .arg = "auto|journal|syslog|stderr", .help = "where action records go (auto)" },
	/* Prometheus metrics (issue 12) */
	{ "metrics-textfile", 0, DOPT_PATH, OFF(metrics_textfile), .flags = DOPT_NONE, .print_pos = 31,
	  .expect = "an absolute path (or none)",
	  .arg = "FILE", .help = "Prometheus metrics into FILE, rewritten atomically (none)" },
	{ "metrics-listen", 0, DOPT_CUSTOM, OFF(metrics_listen), .parse = set_listen, .format = fmt_listen,
	  .print_pos = 32,
	  .arg = "[HOST:]PORT", .help = "serve Prometheus metrics over HTTP (host 127.0.0.1; none = off)" },
	{ "metrics-interval", 0, DOPT_UINT, OFF(metrics_interval_s), .min = 1, .max = 3600, .print_pos = 33,
	  .expect = "seconds from 1 to 3600",
	  .arg = "SECONDS", .help = "how often metrics-textfile is rewritten (15)" },
	/* flags only */
	{ "config", 0, DOPT_FLAG, .flags = DOPT_EARLY, .parse = flag_config,
	  .arg = "FILE", .help = "read FILE and FILE.d/*.conf instead of the default" },
	{ "check-config", 0, DOPT_FLAG, .flags = DOPT_EARLY | DOPT_LATE, .parse = flag_check_config,
	  .help = "load everything, print the effective configuration, exit" },
	{ "syslog", 0, DOPT_FLAG, .flags = DOPT_LATE, .parse = flag_syslog,
	  .help = "earlyoom's --syslog: as log = syslog" },
	{ "ignore-positive-adj", 'i', DOPT_FLAG,
	  .help = "accepted for earlyoom compatibility; has no effect" },
	{ "priority", 'p', DOPT_FLAG,
	  .help = "accepted for earlyoom compatibility; the daemon always protects itself" },
	{ "help", 'h', DOPT_FLAG, .flags = DOPT_EARLY | DOPT_LATE, .parse = flag_help,
	  .help = "this help" },
};
const unsigned daemon_n_options = sizeof(daemon_options) / sizeof(daemon_options[0]);

const char *daemon_config_default_path(void)
{
	return OOMGUARD_SYSCONFDIR "/oomguard/oomguard.conf";
}

void daemon_config_defaults(struct daemon_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	/* 5%: a job that holds 90% of memory steadily is no emergency (bench/false_kills.sh); the
	 * fill-rate raise and the pressure budget act earlier when memory is really running out */
	cfg->mem_term = (struct level){ 5, 0 };
	cfg->mem_kill = (struct level){ 2.5, 0 };
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
	cfg->flight_recorder_minutes = FLIGHTREC_DEFAULT_MINUTES;
	cfg->hook_timeout_ms = 1000;
	cfg->event_log = strdup(DEFAULT_EVENT_LOG);
	cfg->snapshot_dir = strdup(DEFAULT_SNAPSHOT_DIR);
	cfg->report_interval_s = 3600;
	cfg->log_target = LOG_TO_AUTO;
	cfg->metrics_interval_s = 15;
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
	dcfg_argv_free(cfg->pre_kill_argv);
	dcfg_argv_free(cfg->post_kill_argv);
	dcfg_argv_free(cfg->config_files);
	free(cfg->event_log);
	free(cfg->snapshot_dir);
	free(cfg->cgroup);
	free(cfg->config_file);
	free(cfg->metrics_textfile);
	free(cfg->metrics_listen);
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
	if (numparse_u64(s, &v) == 0) {
		*out = v;
		return 0;
	}
	if (numparse_size_bytes(s, &v) < 0)
		return -EINVAL;
	*out = v / 1024;
	return 0;
}

static int parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
	int v;
	if (numparse_int_range(s, (int)lo, (int)hi, &v) < 0)
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
	numparse_trim_ws(a);
	numparse_trim_ws(b);
	return 0;
}

static int set_pct_levels(struct level *term, struct level *kill, const char *v, char *err, size_t errlen)
{
	char a[64], b[64] = "";
	bool has_b;
	double t, k;

	if (split_pair(v, a, b, sizeof(a), &has_b) < 0 || parse_pct(a, &t) < 0)
		return errmsg_einval(err, errlen,
				     "'%s' is not PERCENT[,KILL_PERCENT] with percents from 0 to 100", v);
	k = t / 2;
	if (has_b && parse_pct(b, &k) < 0)
		return errmsg_einval(err, errlen, "kill percent '%s' is not a number from 0 to 100", b);
	if (k > t)
		return errmsg_einval(err, errlen, "kill percent %g is above the term percent %g", k, t);
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
		return errmsg_einval(err, errlen, "'%s' is not SIZE[,KILL_SIZE] (KiB, or with K/M/G)", v);
	/* a level of 0 KiB would be "no level" (struct level), not a level at 0 */
	if (t == 0)
		return errmsg_einval(err, errlen, "'%s' is less than 1 KiB: give the level as 1 KiB or more", a);
	k = t / 2;
	if (has_b && parse_kib(b, &k) < 0)
		return errmsg_einval(err, errlen, "kill size '%s' is not a size (KiB, or with K/M/G)", b);
	if (k > t)
		return errmsg_einval(err, errlen, "kill size %llu KiB is above the term size %llu KiB",
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
	unsigned positions = r.positions;
	for (unsigned i = 0; i < cfg->n_rules; i++)
		positions += cfg->rules[i].positions;
	if (positions > RULES_MAX_POSITIONS) {
		victim_rule_free(&r);
		return errmsg_einval(err, errlen, "the rules' regexes have over %d positions together "
				     "(%u with this one; each rule is matched against every process)",
				     RULES_MAX_POSITIONS, positions);
	}
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
		return errmsg_einval(err, errlen, "empty regular expression");
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s name=", action);
	dcfg_argv_format(argv, &sb);
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
		int rc = dcfg_argv_split(v, &argv, err, errlen);
		if (rc < 0)
			return rc;
	}
	dcfg_argv_free(*dst);
	*dst = argv;
	return 0;
}

/* ---- the custom rows' parsing */

static int set_name_rule(struct daemon_config *cfg, const struct daemon_option *o, const char *v,
			 char *err, size_t errlen)
{
	return add_name_rule(cfg, o->key, v, err, errlen);   /* the key is the action */
}

static int set_rule(struct daemon_config *cfg, const struct daemon_option *o, const char *v,
		    char *err, size_t errlen)
{
	return add_rule_text(cfg, v, err, errlen);
}

static int set_kill_group(struct daemon_config *cfg, const struct daemon_option *o, const char *v,
			  char *err, size_t errlen)
{
	bool b;
	if (parse_bool(v, &b) < 0)
		return errmsg_einval(err, errlen, "'%s' is not yes or no", v);
	cfg->default_scope = b ? KILL_PROCESS_GROUP : KILL_PROCESS;
	return 0;
}

static int set_kill_scope(struct daemon_config *cfg, const struct daemon_option *o, const char *v,
			  char *err, size_t errlen)
{
	if (kill_scope_parse(v, &cfg->default_scope) < 0)
		return errmsg_einval(err, errlen, "'%s' is not process, group or cgroup", v);
	return 0;
}

static int set_cgroup(struct daemon_config *cfg, const struct daemon_option *o, const char *v,
		      char *err, size_t errlen)
{
	if (*v && *v != '/')
		return errmsg_einval(err, errlen, "'%s' is not %s", v, o->expect);
	return set_string(&cfg->cgroup, v, true);
}

static int set_rate_horizon(struct daemon_config *cfg, const struct daemon_option *o, const char *v,
			    char *err, size_t errlen)
{
	if (strcmp(v, "auto") == 0)
		return cfg->rate_horizon_ms = 0, 0;
	if (parse_uint(v, o->min, o->max, &cfg->rate_horizon_ms) < 0)
		return errmsg_einval(err, errlen, "'%s' is not %s", v, o->expect);
	return 0;
}

static int set_grace(struct daemon_config *cfg, const struct daemon_option *o, const char *v,
		     char *err, size_t errlen)
{
	char a[32], c[32] = "";
	bool has_b;
	unsigned lo, hi;
	if (split_pair(v, a, c, sizeof(a), &has_b) < 0 || !has_b ||
	    parse_uint(a, o->min, o->max, &lo) < 0 || parse_uint(c, o->min, o->max, &hi) < 0)
		return errmsg_einval(err, errlen, "'%s' is not %s", v, o->expect);
	if (lo > hi)
		return errmsg_einval(err, errlen, "minimum %u ms is above maximum %u ms", lo, hi);
	cfg->grace_min_ms = lo;
	cfg->grace_max_ms = hi;
	return 0;
}

static int flag_config(struct daemon_config *cfg, const struct daemon_option *o, const char *v,
		       char *err, size_t errlen)
{
	return set_string(&cfg->config_file, v, false);
}

static int flag_check_config(struct daemon_config *cfg, const struct daemon_option *o, const char *v,
			     char *err, size_t errlen)
{
	return cfg->check_config = true, 0;
}

static int flag_help(struct daemon_config *cfg, const struct daemon_option *o, const char *v,
		     char *err, size_t errlen)
{
	return cfg->show_help = true, 0;
}

static int flag_syslog(struct daemon_config *cfg, const struct daemon_option *o, const char *v,
		       char *err, size_t errlen)
{
	return cfg->log_target = LOG_TO_SYSLOG, 0;
}

/* ---- parsing by type */

#define FIELD(cfg, o, type, off) ((type *)(void *)((char *)(cfg) + (o)->off))
_Static_assert(sizeof(enum log_target) == sizeof(int), "DOPT_ENUM stores enums as int");

static int set_typed(struct daemon_config *cfg, const struct daemon_option *o, const char *v,
		     char *err, size_t errlen)
{
	switch (o->type) {
	case DOPT_BOOL:
		if (parse_bool(v, FIELD(cfg, o, bool, off)) < 0)
			return errmsg_einval(err, errlen, "'%s' is not yes or no", v);
		return 0;
	case DOPT_UINT:
		if (parse_uint(v, o->min, o->max, FIELD(cfg, o, unsigned, off)) < 0)
			return errmsg_einval(err, errlen, "'%s' is not %s", v, o->expect);
		return 0;
	case DOPT_PERCENT:
		if (parse_pct(v, FIELD(cfg, o, double, off)) < 0)
			return errmsg_einval(err, errlen, "'%s' is not a percent from 0 to 100", v);
		return 0;
	case DOPT_LEVELS_PCT:
		cfg->given |= o->given;
		return set_pct_levels(FIELD(cfg, o, struct level, off), FIELD(cfg, o, struct level, off2),
				      v, err, errlen);
	case DOPT_LEVELS_KIB:
		cfg->given |= o->given;
		return set_kib_levels(FIELD(cfg, o, struct level, off), FIELD(cfg, o, struct level, off2),
				      v, err, errlen);
	case DOPT_PATH:
		if (*v && !((o->flags & DOPT_NONE) && strcmp(v, "none") == 0) && *v != '/')
			return errmsg_einval(err, errlen, "'%s' is not %s", v, o->expect);
		return set_string(FIELD(cfg, o, char *, off), v, true);
	case DOPT_COMMAND:
		return set_command(FIELD(cfg, o, char **, off), v, err, errlen);
	case DOPT_ENUM:
		for (int i = 0; o->names[i]; i++)
			if (strcmp(v, o->names[i]) == 0)
				return *FIELD(cfg, o, int, off) = i, 0;
		return errmsg_einval(err, errlen, "'%s' is not %s", v, o->expect);
	case DOPT_CUSTOM:
	case DOPT_FLAG:
		break;
	}
	return errmsg_einval(err, errlen, "option without a handler");
}

const struct daemon_option *daemon_option_find(const char *key)
{
	for (unsigned i = 0; i < daemon_n_options; i++)
		if (strcmp(daemon_options[i].key, key) == 0)
			return &daemon_options[i];
	return NULL;
}

int daemon_config_set(struct daemon_config *cfg, const char *key, const char *value,
		      char *err, size_t errlen)
{
	const struct daemon_option *o = daemon_option_find(key);
	const char *v = value ? value : "";

	if (!o || o->type == DOPT_FLAG) {
		errmsg_einval(err, errlen, "unknown option");
		return -ENOENT;
	}
	return o->parse ? o->parse(cfg, o, v, err, errlen) : set_typed(cfg, o, v, err, errlen);
}

int daemon_config_finish(struct daemon_config *cfg, char *err, size_t errlen)
{
	/* earlyoom: a size given without a percent replaces the default percent */
	if ((cfg->given & DCFG_GIVEN_MEM_KIB) && !(cfg->given & DCFG_GIVEN_MEM_PCT))
		cfg->mem_term.percent = cfg->mem_kill.percent = -1;
	if ((cfg->given & DCFG_GIVEN_SWAP_KIB) && !(cfg->given & DCFG_GIVEN_SWAP_PCT))
		cfg->swap_term.percent = cfg->swap_kill.percent = -1;
	if (cfg->psi_stall_ms > cfg->psi_window_ms)
		return errmsg_einval(err, errlen, "psi-stall: %u ms is longer than psi-window %u ms",
			    cfg->psi_stall_ms, cfg->psi_window_ms);
	return 0;
}

/* ---- printing: by type, or the row's own format */

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

static void fmt_rules(const struct daemon_config *cfg, const struct daemon_option *o, struct strbuf *out)
{
	strbuf_adds(out, "rule =\n");   /* clears, then the list follows */
	for (unsigned i = 0; i < cfg->n_rules; i++) {
		strbuf_adds(out, "rule = ");
		victim_rule_format(&cfg->rules[i], out);
		strbuf_addc(out, '\n');
	}
}

static void fmt_kill_scope(const struct daemon_config *cfg, const struct daemon_option *o, struct strbuf *out)
{
	strbuf_addf(out, "kill-scope = %s\n", kill_scope_name(cfg->default_scope));
}

/* metrics-listen: PORT (on 127.0.0.1), IPV4:PORT or [IPV6]:PORT, kept as HOST:PORT. */
static int set_listen(struct daemon_config *cfg, const struct daemon_option *o, const char *v,
		      char *err, size_t errlen)
{
	char host[64] = "127.0.0.1", text[96];
	const char *port = v;
	unsigned p;
	unsigned char addr[16];

	if (!*v || strcmp(v, "none") == 0)
		return set_string(&cfg->metrics_listen, v, true);
	const char *colon = strrchr(v, ':');
	if (colon) {
		const char *h = v;
		size_t hl = (size_t)(colon - v);
		bool v6 = hl >= 2 && h[0] == '[' && h[hl - 1] == ']';
		if (v6)
			h++, hl -= 2;
		if (hl == 0 || hl >= sizeof(host))
			return errmsg_einval(err, errlen, "'%s' is not [HOST:]PORT", v);
		memcpy(host, h, hl);
		host[hl] = '\0';
		if (inet_pton(v6 ? AF_INET6 : AF_INET, host, addr) != 1)
			return errmsg_einval(err, errlen, "'%s' is not a numeric IPv4 address or [IPv6] address", host);
		port = colon + 1;
	}
	if (parse_uint(port, 1, 65535, &p) < 0)
		return errmsg_einval(err, errlen, "'%s' is not a port from 1 to 65535", port);
	snprintf(text, sizeof(text), strchr(host, ':') ? "[%s]:%u" : "%s:%u", host, p);
	return set_string(&cfg->metrics_listen, text, false);
}

static void fmt_listen(const struct daemon_config *cfg, const struct daemon_option *o, struct strbuf *out)
{
	strbuf_addf(out, "metrics-listen = %s\n", cfg->metrics_listen ? cfg->metrics_listen : "none");
}

static void fmt_cgroup(const struct daemon_config *cfg, const struct daemon_option *o, struct strbuf *out)
{
	if (cfg->cgroup)
		strbuf_addf(out, "cgroup = %s\n", cfg->cgroup);
	else
		strbuf_adds(out, "# cgroup = (unset: the whole machine)\n");
}

static void fmt_rate_horizon(const struct daemon_config *cfg, const struct daemon_option *o, struct strbuf *out)
{
	if (cfg->rate_horizon_ms)
		strbuf_addf(out, "rate-horizon = %u\n", cfg->rate_horizon_ms);
	else
		strbuf_adds(out, "rate-horizon = auto\n");
}

static void fmt_grace(const struct daemon_config *cfg, const struct daemon_option *o, struct strbuf *out)
{
	strbuf_addf(out, "grace = %u,%u\n", cfg->grace_min_ms, cfg->grace_max_ms);
}

/* cfg is only read here; FIELD's casts drop const for the shared macro */
static void fmt_typed(const struct daemon_config *cfg, const struct daemon_option *o, struct strbuf *out)
{
	struct daemon_config *c = (struct daemon_config *)cfg;
	char **argv;
	const char *path;

	switch (o->type) {
	case DOPT_BOOL:
		strbuf_addf(out, "%s = %s\n", o->key, *FIELD(c, o, bool, off) ? "yes" : "no");
		break;
	case DOPT_UINT:
		strbuf_addf(out, "%s = %u\n", o->key, *FIELD(c, o, unsigned, off));
		break;
	case DOPT_PERCENT:
		strbuf_addf(out, "%s = %g\n", o->key, *FIELD(c, o, double, off));
		break;
	case DOPT_LEVELS_PCT:
	case DOPT_LEVELS_KIB:
		fmt_level_pair(out, o->key, FIELD(c, o, struct level, off), FIELD(c, o, struct level, off2),
			       o->type == DOPT_LEVELS_PCT);
		break;
	case DOPT_PATH:
		path = *FIELD(c, o, char *, off);
		strbuf_addf(out, "%s = %s\n", o->key, path ? path : "none");
		break;
	case DOPT_COMMAND:
		argv = *FIELD(c, o, char **, off);
		strbuf_addf(out, "%s = ", o->key);
		if (argv)
			dcfg_argv_format(argv, out);
		else
			strbuf_adds(out, "none");
		strbuf_addc(out, '\n');
		break;
	case DOPT_ENUM:
		strbuf_addf(out, "%s = %s\n", o->key, o->names[*FIELD(c, o, int, off)]);
		break;
	case DOPT_CUSTOM:
	case DOPT_FLAG:
		break;
	}
}

void daemon_config_format(const struct daemon_config *cfg, struct strbuf *out)
{
	strbuf_adds(out, "# oomguard daemon: effective configuration\n");
	if (cfg->config_files && cfg->config_files[0]) {
		for (char **f = cfg->config_files; *f; f++)
			strbuf_addf(out, "# read: %s\n", *f);
	} else {
		strbuf_addf(out, "# read: no config file (%s: not present)\n",
			    cfg->config_file ? cfg->config_file : daemon_config_default_path());
	}
	unsigned last = 0;
	for (unsigned i = 0; i < daemon_n_options; i++)
		if (daemon_options[i].print_pos > last)
			last = daemon_options[i].print_pos;
	for (unsigned pos = 1; pos <= last; pos++) {
		for (unsigned i = 0; i < daemon_n_options; i++) {
			const struct daemon_option *o = &daemon_options[i];
			if (o->print_pos != pos)
				continue;
			if (o->format)
				o->format(cfg, o, out);
			else
				fmt_typed(cfg, o, out);
		}
	}
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
