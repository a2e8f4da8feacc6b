#include "greek.h"

#include "../doc.h"

#include <string.h>

static gboolean
is_greek_vowel(gunichar c)
{
	return c == 0x03B1 || c == 0x03B5 || c == 0x03B7 || c == 0x03B9 || c == 0x03BF ||
	       c == 0x03C5 || c == 0x03C9;
}

/* The letter without tonos, and whether it had one; the dialytika stays. */
static gunichar
strip_tonos(gunichar c, gboolean *had_tonos)
{
	gunichar parts[4];
	gsize n = g_unichar_fully_decompose(c, FALSE, parts, G_N_ELEMENTS(parts));
	*had_tonos = FALSE;
	if (n < 2 || parts[0] < 0x0370 || parts[0] > 0x03FF)
		return c;
	gunichar base = parts[0];
	gboolean dialytika = FALSE;
	for (gsize i = 1; i < n; i++) {
		if (parts[i] == 0x0301 || parts[i] == 0x0300 || parts[i] == 0x0342)
			*had_tonos = TRUE;
		else if (parts[i] == 0x0308)
			dialytika = TRUE;
	}
	if (dialytika) {
		gunichar with = 0;
		if (g_unichar_compose(base, 0x0308, &with))
			return with;
	}
	return base;
}

char *
greek_upper(const char *text)
{
	GString *out = g_string_new(NULL);
	gboolean after_accented_vowel = FALSE;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_unichar_tolower(g_utf8_get_char(p));
		gboolean had_tonos;
		gunichar base = strip_tonos(c, &had_tonos);
		/* ό + ι reads as two vowels; without the tonos it needs a dialytika. */
		if (after_accented_vowel && (base == 0x03B9 || base == 0x03C5))
			base = base == 0x03B9 ? 0x03CA : 0x03CB;
		after_accented_vowel =
		    had_tonos && is_greek_vowel(base) && base != 0x03B9 && base != 0x03C5;
		if (base == 0x03C2)
			base = 0x03C3; /* final sigma */
		g_string_append_unichar(out, g_unichar_toupper(base));
	}
	return g_string_free(out, FALSE);
}

static const gunichar greek_marks[4] = {0x00AB, 0x00BB, 0x201C, 0x201D};

static gboolean
opens_quote(gunichar previous, const gunichar *marks)
{
	return previous == 0 || g_unichar_isspace(previous) || previous == '(' || previous == '[' ||
	       previous == marks[0] || previous == marks[2] || previous == '-' ||
	       previous == 0x2014;
}

/* Abbreviations after which the space must not break. */
static const char *const abbreviations[] = {"π.χ.", "κ.λπ.", "κ.ά.", "δηλ.", "βλ.",
                                            "σελ.", "κ.",    "οδ.",  "τηλ."};

/* Units a number stays on the line with. */
static const char *const units[] = {
    "%", "€",  "MB",   "GB",  "KB",    "TB",    "ΜΒ",     "GHz",   "MHz",          "km", "cm", "mm",
    "m", "kg", "ώρες", "ώρα", "λεπτά", "λεπτό", "ημέρες", "ημέρα", "δευτερόλεπτα", "pt", "px"};

/* Whether out ends with an abbreviation (each ends with its full stop:
 * most spaces follow none, and are passed at once). */
static gboolean
ends_with_abbreviation(const GString *out)
{
	if (out->len == 0 || out->str[out->len - 1] != '.')
		return FALSE;
	for (gsize i = 0; i < G_N_ELEMENTS(abbreviations); i++) {
		gsize n = strlen(abbreviations[i]);
		if (out->len >= n && strcmp(out->str + out->len - n, abbreviations[i]) == 0 &&
		    (out->len == n ||
		     g_unichar_isspace(g_utf8_get_char(g_utf8_prev_char(out->str + out->len - n)))))
			return TRUE;
	}
	return FALSE;
}

static gboolean
unit_follows(const char *p)
{
	for (gsize i = 0; i < G_N_ELEMENTS(units); i++) {
		gsize n = strlen(units[i]);
		if (strncmp(p, units[i], n) == 0) {
			gunichar after = g_utf8_get_char(p + n);
			if (!after || !g_unichar_isalnum(after))
				return TRUE;
		}
	}
	return FALSE;
}

char *
greek_punctuate(const char *text, GreekQuotes *state)
{
	GString *out = g_string_sized_new(strlen(text) + 8);
	const gunichar *marks = state->marks ? state->marks : greek_marks;
	for (const char *p = text; *p; p++) {
		/* What nothing here changes is copied a stretch at a time: only
		 * quotes, apostrophes, full stops and spaces are looked at. */
		gsize plain = strcspn(p, "\"'. ");
		if (plain > 0) {
			g_string_append_len(out, p, (gssize)plain);
			state->previous = g_utf8_get_char(g_utf8_prev_char(p + plain));
			p += plain - 1;
			continue;
		}
		gunichar c = (guchar)*p; /* one of those four, ASCII */
		if (c == '"') {
			if (opens_quote(state->previous, marks)) {
				c = state->depth == 0 ? marks[0] : marks[2];
				g_string_append_unichar(out, c);
				state->depth++;
			} else {
				state->depth = MAX(0, state->depth - 1);
				c = state->depth == 0 ? marks[1] : marks[3];
				g_string_append_unichar(out, c);
			}
		} else if (c == '\'' && p[1] == '\'') {
			/* Apostrophes in a row are no quotes (''' where ``` was
			 * meant): as typed. */
			gsize run = strspn(p, "'");
			g_string_append_len(out, p, (gssize)run);
			p += run - 1;
		} else if (c == '\'' && !opens_quote(state->previous, marks)) {
			g_string_append_unichar(out, 0x2019); /* an apostrophe: σ’ αγαπώ, don’t */
			c = 0x2019;
		} else if (c == '\'') {
			/* A single quote opens ('tables of contents'), as kramdown's
			 * smart quotes have it; before a figure it stands for the
			 * century ('90s). */
			c = g_ascii_isdigit(p[1]) ? 0x2019 : 0x2018;
			g_string_append_unichar(out, c);
		} else if (c == '.' && g_str_has_prefix(p, "...")) {
			g_string_append_unichar(out, 0x2026);
			p += 2;
			c = 0x2026;
		} else if (c == ' ' &&
		           (ends_with_abbreviation(out) ||
		            (g_unichar_isdigit(state->previous) && unit_follows(p + 1)))) {
			g_string_append_unichar(out, 0x00A0);
		} else {
			g_string_append_c(out, *p);
		}
		state->previous = c;
	}
	return g_string_free(out, FALSE);
}

static void
punctuate_inlines(DocNode *block, GreekQuotes *state)
{
	DocIter it;
	doc_iter_init(&it, block);
	DocNode *n;
	DocEvent ev;
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev != DOC_ENTER || n == block)
			continue;
		if (n->kind == DOC_TEXT) {
			char *text = greek_punctuate(n->text, state);
			g_free(n->text);
			n->text = text;
		} else if (n->kind == DOC_CODE || n->kind == DOC_FOOTNOTE_REF) {
			state->previous = 'x'; /* a word, as far as quotes go */
		} else if (n->kind == DOC_ELEMENT_INLINE &&
		           (!strcmp(n->tag, "kbd") || !strcmp(n->tag, "samp") ||
		            !strcmp(n->tag, "code") || !strcmp(n->tag, "var") ||
		            !g_strcmp0(n->classes, "math"))) {
			state->previous = 'x'; /* keys, samples and formulas are left as set */
			it.event = DOC_EXIT;
		} else if (n->kind == DOC_SOFT_BREAK || n->kind == DOC_LINE_BREAK) {
			state->previous = ' ';
		}
	}
}

void
greek_typography(Doc *doc, const gunichar *quotes)
{
	DocIter it;
	doc_iter_init(&it, doc->root);
	DocNode *n;
	DocEvent ev;
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev != DOC_ENTER)
			continue;
		switch (n->kind) {
		case DOC_PARAGRAPH:
		case DOC_HEADING:
		case DOC_TABLE_CELL:
		case DOC_DEF_TERM:
		case DOC_DEF_DATA: {
			GreekQuotes state = {.marks = quotes};
			punctuate_inlines(n, &state);
			it.event = DOC_EXIT; /* done with its inlines */
			break;
		}
		case DOC_ITEM: {
			/* A tight item holds its inlines itself. */
			GreekQuotes state = {.marks = quotes};
			for (DocNode *c = n->first; c; c = c->next) {
				if (doc_kind_is_block(c->kind))
					continue;
				if (c->kind == DOC_TEXT) {
					char *text = greek_punctuate(c->text, &state);
					g_free(c->text);
					c->text = text;
				} else {
					punctuate_inlines(c, &state);
				}
			}
			break;
		}
		default: break;
		}
	}
}
