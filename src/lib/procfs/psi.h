/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Pressure stall information (/proc/pressure/memory, <cgroup>/memory.pressure) as a struct.
 * Documentation/accounting/psi.rst.  A missing file means an old kernel or psi=0: callers keep
 * `present = false` rather than failing. */
#ifndef OOMGUARD_PSI_H
#define OOMGUARD_PSI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct psi_line {
	bool present;
	double avg10, avg60, avg300;  /* percent */
	uint64_t total_us;            /* cumulative stall time */
};

struct psi {
	bool present;
	struct psi_line some, full;   /* full is absent for the cpu resource on old kernels */
};

int psi_parse(const char *text, size_t len, struct psi *out);

#endif
