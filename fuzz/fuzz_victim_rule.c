/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target for victim rules and command lines (lib/policy/victim_rule): a rule that
 * parses prints as text that parses to the same text, and a command line split into words
 * prints as a line that splits into the same words (argv_format / argv_split). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/policy/daemon_config.h"
#include "lib/util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void rule_roundtrip(const char *text)
{
	struct victim_rule r, r2;
	struct strbuf a, b;
	char err[256];

	if (victim_rule_parse(text, &r, err, sizeof(err)) < 0)
		return;
	strbuf_init(&a);
	victim_rule_format(&r, &a);
	if (a.failed || victim_rule_parse(a.buf, &r2, err, sizeof(err)) < 0)
		abort();
	strbuf_init(&b);
	victim_rule_format(&r2, &b);
	if (b.failed || strcmp(a.buf, b.buf) != 0)
		abort();
	strbuf_free(&a);
	strbuf_free(&b);
	victim_rule_free(&r);
	victim_rule_free(&r2);
}

static void argv_roundtrip(const char *text)
{
	char **v = NULL, **w = NULL, err[256];
	struct strbuf sb;

	if (dcfg_argv_split(text, &v, err, sizeof(err)) < 0)
		return;
	strbuf_init(&sb);
	dcfg_argv_format(v, &sb);
	if (sb.failed || dcfg_argv_split(sb.buf, &w, err, sizeof(err)) < 0)
		abort();
	size_t i = 0;
	for (; v[i] && w[i]; i++)
		if (strcmp(v[i], w[i]) != 0)
			abort();
	if (v[i] || w[i])
		abort();
	strbuf_free(&sb);
	dcfg_argv_free(v);
	dcfg_argv_free(w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* No filter for regexes: the parser refuses those glibc's regcomp would build without
	 * bound (lib/util/ere), so whatever gets to regcomp here is the product's doing. */
	if (size > 4096)
		return 0;            /* long inputs only slow the search down */
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';       /* rules and command lines are C strings (one config line) */
	rule_roundtrip(text);
	argv_roundtrip(text);
	free(text);
	return 0;
}
