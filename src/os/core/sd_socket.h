/* SPDX-License-Identifier: GPL-2.0-or-later */
/* systemd's two datagram protocols spoken directly, with libc alone (no libsystemd): messages to
 * the service manager (sd_notify(3) and systemd's doc "The sd_notify protocol"), and structured
 * records to journald (systemd's docs/JOURNAL_NATIVE_PROTOCOL.md).  Nothing here allocates:
 * a send builds its iovecs on the stack over the caller's bytes.  Errors are -errno. */
#ifndef OOMGUARD_SD_SOCKET_H
#define OOMGUARD_SD_SOCKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#define SD_SOCKET_JOURNAL_PATH "/run/systemd/journal/socket"
/* The most fields one journal record may have (sized for the daemon's ~27). */
#define SD_SOCKET_JOURNAL_MAX_FIELDS 32

/* Sends state (one or more "NAME=value" lines, e.g. "READY=1") as one datagram to addr: a
 * socket path ("/run/...") or an abstract name ("@name").  1 when sent; -EINVAL for an empty
 * state or an empty abstract name, -EAFNOSUPPORT for any other form of address (vsock:... is
 * not supported), -ENAMETOOLONG when it does not fit a sockaddr_un, else -errno of socket or
 * sendmsg (-ENOENT: no such socket, -ECONNREFUSED: nobody listens). */
int sd_socket_notify_to(const char *addr, const char *state);
/* The same to $NOTIFY_SOCKET; 0 and nothing sent when it is unset or empty (no manager). */
int sd_socket_notify(const char *state);

/* One datagram of iov to the socket at addr (a path or "@name" as above), never waiting: -EAGAIN
 * when the receiver's queue is full (nothing sent).  0, or -errno of the address, socket or send.
 * The transport of the syslog socket too (os/core/syslog_socket.h). */
int sd_socket_datagram_to(const char *addr, const struct iovec *iov, size_t n);

/* The watchdog the service manager asked for: 1 with *usec set when $WATCHDOG_USEC is set and
 * $WATCHDOG_PID is unset or this process's pid; 0 when there is none (or it is another
 * process's); -EINVAL when either variable is not a positive decimal number. */
int sd_socket_watchdog_usec(uint64_t *usec);

/* Sends one journal record as one datagram to the socket at path (a path or "@name" as above):
 * fields[i] holds "NAME=value", the value any bytes (newlines and NULs included).  A name must
 * be 1-64 characters of A-Z, 0-9 and '_', not starting with '_' or a digit (journald drops
 * others): -EINVAL otherwise, and for a field without '=' or no fields; -E2BIG for more than
 * SD_SOCKET_JOURNAL_MAX_FIELDS.  A record too large for a datagram goes as a sealed memfd.
 * Never waits: -EAGAIN when the receiver's queue is full (the record is not sent).
 * 0, or -errno of the socket, memfd or send. */
int sd_socket_journal_sendv_to(const char *path, const struct iovec *fields, size_t n);
/* The same to journald's socket (SD_SOCKET_JOURNAL_PATH). */
int sd_socket_journal_sendv(const struct iovec *fields, size_t n);
/* True when path is a socket this process may write to (journald's, for the default). */
bool sd_socket_journal_usable_at(const char *path);
bool sd_socket_journal_usable(void);

#endif
