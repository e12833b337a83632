/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text output fitted to the terminal: the width to use (COLUMNS, else the terminal's own, else
 * 80), middle elision for table cells, and a last pass that wraps any longer line at spaces while
 * never breaking a command someone would paste ("systemctl set-property x.service MemoryMax=..."). */
#ifndef OOMGUARD_TEXTFIT_H
#define OOMGUARD_TEXTFIT_H

#include <stddef.h>
#include "lib/util/strbuf.h"

#define TEXTFIT_DEFAULT 80
#define TEXTFIT_MIN 40

/* COLUMNS when it is a number (the user asks for that width), else the width of the terminal on
 * stdout, else 80; never under 40. */
size_t textfit_width(void);
/* Columns that text takes on a terminal: escape sequences take none, a UTF-8 character one. */
size_t textfit_cols(const char *s, size_t len);
/* Bytes of a pasteable command that starts at s (a known command word, optionally after '(' or
 * '`', and its arguments up to a clause word such as "so" or "and", or a word ending in ',' ';'
 * or ')'), 0 when s starts none. */
size_t textfit_command_len(const char *s);
/* Writes s into dst cut to width columns, a third kept from its start and two from its end
 * ("/syst...api.service"); s is plain ASCII or already escaped. */
void textfit_elide(char *dst, size_t cap, const char *s, size_t width);
/* Appends text to out, every line wider than width wrapped at spaces: continuation lines are
 * indented under the text of a "  1. " or "  - " item, else two columns deeper than the line;
 * a command is never broken (it may overrun the width when it is longer than a line). */
void textfit_wrap_lines(struct strbuf *out, const char *text, size_t len, size_t width);

/* The whole buffer to standard output as it is (EPIPE is silent: a pager quit); 0, or 1 after
 * printing the error. */
int textfit_write_plain(const char *buf, size_t len);
/* Writes text to stdout fitted to textfit_width(); 0, or 1 after printing the error. */
int textfit_write_stdout(const char *text, size_t len);

#endif
