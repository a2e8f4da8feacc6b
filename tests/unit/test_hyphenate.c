#include "testutil.h"
#include "text/hyphenate.h"

/* The word with '-' at every break point. */
static char *
marked(Hyphenator *h, const char *word)
{
	g_autoptr(GArray) breaks = hyphen_word_breaks(h, word);
	GString *out = g_string_new(NULL);
	guint next = 0;
	int index = 0;
	for (const char *p = word; *p; p = g_utf8_next_char(p), index++) {
		if (next < breaks->len && g_array_index(breaks, int, next) == index) {
			g_string_append_c(out, '-');
			next++;
		}
		g_string_append_len(out, p, g_utf8_next_char(p) - p);
	}
	return g_string_free(out, FALSE);
}

static void
test_greek_words(void)
{
	Hyphenator *h = hyphen_new("el", 2, 2);
	g_assert_nonnull(h);
	static const char *const words[][2] = {
	    {"ηλεκτρονικών", "ηλε-κτρο-νι-κών"},
	    {"υπηρεσιών", "υπη-ρε-σιών"},
	    {"πανεπιστήμιο", "πα-νε-πι-στή-μιο"},
	    {"γραμματεία", "γραμ-μα-τεία"},
	    {"προπτυχιακός", "προ-πτυ-χια-κός"},
	    /* after an accented vowel, which the patterns alone miss */
	    {"πρόγραμμα", "πρό-γραμ-μα"},
	    /* capitals and final sigma are looked up in lowercase */
	    {"Πολυτεχνείο", "Πο-λυ-τε-χνείο"},
	    {"κωδικούς", "κω-δι-κούς"},
	    /* polytonic letters are read as monotonic */
	    {"Ἀθῆναι", "Ἀθῆ-ναι"},
	    /* English words inside Greek text use English patterns */
	    {"documentation", "doc-u-men-ta-tion"},
	    /* short words are never broken */
	    {"και", "και"},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(words); i++) {
		g_autofree char *got = marked(h, words[i][0]);
		g_assert_cmpstr(got, ==, words[i][1]);
	}
	hyphen_free(h);
}

static void
test_what_is_never_hyphenated(void)
{
	Hyphenator *h = hyphen_new("el", 2, 2);
	g_autofree char *text = hyphen_insert_soft(
	    h, "ΕΜΠ username@gmail.com https://my.central.ntua.gr/υπηρεσίες 2024ος ηλεκτρονικών");
	/* Only the last, ordinary word gets soft hyphens. */
	g_assert_cmpstr(text, ==,
	                "ΕΜΠ username@gmail.com https://my.central.ntua.gr/υπηρεσίες 2024ος "
	                "ηλε\xC2\xAD"
	                "κτρο\xC2\xAD"
	                "νι\xC2\xAD"
	                "κών");
	hyphen_free(h);
}

/* The style's shortest fragments are respected. */
static void
test_fragment_minimums(void)
{
	Hyphenator *h = hyphen_new("el", 3, 3);
	g_autofree char *a = marked(h, "πρόγραμμα");
	g_assert_cmpstr(a, ==, "πρό-γραμμα");
	g_autofree char *b = marked(h, "υπηρεσιών");
	g_assert_cmpstr(b, ==, "υπη-ρε-σιών");
	hyphen_free(h);
}

/* The text with '|' at every break after a written hyphen of its word at
 * [start, end). */
static char *
written(const char *text, int start, int end)
{
	int token = start, token_end = end;
	while (token > 0 && text[token - 1] != ' ')
		token--;
	while (text[token_end] && text[token_end] != ' ')
		token_end++;
	g_autoptr(GArray) cuts = hyphen_written_breaks(text, token, token_end, start, end, 2, 2);
	GString *out = g_string_new(NULL);
	int from = 0;
	for (guint i = 0; i < cuts->len; i++) {
		int at = start + g_array_index(cuts, int, i);
		g_string_append_len(out, text + from, at - from);
		g_string_append_c(out, '|');
		from = at;
	}
	g_string_append(out, text + from);
	return g_string_free(out, FALSE);
}

/* A Latin-script language is hyphenated by its own patterns or not at
 * all: English patterns would break Portuguese words wrongly. */
static void
test_own_patterns_or_none(void)
{
	Hyphenator *en = hyphen_new("en", 2, 2);
	g_autoptr(GArray) english = hyphen_word_breaks(en, "configuration");
	g_assert_cmpuint(english->len, >, 0);
	hyphen_free(en);
	if (g_file_test("/usr/share/hyphen/hyph_pt_PT.dic", G_FILE_TEST_EXISTS) ||
	    g_file_test("/usr/share/hyphen/hyph_pt.dic", G_FILE_TEST_EXISTS)) {
		g_test_skip("Portuguese patterns are installed here");
		return;
	}
	Hyphenator *pt = hyphen_new("pt", 2, 2);
	g_autoptr(GArray) portuguese = hyphen_word_breaks(pt, "configuração");
	g_assert_cmpuint(portuguese->len, ==, 0);
	g_autoptr(GArray) greek = hyphen_word_breaks(pt, "λογαριασμού");
	g_assert_cmpuint(greek->len, >, 0); /* Greek words keep their patterns */
	hyphen_free(pt);
}

static void
test_written_hyphens(void)
{
	static const char *const cases[][2] = {
	    /* an identifier in code and a compound break after their hyphens */
	    {"declaration-block-no-redundant-longhand-properties",
	     "declaration-|block-|no-|redundant-|longhand-|properties"},
	    {"right-hand", "right-|hand"},
	    {"ηλεκτρονικό-ταχυδρομείο", "ηλεκτρονικό-|ταχυδρομείο"},
	    {"a U+2010 hyphen: right\u2010hand", "a U+2010 hyphen: right\u2010|hand"},
	    /* not where a letter is left alone, before a number, or at a
	     * token's start */
	    {"e-mail", "e-mail"},
	    {"x-y-z", "x-y-z"},
	    {"UTF-8 and PDF-1.7", "UTF-8 and PDF-1.7"},
	    {"--style and -v", "--style and -v"},
	    {"a -- b", "a -- b"},
	    {"co--op", "co--op"},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *text = g_strcompress(cases[i][0]);
		g_autofree char *want = g_strcompress(cases[i][1]);
		g_autofree char *got = written(text, 0, (int)strlen(text));
		g_assert_cmpstr(got, ==, want);
	}
	/* A word is read with its token around it, and only letters and
	 * digits count: the parenthesis is none, the word's start is not the
	 * token's. */
	const char *text = "see (ab-no-cd) here";
	g_autofree char *got = written(text, 5, 13);
	g_assert_cmpstr(got, ==, "see (ab-|no-|cd) here");
	g_autofree char *inside = written(text, 8, 13);
	g_assert_cmpstr(inside, ==, "see (ab-no-|cd) here");
	g_autofree char *short_ends = written("(x-no-b)", 1, 7);
	g_assert_cmpstr(short_ends, ==, "(x-no-b)");
	/* Which tokens may break after their hyphens at all: names with digits
	 * may, addresses, paths and markup may not. */
	static const struct {
		const char *token;
		gboolean technical, markup;
	} tokens[] = {
	    {"right-hand", FALSE, FALSE},
	    {"arc42-Template", TRUE, FALSE},
	    {"jean-pierre@example-mail.org", TRUE, TRUE},
	    {"docs/right-hand.md", TRUE, TRUE},
	    {"2025-03-15_Referat", TRUE, TRUE},
	    {"{%-include", TRUE, TRUE},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(tokens); i++) {
		const char *t = tokens[i].token;
		g_assert_cmpint(hyphen_token_is_technical(t, t + strlen(t)), ==,
		                tokens[i].technical);
		g_assert_cmpint(hyphen_token_is_markup(t, t + strlen(t)), ==, tokens[i].markup);
	}
	/* Each character of markup alone makes a token markup; letters of
	 * other scripts and typographic punctuation do not. */
	for (const char *c = "/@:\\_=<>{}[]#"; *c; c++) {
		char token[] = {'a', *c, 'b', '\0'};
		g_assert_true(hyphen_token_is_markup(token, token + 3));
	}
	const char *prose = "λέξη‐λέξη «x» — y'z (w)";
	g_assert_false(hyphen_token_is_markup(prose, prose + strlen(prose)));
	/* The break's end of the word is no break: it is the word's end. */
	g_autofree char *at_end = written("well-", 0, 5);
	g_assert_cmpstr(at_end, ==, "well-");
}

/* The text with '|' where hyphen_insert_soft puts its soft hyphens. */
static char *
text_marked(Hyphenator *h, const char *text)
{
	g_autofree char *soft = hyphen_insert_soft(h, text);
	g_auto(GStrv) parts = g_strsplit(soft, "\xC2\xAD", -1);
	return g_strjoinv("|", parts);
}

static void
test_text_pieces(void)
{
	Hyphenator *h = hyphen_new("el", 2, 2);
	g_assert_nonnull(h);
	/* A piece is answered by its letters wherever it stands, the first
	 * time and again (from what was kept). */
	g_autofree char *a = text_marked(h, "(πανεπιστήμιο) πανεπιστήμιο ΑΒΓ");
	g_autofree char *b = text_marked(h, "πανεπιστήμιο (πανεπιστήμιο)");
	g_assert_cmpstr(a, ==, "(πα|νε|πι|στή|μιο) πα|νε|πι|στή|μιο ΑΒΓ");
	g_assert_cmpstr(b, ==, "πα|νε|πι|στή|μιο (πα|νε|πι|στή|μιο)");
	/* A piece longer than a word is no different. */
	GString *long_text = g_string_new(NULL);
	for (int i = 0; i < 20; i++)
		g_string_append(long_text, "υπηρεσιών-");
	g_autofree char *c = text_marked(h, long_text->str);
	g_autofree char *d = text_marked(h, long_text->str);
	g_assert_cmpstr(c, ==, d);
	g_assert_true(g_str_has_prefix(c, "υπη|ρε|σιών-υπη|ρε|σιών-"));
	g_string_free(long_text, TRUE);
	hyphen_free(h);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/hyphenate/greek-words", test_greek_words);
	g_test_add_func("/hyphenate/what-is-never-hyphenated", test_what_is_never_hyphenated);
	g_test_add_func("/hyphenate/fragment-minimums", test_fragment_minimums);
	g_test_add_func("/hyphenate/written-hyphens", test_written_hyphens);
	g_test_add_func("/hyphenate/own-patterns-or-none", test_own_patterns_or_none);
	g_test_add_func("/hyphenate/text-pieces", test_text_pieces);
	return g_test_run();
}
