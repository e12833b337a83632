/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's whole configuration as one struct: the contract between configuration loading
 * (config file, drop-ins, command-line flags; daemon_config.c) and the daemon's runtime
 * (triggers, victim choice, kill pipeline).  Values are final: percentages already resolved
 * against nothing (the runtime resolves them against MemTotal/SwapTotal or the cgroup limit). */
#ifndef OOMGUARD_DAEMON_CONFIG_H
#define OOMGUARD_DAEMON_CONFIG_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A level is either a percent of the total or an absolute size; the smaller wins when both
 * are given, as in earlyoom. */
struct level {
	double percent;          /* < 0 when unset */
	uint64_t kib;            /* 0 when unset */
};

enum rule_action { RULE_PREFER, RULE_AVOID, RULE_IGNORE, RULE_ACTION_CMD };
enum rule_field { RULE_NAME, RULE_CMDLINE, RULE_USER, RULE_CGROUP, RULE_UNIT };
enum kill_scope { KILL_PROCESS, KILL_PROCESS_GROUP, KILL_CGROUP };

struct victim_rule {
	enum rule_action action;
	enum rule_field field;
	char *pattern;           /* the regex as written, for logs */
	regex_t re;              /* compiled with REG_EXTENDED | REG_NOSUB */
	unsigned positions;      /* the regex's size (lib/util/ere.h), bounded for all rules together */
	int score_delta;         /* prefer: +, avoid: - (oom_score points) */
	enum kill_scope scope;   /* what to end when this rule's process is chosen */
	char **action_argv;      /* RULE_ACTION_CMD: run instead of killing (execve, no shell) */
};

/* LOG_TO_AUTO: the journal when journald's socket exists and is writable, else syslog when
 * /dev/log exists and stderr is not a terminal, else stderr. */
enum log_target { LOG_TO_AUTO, LOG_TO_JOURNAL, LOG_TO_SYSLOG, LOG_TO_STDERR };

struct daemon_config {
	/* triggers */
	struct level mem_term, mem_kill;     /* MemAvailable levels: SIGTERM, SIGKILL */
	struct level swap_term, swap_kill;   /* SwapFree levels (ignored without swap) */
	bool psi_enabled;
	unsigned psi_stall_budget_ms;        /* act when full stall while memory is short adds up to this */
	unsigned psi_stall_ms;               /* kernel PSI trigger: full stall ms per window */
	unsigned psi_window_ms;
	double psi_full_avg10;               /* sustained full avg10 percent ... */
	unsigned psi_duration_s;             /* ... over this many seconds */
	double psi_mem_guard_percent;        /* never act on pressure with more MemAvailable than this */
	bool rate_enabled;                   /* act earlier when time-to-exhaustion is short */
	unsigned rate_horizon_ms;            /* 0 = auto: the kill pipeline's measured time */
	char *cgroup;                        /* --cgroup PATH: guard one cgroup, NULL = whole machine */

	/* victim choice and kill */
	struct victim_rule *rules;
	unsigned n_rules;
	enum kill_scope default_scope;
	bool ignore_root_user;
	unsigned grace_min_ms, grace_max_ms; /* SIGTERM grace, sized by the fill rate */
	unsigned cooldown_ms;

	/* hooks and reporting */
	char **pre_kill_argv, **post_kill_argv;  /* NULL-terminated, or NULL */
	unsigned hook_timeout_ms;
	char *event_log;                     /* JSON-lines file, NULL = none */
	char *snapshot_dir;                  /* where kill snapshots go for `explain` */
	unsigned flight_recorder_minutes;    /* the ring's window; 0 = no flight recorder */
	bool notify;                         /* desktop notifications to logged-in users */
	bool dry_run;
	unsigned report_interval_s;          /* periodic status line, 0 = off */
	bool debug;

	/* added by the configuration loader (issue 5, operations side) */
	enum log_target log_target;          /* where action records go besides the event log */
	bool check_config;                   /* --check-config: print the effective config, exit */
	char *config_file;                   /* the main file read (or that would be), for messages */
	char **config_files;                 /* NULL-terminated list of files actually read, or NULL */
	bool show_help;                      /* -h/--help was given: print daemon_config_usage, exit 0 */

	/* Prometheus metrics (issue 12): NULL = off */
	char *metrics_textfile;              /* rewritten atomically every metrics_interval_s */
	char *metrics_listen;                /* "HOST:PORT" (IPv6 as "[ADDR]:PORT") served over HTTP */
	unsigned metrics_interval_s;
	unsigned given;                      /* loader-private: DCFG_GIVEN_* levels set explicitly */
};

#define DCFG_GIVEN_MEM_PCT  (1u << 0)
#define DCFG_GIVEN_MEM_KIB  (1u << 1)
#define DCFG_GIVEN_SWAP_PCT (1u << 2)
#define DCFG_GIVEN_SWAP_KIB (1u << 3)

/* Implemented with the configuration loader (daemon_config.c).  All return 0 or -errno and, on
 * failure, write one line naming the input and the problem into err. */
void daemon_config_defaults(struct daemon_config *cfg);
/* Reads the config file (default /etc/oomguard/oomguard.conf, missing is fine) and its drop-ins
 * (oomguard.conf.d/ *.conf in name order), then applies argv flags on top. */
int daemon_config_load(int argc, char **argv, struct daemon_config *cfg, char *err, size_t errlen);
void daemon_config_free(struct daemon_config *cfg);

struct strbuf;

/* ---- below: the loader's finer API (lib/policy/daemon_config.c, config_text.c, victim_rule.c;
 * os/daemon_config_load.c).  The runtime needs only the three functions above plus
 * daemon_config_format for --check-config. */

/* The default main config file, OOMGUARD_SYSCONFDIR "/oomguard/oomguard.conf"; drop-ins live in
 * the same path + ".d/" (*.conf, name order, later files win). */
const char *daemon_config_default_path(void);
/* The root defaults for the event log and snapshot dir (a non-root daemon drops them). */
bool daemon_config_is_default_event_log(const char *path);
bool daemon_config_is_default_snapshot_dir(const char *path);

/* Sets one option by its long name (the config-file key: "mem", "swap-size", "prefer", "psi",
 * "grace", ...) from its text value; booleans take yes/no/true/false/on/off/1/0.  Used by both
 * files and flags so they accept exactly the same values.  0 or -EINVAL/-ENOENT (unknown key)
 * with the problem (without the key) in err. */
int daemon_config_set(struct daemon_config *cfg, const char *key, const char *value,
		      char *err, size_t errlen);

/* Parses one config file's text on top of cfg.  On error writes "FILE:LINE: KEY: problem" into
 * err and returns -EINVAL; cfg may then hold part of the file (callers parse into a scratch copy
 * and discard it on error, as daemon_config_load does). */
int daemon_config_parse_text(struct daemon_config *cfg, const char *text, size_t len,
			     const char *filename, char *err, size_t errlen);

/* Checks values that only make sense together (kill level above term level, grace min > max...);
 * fills in derived defaults (KILL levels at half the TERM ones).  0 or -EINVAL with err. */
int daemon_config_finish(struct daemon_config *cfg, char *err, size_t errlen);

/* Appends the effective configuration as a config file that would reproduce it (all keys,
 * comments naming the files read).  For --check-config and the debug log. */
void daemon_config_format(const struct daemon_config *cfg, struct strbuf *out);

/* The options as one table (daemon_config.c): each row says how its value is parsed (the same
 * for `--key VALUE` and `key = VALUE`), where it goes in struct daemon_config, its range, how
 * --check-config prints it, and its --help line; the loader builds getopt's table from it.  A
 * plain option is one row with a type and an offset; only options with a shape of their own
 * (rules, grace, rate-horizon ...) name parse/format functions. */
enum daemon_option_type {
	DOPT_BOOL,         /* bool at off: yes/no/true/false/on/off/1/0; --key and --no-key */
	DOPT_UINT,         /* unsigned at off, from min to max */
	DOPT_PERCENT,      /* double at off, from 0 to 100 */
	DOPT_LEVELS_PCT,   /* struct level pair (off: SIGTERM, off2: SIGKILL), PERCENT[,KILL_PERCENT] */
	DOPT_LEVELS_KIB,   /* the same pair as sizes, SIZE[,KILL_SIZE] */
	DOPT_PATH,         /* char * at off: an absolute path ("" is unset; "none" too with DOPT_NONE) */
	DOPT_COMMAND,      /* char ** at off: a command line split by argv_split, or none */
	DOPT_ENUM,         /* an enum (int-sized) at off: the index of the value in names[] */
	DOPT_CUSTOM,       /* parse and format do all */
	DOPT_FLAG,         /* command line only (config, check-config, help, ...): parse acts */
};
#define DOPT_KEEP_QUOTES (1u << 0)   /* config file: a quoted value keeps its quotes */
#define DOPT_NONE        (1u << 1)   /* DOPT_PATH: "none" means unset */
#define DOPT_EARLY       (1u << 2)   /* DOPT_FLAG: acts in the first pass over argv (before files) */
#define DOPT_LATE        (1u << 3)   /* DOPT_FLAG: acts in the second pass (over the files) */

struct daemon_option;
typedef int daemon_option_parse_fn(struct daemon_config *cfg, const struct daemon_option *o,
				   const char *v, char *err, size_t errlen);
typedef void daemon_option_format_fn(const struct daemon_config *cfg,
				     const struct daemon_option *o, struct strbuf *out);

struct daemon_option {
	const char *key;             /* long option and config-file key */
	char short_opt;              /* earlyoom's letter, or 0 */
	enum daemon_option_type type;
	size_t off, off2;            /* offsetof(struct daemon_config, ...) of the value(s) */
	unsigned min, max;           /* DOPT_UINT's range */
	unsigned given;              /* DOPT_LEVELS_*: the DCFG_GIVEN_* bit set when given */
	unsigned flags;              /* DOPT_KEEP_QUOTES, DOPT_NONE, DOPT_EARLY, DOPT_LATE */
	const char *const *names;    /* DOPT_ENUM: the values, NULL-terminated */
	const char *expect;          /* a good value, for the error "'VALUE' is not EXPECT" */
	daemon_option_parse_fn *parse;    /* instead of the type's parsing (and DOPT_FLAG's action) */
	daemon_option_format_fn *format;  /* instead of the type's "key = value" line */
	unsigned print_pos;          /* place in --check-config's output; 0: not printed (folded
				      * into another key, or a flag) */
	const char *arg;             /* argument shape for --help, NULL for switches */
	const char *help;
};
extern const struct daemon_option daemon_options[];
extern const unsigned daemon_n_options;
/* The row of key, or NULL. */
const struct daemon_option *daemon_option_find(const char *key);
/* The daemon's --help text. */
void daemon_config_usage(struct strbuf *out);

/* One rule from its text, "ACTION FIELD=REGEX [scope=process|group|cgroup] [delta=N]
 * [run=CMD ARGS...]" (see victim_rule.c).  0 or -EINVAL with the problem in err. */
int victim_rule_parse(const char *text, struct victim_rule *out, char *err, size_t errlen);
void victim_rule_free(struct victim_rule *r);
/* The rule back as text (parseable by victim_rule_parse). */
void victim_rule_format(const struct victim_rule *r, struct strbuf *out);

/* Splits a command line into a NULL-terminated malloc'd argv: white space separates words,
 * '...' and "..." quote, a backslash before a blank, quote or backslash escapes it (other
 * backslashes stay, so regexes keep their \.); no shell, no expansion.  0, -EINVAL
 * (unterminated quote, empty) or -ENOMEM. */
int dcfg_argv_split(const char *text, char ***out, char *err, size_t errlen);
void dcfg_argv_free(char **argv);
/* Appends argv as one line that argv_split reads back (quoting where needed). */
void dcfg_argv_format(char *const *argv, struct strbuf *out);

/* "process", "group", "cgroup" <-> enum kill_scope.  parse: 0 or -EINVAL. */
int kill_scope_parse(const char *s, enum kill_scope *out);
const char *kill_scope_name(enum kill_scope s);

#endif
