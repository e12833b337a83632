/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reads the sysctl configuration (sysctl.d directories, /etc/sysctl.conf) and the active tuned
 * profile through sysroot, and records for each setting of the snapshot which file sets it,
 * with what value, and whether the running value is the kernel's, a file's, tuned's or a hand-set
 * one (lib/audit/sysctl_conf.h has the precedence). */
#ifndef OOMGUARD_SYSCTL_SOURCES_H
#define OOMGUARD_SYSCTL_SOURCES_H

#include "lib/audit/snapshot.h"

/* Fills origin, file, line, file_value and tuned_value of every s->sc[] already read, and
 * s->tuned_profile.  Unreadable files are noted in s->notes.  Returns 0. */
int sysctl_sources_resolve(struct audit_snapshot *s);

#endif
