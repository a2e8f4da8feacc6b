#include "htmlfrag.h"

#include <glib.h>
#include <string.h>

htmlDocPtr
htmlfrag_parse(const char *html)
{
	/* The text is valid UTF-8 (source.c saw to that); <body> keeps leading
	 * text from being wrapped in a paragraph. Never HTML_PARSE_NOIMPLIED:
	 * libxml2 2.9 then nests every sibling inside the first. */
	g_autofree char *wrapped = g_strconcat("<html><body>", html, "</body></html>", NULL);
	return htmlReadMemory(wrapped, (int)strlen(wrapped), NULL, "UTF-8",
	                      HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
}

xmlNodePtr
htmlfrag_body(htmlDocPtr doc)
{
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "body") == 0)
			return n;
	return NULL;
}
