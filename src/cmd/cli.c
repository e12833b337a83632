/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared command-layer helpers (see cli.h). */
#include "cmd/cli.h"

#include <errno.h>
#include <getopt.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/util/safetext.h"
#include "lib/util/strbuf.h"
#include "lib/util/units.h"
#include "cmd/errors.h"
#include "cmd/textfit.h"

struct cli_globals cli = { .color = COLOR_AUTO, .root = NULL };

int cli_set_color(const char *when)
{
	if (strcmp(when, "auto") == 0)
		cli.color = COLOR_AUTO;
	else if (strcmp(when, "always") == 0)
		cli.color = COLOR_ALWAYS;
	else if (strcmp(when, "never") == 0)
		cli.color = COLOR_NEVER;
	else
		return og_error("--color", "'%s' is not auto, always or never", when) + 1;
	return 0;
}

int cli_take_global_options(int *argc, char **argv)
{
	int out = 1;
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i], *val = NULL;
		bool root = false, color = false;
		if (strcmp(a, "--") == 0) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (strcmp(a, "--root") == 0 || strncmp(a, "--root=", 7) == 0)
			root = true;
		else if (strcmp(a, "--color") == 0 || strncmp(a, "--color=", 8) == 0 ||
			 strcmp(a, "--colour") == 0 || strncmp(a, "--colour=", 9) == 0)
			color = true;
		if (!root && !color) {
			argv[out++] = argv[i];
			continue;
		}
		if (strchr(a, '='))
			val = strchr(a, '=') + 1;
		else if (i + 1 < *argc)
			val = argv[++i];
		else
			return og_error(root ? "--root" : "--color", "needs a value") + 1;
		if (root)
			cli.root = val;
		else if (cli_set_color(val))
			return 2;
	}
	argv[out] = NULL;
	*argc = out;
	return 0;
}

bool cli_use_color(FILE *f)
{
	if (cli.color == COLOR_ALWAYS)
		return true;
	if (cli.color == COLOR_NEVER)
		return false;
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return false;
	const char *term = getenv("TERM");
	if (term && !*term)
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fileno(f));
}

const char *cli_sgr(const char *seq)
{
	static int on = -1;
	if (on < 0)
		on = cli_use_color(stdout);
	return on ? seq : "";
}

int cli_write_stdout(const char *buf, size_t len)
{
	return textfit_write_plain(buf, len);
}

/* Whether the usage text lists the short option -c (as "-c," or "-c N"). */
static bool usage_lists_short(void (*usage)(FILE *f), int c)
{
	char *text = NULL, pat[4] = { ' ', '-', (char)c, '\0' };
	size_t len = 0;
	bool hit = false;
	FILE *m = open_memstream(&text, &len);

	if (!m)
		return false;
	usage(m);
	fclose(m);
	for (const char *p = text; p && (p = strstr(p, pat)) != NULL; p += 3)
		if (p[3] == ',' || p[3] == ' ')
			hit = true;
	free(text);
	return hit;
}

int cli_write_output(const char *path, const char *buf, size_t len)
{
	char tmp[4096];
	size_t off = 0;
	int fd, e = 0;

	if (!path || strcmp(path, "-") == 0)
		return cli_write_stdout(buf, len);
	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp))
		return og_error(path, "%s", strerror(ENAMETOOLONG));
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return og_error(path, "%s", strerror(errno));
	while (off < len && e == 0) {
		ssize_t n = write(fd, buf + off, len - off);
		if (n < 0 && errno != EINTR)
			e = errno;
		else if (n > 0)
			off += (size_t)n;
	}
	if (e == 0 && fchmod(fd, 0644) < 0)
		e = errno;
	if (close(fd) < 0 && e == 0)
		e = errno;
	if (e == 0 && rename(tmp, path) < 0)
		e = errno;
	if (e) {
		unlink(tmp);
		return og_error(path, "%s", strerror(e));
	}
	return 0;
}

int cli_write_text(const char *path, const char *buf, size_t len)
{
	if (!path || strcmp(path, "-") == 0)
		return textfit_write_stdout(buf, len);
	return cli_write_output(path, buf, len);
}

int cli_usage_exit(void (*usage)(FILE *f), bool help)
{
	char opt[64], msg[128];
	const char *cmd = cli.cmd ? cli.cmd : "";
	const char *arg = cli.argv && optind >= 1 && optind - 1 < cli.argc ? cli.argv[optind - 1] : "";
	enum { UNKNOWN, NEEDS, TAKES_NONE } kind = UNKNOWN;

	if (help) {
		/* --help fits 80 columns (fewer on a narrower terminal) */
		char *text = NULL;
		size_t len = 0, width = textfit_width();
		FILE *m = open_memstream(&text, &len);
		if (!m) {
			usage(stdout);
			return 0;
		}
		usage(m);
		fclose(m);
		struct strbuf out;
		strbuf_init(&out);
		textfit_wrap_lines(&out, text ? text : "", len, width < 80 ? width : 80);
		int r = out.failed ? cli_write_stdout(text, len) : cli_write_stdout(out.buf ? out.buf : "", out.len);
		strbuf_free(&out);
		free(text);
		return r;
	}
	if (strncmp(arg, "--", 2) == 0) {
		/* a long option: getopt leaves optopt 0 when it knows no such name */
		char raw[64];
		snprintf(raw, sizeof(raw), "%.*s", (int)strcspn(arg, "="), arg);
		safetext_terminal_buf(opt, sizeof(opt), raw);   /* the user's bytes, shown as data */
		if (optopt)
			kind = strchr(arg, '=') ? TAKES_NONE : NEEDS;
	} else {
		/* a short option that needs a value can only miss it as the very last argument */
		snprintf(opt, sizeof(opt), "-%c", optopt > ' ' && optopt < 127 ? optopt : '?');
		if (optind >= cli.argc && arg[0] && arg[strlen(arg) - 1] == optopt &&
		    usage_lists_short(usage, optopt))
			kind = NEEDS;
	}
	if (kind == UNKNOWN)
		snprintf(msg, sizeof(msg), "unknown option %s", opt);
	else
		snprintf(msg, sizeof(msg), "option %s %s", opt, kind == NEEDS ? "needs a value" : "takes no value");
	fprintf(stderr, "oomguard%s%s: %s (see oomguard%s%s --help)\n", *cmd ? " " : "", cmd, msg,
		*cmd ? " " : "", cmd);
	return 2;
}

#define CLI_BAR_WIDTH 40

void cli_bar_row(struct strbuf *sb, const char *label, uint64_t kb, uint64_t total, const char *color)
{
	char size[32];
	uint64_t cells = total ? (uint64_t)((double)kb * CLI_BAR_WIDTH / (double)total + 0.5) : 0;

	if (cells > CLI_BAR_WIDTH)
		cells = CLI_BAR_WIDTH;
	if (cells == 0 && kb > 0)
		cells = 1;
	units_size_kib(size, sizeof(size), units_from_u64(kb), SIZE_LONG);
	strbuf_addf(sb, "  %-14s %s", label, cli_sgr(color));
	for (uint64_t i = 0; i < cells; i++)
		strbuf_adds(sb, "\u2588");
	strbuf_adds(sb, cli_sgr("\033[0m"));
	for (uint64_t i = cells; i < CLI_BAR_WIDTH; i++)
		strbuf_adds(sb, "\u00b7");
	strbuf_addf(sb, " %10s %3.0f%%\n", size, total ? (double)kb * 100.0 / (double)total : 0.0);
}
