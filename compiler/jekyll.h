/* jekyll: what Jekyll does to a page before Markdown sees it. Liquid tags and
 * variables are evaluated ({% link %}, {{ site.x }}, {% raw %},
 * {% highlight %}, {% comment %}); what folio cannot evaluate is left out
 * with a warning naming the file and line. The result has exactly as many
 * lines as the input, so every later diagnostic still points at the right
 * line of the file. */
#ifndef FOLIO_JEKYLL_H
#define FOLIO_JEKYLL_H

#include "site.h"
#include "source.h"

/* text with its body (from body_start on) run through Liquid. */
SourceText *jekyll_liquid(const Site *site, const SitePage *page, const SourceText *text,
                          gsize body_start, Diag *diag);

#endif
