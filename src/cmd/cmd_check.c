/* `oomguard check`: placeholder until issue 4 lands; the owner of issue 4 replaces this file. */
#include "cmd/cli.h"
#include "os/errors.h"

int cmd_check(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return og_error("check", "this subcommand is not in this build yet (issue 4)");
}
