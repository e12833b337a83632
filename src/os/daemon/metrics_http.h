/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's metrics over HTTP (metrics-listen): libmicrohttpd, loaded with dlopen only when
 * the endpoint is configured, serves GET /metrics from its own thread.  The listening socket is
 * bound here first, so a port in use or a bad address is one clear message. */
#ifndef OOMGUARD_METRICS_HTTP_H
#define OOMGUARD_METRICS_HTTP_H

#include <stddef.h>

struct strbuf;
struct metrics_http;

/* What the endpoint asks of its owner (os/daemon/metrics_daemon.c), from libmicrohttpd's
 * thread: the whole exposition into out; one line for the daemon's log. */
struct metrics_http_owner {
	void (*render)(void *ctx, struct strbuf *out);
	void (*message)(void *ctx, const char *line);
	void *ctx;
};

/* listen is "HOST:PORT" or "[V6]:PORT" (daemon_config's normalised form).  0, or -errno with
 * "problem" in err (the caller names the setting). */
int metrics_http_start(struct metrics_http **out, const char *listen,
		       const struct metrics_http_owner *owner, char *err, size_t errlen);
void metrics_http_stop(struct metrics_http *h);

#endif
