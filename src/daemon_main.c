/* SPDX-License-Identifier: GPL-2.0-or-later */
/* oomguard-daemon: `oomguard daemon` as an executable of its own, linked with only the daemon's
 * code and libc, so what it touches at rest is a few dense pages (bench/idle_footprint.sh).
 * Takes the daemon's options and the global --root and --color as oomguard does (cmd/cli). */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/cli.h"
#include "cmd/errors.h"
#include "os/core/sysroot.h"

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	cli.root = getenv("OOMGUARD_ROOT");
	if (cli_take_global_options(&argc, argv))
		return 2;
	argv[0] = (char *)"daemon";
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
