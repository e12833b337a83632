/* SPDX-License-Identifier: GPL-2.0-or-later */
/* passwd(5) lookup by uid (see passwd.h).  Lines are name:passwd:uid:gid:gecos:home:shell. */
#include "lib/util/passwd.h"

#include <errno.h>
#include <string.h>
#include "lib/util/numparse.h"

int passwd_name_of_uid(const char *text, size_t len, uid_t uid, char *buf, size_t cap)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		const char *c1 = memchr(p, ':', (size_t)(eol - p));
		const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(eol - c1 - 1)) : NULL;
		const char *c3 = c2 ? memchr(c2 + 1, ':', (size_t)(eol - c2 - 1)) : NULL;
		uint64_t v;
		const char *next;
		if (c3 && c1 > p && numparse_scan_u64(c2 + 1, c3, &v, &next) == 0 && next == c3 && v == uid) {
			size_t n = (size_t)(c1 - p);
			if (n >= cap)
				return -ENAMETOOLONG;
			memcpy(buf, p, n);
			buf[n] = '\0';
			return 0;
		}
		p = nl ? nl + 1 : end;
	}
	return -ENOENT;
}
