/* `oomguard protect`: placeholder until issue 2 lands; the owner of issue 2 replaces this file. */
#include "cmd/cli.h"
#include "os/errors.h"

int cmd_protect(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return og_error("protect", "this subcommand is not in this build yet (issue 2)");
}
