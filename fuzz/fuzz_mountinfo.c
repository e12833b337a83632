/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target for /proc/self/mountinfo (lib/procfs/mountinfo), /proc/self/maps
 * (lib/procfs/procmaps) and PSI files (lib/procfs/psi): the cgroup mount points found are
 * terminated strings within their fields, unescaping never lengthens a string, every mapping
 * read is a range whose path lies inside the input, and PSI averages read are finite and not
 * negative. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/procfs/mountinfo.h"
#include "lib/procfs/procmaps.h"
#include "lib/procfs/psi.h"

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
	const char *pos = buf, *end = buf + size;
	struct procmaps_range r;
	while (procmaps_next(&pos, end, &r) == 1) {
		if (r.end < r.start || r.path < buf || r.path + r.path_len > end || pos > end)
			abort();
	}
	struct psi p;
	if (psi_parse(buf, size, &p) == 0) {
		const struct psi_line *l[] = { &p.some, &p.full };
		for (int i = 0; i < 2; i++)
			if (l[i]->present && !(l[i]->avg10 >= 0 && l[i]->avg60 >= 0 && l[i]->avg300 >= 0 &&
					       l[i]->avg10 < 1e19 && l[i]->avg60 < 1e19 && l[i]->avg300 < 1e19))
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
