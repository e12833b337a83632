/* The daemon's metrics over HTTP (metrics-listen): libmicrohttpd, loaded with dlopen only when
 * the endpoint is configured, serves GET /metrics from its own thread.  The listening socket is
 * bound here first, so a port in use or a bad address is one clear message. */
#ifndef OOMGUARD_METRICS_HTTP_H
#define OOMGUARD_METRICS_HTTP_H

#include <stddef.h>

struct metrics_daemon;
struct metrics_http;

/* listen is "HOST:PORT" or "[V6]:PORT" (daemon_config's normalised form).  0, or -errno with
 * "problem" in err (the caller names the setting). */
int metrics_http_start(struct metrics_http **out, const char *listen, struct metrics_daemon *md,
		       char *err, size_t errlen);
void metrics_http_stop(struct metrics_http *h);

#endif
