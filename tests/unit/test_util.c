/* Unit tests for lib/util: JSON writer, escaping of hostile text, strict number parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "lib/util/json.h"
#include "lib/util/numparse.h"
#include "lib/util/safetext.h"

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

	assert_int_equal(parse_i64("-1000", &i), 0);
	assert_int_equal(i, -1000);
	assert_int_equal(parse_i64("12abc", &i), -EINVAL);
	assert_int_equal(parse_u64("99999999999999999999999", &u), -ERANGE);
	assert_int_equal(parse_int_range("1001", -1000, 1000, &v), -ERANGE);
	assert_int_equal(parse_size_bytes("512M", &u), 0);
	assert_int_equal(u, 512ull << 20);
	assert_int_equal(parse_size_bytes("1.5GiB", &u), 0);
	assert_int_equal(u, 3ull << 29);
	assert_int_equal(parse_size_bytes("10X", &u), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_nesting_and_escapes),
		cmocka_unit_test(test_safetext_terminal_hostile),
		cmocka_unit_test(test_numparse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
