/* jekyll: what Jekyll does to a page before Markdown sees it: Liquid
 * (liquid.c), then kramdown's habits that must act on the text (the closing
 * tag of a markdown="1" element, definitions indented under their term).
 * Every line of the result knows the page line it came from, so every later
 * diagnostic still points at the right line of the file. */
#ifndef FOLIO_JEKYLL_H
#define FOLIO_JEKYLL_H

#include "site.h"
#include "source.h"

/* Footnote definitions one page may have; past them its text is left out. */
enum { JEKYLL_MAX_FOOTNOTES = 10000 };

/* text with its body (from body_start on) run through Liquid, then made
 * ready for md4c the way kramdown reads it. */
SourceText *jekyll_liquid(const Site *site, const SitePage *page, const SourceText *text,
                          gsize body_start, Diag *diag);

#endif
