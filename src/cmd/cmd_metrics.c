/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `oomguard metrics`: the daemon's Prometheus metrics about the machine, once, without the
 * daemon (for cron or node_exporter's textfile collector): memory, pressure, the kernel's OOM
 * kills since boot, check's findings.  --textfile writes them atomically instead of printing. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/errors.h"
#include "lib/policy/metrics_text.h"
#include "lib/util/strbuf.h"
#include "os/daemon/metrics_collect.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: oomguard metrics [--textfile FILE] [--no-findings]\n\n"
		"Print the machine's OOM metrics once in the Prometheus text format (doc/metrics.md):\n"
		"memory and swap, memory pressure, the kernel's OOM kills since boot by scope and\n"
		"constraint, and check's findings by severity.  The daemon publishes the same and its own.\n\n"
		"  --textfile FILE  write FILE atomically (for node_exporter's textfile collector)\n"
		"  --no-findings    leave out check's findings (they read every process)\n"
		"  -h, --help       this help\n");
}

int cmd_metrics(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "textfile", required_argument, NULL, 't' },
		{ "no-findings", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *textfile = NULL;
	bool findings = true;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			textfile = optarg;
			break;
		case 'n':
			findings = false;
			break;
		case 'h':
			return cli_usage_exit(usage, true);
		default:
			return cli_usage_exit(usage, false);
		}
	}
	if (optind < argc) {
		og_error(argv[optind], "unexpected argument; see `oomguard metrics --help`");
		return 2;
	}

	struct metrics_collector *mc;
	struct metrics_state m;
	if (metrics_collector_new(&mc) < 0)
		return og_error("metrics", "out of memory");
	memset(&m, 0, sizeof(m));
	metrics_collect(mc, &m, true, 0);
	if (!findings)
		m.have_findings = false;
	int kerr = metrics_collector_kmsg_err(mc);
	metrics_collector_free(mc);
	if (kerr < 0)
		fprintf(stderr, "oomguard: /dev/kmsg: %s; the kernel's OOM kills are left out\n",
			strerror(-kerr));

	struct strbuf out;
	strbuf_init(&out);
	metrics_text_write(&m, &out);
	int r;
	if (out.failed) {
		r = og_error("metrics", "out of memory");
	} else if (textfile) {
		int w = metrics_textfile_write(textfile, out.buf, out.len);
		r = w < 0 ? og_error_errno(textfile, w) : 0;
	} else {
		r = cli_write_stdout(out.buf, out.len);
	}
	strbuf_free(&out);
	return r;
}
