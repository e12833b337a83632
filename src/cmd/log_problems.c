/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Log-source problems as the user reads them (see log_problems.h). */
#include "cmd/log_problems.h"

#include <errno.h>
#include <string.h>

#include "cmd/errors.h"
#include "os/logs/logreader.h"

int log_problems_print(const struct oom_source_status *st)
{
	int rc = 0;
	for (unsigned i = 0; i < st->n_problems; i++) {
		const struct oom_source_problem *p = &st->problems[i];
		unsigned long long line = (unsigned long long)p->line;
		if (p->err == -ENOTSUP) {
			rc = og_error(p->name, "gzip-compressed, and this build has no zlib");
		} else if (p->err == -EBADMSG && p->line == 0) {
			rc = og_error(p->name, "corrupt or truncated gzip data: no line could be read");
		} else if (p->err == -EBADMSG) {
			og_error(p->name, "warning: corrupt or truncated gzip data after line %llu; "
				 "the kills before it are shown", line);
		} else if (p->err < 0 && p->line == 0) {
			rc = og_error_errno(p->name, p->err);
		} else if (p->err < 0) {
			rc = og_error(p->name, "read failed after line %llu: %s; the kills before it are shown",
				      line, strerror(-p->err));
		}
		if (p->cut > 0)
			og_error(p->name, "warning: line %llu is longer than %u MiB and was read cut short "
				 "(%llu such line%s)", (unsigned long long)p->first_cut,
				 LOGREADER_BUF_SIZE >> 20, (unsigned long long)p->cut, p->cut == 1 ? "" : "s");
	}
	if (st->problems_lost)
		og_note("%u more log sources could not be read whole", st->problems_lost);
	return rc;
}
