/* htmlfrag: a piece of raw HTML from a page read as a browser would, with
 * libxml2's HTML parser, for the back ends to walk. */
#ifndef FOLIO_HTMLFRAG_H
#define FOLIO_HTMLFRAG_H

#include <libxml/HTMLparser.h>

/* The parsed fragment (free with xmlFreeDoc), or NULL. */
htmlDocPtr htmlfrag_parse(const char *html);
/* Its <body>, whose children are the fragment's nodes, or NULL. */
xmlNodePtr htmlfrag_body(htmlDocPtr doc);

#endif
