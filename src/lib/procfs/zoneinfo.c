/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parser for /proc/zoneinfo: "Node N, zone NAME" headers, then indented "key value" lines. */
#include "lib/procfs/zoneinfo.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "lib/util/numparse.h"

bool zone_is_lowmem(const struct zone_info *z)
{
	return strcmp(z->name, "DMA") == 0 || strcmp(z->name, "DMA32") == 0 ||
	       strcmp(z->name, "Normal") == 0;
}

/* Line without leading blanks; *key is its first word, the value follows it. */
static void zone_field(struct zone_info *z, const char *line, const char *eol)
{
	static const struct { const char *key; size_t off; } fields[] = {
		{ "pages free", offsetof(struct zone_info, free) },
		{ "min", offsetof(struct zone_info, min) },
		{ "low", offsetof(struct zone_info, low) },
		{ "high", offsetof(struct zone_info, high) },
		{ "spanned", offsetof(struct zone_info, spanned) },
		{ "present", offsetof(struct zone_info, present) },
		{ "managed", offsetof(struct zone_info, managed) },
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		size_t kl = strlen(fields[i].key);
		if ((size_t)(eol - line) > kl && memcmp(line, fields[i].key, kl) == 0 && line[kl] == ' ') {
			const char *v = line + kl;
			while (v < eol && *v == ' ')
				v++;
			uint64_t val;
			if (numparse_scan_u64(v, eol, &val, NULL) == 0)
				*(uint64_t *)((char *)z + fields[i].off) = val;
			return;
		}
	}
}

int zoneinfo_parse(const char *text, size_t len, struct zoneinfo *out)
{
	const char *p = text, *end = text + len;
	struct zone_info *cur = NULL;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		if ((size_t)(eol - p) > 5 && memcmp(p, "Node ", 5) == 0) {
			char line[128], name[16];
			int node;
			size_t n = (size_t)(eol - p) < sizeof(line) - 1 ? (size_t)(eol - p) : sizeof(line) - 1;
			memcpy(line, p, n);
			line[n] = '\0';
			cur = NULL;
			if (sscanf(line, "Node %d, zone %15s", &node, name) == 2) {
				if (out->n < ZONEINFO_MAX_ZONES) {
					cur = &out->zone[out->n++];
					cur->node = node;
					snprintf(cur->name, sizeof(cur->name), "%s", name);
				} else {
					out->truncated = true;
				}
			}
		} else if (cur) {
			const char *q = p;
			while (q < eol && (*q == ' ' || *q == '\t'))
				q++;
			/* per-cpu pagesets follow the zone counters; their "high:" lines are not watermarks */
			if (q > p && q < eol)
				zone_field(cur, q, eol);
		}
		p = eol + (nl ? 1 : 0);
	}
	return out->n ? (int)out->n : -EINVAL;
}
