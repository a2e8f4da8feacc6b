#include "testutil.h"
#include "theme.h"

/* Classes combine as the theme's style sheet combines them, whatever order
 * a page writes them in. */
static void
test_combine(void)
{
	ThemeLook a, b;
	g_assert_true(theme_look("label label-green", &a));
	g_assert_true(theme_look("label-green label", &b));
	g_assert_cmpint(a.frame, ==, THEME_FRAME_LABEL);
	g_assert_true(a.uppercase && a.no_break);
	g_assert_true(a.has_color && a.has_background);
	g_assert_cmphex(a.color, ==, 0xFFFFFF);
	g_assert_cmphex(a.background, ==, b.background);
	g_assert_cmphex(a.color, ==, b.color);
	g_assert_cmpfloat(a.scale, ==, b.scale);

	/* A utility class wins over the component's own size. */
	ThemeLook big;
	g_assert_true(theme_look("fs-6 label", &big));
	g_assert_cmpfloat(big.scale, ==, 1.5);

	ThemeLook lead;
	g_assert_true(theme_look("fs-6 fw-300", &lead));
	g_assert_cmpfloat(lead.scale, ==, 1.5);
	g_assert_cmpint(lead.weight, ==, 300);
	g_assert_false(lead.has_color || lead.frame);

	ThemeLook centre;
	g_assert_true(theme_look(" text-center ", &centre));
	g_assert_cmpint(centre.align, ==, DOC_ALIGN_CENTER);
}

static void
test_unknown(void)
{
	ThemeLook look;
	g_assert_false(theme_look(NULL, &look));
	g_assert_false(theme_look("", &look));
	g_assert_false(theme_look("no_toc recipe-chip text-", &look));
	g_assert_false(theme_look("text-nocolour bg-", &look));
	g_assert_cmpfloat(look.scale, ==, 0);
}

/* Every colour a class gives reads: text on the page, text on its tint. */
static void
test_contrast(void)
{
	g_assert_cmpfloat(theme_contrast(0xFFFFFF, 0x000000), >, 20.9);
	g_assert_cmpfloat(theme_contrast(0x777777, 0xFFFFFF), ==,
	                  theme_contrast(0xFFFFFF, 0x777777));
	static const char *const tinted[] = {
	    "label",         "label label-green", "label label-red", "label label-yellow",
	    "btn btn-green", "btn btn-blue",      "btn btn-primary", "bg-grey-dk-300",
	    "bg-yellow-000"};
	for (gsize i = 0; i < G_N_ELEMENTS(tinted); i++) {
		ThemeLook look;
		g_assert_true(theme_look(tinted[i], &look));
		guint32 text = look.has_color ? look.color : 0x000000;
		g_assert_cmpfloat(theme_contrast(text, look.background), >=, 4.5);
	}
	/* The theme's green under white text reads 3.4:1; darkened, it reads. */
	g_assert_cmpfloat(theme_contrast(0xFFFFFF, 0x009C7B), <, 4.5);
	static const char *const pale[] = {"text-yellow-000", "text-grey-lt-100", "text-green-000",
	                                   "text-grey-dk-000"};
	for (gsize i = 0; i < G_N_ELEMENTS(pale); i++) {
		ThemeLook look;
		g_assert_true(theme_look(pale[i], &look));
		g_assert_cmpfloat(theme_contrast(look.color, 0xFFFFFF), >=, 4.5);
	}
	/* A colour that reads already is the theme's own. */
	ThemeLook dark;
	g_assert_true(theme_look("text-purple-300", &dark));
	g_assert_cmphex(dark.color, ==, 0x381885);
}

/* The style sheet says what the PDF does, class by class. */
static void
test_css(void)
{
	GString *css = g_string_new(NULL);
	theme_append_css(css);
	ThemeLook green;
	theme_look("label label-green", &green);
	/* On an e-reader a label is outlined and lettered in its tint, never
	 * white letters a reader that draws no tint would lose. */
	const char *at = strstr(css->str, ".label-green {");
	g_assert_nonnull(at);
	g_autofree char *rule = g_strndup(at, (gsize)(strchr(at, '}') - at));
	g_autofree char *border = g_strdup_printf("border: 1px solid #%06x;", green.background);
	g_autofree char *color = g_strdup_printf("color: #%06x;", green.background);
	g_assert_nonnull(strstr(rule, border));
	g_assert_nonnull(strstr(rule, color));
	g_assert_null(strstr(rule, "#ffffff"));
	g_assert_null(strstr(rule, "background"));
	g_assert_nonnull(strstr(css->str, ".fs-1 { font-size: 0.625em; }"));
	g_assert_nonnull(strstr(css->str, ".text-center { text-align: center; }"));
	g_assert_nonnull(strstr(css->str, ".bg-grey-dk-300 {"));
	/* Base rules before their variants, as the cascade needs. */
	g_assert_true(strstr(css->str, ".label {") < strstr(css->str, ".label-red {"));
	g_assert_true(strstr(css->str, ".btn {") < strstr(css->str, ".btn-green {"));
	g_string_free(css, TRUE);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/theme/combine", test_combine);
	g_test_add_func("/theme/unknown", test_unknown);
	g_test_add_func("/theme/contrast", test_contrast);
	g_test_add_func("/theme/css", test_css);
	return g_test_run();
}
