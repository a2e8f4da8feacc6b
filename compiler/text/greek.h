/* greek: the rules a Greek typesetter applies to text: capitals without
 * accents (with the dialytika the reading needs), typographic quotes and
 * apostrophes, the ellipsis, and no-break spaces where a line must not
 * break. */
#ifndef FOLIO_GREEK_H
#define FOLIO_GREEK_H

#include <glib.h>

/* text in capitals as Greek sets them: no tonos; a dialytika where the
 * dropped accent kept two vowels apart (ρολόι -> ΡΟΛΟΪ, άυλος -> ΑΫΛΟΣ). */
char *greek_upper(const char *text);

/* Quote state carried across the pieces of one paragraph. */
typedef struct GreekQuotes {
	int depth;             /* open double quotes */
	gunichar previous;     /* the last character seen, 0 at the start */
	const gunichar *marks; /* open, close, nested open, nested close; NULL: « » “ ” */
} GreekQuotes;

/* text with typographic punctuation: straight double quotes become the
 * language's marks (« » and “ ” when nested, for Greek), straight apostrophes
 * ’, three dots …, and a no-break space after abbreviations (π.χ., κ.λπ.) and
 * between a number and its unit. */
char *greek_punctuate(const char *text, GreekQuotes *state);

/* Applies greek_punctuate to the text of every block of a page's tree
 * (code and keys are left alone), the quotes of each block counted together,
 * with the marks of quotes (as GreekQuotes.marks). */
struct Doc;
void greek_typography(struct Doc *doc, const gunichar *quotes);

#endif
