/* SPDX-License-Identifier: GPL-2.0-or-later */
/* passwd(5) lookup by uid in text already read (the live system uses getpwuid_r instead; this is
 * for a --root tree, whose users are not this machine's). */
#ifndef OOMGUARD_PASSWD_H
#define OOMGUARD_PASSWD_H

#include <stddef.h>
#include <sys/types.h>

/* Copies the name of the first line with that uid into buf; 0, or -ENOENT when none. */
int passwd_name_of_uid(const char *text, size_t len, uid_t uid, char *buf, size_t cap);

#endif
