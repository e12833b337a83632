/* SPDX-License-Identifier: GPL-2.0-or-later */
/* GET /metrics over HTTP through libmicrohttpd (see metrics_http.h).  The library and what it
 * pulls in (gnutls, ...) are mapped only when metrics-listen is set: dlopen, one table of entry
 * points checked against the headers, as os/core/systemd_dl.c does for libsystemd.  Its own
 * thread answers; slow or silent clients time out after METRICS_HTTP_TIMEOUT_S, malformed
 * requests get libmicrohttpd's 400, and a connection that ends without one valid request is
 * reported in one log line (at most BAD_CLIENT_LINES a minute; a count of the others follows). */
#include "os/daemon/metrics_http.h"
#include "os/core/dl_table.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config.h"

#if HAVE_LIBMICROHTTPD
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <microhttpd.h>
#include "lib/util/numparse.h"
#include "lib/util/strbuf.h"

#define METRICS_HTTP_TIMEOUT_S 10u
#define METRICS_HTTP_MAX_CONNECTIONS 16u
#define BAD_CLIENT_WINDOW_S 60
#define BAD_CLIENT_LINES 5

struct mhd_api {
	__typeof__(MHD_start_daemon) *start_daemon;
	__typeof__(MHD_stop_daemon) *stop_daemon;
	__typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
	__typeof__(MHD_add_response_header) *add_response_header;
	__typeof__(MHD_queue_response) *queue_response;
	__typeof__(MHD_destroy_response) *destroy_response;
	__typeof__(MHD_get_connection_info) *get_connection_info;
};

static const struct mhd_api *mhd_api(void)
{
	static struct mhd_api api;
	static bool tried, ok;
	static const struct dl_sym syms[] = {
#define SYM(field, name) DL_SYM(struct mhd_api, field, name)
		SYM(start_daemon, "MHD_start_daemon"),
		SYM(stop_daemon, "MHD_stop_daemon"),
		SYM(create_response_from_buffer, "MHD_create_response_from_buffer"),
		SYM(add_response_header, "MHD_add_response_header"),
		SYM(queue_response, "MHD_queue_response"),
		SYM(destroy_response, "MHD_destroy_response"),
		SYM(get_connection_info, "MHD_get_connection_info"),
#undef SYM
	};
	if (tried)          /* called from the daemon's main thread only */
		return ok ? &api : NULL;
	tried = true;
	ok = dl_table_load("libmicrohttpd.so.12", syms, sizeof(syms) / sizeof(syms[0]), &api);
	return ok ? &api : NULL;
}

struct metrics_http {
	const struct mhd_api *api;
	struct MHD_Daemon *mhd;
	struct metrics_http_owner owner;
	int fd;
	pthread_mutex_t bad_lock;
	unsigned bad_lines, bad_unlogged;    /* in the window that began at bad_window */
	time_t bad_window;
};

struct conn_state {
	bool served;            /* a request was answered on this connection */
	char peer[64];
};

static void say(struct metrics_http *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct metrics_http *h, const char *fmt, ...)
{
	char line[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	h->owner.message(h->owner.ctx, line);
}

static void note_bad_client(struct metrics_http *h, const struct conn_state *cs)
{
	time_t now = time(NULL);
	pthread_mutex_lock(&h->bad_lock);
	if (now - h->bad_window >= BAD_CLIENT_WINDOW_S) {
		if (h->bad_unlogged)
			say(h, "metrics-listen: %u more clients sent no valid HTTP request in %d s",
			    h->bad_unlogged, BAD_CLIENT_WINDOW_S);
		h->bad_window = now;
		h->bad_lines = h->bad_unlogged = 0;
	}
	if (h->bad_lines < BAD_CLIENT_LINES) {
		h->bad_lines++;
		say(h, "metrics-listen: client %s sent no valid HTTP request (nothing within %u s, or "
		    "garbage); connection closed", cs->peer, METRICS_HTTP_TIMEOUT_S);
	} else {
		h->bad_unlogged++;
	}
	pthread_mutex_unlock(&h->bad_lock);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct metrics_http *h = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		struct conn_state *cs = calloc(1, sizeof(*cs));
		*socket_context = cs;
		if (!cs)
			return;
		snprintf(cs->peer, sizeof(cs->peer), "?");
		const union MHD_ConnectionInfo *ci =
			h->api->get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci && ci->client_addr) {
			const struct sockaddr *sa = ci->client_addr;
			if (sa->sa_family == AF_INET)
				inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
					  cs->peer, sizeof(cs->peer));
			else if (sa->sa_family == AF_INET6)
				inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
					  cs->peer, sizeof(cs->peer));
		}
		return;
	}
	struct conn_state *cs = *socket_context;
	if (cs && !cs->served)
		note_bad_client(h, cs);
	free(cs);
	*socket_context = NULL;
}

static enum MHD_Result reply(struct metrics_http *h, struct MHD_Connection *conn, unsigned status,
			     const char *type, const char *body, size_t len)
{
	struct MHD_Response *resp = h->api->create_response_from_buffer(len, (void *)body,
									MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	h->api->add_response_header(resp, "Content-Type", type);
	enum MHD_Result r = h->api->queue_response(conn, status, resp);
	h->api->destroy_response(resp);
	return r;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **req_cls)
{
	static int first;
	struct metrics_http *h = cls;
	if (*req_cls == NULL) {          /* headers are in; answer on the next call */
		*req_cls = &first;
		return MHD_YES;
	}
	const union MHD_ConnectionInfo *ci =
		h->api->get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (ci && ci->socket_context)
		((struct conn_state *)ci->socket_context)->served = true;
	if (*upload_data_size) {         /* a body: not ours to read */
		*upload_data_size = 0;
		return MHD_YES;
	}
	static const char text[] = "text/plain; charset=utf-8";
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return reply(h, conn, 405, text, "only GET\n", 9);
	if (strcmp(url, "/") == 0)
		return reply(h, conn, 200, text, "oomguard: metrics at /metrics\n", 30);
	if (strcmp(url, "/metrics") != 0)
		return reply(h, conn, 404, text, "not found; metrics at /metrics\n", 31);
	struct strbuf sb;
	strbuf_init(&sb);
	h->owner.render(h->owner.ctx, &sb);
	enum MHD_Result r = sb.failed ? reply(h, conn, 500, text, "out of memory\n", 14) :
			    reply(h, conn, 200, "text/plain; version=0.0.4; charset=utf-8", sb.buf, sb.len);
	strbuf_free(&sb);
	return r;
}

/* Binds HOST:PORT ourselves: a port in use is then EADDRINUSE, said plainly. */
static int bind_listen(const char *addr, char *err, size_t errlen)
{
	char host[64];
	const char *colon = strrchr(addr, ':');
	struct sockaddr_storage ss;
	socklen_t sl;
	memset(&ss, 0, sizeof(ss));
	if (!colon || (size_t)(colon - addr) >= sizeof(host)) {
		snprintf(err, errlen, "not HOST:PORT");
		return -EINVAL;
	}
	int port;
	if (numparse_int_range(colon + 1, 1, 65535, &port) < 0) {
		snprintf(err, errlen, "port \"%s\" is not a number from 1 to 65535", colon + 1);
		return -EINVAL;
	}
	size_t hl = (size_t)(colon - addr);
	memcpy(host, addr, hl);
	host[hl] = '\0';
	if (host[0] == '[') {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		host[hl - 1] = '\0';
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1)
			return snprintf(err, errlen, "bad address"), -EINVAL;
		sl = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
			return snprintf(err, errlen, "bad address"), -EINVAL;
		sl = sizeof(*s4);
	}
	int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return snprintf(err, errlen, "socket: %s", strerror(errno)), -errno;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0 || listen(fd, 16) < 0) {
		int r = -errno;
		snprintf(err, errlen, "%s", strerror(errno));
		close(fd);
		return r;
	}
	return fd;
}

int metrics_http_start(struct metrics_http **out, const char *listen,
		       const struct metrics_http_owner *owner, char *err, size_t errlen)
{
	*out = NULL;
	const struct mhd_api *api = mhd_api();
	if (!api) {
		snprintf(err, errlen, "libmicrohttpd.so.12 cannot be loaded (install libmicrohttpd12)");
		return -ENOTSUP;
	}
	struct metrics_http *h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->api = api;
	h->owner = *owner;
	pthread_mutex_init(&h->bad_lock, NULL);
	h->fd = bind_listen(listen, err, errlen);
	if (h->fd < 0) {
		int r = h->fd;
		free(h);
		return r;
	}
	h->mhd = api->start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL, 0, NULL, NULL,
				   on_request, h,
				   MHD_OPTION_LISTEN_SOCKET, h->fd,
				   MHD_OPTION_CONNECTION_TIMEOUT, METRICS_HTTP_TIMEOUT_S,
				   MHD_OPTION_CONNECTION_LIMIT, METRICS_HTTP_MAX_CONNECTIONS,
				   MHD_OPTION_NOTIFY_CONNECTION, on_connection, h,
				   MHD_OPTION_THREAD_STACK_SIZE, (size_t)(256 * 1024),
				   MHD_OPTION_END);
	if (!h->mhd) {
		snprintf(err, errlen, "libmicrohttpd would not start");
		close(h->fd);
		free(h);
		return -EIO;
	}
	*out = h;
	return 0;
}

void metrics_http_stop(struct metrics_http *h)
{
	if (!h)
		return;
	h->api->stop_daemon(h->mhd);     /* closes the listening socket too */
	pthread_mutex_destroy(&h->bad_lock);
	free(h);
}

#else   /* built without libmicrohttpd */

int metrics_http_start(struct metrics_http **out, const char *listen,
		       const struct metrics_http_owner *owner, char *err, size_t errlen)
{
	*out = NULL;
	snprintf(err, errlen, "this oomguard was built without libmicrohttpd");
	return -ENOTSUP;
}

void metrics_http_stop(struct metrics_http *h)
{
}

#endif
