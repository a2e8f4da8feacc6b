/* hyphen: where Greek (and English) words may break, from libhyphen's
 * patterns, with the fixes Greek needs: words are looked up in lowercase,
 * without accents (the patterns miss breaks after accented vowels) and in
 * monotonic letters, converted to ISO-8859-7 (the patterns' encoding). */
#ifndef FOLIO_HYPHENATE_H
#define FOLIO_HYPHENATE_H

#include <glib.h>

typedef struct Hyphenator Hyphenator;

/* NULL when no patterns are installed (then nothing is hyphenated).
 * left_min and right_min: the fewest letters a break leaves before and after it. */
Hyphenator *hyphen_new(const char *lang, int left_min, int right_min);
void hyphen_free(Hyphenator *h);
/* Reads the patterns for lang now, once a process: helpers forked after
 * share them instead of each reading them again. */
void hyphen_prepare(const char *lang);

/* Break points of one word (letters only) as character offsets: a break may
 * come before each character whose index is in the returned array. */
GArray *hyphen_word_breaks(Hyphenator *h, const char *word);

/* Whether start..end (a whitespace-delimited token) is not prose: an
 * address, a path, a number, markup. Such tokens are never hyphenated. */
gboolean hyphen_token_is_technical(const char *start, const char *end);
/* Whether start..end holds what addresses, paths and markup hold (a slash,
 * @, a colon, an underscore, brackets...): such a token never breaks after
 * its own hyphens either, which a number (arc42-Template) may. */
gboolean hyphen_token_is_markup(const char *start, const char *end);
/* Whether start..end is an address or a path (a scheme, www., a slash). */
gboolean hyphen_token_is_address(const char *start, const char *end);
/* Whether an address may break before its byte i (without a hyphen): after
 * a slash (not inside "//"), before a dot, hyphen, question mark or
 * ampersand, so that the next line starts with what shows it goes on. */
gboolean hyphen_address_break_before(const char *address, gsize i);

/* Whether start..end has no lowercase letter (an acronym such as ΕΜΠ). */
gboolean hyphen_all_capitals(const char *start, const char *end);

/* Where the letters of text[0..len) (one token of prose) may break, as
 * byte offsets into text: each run of letters hyphenated on its own,
 * capitals-only acronyms left whole. The array is the caller's to unref,
 * not to change: it is the one kept for the next such piece. */
GArray *hyphen_text_breaks(Hyphenator *h, const char *text, gsize len);

/* Where a word may break after a hyphen it already has, as byte offsets
 * from start: a compound ("right-hand") or an identifier in code
 * ("no-redundant-longhand"), as a browser would break it. text[start,end)
 * is a word of the whitespace-delimited token text[token,token_end). The
 * hyphen stands between a letter or digit and a letter, with at least left
 * letters or digits of its token before it and right after it; a hyphen
 * that opens a token ("--style") or comes before a number ("UTF-8", "-5")
 * is no break. */
GArray *hyphen_written_breaks(const char *text, int token, int token_end, int start, int end,
                              int left, int right);

/* text with a soft hyphen (U+00AD) at every break point of every word that
 * may be hyphenated: not URLs, e-mail addresses, words with digits, or
 * capitals-only acronyms. */
char *hyphen_insert_soft(Hyphenator *h, const char *text);

#endif
