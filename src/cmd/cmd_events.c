/* `oomguard events`: placeholder until issue 3 lands; the owner of issue 3 replaces this file. */
#include "cmd/cli.h"
#include "os/errors.h"

int cmd_events(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return og_error("events", "this subcommand is not in this build yet (issue 3)");
}
