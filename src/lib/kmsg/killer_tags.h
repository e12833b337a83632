/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The programs whose log lines may tell of OOM kills: the userspace OOM killers (systemd-oomd,
 * earlyoom, nohang, Facebook's oomd, Android's lmkd and the old lowmemorykiller, the oomguard
 * daemon) and systemd's unit manager.  One list for every reader (syslog text, journal). */
#ifndef OOMGUARD_KILLER_TAGS_H
#define OOMGUARD_KILLER_TAGS_H

#include <stdbool.h>
#include <stddef.h>

/* tag (len bytes, no NUL needed) is one of the names. */
bool killer_tag_known(const char *tag, size_t len);
size_t killer_tag_count(void);
const char *killer_tag_name(size_t i);           /* "" past the end */
/* The length of the name p starts with when a '[' or ':' follows it ("earlyoom[12]:"), else 0. */
size_t killer_tag_at(const char *p, const char *end);

#endif
