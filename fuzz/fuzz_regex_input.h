/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the fuzz targets whose input reaches regcomp (config text, victim rules): the filter
 * for inputs that only measure glibc's regex engine, not the parser under test. */
#ifndef OOMGUARD_FUZZ_REGEX_INPUT_H
#define OOMGUARD_FUZZ_REGEX_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* glibc's regcomp takes time and memory exponential in stacked quantifiers ("a++++++", found by
 * these targets: over 1 GiB); that is the regex library's limit, reported apart, not a bug of the
 * parsers.  True for an input with a run of four quantifier characters, which is left out. */
static inline int fuzz_stacked_quantifiers(const uint8_t *data, size_t size)
{
	size_t run = 0;
	for (size_t i = 0; i < size; i++) {
		run = strchr("+*?{}", data[i]) && data[i] ? run + 1 : 0;
		if (run >= 4)
			return 1;
	}
	return 0;
}

#endif
