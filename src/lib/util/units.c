/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Human-readable sizes (see units.h): the styles differ only in unit names, the space before
 * them and how many decimals each magnitude gets. */
#include "lib/util/units.h"

#include <stdbool.h>
#include <stdio.h>

const char *units_size_kib(char *buf, size_t cap, int64_t kb, enum size_style style)
{
	bool spelled = style == SIZE_LONG || style == SIZE_ROUNDED;
	const char *space = spelled ? " " : "";

	if (!cap)
		return buf;
	if (kb == SIZE_UNKNOWN)
		snprintf(buf, cap, "?");
	else if (style == SIZE_CELL && kb == 0)
		snprintf(buf, cap, "0");
	else if (kb >= 1024 * 1024)
		snprintf(buf, cap, "%.*f%s%s", style == SIZE_ROUNDED && kb >= 10 * 1024 * 1024 ? 0 : 1,
			 (double)kb / (1024.0 * 1024.0), space, spelled ? "GiB" : "G");
	else if (kb >= 1024)
		snprintf(buf, cap, "%.*f%s%s", style == SIZE_CELL || style == SIZE_ROUNDED ? 0 : 1,
			 (double)kb / 1024.0, space, spelled ? "MiB" : "M");
	else
		snprintf(buf, cap, "%lld%s%s", (long long)kb, space, spelled ? "KiB" : "K");
	return buf;
}
