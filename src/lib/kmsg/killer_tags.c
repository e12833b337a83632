/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The watched program names (see killer_tags.h): a table with each name's length, compared in
 * place, because the syslog reader asks for every line of every other program too. */
#include "lib/kmsg/killer_tags.h"

#include <string.h>

static const struct { const char *name; size_t len; } TAGS[] = {
	{ "systemd-oomd", 12 }, { "systemd", 7 }, { "earlyoom", 8 }, { "nohang", 6 },
	{ "nohang-desktop", 14 }, { "oomd", 4 }, { "lmkd", 4 }, { "lowmemorykiller", 15 },
	{ "oomguard", 8 },
};
#define N_TAGS (sizeof(TAGS) / sizeof(TAGS[0]))

size_t killer_tag_count(void)
{
	return N_TAGS;
}

const char *killer_tag_name(size_t i)
{
	return i < N_TAGS ? TAGS[i].name : "";
}

bool killer_tag_known(const char *tag, size_t len)
{
	for (size_t i = 0; i < N_TAGS; i++)
		if (TAGS[i].len == len && TAGS[i].name[0] == tag[0] && memcmp(TAGS[i].name, tag, len) == 0)
			return true;
	return false;
}

size_t killer_tag_at(const char *p, const char *end)
{
	for (size_t i = 0; i < N_TAGS; i++) {
		size_t n = TAGS[i].len;
		if (TAGS[i].name[0] == p[0] && (size_t)(end - p) > n && (p[n] == '[' || p[n] == ':') &&
		    memcmp(TAGS[i].name, p, n) == 0)
			return n;
	}
	return 0;
}
