/* SPDX-License-Identifier: GPL-2.0-or-later */
/* oomguard-daemon: `oomguard daemon` as an executable of its own, linked with only the daemon's
 * code and libc, so what it touches at rest is a few dense pages (bench/idle_footprint.sh).
 * Takes the daemon's options and the global --root (and --color, which it has no use for). */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/cli.h"
#include "cmd/errors.h"
#include "os/core/sysroot.h"

/* Takes --root DIR / --root=DIR and --color out of argv; argv[0] becomes "daemon". */
static int take_global_options(int *argc, char **argv)
{
	int out = 1;
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];
		bool root = strcmp(a, "--root") == 0 || strncmp(a, "--root=", 7) == 0;
		bool color = strcmp(a, "--color") == 0 || strncmp(a, "--color=", 8) == 0;
		if (strcmp(a, "--") == 0) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (!root && !color) {
			argv[out++] = argv[i];
			continue;
		}
		const char *val = strchr(a, '=') ? strchr(a, '=') + 1 : i + 1 < *argc ? argv[++i] : NULL;
		if (!val)
			return og_error(root ? "--root" : "--color", "needs a value") + 1;
		if (root)
			cli.root = val;
	}
	argv[out] = NULL;
	*argc = out;
	argv[0] = (char *)"daemon";
	return 0;
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	cli.root = getenv("OOMGUARD_ROOT");
	if (take_global_options(&argc, argv))
		return 2;
	if (cli.root && *cli.root) {
		int r = sysroot_init(cli.root);
		if (r < 0) {
			og_error(cli.root, "cannot use as --root: %s", strerror(-r));
			return 2;
		}
	}
	cli.cmd = "daemon";
	cli.argc = argc;
	cli.argv = argv;
	return cmd_daemon_lean(argc, argv);
}
