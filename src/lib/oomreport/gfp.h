/* SPDX-License-Identifier: GPL-2.0-or-later */
/* GFP mask decoding for OOM reports.  Kernels 4.6+ print the flag names themselves (%pGg);
 * older kernels print a bare hex mask, decoded here with the bit layout of its era
 * (include/linux/gfp.h: 2.6-4.3 in three layouts, and 4.4-4.5 after the reclaim-flag split). */
#ifndef OOMGUARD_GFP_H
#define OOMGUARD_GFP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes "GFP_KERNEL|__GFP_ZERO" style names for mask into out, or "undecoded" when the mask does
 * not fit a known layout.  Returns true when decoded. */
bool gfp_decode_legacy(uint64_t mask, char *out, size_t cap);
/* True when the names (as printed or decoded) say the request could enter direct reclaim and
 * use filesystems, i.e. it was an ordinary sleeping allocation such as GFP_KERNEL. */
bool gfp_names_can_reclaim_fs(const char *names);

#endif
