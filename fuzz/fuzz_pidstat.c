/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target for /proc/PID/stat and /proc/PID/status (lib/procfs/pidstat): hostile process
 * names put ')' and newlines in comm, so the parsers must find the last ')' and stay inside the
 * bytes given; a parsed comm is always a terminated string within its field. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/procfs/pidstat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size copy, so a read past the end is caught by ASan */
	char *buf = malloc(size ? size : 1);
	struct pid_stat st;
	struct pid_status ps;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	memset(&st, 0, sizeof(st));
	if (pid_stat_parse(buf, size, &st) == 0) {
		if (strnlen(st.comm, sizeof(st.comm)) >= sizeof(st.comm))
			abort();
		(void)pid_stat_is_kthread(&st);
	}
	memset(&ps, 0, sizeof(ps));
	(void)pid_status_parse(buf, size, &ps);
	free(buf);
	return 0;
}
