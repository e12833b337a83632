/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every subcommand shares: the global options parsed by main.c, colour policy, and the
 * subcommand entry points (one file per subcommand in src/cmd, as git does). */
#ifndef OOMGUARD_CLI_H
#define OOMGUARD_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct cli_globals {
	enum color_mode color;
	const char *root;        /* --root DIR or OOMGUARD_ROOT, NULL for the live system */
	const char *cmd;         /* the running subcommand ("top"), NULL before dispatch */
	int argc;                /* its arguments, for messages about a rejected option */
	char **argv;
};

extern struct cli_globals cli;

/* --color WHEN (auto, always, never) into cli.color: 0, or 2 after one line naming the value. */
int cli_set_color(const char *when);
/* The global options --root DIR and --color WHEN (--colour), which may also follow the command
 * (`oomguard top --root DIR`, `oomguard-daemon --root DIR`): takes them out of argv[1..] (up to
 * a "--"), in place, into cli.root and cli.color.  0, or 2 after one error line.  oomguard's
 * main and oomguard-daemon's both use it, so the two accept and refuse the same. */
int cli_take_global_options(int *argc, char **argv);
/* Colour only on a terminal (and never with NO_COLOR set), unless --color=always. */
bool cli_use_color(FILE *f);
/* ANSI sequence or "" when colour is off for stdout. */
const char *cli_sgr(const char *seq);
/* Writes a whole buffer to stdout; returns 0 or 1 after printing an error (EPIPE is silent). */
int cli_write_stdout(const char *buf, size_t len);
/* The same to path ("-" or NULL: stdout): written to a temporary file beside it and renamed, so
 * nothing is half-written; returns 0 or 1 after printing an error naming path. */
int cli_write_output(const char *path, const char *buf, size_t len);
/* Text output: to stdout fitted to the terminal (textfit), or to path as cli_write_output. */
int cli_write_text(const char *path, const char *buf, size_t len);
/* One row of explain's memory bar chart (kernel reports and daemon snapshots alike): label, a
 * 40-cell bar of kb out of total, the size and the percentage.  Callers skip unknown values. */
struct strbuf;
void cli_bar_row(struct strbuf *sb, const char *label, uint64_t kb, uint64_t total, const char *color);
/* The end of an option loop: for -h/--help the usage on stdout and 0; for an option getopt
 * rejected (main turns getopt's own messages off) one line on stderr naming the option and the
 * command's --help, and 2.  `case 'h': default: return cli_usage_exit(usage, c == 'h');` */
int cli_usage_exit(void (*usage)(FILE *f), bool help);

typedef int (*cmd_fn)(int argc, char **argv);

int cmd_report(int argc, char **argv);
int cmd_top(int argc, char **argv);
int cmd_protect(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_daemon(int argc, char **argv);
int cmd_daemon_lean(int argc, char **argv);   /* oomguard-daemon's (src/daemon_main.c) */
int cmd_record(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_metrics(int argc, char **argv);

#endif
