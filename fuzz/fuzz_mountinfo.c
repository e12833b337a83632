/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target for /proc/self/mountinfo (lib/procfs/mountinfo): the cgroup mount points it
 * finds are terminated strings within their fields, and unescaping never lengthens a string. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/procfs/mountinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	struct cgroup_mounts m;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	memset(&m, 0, sizeof(m));
	if (mountinfo_find_cgroups(buf, size, &m) == 0) {
		if (strnlen(m.unified, sizeof(m.unified)) >= sizeof(m.unified) ||
		    strnlen(m.memory_v1, sizeof(m.memory_v1)) >= sizeof(m.memory_v1) ||
		    strnlen(m.pids_v1, sizeof(m.pids_v1)) >= sizeof(m.pids_v1))
			abort();
	}
	buf[size] = '\0';
	size_t before = strlen(buf);
	mountinfo_unescape(buf);
	if (strlen(buf) > before)
		abort();
	free(buf);
	return 0;
}
