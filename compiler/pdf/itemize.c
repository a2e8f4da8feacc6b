/* Items as pango_itemize (Pango 1.50's itemize.c) makes them, for text
 * where its analyses come out the same everywhere:
 * - the bidirectional levels are all 0: the context's direction is
 *   left-to-right and every character is of a left-to-right or neutral
 *   class (no right-to-left letter, Arabic number, mark or embedding);
 * - one script run: every character is of one script (Latin, Greek or
 *   Cyrillic) or common to all, and Pango gives the common ones the
 *   script of the run they stand in;
 * - no emoji run and no upright run: no character past U+20FF, none of
 *   the joiners, selectors and combining marks that make emoji sequences;
 *   the gravity is south;
 * - a run of attributes is one item, in the font Pango's fontset gives
 *   its first character that is not a space (spaces take the font of the
 *   characters around them), and every such character of the run is
 *   given that same font;
 * - no attribute that changes itemization itself (fallback, gravity, font
 *   scale, a small-caps variant).
 * An item then holds what Pango gives it: the run's offsets and
 * characters, the font, level 0, south gravity, the script, the language
 * derived from the run's language and the script, and the run's other
 * attributes. tests/unit/test_itemize.c holds both to the same texts. */
#include "itemize.h"

#include <string.h>

enum { TABLE = 0x2100, PAGE = 256 };

/* A character's kind, looked up once (0: not yet). */
enum { KIND_UNKNOWN, KIND_PANGO, KIND_SPACE, KIND_COMMON, KIND_LATIN, KIND_GREEK, KIND_CYRILLIC };

static const PangoScript kind_script[] = {
    [KIND_COMMON] = PANGO_SCRIPT_COMMON,
    [KIND_LATIN] = PANGO_SCRIPT_LATIN,
    [KIND_GREEK] = PANGO_SCRIPT_GREEK,
    [KIND_CYRILLIC] = PANGO_SCRIPT_CYRILLIC,
};

/* A fontset's first font with each character, in pages of 256 made as
 * they are needed (NONE: no font of the set has it). */
#define NONE ((PangoFont *)1)
typedef struct {
	PangoFontset *fontset; /* held: its address is the key */
	PangoFont **page[TABLE / PAGE];
} FontsetFonts;

struct Itemizer {
	PangoContext *context;
	GHashTable *fontsets; /* PangoFontset * -> FontsetFonts */
	guint here, pango;
	guint8 kind[TABLE];
};

static void
fontset_fonts_free(gpointer p)
{
	FontsetFonts *f = p;
	for (guint i = 0; i < G_N_ELEMENTS(f->page); i++)
		g_free(f->page[i]);
	g_object_unref(f->fontset);
	g_free(f);
}

Itemizer *
itemizer_new(PangoContext *context)
{
	Itemizer *z = g_new0(Itemizer, 1);
	z->context = g_object_ref(context);
	z->fontsets =
	    g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, fontset_fonts_free);
	return z;
}

void
itemizer_free(Itemizer *z)
{
	if (!z)
		return;
	g_hash_table_unref(z->fontsets);
	g_object_unref(z->context);
	g_free(z);
}

void
itemizer_counts(const Itemizer *z, guint *here, guint *pango)
{
	*here = z->here;
	*pango = z->pango;
}

static guint8
classify(gunichar wc)
{
	GUnicodeType type = g_unichar_type(wc);
	switch (type) {
	case G_UNICODE_CONTROL:
	case G_UNICODE_FORMAT:
	case G_UNICODE_UNASSIGNED:
	case G_UNICODE_PRIVATE_USE:
	case G_UNICODE_SURROGATE:
	case G_UNICODE_SPACING_MARK:
	case G_UNICODE_ENCLOSING_MARK:
	case G_UNICODE_NON_SPACING_MARK:
	case G_UNICODE_LINE_SEPARATOR:
	case G_UNICODE_PARAGRAPH_SEPARATOR: return KIND_PANGO;
	default: break;
	}
	G_GNUC_BEGIN_IGNORE_DEPRECATIONS
	PangoBidiType bidi = pango_bidi_type_for_unichar(wc);
	G_GNUC_END_IGNORE_DEPRECATIONS
	switch (bidi) {
	case PANGO_BIDI_TYPE_L:
	case PANGO_BIDI_TYPE_EN:
	case PANGO_BIDI_TYPE_ES:
	case PANGO_BIDI_TYPE_ET:
	case PANGO_BIDI_TYPE_CS:
	case PANGO_BIDI_TYPE_WS:
	case PANGO_BIDI_TYPE_ON: break;
	default: return KIND_PANGO;
	}
	switch (g_unichar_get_script(wc)) {
	case G_UNICODE_SCRIPT_COMMON:
		return type == G_UNICODE_SPACE_SEPARATOR ? KIND_SPACE : KIND_COMMON;
	case G_UNICODE_SCRIPT_LATIN: return KIND_LATIN;
	case G_UNICODE_SCRIPT_GREEK: return KIND_GREEK;
	case G_UNICODE_SCRIPT_CYRILLIC: return KIND_CYRILLIC;
	default: return KIND_PANGO;
	}
}

static inline guint8
kind_of(Itemizer *z, gunichar wc)
{
	if (wc >= TABLE)
		return KIND_PANGO;
	if (G_UNLIKELY(!z->kind[wc]))
		z->kind[wc] = classify(wc);
	return z->kind[wc];
}

/* The next character of UTF-8 text Pango has validated. */
static inline gunichar
next_char(const char **p)
{
	guchar c = (guchar) * *p;
	if (c < 0x80) {
		(*p)++;
		return c;
	}
	if (c < 0xe0) { /* two bytes: Greek, Cyrillic, Latin-1 */
		gunichar wc = ((gunichar)(c & 0x1f) << 6) | ((guchar)(*p)[1] & 0x3f);
		*p += 2;
		return wc;
	}
	gunichar wc = g_utf8_get_char(*p);
	*p = g_utf8_next_char(*p);
	return wc;
}

typedef struct {
	gunichar wc;
	PangoFont *font;
} FirstFont;

/* As Pango's get_font_foreach: the first font of the set that has wc. */
static gboolean
first_with_char(PangoFontset *fontset, PangoFont *font, gpointer data)
{
	(void)fontset;
	FirstFont *f = data;
	if (!font || !pango_font_has_char(font, f->wc))
		return FALSE;
	f->font = font;
	return TRUE;
}

static PangoFont *
font_for(FontsetFonts *f, gunichar wc)
{
	PangoFont **page = f->page[wc / PAGE];
	if (!page)
		page = f->page[wc / PAGE] = g_new0(PangoFont *, PAGE);
	if (!page[wc % PAGE]) {
		FirstFont first = {wc, NULL};
		pango_fontset_foreach(f->fontset, first_with_char, &first);
		page[wc % PAGE] = first.font ? first.font : NONE;
	}
	return page[wc % PAGE];
}

static FontsetFonts *
fontset_fonts(Itemizer *z, PangoFontset *fontset)
{
	FontsetFonts *f = g_hash_table_lookup(z->fontsets, fontset);
	if (!f) {
		f = g_new0(FontsetFonts, 1);
		f->fontset = g_object_ref(fontset);
		g_hash_table_insert(z->fontsets, fontset, f);
	}
	return f;
}

static gboolean
changes_itemization(GSList *extra)
{
	for (GSList *l = extra; l; l = l->next) {
		switch (((PangoAttribute *)l->data)->klass->type) {
		case PANGO_ATTR_FALLBACK:
		case PANGO_ATTR_GRAVITY:
		case PANGO_ATTR_GRAVITY_HINT:
		case PANGO_ATTR_FONT_SCALE: return TRUE;
		default: break;
		}
	}
	return FALSE;
}

/* Pango's compute_derived_language: the run's language where it is
 * written in the script, else the script's own. */
static PangoLanguage *
derived_language(PangoLanguage *lang, PangoScript script)
{
	if (lang && pango_language_includes_script(lang, script))
		return lang;
	PangoLanguage *sample = pango_script_get_sample_language(script);
	return sample ? sample : pango_language_from_string("xx");
}

/* The item of the attribute run [start, end), or NULL where Pango must
 * make it. */
static PangoItem *
run_item(Itemizer *z, const char *text, int start, int end, PangoAttrIterator *it,
         PangoScript script)
{
	PangoFontDescription *desc =
	    pango_font_description_copy_static(pango_context_get_font_description(z->context));
	PangoLanguage *lang = NULL;
	GSList *extra = NULL;
	pango_attr_iterator_get_font(it, desc, &lang, &extra);
	PangoItem *item = NULL;
	if ((pango_font_description_get_set_fields(desc) & PANGO_FONT_MASK_GRAVITY) ||
	    pango_font_description_get_variant(desc) != PANGO_VARIANT_NORMAL ||
	    changes_itemization(extra))
		goto out;
	lang = derived_language(lang ? lang : pango_context_get_language(z->context), script);
	pango_font_description_set_gravity(desc, PANGO_GRAVITY_SOUTH);
	PangoFontset *fontset = pango_font_map_load_fontset(pango_context_get_font_map(z->context),
	                                                    z->context, desc, lang);
	if (!fontset)
		goto out;
	FontsetFonts *fonts = fontset_fonts(z, fontset);
	g_object_unref(fontset);
	PangoFont *font = NULL;
	int chars = 0;
	for (const char *p = text + start, *stop = text + end; p < stop; chars++) {
		gunichar wc = next_char(&p);
		if (z->kind[wc] == KIND_SPACE)
			continue;
		PangoFont *f = font_for(fonts, wc);
		if (f == NONE || (font && f != font))
			goto out;
		font = f;
	}
	if (!font) /* spaces alone: the font of a space, as Pango ends such a run */
		font = font_for(fonts, ' ');
	if (font == NONE)
		goto out;
	item = pango_item_new();
	item->offset = start;
	item->length = end - start;
	item->num_chars = chars;
	item->analysis.font = g_object_ref(font);
	item->analysis.level = 0;
	item->analysis.gravity = PANGO_GRAVITY_SOUTH;
	item->analysis.script = script;
	item->analysis.language = lang;
	item->analysis.extra_attrs = g_steal_pointer(&extra);
out:
	g_slist_free_full(extra, (GDestroyNotify)pango_attribute_destroy);
	pango_font_description_free(desc);
	return item;
}

/* The script of the whole text, or -1 where Pango must itemize it. */
static int
text_script(Itemizer *z, const char *text, int length)
{
	guint8 script = KIND_COMMON;
	for (const char *p = text, *end = text + length; p < end;) {
		guint8 kind = kind_of(z, next_char(&p));
		if (kind == KIND_PANGO)
			return -1;
		if (kind <= KIND_COMMON)
			continue;
		if (script != KIND_COMMON && kind != script)
			return -1;
		script = kind;
	}
	return kind_script[script];
}

static GList *
items_here(Itemizer *z, const char *text, int length, PangoAttrList *attrs)
{
	PangoDirection dir = pango_context_get_base_dir(z->context);
	if (!attrs || length <= 0 ||
	    (dir != PANGO_DIRECTION_LTR && dir != PANGO_DIRECTION_WEAK_LTR) ||
	    pango_context_get_gravity(z->context) != PANGO_GRAVITY_SOUTH)
		return NULL;
	int script = text_script(z, text, length);
	if (script < 0)
		return NULL;
	GList *items = NULL;
	PangoAttrIterator *it = pango_attr_list_get_iterator(attrs);
	int at = 0;
	do {
		int start, end;
		pango_attr_iterator_range(it, &start, &end);
		end = MIN(end, length);
		PangoItem *item = start == at && end > start
		                      ? run_item(z, text, start, end, it, (PangoScript)script)
		                      : NULL;
		if (!item) {
			g_list_free_full(items, (GDestroyNotify)pango_item_free);
			items = NULL;
			break;
		}
		items = g_list_prepend(items, item);
		at = end;
	} while (at < length && pango_attr_iterator_next(it));
	pango_attr_iterator_destroy(it);
	if (items && at < length) {
		g_list_free_full(items, (GDestroyNotify)pango_item_free);
		items = NULL;
	}
	return g_list_reverse(items);
}

GList *
itemizer_items(Itemizer *z, const char *text, int length, PangoAttrList *attrs)
{
	GList *items = items_here(z, text, length, attrs);
	if (items) {
		z->here++;
		return items;
	}
	z->pango++;
	return pango_itemize(z->context, text, 0, length, attrs, NULL);
}
