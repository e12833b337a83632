/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Strict number and size parsing shared by parsers and option handling: whole-string matches only,
 * so "12abc" or an overflow is an error (-EINVAL / -ERANGE), never a silent partial value. */
#ifndef OOMGUARD_NUMPARSE_H
#define OOMGUARD_NUMPARSE_H

#include <stddef.h>
#include <stdint.h>

int numparse_i64(const char *s, int64_t *out);
int numparse_u64(const char *s, uint64_t *out);
int numparse_int_range(const char *s, int lo, int hi, int *out);
/* "512", "512K", "1.5G", "200MiB" -> bytes (binary units; no suffix means bytes). */
int numparse_size_bytes(const char *s, uint64_t *out);
/* Parses a leading unsigned decimal in [s, end); sets *next past it.  Returns -EINVAL if none. */
int numparse_scan_u64(const char *s, const char *end, uint64_t *out, const char **next);
/* Trims ASCII white space from both ends in place; returns s. */
char *numparse_trim_ws(char *s);

#endif
