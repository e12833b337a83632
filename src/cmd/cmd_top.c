/* `oomguard top`: placeholder until issue 2 lands; the owner of issue 2 replaces this file. */
#include "cmd/cli.h"
#include "os/errors.h"

int cmd_top(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return og_error("top", "this subcommand is not in this build yet (issue 2)");
}
