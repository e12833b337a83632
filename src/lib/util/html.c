/* SPDX-License-Identifier: GPL-2.0-or-later */
/* HTML pages and inline-SVG charts (html.h).  No script, no external resource: the page's
 * Content-Security-Policy forbids both, so a file opened from disk or a mail makes no request. */
#include <stdio.h>
#include <string.h>

#include "lib/util/html.h"
#include "lib/util/safetext.h"
#include "lib/util/units.h"

void html_safe_text(struct strbuf *sb, const char *s, size_t len)
{
	for (size_t i = 0; s && i < len; i++) {
		char c = s[i];
		switch (c) {
		case '&': strbuf_adds(sb, "&amp;"); break;
		case '<': strbuf_adds(sb, "&lt;"); break;
		case '>': strbuf_adds(sb, "&gt;"); break;
		case '"': strbuf_adds(sb, "&quot;"); break;
		case '\'': strbuf_adds(sb, "&#39;"); break;
		default: strbuf_addc(sb, c);
		}
	}
}

void html_textn(struct strbuf *sb, const char *s, size_t len)
{
	struct strbuf t;

	strbuf_init(&t);
	safetext_terminal(&t, s, len);
	if (t.buf)
		html_safe_text(sb, t.buf, t.len);
	if (t.failed)
		sb->failed = true;
	strbuf_free(&t);
}

void html_text(struct strbuf *sb, const char *s)
{
	html_textn(sb, s ? s : "", s ? strlen(s) : 0);
}

void html_id(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++)
		if ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    *s == '-' || *s == '_')
			strbuf_addc(sb, *s);
}

void html_element(struct strbuf *sb, const char *tag, const char *text)
{
	strbuf_addf(sb, "<%s>", tag);
	html_text(sb, text);
	strbuf_addf(sb, "</%s>\n", tag);
}

void html_table_head(struct strbuf *sb, const char *caption, const char *const *cols, size_t n)
{
	strbuf_addf(sb, "<table><caption class=\"muted\">%s</caption><thead><tr>", caption);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "<th scope=\"col\">%s</th>", cols[i]);
	strbuf_adds(sb, "</tr></thead><tbody>\n");
}

void html_size_kib(struct strbuf *sb, int64_t kb)
{
	char b[32];
	strbuf_adds(sb, units_size_kib(b, sizeof(b), kb, SIZE_LONG));
}

static const char page_css[] =
	":root{color-scheme:light dark;--fg:#1b1f24;--bg:#ffffff;--muted:#5b636d;--line:#d0d5db;"
	"--panel:#f4f6f8;--c1:#c0392b;--c2:#2e86c1;--c3:#8e44ad;--c4:#d68910;--c5:#16a085;"
	"--c6:#7f8c8d;--c7:#b9770e;--c8:#5d6d7e;--c9:#1e8449;--free:#58d68d;--other:#aab7b8;"
	"--victim:#e74c3c;--warn:#9a6700}"
	"@media (prefers-color-scheme:dark){:root{--fg:#e6e9ec;--bg:#14171a;--muted:#9aa4ae;"
	"--line:#39424b;--panel:#1d2227;--c1:#ec7063;--c2:#5dade2;--c3:#bb8fce;--c4:#f5b041;"
	"--c5:#48c9b0;--c6:#aab7b8;--c7:#dc7633;--c8:#85929e;--c9:#52be80;--free:#2ecc71;"
	"--other:#717d7e;--victim:#ff6f61;--warn:#f1c40f}}"
	"body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
	"color:var(--fg);background:var(--bg);margin:0 auto;max-width:62rem;padding:1rem 1.2rem;"
	"line-height:1.45}"
	"h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin:1.6rem 0 .5rem;"
	"border-bottom:1px solid var(--line)}h3{font-size:1.05rem;margin:1rem 0 .4rem}"
	"p,li{margin:.3rem 0}.muted{color:var(--muted)}.warn{color:var(--warn);font-weight:600}"
	".verdict{font-size:1.1rem;font-weight:600;background:var(--panel);padding:.6rem .8rem;"
	"border-left:4px solid var(--c1)}"
	"table{border-collapse:collapse;margin:.4rem 0 .8rem;font-size:.9rem}"
	"th,td{border:1px solid var(--line);padding:.15rem .45rem;text-align:left;vertical-align:top}"
	"td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
	"tr.mark td{font-weight:700}"
	"figure{margin:.6rem 0}figcaption{font-weight:600;margin-bottom:.2rem}"
	"svg{max-width:100%;height:auto;display:block}svg text{fill:var(--fg);font-size:12px}"
	".c1{fill:var(--c1)}.c2{fill:var(--c2)}.c3{fill:var(--c3)}.c4{fill:var(--c4)}"
	".c5{fill:var(--c5)}.c6{fill:var(--c6)}.c7{fill:var(--c7)}.c8{fill:var(--c8)}"
	".c9{fill:var(--c9)}.free{fill:var(--free)}.other{fill:var(--other)}"
	".victim{fill:var(--victim)}.marked{stroke:var(--fg);stroke-width:2}"
	".axis{stroke:var(--muted);stroke-width:1}.wm{stroke-width:2}.wmin{stroke:var(--c1)}"
	".wlow{stroke:var(--c4)}.whigh{stroke:var(--c9)}.dot{stroke:var(--bg);stroke-width:1}"
	"pre,code{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.85rem}"
	"pre{background:var(--panel);padding:.5rem .7rem;overflow-x:auto;white-space:pre-wrap;"
	"word-break:break-all}pre.cmd{user-select:all;border-left:3px solid var(--c2)}"
	"details{margin:.3rem 0}summary{cursor:pointer;color:var(--muted)}"
	"section{break-inside:avoid-page}"
	"@media print{body{max-width:none;font-size:10pt}details{display:block}"
	"a{color:inherit;text-decoration:none}h2{break-after:avoid}figure,table{break-inside:avoid}}";

void html_page_begin(struct strbuf *sb, const char *title)
{
	strbuf_adds(sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		    "style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<meta name=\"generator\" content=\"oomguard\">\n<title>");
	html_text(sb, title);
	strbuf_adds(sb, "</title>\n<style>");
	strbuf_adds(sb, page_css);
	strbuf_adds(sb, "</style>\n</head>\n<body>\n");
}

void html_page_end(struct strbuf *sb)
{
	strbuf_adds(sb, "<p class=\"muted\">Made by oomguard; the same numbers as its --json output.</p>\n"
		    "</body>\n</html>\n");
}

static void cell_value(struct strbuf *sb, int64_t v, const char *unit)
{
	if (v < 0)
		strbuf_adds(sb, "<td class=\"n\">-</td>");
	else
		strbuf_addf(sb, "<td class=\"n\">%lld %s</td>", (long long)v, unit);
}

static void parts_table(struct strbuf *sb, const char *title, const char *unit, const struct html_part *p,
			size_t n, int64_t total)
{
	bool notes = false;
	for (size_t i = 0; i < n; i++)
		notes |= p[i].note != NULL;
	strbuf_adds(sb, "<table><caption class=\"muted\">");
	html_text(sb, title);
	strbuf_adds(sb, " (table)</caption><thead><tr><th scope=\"col\">part</th><th scope=\"col\">");
	html_text(sb, unit);
	strbuf_adds(sb, "</th>");
	if (total > 0)
		strbuf_adds(sb, "<th scope=\"col\">share</th>");
	if (notes)
		strbuf_adds(sb, "<th scope=\"col\">note</th>");
	strbuf_adds(sb, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		strbuf_adds(sb, p[i].mark ? "<tr class=\"mark\"><td>" : "<tr><td>");
		html_text(sb, p[i].label);
		strbuf_adds(sb, "</td>");
		cell_value(sb, p[i].value, unit);
		if (total > 0) {
			if (p[i].value >= 0)
				strbuf_addf(sb, "<td class=\"n\">%.1f%%</td>", 100.0 * (double)p[i].value / (double)total);
			else
				strbuf_adds(sb, "<td class=\"n\">-</td>");
		}
		if (notes) {
			strbuf_adds(sb, "<td>");
			html_text(sb, p[i].note ? p[i].note : "");
			strbuf_adds(sb, "</td>");
		}
		strbuf_adds(sb, "</tr>\n");
	}
	if (total > 0) {
		strbuf_adds(sb, "<tr><td>total</td>");
		cell_value(sb, total, unit);
		strbuf_adds(sb, "<td class=\"n\">100%</td>");
		if (notes)
			strbuf_adds(sb, "<td></td>");
		strbuf_adds(sb, "</tr>\n");
	}
	strbuf_adds(sb, "</tbody></table>\n");
}

static void figure_begin(struct strbuf *sb, const char *id, const char *title, int w, int h)
{
	strbuf_adds(sb, "<figure id=\"");
	html_id(sb, id);
	strbuf_adds(sb, "\"><figcaption>");
	html_text(sb, title);
	strbuf_addf(sb, "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		    "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"", w, h, w, h);
	html_text(sb, title);
	strbuf_adds(sb, "\"><title>");
	html_text(sb, title);
	strbuf_adds(sb, "</title>\n");
}

static void rect_title(struct strbuf *sb, const struct html_part *p, const char *unit)
{
	strbuf_adds(sb, "<title>");
	html_text(sb, p->label);
	strbuf_addf(sb, ": %lld ", (long long)p->value);
	html_text(sb, unit);
	strbuf_adds(sb, "</title>");
}

void html_stacked_bar(struct strbuf *sb, const char *id, const char *title, const char *unit,
		      const struct html_part *parts, size_t n, int64_t total)
{
	const int W = 720, BAR = 34, LEG = 20;
	double sum = 0;
	size_t shown = 0;

	for (size_t i = 0; i < n; i++)
		if (parts[i].value > 0) {
			sum += (double)parts[i].value;
			shown++;
		}
	if (total > 0 && (double)total > sum)
		sum = (double)total;
	int rows = (int)((shown + 1) / 2);
	figure_begin(sb, id, title, W, BAR + 10 + rows * LEG + 4);
	double x = 0;
	for (size_t i = 0; i < n && sum > 0; i++) {
		if (parts[i].value <= 0)
			continue;
		double w = (double)W * (double)parts[i].value / sum;
		strbuf_addf(sb, "<rect class=\"%s%s\" x=\"%.2f\" y=\"0\" width=\"%.2f\" height=\"%d\">",
			    parts[i].css ? parts[i].css : "other", parts[i].mark ? " marked" : "", x, w, BAR);
		rect_title(sb, &parts[i], unit);
		strbuf_adds(sb, "</rect>\n");
		x += w;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (parts[i].value <= 0)
			continue;
		int lx = (int)(k % 2) * (W / 2), ly = BAR + 10 + (int)(k / 2) * LEG;
		strbuf_addf(sb, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"12\" height=\"12\"/>"
			    "<text x=\"%d\" y=\"%d\">", parts[i].css ? parts[i].css : "other", lx, ly, lx + 16, ly + 11);
		html_text(sb, parts[i].label);
		strbuf_addf(sb, " %.1f%%</text>\n", sum > 0 ? 100.0 * (double)parts[i].value / sum : 0.0);
		k++;
	}
	strbuf_adds(sb, "</svg>\n");
	parts_table(sb, title, unit, parts, n, total > 0 ? total : (int64_t)sum);
	strbuf_adds(sb, "</figure>\n");
}

void html_bar_chart(struct strbuf *sb, const char *id, const char *title, const char *unit,
		    const struct html_part *parts, size_t n)
{
	const int W = 720, LABEL = 190, ROW = 22;
	int64_t max = 0;

	for (size_t i = 0; i < n; i++)
		if (parts[i].value > max)
			max = parts[i].value;
	figure_begin(sb, id, title, W, (int)n * ROW + 4);
	for (size_t i = 0; i < n; i++) {
		int y = (int)i * ROW;
		double w = max > 0 && parts[i].value > 0 ? (double)(W - LABEL - 120) * (double)parts[i].value / (double)max : 0;
		strbuf_addf(sb, "<text x=\"0\" y=\"%d\">", y + 15);
		struct strbuf lab;
		strbuf_init(&lab);
		html_text(&lab, parts[i].label);
		/* cut long labels in the chart; the table has them whole */
		if (lab.buf && strlen(parts[i].label) > 26) {
			html_textn(sb, parts[i].label, 24);
			strbuf_adds(sb, "…");
		} else if (lab.buf) {
			strbuf_add(sb, lab.buf, lab.len);
		}
		strbuf_free(&lab);
		strbuf_addf(sb, "%s</text><rect class=\"%s%s\" x=\"%d\" y=\"%d\" width=\"%.2f\" height=\"%d\">",
			    parts[i].mark ? " ◀" : "", parts[i].css ? parts[i].css : "c2",
			    parts[i].mark ? " marked" : "", LABEL, y + 3, w, ROW - 6);
		rect_title(sb, &parts[i], unit);
		strbuf_adds(sb, "</rect>");
		if (parts[i].value >= 0) {
			strbuf_addf(sb, "<text x=\"%.2f\" y=\"%d\">%lld ", LABEL + w + 6, y + 15, (long long)parts[i].value);
			html_text(sb, unit);
			strbuf_adds(sb, "</text>");
		}
		strbuf_adds(sb, "\n");
	}
	strbuf_adds(sb, "</svg>\n");
	parts_table(sb, title, unit, parts, n, 0);
	strbuf_adds(sb, "</figure>\n");
}

void html_stacked_rows(struct strbuf *sb, const char *id, const char *title, const char *unit,
		       const char *const *row_labels, const bool *row_mark, size_t rows,
		       const char *const *col_labels, const char *const *col_css, size_t cols,
		       const int64_t *values)
{
	const int W = 720, LABEL = 170, ROW = 22;
	double max = 0;

	for (size_t r = 0; r < rows; r++) {
		double sum = 0;
		for (size_t c = 0; c < cols; c++)
			if (values[r * cols + c] > 0)
				sum += (double)values[r * cols + c];
		if (sum > max)
			max = sum;
	}
	figure_begin(sb, id, title, W, (int)rows * ROW + 30);
	for (size_t r = 0; r < rows; r++) {
		int y = (int)r * ROW;
		double x = LABEL;
		strbuf_addf(sb, "<text x=\"0\" y=\"%d\">", y + 15);
		html_text(sb, row_labels[r]);
		strbuf_adds(sb, "</text>");
		for (size_t c = 0; c < cols && max > 0; c++) {
			int64_t v = values[r * cols + c];
			if (v <= 0)
				continue;
			double w = (double)(W - LABEL - 10) * (double)v / max;
			strbuf_addf(sb, "<rect class=\"%s%s\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\"><title>",
				    col_css[c], row_mark && row_mark[r] ? " marked" : "", x, y + 3, w, ROW - 6);
			html_text(sb, row_labels[r]);
			strbuf_adds(sb, ", ");
			html_text(sb, col_labels[c]);
			strbuf_addf(sb, ": %lld ", (long long)v);
			html_text(sb, unit);
			strbuf_adds(sb, "</title></rect>");
			x += w;
		}
		strbuf_adds(sb, "\n");
	}
	for (size_t c = 0; c < cols; c++) {
		int lx = LABEL + (int)c * 130, ly = (int)rows * ROW + 8;
		strbuf_addf(sb, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"12\" height=\"12\"/><text x=\"%d\" y=\"%d\">",
			    col_css[c], lx, ly, lx + 16, ly + 11);
		html_text(sb, col_labels[c]);
		strbuf_adds(sb, "</text>\n");
	}
	strbuf_adds(sb, "</svg>\n<table><caption class=\"muted\">");
	html_text(sb, title);
	strbuf_adds(sb, " (table)</caption><thead><tr><th scope=\"col\"></th>");
	for (size_t c = 0; c < cols; c++) {
		strbuf_adds(sb, "<th scope=\"col\">");
		html_text(sb, col_labels[c]);
		strbuf_adds(sb, "</th>");
	}
	strbuf_adds(sb, "<th scope=\"col\">sum</th></tr></thead><tbody>\n");
	for (size_t r = 0; r < rows; r++) {
		int64_t sum = 0;
		strbuf_adds(sb, row_mark && row_mark[r] ? "<tr class=\"mark\"><td>" : "<tr><td>");
		html_text(sb, row_labels[r]);
		strbuf_adds(sb, "</td>");
		for (size_t c = 0; c < cols; c++) {
			sum += values[r * cols + c];
			strbuf_addf(sb, "<td class=\"n\">%lld</td>", (long long)values[r * cols + c]);
		}
		strbuf_addf(sb, "<td class=\"n\">%lld</td></tr>\n", (long long)sum);
	}
	strbuf_adds(sb, "</tbody></table>\n</figure>\n");
}
