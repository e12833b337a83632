/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The local syslog socket's message form and its non-blocking send (see syslog_socket.h); the
 * form follows RFC 3164 section 4.1 (PRI, TIMESTAMP, then TAG and content). */
#include "os/core/syslog_socket.h"

#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "os/core/sd_socket.h"

size_t syslog_socket_format(char *buf, size_t cap, int facility, int priority, const struct tm *local,
			    const char *ident, long pid, const char *text)
{
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	if (cap == 0)
		return 0;
	int mon = local->tm_mon >= 0 && local->tm_mon < 12 ? local->tm_mon : 0;
	int n = snprintf(buf, cap, "<%d>%s %2d %02d:%02d:%02d %s[%ld]: %s", (facility & ~7) | (priority & 7),
			 months[mon], local->tm_mday, local->tm_hour, local->tm_min, local->tm_sec, ident,
			 pid, text);
	if (n < 0) {
		buf[0] = '\0';
		return 0;
	}
	return (size_t)n < cap ? (size_t)n : cap - 1;
}

int syslog_socket_send_to(const char *path, int facility, int priority, const char *ident,
			  const char *text)
{
	char buf[4096];
	struct tm local;
	time_t now = time(NULL);
	if (!localtime_r(&now, &local))
		memset(&local, 0, sizeof(local));
	size_t n = syslog_socket_format(buf, sizeof(buf), facility, priority, &local, ident, (long)getpid(), text);
	struct iovec iov = { .iov_base = buf, .iov_len = n };
	return sd_socket_datagram_to(path, &iov, 1);
}

int syslog_socket_send(int facility, int priority, const char *ident, const char *text)
{
	return syslog_socket_send_to(SYSLOG_SOCKET_PATH, facility, priority, ident, text);
}
