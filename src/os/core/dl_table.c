/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dlopen and one pass of dlsym over a caller's table (see dl_table.h). */
#include "os/core/dl_table.h"

#include <dlfcn.h>

bool dl_table_load(const char *soname, const struct dl_sym *syms, size_t n, void *table)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return false;
	for (size_t i = 0; i < n; i++) {
		void *p = dlsym(h, syms[i].name);
		if (!p) {
			dlclose(h);
			return false;
		}
		/* POSIX: a dlsym result may be used as a function pointer */
		*(void **)((char *)table + syms[i].offset) = p;
	}
	return true;
}
