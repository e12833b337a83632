/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `oomguard replay`: streams a recorded memory trace through one or more policies (oomguard's own
 * trigger and victim code, models of earlyoom, nohang and systemd-oomd from lib/policy/replay)
 * and prints when each would have acted, on whom, and when the kernel's OOM killer did. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/textfit.h"
#include "cmd/errors.h"
#include "lib/policy/daemon_config.h"
#include "lib/policy/leadup.h"
#include "lib/policy/replay.h"
#include "lib/util/json.h"
#include "lib/util/safetext.h"
#include "lib/util/strbuf.h"
#include "os/logs/trace_file.h"

#define REPLAY_POLICIES_MAX 8
#define NOHANG_CONF_MAX (1u << 20)

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: oomguard replay TRACE [-p POLICY]... [--json]\n\n"
		"Replays a trace written by `oomguard record` (or the daemon's flight recorder)\n"
		"through each policy: when it would have acted, on which process or cgroup, and\n"
		"when the kernel's OOM killer acted in the same trace.  Without -p, all four with\n"
		"their defaults.  doc/replay.md says what each model covers.\n\n"
		"Policies:\n"
		"  oomguard[:CONFIG]       oomguard's daemon: this machine's configuration, or a\n"
		"                          config FILE, or daemon flags (\"oomguard:-m 5,2\")\n"
		"  earlyoom[:FLAGS]        earlyoom -m/-s/-M/-S (default -m 10,5 -s 10,5)\n"
		"  nohang[:CONF]           nohang's thresholds, or those of a nohang.conf FILE\n"
		"  systemd-oomd[:K=V,...]  SwapUsedLimit, DefaultMemoryPressureLimit,\n"
		"                          DefaultMemoryPressureDurationSec\n\n"
		"Options:\n"
		"  -p, --policy POLICY   a policy to replay (repeatable)\n"
		"  -j, --json            JSON instead of text\n"
		"  -h, --help            this help\n");
}

struct replay_slot {
	struct replay_policy policy;
	struct daemon_config cfg;
	bool has_cfg;
	struct replay_state state;
	struct replay_outcome out;
};

static int read_small_file(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	char *buf = malloc(NOHANG_CONF_MAX + 1);
	if (!buf) {
		fclose(f);
		return -ENOMEM;
	}
	*len = fread(buf, 1, NOHANG_CONF_MAX, f);
	int err = ferror(f) ? -EIO : 0;
	fclose(f);
	if (err) {
		free(buf);
		return err;
	}
	buf[*len] = '\0';
	*out = buf;
	return 0;
}

/* oomguard[:CONFIG]: the daemon's own loader, so the replay uses exactly what it would. */
static int setup_oomguard(struct replay_slot *s, const char *arg, char *err, size_t errlen)
{
	char **argv = NULL;
	int argc = 1, r;
	char *fixed[4] = { (char *)"replay", NULL, NULL, NULL };
	if (arg && arg[0] == '-') {
		char **split = NULL;
		if ((r = dcfg_argv_split(arg, &split, err, errlen)) < 0)
			return r;
		int n = 0;
		while (split[n])
			n++;
		argv = calloc((size_t)n + 2, sizeof(*argv));
		if (!argv) {
			dcfg_argv_free(split);
			return -ENOMEM;
		}
		argv[0] = fixed[0];
		memcpy(argv + 1, split, (size_t)n * sizeof(*argv));
		argc = n + 1;
		optind = 0;
		r = daemon_config_load(argc, argv, &s->cfg, err, errlen);
		free(argv);
		dcfg_argv_free(split);
	} else {
		if (arg && *arg) {
			fixed[1] = (char *)"--config";
			fixed[2] = (char *)arg;
			argc = 3;
		}
		optind = 0;
		r = daemon_config_load(argc, fixed, &s->cfg, err, errlen);
	}
	if (r == 0) {
		s->has_cfg = true;
		s->policy.cfg = &s->cfg;
	}
	return r;
}

static int setup_policy(struct replay_slot *s, const char *spec)
{
	char err[256] = "";
	const char *colon = strchr(spec, ':');
	char *conf = NULL;
	size_t conf_len = 0;
	int r;
	if (strncmp(spec, "nohang:", 7) == 0 && spec[7]) {
		if ((r = read_small_file(spec + 7, &conf, &conf_len)) < 0)
			return og_error_errno(spec + 7, r);
	}
	r = replay_policy_parse(&s->policy, spec, conf, conf_len, err, sizeof(err));
	free(conf);
	if (r == 0 && s->policy.kind == REPLAY_OOMGUARD)
		r = setup_oomguard(s, colon ? colon + 1 : NULL, err, sizeof(err));
	if (r < 0)
		return og_error(spec, "%s", err[0] ? err : strerror(-r));
	return 0;
}

static void add_when(struct strbuf *sb, uint64_t t_ms)
{
	char cell[16];
	snprintf(cell, sizeof(cell), "+%.1f s", (double)t_ms / 1000.0);
	strbuf_addf(sb, "%-10s", cell);
}

static void add_terminal_name(struct strbuf *out, const char *raw)
{
	safetext_terminal(out, raw, strlen(raw));
}

static void render_text(struct strbuf *sb, const struct trace_header *h, size_t samples,
			uint64_t last_ms, const struct leadup *lu, bool have_leadup,
			struct replay_slot *slots, size_t n)
{
	char safe[96];
	strbuf_addf(sb, "Trace of %s", safetext_terminal_buf(safe, sizeof(safe), h->scope));
	if (h->host[0])
		strbuf_addf(sb, " on %s", safetext_terminal_buf(safe, sizeof(safe), h->host));
	strbuf_addf(sb, ": %zu samples over %.1f s\n", samples, (double)last_ms / 1000.0);
	if (have_leadup && lu) {
		strbuf_adds(sb, "\nAvailable memory, 100% at the top of a cell, up to the ");
		strbuf_adds(sb, lu->killed ? "kill:\n  |" : "end:\n  |");
		leadup_curve_text(lu, sb);
		strbuf_addf(sb, "|\n   %.1f s in all, %.1f s per cell\n",
			    (double)lu->n_curve * (double)lu->curve_bucket_ms / 1000.0,
			    (double)lu->curve_bucket_ms / 1000.0);
		leadup_sentence(lu, sb, add_terminal_name);
		strbuf_addc(sb, '\n');
	}
	strbuf_addc(sb, '\n');
	strbuf_adds(sb, "POLICY        ACTS AT    AVAIL  ACTION       VICTIM / REASON\n");
	bool kernel = false;
	uint64_t kernel_ms = 0;
	for (size_t i = 0; i < n; i++) {
		const struct replay_outcome *o = &slots[i].out;
		kernel = o->kernel_killed;
		kernel_ms = o->kernel_t_ms;
		strbuf_addf(sb, "%-13s ", replay_kind_name(slots[i].policy.kind));
		if (!o->acted) {
			strbuf_adds(sb, "never\n");
			continue;
		}
		add_when(sb, o->t_ms);
		strbuf_addf(sb, "%5.1f%%  %-12s ", o->avail_pct_at_action, o->action);
		if (o->victim_cgroup[0])
			strbuf_addf(sb, "cgroup %s", safetext_terminal_buf(safe, 40, o->victim_cgroup));
		else if (o->has_victim)
			strbuf_addf(sb, "%s (pid %d)", safetext_terminal_buf(safe, 24, o->victim.comm),
				    (int)o->victim.pid);
		else
			strbuf_adds(sb, "nobody eligible");
		/* the bracket the real daemon acts in, at its own pace (replay.h) */
		strbuf_addf(sb, "\n%45s%s\n%45sits daemon: +%.1f to +%.1f s\n", "", o->reason, "",
			    (double)o->window_from_ms / 1000.0, (double)o->window_to_ms / 1000.0);
	}
	strbuf_adds(sb, "kernel        ");
	if (kernel) {
		add_when(sb, kernel_ms);
		strbuf_adds(sb, "        OOM kill\n");
	} else
		strbuf_adds(sb, "no OOM kill in the trace\n");
	for (size_t i = 0; i < n && kernel; i++) {
		const struct replay_outcome *o = &slots[i].out;
		if (o->acted)
			strbuf_addf(sb, "\n%s acts %.1f s %s the kernel.", replay_kind_name(slots[i].policy.kind),
				    (double)(o->before_kernel ? kernel_ms - o->t_ms : o->t_ms - kernel_ms) / 1000.0,
				    o->before_kernel ? "before" : "after");
	}
	if (kernel)
		strbuf_addc(sb, '\n');
}

static void render_json(struct strbuf *sb, const struct trace_header *h, size_t samples,
			uint64_t last_ms, const struct leadup *lu, bool have_leadup,
			struct replay_slot *slots, size_t n)
{
	struct json j;
	json_init(&j, sb);
	json_obj_begin(&j);
	json_key(&j, "trace");
	json_obj_begin(&j);
	json_kv_str(&j, "scope", h->scope);
	json_kv_str(&j, "host", h->host);
	json_kv_uint(&j, "samples", samples);
	json_kv_uint(&j, "duration_ms", last_ms);
	json_kv_uint(&j, "start_monotonic_ms", h->start_monotonic_ms);
	json_obj_end(&j);
	json_key(&j, "leadup");
	if (have_leadup)
		leadup_json(&j, lu);
	else
		json_null(&j);
	json_key(&j, "kernel");
	json_obj_begin(&j);
	json_kv_bool(&j, "oom_kill", n && slots[0].out.kernel_killed);
	json_kv_uint_or_null(&j, "t_ms", n && slots[0].out.kernel_killed ? slots[0].out.kernel_t_ms : UINT64_MAX);
	json_obj_end(&j);
	json_key(&j, "policies");
	json_arr_begin(&j);
	for (size_t i = 0; i < n; i++) {
		const struct replay_outcome *o = &slots[i].out;
		json_obj_begin(&j);
		json_kv_str(&j, "policy", replay_kind_name(slots[i].policy.kind));
		json_kv_str(&j, "spec", slots[i].policy.spec);
		json_kv_bool(&j, "acted", o->acted);
		json_kv_uint_or_null(&j, "t_ms", o->acted ? o->t_ms : UINT64_MAX);
		json_kv_uint_or_null(&j, "window_from_ms", o->acted ? o->window_from_ms : UINT64_MAX);
		json_kv_uint_or_null(&j, "window_to_ms", o->acted ? o->window_to_ms : UINT64_MAX);
		json_kv_str(&j, "action", o->acted ? o->action : NULL);
		json_kv_str(&j, "reason", o->acted ? o->reason : NULL);
		json_kv_double(&j, "avail_percent", o->acted ? o->avail_pct_at_action : 0.0 / 0.0);
		json_key(&j, "victim");
		if (o->acted && o->has_victim) {
			json_obj_begin(&j);
			json_kv_int(&j, "pid", o->victim.pid);
			json_kv_str(&j, "comm", o->victim.comm);
			json_kv_uint(&j, "rss_kib", o->victim.rss_kib);
			json_kv_uint(&j, "swap_kib", o->victim.swap_kib);
			json_kv_int(&j, "oom_score_adj", o->victim.oom_score_adj);
			json_kv_str(&j, "cgroup", o->victim.cgroup);
			json_obj_end(&j);
		} else
			json_null(&j);
		json_kv_str(&j, "victim_cgroup", o->victim_cgroup[0] ? o->victim_cgroup : NULL);
		json_kv_bool(&j, "before_kernel", o->before_kernel);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	strbuf_addc(sb, '\n');
}

struct replay_run {
	struct replay_slot *slots;
	size_t n;
	struct leadup *lu;
	size_t samples;
	uint64_t last_ms;
};

static void on_header(void *ctx, const struct trace_header *h)
{
	struct replay_run *run = ctx;
	for (size_t i = 0; i < run->n; i++)
		replay_begin(&run->slots[i].state, &run->slots[i].policy, h);
}

static void on_sample(void *ctx, const struct trace_sample *s)
{
	struct replay_run *run = ctx;
	for (size_t i = 0; i < run->n; i++)
		replay_feed_sample(&run->slots[i].state, s);
	leadup_feed_sample(run->lu, s);
	run->samples++;
	run->last_ms = s->t_ms;
}

static void on_event(void *ctx, const struct trace_event *e)
{
	struct replay_run *run = ctx;
	for (size_t i = 0; i < run->n; i++)
		replay_feed_event(&run->slots[i].state, e);
	leadup_feed_event(run->lu, e);
}

int cmd_replay(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "policy", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *specs[REPLAY_POLICIES_MAX];
	size_t n = 0;
	bool json = false;
	int c;
	while ((c = getopt_long(argc, argv, "p:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (n == REPLAY_POLICIES_MAX)
				return og_error("--policy", "at most %d policies", REPLAY_POLICIES_MAX) + 1;
			specs[n++] = optarg;
			break;
		case 'j': json = true; break;
		case 'h':
		default:
			return cli_usage_exit(usage, c == 'h');
		}
	}
	if (optind != argc - 1)
		return og_error("replay", optind >= argc ? "no trace file given (see oomguard replay --help)"
							 : "one trace file at a time") + 1;
	const char *path = argv[optind];
	if (n == 0) {
		static const char *all[] = { "oomguard", "earlyoom", "nohang", "systemd-oomd" };
		for (n = 0; n < 4; n++)
			specs[n] = all[n];
	}
	struct leadup *lu = NULL;
	struct replay_slot *slots = calloc(n, sizeof(*slots));
	struct trace_header *h = calloc(1, sizeof(*h));
	int rc = 0;
	if (!slots || !h) {
		rc = og_error_errno("replay", -ENOMEM);
		goto out;
	}
	for (size_t i = 0; i < n && rc == 0; i++)
		if (setup_policy(&slots[i], specs[i]))
			rc = 2;
	lu = calloc(1, sizeof(*lu));
	if (!lu && rc == 0)
		rc = og_error_errno("replay", -ENOMEM);
	struct replay_run run = { .slots = slots, .n = n, .lu = lu };
	if (rc == 0) {
		char err[200];
		struct trace_file_sink sink = { on_header, on_sample, on_event, &run };
		leadup_init(lu);
		if (trace_file_stream(path, h, &sink, err, sizeof(err)) < 0)
			rc = og_error(path, "%s", err);
		for (size_t i = 0; i < n && rc == 0; i++)
			replay_end(&slots[i].state, &slots[i].out);
	}
	size_t samples = run.samples;
	uint64_t last_ms = run.last_ms;
	if (rc == 0) {
		struct strbuf sb;
		bool have_leadup = leadup_finish(lu);
		strbuf_init(&sb);
		if (json)
			render_json(&sb, h, samples, last_ms, lu, have_leadup, slots, n);
		else
			render_text(&sb, h, samples, last_ms, lu, have_leadup, slots, n);
		rc = sb.failed ? og_error_errno("replay", -ENOMEM)
			       : json ? cli_write_stdout(sb.buf, sb.len) : textfit_write_stdout(sb.buf, sb.len);
		strbuf_free(&sb);
	}
out:
	for (size_t i = 0; slots && i < n; i++)
		if (slots[i].has_cfg)
			daemon_config_free(&slots[i].cfg);
	free(slots);
	free(h);
	free(lu);
	return rc;
}
