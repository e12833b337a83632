/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The parsers' way to refuse input: the one-line message into the caller's buffer, -EINVAL back,
 * so "return errmsg_einval(err, errlen, ...)" both explains and fails. */
#ifndef OOMGUARD_ERRMSG_H
#define OOMGUARD_ERRMSG_H

#include <stddef.h>

/* Formats the message into err (errlen bytes, always terminated; NULL or 0: no message) and
 * returns -EINVAL. */
int errmsg_einval(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
