/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Findings rendering shared by check and report (see findings_view.h). */
#include "cmd/findings_view.h"

#include <string.h>
#include "cmd/cli.h"
#include "cmd/textfit.h"
#include "lib/util/safetext.h"

void view_text(struct strbuf *out, const char *s)
{
	safetext_terminal(out, s, strlen(s));
}

void view_wrap_safe(struct strbuf *out, const char *q, size_t first_cols, size_t indent, size_t width)
{
	size_t col = first_cols;
	bool line_start = true;

	while (*q) {
		if (*q == '\n') {
			strbuf_addf(out, "\n%*s", (int)indent, "");
			col = indent;
			line_start = true;
			q++;
			continue;
		}
		/* an indented line is a command: never broken, so it can be copied */
		if (line_start && *q == ' ') {
			size_t n = strcspn(q, "\n");
			strbuf_add(out, q, n);
			q += n;
			line_start = false;
			continue;
		}
		/* a command inside a sentence is one unit too: a line break never splits it */
		size_t cmd = textfit_command_len(q), w = cmd ? cmd : strcspn(q, " \n");
		if (!line_start && col + 1 + w > width && col > indent) {
			strbuf_addf(out, "\n%*s", (int)indent, "");
			col = indent;
		} else if (!line_start) {
			strbuf_addc(out, ' ');
			col++;
		}
		strbuf_add(out, q, w);
		col += w;
		q += w;
		line_start = false;
		while (*q == ' ')
			q++;
	}
}

void view_wrap(struct strbuf *out, const char *text, size_t first_cols, size_t indent, size_t width)
{
	struct strbuf esc;

	strbuf_init(&esc);
	/* escape line by line so the explicit breaks survive */
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, "\n");
		safetext_terminal(&esc, p, n);
		p += n;
		if (*p == '\n') {
			strbuf_addc(&esc, '\n');
			p++;
		}
	}
	view_wrap_safe(out, esc.buf ? esc.buf : "", first_cols, indent, width);
	strbuf_free(&esc);
}

size_t view_cut(struct strbuf *out, const char *text, size_t width)
{
	char buf[1024];
	if (width >= sizeof(buf))
		width = sizeof(buf) - 1;
	/* escaped, then cut at width columns (escapes are ASCII; UTF-8 is cut on a character) */
	safetext_terminal_buf(buf, sizeof(buf), text);
	size_t n = strlen(buf), cols = 0, i = 0, keep = 0, keep_cols = 0;
	for (i = 0; i < n; i++) {
		if (((unsigned char)buf[i] & 0xc0) == 0x80)
			continue;  /* continuation byte: same column */
		if (cols == width - 3 && width >= 3) {
			keep = i;
			keep_cols = cols;
		}
		cols++;
	}
	if (cols <= width) {
		strbuf_add(out, buf, n);
		return cols;
	}
	strbuf_add(out, buf, keep);
	strbuf_adds(out, "...");
	return keep_cols + 3;
}

void view_severity(struct strbuf *out, enum severity sev)
{
	const char *sgr = sev == SEV_CRIT ? "\033[1;31m" : sev == SEV_WARN ? "\033[1;33m" : "\033[36m";
	strbuf_addf(out, "%s%-8s%s", cli_sgr(sgr), severity_name(sev), cli_sgr("\033[0m"));
}

void view_findings_text(struct strbuf *out, const struct findings *f)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		strbuf_adds(out, "\n");
		view_severity(out, x->sev);
		strbuf_addf(out, " %s%s%s\n", cli_sgr("\033[1m"), x->id, cli_sgr("\033[0m"));
		strbuf_adds(out, "  ");
		view_wrap(out, x->title, 2, 2, VIEW_WIDTH);
		strbuf_adds(out, "\n  measured: ");
		view_wrap(out, x->measured, 12, 4, VIEW_WIDTH);
		strbuf_adds(out, "\n  why: ");
		view_wrap(out, x->why, 7, 4, VIEW_WIDTH);
		strbuf_adds(out, "\n  fix: ");
		view_wrap(out, x->fix, 7, 7, VIEW_WIDTH);
		strbuf_adds(out, "\n");
	}
}

static void json_lines(struct json *j, const char *key, const char *text)
{
	json_key(j, key);
	json_arr_begin(j);
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, "\n");
		json_strn(j, p, n);
		p += n;
		if (*p == '\n')
			p++;
	}
	json_arr_end(j);
}

void view_findings_json(struct json *j, const struct findings *f)
{
	json_arr_begin(j);
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		json_obj_begin(j);
		json_kv_str(j, "id", x->id);
		json_kv_str(j, "severity", severity_name(x->sev));
		json_kv_str(j, "subject", x->subject[0] ? x->subject : NULL);
		json_kv_str(j, "title", x->title);
		json_kv_str(j, "measured", x->measured);
		json_kv_str(j, "why", x->why);
		json_lines(j, "fix", x->fix);
		json_kv_str(j, "step", x->step[0] ? x->step : NULL);
		json_key(j, "actions");
		json_obj_begin(j);
		if (x->sysctl_key[0]) {
			json_key(j, "sysctl");
			json_obj_begin(j);
			json_kv_str(j, "key", x->sysctl_key);
			json_kv_str(j, "value", x->sysctl_value);
			json_kv_str(j, "file", x->sysctl_file);
			json_kv_str(j, "stale_file", x->stale_file[0] ? x->stale_file : NULL);
			json_obj_end(j);
		}
		if (x->write_path[0]) {
			json_key(j, "write_file");
			json_obj_begin(j);
			json_kv_str(j, "path", x->write_path);
			json_kv_str(j, "content", x->write_content);
			json_kv_str(j, "then", x->after_cmd[0] ? x->after_cmd : NULL);
			json_obj_end(j);
		}
		if (x->dropin_unit[0]) {
			json_key(j, "systemd_dropin");
			json_obj_begin(j);
			json_kv_str(j, "unit", x->dropin_unit);
			json_kv_str(j, "content", x->dropin_body);
			json_obj_end(j);
		}
		if (x->adj_pid > 0) {
			json_key(j, "oom_score_adj");
			json_obj_begin(j);
			json_kv_int(j, "pid", x->adj_pid);
			json_kv_int(j, "value", x->adj_value);
			json_obj_end(j);
		}
		json_obj_end(j);
		json_obj_end(j);
	}
	json_arr_end(j);
}

void view_notes_text(struct strbuf *out, const struct audit_snapshot *s)
{
	if (!s->n_notes)
		return;
	strbuf_addf(out, "\n%sNot visible%s%s:\n", cli_sgr("\033[1m"), s->is_root ? "" : " (not root)",
		    cli_sgr("\033[0m"));
	for (size_t i = 0; i < s->n_notes; i++) {
		strbuf_adds(out, "  ");
		view_wrap(out, s->notes[i], 2, 4, VIEW_WIDTH);
		strbuf_addc(out, '\n');
	}
}

void view_notes_json(struct json *j, const struct audit_snapshot *s)
{
	json_arr_begin(j);
	for (size_t i = 0; i < s->n_notes; i++)
		json_str(j, s->notes[i]);
	json_arr_end(j);
}
