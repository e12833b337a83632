/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target for lib/kmsg/journal_entry: arbitrary bytes become journal fields (split at
 * NUL; an empty field ends the entry), and each entry that proves the kernel goes on to the OOM
 * report assembler, as src/os/journal_reader.c does with sd-journal's fields. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/kmsg/journal_entry.h"
#include "lib/oomreport/oom_assembler.h"
#include "lib/oomreport/oom_event.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct journal_entry entry;

static void on_event(struct oom_event *ev, void *userdata)
{
	(void)userdata;
	oom_event_free(ev);
}

static void finish(struct oom_assembler *a)
{
	const struct log_record *r = journal_entry_record(&entry);
	if (r) {
		if (r->msg_len > JOURNAL_MESSAGE_MAX || strlen(r->host) != r->host_len)
			__builtin_trap();
		oom_assembler_feed(a, r);
	}
	journal_entry_start(&entry, LOG_TIME_UNKNOWN);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oom_assembler *a = oom_assembler_new(on_event, NULL);
	const char *p = (const char *)data, *end = p + size;

	if (!a)
		return 0;
	journal_entry_start(&entry, LOG_TIME_UNKNOWN);
	while (p < end) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		size_t len = nul ? (size_t)(nul - p) : (size_t)(end - p);
		if (len == 0)
			finish(a);
		else
			journal_entry_field(&entry, p, len);
		p += len + 1;
	}
	finish(a);
	oom_assembler_flush(a);
	oom_assembler_free(a);
	return 0;
}
