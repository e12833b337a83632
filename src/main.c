/* SPDX-License-Identifier: GPL-2.0-or-later */
/* oomguard's entry point: global options (--root, --color, --version, --help), then dispatch to
 * one subcommand in src/cmd.  Each subcommand parses its own options and prints its own --help. */
#include <getopt.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "cmd/cli.h"
#include "cmd/errors.h"
#include "os/core/sysroot.h"

struct subcommand {
	const char *name;
	cmd_fn fn;
	const char *summary;
	bool json;               /* has --json (so a --json before the command is passed on) */
};

static const struct subcommand subcommands[] = {
	{ "report",  cmd_report,  "one screen: memory now, risky settings, next victims, recent OOM kills", true },
	{ "top",     cmd_top,     "processes in the order the kernel's OOM killer would pick them", true },
	{ "protect", cmd_protect, "set oom_score_adj for critical processes, now and persistently", false },
	{ "events",  cmd_events,  "find every OOM kill in kernel logs, one line each", true },
	{ "explain", cmd_explain, "explain one OOM kill from its evidence", true },
	{ "check",   cmd_check,   "audit settings that cause or worsen OOM, with fixes", true },
	{ "daemon",  cmd_daemon,  "act before the kernel's OOM killer and before thrashing", false },
	{ "record",  cmd_record,  "write a memory trace of the machine or a cgroup, for replay", false },
	{ "replay",  cmd_replay,  "when oomguard, earlyoom, nohang, systemd-oomd would act on a trace", true },
	{ "metrics", cmd_metrics, "the OOM metrics once, in the Prometheus text format", false },
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: oomguard [--root DIR] [--color WHEN] [--json] COMMAND [ARGS]\n"
		"       oomguard --version | --help\n\n"
		"Linux out-of-memory trouble, in one program.  With no command, runs `report`.\n\n"
		"Commands:\n");
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(f, "  %-9s %s\n", subcommands[i].name, subcommands[i].summary);
	fprintf(f,
		"\nGlobal options:\n"
		"  --root DIR      read /proc and /sys below DIR (also OOMGUARD_ROOT); for fixture trees\n"
		"  --color WHEN    auto (default: only on a terminal), always, never\n"
		"  --json          JSON output, for the commands that have it; these three options\n"
		"                  may also follow the command\n"
		"  -V, --version   print the version\n"
		"  -h, --help      this help; `oomguard COMMAND --help` for a command's own\n\n"
		"See oomguard(8).\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "color", required_argument, NULL, 'c' },
		{ "colour", required_argument, NULL, 'c' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ 0, 0, 0, 0 },
	};
	bool json = false;
	int c;

	signal(SIGPIPE, SIG_IGN);
	opterr = 0;   /* a rejected option gets one line of ours (cli_usage_exit), not getopt's */
	cli.root = getenv("OOMGUARD_ROOT");
	cli.argc = argc;
	cli.argv = argv;
	/* '+' stops at the first non-option: the subcommand and its own options follow */
	while ((c = getopt_long(argc, argv, "+Vh", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			cli.root = optarg;
			break;
		case 'c':
			if (cli_set_color(optarg))
				return 2;
			break;
		case 'j':
			json = true;
			break;
		case 'V':
			printf("oomguard %s\n", OOMGUARD_VERSION);
			return 0;
		case 'h':
		default:
			return cli_usage_exit(usage, c == 'h');
		}
	}
	const char *name = optind < argc ? argv[optind] : "report";
	int sub_argc = optind < argc ? argc - optind : 1;
	char *default_argv[] = { (char *)"report", NULL };
	char **sub_argv;
	const struct subcommand *sc = NULL;

	if (strcmp(name, "help") == 0)
		return cli_usage_exit(usage, true);
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (strcmp(name, subcommands[i].name) == 0)
			sc = &subcommands[i];
	if (!sc) {
		og_error(name, "unknown command; see `oomguard --help`");
		return 2;
	}
	if (json && !sc->json) {
		og_error("--json", "`oomguard %s` has no JSON output", sc->name);
		return 2;
	}
	sub_argv = calloc((size_t)sub_argc + 2, sizeof(*sub_argv));
	if (!sub_argv)
		return og_error("oomguard", "out of memory");
	/* the subcommand's arguments, with a --json given before the command passed on */
	int k = 0;
	sub_argv[k++] = optind < argc ? argv[optind] : default_argv[0];
	if (json)
		sub_argv[k++] = (char *)"--json";
	for (int i = optind + 1; i < argc; i++)
		sub_argv[k++] = argv[i];
	sub_argv[k] = NULL;
	sub_argc = k;
	if (cli_take_global_options(&sub_argc, sub_argv)) {
		free(sub_argv);
		return 2;
	}
	if (cli.root && *cli.root) {
		int r = sysroot_init(cli.root);
		if (r < 0) {
			og_error(cli.root, "cannot use as --root: %s", strerror(-r));
			free(sub_argv);
			return 2;
		}
	}
	cli.cmd = sc->name;
	cli.argc = sub_argc;
	cli.argv = sub_argv;
	optind = 0;  /* reset getopt for the subcommand (glibc: 0 re-initialises) */
	int rc = sc->fn(sub_argc, sub_argv);
	free(sub_argv);
	return rc;
}
