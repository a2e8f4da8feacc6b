#include "testutil.h"
#include "yaml.h"

static YamlDoc *
parse(Captured *c, const char *text, int first_line)
{
	return yaml_doc_parse(text, strlen(text), first_line, "page.md", &c->diag);
}

static void
test_scalars_keep_their_type(void)
{
	Captured c;
	captured_init(&c);
	g_autoptr(YamlDoc) doc =
	    parse(&c, "a: 3\nb: \"3\"\nc: 4.5\nd: true\ne: ~\nf: Κωδικοί\ng: 0x10\n", 2);
	g_assert_nonnull(doc);
	double n;
	gboolean b;
	g_assert_true(yaml_as_number(yaml_map_get(doc->root, "a"), &n));
	g_assert_cmpfloat(n, ==, 3);
	g_assert_false(yaml_as_number(yaml_map_get(doc->root, "b"), &n)); /* quoted: a string */
	g_assert_true(yaml_as_number(yaml_map_get(doc->root, "c"), &n));
	g_assert_cmpfloat(n, ==, 4.5);
	g_assert_true(yaml_as_bool(yaml_map_get(doc->root, "d"), &b));
	g_assert_true(b);
	g_assert_true(yaml_is_null(yaml_map_get(doc->root, "e")));
	g_assert_cmpstr(yaml_map_get(doc->root, "f")->scalar, ==, "Κωδικοί");
	g_assert_false(yaml_as_number(yaml_map_get(doc->root, "g"), &n));
	g_assert_null(yaml_map_get(doc->root, "missing"));
	/* Lines count from first_line. */
	g_assert_cmpint(yaml_map_get(doc->root, "c")->line, ==, 4);
	g_assert_cmpint(yaml_map_get(doc->root, "c")->col, ==, 4);
	g_assert_cmpint(c.diag.warnings + c.diag.errors, ==, 0);
	captured_clear(&c);
}

static void
test_syntax_error_has_location(void)
{
	Captured c;
	captured_init(&c);
	YamlDoc *doc = parse(&c, "title: ok\nparent: [unclosed\nnav_order: 2\n", 2);
	g_assert_null(doc);
	g_assert_cmpint(c.diag.errors, ==, 1);
	g_assert_true(g_str_has_prefix(captured_text(&c), "page.md:"));
	g_assert_nonnull(strstr(captured_text(&c), "error: invalid YAML"));
	captured_clear(&c);
}

static void
test_tab_indentation_is_an_error(void)
{
	Captured c;
	captured_init(&c);
	YamlDoc *doc = parse(&c, "title: x\n\tparent: y\n", 2);
	g_assert_null(doc);
	g_assert_true(g_str_has_prefix(captured_text(&c), "page.md:3:"));
	captured_clear(&c);
}

static void
test_duplicate_key_warns_and_last_wins(void)
{
	Captured c;
	captured_init(&c);
	g_autoptr(YamlDoc) doc = parse(&c, "title: one\ntitle: two\n", 2);
	g_assert_nonnull(doc);
	g_assert_cmpstr(yaml_map_get(doc->root, "title")->scalar, ==, "two");
	g_assert_cmpint(c.diag.warnings, ==, 1);
	g_assert_nonnull(
	    strstr(captured_text(&c), "page.md:3:1: warning: key 'title' is given twice"));
	captured_clear(&c);
}

/* Nine levels of ten aliases each would be 10^9 values if copied. */
static void
test_alias_bomb_is_cheap(void)
{
	Captured c;
	captured_init(&c);
	GString *bomb = g_string_new("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
	for (char level = 'b'; level <= 'j'; level++) {
		g_string_append_printf(bomb, "%c: &%c [", level, level);
		for (int i = 0; i < 10; i++)
			g_string_append_printf(bomb, "%s*%c", i ? ", " : "", level - 1);
		g_string_append(bomb, "]\n");
	}
	g_string_append(bomb, "title: survived\n");
	g_autoptr(YamlDoc) doc = parse(&c, bomb->str, 2);
	g_assert_nonnull(doc);
	g_assert_cmpuint(doc->all->len, <, 200);
	g_assert_cmpstr(yaml_map_get(doc->root, "title")->scalar, ==, "survived");
	g_string_free(bomb, TRUE);
	captured_clear(&c);
}

static void
test_depth_limit(void)
{
	Captured c;
	captured_init(&c);
	GString *deep = g_string_new("a: ");
	for (int i = 0; i < 200; i++)
		g_string_append_c(deep, '[');
	g_autoptr(YamlDoc) doc = parse(&c, deep->str, 1);
	g_assert_null(doc);
	g_assert_cmpint(c.diag.errors, ==, 1);
	g_string_free(deep, TRUE);
	captured_clear(&c);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/yaml/scalars-keep-their-type", test_scalars_keep_their_type);
	g_test_add_func("/yaml/syntax-error-has-location", test_syntax_error_has_location);
	g_test_add_func("/yaml/tab-indentation-is-an-error", test_tab_indentation_is_an_error);
	g_test_add_func("/yaml/duplicate-key", test_duplicate_key_warns_and_last_wins);
	g_test_add_func("/yaml/alias-bomb-is-cheap", test_alias_bomb_is_cheap);
	g_test_add_func("/yaml/depth-limit", test_depth_limit);
	return g_test_run();
}
