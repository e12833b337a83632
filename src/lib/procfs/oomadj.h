/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What `oomguard protect` writes, as pure functions: the value for /proc/PID/oom_score_adj or the
 * legacy oom_adj, systemd unit names taken from cgroup paths (hostile input: checked before they
 * become file names), and the systemd drop-in that makes the value persistent, with the marker
 * comment that lets --undo remove only the drop-ins oomguard wrote. */
#ifndef OOMGUARD_OOMADJ_H
#define OOMGUARD_OOMADJ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OOMADJ_DROPIN_NAME "50-oomguard.conf"
#define OOMADJ_DROPIN_MARKER "# Written by oomguard protect"

/* Text to write: "N\n" of score_adj, or of its legacy oom_adj equivalent (-17..15) when legacy. */
void oomadj_value_text(int score_adj, bool legacy, char *buf, size_t cap);
/* A systemd service name that is safe as a file name: [A-Za-z0-9:_.\-@] only (systemd's unit-name
 * alphabet, plus '\' of its escapes), ends in ".service", no leading '.', under 256 bytes. */
bool oomadj_unit_is_service(const char *unit);
/* "/etc/systemd/system/<unit>.d/50-oomguard.conf"; -ENAMETOOLONG / -EINVAL for a bad unit. */
int oomadj_dropin_path(const char *unit, char *buf, size_t cap);
/* The drop-in's whole text for score_adj. */
void oomadj_dropin_text(int score_adj, char *buf, size_t cap);
/* True when text (a drop-in's content) starts with oomguard's marker line. */
bool oomadj_dropin_is_ours(const char *text, size_t len);
/* True when a process holding rss_kib + swap_kib is too large for oom_score_adj -1000: over a
 * quarter (h) of RAM + swap, so the kernel kills everything else first, or finds nothing and
 * panics.  `check` (process.large_unkillable) and `protect` both judge by this. */
bool oomadj_too_large_to_protect(uint64_t rss_kib, uint64_t swap_kib, uint64_t ram_kib, uint64_t swap_total_kib);

#endif
