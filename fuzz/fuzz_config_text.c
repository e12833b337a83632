/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target for the daemon's config file format (lib/policy/config_text, daemon_config):
 * any text either fails with a message or gives a configuration whose printed form
 * (--check-config) reads back to the same printed form, as daemon_config_format promises. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/policy/daemon_config.h"
#include "lib/util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct daemon_config cfg, back;
	struct strbuf a, b;
	char err[512];

	/* No filter for regexes: the parser refuses those glibc's regcomp would build without
	 * bound (lib/util/ere), so whatever gets to regcomp here is the product's doing. */
	if (size > 16384)
		return 0;            /* long inputs only slow the search down */
	daemon_config_defaults(&cfg);
	err[0] = '\0';
	if (daemon_config_parse_text(&cfg, (const char *)data, size, "fuzz.conf", err, sizeof(err)) < 0 ||
	    daemon_config_finish(&cfg, err, sizeof(err)) < 0) {
		if (!err[0] || !memchr(err, '\0', sizeof(err)))
			abort();     /* a refusal always says why */
		daemon_config_free(&cfg);
		return 0;
	}
	strbuf_init(&a);
	daemon_config_format(&cfg, &a);
	daemon_config_defaults(&back);
	if (a.failed ||
	    daemon_config_parse_text(&back, a.buf, a.len, "printed.conf", err, sizeof(err)) < 0 ||
	    daemon_config_finish(&back, err, sizeof(err)) < 0)
		abort();         /* the printed configuration must read back */
	strbuf_init(&b);
	daemon_config_format(&back, &b);
	if (b.failed || a.len != b.len || memcmp(a.buf, b.buf, a.len) != 0)
		abort();
	strbuf_free(&a);
	strbuf_free(&b);
	daemon_config_free(&cfg);
	daemon_config_free(&back);
	return 0;
}
