#include "pdf/fonts.h"
#include "pdf/writer.h"
#include "testutil.h"

/* Addresses printed on paper break only after '/' or before '.', '-', '?',
 * '&', and never leave a line wider than the column. */

static PangoLayout *
mono_layout(PangoContext **context, PangoFontMap **map)
{
	const char *dir = "fonts"; /* the tests run from the top of the repository */
	Diag diag;
	diag_init(&diag, stderr);
	*map = fonts_map_new(dir, &diag);
	g_assert_nonnull(*map);
	diag_clear(&diag);
	*context = fonts_context_new(*map, "el");
	PangoLayout *layout = pango_layout_new(*context);
	PangoFontDescription *desc = pango_font_description_from_string("Noto Sans Mono 7");
	pango_layout_set_font_description(layout, desc);
	pango_font_description_free(desc);
	return layout;
}

static double
width_of(PangoLayout *layout, const char *text)
{
	pango_layout_set_text(layout, text, -1);
	int w, h;
	pango_layout_get_size(layout, &w, &h);
	return w / (double)PANGO_SCALE;
}

static void
check_lines(PangoLayout *layout, const char *url, double width, gboolean rules_hold)
{
	g_autofree char *lines = pdf_url_lines(layout, url, width);
	g_auto(GStrv) parts = g_strsplit(lines, "\n", -1);
	g_autofree char *joined = g_strjoinv("", parts);
	g_assert_cmpstr(joined, ==, url); /* nothing lost, nothing added */
	for (int i = 0; parts[i]; i++) {
		g_assert_cmpuint(strlen(parts[i]), >, 0);
		g_assert_cmpfloat(width_of(layout, parts[i]), <=, width + 0.01);
		if (!rules_hold || !parts[i + 1])
			continue;
		char last = parts[i][strlen(parts[i]) - 1], next = parts[i + 1][0];
		if (!(last == '/' || strchr(".-?&", next)))
			g_error("'%s' broken between '%c' and '%c'", url, last, next);
		g_assert_false(last == '/' && next == '/'); /* never inside "//" */
	}
}

static void
test_url_lines(void)
{
	PangoContext *context;
	PangoFontMap *map;
	PangoLayout *layout = mono_layout(&context, &map);
	double char_width = width_of(layout, "x");

	/* Short enough: one line. */
	g_autofree char *one = pdf_url_lines(layout, "https://bit.ly/3s8aFcT", 300);
	g_assert_cmpstr(one, ==, "https://bit.ly/3s8aFcT");

	const char *long_url = "https://www.central.ntua.gr/services/accounts/"
	                       "forgotten-password/index.php?lang=el&from=booklet";
	for (double w = 30 * char_width; w <= 60 * char_width; w += 7 * char_width)
		check_lines(layout, long_url, w, TRUE);
	g_autofree char *narrow = pdf_url_lines(layout, long_url, 30 * char_width);
	g_assert_nonnull(strchr(narrow, '\n'));
	g_assert_true(g_str_has_prefix(narrow, "https://www.central"));

	/* A run with nowhere to break is cut between characters, never left
	 * sticking out. */
	check_lines(layout, "https://example.org/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	            20 * char_width, FALSE);
	/* Non-ASCII addresses keep whole characters. */
	check_lines(layout, "https://el.wikipedia.org/wiki/Εθνικό_Μετσόβιο_Πολυτεχνείο",
	            18 * char_width, FALSE);

	g_object_unref(layout);
	g_object_unref(context);
	g_object_unref(map);
}

static void
test_url_shown(void)
{
	g_assert_cmpstr(pdf_url_shown("mailto:helpdesk@central.ntua.gr"), ==,
	                "helpdesk@central.ntua.gr");
	g_assert_cmpstr(pdf_url_shown("https://bit.ly/x"), ==, "https://bit.ly/x");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/notes/url-lines", test_url_lines);
	g_test_add_func("/notes/url-shown", test_url_shown);
	return g_test_run();
}
