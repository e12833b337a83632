/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Between `oomguard daemon` and oomguard-daemon (see daemon_exec.h): the other executable is
 * looked for beside /proc/self/exe, so a build directory and an installed bindir both work. */
#include "cmd/daemon_exec.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cmd/cli.h"

bool daemon_exec_take_full_flag(void)
{
	const char *v = getenv(DAEMON_FULL_ENV);
	bool full = v && *v;
	unsetenv(DAEMON_FULL_ENV);
	return full;
}

/* path = the folder of this executable + "/" + name */
static int sibling(const char *name, char *path, size_t cap)
{
	ssize_t n = readlink("/proc/self/exe", path, cap - 1);
	if (n < 0)
		return -errno;
	path[n] = '\0';
	char *slash = strrchr(path, '/');
	if (!slash || (size_t)(slash - path) + 1 + strlen(name) + 1 > cap)
		return -ENAMETOOLONG;
	strcpy(slash + 1, name);
	return 0;
}

/* argv for the other executable: name, [--root DIR], [extra], then argv[1..] */
static int run_sibling(const char *name, const char *extra, int argc, char **argv)
{
	char path[PATH_MAX];
	int r = sibling(name, path, sizeof(path));
	if (r < 0)
		return r;
	char **nargv = calloc((size_t)argc + 5, sizeof(*nargv));
	if (!nargv)
		return -ENOMEM;
	int k = 0;
	nargv[k++] = (char *)name;
	if (cli.root && *cli.root) {
		nargv[k++] = (char *)"--root";
		nargv[k++] = (char *)cli.root;
	}
	if (extra)
		nargv[k++] = (char *)extra;
	for (int i = 1; i < argc; i++)
		nargv[k++] = argv[i];
	nargv[k] = NULL;
	execv(path, nargv);
	r = -errno;
	free(nargv);
	return r;
}

int daemon_exec_lean(int argc, char **argv)
{
	return run_sibling(DAEMON_LEAN_NAME, NULL, argc, argv);
}

int daemon_exec_full(int argc, char **argv)
{
	if (setenv(DAEMON_FULL_ENV, "1", 1) < 0)
		return -errno;
	int r = run_sibling("oomguard", "daemon", argc, argv);
	unsetenv(DAEMON_FULL_ENV);
	return r;
}
