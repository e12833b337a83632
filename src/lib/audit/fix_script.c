/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fix script generator (see fix_script.h). */
#include "lib/audit/fix_script.h"

#include <string.h>

#include "lib/procfs/oomadj.h"

static const char prologue[] =
	"#!/bin/sh\n"
	"# Fixes proposed by `oomguard check --fix-script`.  Review each step, then run it as root.\n"
	"# Running it again changes nothing more.  oomguard itself changed nothing.\n"
	"set -eu\n"
	"\n"
	"# persist_sysctl KEY VALUE FILE: KEY = VALUE in FILE (its line replaced, else appended), now too.\n"
	"persist_sysctl() {\n"
	"\tkeyre=$(printf '%s' \"$1\" | sed 's/[.]/[.\\/]/g')\n"
	"\tmkdir -p \"$(dirname \"$3\")\"\n"
	"\ttouch \"$3\"\n"
	"\tif grep -Eq \"^[[:space:]]*-?${keyre}[[:space:]]*=\" \"$3\"; then\n"
	"\t\tsed -i --follow-symlinks -E \"s|^[[:space:]]*-?${keyre}[[:space:]]*=.*|$1 = $2|\" \"$3\"\n"
	"\telse\n"
	"\t\tprintf '%s = %s\\n' \"$1\" \"$2\" >> \"$3\"\n"
	"\tfi\n"
	"\tsysctl -q -w \"$1=$2\"\n"
	"}\n"
	"\n"
	"# disable_sysctl_line KEY FILE: comments out KEY's active lines in FILE.\n"
	"disable_sysctl_line() {\n"
	"\t[ -f \"$2\" ] || return 0\n"
	"\tkeyre=$(printf '%s' \"$1\" | sed 's/[.]/[.\\/]/g')\n"
	"\tsed -i --follow-symlinks -E \"s|^([[:space:]]*-?${keyre}[[:space:]]*=.*)|# disabled by oomguard: \\\\1|\" \"$2\"\n"
	"}\n"
	"\n"
	"# systemd_reload: only where systemd is the running init.\n"
	"systemd_reload() {\n"
	"\tif [ -d /run/systemd/system ]; then systemctl daemon-reload; fi\n"
	"}\n";

bool fix_script_safe_word(const char *s)
{
	if (!*s || strstr(s, ".."))
		return false;
	for (const char *p = s; *p; p++) {
		char ch = *p;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      ch == '@' || ch == ':' || ch == '.' || ch == '_' || ch == '/' || ch == '-' || ch == '='))
			return false;
	}
	return true;
}

/* Writes each line of text prefixed by "# " (text is ours, but a line break must not end the
 * comment early, so every line gets its own marker). */
static void comment_block(struct strbuf *out, const char *prefix, const char *text)
{
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, "\n");
		strbuf_addf(out, "#%s", prefix);
		for (size_t i = 0; i < n; i++)
			strbuf_addc(out, (unsigned char)p[i] < 0x20 || p[i] == 0x7f ? '?' : p[i]);
		strbuf_addc(out, '\n');
		p += n;
		if (*p == '\n')
			p++;
	}
}

/* Appends text for a comment line: control bytes become '?' so nothing can end the comment. */
static void comment_text(struct strbuf *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		strbuf_addc(out, *p < 0x20 || *p == 0x7f ? '?' : (char)*p);
}

/* "# [sev] id subject: title" */
static void step_header(struct strbuf *out, const char *lead, const struct finding *x)
{
	strbuf_addf(out, "%s# [%s] %s", lead, severity_name(x->sev), x->id);
	if (x->subject[0]) {
		strbuf_addc(out, ' ');
		comment_text(out, x->subject);
	}
	strbuf_adds(out, ": ");
	comment_text(out, x->title);
	strbuf_addc(out, '\n');
}

/* Content for a quoted here-document: refuses text that would end it early. */
static bool heredoc_safe(const char *s)
{
	return strstr(s, "OOMGUARD_EOF") == NULL;
}

static bool emit_actions(struct strbuf *out, const struct finding *f)
{
	bool did = false;

	if (f->sysctl_key[0] && fix_script_safe_word(f->sysctl_key) &&
	    fix_script_safe_word(f->sysctl_value) && fix_script_safe_word(f->sysctl_file)) {
		if (f->stale_file[0] && fix_script_safe_word(f->stale_file))
			strbuf_addf(out, "disable_sysctl_line %s %s\n", f->sysctl_key, f->stale_file);
		strbuf_addf(out, "persist_sysctl %s %s %s\n", f->sysctl_key, f->sysctl_value, f->sysctl_file);
		did = true;
	}
	if (f->write_path[0] && fix_script_safe_word(f->write_path) && heredoc_safe(f->write_content)) {
		strbuf_addf(out, "mkdir -p \"$(dirname %s)\"\n", f->write_path);
		strbuf_addf(out, "cat > %s <<'OOMGUARD_EOF'\n%sOOMGUARD_EOF\n", f->write_path, f->write_content);
		if (f->after_cmd[0])
			strbuf_addf(out, "%s\n", f->after_cmd);
		did = true;
	}
	if (f->dropin_unit[0] && fix_script_safe_word(f->dropin_unit) && heredoc_safe(f->dropin_body)) {
		strbuf_addf(out, "mkdir -p /etc/systemd/system/%s.d\n", f->dropin_unit);
		/* the marker of `protect --persist`, so that `protect --undo` removes this file too */
		strbuf_addf(out, "cat > /etc/systemd/system/%s.d/" OOMADJ_DROPIN_NAME " <<'OOMGUARD_EOF'\n"
			    OOMADJ_DROPIN_MARKER "; `oomguard protect --undo` removes this file.\n%s"
			    "OOMGUARD_EOF\nsystemd_reload\n", f->dropin_unit, f->dropin_body);
		did = true;
	}
	if (f->adj_pid > 0) {
		/* the pid may be gone or reused by the time the script runs: check the name first */
		strbuf_addf(out, "if [ -e /proc/%d ]; then choom -p %d -n %d; fi\n",
			    (int)f->adj_pid, (int)f->adj_pid, f->adj_value);
		did = true;
	}
	return did;
}

void fix_script_build(const struct findings *f, struct strbuf *out)
{
	size_t manual = 0, scripted = 0;

	strbuf_adds(out, prologue);
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		struct strbuf step;
		strbuf_init(&step);
		bool did = emit_actions(&step, x);
		if (!did) {
			manual++;
			strbuf_free(&step);
			continue;
		}
		scripted++;
		step_header(out, "\n", x);
		comment_block(out, "   ", x->measured);
		comment_block(out, "   why: ", x->why);
		strbuf_add(out, step.buf, step.len);
		strbuf_free(&step);
	}
	if (manual) {
		strbuf_adds(out, "\n# Findings that need a person (not scripted):\n");
		for (size_t i = 0; i < f->n; i++) {
			const struct finding *x = &f->v[i];
			struct strbuf probe;
			strbuf_init(&probe);
			bool did = emit_actions(&probe, x);
			strbuf_free(&probe);
			if (did)
				continue;
			step_header(out, "#\n", x);
			comment_block(out, "     ", x->fix);
		}
	}
	if (!scripted)
		strbuf_adds(out, "\n# Nothing to change automatically.\n");
	strbuf_adds(out, "\nexit 0\n");
}
