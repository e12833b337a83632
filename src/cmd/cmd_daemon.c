/* `oomguard daemon`: placeholder until issue 5 lands; the owner of issue 5 replaces this file. */
#include "cmd/cli.h"
#include "os/errors.h"

int cmd_daemon(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return og_error("daemon", "this subcommand is not in this build yet (issue 5)");
}
