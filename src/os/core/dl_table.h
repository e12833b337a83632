/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Optional libraries loaded on demand (dlopen) into a table of entry points resolved together:
 * libsystemd (os/core/systemd_dl) and libmicrohttpd (os/daemon/metrics_http).  A run that never
 * needs them never maps them. */
#ifndef OOMGUARD_DL_TABLE_H
#define OOMGUARD_DL_TABLE_H

#include <stdbool.h>
#include <stddef.h>

struct dl_sym {
	const char *name;       /* the library's symbol */
	size_t offset;          /* where its address goes in the caller's table */
};
#define DL_SYM(type, field, name) { name, offsetof(type, field) }

/* Loads soname and stores every symbol's address at its offset in table; true when all were
 * found (the library then stays loaded), false with the library unloaded otherwise. */
bool dl_table_load(const char *soname, const struct dl_sym *syms, size_t n, void *table);

#endif
