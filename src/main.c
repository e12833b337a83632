/* oomguard's entry point: global options (--root, --color, --version, --help), then dispatch to
 * one subcommand in src/cmd.  Each subcommand parses its own options and prints its own --help. */
#include <getopt.h>
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
};

static const struct subcommand subcommands[] = {
	{ "report",  cmd_report,  "one screen: memory now, risky settings, next victims, recent OOM kills" },
	{ "top",     cmd_top,     "processes in the order the kernel's OOM killer would pick them" },
	{ "protect", cmd_protect, "set oom_score_adj for critical processes, now and persistently" },
	{ "events",  cmd_events,  "find every OOM kill in kernel logs, one line each" },
	{ "explain", cmd_explain, "explain one OOM kill from its evidence" },
	{ "check",   cmd_check,   "audit settings that cause or worsen OOM, with fixes" },
	{ "daemon",  cmd_daemon,  "act before the kernel's OOM killer and before thrashing" },
	{ "record",  cmd_record,  "write a memory trace of the machine or a cgroup, for replay" },
	{ "replay",  cmd_replay,  "when oomguard, earlyoom, nohang, systemd-oomd would act on a trace" },
	{ "metrics", cmd_metrics, "the OOM metrics once, in the Prometheus text format" },
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: oomguard [--root DIR] [--color WHEN] COMMAND [ARGS]\n"
		"       oomguard --version | --help\n\n"
		"Linux out-of-memory trouble, in one program.  With no command, runs `report`.\n\n"
		"Commands:\n");
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(f, "  %-9s %s\n", subcommands[i].name, subcommands[i].summary);
	fprintf(f,
		"\nGlobal options:\n"
		"  --root DIR      read /proc and /sys below DIR (also OOMGUARD_ROOT); for fixture trees\n"
		"  --color WHEN    auto (default: only on a terminal), always, never\n"
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
		{ 0, 0, 0, 0 },
	};
	int c;

	signal(SIGPIPE, SIG_IGN);
	cli.root = getenv("OOMGUARD_ROOT");
	/* '+' stops at the first non-option: the subcommand and its own options follow */
	while ((c = getopt_long(argc, argv, "+Vh", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			cli.root = optarg;
			break;
		case 'c':
			if (strcmp(optarg, "auto") == 0)
				cli.color = COLOR_AUTO;
			else if (strcmp(optarg, "always") == 0)
				cli.color = COLOR_ALWAYS;
			else if (strcmp(optarg, "never") == 0)
				cli.color = COLOR_NEVER;
			else {
				og_error("--color", "'%s' is not auto, always or never", optarg);
				return 2;
			}
			break;
		case 'V':
			printf("oomguard %s\n", OOMGUARD_VERSION);
			return 0;
		case 'h':
		default:
			return cli_usage_exit(usage, c == 'h');
		}
	}
	if (cli.root && *cli.root) {
		int r = sysroot_init(cli.root);
		if (r < 0) {
			og_error(cli.root, "cannot use as --root: %s", strerror(-r));
			return 2;
		}
	}

	const char *name = optind < argc ? argv[optind] : "report";
	int sub_argc = optind < argc ? argc - optind : 1;
	char *default_argv[] = { (char *)"report", NULL };
	char **sub_argv = optind < argc ? argv + optind : default_argv;

	if (strcmp(name, "help") == 0) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++) {
		if (strcmp(name, subcommands[i].name) == 0) {
			optind = 0;  /* reset getopt for the subcommand (glibc: 0 re-initialises) */
			return subcommands[i].fn(sub_argc, sub_argv);
		}
	}
	og_error(name, "unknown command; see `oomguard --help`");
	return 2;
}
