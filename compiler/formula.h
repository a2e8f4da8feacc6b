/* formula: kramdown's math ($$...$$) as the book shows it.
 *
 * kramdown hands a page's math to the site's MathJax or KaTeX, which a
 * just-the-docs site loads where `math: mathjax` or `math: katex` is set
 * (the page's front matter, its layout's name, or _config.yml). There the
 * book sets it as a linear formula in the text's own fonts: letters in
 * italics, figures and operators upright with their spaces, indices and
 * exponents lowered and raised, Greek letters, relations, arrows and
 * other symbols as their Unicode characters, fractions as a/b, roots
 * with √, function names (ln, max) upright, \text{} as written, and the
 * lines of an aligned display on lines of their own. A paragraph of
 * display math alone is centred. What the TeX uses beyond that is shown
 * as written. Elsewhere the math stays the TeX kramdown writes for the
 * browser: \(...\) in a line, \[...\] for a display. $...$ is no math
 * to kramdown and stays as written. */
#ifndef FOLIO_FORMULA_H
#define FOLIO_FORMULA_H

#include "doc.h"
#include "site.h"

/* Whether the page's math is set (a math engine is named), else left as TeX. */
gboolean formula_is_set(const Site *site, const SitePage *page);

/* Replaces each DOC_MATH node of doc by what the book shows. */
void formula_apply(Doc *doc, gboolean set);

/* The TeX of one formula as inline nodes, appended to parent; macros
 * (may be NULL) holds the commands the page defined before, and takes
 * those this formula defines. */
void formula_convert(const char *tex, DocNode *parent, GHashTable *macros);
/* A table for formula_convert's macros. */
GHashTable *formula_macros_new(void);

#endif
