/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The parsers' refusal with a message (see errmsg.h). */
#include "lib/util/errmsg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

int errmsg_einval(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (err && errlen)
		vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}
