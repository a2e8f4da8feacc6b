/* liquid: the Liquid template language as Jekyll 4 runs it over a page,
 * before Markdown sees it: objects (site with its config, pages,
 * collections and _data; page; include; forloop), the tags (assign,
 * capture, if/elsif/else, unless, case/when, for with its options,
 * include and include_relative with parameters, raw, comment, link,
 * highlight) and the standard and Jekyll filters. What folio does not know
 * is left out with a warning naming the tag or filter; loops, includes and
 * output are bounded, and evaluation past a bound stops with an error at
 * file:line. Every line of the result knows the page line it came from. */
#ifndef FOLIO_LIQUID_H
#define FOLIO_LIQUID_H

#include "site.h"
#include "source.h"

enum {
	LIQUID_MAX_DEPTH = 24,                /* includes and blocks within each other */
	LIQUID_MAX_ITERATIONS = 200000,       /* loop bodies in one page */
	LIQUID_MAX_OUTPUT = 32 * 1024 * 1024, /* bytes of one page's result */
};

/* The page's text with its body (from body_start on) evaluated. */
SourceText *liquid_render_page(const Site *site, const SitePage *page, const SourceText *text,
                               gsize body_start, Diag *diag);

/* What is read once per site for every page: the site object. */
struct LiquidSite;
void liquid_site_free(struct LiquidSite *site);

#endif
