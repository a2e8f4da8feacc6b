#include "diag.h"
#include "pdf/fonts.h"
#include "pdf/itemize.h"
#include "testutil.h"

/* The itemizer gives the items pango_itemize gives, field by field, for
 * texts it cuts itself and texts it hands to Pango, under the attributes
 * a paragraph's inlines set. */

typedef struct {
	PangoFontMap *map;
	PangoContext *context;
	Itemizer *z;
} Fixture;

static void
fixture_set_up(Fixture *f, const char *lang)
{
	Diag diag;
	diag_init(&diag, stderr);
	f->map = fonts_map_new("fonts", &diag); /* the tests run from the top of the repository */
	g_assert_nonnull(f->map);
	diag_clear(&diag);
	f->context = fonts_context_new(f->map, lang);
	PangoFontDescription *desc = pango_font_description_from_string("Noto Serif 9.5");
	pango_context_set_font_description(f->context, desc);
	pango_font_description_free(desc);
	f->z = itemizer_new(f->context);
}

static void
fixture_tear_down(Fixture *f)
{
	itemizer_free(f->z);
	g_object_unref(f->context);
	g_object_unref(f->map);
}

static void
same_attrs(GSList *a, GSList *b)
{
	g_assert_cmpuint(g_slist_length(a), ==, g_slist_length(b));
	for (; a && b; a = a->next, b = b->next) {
		PangoAttribute *x = a->data, *y = b->data;
		g_assert_true(pango_attribute_equal(x, y));
		g_assert_cmpuint(x->start_index, ==, y->start_index);
		g_assert_cmpuint(x->end_index, ==, y->end_index);
	}
}

/* The itemizer's items for text under attrs, checked against Pango's;
 * returns whether the itemizer cut them itself. */
static gboolean
check_items(Fixture *f, const char *text, PangoAttrList *attrs)
{
	guint here_before, pango_before, here, pango;
	itemizer_counts(f->z, &here_before, &pango_before);
	int length = (int)strlen(text);
	GList *mine = itemizer_items(f->z, text, length, attrs);
	GList *theirs = pango_itemize(f->context, text, 0, length, attrs, NULL);
	if (g_list_length(mine) != g_list_length(theirs))
		g_error("\"%s\": %u items, Pango %u", text, g_list_length(mine),
		        g_list_length(theirs));
	for (GList *a = mine, *b = theirs; a && b; a = a->next, b = b->next) {
		PangoItem *x = a->data, *y = b->data;
		g_assert_cmpint(x->offset, ==, y->offset);
		g_assert_cmpint(x->length, ==, y->length);
		g_assert_cmpint(x->num_chars, ==, y->num_chars);
		g_assert_true(x->analysis.font == y->analysis.font);
		g_assert_cmpuint(x->analysis.level, ==, y->analysis.level);
		g_assert_cmpuint(x->analysis.gravity, ==, y->analysis.gravity);
		g_assert_cmpuint(x->analysis.flags, ==, y->analysis.flags);
		g_assert_cmpuint(x->analysis.script, ==, y->analysis.script);
		g_assert_true(x->analysis.language == y->analysis.language);
		same_attrs(x->analysis.extra_attrs, y->analysis.extra_attrs);
	}
	g_list_free_full(mine, (GDestroyNotify)pango_item_free);
	g_list_free_full(theirs, (GDestroyNotify)pango_item_free);
	itemizer_counts(f->z, &here, &pango);
	g_assert_cmpuint(here + pango, ==, here_before + pango_before + 1);
	return here > here_before;
}

/* attrs as a paragraph's: the setting's font over all, then the spans. */
static PangoAttrList *
paragraph_attrs(const char *family)
{
	PangoAttrList *attrs = pango_attr_list_new();
	PangoFontDescription *desc = pango_font_description_from_string(family);
	pango_attr_list_insert(attrs, pango_attr_font_desc_new(desc));
	pango_font_description_free(desc);
	return attrs;
}

static void
span(PangoAttrList *attrs, PangoAttribute *attr, const char *text, const char *from, const char *to)
{
	attr->start_index = (guint)(strstr(text, from) - text);
	attr->end_index = to ? (guint)(strstr(text, to) - text) : (guint)strlen(text);
	pango_attr_list_insert(attrs, attr);
}

static const char *const cut_here[] = {
    "Ο κωδικός πρόσβασης αλλάζει από τη σελίδα «Λογαριασμός»· δείτε τις οδηγίες.",
    "   Κενά στην αρχή και στο τέλος   ",
    "Πατήστε 1, 2, 3 — και μετά OK;", /* Greek with Latin: two scripts */
    "The quick brown fox (jumps) over 13 lazy dogs: 50% off, $3 & #2!",
    "Übergröße: Straße, Æble, ø, å — «citat» ‚so‘ 1½ × 2 ÷ 3 © ® °C",
    "Съешь же ещё этих мягких французских булок, да выпей чаю.",
    "1234 5678 — 90.",
    " ",
    "ἀρχὴ ἥμισυ παντός· ὁ βίος βραχύς",
    "a\u00a0b\u202fc\u2009d",
};

static const char *const to_pango[] = {
    "Ελληνικά και العربية",  /* right to left */
    "טקסט עברי",             /* right to left */
    "tab\there",             /* a forced break */
    "e\u0301 combining",     /* a mark */
    "emoji \U0001F600 here", /* past U+20FF */
    "keycap 1\ufe0f\u20e3",  /* a selector */
    "zero\u200bwidth",       /* a format character */
    "line\u2028separator",
    "日本語のテキスト",
    "soft\u00adhyphen",
};

static void
test_plain(Fixture *f, gconstpointer data)
{
	(void)data;
	for (guint i = 0; i < G_N_ELEMENTS(cut_here); i++) {
		PangoAttrList *attrs = paragraph_attrs("Noto Serif 9.5");
		gboolean here = check_items(f, cut_here[i], attrs);
		/* All but the one of two scripts are cut here. */
		g_assert_true(here == (i != 2));
		pango_attr_list_unref(attrs);
	}
	for (guint i = 0; i < G_N_ELEMENTS(to_pango); i++) {
		PangoAttrList *attrs = paragraph_attrs("Noto Serif 9.5");
		g_assert_false(check_items(f, to_pango[i], attrs));
		pango_attr_list_unref(attrs);
	}
}

static void
test_spans(Fixture *f, gconstpointer data)
{
	(void)data;
	const char *text = "Πατήστε το κουμπί Είσοδος, δείτε τη σελίδα και γράψτε "
	                   "τον κωδικό σας εδώ στη γραμμή εντολών.";
	PangoAttrList *attrs = paragraph_attrs("Noto Serif 9.5");
	span(attrs, pango_attr_weight_new(PANGO_WEIGHT_BOLD), text, "Είσοδος", ",");
	span(attrs, pango_attr_foreground_new(0x2000, 0x4000, 0x8000), text, "σελίδα", " και");
	span(attrs, pango_attr_style_new(PANGO_STYLE_ITALIC), text, "κωδικό", " σας");
	span(attrs, pango_attr_family_new("Noto Sans Mono"), text, "εδώ", " στη");
	span(attrs, pango_attr_scale_new(0.8), text, "εδώ", " στη");
	span(attrs, pango_attr_rise_new(3000), text, "γραμμή", " εντολών");
	span(attrs, pango_attr_background_new(0xf000, 0xf000, 0xf000), text, "γραμμή", NULL);
	span(attrs, pango_attr_strikethrough_new(TRUE), text, "τη ", "σελίδα");
	g_assert_true(check_items(f, text, attrs));
	pango_attr_list_unref(attrs);

	/* A run of spaces alone between two spans. */
	const char *spaces = "Έντονα   πλάγια";
	attrs = paragraph_attrs("Noto Serif 9.5");
	span(attrs, pango_attr_weight_new(PANGO_WEIGHT_BOLD), spaces, "Έντονα", "   ");
	span(attrs, pango_attr_style_new(PANGO_STYLE_ITALIC), spaces, "πλάγια", NULL);
	g_assert_true(check_items(f, spaces, attrs));
	pango_attr_list_unref(attrs);

	/* Words in another language: their own derived language. */
	const char *foreign = "Η λέξη Straße είναι γερμανική.";
	attrs = paragraph_attrs("Noto Sans 9");
	span(attrs, pango_attr_language_new(pango_language_from_string("de")), foreign, "Straße",
	     " είναι");
	g_assert_false(check_items(f, foreign, attrs)); /* two scripts */
	pango_attr_list_unref(attrs);
	const char *german = "Die Straße heißt auf Dänisch gade.";
	attrs = paragraph_attrs("Noto Sans 9");
	span(attrs, pango_attr_language_new(pango_language_from_string("da")), german, "gade", ".");
	g_assert_true(check_items(f, german, attrs));
	pango_attr_list_unref(attrs);

	/* What changes itemization itself goes to Pango. */
	attrs = paragraph_attrs("Noto Serif 9.5");
	span(attrs, pango_attr_fallback_new(FALSE), text, "σελίδα", NULL);
	g_assert_false(check_items(f, text, attrs));
	pango_attr_list_unref(attrs);
	attrs = paragraph_attrs("Noto Serif Small-Caps 9.5");
	g_assert_false(check_items(f, text, attrs));
	pango_attr_list_unref(attrs);
}

/* A family folio does not bundle: its characters come from the fontset's
 * fallback, as Pango chooses them. */
static void
test_fallback(Fixture *f, gconstpointer data)
{
	(void)data;
	for (guint i = 0; i < G_N_ELEMENTS(cut_here); i++) {
		PangoAttrList *attrs = paragraph_attrs("No Such Family 10");
		check_items(f, cut_here[i], attrs);
		pango_attr_list_unref(attrs);
		attrs = paragraph_attrs("Noto Sans Mono Bold 7");
		check_items(f, cut_here[i], attrs);
		pango_attr_list_unref(attrs);
	}
}

static void
set_up_el(Fixture *f, gconstpointer data)
{
	(void)data;
	fixture_set_up(f, "el");
}

static void
set_up_en(Fixture *f, gconstpointer data)
{
	(void)data;
	fixture_set_up(f, "en");
}

static void
tear_down(Fixture *f, gconstpointer data)
{
	(void)data;
	fixture_tear_down(f);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/itemize/plain/el", Fixture, NULL, set_up_el, test_plain, tear_down);
	g_test_add("/itemize/plain/en", Fixture, NULL, set_up_en, test_plain, tear_down);
	g_test_add("/itemize/spans/el", Fixture, NULL, set_up_el, test_spans, tear_down);
	g_test_add("/itemize/spans/en", Fixture, NULL, set_up_en, test_spans, tear_down);
	g_test_add("/itemize/fallback", Fixture, NULL, set_up_el, test_fallback, tear_down);
	return g_test_run();
}
