/* lang: what folio itself writes in the book's language (the contents'
 * title, "p." before a page number, the colophon, the EPUB's landmarks),
 * its quotation marks and its hyphenation patterns, one table per language;
 * and the book's language told from its text when the site does not say. */
#ifndef FOLIO_LANG_H
#define FOLIO_LANG_H

#include <glib.h>

typedef struct Language {
	const char *code; /* BCP 47 primary tag: el, en, de, ... */
	const char *contents, *page, *edition, *date, *revision, *typeset_with;
	const char *months[12];
	const char *day_suffix; /* after the day of a date: "1. Dezember" */
	const char *landmarks, *pages, *cover, *start_of_content, *done, *not_done;
	const char *summary_some_undescribed, *summary_all_described; /* accessibility */
	gunichar quotes[4];          /* open and close, then open and close within them */
	const char *hyphen_patterns; /* in /usr/share/hyphen, for Latin-script words */
	/* A callout's title where _config.yml gives none: note, tip, important,
	 * warning, caution, in that order. */
	const char *callouts[5];
} Language;

/* The table of the language tag names (el, el-GR, de_DE), English when
 * folio has none for it. */
const Language *lang_for(const char *tag);

/* The language a span of the book is marked with (its lang attribute):
 * tag when it is a well-formed language tag ("en", "de-CH": a primary
 * subtag of 2 or 3 letters, then subtags of 1 to 8 letters or digits) of
 * another language than the book's, else NULL (the book's own, or not a
 * language tag). */
const char *lang_of_span(const char *tag, const char *book);

/* The title of a callout named name (note, warning, ...) in lang, or NULL. */
const char *lang_callout_title(const Language *lang, const char *name);

/* Counts the evidence for each language in text; lang_guess then names the
 * likeliest (Greek script is Greek; Latin script is told by its commonest
 * words), "en" when there is nothing to go on. */
typedef struct LangCounts {
	guint64 greek_letters, latin_letters;
	guint64 words[8]; /* hits of each language's common words */
} LangCounts;
void lang_count(LangCounts *counts, const char *text, gsize len);
const char *lang_guess(const LangCounts *counts);

#endif
