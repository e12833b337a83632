/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Human-readable sizes of kB counts in the few styles the commands show ("1.5G" in lists,
 * "1.5 GiB" in prose, ...): one function, so each style is chosen by name and written once.
 * Pure: formats into the caller's buffer. */
#ifndef OOMGUARD_UNITS_H
#define OOMGUARD_UNITS_H

#include <stddef.h>
#include <stdint.h>

enum size_style {
	SIZE_SHORT,    /* "1.5G", "812.0M", "512K": one-line lists (events) */
	SIZE_LONG,     /* "1.5 GiB", "812.0 MiB", "512 KiB": sentences (explain) */
	SIZE_CELL,     /* "0", "512K", "80M", "1.2G": narrow table columns (top) */
	SIZE_ROUNDED,  /* "12 GiB", "1.5 GiB", "640 MiB", "512 KiB": findings (check, report) */
};

/* Written as "?"; the same value as OOM_UNSET, so unset report fields pass straight in. */
#define SIZE_UNKNOWN INT64_MIN

/* Writes kb kibibytes (1024 bytes, the kernel's "kB") in the given style into buf, always
 * NUL-terminated, and returns buf. */
const char *units_size_kib(char *buf, size_t cap, int64_t kb, enum size_style style);

/* An unsigned count for size_kib: above INT64_MAX (no real size; UINT64_MAX is the daemon's and
 * the procfs parsers' "not measured") is SIZE_UNKNOWN. */
static inline int64_t units_from_u64(uint64_t kb)
{
	return kb > (uint64_t)INT64_MAX ? SIZE_UNKNOWN : (int64_t)kb;
}

#endif
