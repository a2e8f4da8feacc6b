/* Raw HTML from the pages, made into safe, well-formed XHTML: libxml2's HTML
 * parser reads it as a browser would, then only elements and attributes that
 * mean something in a book are kept. Scripts, forms, styles and event
 * handlers are dropped with a diagnostic. */
#include "epub_private.h"

#include "../htmlfrag.h"
#include "../links.h"

#include <libxml/HTMLparser.h>
#include <libxml/xmlsave.h>
#include <string.h>

/* Elements kept as they are. */
static const char *const kept_elements[] = {
    "a",          "abbr",    "b",       "blockquote", "br",    "caption", "cite",  "code",
    "dd",         "del",     "details", "dfn",        "div",   "dl",      "dt",    "em",
    "figcaption", "figure",  "h1",      "h2",         "h3",    "h4",      "h5",    "h6",
    "hr",         "i",       "img",     "ins",        "kbd",   "li",      "mark",  "ol",
    "p",          "pre",     "q",       "s",          "samp",  "small",   "span",  "strong",
    "sub",        "summary", "sup",     "table",      "tbody", "td",      "tfoot", "th",
    "thead",      "tr",      "u",       "ul",         "var",   "section", "aside", "nav",
    "header",     "footer",  "article"};

/* Elements removed with everything inside them, and said so. */
static const char *const dropped_elements[] = {
    "script", "style", "form",   "input", "button",   "select", "textarea", "iframe",
    "object", "embed", "applet", "link",  "meta",     "base",   "noscript", "template",
    "canvas", "audio", "video",  "frame", "frameset", "svg",    "math"};

static const char *const kept_attributes[] = {
    "id",    "class",  "title",   "lang",    "dir",   "href",     "src",  "alt",
    "width", "height", "colspan", "rowspan", "start", "reversed", "open", "cite"};

static gboolean
in_list(const char *const *list, gsize n, const char *name)
{
	for (gsize i = 0; i < n; i++)
		if (g_ascii_strcasecmp(list[i], name) == 0)
			return TRUE;
	return FALSE;
}

typedef struct {
	EpubWriter *w;
	int line;
	gboolean warned_script, warned_style, warned_form, warned_handler;
} Cleaner;

static void
warn_once(Cleaner *c, gboolean *flag, const char *what)
{
	if (*flag)
		return;
	*flag = TRUE;
	diag_warning(c->w->diag, c->w->page ? c->w->page->path : NULL, c->line, 0, "raw-html",
	             "%s in raw HTML dropped from the book", what);
}

/* Rewrites href/src the way Markdown links are resolved; FALSE drops the
 * attribute (the link then leads nowhere, but its text stays). */
static gboolean
rewrite_reference(Cleaner *c, xmlNodePtr node, xmlAttrPtr attr, gboolean image)
{
	EpubWriter *w = c->w;
	xmlChar *value = xmlNodeListGetString(node->doc, attr->children, 1);
	if (!value)
		return FALSE;
	LinkTarget target;
	LinkKind kind = links_resolve(w->site, w->page, (const char *)value, &target);
	const char *href = NULL;
	g_autofree char *owned = NULL;
	if (image && kind == LINK_FILE)
		href = epub_image_href(w, target.file, c->line, 0);
	else if (!image && kind == LINK_EXTERNAL)
		href = (const char *)value;
	else if (!image && kind == LINK_PAGE) {
		gboolean anchor = target.fragment &&
		                  links_anchor_exists(w->book->links, target.page, target.fragment);
		owned = epub_page_link(w, target.page, anchor ? target.fragment : NULL);
		href = owned;
	}
	if (href) {
		g_autofree char *escaped = epub_url_escape(href);
		xmlSetProp(node, attr->name, (const xmlChar *)escaped);
	}
	links_target_clear(&target);
	xmlFree(value);
	return href != NULL;
}

static void clean_children(Cleaner *c, xmlNodePtr parent);

static gboolean
is_blank_text(xmlNodePtr node)
{
	if (node->type != XML_TEXT_NODE)
		return FALSE;
	for (const xmlChar *p = node->content; p && *p; p++)
		if (!g_ascii_isspace(*p))
			return FALSE;
	return TRUE;
}

static gboolean
named(xmlNodePtr node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0;
}

/* Lists hold only items and table rows only cells: anything else found
 * there (text left by a template loop, say) is wrapped in an item or a cell,
 * as a browser would show it. */
static void
fix_content_model(xmlNodePtr node)
{
	const char *wrapper = NULL;
	if (named(node, "ul") || named(node, "ol"))
		wrapper = "li";
	else if (named(node, "tr"))
		wrapper = "td";
	if (!wrapper)
		return;
	xmlNodePtr child = node->children;
	while (child) {
		xmlNodePtr next = child->next;
		gboolean fits = is_blank_text(child) || named(child, wrapper) ||
		                (named(node, "tr") && named(child, "th"));
		if (!fits) {
			xmlNodePtr box = xmlNewNode(NULL, (const xmlChar *)wrapper);
			xmlAddPrevSibling(child, box);
			xmlUnlinkNode(child);
			xmlAddChild(box, child);
		}
		child = next;
	}
}

static void
clean_attributes(Cleaner *c, xmlNodePtr node)
{
	const char *name = (const char *)node->name;
	xmlAttrPtr attr = node->properties;
	while (attr) {
		xmlAttrPtr next = attr->next;
		const char *an = (const char *)attr->name;
		gboolean keep = in_list(kept_attributes, G_N_ELEMENTS(kept_attributes), an);
		if (g_ascii_strncasecmp(an, "on", 2) == 0)
			warn_once(c, &c->warned_handler, "an event handler (on...)");
		else if (g_ascii_strcasecmp(an, "style") == 0)
			warn_once(c, &c->warned_style, "a style");
		if (keep && strcmp(an, "href") == 0)
			keep = strcmp(name, "a") == 0 && rewrite_reference(c, node, attr, FALSE);
		else if (keep && strcmp(an, "src") == 0)
			keep = strcmp(name, "img") == 0 && rewrite_reference(c, node, attr, TRUE);
		else if (keep && strcmp(an, "id") == 0) {
			xmlChar *id = xmlNodeListGetString(node->doc, attr->children, 1);
			keep = id && *id && !g_hash_table_contains(c->w->ids, id);
			if (keep)
				g_hash_table_add(c->w->ids, g_strdup((const char *)id));
			xmlFree(id);
		} else if (keep && strcmp(an, "open") == 0) {
			xmlSetProp(node, attr->name, (const xmlChar *)"open");
		}
		if (!keep)
			xmlRemoveProp(attr);
		attr = next;
	}
}

/* Replaces an element by its children. */
static void
unwrap(xmlNodePtr node)
{
	xmlNodePtr child = node->children;
	while (child) {
		xmlNodePtr next = child->next;
		xmlUnlinkNode(child);
		xmlAddPrevSibling(node, child);
		child = next;
	}
	xmlUnlinkNode(node);
	xmlFreeNode(node);
}

/* A list item or table part away from its list or table (a template loop cut
 * the HTML in pieces): an item gets a list of its own, a table part gives up
 * its content. Returns the node to go on from, or NULL when node is fine. */
static xmlNodePtr
fix_orphan(xmlNodePtr node)
{
	const char *name = (const char *)node->name;
	xmlNodePtr parent = node->parent;
	const char *up =
	    parent && parent->type == XML_ELEMENT_NODE ? (const char *)parent->name : "";
	if (strcmp(name, "li") == 0 && strcmp(up, "ul") != 0 && strcmp(up, "ol") != 0) {
		xmlNodePtr list = xmlNewNode(NULL, (const xmlChar *)"ul");
		xmlAddPrevSibling(node, list);
		xmlUnlinkNode(node);
		xmlAddChild(list, node);
		return list;
	}
	static const char *const table_parts[] = {"tr",    "td",    "th",     "thead",
	                                          "tbody", "tfoot", "caption"};
	gboolean in_table = !strcmp(up, "table") || !strcmp(up, "thead") || !strcmp(up, "tbody") ||
	                    !strcmp(up, "tfoot") || !strcmp(up, "tr");
	for (gsize i = 0; i < G_N_ELEMENTS(table_parts); i++) {
		if (strcmp(name, table_parts[i]) == 0 && !in_table) {
			xmlNodePtr space = xmlNewText((const xmlChar *)" ");
			xmlAddPrevSibling(node, space);
			unwrap(node);
			return space;
		}
	}
	return NULL;
}

static void
clean_element(Cleaner *c, xmlNodePtr node)
{
	const char *name = (const char *)node->name;
	if (in_list(dropped_elements, G_N_ELEMENTS(dropped_elements), name)) {
		if (!strcmp(name, "script") || !strcmp(name, "noscript") ||
		    !strcmp(name, "template"))
			warn_once(c, &c->warned_script, "a script");
		else if (!strcmp(name, "style") || !strcmp(name, "link"))
			warn_once(c, &c->warned_style, "a style");
		else
			warn_once(c, &c->warned_form, "a form, media or embedded object");
		xmlUnlinkNode(node);
		xmlFreeNode(node);
		return;
	}
	if (strcmp(name, "img") == 0) {
		clean_attributes(c, node);
		if (!xmlHasProp(node, (const xmlChar *)"src")) {
			/* An image EPUB cannot carry: its alt text stands in. */
			xmlChar *alt = xmlGetProp(node, (const xmlChar *)"alt");
			xmlNodePtr text = xmlNewText(alt ? alt : (const xmlChar *)"");
			xmlReplaceNode(node, text);
			xmlFreeNode(node);
			xmlFree(alt);
			return;
		}
		if (!xmlHasProp(node, (const xmlChar *)"alt")) {
			xmlSetProp(node, (const xmlChar *)"alt", (const xmlChar *)"");
			c->w->images_lack_alt = TRUE;
		}
		return;
	}
	if (!in_list(kept_elements, G_N_ELEMENTS(kept_elements), name)) {
		/* Unknown or presentational (center, font): keep what is inside. */
		clean_children(c, node);
		unwrap(node);
		return;
	}
	clean_attributes(c, node);
	clean_children(c, node);
	fix_content_model(node);
	/* <p/> is well-formed XHTML, but some readers take it for an open tag. */
	if (!node->children && strcmp(name, "br") != 0 && strcmp(name, "hr") != 0)
		xmlAddChild(node, xmlNewText((const xmlChar *)""));
}

static void
clean_children(Cleaner *c, xmlNodePtr parent)
{
	xmlNodePtr node = parent->children;
	while (node) {
		xmlNodePtr next = node->next;
		switch (node->type) {
		case XML_ELEMENT_NODE: {
			xmlNodePtr instead = fix_orphan(node);
			if (instead) {
				/* Go on from what took its place: a new list, or the parts'
				 * content. */
				next = instead;
				break;
			}
			clean_element(c, node);
			break;
		}
		case XML_TEXT_NODE: break;
		case XML_CDATA_SECTION_NODE: {
			xmlNodePtr text = xmlNewText(node->content);
			xmlReplaceNode(node, text);
			xmlFreeNode(node);
			break;
		}
		default: /* comments, processing instructions, doctype */
			xmlUnlinkNode(node);
			xmlFreeNode(node);
			break;
		}
		node = next;
	}
}

void
epub_html_fragment(EpubWriter *w, GString *out, const char *html, int line)
{
	htmlDocPtr doc = htmlfrag_parse(html);
	if (!doc)
		return;
	xmlNodePtr body = htmlfrag_body(doc);
	if (body) {
		Cleaner c = {.w = w, .line = line};
		clean_children(&c, body);
		xmlBufferPtr buffer = xmlBufferCreate();
		xmlSaveCtxtPtr save =
		    xmlSaveToBuffer(buffer, "UTF-8", XML_SAVE_AS_XML | XML_SAVE_NO_DECL);
		for (xmlNodePtr n = body->children; n; n = n->next)
			xmlSaveTree(save, n);
		xmlSaveClose(save);
		g_string_append_len(out, (const char *)xmlBufferContent(buffer),
		                    (gssize)xmlBufferLength(buffer));
		xmlBufferFree(buffer);
	}
	xmlFreeDoc(doc);
}
