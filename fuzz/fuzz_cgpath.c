/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target for /proc/PID/cgroup and cgroup path helpers (lib/procfs/cgpath): the chosen
 * paths point into the parsed struct, unit names fit their buffer, and a shortened path never
 * exceeds the width it was cut to.  The first byte picks the width. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/procfs/cgpath.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void in_struct(const struct pid_cgroups *cg, const char *p)
{
	const char *lo = (const char *)cg, *hi = lo + sizeof(*cg);
	if (p && *p && (p < lo || p >= hi))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t width = data[0] % 80;
	data++;
	size--;
	char *buf = malloc(size ? size : 1);
	struct pid_cgroups cg;
	char unit[96], cut[128];

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	memset(&cg, 0, sizeof(cg));
	if (pid_cgroup_parse(buf, size, &cg) == 0) {
		const char *mem = pid_cgroup_memory_path(&cg), *up = pid_cgroup_unit_path(&cg);
		in_struct(&cg, mem);
		in_struct(&cg, up);
		cgroup_path_unit(up, unit, sizeof(unit));
		if (strnlen(unit, sizeof(unit)) >= sizeof(unit))
			abort();
		cgroup_path_shorten(cut, sizeof(cut), mem, width);
		if (strlen(cut) > width && width >= 8)
			abort();
	}
	free(buf);
	return 0;
}
