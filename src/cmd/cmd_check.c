/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `oomguard check`: audits the settings that cause or worsen OOM trouble and prints each finding
 * with its fix; `--json` for machines, `--fix-script` for a reviewed shell script of the fixes.
 * Reads through os/settings_snapshot, judges with lib/audit, renders with findings_view.
 * Exit status: 0 clean or info only, 1 warnings, 2 critical, 3 could not run. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/textfit.h"
#include "cmd/findings_view.h"
#include "lib/audit/fix_script.h"
#include "cmd/errors.h"
#include "os/audit/settings_snapshot.h"

#define CHECK_EXIT_ERROR 3

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: oomguard check [--json | --fix-script] [--set NAME=VALUE]... [--no-logs]\n"
		"       oomguard check --thresholds\n\n"
		"Audit the settings that cause or worsen out-of-memory trouble; each finding has\n"
		"an id, a severity, the values measured, why it matters, and the exact fix.\n"
		"Nothing is changed.\n\n"
		"  --json            findings as JSON (doc/check-json.md)\n"
		"  --fix-script      print a shell script of the fixes, to review and run as root\n"
		"  --set NAME=VALUE  change a heuristic threshold (see --thresholds); repeatable\n"
		"  --thresholds      list the thresholds with their defaults\n"
		"  --no-logs         do not search the kernel logs for past OOM kills\n\n"
		"Exit status: 0 nothing or only info, 1 warnings, 2 critical findings, 3 error.\n");
}

static int list_thresholds(void)
{
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_adds(&sb, "Thresholds (oomguard check --set NAME=VALUE):\n");
	for (size_t i = 0; i < threshold_ndefs; i++)
		strbuf_addf(&sb, "  %-24s %6g  %s\n", threshold_defs[i].name, threshold_defs[i].def,
			    threshold_defs[i].help);
	int r = cli_write_stdout(sb.buf, sb.len);
	strbuf_free(&sb);
	return r;
}

static void render_text(struct strbuf *out, const struct audit_snapshot *s, const struct findings *f)
{
	size_t c = findings_count(f, SEV_CRIT), w = findings_count(f, SEV_WARN), i = findings_count(f, SEV_INFO);
	strbuf_addf(out, "%soomguard check%s: ", cli_sgr("\033[1m"), cli_sgr("\033[0m"));
	if (!f->n)
		strbuf_adds(out, "no findings");
	else
		strbuf_addf(out, "%zu critical, %zu warning%s, %zu info", c, w, w == 1 ? "" : "s", i);
	if (s->kernel_release[0]) {
		strbuf_adds(out, " (kernel ");
		view_text(out, s->kernel_release);
		strbuf_adds(out, ")");
	}
	strbuf_addc(out, '\n');
	view_findings_text(out, f);
	if (!s->kills_searched && s->kills_note[0]) {
		strbuf_adds(out, "\nPast OOM kills: ");
		view_wrap(out, s->kills_note, 16, 2, VIEW_WIDTH);
		strbuf_addc(out, '\n');
	}
	view_notes_text(out, s);
	if (w + c)
		strbuf_adds(out, "\nA script of these fixes: oomguard check --fix-script\n");
}

static void render_json(struct strbuf *out, const struct audit_snapshot *s, const struct findings *f)
{
	struct json j;
	json_init(&j, out);
	json_obj_begin(&j);
	json_kv_int(&j, "exit_status", findings_exit_status(f));
	json_kv_str(&j, "kernel", s->kernel_release[0] ? s->kernel_release : NULL);
	json_key(&j, "counts");
	json_obj_begin(&j);
	json_kv_uint(&j, "critical", findings_count(f, SEV_CRIT));
	json_kv_uint(&j, "warn", findings_count(f, SEV_WARN));
	json_kv_uint(&j, "info", findings_count(f, SEV_INFO));
	json_obj_end(&j);
	json_key(&j, "findings");
	view_findings_json(&j, f);
	json_kv_bool(&j, "logs_searched", s->kills_searched);
	json_kv_str(&j, "logs_note", s->kills_note[0] ? s->kills_note : NULL);
	json_key(&j, "not_visible");
	view_notes_json(&j, s);
	json_obj_end(&j);
	strbuf_addc(out, '\n');
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "fix-script", no_argument, NULL, 'f' },
		{ "set", required_argument, NULL, 's' },
		{ "thresholds", no_argument, NULL, 't' },
		{ "no-logs", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct audit_thresholds th;
	bool json = false, script = false, logs = true;
	int c;

	thresholds_default(&th);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'f':
			script = true;
			break;
		case 'n':
			logs = false;
			break;
		case 't':
			return list_thresholds();
		case 's': {
			int r = thresholds_set(&th, optarg);
			if (r == -ENOENT) {
				og_error(optarg, "no such threshold; see `oomguard check --thresholds`");
				return CHECK_EXIT_ERROR;
			}
			if (r < 0) {
				og_error(optarg, "expected NAME=VALUE with a number >= 0");
				return CHECK_EXIT_ERROR;
			}
			break;
		}
		case 'h':
			return cli_usage_exit(usage, true);
		default:
			cli_usage_exit(usage, false);
			return CHECK_EXIT_ERROR;
		}
	}
	if (optind < argc || (json && script)) {
		og_error(optind < argc ? argv[optind] : "--json", optind < argc ?
			 "unexpected argument" : "--json and --fix-script exclude each other");
		return CHECK_EXIT_ERROR;
	}

	struct audit_snapshot s;
	struct findings f = { 0 };
	unsigned parts = SNAP_PROCS | SNAP_CGROUPS | (logs ? SNAP_KILLS : 0);
	int r = settings_snapshot_collect(&s, parts, th.kill_window_days);
	if (r < 0) {
		og_error_errno("/proc/meminfo", r);
		return CHECK_EXIT_ERROR;
	}
	r = audit_run(&s, &th, &f);
	struct strbuf out;
	strbuf_init(&out);
	if (r == 0) {
		if (script)
			fix_script_build(&f, &out);
		else if (json)
			render_json(&out, &s, &f);
		else
			render_text(&out, &s, &f);
	}
	int status = findings_exit_status(&f);
	if (r < 0 || out.failed) {
		og_error("check", "out of memory");
		status = CHECK_EXIT_ERROR;
	} else if ((script || json ? cli_write_stdout(out.buf, out.len) : textfit_write_stdout(out.buf, out.len)) != 0) {
		status = CHECK_EXIT_ERROR;
	} else if (script) {
		status = 0;  /* the script is the output; its findings are in its comments */
	}
	strbuf_free(&out);
	findings_free(&f);
	audit_snapshot_free(&s);
	return status;
}
