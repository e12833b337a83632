/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Terminal width and line fitting (see textfit.h). */
#include "cmd/textfit.h"

#include <errno.h>
#include "cmd/errors.h"
#include "os/core/sysroot.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

size_t textfit_width(void)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	size_t w = TEXTFIT_DEFAULT;

	if (env && *env) {
		char *end;
		unsigned long v = strtoul(env, &end, 10);
		if (!*end && v > 0 && v < 10000)
			w = v;
	} else if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		w = ws.ws_col;
	}
	return w < TEXTFIT_MIN ? TEXTFIT_MIN : w;
}

/* Length of an escape sequence at s (CSI "ESC [ ... final" or a two-byte ESC x), 0 if none. */
static size_t esc_len(const char *s, size_t len)
{
	if (len < 2 || s[0] != '\033')
		return 0;
	if (s[1] != '[')
		return 2;
	size_t i = 2;
	while (i < len && !((unsigned char)s[i] >= 0x40 && (unsigned char)s[i] <= 0x7e))
		i++;
	return i < len ? i + 1 : len;
}

size_t textfit_cols(const char *s, size_t len)
{
	size_t cols = 0;
	for (size_t i = 0; i < len;) {
		size_t e = esc_len(s + i, len - i);
		if (e) {
			i += e;
			continue;
		}
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			cols++;
		i++;
	}
	return cols;
}

static bool word_is(const char *w, size_t n, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == n && memcmp(w, list[i], n) == 0)
			return true;
	return false;
}

size_t textfit_command_len(const char *s)
{
	/* words that are commands, and rarely prose ("kill", "mount", "docker container" are) */
	static const char *const commands[] = { "oomguard", "systemctl", "sysctl", "journalctl", "dmesg",
		"echo", "cat", "choom", "sudo", "df", "du", "ipcs", "slabtop", "numactl", "ps", "sed",
		"grep", "swapon", "mkswap", "fallocate", "tuned-adm", "paste", "ulimit", "prlimit", NULL };
	static const char *const stops[] = { "so", "and", "or", "then", "if", "to", "for", "with", "when",
		"instead", "until", "unless", "which", "that", "as", "before", "after", "below", "above",
		"(the", "(a", "(an", NULL };
	const char *p = s;

	if (*p == '(' || *p == '`')
		p++;
	size_t n = strcspn(p, " \n`,;)");
	if (!word_is(p, n, commands) || (p[n] != ' ' && p[n] != '`'))
		return 0;
	if (*s == '`') {   /* a quoted command ends at its closing quote */
		const char *close = strchr(s + 1, '`');
		return close ? (size_t)(close - s) + 1 : 0;
	}
	/* word by word: a word ending in , ; or ) ends the command (and belongs to it); a clause
	 * word after it ends it too */
	const char *end = p + n;
	while (*end == ' ' && end[1] && end[1] != ' ' && end[1] != '\n') {
		const char *w = end + 1;
		size_t wn = strcspn(w, " \n");
		if (word_is(w, wn, stops) || memchr(w, '\'', wn))
			break;   /* "the oomguard daemon's log" is prose */
		char last = w[wn - 1];
		end = w + wn;
		/* "paste -sd, /sys/..." goes on: a comma ends the command only before prose */
		char next = *end == ' ' ? end[1] : '\0';
		if (last == ',' && (next == '-' || next == '/' || next == '|'))
			continue;
		if (last == ',' || last == ';' || last == ')' || (last == '.' && (!*end || *end == '\n')))
			break;
	}
	if (end == p + n)
		return 0;   /* a command word without arguments is prose */
	return (size_t)(end - s);
}

void textfit_elide(char *dst, size_t cap, const char *s, size_t width)
{
	size_t len = strlen(s);

	if (cap == 0)
		return;
	if (len <= width || width < 5) {
		snprintf(dst, cap, "%.*s", (int)(width < len && width >= 1 ? width : len), s);
		return;
	}
	/* the end of a path or unit name says most ("...api.service"): two thirds for it */
	size_t head = (width - 3) / 3, tail = width - 3 - head;
	snprintf(dst, cap, "%.*s...%s", (int)head, s, s + len - tail);
}

/* Columns of the continuation indent for a line: under the text of "  1. x" or "  - x", under
 * the description of an option-table row ("  -n, --lines N    show N ..."), as deep as a line
 * that is itself a deep continuation, else two deeper than its own indent; at most half the
 * width. */
static size_t hang_of(const char *line, size_t len, size_t width)
{
	size_t lead = 0, hang;
	while (lead < len && line[lead] == ' ')
		lead++;
	const char *p = line + lead;
	size_t digits = 0;
	while (lead + digits < len && p[digits] >= '0' && p[digits] <= '9')
		digits++;
	if (digits && lead + digits + 1 < len && p[digits] == '.' && p[digits + 1] == ' ') {
		hang = lead + digits + 2;
	} else if (lead + 1 < len && (p[0] == '-' || p[0] == '*') && p[1] == ' ') {
		hang = lead + 2;
	} else if (lead >= 8) {
		hang = lead;
	} else {
		hang = lead + 2;
		/* a table row: a short head, two or more spaces, then the description */
		size_t words = 1;
		for (size_t i = lead; lead >= 2 && i + 2 < len && i < 40; i++) {
			if (line[i] == ' ' && line[i + 1] == ' ') {
				size_t d = i;
				while (d < len && line[d] == ' ')
					d++;
				if (words == 1 || p[0] == '-')
					hang = d;
				break;
			}
			words += line[i] == ' ';
		}
	}
	return hang > width / 2 ? width / 2 : hang;
}

static void wrap_line(struct strbuf *out, const char *line, size_t len, size_t width)
{
	size_t hang = hang_of(line, len, width), col = 0, i = 0;
	bool first = true;

	/* the line's own indent stays as it is */
	while (i < len && line[i] == ' ')
		i++;
	/* an indented line that is a command is kept whole, even when longer than a line */
	if (i > 0) {
		char *rest = strndup(line + i, len - i);
		size_t cmd = rest ? textfit_command_len(rest) : 0;
		free(rest);
		if (cmd == len - i) {
			strbuf_add(out, line, len);
			return;
		}
	}
	strbuf_add(out, line, i);
	col = i;
	while (i < len) {
		size_t gap = 0;
		while (i + gap < len && line[i + gap] == ' ')
			gap++;
		if (i + gap >= len)
			break;   /* trailing spaces are dropped */
		const char *u = line + i + gap;
		size_t ulen = 0;
		/* a command is one unit; else a word */
		char *tmp = strndup(u, len - i - gap);
		if (tmp) {
			ulen = textfit_command_len(tmp);
			free(tmp);
		}
		if (!ulen)
			ulen = strcspn(u, " ") < len - i - gap ? strcspn(u, " ") : len - i - gap;
		size_t ucols = textfit_cols(u, ulen);
		if (!first && col + gap + ucols > width && col > hang) {
			strbuf_addf(out, "\n%*s", (int)hang, "");
			col = hang;
		} else {
			strbuf_add(out, line + i, gap);
			col += gap;
		}
		strbuf_add(out, u, ulen);
		col += ucols;
		i += gap + ulen;
		first = false;
	}
}

void textfit_wrap_lines(struct strbuf *out, const char *text, size_t len, size_t width)
{
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
		if (textfit_cols(text + i, n) > width)
			wrap_line(out, text + i, n, width);
		else
			strbuf_add(out, text + i, n);
		if (nl)
			strbuf_addc(out, '\n');
		i += n + (nl ? 1 : 0);
	}
}

int textfit_write_plain(const char *buf, size_t len)
{
	int r = sysroot_write_all(STDOUT_FILENO, buf, len);
	if (r == -EPIPE)   /* a pager quit: not an error */
		return 0;
	return r < 0 ? og_error("standard output", "%s", strerror(-r)) : 0;
}

int textfit_write_stdout(const char *text, size_t len)
{
	struct strbuf out;
	int r;

	strbuf_init(&out);
	textfit_wrap_lines(&out, text, len, textfit_width());
	r = out.failed ? textfit_write_plain(text, len) : textfit_write_plain(out.buf ? out.buf : "", out.len);
	strbuf_free(&out);
	return r;
}
