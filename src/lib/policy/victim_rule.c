/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Victim rules and command lines as text: `--rule "prefer name=^chrome$ delta=200"`, the same
 * in the config file (`rule = ...`), and hook commands split into an argv without a shell.
 * Pure: text in, struct out; the runtime matches the compiled regexes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/policy/daemon_config.h"
#include "lib/util/ere.h"
#include "lib/util/errmsg.h"
#include "lib/util/numparse.h"
#include "lib/util/strbuf.h"

#define RULE_DEFAULT_DELTA 300    /* earlyoom's --prefer/--avoid amount */

void dcfg_argv_free(char **argv)
{
	if (!argv)
		return;
	for (char **p = argv; *p; p++)
		free(*p);
	free(argv);
}

/* Reads one word at *sp (quotes and backslashes resolved) into word; advances *sp.
 * Returns 1 for a word, 0 at the end, -EINVAL for an unterminated quote. */
static int next_word(const char **sp, struct strbuf *word)
{
	const char *s = *sp;
	char quote = 0;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	if (!*s) {
		*sp = s;
		return 0;
	}
	strbuf_reset(word);
	strbuf_add(word, "", 0);           /* an empty quoted word "" is still a word */
	for (; *s; s++) {
		if (quote) {
			if (*s == quote)
				quote = 0;
			else if (*s == '\\' && quote == '"' && (s[1] == '"' || s[1] == '\\'))
				strbuf_addc(word, *++s);
			else
				strbuf_addc(word, *s);
		} else if (*s == '\'' || *s == '"') {
			quote = *s;
		} else if (*s == '\\' && s[1] && strchr(" \t'\"\\", s[1])) {
			strbuf_addc(word, *++s);   /* other backslashes stay: regexes need \. */
		} else if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			break;
		} else {
			strbuf_addc(word, *s);
		}
	}
	*sp = s;
	return quote ? -EINVAL : 1;
}

int dcfg_argv_split(const char *text, char ***out, char *err, size_t errlen)
{
	struct strbuf word;
	char **argv = NULL;
	size_t n = 0;
	int r;

	*out = NULL;
	strbuf_init(&word);
	while ((r = next_word(&text, &word)) > 0) {
		char **nv = realloc(argv, (n + 2) * sizeof(*argv));
		char *w = strdup(word.buf ? word.buf : "");
		if (!nv || !w || word.failed) {
			free(w);
			if (nv)
				argv = nv;
			if (argv)
				argv[n] = NULL;
			dcfg_argv_free(argv);
			strbuf_free(&word);
			return -ENOMEM;
		}
		argv = nv;
		argv[n++] = w;
		argv[n] = NULL;
	}
	strbuf_free(&word);
	if (r < 0) {
		dcfg_argv_free(argv);
		return errmsg_einval(err, errlen, "unterminated quote");
	}
	if (n == 0)
		return errmsg_einval(err, errlen, "empty command");
	*out = argv;
	return 0;
}

static const char *const action_names[] = { "prefer", "avoid", "ignore", "action" };
static const char *const field_names[] = { "name", "cmdline", "user", "cgroup", "unit" };
static const char *const scope_names[] = { "process", "group", "cgroup" };

static int lookup(const char *const *names, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(names[i]) == len && strncmp(names[i], s, len) == 0)
			return (int)i;
	return -1;
}

int kill_scope_parse(const char *s, enum kill_scope *out)
{
	int i = lookup(scope_names, 3, s, strlen(s));
	if (i < 0)
		return -EINVAL;
	*out = (enum kill_scope)i;
	return 0;
}

const char *kill_scope_name(enum kill_scope s)
{
	return (unsigned)s < 3 ? scope_names[s] : "?";
}

void victim_rule_free(struct victim_rule *r)
{
	if (r->pattern) {
		regfree(&r->re);
		free(r->pattern);
	}
	dcfg_argv_free(r->action_argv);
	memset(r, 0, sizeof(*r));
}

int victim_rule_parse(const char *text, struct victim_rule *out, char *err, size_t errlen)
{
	char **w = NULL;
	char sub[200];
	int r, delta = -1, i;
	bool have_scope = false;

	memset(out, 0, sizeof(*out));
	r = dcfg_argv_split(text, &w, sub, sizeof(sub));
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return errmsg_einval(err, errlen, "%s", r == -EINVAL && strcmp(sub, "empty command") == 0 ?
			    "empty rule (expected ACTION FIELD=REGEX ...)" : sub);
	if (!w || !w[0]) {       /* argv_split refuses an empty line; kept for the analyzer */
		dcfg_argv_free(w);
		return errmsg_einval(err, errlen, "empty rule (expected ACTION FIELD=REGEX ...)");
	}
	i = lookup(action_names, 4, w[0], strlen(w[0]));
	if (i < 0) {
		r = errmsg_einval(err, errlen, "'%s' is not prefer, avoid, ignore or action", w[0]);
		goto fail;
	}
	out->action = (enum rule_action)i;
	out->scope = KILL_PROCESS;
	if (!w[1] || !strchr(w[1], '=')) {
		r = errmsg_einval(err, errlen,
				  "expected FIELD=REGEX after '%s' (FIELD: name, cmdline, user, cgroup, unit)", w[0]);
		goto fail;
	}
	const char *eq = strchr(w[1], '=');
	i = lookup(field_names, 5, w[1], (size_t)(eq - w[1]));
	if (i < 0) {
		r = errmsg_einval(err, errlen, "'%.*s' is not a field (name, cmdline, user, cgroup, unit)",
			 (int)(eq - w[1]), w[1]);
		goto fail;
	}
	out->field = (enum rule_field)i;
	if (!eq[1]) {
		r = errmsg_einval(err, errlen, "empty regular expression for %s", field_names[i]);
		goto fail;
	}
	char problem[160];
	int positions = ere_compile(&out->re, eq + 1, problem, sizeof(problem));
	if (positions < 0) {
		/* the pattern cut to 64 bytes, so that the problem fits the line */
		r = errmsg_einval(err, errlen, "bad regular expression '%.64s%s': %s", eq + 1,
				  strlen(eq + 1) > 64 ? "..." : "", problem);
		goto fail;
	}
	out->positions = (unsigned)positions;
	out->pattern = strdup(eq + 1);
	if (!out->pattern) {
		regfree(&out->re);
		r = -ENOMEM;
		goto fail;
	}
	for (size_t k = 2; w[k]; k++) {
		if (strncmp(w[k], "scope=", 6) == 0) {
			if (kill_scope_parse(w[k] + 6, &out->scope) < 0) {
				r = errmsg_einval(err, errlen, "scope '%s' is not process, group or cgroup", w[k] + 6);
				goto fail;
			}
			have_scope = true;
		} else if (strncmp(w[k], "delta=", 6) == 0) {
			if (out->action != RULE_PREFER && out->action != RULE_AVOID) {
				r = errmsg_einval(err, errlen, "delta= applies to prefer and avoid rules only");
				goto fail;
			}
			if (numparse_int_range(w[k] + 6, 0, 2000, &delta) < 0) {
				r = errmsg_einval(err, errlen, "delta '%s' is not a number from 0 to 2000", w[k] + 6);
				goto fail;
			}
		} else if (strncmp(w[k], "run=", 4) == 0) {
			if (out->action != RULE_ACTION_CMD) {
				r = errmsg_einval(err, errlen, "run= applies to action rules only");
				goto fail;
			}
			if (!w[k][4]) {
				r = errmsg_einval(err, errlen, "run= needs a command");
				goto fail;
			}
			size_t n = 0;
			while (w[k + n])
				n++;
			out->action_argv = calloc(n + 1, sizeof(char *));
			if (!out->action_argv) {
				r = -ENOMEM;
				goto fail;
			}
			for (size_t a = 0; a < n; a++) {
				out->action_argv[a] = strdup(a == 0 ? w[k] + 4 : w[k + a]);
				if (!out->action_argv[a]) {
					r = -ENOMEM;
					goto fail;
				}
			}
			break;        /* run= takes the rest of the rule */
		} else {
			r = errmsg_einval(err, errlen, "unknown rule option '%s' (scope=, delta=, run=)", w[k]);
			goto fail;
		}
	}
	if (out->action == RULE_ACTION_CMD && !out->action_argv) {
		r = errmsg_einval(err, errlen, "action rule needs run=COMMAND [ARGS...] as its last option");
		goto fail;
	}
	if (out->action == RULE_IGNORE && have_scope) {
		r = errmsg_einval(err, errlen, "scope= has no meaning for ignore rules");
		goto fail;
	}
	if (delta < 0)
		delta = RULE_DEFAULT_DELTA;
	out->score_delta = out->action == RULE_PREFER ? delta : out->action == RULE_AVOID ? -delta : 0;
	dcfg_argv_free(w);
	return 0;
fail:
	dcfg_argv_free(w);
	victim_rule_free(out);
	return r;
}

/* Appends a word quoted so that argv_split reads it back unchanged: bare when it can be,
 * else in single quotes, else in double quotes with \" and \\. */
static void add_word(struct strbuf *out, const char *prefix, const char *s)
{
	bool plain = *s != '\0', has_single = strchr(s, '\'') != NULL;
	for (const char *p = s; *p; p++)
		if (strchr(" \t\n\r'\"", *p) || (*p == '\\' && (!p[1] || strchr(" \t'\"\\", p[1]))))
			plain = false;
	strbuf_adds(out, prefix);
	if (plain) {
		strbuf_adds(out, s);
	} else if (!has_single) {
		strbuf_addc(out, '\'');
		strbuf_adds(out, s);
		strbuf_addc(out, '\'');
	} else {
		strbuf_addc(out, '"');
		for (const char *p = s; *p; p++) {
			if (*p == '"' || *p == '\\')
				strbuf_addc(out, '\\');
			strbuf_addc(out, *p);
		}
		strbuf_addc(out, '"');
	}
}

void victim_rule_format(const struct victim_rule *r, struct strbuf *out)
{
	char prefix[16];

	strbuf_adds(out, action_names[r->action]);
	snprintf(prefix, sizeof(prefix), " %s=", field_names[r->field]);
	add_word(out, prefix, r->pattern ? r->pattern : "");
	if (r->action != RULE_IGNORE)
		strbuf_addf(out, " scope=%s", scope_names[r->scope]);
	if (r->action == RULE_PREFER || r->action == RULE_AVOID)
		strbuf_addf(out, " delta=%d", r->score_delta < 0 ? -r->score_delta : r->score_delta);
	for (size_t i = 0; r->action_argv && r->action_argv[i]; i++)
		add_word(out, i == 0 ? " run=" : " ", r->action_argv[i]);
}

/* Appends an argv as one command line that argv_split reads back. */
void dcfg_argv_format(char *const *argv, struct strbuf *out)
{
	for (size_t i = 0; argv && argv[i]; i++)
		add_word(out, i ? " " : "", argv[i]);
}
