/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What events and explain say about log sources that could not be read whole: one line each on
 * stderr (a file that cannot be opened, a read that failed part way, a truncated .gz, lines cut
 * to the reader's buffer), and the exit status "no log source could be read". */
#ifndef OOMGUARD_LOG_PROBLEMS_H
#define OOMGUARD_LOG_PROBLEMS_H

#include "os/logs/oom_sources.h"

/* Exit status of events and explain when not one log source could be read. */
#define EXIT_NO_SOURCE 3

/* Prints a line per problem in st.  Returns 1 when a source could not be read at all or failed
 * part way for another reason than corrupt gzip data (an error), 0 for warnings only. */
int log_problems_print(const struct oom_source_status *st);

#endif
