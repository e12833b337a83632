/* SPDX-License-Identifier: GPL-2.0-or-later */
/* User names for uids, cached: getpwuid_r() on the live system (so NSS users resolve), and the
 * tree's own etc/passwd under --root.  Falls back to the number. */
#ifndef OOMGUARD_USERNAMES_H
#define OOMGUARD_USERNAMES_H

#include <sys/types.h>

/* The name (or the decimal uid); valid until usernames_free(). */
const char *username_of(uid_t uid);
void usernames_free(void);

#endif
