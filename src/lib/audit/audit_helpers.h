/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers the audit rules share (not a public header, except audit_is_critical_service, which
 * audit.h passes on): fixed-field formatting, sizes, sysctl values and their origin, and the
 * sysctl fix that respects where a value is set.  They depend on no rule and not on the runner. */
#ifndef OOMGUARD_AUDIT_HELPERS_H
#define OOMGUARD_AUDIT_HELPERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/audit/finding.h"
#include "lib/audit/snapshot.h"

/* The file our own settings go to when no /etc file sets a key yet. */
#define OOMGUARD_SYSCTL_FILE "/etc/sysctl.d/90-oomguard.conf"

/* snprintf into a fixed field; text that does not fit is cut (fields are for display). */
void audit_fset(char *dst, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* value as a percentage of total (0 when total is 0). */
double audit_pct(uint64_t value, uint64_t total);
/* Human size of a kB count in the findings style (SIZE_ROUNDED): "12 GiB", "1.5 GiB", "512 MiB",
 * "900 KiB". */
const char *audit_kib_human(char *buf, size_t cap, uint64_t kb);
/* True when the snapshot has the setting. */
bool audit_sc_has(const struct audit_snapshot *s, enum sysctl_id id);
int64_t audit_sc_val(const struct audit_snapshot *s, enum sysctl_id id);
/* "(set in FILE line N)", "(the kernel's default)", ... for the measured text. */
const char *audit_sc_origin_text(char *buf, size_t cap, const struct audit_snapshot *s, enum sysctl_id id);
/* Fills the fix of f to set id to value: runtime command, the file to change (the /etc file that
 * sets it now, or our own sysctl.d file), a stale /etc/sysctl.conf line, or the tuned profile. */
void audit_fix_sysctl(struct finding *f, const struct audit_snapshot *s, enum sysctl_id id, const char *value);

/* Database and web-server process names that deserve protection from the OOM killer. */
bool audit_is_critical_service(const char *comm);

#endif
