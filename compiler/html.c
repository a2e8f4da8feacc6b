#include "html.h"

#include "library.h"

#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>

/* An inline run of Markdown with raw HTML in it (`Press <kbd>Ctrl</kbd>`) is
 * read as one piece of HTML in which each of the run's own nodes (text,
 * links, images, emphasis) stands as an element of this name; the nodes are
 * put back where their stand-ins land. */
#define STAND_IN "folio-node"

/* libxml2's functions, found when the first raw HTML is read (library.h
 * says why not at the start). xmlFree is a variable: its member holds its
 * address. */
#define XML_FUNCTIONS(F)                                                                           \
	F(htmlReadMemory)                                                                          \
	F(xmlDocGetRootElement)                                                                    \
	F(xmlFreeDoc) F(xmlGetProp) F(xmlNodeGetContent) F(xmlGetLineNo) F(xmlFree)
static LIBRARY_TABLE(XML_FUNCTIONS) xml;

/* The mark on a list or definition list made from raw HTML: items found
 * outside any list right after it (the HTML went on after a blank line, in
 * a block of its own) join it. */
enum { FROM_HTML = 1u << 8 };

typedef enum {
	DROP_SCRIPT,
	DROP_STYLE,
	DROP_FORM,
	DROP_HANDLER,
	DROP_UNREADABLE,
	DROP_KINDS
} DropKind;

typedef struct {
	Diag *diag;
	const char *path;
	int line;           /* the page's line of the fragment's first line */
	GPtrArray *held;    /* an inline run's own nodes, by stand-in number (NULL: a block) */
	gboolean *placed;   /* which of them found their place */
	int links_open;     /* links being read (a link never holds another) */
	gboolean elsewhere; /* another page's text printed here: what it drops is said there */
	gboolean said[DROP_KINDS];
} Reader;

typedef enum {
	ROLE_UNWRAP, /* unknown or presentational (font, center's content): its children stay */
	ROLE_DROP,
	ROLE_PARAGRAPH,
	ROLE_HEADING,
	ROLE_LIST,
	ROLE_ORDERED_LIST,
	ROLE_ITEM,
	ROLE_QUOTE,
	ROLE_PRE,
	ROLE_RULE,
	ROLE_TABLE,
	ROLE_TABLE_PART, /* tr, td, ... away from a table */
	ROLE_DEF_LIST,
	ROLE_DEF_TERM,
	ROLE_DEF_DATA,
	ROLE_BLOCK,         /* div, details, figure, ...: holds blocks */
	ROLE_BLOCK_INLINES, /* summary, figcaption: a block that holds inlines */
	ROLE_BREAK,
	ROLE_IMAGE,
	ROLE_LINK,
	ROLE_EMPH,
	ROLE_STRONG,
	ROLE_STRIKE,
	ROLE_CODE,
	ROLE_INLINE, /* span, kbd, sup, ...: kept with its tag */
} Role;

static const struct {
	const char *name;
	Role role;
} roles[] = {
    {"p", ROLE_PARAGRAPH},
    {"h1", ROLE_HEADING},
    {"h2", ROLE_HEADING},
    {"h3", ROLE_HEADING},
    {"h4", ROLE_HEADING},
    {"h5", ROLE_HEADING},
    {"h6", ROLE_HEADING},
    {"ul", ROLE_LIST},
    {"menu", ROLE_LIST},
    {"ol", ROLE_ORDERED_LIST},
    {"li", ROLE_ITEM},
    {"blockquote", ROLE_QUOTE},
    {"pre", ROLE_PRE},
    {"hr", ROLE_RULE},
    {"table", ROLE_TABLE},
    {"thead", ROLE_TABLE_PART},
    {"tbody", ROLE_TABLE_PART},
    {"tfoot", ROLE_TABLE_PART},
    {"tr", ROLE_TABLE_PART},
    {"td", ROLE_TABLE_PART},
    {"th", ROLE_TABLE_PART},
    {"caption", ROLE_TABLE_PART},
    {"dl", ROLE_DEF_LIST},
    {"dt", ROLE_DEF_TERM},
    {"dd", ROLE_DEF_DATA},
    {"div", ROLE_BLOCK},
    {"center", ROLE_BLOCK},
    {"section", ROLE_BLOCK},
    {"article", ROLE_BLOCK},
    {"aside", ROLE_BLOCK},
    {"nav", ROLE_BLOCK},
    {"header", ROLE_BLOCK},
    {"footer", ROLE_BLOCK},
    {"main", ROLE_BLOCK},
    {"address", ROLE_BLOCK},
    {"figure", ROLE_BLOCK},
    {"details", ROLE_BLOCK},
    {"summary", ROLE_BLOCK_INLINES},
    {"figcaption", ROLE_BLOCK_INLINES},
    {"br", ROLE_BREAK},
    {"img", ROLE_IMAGE},
    {"a", ROLE_LINK},
    {"em", ROLE_EMPH},
    {"i", ROLE_EMPH},
    {"strong", ROLE_STRONG},
    {"b", ROLE_STRONG},
    {"s", ROLE_STRIKE},
    {"strike", ROLE_STRIKE},
    {"del", ROLE_STRIKE},
    {"code", ROLE_CODE},
    {"tt", ROLE_CODE},
    {"span", ROLE_INLINE},
    {"kbd", ROLE_INLINE},
    {"samp", ROLE_INLINE},
    {"var", ROLE_INLINE},
    {"sup", ROLE_INLINE},
    {"sub", ROLE_INLINE},
    {"small", ROLE_INLINE},
    {"big", ROLE_INLINE},
    {"mark", ROLE_INLINE},
    {"abbr", ROLE_INLINE},
    {"u", ROLE_INLINE},
    {"ins", ROLE_INLINE},
    {"q", ROLE_INLINE},
    {"cite", ROLE_INLINE},
    {"dfn", ROLE_INLINE},
    {"bdi", ROLE_INLINE},
    {"bdo", ROLE_INLINE},
    {"time", ROLE_INLINE},
    {"data", ROLE_INLINE},
    {"label", ROLE_INLINE},
    {"button", ROLE_INLINE}, /* its label, looking as a button of the theme does */
    /* What a book cannot hold, removed with everything inside. */
    {"script", ROLE_DROP},
    {"noscript", ROLE_DROP},
    {"template", ROLE_DROP},
    {"style", ROLE_DROP},
    {"link", ROLE_DROP},
    {"form", ROLE_DROP},
    {"input", ROLE_DROP},
    {"select", ROLE_DROP},
    {"textarea", ROLE_DROP},
    {"iframe", ROLE_DROP},
    {"object", ROLE_DROP},
    {"embed", ROLE_DROP},
    {"applet", ROLE_DROP},
    {"meta", ROLE_DROP},
    {"base", ROLE_DROP},
    {"canvas", ROLE_DROP},
    {"audio", ROLE_DROP},
    {"video", ROLE_DROP},
    {"frame", ROLE_DROP},
    {"frameset", ROLE_DROP},
    {"svg", ROLE_DROP},
    {"math", ROLE_DROP},
    {"title", ROLE_DROP},
};

/* Attributes kept beyond those the node's fields hold. */
static const char *const kept_attributes[] = {"lang",     "dir",     "open",   "cite",
                                              "datetime", "colspan", "rowspan"};

static Role
role_of(const char *name)
{
	for (gsize i = 0; i < G_N_ELEMENTS(roles); i++)
		if (strcmp(roles[i].name, name) == 0)
			return roles[i].role;
	return ROLE_UNWRAP;
}

static void
say_once(Reader *r, DropKind kind, int line, const char *what)
{
	if (r->said[kind] || r->elsewhere)
		return;
	r->said[kind] = TRUE;
	diag_warning(r->diag, r->path, line, 0, "raw-html", "%s in raw HTML dropped from the book",
	             what);
}

static void
say_dropped(Reader *r, const char *name, int line)
{
	if (!strcmp(name, "script") || !strcmp(name, "noscript") || !strcmp(name, "template"))
		say_once(r, DROP_SCRIPT, line, "a script");
	else if (!strcmp(name, "style") || !strcmp(name, "link"))
		say_once(r, DROP_STYLE, line, "a style");
	else if (strcmp(name, "title") != 0)
		say_once(r, DROP_FORM, line, "a form, media or embedded object");
}

static int
line_of(const Reader *r, xmlNodePtr node)
{
	long at = xml.xmlGetLineNo(node);
	return at >= 1 && at < G_MAXINT / 2 ? r->line + (int)at - 1 : r->line;
}

static char *
attribute(xmlNodePtr el, const char *name)
{
	xmlChar *value = xml.xmlGetProp(el, (const xmlChar *)name);
	if (!value)
		return NULL;
	char *copy = g_strdup((const char *)value);
	(*xml.xmlFree)(value);
	return copy;
}

/* An attribute's value with the spaces around it gone; NULL when empty. */
static char *
attribute_trimmed(xmlNodePtr el, const char *name)
{
	char *value = attribute(el, name);
	if (value && !*g_strstrip(value))
		g_clear_pointer(&value, g_free);
	return value;
}

/* id, class, title and the kept attributes into node; style and event
 * handlers said once and left out. */
static void
take_attributes(Reader *r, xmlNodePtr el, DocNode *node, int line)
{
	g_autoptr(GPtrArray) kept = g_ptr_array_new();
	for (xmlAttrPtr a = el->properties; a; a = a->next) {
		const char *name = (const char *)a->name;
		if (g_ascii_strncasecmp(name, "on", 2) == 0) {
			say_once(r, DROP_HANDLER, line, "an event handler (on...)");
			continue;
		}
		if (g_ascii_strcasecmp(name, "style") == 0) {
			say_once(r, DROP_STYLE, line, "a style");
			continue;
		}
		char **field = !strcmp(name, "id")      ? &node->id
		               : !strcmp(name, "class") ? &node->classes
		               : !strcmp(name, "title") ? &node->title
		                                        : NULL;
		if (field) {
			g_free(*field);
			*field = attribute_trimmed(el, name);
			continue;
		}
		for (gsize i = 0; i < G_N_ELEMENTS(kept_attributes); i++) {
			if (strcmp(name, kept_attributes[i]) != 0)
				continue;
			char *value = attribute(el, name);
			g_ptr_array_add(kept, g_strdup(name));
			if (!strcmp(name, "open")) {
				g_free(value);
				value = g_strdup("open");
			}
			g_ptr_array_add(kept, value ? value : g_strdup(""));
		}
	}
	if (kept->len) {
		g_ptr_array_add(kept, NULL);
		g_strfreev(node->attrs);
		node->attrs = (char **)g_ptr_array_steal(kept, NULL);
	}
}

static DocNode *
add(DocNode *into, DocKind kind, int line)
{
	DocNode *node = doc_node_new(kind, line);
	doc_append_child(into, node);
	return node;
}

static DocNode *
add_element(DocNode *into, DocKind kind, const char *tag, int line)
{
	DocNode *node = add(into, kind, line);
	node->tag = g_strdup(tag);
	return node;
}

/* HTML's white space: any run of it is one space. */
static char *
collapse_space(const char *text)
{
	GString *out = g_string_sized_new(strlen(text));
	gboolean space = FALSE;
	for (const char *p = text; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f') {
			space = TRUE;
			continue;
		}
		if (space)
			g_string_append_c(out, ' ');
		space = FALSE;
		g_string_append_c(out, *p);
	}
	if (space)
		g_string_append_c(out, ' ');
	return g_string_free(out, FALSE);
}

static gboolean
is_blank(const char *text)
{
	for (const char *p = text ? text : ""; *p; p++)
		if (!g_ascii_isspace(*p))
			return FALSE;
	return TRUE;
}

static gboolean
is_blank_xml(xmlNodePtr node)
{
	return node->type == XML_TEXT_NODE && is_blank((const char *)node->content);
}

static gboolean
is_element(xmlNodePtr node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0;
}

static void convert_nodes(Reader *r, xmlNodePtr first, DocNode *into, gboolean inline_ctx);
static void convert_node(Reader *r, xmlNodePtr node, DocNode *into, gboolean inline_ctx);

/* ---- tidying ------------------------------------------------------------ */

static gboolean
run_is_blank(const DocNode *first, const DocNode *stop)
{
	for (const DocNode *n = first; n != stop; n = n->next)
		if (!(n->kind == DOC_TEXT && is_blank(n->text)) && n->kind != DOC_SOFT_BREAK &&
		    n->kind != DOC_LINE_BREAK)
			return FALSE;
	return TRUE;
}

static gboolean
is_edge_space(const DocNode *n)
{
	return n->kind == DOC_LINE_BREAK || n->kind == DOC_SOFT_BREAK ||
	       (n->kind == DOC_TEXT && is_blank(n->text));
}

/* The spaces and line breaks at the two ends of the inlines of container
 * from first up to stop go: HTML shows none there. */
static void
trim_inlines(DocNode *container, DocNode *first, DocNode *stop)
{
	while (first && first != stop && is_edge_space(first)) {
		DocNode *next = first->next;
		doc_unlink(first);
		doc_node_free(first);
		first = next;
	}
	if (!first || first == stop)
		return;
	if (first->kind == DOC_TEXT)
		g_strchug(first->text);
	DocNode *last = stop ? stop->prev : container->last;
	while (last != first && is_edge_space(last)) {
		DocNode *prev = last->prev;
		doc_unlink(last);
		doc_node_free(last);
		last = prev;
	}
	if (last->kind == DOC_TEXT)
		g_strchomp(last->text);
}

/* The runs of inlines among container's blocks: a blank one goes; the others
 * are trimmed and, with wrap, made paragraphs (a document or a quote holds
 * blocks only; an item or a div may hold text as it is). */
static void
tidy_runs(DocNode *container, gboolean wrap)
{
	DocNode *n = container->first;
	while (n) {
		if (doc_kind_is_block(n->kind)) {
			n = n->next;
			continue;
		}
		DocNode *stop = n;
		while (stop && !doc_kind_is_block(stop->kind))
			stop = stop->next;
		if (run_is_blank(n, stop)) {
			while (n != stop) {
				DocNode *next = n->next;
				doc_unlink(n);
				doc_node_free(n);
				n = next;
			}
			continue;
		}
		DocNode *before = n->prev;
		trim_inlines(container, n, stop);
		DocNode *first = before ? before->next : container->first;
		if (wrap && first && first != stop) {
			DocNode *para = doc_node_new(DOC_PARAGRAPH, first->line);
			doc_insert_before(first, para);
			while (para->next != stop) {
				DocNode *moved = para->next;
				doc_unlink(moved);
				doc_append_child(para, moved);
			}
		}
		n = stop;
	}
}

/* ---- elements ------------------------------------------------------------ */

/* A run's own node back in its place. Within a link a link becomes a span:
 * a link never holds another. */
static void
place_held(Reader *r, xmlNodePtr el, DocNode *into)
{
	g_autofree char *number = attribute(el, "i");
	if (!r->held || !number)
		return;
	char *end = NULL;
	guint64 i = g_ascii_strtoull(number, &end, 10);
	if (*end || i >= r->held->len || r->placed[i])
		return;
	r->placed[i] = TRUE;
	DocNode *node = g_ptr_array_index(r->held, i);
	if (node->kind == DOC_LINK && r->links_open) {
		node->kind = DOC_ELEMENT_INLINE;
		node->tag = g_strdup("span");
		g_clear_pointer(&node->url, g_free);
	}
	doc_append_child(into, node);
}

static void
convert_image(Reader *r, xmlNodePtr el, DocNode *into, int line)
{
	g_autofree char *src = attribute_trimmed(el, "src");
	g_autofree char *alt = attribute(el, "alt");
	if (!src) {
		/* Nothing to show: its description stands in. */
		if (alt && !is_blank(alt))
			add(into, DOC_TEXT, line)->text = g_steal_pointer(&alt);
		return;
	}
	DocNode *image = add(into, DOC_IMAGE, line);
	take_attributes(r, el, image, line);
	image->url = g_steal_pointer(&src);
	if (alt)
		add(image, DOC_TEXT, line)->text = g_steal_pointer(&alt);
	g_autofree char *width = attribute_trimmed(el, "width");
	if (width && g_ascii_isdigit(width[0]))
		image->width = g_steal_pointer(&width);
}

static void
convert_link(Reader *r, xmlNodePtr el, DocNode *into, int line)
{
	g_autofree char *href = attribute_trimmed(el, "href");
	if (!href || r->links_open) {
		/* An anchor (<a id> or <a name>), or a link inside a link. */
		DocNode *span = add_element(into, DOC_ELEMENT_INLINE, href ? "span" : "a", line);
		take_attributes(r, el, span, line);
		if (!span->id)
			span->id = attribute_trimmed(el, "name");
		convert_nodes(r, el->children, span, TRUE);
		return;
	}
	DocNode *link = add(into, DOC_LINK, line);
	take_attributes(r, el, link, line);
	link->url = g_steal_pointer(&href);
	r->links_open++;
	convert_nodes(r, el->children, link, TRUE);
	r->links_open--;
}

static gboolean
only_text(xmlNodePtr el)
{
	for (xmlNodePtr c = el->children; c; c = c->next)
		if (c->type != XML_TEXT_NODE)
			return FALSE;
	return TRUE;
}

static void
convert_pre(Reader *r, xmlNodePtr el, DocNode *into, int line)
{
	DocNode *code = add(into, DOC_CODE_BLOCK, line);
	take_attributes(r, el, code, line);
	xmlChar *content = xml.xmlNodeGetContent(el);
	const char *text = content ? (const char *)content : "";
	if (*text == '\n') /* HTML drops a newline right after <pre> */
		text++;
	code->text =
	    g_str_has_suffix(text, "\n") || !*text ? g_strdup(text) : g_strconcat(text, "\n", NULL);
	(*xml.xmlFree)(content);
	/* <pre><code class="language-x">: the language, as a fence names it. */
	for (xmlNodePtr c = el->children; c; c = c->next) {
		g_autofree char *classes = is_element(c, "code") ? attribute(c, "class") : NULL;
		const char *lang = classes ? strstr(classes, "language-") : NULL;
		if (lang) {
			code->info = g_strdup(lang + strlen("language-"));
			g_strdelimit(code->info, " ", '\0');
		}
	}
}

static void
convert_list(Reader *r, xmlNodePtr el, DocNode *into, int line, gboolean ordered)
{
	DocNode *list = add(into, DOC_LIST, line);
	list->marks = FROM_HTML;
	take_attributes(r, el, list, line);
	list->u.list.ordered = ordered;
	list->u.list.delimiter = ordered ? '.' : '-';
	list->u.list.tight = TRUE;
	g_autofree char *start = attribute_trimmed(el, "start");
	list->u.list.start = start && ordered ? (unsigned)MAX(0, atoi(start)) : 1;
	for (xmlNodePtr c = el->children; c; c = c->next) {
		if (is_blank_xml(c) || c->type == XML_COMMENT_NODE)
			continue;
		/* Anything else a list holds (text a template loop left) is an item
		 * of its own, as a browser shows it. */
		DocNode *item = add(list, DOC_ITEM, line_of(r, c));
		if (is_element(c, "li")) {
			take_attributes(r, c, item, item->line);
			convert_nodes(r, c->children, item, FALSE);
		} else {
			convert_node(r, c, item, FALSE);
		}
		tidy_runs(item, FALSE);
		for (DocNode *b = item->first; b; b = b->next)
			if (b->kind == DOC_PARAGRAPH)
				list->u.list.tight = FALSE;
	}
	if (!list->first) {
		doc_unlink(list);
		doc_node_free(list);
	}
}

/* A container of inlines made from el's children, trimmed. */
static DocNode *
add_inline_block(Reader *r, xmlNodePtr el, DocNode *into, DocKind kind, int line)
{
	DocNode *node = add(into, kind, line);
	if (el->type == XML_ELEMENT_NODE) {
		take_attributes(r, el, node, line);
		convert_nodes(r, el->children, node, TRUE);
	} else {
		convert_node(r, el, node, TRUE); /* text standing where an element belongs */
	}
	trim_inlines(node, node->first, NULL);
	return node;
}

/* A cell's colspan or rowspan: 1 unless it gives a number past it (HTML
 * takes at most 1000 columns, 65534 rows). */
static unsigned
span_of(xmlNodePtr cell, const char *name, unsigned most)
{
	g_autofree char *value = cell->type == XML_ELEMENT_NODE ? attribute(cell, name) : NULL;
	gint64 n = value ? g_ascii_strtoll(value, NULL, 10) : 1;
	return (unsigned)CLAMP(n, 1, (gint64)most);
}

static void
add_row(Reader *r, xmlNodePtr tr, DocNode *part)
{
	DocNode *row = add(part, DOC_TABLE_ROW, line_of(r, tr));
	for (xmlNodePtr c = tr->children; c; c = c->next) {
		if (is_blank_xml(c) || c->type == XML_COMMENT_NODE)
			continue;
		DocNode *cell = add_inline_block(r, c, row, DOC_TABLE_CELL, line_of(r, c));
		cell->u.cell.header = is_element(c, "th");
		cell->u.cell.colspan = span_of(c, "colspan", 1000);
		cell->u.cell.rowspan = span_of(c, "rowspan", 65534);
		g_autofree char *align = c->type == XML_ELEMENT_NODE ? attribute(c, "align") : NULL;
		if (align)
			cell->u.cell.align = !g_ascii_strcasecmp(align, "center") ? DOC_ALIGN_CENTER
			                     : !g_ascii_strcasecmp(align, "right") ? DOC_ALIGN_RIGHT
			                     : !g_ascii_strcasecmp(align, "left")
			                         ? DOC_ALIGN_LEFT
			                         : DOC_ALIGN_DEFAULT;
	}
}

/* The rows of a table part; cells or anything else found straight in it
 * are a row of their own. */
static void
add_rows(Reader *r, xmlNodePtr parent, DocNode *part)
{
	for (xmlNodePtr c = parent->children; c; c = c->next) {
		if (is_blank_xml(c) || c->type == XML_COMMENT_NODE)
			continue;
		if (is_element(c, "tr")) {
			add_row(r, c, part);
			continue;
		}
		DocNode *row = add(part, DOC_TABLE_ROW, line_of(r, c));
		DocNode *cell = add_inline_block(r, c, row, DOC_TABLE_CELL, row->line);
		cell->u.cell.header = is_element(c, "th");
	}
}

static void
convert_table(Reader *r, xmlNodePtr el, DocNode *into, int line)
{
	DocNode *table = doc_node_new(DOC_TABLE, line);
	take_attributes(r, el, table, line);
	DocNode *body = NULL; /* rows straight in <table> */
	for (xmlNodePtr c = el->children; c; c = c->next) {
		if (is_blank_xml(c) || c->type == XML_COMMENT_NODE)
			continue;
		if (is_element(c, "caption")) {
			/* Said before the table, where both formats show it. */
			add_inline_block(r, c, into, DOC_PARAGRAPH, line_of(r, c));
			continue;
		}
		gboolean head = is_element(c, "thead");
		if (head || is_element(c, "tbody") || is_element(c, "tfoot")) {
			DocNode *part =
			    add(table, head ? DOC_TABLE_HEAD : DOC_TABLE_BODY, line_of(r, c));
			add_rows(r, c, part);
			body = NULL;
			continue;
		}
		if (!body)
			body = add(table, DOC_TABLE_BODY, line_of(r, c));
		if (is_element(c, "tr")) {
			add_row(r, c, body);
		} else {
			DocNode *row = add(body, DOC_TABLE_ROW, line_of(r, c));
			DocNode *cell = add_inline_block(r, c, row, DOC_TABLE_CELL, row->line);
			cell->u.cell.header = is_element(c, "th");
		}
	}
	unsigned columns = 0;
	g_autoptr(GArray) grid = doc_table_grid(table, &columns, NULL);
	/* The spans as far as they reach: within the table's part, and its
	 * rows' columns. */
	for (guint i = 0; i < grid->len; i++) {
		const DocGridCell *at = &g_array_index(grid, DocGridCell, i);
		DocNode *cell = (DocNode *)at->cell;
		cell->u.cell.colspan = at->colspan;
		cell->u.cell.rowspan = at->rowspan;
	}
	if (!columns) {
		doc_node_free(table);
		return;
	}
	/* A first row of header cells alone, with no head, heads the table (as
	 * a browser and a screen reader take it): it heads the columns, and
	 * stands again over a table continued on the next page. */
	DocNode *first = table->first;
	gboolean heads = first && first->kind == DOC_TABLE_BODY && first->first &&
	                 first->first->next && first->first->first;
	for (DocNode *cell = heads ? first->first->first : NULL; cell; cell = cell->next)
		heads = heads && cell->u.cell.header && cell->u.cell.rowspan <= 1;
	if (heads) {
		DocNode *head = doc_node_new(DOC_TABLE_HEAD, first->first->line);
		DocNode *row = first->first;
		doc_unlink(row);
		doc_append_child(head, row);
		doc_insert_before(first, head);
	}
	/* Parts without rows say nothing. */
	for (DocNode *part = table->first, *next; part; part = next) {
		next = part->next;
		if (!part->first) {
			doc_unlink(part);
			doc_node_free(part);
		}
	}
	table->u.columns = columns;
	doc_append_child(into, table);
}

static void
convert_def_list(Reader *r, xmlNodePtr el, DocNode *into, int line)
{
	DocNode *list = add(into, DOC_DEF_LIST, line);
	list->marks = FROM_HTML;
	take_attributes(r, el, list, line);
	for (xmlNodePtr c = el->children; c; c = c->next) {
		if (is_blank_xml(c) || c->type == XML_COMMENT_NODE)
			continue;
		gboolean term = is_element(c, "dt");
		/* A definition comes after a term: an empty one if none is there. */
		if (!term && !list->first)
			add(list, DOC_DEF_TERM, line_of(r, c));
		add_inline_block(r, c, list, term ? DOC_DEF_TERM : DOC_DEF_DATA, line_of(r, c));
	}
	if (!list->first) {
		doc_unlink(list);
		doc_node_free(list);
	}
}

/* The container that a list item or a definition found outside any list
 * goes into: the list just before it, or a new one. */
static DocNode *
orphan_container(DocNode *into, DocKind kind, int line)
{
	if (into->last && into->last->kind == kind && into->last->marks == FROM_HTML)
		return into->last;
	DocNode *list = add(into, kind, line);
	list->marks = FROM_HTML; /* orphans that follow join it */
	if (kind == DOC_LIST) {
		list->u.list.tight = TRUE;
		list->u.list.delimiter = '-';
		list->u.list.start = 1;
	}
	return list;
}

static void
convert_element(Reader *r, xmlNodePtr el, DocNode *into, gboolean inline_ctx)
{
	const char *name = (const char *)el->name;
	int line = line_of(r, el);
	if (strcmp(name, STAND_IN) == 0 && r->held) {
		place_held(r, el, into);
		return;
	}
	Role role = role_of(name);
	DocNode *node;
	switch (role) {
	case ROLE_DROP: say_dropped(r, name, line); return;
	case ROLE_UNWRAP: convert_nodes(r, el->children, into, inline_ctx); return;
	case ROLE_BREAK: add(into, DOC_LINE_BREAK, line); return;
	case ROLE_IMAGE: convert_image(r, el, into, line); return;
	case ROLE_LINK: convert_link(r, el, into, line); return;
	case ROLE_EMPH:
	case ROLE_STRONG:
	case ROLE_STRIKE:
		node = add(into,
		           role == ROLE_EMPH     ? DOC_EMPH
		           : role == ROLE_STRONG ? DOC_STRONG
		                                 : DOC_STRIKE,
		           line);
		take_attributes(r, el, node, line);
		convert_nodes(r, el->children, node, TRUE);
		return;
	case ROLE_CODE:
		if (only_text(el)) {
			node = add(into, DOC_CODE, line);
			xmlChar *content = xml.xmlNodeGetContent(el);
			node->text = g_strdup(content ? (const char *)content : "");
			(*xml.xmlFree)(content);
			return;
		}
		node = add_element(into, DOC_ELEMENT_INLINE, "code", line);
		take_attributes(r, el, node, line);
		convert_nodes(r, el->children, node, TRUE);
		return;
	case ROLE_INLINE: {
		/* Elements XHTML has not (big), that need attributes of their own
		 * (data, bdo) or that act on the screen only (button) are spans. */
		gboolean button = !strcmp(name, "button");
		node = add_element(into, DOC_ELEMENT_INLINE,
		                   button || !strcmp(name, "big") || !strcmp(name, "data") ||
		                           !strcmp(name, "bdo")
		                       ? "span"
		                       : name,
		                   line);
		take_attributes(r, el, node, line);
		if (button) {
			char *classes = node->classes ? g_strconcat("btn ", node->classes, NULL)
			                              : g_strdup("btn");
			g_free(node->classes);
			node->classes = classes;
		}
		convert_nodes(r, el->children, node, TRUE);
		return;
	}
	default: break;
	}

	if (inline_ctx) {
		/* A block where only inlines may stand (a paragraph, a cell): its
		 * content, on a line of its own. */
		if (into->last && into->last->kind != DOC_LINE_BREAK)
			add(into, DOC_LINE_BREAK, line);
		if (role != ROLE_RULE)
			convert_nodes(r, el->children, into, TRUE);
		if (into->last && into->last->kind != DOC_LINE_BREAK)
			add(into, DOC_LINE_BREAK, line);
		return;
	}
	switch (role) {
	case ROLE_PARAGRAPH: add_inline_block(r, el, into, DOC_PARAGRAPH, line); break;
	case ROLE_HEADING:
		node = add_inline_block(r, el, into, DOC_HEADING, line);
		node->u.level = name[1] - '0';
		break;
	case ROLE_QUOTE:
		node = add(into, DOC_BLOCKQUOTE, line);
		take_attributes(r, el, node, line);
		convert_nodes(r, el->children, node, FALSE);
		tidy_runs(node, TRUE);
		break;
	case ROLE_LIST:
	case ROLE_ORDERED_LIST: convert_list(r, el, into, line, role == ROLE_ORDERED_LIST); break;
	case ROLE_ITEM:
		node = add(orphan_container(into, DOC_LIST, line), DOC_ITEM, line);
		take_attributes(r, el, node, line);
		convert_nodes(r, el->children, node, FALSE);
		tidy_runs(node, FALSE);
		break;
	case ROLE_PRE: convert_pre(r, el, into, line); break;
	case ROLE_RULE: add(into, DOC_THEMATIC_BREAK, line); break;
	case ROLE_TABLE: convert_table(r, el, into, line); break;
	case ROLE_TABLE_PART:
		/* Away from its table (a template loop cut the HTML in pieces): its
		 * content stays, apart from what stands before it. */
		add(into, DOC_TEXT, line)->text = g_strdup(" ");
		convert_nodes(r, el->children, into, FALSE);
		break;
	case ROLE_DEF_LIST: convert_def_list(r, el, into, line); break;
	case ROLE_DEF_TERM:
	case ROLE_DEF_DATA:
		add_inline_block(r, el, orphan_container(into, DOC_DEF_LIST, line),
		                 role == ROLE_DEF_TERM ? DOC_DEF_TERM : DOC_DEF_DATA, line);
		break;
	case ROLE_BLOCK_INLINES:
		/* A summary belongs first in its details, a caption in its figure;
		 * anywhere else it is a plain block. */
		if (el->parent &&
		    is_element(el->parent, !strcmp(name, "summary") ? "details" : "figure")) {
			/* A summary may hold a heading (<summary><h2>...</h2></summary>):
			 * then its content is blocks and text, as a div's. */
			gboolean heading = FALSE;
			for (xmlNodePtr h = el->children; h; h = h->next)
				heading =
				    heading || (h->type == XML_ELEMENT_NODE &&
				                role_of((const char *)h->name) == ROLE_HEADING);
			node = add_element(into, DOC_ELEMENT_BLOCK, name, line);
			take_attributes(r, el, node, line);
			convert_nodes(r, el->children, node, !heading);
			if (heading)
				tidy_runs(node, FALSE);
			else
				trim_inlines(node, node->first, NULL);
		} else {
			add_inline_block(r, el, into, DOC_PARAGRAPH, line);
		}
		break;
	case ROLE_BLOCK:
		node = add_element(
		    into, DOC_ELEMENT_BLOCK,
		    !strcmp(name, "center") || !strcmp(name, "address") ? "div" : name, line);
		take_attributes(r, el, node, line);
		convert_nodes(r, el->children, node, FALSE);
		tidy_runs(node, FALSE);
		break;
	default: break;
	}
}

static void
convert_node(Reader *r, xmlNodePtr node, DocNode *into, gboolean inline_ctx)
{
	switch (node->type) {
	case XML_ELEMENT_NODE: convert_element(r, node, into, inline_ctx); break;
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE: {
		const char *text = (const char *)node->content;
		if (!text || !*text)
			break;
		/* In a run, the text is the run's own: what the parser sees
		 * between the stand-ins is only the lines' ends folio put there. */
		if (r->held && is_blank(text))
			break;
		/* Between blocks, white space means nothing. */
		if (!inline_ctx && is_blank(text) &&
		    (!into->last || doc_kind_is_block(into->last->kind)))
			break;
		DocNode *t = add(into, DOC_TEXT, line_of(r, node));
		t->text = node->type == XML_TEXT_NODE ? collapse_space(text) : g_strdup(text);
		break;
	}
	default: break; /* comments, processing instructions */
	}
}

static void
convert_nodes(Reader *r, xmlNodePtr first, DocNode *into, gboolean inline_ctx)
{
	for (xmlNodePtr n = first; n; n = n->next)
		convert_node(r, n, into, inline_ctx);
}

/* ---- the pass ------------------------------------------------------------ */

/* NULL when the HTML cannot be read, or libxml2 cannot be opened (said
 * once a build, as an error: the HTML is not in the book). */
static htmlDocPtr
parse(Reader *r, const char *html)
{
	static LibraryOnce xml_once;
	const char *why = NULL;
	if (!library_open(&xml_once, FOLIO_XML_LIBRARY, XML_FUNCTIONS, xml, &why)) {
		diag_error(r->diag, NULL, 0, 0, NULL,
		           "raw HTML is read with %s, which cannot be opened (%s): "
		           "the HTML is left out of the book",
		           FOLIO_XML_LIBRARY, why);
		return NULL;
	}
	/* The text is valid UTF-8 (source.c saw to that); <body> keeps leading
	 * text from being wrapped in a paragraph. Never HTML_PARSE_NOIMPLIED:
	 * libxml2 2.9 then nests every sibling inside the first. */
	g_autofree char *wrapped = g_strconcat("<html><body>", html, "</body></html>", NULL);
	return xml.htmlReadMemory(wrapped, (int)strlen(wrapped), NULL, "UTF-8",
	                          HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
}

static void
free_parsed(htmlDocPtr doc)
{
	if (doc)
		xml.xmlFreeDoc(doc);
}

static xmlNodePtr
body_of(htmlDocPtr doc)
{
	xmlNodePtr root = doc ? xml.xmlDocGetRootElement(doc) : NULL;
	for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next)
		if (is_element(n, "body"))
			return n;
	return NULL;
}

/* Moves the children of from before `before` in parent (at its end when
 * before is NULL), and frees from. They were written where before (or
 * parent) was. */
static void
replace_with_children(DocNode *parent, DocNode *before, DocNode *from)
{
	doc_mark_written_on(from, doc_written_on(before ? before : parent));
	if (before)
		doc_move_children_before(from, before);
	else
		doc_move_children_to(from, parent);
	doc_node_free(from);
}

static void
read_block(Reader *r, DocNode *block)
{
	DocNode *parent = block->parent;
	htmlDocPtr html = parse(r, block->text ? block->text : "");
	xmlNodePtr body = body_of(html);
	DocNode *nodes = doc_node_new(DOC_DOCUMENT, block->line);
	r->elsewhere = doc_written_on(block) != NULL;
	if (body) {
		r->line = block->line;
		r->held = NULL;
		convert_nodes(r, body->children, nodes, FALSE);
		/* A document or a quote holds blocks; an item or a div may hold text. */
		tidy_runs(nodes, parent->kind != DOC_ITEM && parent->kind != DOC_ELEMENT_BLOCK);
		/* Items of a list that an earlier block of HTML opened. */
		DocNode *list = nodes->first, *prev = block->prev;
		if (list && prev && list->marks == FROM_HTML && prev->marks == FROM_HTML &&
		    list->kind == prev->kind &&
		    (list->kind != DOC_LIST || list->u.list.ordered == prev->u.list.ordered)) {
			doc_move_children_to(list, prev);
			doc_unlink(list);
			doc_node_free(list);
		}
	} else if (!is_blank(block->text)) {
		say_once(r, DROP_UNREADABLE, block->line, "HTML that cannot be read");
	}
	free_parsed(html);
	replace_with_children(parent, block, nodes);
	doc_unlink(block);
	doc_node_free(block);
}

static gboolean
inside_link(const DocNode *node)
{
	for (; node; node = node->parent)
		if (node->kind == DOC_LINK)
			return TRUE;
	return FALSE;
}

/* Reads the inlines first..stop of parent, raw HTML and all. A paragraph
 * that is nothing but the run (md4c reads a line <h2>...</h2> as a paragraph
 * with inline HTML) is read as blocks and gives way to them, unless kramdown
 * gave it a meaning of its own. */
static void
read_inline_run(Reader *r, DocNode *parent, DocNode *first, DocNode *stop)
{
	int line = first->line > 0 ? first->line : parent->line;
	r->elsewhere = doc_written_on(first) != NULL;
	gboolean as_blocks = parent->kind == DOC_PARAGRAPH && parent->parent &&
	                     first == parent->first && !stop && !parent->callout &&
	                     !parent->classes && !parent->id;
	g_autoptr(GString) html = g_string_new(NULL);
	g_autoptr(GPtrArray) held = g_ptr_array_new();
	/* Lines' ends where the page has them, so that the parser's line
	 * numbers are the page's. */
	int at = line;
	for (DocNode *n = first, *next; n != stop; n = next) {
		next = n->next;
		for (; n->line > at && n->line - at < 10000; at++)
			g_string_append_c(html, '\n');
		doc_unlink(n);
		if (n->kind == DOC_HTML_INLINE) {
			g_string_append(html, n->text ? n->text : "");
			for (const char *c = n->text ? n->text : ""; *c; c++)
				at += *c == '\n';
			doc_node_free(n);
		} else {
			g_string_append_printf(html, "<" STAND_IN " i=\"%u\"></" STAND_IN ">",
			                       held->len);
			g_ptr_array_add(held, n);
		}
	}
	htmlDocPtr doc = parse(r, html->str);
	xmlNodePtr body = body_of(doc);
	DocNode *nodes = doc_node_new(as_blocks ? DOC_DOCUMENT : DOC_PARAGRAPH, line);
	g_autofree gboolean *placed = g_new0(gboolean, held->len + 1);
	if (body) {
		r->line = line;
		r->held = held;
		r->placed = placed;
		r->links_open = inside_link(parent);
		convert_nodes(r, body->children, nodes, !as_blocks);
		r->held = NULL;
		r->placed = NULL;
		r->links_open = 0;
	}
	free_parsed(doc);
	/* What the parser did not keep (a stand-in inside a dropped element):
	 * gone with it, or, if the HTML could not be read at all, kept in order. */
	for (guint i = 0; i < held->len; i++) {
		if (placed[i])
			continue;
		if (body)
			doc_node_free(g_ptr_array_index(held, i));
		else
			doc_append_child(nodes, g_ptr_array_index(held, i));
	}
	if (!as_blocks) {
		replace_with_children(parent, stop, nodes);
		return;
	}
	DocNode *container = parent->parent;
	tidy_runs(nodes, container->kind != DOC_ITEM && container->kind != DOC_ELEMENT_BLOCK);
	replace_with_children(container, parent, nodes);
	doc_unlink(parent);
	doc_node_free(parent);
}

/* Depth first, so that a run's own nodes are read before they move (a
 * paragraph may give way to the blocks it turns out to hold). */
static void
read_children(Reader *r, DocNode *parent)
{
	for (DocNode *n = parent->first, *next; n; n = next) {
		next = n->next;
		if (n->first)
			read_children(r, n);
	}
	DocNode *n = parent->first;
	while (n) {
		if (n->kind == DOC_HTML_BLOCK) {
			DocNode *next = n->next;
			read_block(r, n);
			n = next;
			continue;
		}
		if (doc_kind_is_block(n->kind)) {
			n = n->next;
			continue;
		}
		DocNode *stop = n;
		gboolean html = FALSE;
		while (stop && !doc_kind_is_block(stop->kind)) {
			html = html || stop->kind == DOC_HTML_INLINE;
			stop = stop->next;
		}
		if (html) {
			gboolean whole = n == parent->first && !stop;
			read_inline_run(r, parent, n, stop);
			if (whole)
				return; /* parent may be gone */
		}
		n = stop;
	}
}

char *
html_strip_tags(const char *text)
{
	GString *out = g_string_new(NULL);
	gboolean tag = FALSE;
	for (const char *p = text; *p; p++) {
		if (*p == '<')
			tag = TRUE;
		else if (*p == '>' && tag)
			tag = FALSE;
		else if (!tag)
			g_string_append_c(out, *p);
	}
	return g_string_free(out, FALSE);
}

void
html_read_into(Doc *doc, Diag *diag)
{
	Reader r = {.diag = diag, .path = doc->path};
	read_children(&r, doc->root);
}
