/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for lib/util: JSON writer (null for unknown numbers), escaping of hostile text,
 * strict number parsing, human-readable sizes, the check of regexes before regcomp. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "lib/util/ere.h"
#include "lib/util/html.h"
#include "lib/util/json.h"
#include "lib/util/numparse.h"
#include "lib/util/safetext.h"
#include "lib/util/units.h"

static void test_json_nesting_and_escapes(void **state)
{
	struct strbuf sb;
	struct json j;

	strbuf_init(&sb);
	json_init(&j, &sb);
	json_obj_begin(&j);
	json_kv_str(&j, "name", "a\"b\\c\nd");
	json_kv_int(&j, "n", -5);
	json_key(&j, "list");
	json_arr_begin(&j);
	json_uint(&j, 1);
	json_bool(&j, true);
	json_null(&j);
	json_arr_end(&j);
	json_kv_str(&j, "ctl", "\x1b[31m");
	json_obj_end(&j);
	assert_string_equal(sb.buf,
		"{\"name\":\"a\\\"b\\\\c\\nd\",\"n\":-5,\"list\":[1,true,null],\"ctl\":\"\\u001b[31m\"}");
	strbuf_free(&sb);
}

/* The "not known" markers become null; every other value, the type's extremes included, a number. */
static void test_json_or_null(void **state)
{
	struct strbuf sb;
	struct json j;

	strbuf_init(&sb);
	json_init(&j, &sb);
	json_obj_begin(&j);
	json_kv_int_or_null(&j, "a", JSON_INT_NULL);
	json_kv_int_or_null(&j, "b", INT64_MIN + 1);
	json_kv_int_or_null(&j, "c", 0);
	json_kv_uint_or_null(&j, "d", JSON_UINT_NULL);
	json_kv_uint_or_null(&j, "e", UINT64_MAX - 1);
	json_obj_end(&j);
	assert_string_equal(sb.buf, "{\"a\":null,\"b\":-9223372036854775807,\"c\":0,\"d\":null,"
				    "\"e\":18446744073709551614}");
	strbuf_free(&sb);
}

static void test_safetext_terminal_hostile(void **state)
{
	char buf[64];
	assert_string_equal(safetext_terminal_buf(buf, sizeof(buf), "a b) (c"), "a b) (c");
	assert_string_equal(safetext_terminal_buf(buf, sizeof(buf), "x\ny\x1b[2J"), "x\\ny\\x1b[2J");
	/* valid UTF-8 is kept, a lone continuation byte is escaped */
	assert_string_equal(safetext_terminal_buf(buf, sizeof(buf), "caf\xc3\xa9\x80"), "caf\xc3\xa9\\x80");
	/* truncation keeps a marker */
	char small[8];
	assert_string_equal(safetext_terminal_buf(small, sizeof(small), "abcdefghij"), "abcd...");
}

static void test_numparse(void **state)
{
	int64_t i;
	uint64_t u;
	int v;

	assert_int_equal(numparse_i64("-1000", &i), 0);
	assert_int_equal(i, -1000);
	assert_int_equal(numparse_i64("12abc", &i), -EINVAL);
	assert_int_equal(numparse_u64("99999999999999999999999", &u), -ERANGE);
	assert_int_equal(numparse_int_range("1001", -1000, 1000, &v), -ERANGE);
	assert_int_equal(numparse_size_bytes("512M", &u), 0);
	assert_int_equal(u, 512ull << 20);
	assert_int_equal(numparse_size_bytes("1.5GiB", &u), 0);
	assert_int_equal(u, 3ull << 29);
	assert_int_equal(numparse_size_bytes("10X", &u), -EINVAL);
}

/* Each style at the unit boundaries, unknown values and the unsigned edge. */
static void test_size_styles(void **state)
{
	static const struct {
		int64_t kb;
		const char *shortf, *longf, *cell, *rounded;
	} cases[] = {
		{ 0, "0K", "0 KiB", "0", "0 KiB" },
		{ 900, "900K", "900 KiB", "900K", "900 KiB" },
		{ 1023, "1023K", "1023 KiB", "1023K", "1023 KiB" },
		{ 1024, "1.0M", "1.0 MiB", "1M", "1 MiB" },
		{ 1536, "1.5M", "1.5 MiB", "2M", "2 MiB" },
		{ 655360, "640.0M", "640.0 MiB", "640M", "640 MiB" },
		{ 1048575, "1024.0M", "1024.0 MiB", "1024M", "1024 MiB" },
		{ 1048576, "1.0G", "1.0 GiB", "1.0G", "1.0 GiB" },
		{ 1572864, "1.5G", "1.5 GiB", "1.5G", "1.5 GiB" },
		{ 10485759, "10.0G", "10.0 GiB", "10.0G", "10.0 GiB" },
		{ 10485760, "10.0G", "10.0 GiB", "10.0G", "10 GiB" },
		{ 12582912, "12.0G", "12.0 GiB", "12.0G", "12 GiB" },
		{ -5, "-5K", "-5 KiB", "-5K", "-5 KiB" },
		{ SIZE_UNKNOWN, "?", "?", "?", "?" },
	};
	char buf[32];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_string_equal(units_size_kib(buf, sizeof(buf), cases[i].kb, SIZE_SHORT), cases[i].shortf);
		assert_string_equal(units_size_kib(buf, sizeof(buf), cases[i].kb, SIZE_LONG), cases[i].longf);
		assert_string_equal(units_size_kib(buf, sizeof(buf), cases[i].kb, SIZE_CELL), cases[i].cell);
		assert_string_equal(units_size_kib(buf, sizeof(buf), cases[i].kb, SIZE_ROUNDED), cases[i].rounded);
	}
	/* a small buffer is cut, still terminated */
	assert_string_equal(units_size_kib(buf, 4, 1572864, SIZE_LONG), "1.5");
	assert_int_equal(units_from_u64(UINT64_MAX), SIZE_UNKNOWN);
	assert_int_equal(units_from_u64((uint64_t)INT64_MAX + 1), SIZE_UNKNOWN);
	assert_int_equal(units_from_u64(12345), 12345);
}

/* Hostile text in HTML: markup, quotes, newlines and invalid UTF-8 come out as visible text. */
static void test_html_escaping(void **state)
{
	struct strbuf sb;
	(void)state;

	strbuf_init(&sb);
	html_text(&sb, "<script>alert(1)</script> \"q\" 'a' & b\nc\xff\xfe \xc3\xa9");
	assert_false(sb.failed);
	assert_string_equal(sb.buf, "&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; &#39;a&#39; &amp; "
			    "b\\nc\\xff\\xfe \xc3\xa9");
	strbuf_free(&sb);
	strbuf_init(&sb);
	html_id(&sb, "ev-12ab\"><x");
	assert_string_equal(sb.buf, "ev-12abx");
	strbuf_free(&sb);
	/* a chart always carries its table, with the exact numbers */
	strbuf_init(&sb);
	const struct html_part parts[] = { { "<b>", 1234, "c1", true, NULL }, { "free", 766, "free", false, NULL } };
	html_stacked_bar(&sb, "x", "RAM", "kB", parts, 2, 2000);
	assert_non_null(strstr(sb.buf, "<svg"));
	assert_non_null(strstr(sb.buf, "<table>"));
	assert_non_null(strstr(sb.buf, ">1234 kB<"));
	assert_non_null(strstr(sb.buf, "&lt;b&gt;"));
	assert_null(strstr(sb.buf, "<b>"));
	strbuf_free(&sb);
}

static void expect_refused(const char *pattern, const char *why)
{
	char err[256] = "";
	regex_t re;

	if (ere_check(pattern, err, sizeof(err)) != -EINVAL || !strstr(err, why))
		fail_msg("'%s': got '%s', want '%s'", pattern, err, why);
	assert_null(strchr(err, '\n'));
	err[0] = '\0';
	assert_int_equal(ere_compile(&re, pattern, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, why));
}

/* Patterns glibc's regcomp would compile in exponential memory, or match in exponential time,
 * are refused with the reason; ordinary ones compile and match as regcomp makes them. */
static void test_ere_check(void **state)
{
	char err[256];
	regex_t re;
	(void)state;

	/* the fuzzer's find: a rule's unit=^backu followed by a run of '+' (each doubles glibc's
	 * parse tree); kept short here so that the old code could run it and fail */
	expect_refused("^backu\xfd\xfd++++++++++++p\\.service$", "stacked repetition operators \"++\"");
	expect_refused("a++", "stacked repetition operators \"++\"");
	expect_refused("x.*?", "stacked repetition operators \"*?\"");
	expect_refused("a{2}{3}", "stacked repetition operators \"{2}{3}\"");
	expect_refused("[ab]*{2}", "stacked repetition operators \"*{2}\"");
	expect_refused("x{1\\,2}+", "stacked repetition operators");   /* glibc reads \, as ',' */
	/* nesting through groups multiplies as much: counted, not stacked */
	expect_refused("((((((((((a+)+)+)+)+)+)+)+)+)+)+", "over 1024 positions");
	expect_refused("(a{100}){11}", "over 1024 positions");
	expect_refused("a{1025}", "over 1024 positions");
	expect_refused("a{0,32767}", "over 1024 positions");
	expect_refused("(a?){513}", "over 1024 positions");
	expect_refused("((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
		       "a", "groups nested more than 64 deep");
	expect_refused("^(.*)\\1$", "back-reference \"\\1\"");
	expect_refused("(a)(b)\\2", "back-reference \"\\2\"");

	/* the limit itself, and what looks stacked but is not */
	static const struct { const char *pattern, *match, *miss; } ok[] = {
		{ "a{1024}", NULL, "aaa" },
		{ "(a){511}b", NULL, "ab" },                   /* 511 x (a + its group) + b */
		{ "^chrome$", "chrome", "chromium" },
		{ "^(firefox|chromium)(-bin)?$", "chromium-bin", "firefox-esr" },
		{ "^/system\\.slice/db", "/system.slice/db.service", "/user.slice/db" },
		{ "java .*-Xmx[0-9]+[gG]", "java -server -Xmx12g x", "java -Xms1g" },
		{ "[+*?]+$", "c++", "c" },                     /* in a bracket: characters */
		{ "[]+*]{2}", "a]+", "a+" },                    /* ']' first is a member */
		{ "[[:alpha:]+]{3}", "ab+", "a1+" },
		{ "\\++", "g++", "gcc" },                      /* an escaped '+' then one operator */
		{ "a\\{2}+", "a{2}}", "aa" },
		{ "x{2,}y{,2}z{0}", "xxyy", "xyy" },
		{ "(a+)+b", "aab", "aa" },                     /* nested, small: allowed */
		{ "\\0", "0", "x" },                          /* \0 is the character 0, not a back-reference */
		{ ")+", ")", "x" },                           /* an unmatched ')' is a character */
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		err[0] = '\0';
		if (ere_compile(&re, ok[i].pattern, err, sizeof(err)) < 0)
			fail_msg("'%s' refused: %s", ok[i].pattern, err);
		if (ok[i].match)
			assert_int_equal(regexec(&re, ok[i].match, 0, NULL, 0), 0);
		assert_int_equal(regexec(&re, ok[i].miss, 0, NULL, 0), REG_NOMATCH);
		regfree(&re);
	}

	/* the positions glibc's parse tree gets: a+ is aa*, a group and a '|' are one each */
	assert_int_equal(ere_check("a{1024}", err, sizeof(err)), 1024);
	assert_int_equal(ere_check("(a){511}b", err, sizeof(err)), 1023);
	assert_int_equal(ere_check("^chrome$", err, sizeof(err)), 8);
	assert_int_equal(ere_check("[a-z]+|x{2,}", err, sizeof(err)), 2 + 1 + 3);
	assert_int_equal(ere_check("((a)){3}", err, sizeof(err)), 9);

	/* malformed patterns pass the check; regcomp's own message says what is wrong */
	static const char *const malformed[] = { "(", "a{2", "a{x}", "[a", "+a", "a\\", "a{3,2}" };
	for (size_t i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
		err[0] = '\0';
		assert_true(ere_check(malformed[i], err, sizeof(err)) >= 0);
		assert_int_equal(ere_compile(&re, malformed[i], err, sizeof(err)), -EINVAL);
		assert_true(err[0] != '\0');
	}
	assert_int_equal(ere_compile(&re, "(", err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "Unmatched ( or \\(");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_nesting_and_escapes),
		cmocka_unit_test(test_json_or_null),
		cmocka_unit_test(test_safetext_terminal_hostile),
		cmocka_unit_test(test_numparse),
		cmocka_unit_test(test_size_styles),
		cmocka_unit_test(test_html_escaping),
		cmocka_unit_test(test_ere_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
