/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Messages to the local syslog socket (/dev/log: rsyslog, syslog-ng, or journald's), in the
 * form libc's syslog(3) sends, but never waiting: libc's send blocks while the syslog daemon
 * does not read (stalled when memory is short), and with it the oomguard daemon's next kill. */
#ifndef OOMGUARD_SYSLOG_SOCKET_H
#define OOMGUARD_SYSLOG_SOCKET_H

#include <stddef.h>
#include <time.h>

#define SYSLOG_SOCKET_PATH "/dev/log"

/* "<PRI>Mmm dd hh:mm:ss IDENT[PID]: TEXT" (RFC 3164's form; PRI = facility | priority, the
 * month in English whatever the locale) into buf, cut to cap - 1 bytes and NUL-terminated.
 * Returns the length written.  No I/O. */
size_t syslog_socket_format(char *buf, size_t cap, int facility, int priority, const struct tm *local,
			    const char *ident, long pid, const char *text);
/* Sends one message (stamped with the local time now, this process's pid) as one datagram to
 * the socket at path.  -EAGAIN when the syslog daemon's queue is full (the message is dropped),
 * else 0 or -errno of the send (-ENOENT, -ECONNREFUSED: no syslog daemon). */
int syslog_socket_send_to(const char *path, int facility, int priority, const char *ident,
			  const char *text);
int syslog_socket_send(int facility, int priority, const char *ident, const char *text);

#endif
