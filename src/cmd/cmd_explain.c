/* `oomguard explain`: placeholder until issue 3 lands; the owner of issue 3 replaces this file. */
#include "cmd/cli.h"
#include "os/errors.h"

int cmd_explain(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return og_error("explain", "this subcommand is not in this build yet (issue 3)");
}
