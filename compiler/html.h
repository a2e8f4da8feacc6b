/* html: a page's raw HTML read into its document tree, once, as a browser
 * reads it (libxml2's HTML parser). <a href> becomes a link and <img> an image
 * that links.c resolves like Markdown's; <p>, lists, tables, headings, <pre>
 * and <br> become their Markdown kinds; other elements a book keeps (div,
 * details, span, kbd, sup, ...) become DOC_ELEMENT_BLOCK or _INLINE with their
 * tag. Scripts, styles, forms, media and event handlers are dropped, each said
 * once a page. The back ends never see raw HTML. */
#ifndef FOLIO_HTML_H
#define FOLIO_HTML_H

#include "diag.h"
#include "doc.h"

/* text without its tags (<b>x</b> is x), for titles and strip_html. */
char *html_strip_tags(const char *text);

/* Replaces every HTML_BLOCK and HTML_INLINE node of doc. */
void html_read_into(Doc *doc, Diag *diag);

#endif
