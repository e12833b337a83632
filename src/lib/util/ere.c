/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The check of a POSIX extended regex before regcomp: reads the pattern token by token as
 * glibc's parser does (posix/regcomp.c: peek_token, fetch_number, parse_bracket_exp under
 * RE_SYNTAX_POSIX_EXTENDED) and counts the positions glibc's parse tree gets once repetitions
 * are written out.  Where the reading could differ it counts more, never fewer. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "lib/util/ere.h"
#include "lib/util/errmsg.h"

#define ERE_MAX_DEPTH 64                      /* groups inside groups (glibc's parser recurses) */
#define ERE_CAP (ERE_MAX_POSITIONS + 1UL)     /* counts saturate here: over the limit is enough */
#define ERE_DUP_MAX 0x7fff                    /* glibc's RE_DUP_MAX: larger counts are refused */

enum ere_tok {
	TOK_END,        /* end of the pattern */
	TOK_CHAR,       /* a character, escaped or not */
	TOK_ATOM,       /* '.', '^', '$', \w \W \s \S \b \B \< \> \` \' */
	TOK_BACKREF,    /* \1 .. \9 */
	TOK_DUP,        /* '*', '+', '?' */
	TOK_OPEN_DUP,   /* '{' */
	TOK_CLOSE_DUP,  /* '}' (a character where no interval is open) */
	TOK_OPEN,       /* '(' */
	TOK_CLOSE,      /* ')' (a character outside any group) */
	TOK_ALT,        /* '|' */
	TOK_BRACKET,    /* '[' (the bracket expression is read by skip_bracket) */
};

struct ere_token {
	enum ere_tok type;
	unsigned char c;    /* the character (after a backslash: the one escaped) */
	size_t len;         /* bytes in the pattern */
};

/* The token at s, as glibc's peek_token reads it for REG_EXTENDED in the C locale (in UTF-8
 * too: no byte of a multi-byte character is ASCII). */
static struct ere_token ere_peek(const char *s)
{
	struct ere_token t = { TOK_CHAR, (unsigned char)s[0], 1 };

	switch (s[0]) {
	case '\0':
		t.type = TOK_END;
		t.len = 0;
		break;
	case '\\':
		if (!s[1])
			break;          /* a trailing backslash: regcomp refuses it */
		t.c = (unsigned char)s[1];
		t.len = 2;
		if (s[1] >= '1' && s[1] <= '9')
			t.type = TOK_BACKREF;
		else if (strchr("wWsSbB<>`'", s[1]))
			t.type = TOK_ATOM;
		break;              /* every other escape is its character: \( \{ \| \+ \. ... */
	case '.': case '^': case '$':
		t.type = TOK_ATOM;
		break;
	case '*': case '+': case '?':
		t.type = TOK_DUP;
		break;
	case '{': t.type = TOK_OPEN_DUP; break;
	case '}': t.type = TOK_CLOSE_DUP; break;
	case '(': t.type = TOK_OPEN; break;
	case ')': t.type = TOK_CLOSE; break;
	case '|': t.type = TOK_ALT; break;
	case '[': t.type = TOK_BRACKET; break;
	default:
		break;
	}
	return t;
}

/* glibc's fetch_number: the tokens from *sp up to '}' or ',' (left in *t) as a count; -1 for
 * none, -2 for anything but digits; above ERE_DUP_MAX it stays at ERE_DUP_MAX + 1. */
static long ere_fetch_number(const char **sp, struct ere_token *t)
{
	long num = -1;

	for (;;) {
		*t = ere_peek(*sp);
		*sp += t->len;
		if (t->type == TOK_END)
			return -2;
		if (t->type == TOK_CLOSE_DUP || t->c == ',')
			return num;
		if (t->type != TOK_CHAR || t->c < '0' || t->c > '9' || num == -2)
			num = -2;
		else if (num == -1)
			num = t->c - '0';
		else if ((num = num * 10 + (t->c - '0')) > ERE_DUP_MAX)
			num = ERE_DUP_MAX + 1;
	}
}

/* The interval whose '{' is just before *sp (glibc's parse_dup_op): the copies of its operand
 * glibc makes ("{n}" and "{n,m}": the larger count, "{n,}": n + 1, "{0}": 1, as the operand is
 * built before it is dropped), *sp moved past the '}'.  0 for an interval regcomp refuses. */
static unsigned long ere_interval(const char **sp)
{
	struct ere_token t;
	long start = ere_fetch_number(sp, &t), end = -2;

	if (start == -1) {
		if (t.type != TOK_CHAR || t.c != ',')
			return 0;                  /* "{}" */
		start = 0;                         /* "{,m}" is "{0,m}" */
	}
	if (start != -2)
		end = t.type == TOK_CLOSE_DUP ? start :
		      t.type == TOK_CHAR && t.c == ',' ? ere_fetch_number(sp, &t) : -2;
	if (start == -2 || end == -2 || (end != -1 && start > end) || t.type != TOK_CLOSE_DUP ||
	    (end == -1 ? start : end) > ERE_DUP_MAX)
		return 0;
	if (end == -1)
		return (unsigned long)start + 1;
	return end > 0 ? (unsigned long)end : 1;
}

/* The byte after the bracket expression whose '[' is at s (or the end of the pattern), as
 * glibc's parse_bracket_exp finds it: a ']' first (after an optional '^') is a member, and
 * "[:", "[=", "[." open a name that only ":]", "=]", ".]" close. */
static const char *ere_skip_bracket(const char *s)
{
	s++;
	if (*s == '^')
		s++;
	if (*s == ']')
		s++;
	while (*s && *s != ']') {
		if (s[0] == '[' && s[1] && strchr(".=:", s[1])) {
			char delim = s[1];
			s += 2;
			while (*s && !(s[0] == delim && s[1] == ']'))
				s++;
			if (!*s)
				return s;          /* unterminated: regcomp refuses it */
			s += 2;
		} else {
			s++;
		}
	}
	return *s ? s + 1 : s;
}

static unsigned long ere_add(unsigned long a, unsigned long b)
{
	return a + b >= ERE_CAP ? ERE_CAP : a + b;
}

static unsigned long ere_mul(unsigned long a, unsigned long k)
{
	if (a == 0 || k == 0)
		return 0;
	return k >= ERE_CAP || a >= ERE_CAP / k + 1 || a * k >= ERE_CAP ? ERE_CAP : a * k;
}

/* One group (or the whole pattern) while it is read: the positions of its finished
 * alternatives, of the branch being read, and of the branch's last operand. */
struct ere_group {
	unsigned long alts, branch, last;
};

int ere_check(const char *pattern, char *err, size_t errlen)
{
	struct ere_group g[ERE_MAX_DEPTH + 1];
	unsigned depth = 0;
	const char *s = pattern, *dup_at = NULL;  /* dup_at: the repetition operator just read */
	bool have_operand = false;                /* something a repetition operator would repeat */

	memset(&g[0], 0, sizeof(g[0]));
	for (;;) {
		const char *at = s;
		struct ere_token t = ere_peek(s);
		unsigned long operand = 0, copies = 0;

		s += t.len;
		switch (t.type) {
		case TOK_END:
			break;
		case TOK_BACKREF:
			return errmsg_einval(err, errlen, "back-reference \"\\%c\" (glibc's time to match it "
					     "grows exponentially with the text)", t.c);
		case TOK_DUP:
			copies = t.c == '+' ? 2 : 1;   /* a+ is aa*, a* and a? keep one copy */
			break;
		case TOK_OPEN_DUP:
			copies = ere_interval(&s);
			if (copies == 0) {             /* refused by regcomp; read on as characters */
				s = at + 1;
				operand = 1;
			}
			break;
		case TOK_OPEN:
			if (depth == ERE_MAX_DEPTH)
				return errmsg_einval(err, errlen, "groups nested more than %d deep", ERE_MAX_DEPTH);
			memset(&g[++depth], 0, sizeof(g[0]));
			have_operand = false;
			dup_at = NULL;
			continue;
		case TOK_CLOSE:
			if (depth == 0) {
				operand = 1;           /* an unmatched ')' is a character */
				break;
			}
			operand = ere_add(ere_add(g[depth].alts, g[depth].branch), 1);
			depth--;
			break;
		case TOK_ALT:
			g[depth].alts = ere_add(g[depth].alts, ere_add(g[depth].branch, 1));
			g[depth].branch = g[depth].last = 0;
			have_operand = false;
			dup_at = NULL;
			continue;
		case TOK_BRACKET:
			s = ere_skip_bracket(at);
			operand = 1;
			break;
		default:                               /* characters, '.', anchors, \w ... */
			operand = 1;
			break;
		}
		if (t.type == TOK_END)
			break;
		if (copies) {
			if (dup_at)
				return errmsg_einval(err, errlen, "stacked repetition operators \"%.*s\" (undefined "
						     "in POSIX; glibc compiles them in exponential memory)",
						     (int)(s - dup_at > 16 ? 16 : s - dup_at), dup_at);
			if (!have_operand)             /* nothing to repeat: regcomp refuses it here */
				continue;
			g[depth].branch = ere_add(g[depth].branch, ere_mul(g[depth].last, copies - 1));
			g[depth].last = ere_mul(g[depth].last, copies);
			dup_at = at;
			continue;
		}
		g[depth].branch = ere_add(g[depth].branch, operand);
		g[depth].last = operand;
		have_operand = true;
		dup_at = NULL;
	}
	while (depth > 0) {                            /* unclosed groups: regcomp refuses them */
		unsigned long inner = ere_add(ere_add(g[depth].alts, g[depth].branch), 1);
		depth--;
		g[depth].branch = ere_add(g[depth].branch, inner);
	}
	unsigned long positions = ere_add(g[0].alts, g[0].branch);
	if (positions > ERE_MAX_POSITIONS)
		return errmsg_einval(err, errlen, "over %d positions once its repetitions are written out "
				     "(a{3} counts as aaa)", ERE_MAX_POSITIONS);
	return (int)positions;
}

int ere_compile(regex_t *re, const char *pattern, char *err, size_t errlen)
{
	int positions = ere_check(pattern, err, errlen);
	if (positions < 0)
		return positions;
	int rc = regcomp(re, pattern, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		char msg[128];
		regerror(rc, re, msg, sizeof(msg));
		return errmsg_einval(err, errlen, "%s", msg);
	}
	return positions;
}
