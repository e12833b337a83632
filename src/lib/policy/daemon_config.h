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
	int score_delta;         /* prefer: +, avoid: - (oom_score points) */
	enum kill_scope scope;   /* what to end when this rule's process is chosen */
	char **action_argv;      /* RULE_ACTION_CMD: run instead of killing (execve, no shell) */
};

struct daemon_config {
	/* triggers */
	struct level mem_term, mem_kill;     /* MemAvailable levels: SIGTERM, SIGKILL */
	struct level swap_term, swap_kill;   /* SwapFree levels (ignored without swap) */
	bool psi_enabled;
	unsigned psi_stall_ms;               /* kernel PSI trigger: full stall ms per window */
	unsigned psi_window_ms;
	double psi_full_avg10;               /* sustained full avg10 percent ... */
	unsigned psi_duration_s;             /* ... over this many seconds */
	double psi_mem_guard_percent;        /* never act on pressure with more MemAvailable than this */
	bool rate_enabled;                   /* act earlier when time-to-exhaustion is short */
	unsigned rate_horizon_ms;
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
	bool notify;                         /* desktop notifications to logged-in users */
	bool dry_run;
	unsigned report_interval_s;          /* periodic status line, 0 = off */
	bool debug;
};

/* Implemented with the configuration loader (daemon_config.c).  All return 0 or -errno and, on
 * failure, write one line naming the input and the problem into err. */
void daemon_config_defaults(struct daemon_config *cfg);
/* Reads the config file (default /etc/oomguard/oomguard.conf, missing is fine) and its drop-ins
 * (oomguard.conf.d/ *.conf in name order), then applies argv flags on top. */
int daemon_config_load(int argc, char **argv, struct daemon_config *cfg, char *err, size_t errlen);
void daemon_config_free(struct daemon_config *cfg);

#endif
