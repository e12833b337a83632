/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libsystemd's journal reader, loaded only when something reads the journal (dlopen of
 * libsystemd.so.0): `oomguard events` and the full daemon's metrics of other killers.  Linked,
 * libsystemd and the compression and crypto libraries it pulls in would be mapped into every
 * run.  The daemon's notifications and journal records need no library (os/core/sd_socket.h).
 * The build still needs the headers (HAVE_LIBSYSTEMD); the prototypes are checked against them. */
#ifndef OOMGUARD_SYSTEMD_DL_H
#define OOMGUARD_SYSTEMD_DL_H

#include "config.h"

#if HAVE_LIBSYSTEMD
#include <systemd/sd-journal.h>

struct systemd_api {
	__typeof__(sd_journal_open) *journal_open;
	__typeof__(sd_journal_open_directory) *journal_open_directory;
	__typeof__(sd_journal_add_match) *journal_add_match;
	__typeof__(sd_journal_add_disjunction) *journal_add_disjunction;
	__typeof__(sd_journal_seek_realtime_usec) *journal_seek_realtime_usec;
	__typeof__(sd_journal_seek_head) *journal_seek_head;
	__typeof__(sd_journal_next) *journal_next;
	__typeof__(sd_journal_get_realtime_usec) *journal_get_realtime_usec;
	__typeof__(sd_journal_restart_data) *journal_restart_data;
	__typeof__(sd_journal_enumerate_available_data) *journal_enumerate_available_data;
	__typeof__(sd_journal_close) *journal_close;
};

/* Loads libsystemd on the first call (later calls return the same answer); NULL when it is not
 * installed or lacks a symbol.  Not thread-safe: call it from one thread. */
const struct systemd_api *systemd_api(void);
#endif

#endif
