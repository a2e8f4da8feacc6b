#include "hyphenate.h"

#include "lang.h"
#include "patterns.h"

#include <hyphen.h>
#include <stdlib.h>
#include <string.h>

#ifndef FOLIO_HYPHEN_DIR
#define FOLIO_HYPHEN_DIR "/usr/share/hyphen"
#endif

/* Words shorter than this are never broken. */
enum { HYPHEN_WORD_MIN = 5 };

struct Hyphenator {
	HyphenDict *greek;
	HyphenDict *latin;
	GIConv to_greek, to_latin; /* opened once: opening costs more than converting */
	GHashTable *words;         /* word -> GArray: hyphen_word_breaks' answers */
	GHashTable *pieces;        /* text piece -> GArray: hyphen_text_breaks' answers */
	int left_min, right_min;   /* the fewest letters a break leaves before and after it */
};

/* The patterns this process has read, by file (NULL: unreadable). Reading
 * a file builds its automaton, which costs more than hyphenating a page:
 * each file is read once a process, by the first writer or by
 * hyphen_prepare before a helper is forked, and stays until the end. */
static GHashTable *dicts;

static HyphenDict *
dict_load(const char *path)
{
	if (!dicts)
		dicts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	gpointer dict = NULL;
	if (!g_hash_table_lookup_extended(dicts, path, NULL, &dict)) {
		dict = patterns_load(path);
		g_hash_table_insert(dicts, g_strdup(path), dict);
	}
	return dict;
}

void
hyphen_prepare(const char *lang)
{
	hyphen_free(hyphen_new(lang, 1, 1));
}

Hyphenator *
hyphen_new(const char *lang, int left_min, int right_min)
{
	/* Greek words are told by their letters; Latin-script ones take the
	 * book's language's patterns (hyph_pt_PT.dic, else hyph_pt.dic). A
	 * language whose patterns are not installed is not hyphenated: English
	 * patterns would break its words wrongly. */
	Hyphenator *h = g_new0(Hyphenator, 1);
	h->left_min = MAX(1, left_min);
	h->right_min = MAX(1, right_min);
	h->greek = dict_load(FOLIO_HYPHEN_DIR "/hyph_el_GR.dic");
	const Language *language = lang_for(lang);
	g_autofree char *latin =
	    g_build_filename(FOLIO_HYPHEN_DIR, language->hyphen_patterns, NULL);
	g_autofree char *generic = g_strdup_printf(FOLIO_HYPHEN_DIR "/hyph_%s.dic", language->code);
	h->latin = dict_load(latin);
	if (!h->latin && g_file_test(generic, G_FILE_TEST_EXISTS))
		h->latin = dict_load(generic);
	if (!h->greek && !h->latin) {
		g_free(h);
		return NULL;
	}
	h->to_greek = g_iconv_open("ISO-8859-7", "UTF-8");
	h->to_latin = g_iconv_open("ISO-8859-1", "UTF-8");
	h->words =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
	h->pieces =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
	return h;
}

void
hyphen_free(Hyphenator *h)
{
	if (!h)
		return;
	if (h->to_greek != (GIConv)-1)
		g_iconv_close(h->to_greek);
	if (h->to_latin != (GIConv)-1)
		g_iconv_close(h->to_latin);
	g_hash_table_unref(h->words);
	g_hash_table_unref(h->pieces);
	g_free(h);
}

static gboolean
is_greek(gunichar c)
{
	return (c >= 0x0370 && c <= 0x03FF) || (c >= 0x1F00 && c <= 0x1FFF);
}

/* The letter as the patterns know it: lowercase, monotonic, no tonos, with
 * the diaeresis kept (it changes the syllables). */
static gunichar
pattern_letter(gunichar c)
{
	gunichar parts[8];
	gsize n = g_unichar_fully_decompose(c, FALSE, parts, G_N_ELEMENTS(parts));
	gunichar base = g_unichar_tolower(n ? parts[0] : c);
	for (gsize i = 1; i < n; i++) {
		if (parts[i] == 0x0308) {
			gunichar with = 0;
			if (g_unichar_compose(base, 0x0308, &with))
				return with;
		}
	}
	return base;
}

/* Breaks are kept for the whole book (prose repeats its words), as many as
 * the shaping cache keeps; past this, a hostile page of distinct words is
 * hyphenated word by word and memory stays flat. */
enum { KEPT_MAX = 50000 };

typedef GArray *(*FindBreaks)(Hyphenator *h, const char *key);

/* key's breaks as kept, or found and kept; the caller's to unref, not to
 * change. */
static GArray *
kept_breaks(Hyphenator *h, GHashTable *kept, const char *key, FindBreaks find)
{
	GArray *breaks = g_hash_table_lookup(kept, key);
	if (breaks)
		return g_array_ref(breaks);
	breaks = find(h, key);
	if (g_hash_table_size(kept) < KEPT_MAX)
		g_hash_table_insert(kept, g_strdup(key), g_array_ref(breaks));
	return breaks;
}

static GArray *word_breaks(Hyphenator *h, const char *word);

GArray *
hyphen_word_breaks(Hyphenator *h, const char *word)
{
	return h ? kept_breaks(h, h->words, word, word_breaks)
	         : g_array_new(FALSE, FALSE, sizeof(int));
}

static GArray *
word_breaks(Hyphenator *h, const char *word)
{
	GArray *breaks = g_array_new(FALSE, FALSE, sizeof(int));
	glong length = g_utf8_strlen(word, -1);
	if (!h || length < HYPHEN_WORD_MIN || length > 60)
		return breaks;
	gboolean greek = FALSE;
	GString *key = g_string_new(NULL);
	for (const char *p = word; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		greek |= is_greek(c);
		g_string_append_unichar(key, pattern_letter(c));
	}
	HyphenDict *dict = greek ? h->greek : h->latin;
	g_autofree char *encoded =
	    dict ? g_convert(key->str, (gssize)key->len, greek ? "ISO-8859-7" : "ISO-8859-1",
	                     "UTF-8", NULL, NULL, NULL)
	         : NULL;
	g_string_free(key, TRUE);
	/* A letter the patterns' encoding lacks means these are not their words;
	 * patterns in UTF-8 are read here for ASCII words only. */
	if (!encoded || (glong)strlen(encoded) != length ||
	    (dict->utf8 && (glong)strlen(word) != length))
		return breaks;

	g_autofree char *marks = g_malloc0((gsize)length + 5);
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	if (hnj_hyphen_hyphenate3(dict, encoded, (int)length, marks, NULL, &rep, &pos, &cut,
	                          h->left_min, h->right_min, 0, 0) == 0) {
		for (int i = h->left_min - 1; i < length - h->right_min; i++)
			if (marks[i] & 1) {
				int at = i + 1;
				g_array_append_val(breaks, at);
			}
	}
	if (rep) {
		for (int i = 0; i < length; i++)
			free(rep[i]);
		free(rep);
		free(pos);
		free(cut);
	}
	return breaks;
}

gboolean
hyphen_token_is_markup(const char *start, const char *end)
{
	/* Asked of every word a paragraph sets: a table, not a string search. */
	static const gboolean markup[256] = {
	    ['/'] = TRUE, ['@'] = TRUE, [':'] = TRUE, ['\\'] = TRUE, ['_'] = TRUE,
	    ['='] = TRUE, ['<'] = TRUE, ['>'] = TRUE, ['{'] = TRUE,  ['}'] = TRUE,
	    ['['] = TRUE, [']'] = TRUE, ['#'] = TRUE};
	for (const char *p = start; p < end; p++)
		if (markup[(guchar)*p])
			return TRUE;
	return FALSE;
}

gboolean
hyphen_token_is_technical(const char *start, const char *end)
{
	for (const char *p = start; p < end; p++)
		if (g_ascii_isdigit(*p))
			return TRUE;
	return hyphen_token_is_markup(start, end);
}

gboolean
hyphen_token_is_address(const char *start, const char *end)
{
	for (const char *p = start; p < end; p++)
		if (*p == '/' || (p + 4 <= end && g_ascii_strncasecmp(p, "www.", 4) == 0))
			return TRUE;
	return FALSE;
}

gboolean
hyphen_address_break_before(const char *address, gsize i)
{
	if (i == 0 || address[i] == '\0')
		return FALSE;
	if (address[i - 1] == '/' && address[i] != '/')
		return TRUE;
	return strchr(".-?&", address[i]) != NULL && address[i - 1] != '/';
}

gboolean
hyphen_all_capitals(const char *word, const char *end)
{
	for (const char *p = word; p < end; p = g_utf8_next_char(p))
		if (g_unichar_islower(g_utf8_get_char(p)))
			return FALSE;
	return TRUE;
}

static GArray *text_breaks(Hyphenator *h, const char *text);

GArray *
hyphen_text_breaks(Hyphenator *h, const char *text, gsize len)
{
	if (!h)
		return g_array_new(FALSE, FALSE, sizeof(int));
	/* The piece as a key, made on the stack when it is short. */
	char short_key[128];
	g_autofree char *long_key = len >= sizeof short_key ? g_malloc(len + 1) : NULL;
	char *key = long_key ? long_key : short_key;
	memcpy(key, text, len);
	key[len] = '\0';
	return kept_breaks(h, h->pieces, key, text_breaks);
}

static GArray *
text_breaks(Hyphenator *h, const char *text)
{
	GArray *cuts = g_array_new(FALSE, FALSE, sizeof(int));
	const char *q = text, *end = text + strlen(text);
	while (q < end) {
		while (q < end && !g_unichar_isalpha(g_utf8_get_char(q)))
			q = g_utf8_next_char(q);
		const char *word = q;
		while (q < end && g_unichar_isalpha(g_utf8_get_char(q)))
			q = g_utf8_next_char(q);
		if (q == word || hyphen_all_capitals(word, q))
			continue;
		g_autofree char *letters = g_strndup(word, (gsize)(q - word));
		g_autoptr(GArray) breaks = hyphen_word_breaks(h, letters);
		for (guint i = 0; i < breaks->len; i++) {
			int at =
			    (int)(g_utf8_offset_to_pointer(word, g_array_index(breaks, int, i)) -
			          text);
			g_array_append_val(cuts, at);
		}
	}
	return cuts;
}

static int
alnum_count(const char *p, const char *end)
{
	int n = 0;
	for (; p < end; p = g_utf8_next_char(p))
		n += g_unichar_isalnum(g_utf8_get_char(p)) != 0;
	return n;
}

GArray *
hyphen_written_breaks(const char *text, int token, int token_end, int start, int end, int left,
                      int right)
{
	GArray *cuts = g_array_new(FALSE, FALSE, sizeof(int));
	/* Most words have no hyphen of their own. */
	if (!memchr(text + start, '-', (gsize)(end - start)) &&
	    !g_strstr_len(text + start, end - start, "\xE2\x80\x90"))
		return cuts;
	for (int i = start; i < end; i = (int)(g_utf8_next_char(text + i) - text)) {
		int after = text[i] == '-'                              ? i + 1
		            : strncmp(text + i, "\xE2\x80\x90", 3) == 0 ? i + 3 /* U+2010 */
		                                                        : -1;
		if (after < 0 || after >= end || i == token)
			continue;
		gunichar before = g_utf8_get_char(g_utf8_prev_char(text + i));
		gunichar next = g_utf8_get_char(text + after);
		if (!g_unichar_isalnum(before) || !g_unichar_isalpha(next))
			continue;
		if (alnum_count(text + token, text + i) < left ||
		    alnum_count(text + after, text + token_end) < right)
			continue;
		int at = after - start;
		g_array_append_val(cuts, at);
	}
	return cuts;
}

char *
hyphen_insert_soft(Hyphenator *h, const char *text)
{
	GString *out = g_string_sized_new(strlen(text) + 16);
	const char *p = text;
	while (*p) {
		/* One whitespace-delimited token at a time. */
		const char *token = p;
		while (*p && !g_unichar_isspace(g_utf8_get_char(p)))
			p = g_utf8_next_char(p);
		g_autoptr(GArray) cuts = hyphen_token_is_technical(token, p)
		                             ? g_array_new(FALSE, FALSE, sizeof(int))
		                             : hyphen_text_breaks(h, token, (gsize)(p - token));
		gsize from = 0;
		for (guint i = 0; i < cuts->len; i++) {
			gsize at = (gsize)g_array_index(cuts, int, i);
			g_string_append_len(out, token + from, (gssize)(at - from));
			g_string_append(out, "\xC2\xAD");
			from = at;
		}
		g_string_append_len(out, token + from, p - token - (gssize)from);
		const char *space = p;
		while (*p && g_unichar_isspace(g_utf8_get_char(p)))
			p = g_utf8_next_char(p);
		g_string_append_len(out, space, p - space);
	}
	return g_string_free(out, FALSE);
}
