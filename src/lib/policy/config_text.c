/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The config file format: `key = value` lines, keys being the daemon's long option names;
 * blank lines and lines starting with '#' or ';' are ignored (a '#' later in a line is part of
 * the value, since regexes use it).  An optional [daemon] section header is accepted.  Pure:
 * text in, struct out; errors name FILE:LINE and the key. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/policy/daemon_config.h"
#include "lib/util/numparse.h"

#define LINE_MAX_LEN 4096

int daemon_config_parse_text(struct daemon_config *cfg, const char *text, size_t len,
			     const char *filename, char *err, size_t errlen)
{
	char line[LINE_MAX_LEN + 1], problem[256];
	const char *p = text, *end = text + len;
	unsigned lineno = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		lineno++;
		if (n > LINE_MAX_LEN) {
			snprintf(err, errlen, "%s:%u: line longer than %d bytes", filename, lineno, LINE_MAX_LEN);
			return -EINVAL;
		}
		memcpy(line, p, n);
		line[n] = '\0';
		p = nl ? nl + 1 : end;
		if (memchr(line, '\0', n)) {
			snprintf(err, errlen, "%s:%u: NUL byte in line", filename, lineno);
			return -EINVAL;
		}
		char *s = numparse_trim_ws(line);
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			if (strcmp(s, "[daemon]") == 0 || strcmp(s, "[oomguard]") == 0)
				continue;
			snprintf(err, errlen, "%s:%u: %s: unknown section (only [daemon])", filename, lineno, s);
			return -EINVAL;
		}
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%u: %.64s: expected key = value", filename, lineno, s);
			return -EINVAL;
		}
		*eq = '\0';
		char *key = numparse_trim_ws(s), *value = numparse_trim_ws(eq + 1);
		if (!*key) {
			snprintf(err, errlen, "%s:%u: missing key before '='", filename, lineno);
			return -EINVAL;
		}
		/* a value wholly in double quotes loses them: path = "/a b" (rules and commands keep
		 * theirs: DOPT_KEEP_QUOTES) */
		size_t vl = strlen(value);
		const struct daemon_option *o = daemon_option_find(key);
		bool keep_quotes = o && (o->flags & DOPT_KEEP_QUOTES);
		if (!keep_quotes && vl >= 2 && value[0] == '"' && value[vl - 1] == '"') {
			value[vl - 1] = '\0';
			value++;
		}
		int r = daemon_config_set(cfg, key, value, problem, sizeof(problem));
		if (r == -ENOENT) {
			snprintf(err, errlen, "%s:%u: %.64s: unknown key", filename, lineno, key);
			return -EINVAL;
		}
		if (r == -ENOMEM)
			return r;
		if (r < 0) {
			snprintf(err, errlen, "%s:%u: %.64s: %s", filename, lineno, key, problem);
			return -EINVAL;
		}
	}
	return 0;
}
