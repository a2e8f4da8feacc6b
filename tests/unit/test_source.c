#include "source.h"
#include "testutil.h"

static SourceText *
load(Captured *c, const char *data, gssize len)
{
	return source_from_memory(data, len < 0 ? strlen(data) : (gsize)len, "p.md", &c->diag);
}

static void
test_bom_and_crlf(void)
{
	Captured c;
	captured_init(&c);
	g_autoptr(SourceText) t = load(&c, "\xEF\xBB\xBF---\r\ntitle: x\r\n---\r\nbody\r\n", -1);
	g_assert_nonnull(t);
	g_assert_true(g_str_has_prefix(t->data, "---"));
	FrontMatter fm = source_front_matter(t);
	g_assert_true(fm.present);
	g_assert_false(fm.unterminated);
	g_assert_cmpint(fm.yaml_line, ==, 2);
	g_assert_cmpint(fm.body_line, ==, 4);
	g_assert_true(g_str_has_prefix(t->data + fm.body_start, "body"));
	int line, col;
	source_position(t, fm.body_start + 2, &line, &col);
	g_assert_cmpint(line, ==, 4);
	g_assert_cmpint(col, ==, 3);
	captured_clear(&c);
}

static void
test_lone_cr_ends_lines(void)
{
	Captured c;
	captured_init(&c);
	g_autoptr(SourceText) t = load(&c, "a\rb\rc", -1);
	int line, col;
	source_position(t, 4, &line, &col);
	g_assert_cmpint(line, ==, 3);
	g_assert_cmpint(col, ==, 1);
	captured_clear(&c);
}

static void
test_columns_count_characters(void)
{
	Captured c;
	captured_init(&c);
	g_autoptr(SourceText) t = load(&c, "αβγ δ", -1);
	int line, col;
	source_position(t, strlen("αβγ "), &line, &col);
	g_assert_cmpint(col, ==, 5);
	captured_clear(&c);
}

static void
test_invalid_utf8_is_replaced(void)
{
	Captured c;
	captured_init(&c);
	g_autoptr(SourceText) t = load(&c, "ok\nbad \xC3\x28 here\n", -1);
	g_assert_nonnull(t);
	g_assert_true(g_utf8_validate(t->data, -1, NULL));
	g_assert_nonnull(strstr(t->data, "\xEF\xBF\xBD"));
	g_assert_nonnull(strstr(captured_text(&c), "p.md:2:5: warning: invalid UTF-8"));
	captured_clear(&c);
}

static void
test_legacy_greek_is_detected(void)
{
	Captured c;
	captured_init(&c);
	/* "Καλημέρα" in ISO-8859-7 / Windows-1253 */
	g_autoptr(SourceText) t = load(&c, "\xCA\xE1\xEB\xE7\xEC\xDD\xF1\xE1\n", -1);
	g_assert_nonnull(t);
	g_assert_cmpstr(t->data, ==, "Καλημέρα\n");
	g_assert_nonnull(strstr(captured_text(&c), "ISO-8859-7"));
	captured_clear(&c);
}

static void
test_nul_bytes_refused(void)
{
	Captured c;
	captured_init(&c);
	SourceText *t = load(&c, "abc\0def", 7);
	g_assert_null(t);
	g_assert_cmpint(c.diag.errors, ==, 1);
	g_assert_nonnull(strstr(captured_text(&c), "NUL"));
	captured_clear(&c);
}

static void
test_front_matter_cases(void)
{
	Captured c;
	captured_init(&c);
	g_autoptr(SourceText) none = load(&c, "# Title\n---\nx: 1\n---\n", -1);
	g_assert_false(source_front_matter(none).present);
	g_autoptr(SourceText) open = load(&c, "---\ntitle: x\nno end\n", -1);
	FrontMatter fm = source_front_matter(open);
	g_assert_true(fm.present);
	g_assert_true(fm.unterminated);
	g_autoptr(SourceText) dots = load(&c, "---\ntitle: x\n...\nbody\n", -1);
	fm = source_front_matter(dots);
	g_assert_false(fm.unterminated);
	g_assert_cmpint(fm.body_line, ==, 4);
	g_autoptr(SourceText) empty = load(&c, "---\n---\n", -1);
	fm = source_front_matter(empty);
	g_assert_true(fm.present);
	g_assert_cmpuint(fm.yaml_len, ==, 0);
	captured_clear(&c);
}

/* A text made from a source, taken over as it is: its lines and columns
 * are found as a source's are. */
static void
test_take_valid(void)
{
	const char *text = "---\ntitle: Α\n---\nΚείμενο\r\nδεύτερη\rτρίτη";
	g_autoptr(SourceText) read = source_from_memory(text, strlen(text), "x.md", NULL);
	g_autoptr(SourceText) taken = source_take_valid(g_string_new(text));
	g_assert_cmpstr(taken->data, ==, read->data);
	g_assert_cmpuint(taken->len, ==, read->len);
	g_assert_cmpuint(taken->line_starts->len, ==, read->line_starts->len);
	for (gsize at = 0; at <= taken->len; at += 3) {
		int l1, c1, l2, c2;
		source_position(taken, at, &l1, &c1);
		source_position(read, at, &l2, &c2);
		g_assert_cmpint(l1, ==, l2);
		g_assert_cmpint(c1, ==, c2);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/source/bom-and-crlf", test_bom_and_crlf);
	g_test_add_func("/source/lone-cr-ends-lines", test_lone_cr_ends_lines);
	g_test_add_func("/source/columns-count-characters", test_columns_count_characters);
	g_test_add_func("/source/invalid-utf8-is-replaced", test_invalid_utf8_is_replaced);
	g_test_add_func("/source/legacy-greek-is-detected", test_legacy_greek_is_detected);
	g_test_add_func("/source/take-valid", test_take_valid);
	g_test_add_func("/source/nul-bytes-refused", test_nul_bytes_refused);
	g_test_add_func("/source/front-matter-cases", test_front_matter_cases);
	return g_test_run();
}
