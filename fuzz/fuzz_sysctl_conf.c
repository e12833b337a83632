/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target for sysctl.d files and tuned.conf profiles (lib/audit/sysctl_conf): every
 * assignment handed out is a terminated key and value on a line that exists, the count returned
 * is the number of assignments, and the include= profile name fits its buffer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/audit/sysctl_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	unsigned calls, lines;
};

static void on_assign(const char *key, const char *value, unsigned line, void *ud)
{
	struct seen *s = ud;
	s->calls++;
	if (!key || !value || line == 0 || line > s->lines || strlen(key) + strlen(value) > 1u << 20)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	char include[128];
	struct seen s = { 0, 1 };

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	for (size_t i = 0; i < size; i++)
		s.lines += buf[i] == '\n';
	int n = sysctl_conf_parse(buf, size, on_assign, &s);
	if (n < 0 || (unsigned)n != s.calls)
		abort();
	s.calls = 0;
	memset(include, 'x', sizeof(include));
	n = tuned_conf_parse(buf, size, on_assign, &s, include, sizeof(include));
	if (n >= 0 && (unsigned)n != s.calls)
		abort();
	if (strnlen(include, sizeof(include)) >= sizeof(include))
		abort();
	free(buf);
	return 0;
}
