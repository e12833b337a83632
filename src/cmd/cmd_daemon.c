/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `oomguard daemon`: hands argv to the configuration loader (config file, drop-ins, flags), answers
 * --help and --check-config, then runs the daemon (os/daemon_loop.c) until SIGTERM/SIGINT. */
#include <stdio.h>
#include <string.h>

#include "cmd/cli.h"
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

int cmd_daemon(int argc, char **argv)
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
	r = daemon_run(&cfg, argc, argv, err, sizeof(err));
	if (r < 0)
		return og_error("daemon", "%s", err[0] ? err : strerror(-r));
	return 0;
}
