/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `oomguard daemon`: hands argv to the configuration loader (config file, drop-ins, flags), answers
 * --help and --check-config, then runs the daemon (os/daemon_loop.c) until SIGTERM/SIGINT.  The
 * same code is oomguard-daemon's (src/daemon_main.c); between the two, cmd/daemon_exec.h. */
#include <stdio.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/daemon_exec.h"
#include "cmd/textfit.h"
#include "lib/policy/daemon_config.h"
#include "lib/util/strbuf.h"
#include "os/daemon/daemon_runtime.h"
#include "cmd/errors.h"

static int print_buffer(struct strbuf *sb)
{
	int r = sb->failed ? og_error("daemon", "out of memory") : cli_write_stdout(sb->buf, sb->len);
	strbuf_free(sb);
	return r;
}

/* lean: this is oomguard-daemon, built without the metrics: the full oomguard runs them */
static int run(int argc, char **argv, bool lean)
{
	struct daemon_config cfg;
	struct strbuf out;
	char err[512] = "";

	int r = daemon_config_load(argc, argv, &cfg, err, sizeof(err));
	if (r < 0) {                 /* bad usage or configuration: exit status 2 */
		og_error("daemon", "%s", err[0] ? err : strerror(-r));
		return 2;
	}
	strbuf_init(&out);
	if (cfg.show_help) {
		struct strbuf fit;
		size_t width = textfit_width();
		daemon_config_usage(&out);
		daemon_config_free(&cfg);
		strbuf_init(&fit);   /* --help fits 80 columns */
		textfit_wrap_lines(&fit, out.buf ? out.buf : "", out.len, width < 80 ? width : 80);
		fit.failed |= out.failed;
		strbuf_free(&out);
		return print_buffer(&fit);
	}
	if (cfg.check_config) {
		daemon_config_format(&cfg, &out);
		daemon_config_free(&cfg);
		return print_buffer(&out);
	}
	strbuf_free(&out);
	if (lean && (cfg.metrics_textfile || cfg.metrics_listen)) {
		daemon_config_free(&cfg);
		r = daemon_exec_full(argc, argv);
		return og_error("daemon", "the metrics need the full oomguard, which did not start: %s",
				strerror(-r));
	}
	r = daemon_run(&cfg, argc, argv, err, sizeof(err));
	if (r == DAEMON_RUN_HANDOVER) {          /* a reload asked for the metrics */
		r = daemon_exec_full(argc, argv);
		return og_error("daemon", "the metrics need the full oomguard, which did not start: %s",
				strerror(-r));
	}
	if (r < 0)
		return og_error("daemon", "%s", err[0] ? err : strerror(-r));
	return 0;
}

int cmd_daemon(int argc, char **argv)
{
	/* the daemon runs as oomguard-daemon when it is there; the full one when told so */
	if (!daemon_exec_take_full_flag())
		daemon_exec_lean(argc, argv);
	return run(argc, argv, false);
}

int cmd_daemon_lean(int argc, char **argv)
{
	return run(argc, argv, true);
}
