/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Self-contained HTML pages for `explain --html` and `report --html`: escaping of hostile text,
 * the page frame (inline CSS, light/dark by prefers-color-scheme, print rules, a Content-Security-
 * Policy that allows no script and no network), and inline-SVG charts that always come with a
 * table of the same numbers (their text alternative).  Pure: appends to a strbuf. */
#ifndef OOMGUARD_HTML_H
#define OOMGUARD_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/util/strbuf.h"

/* Text from the system as HTML text or attribute value: control bytes, backslash and invalid
 * UTF-8 as visible \n \t \\ \xNN (as the terminal views show them), then & < > " ' as entities. */
void html_text(struct strbuf *sb, const char *s);
void html_textn(struct strbuf *sb, const char *s, size_t len);
/* Text that is already terminal-safe (made by safetext_terminal: no control bytes, valid
 * UTF-8): only & < > " ' become entities, so escapes are not doubled. */
void html_safe_text(struct strbuf *sb, const char *s, size_t len);
/* An id/fragment made of [0-9A-Za-z_-] only (others dropped). */
void html_id(struct strbuf *sb, const char *s);

void html_page_begin(struct strbuf *sb, const char *title);
void html_page_end(struct strbuf *sb);

/* One part of a stacked bar or one bar of a bar chart.  value in the unit of the chart (kB,
 * points, ...); css names a colour class of the page (c1..c9, "victim", "free", "other"). */
struct html_part {
	const char *label;          /* raw text, escaped when written */
	int64_t value;              /* < 0 or INT64_MIN: not shown in the chart, "-" in the table */
	const char *css;
	bool mark;                  /* drawn outlined and marked in the table (the victim) */
	const char *note;           /* extra table column text, or NULL */
};

/* A horizontal stacked bar of parts out of total (total <= 0: their sum), with a legend, then a
 * table: label, value (exact, with unit), share of total.  id: the figure's id attribute. */
void html_stacked_bar(struct strbuf *sb, const char *id, const char *title, const char *unit,
		      const struct html_part *parts, size_t n, int64_t total);
/* One horizontal bar per part, scaled to the largest; then the same table. */
void html_bar_chart(struct strbuf *sb, const char *id, const char *title, const char *unit,
		    const struct html_part *parts, size_t n);

/* One stacked bar per row, all on one scale: rows x cols values (row-major), cols named and
 * coloured by col_labels/col_css; a row marked is outlined.  Then a table: row, each col, sum. */
void html_stacked_rows(struct strbuf *sb, const char *id, const char *title, const char *unit,
		       const char *const *row_labels, const bool *row_mark, size_t rows,
		       const char *const *col_labels, const char *const *col_css, size_t cols,
		       const int64_t *values);

/* <tag>text</tag> and a newline, the text escaped as html_text does. */
void html_element(struct strbuf *sb, const char *tag, const char *text);
/* A table's opening: a muted caption and a header row of n column names (both the program's
 * own words, written as they are), then <tbody>; the caller adds the rows and "</tbody></table>". */
void html_table_head(struct strbuf *sb, const char *caption, const char *const *cols, size_t n);

/* "20.1 GiB" for a kB count (the explain text's units). */
void html_size_kib(struct strbuf *sb, int64_t kb);

#endif
