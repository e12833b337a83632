/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libsystemd's journal reader through dlopen (see systemd_dl.h): one table of entry points,
 * resolved together. */
#include "os/core/systemd_dl.h"
#include "os/core/dl_table.h"

#if HAVE_LIBSYSTEMD
#include <stdbool.h>
#include <stddef.h>

const struct systemd_api *systemd_api(void)
{
	static struct systemd_api api;
	static bool tried, ok;
	static const struct dl_sym syms[] = {
#define SYM(field, name) DL_SYM(struct systemd_api, field, name)
		SYM(journal_open, "sd_journal_open"),
		SYM(journal_open_directory, "sd_journal_open_directory"),
		SYM(journal_add_match, "sd_journal_add_match"),
		SYM(journal_add_disjunction, "sd_journal_add_disjunction"),
		SYM(journal_seek_realtime_usec, "sd_journal_seek_realtime_usec"),
		SYM(journal_seek_head, "sd_journal_seek_head"),
		SYM(journal_next, "sd_journal_next"),
		SYM(journal_get_realtime_usec, "sd_journal_get_realtime_usec"),
		SYM(journal_restart_data, "sd_journal_restart_data"),
		SYM(journal_enumerate_available_data, "sd_journal_enumerate_available_data"),
		SYM(journal_close, "sd_journal_close"),
#undef SYM
	};

	if (tried)
		return ok ? &api : NULL;
	tried = true;
	ok = dl_table_load("libsystemd.so.0", syms, sizeof(syms) / sizeof(syms[0]), &api);
	return ok ? &api : NULL;
}
#endif
