#include "kramdown.h"

#include "html.h"

#include <string.h>

typedef struct {
	const Site *site;
	Doc *doc;
	Diag *diag;
	int depth; /* lists and quotes within each other, walked so far */
} Pass;

/* Deeper than any real page: kramdown's syntax is left as it is there, and
 * the stack stays small even under the sanitizers. */
enum { PASS_MAX_DEPTH = 256 };

enum {
	MARK_DOOMED = 1, /* an attribute-only paragraph, removed once read */
	MARK_TOC = 2,    /* a list marked {:toc} */
};

/* ---- attribute lists --------------------------------------------------- */

typedef struct {
	GString *classes;
	char *id;
	char *lang; /* lang="en": the language of what it marks */
	gboolean toc;
} Attributes;

/* Reads "{: .a .b #id key="v" }" or "{#id}" or "{:toc}"; FALSE when text is not one. */
static gboolean
parse_ial(const char *text, Attributes *attrs)
{
	g_autofree char *t = g_strstrip(g_strdup(text));
	gsize n = strlen(t);
	if (n < 3 || t[0] != '{' || t[n - 1] != '}' || (t[1] != ':' && t[1] != '#'))
		return FALSE;
	if (t[1] == ':' && t[2] == ':')
		return FALSE; /* an extension, not an attribute list */
	t[n - 1] = '\0';
	const char *body = t + (t[1] == ':' ? 2 : 1);
	if (t[1] == '#')
		body = t + 1;
	g_auto(GStrv) words = g_strsplit_set(body, " \t", -1);
	for (char **w = words; *w; w++) {
		if (!**w)
			continue;
		if (strcmp(*w, "toc") == 0)
			attrs->toc = TRUE;
		else if ((*w)[0] == '.' && (*w)[1]) {
			if (!attrs->classes)
				attrs->classes = g_string_new(NULL);
			else
				g_string_append_c(attrs->classes, ' ');
			g_string_append(attrs->classes, *w + 1);
		} else if ((*w)[0] == '#' && (*w)[1]) {
			g_free(attrs->id);
			attrs->id = g_strdup(*w + 1);
		} else if (g_str_has_prefix(*w, "lang=") && (*w)[5]) {
			g_free(attrs->lang);
			attrs->lang = g_strdup(*w + 5);
			gsize len = strlen(attrs->lang);
			if (len >= 2 && (attrs->lang[0] == '"' || attrs->lang[0] == '\'') &&
			    attrs->lang[len - 1] == attrs->lang[0]) {
				memmove(attrs->lang, attrs->lang + 1, len - 2);
				attrs->lang[len - 2] = '\0';
			}
		}
		/* Other key="value" pairs mean nothing on paper. */
	}
	return TRUE;
}

static void
attributes_clear(Attributes *attrs)
{
	if (attrs->classes)
		g_string_free(attrs->classes, TRUE);
	g_free(attrs->id);
	g_free(attrs->lang);
}

static gboolean
has_class(const DocNode *node, const char *name)
{
	if (!node->classes)
		return FALSE;
	g_auto(GStrv) classes = g_strsplit(node->classes, " ", -1);
	return g_strv_contains((const char *const *)classes, name);
}

static void
apply_attributes(DocNode *node, Attributes *attrs)
{
	if (attrs->classes) {
		char *joined = node->classes
		                   ? g_strconcat(node->classes, " ", attrs->classes->str, NULL)
		                   : g_strdup(attrs->classes->str);
		g_free(node->classes);
		node->classes = joined;
	}
	if (attrs->id && node->kind == DOC_HEADING) {
		g_free(node->id);
		node->id = g_strdup(attrs->id);
	}
	if (attrs->lang)
		doc_set_attr(node, "lang", attrs->lang);
	if (node->kind == DOC_HEADING && has_class(node, "no_toc"))
		node->no_toc = TRUE;
}

/* The text of one line of inlines (first up to a soft break), if it is all text. */
static char *
line_text(DocNode *first, DocNode **line_end)
{
	GString *text = g_string_new(NULL);
	DocNode *n = first;
	for (; n && n->kind != DOC_SOFT_BREAK && n->kind != DOC_LINE_BREAK; n = n->next) {
		if (n->kind != DOC_TEXT) {
			g_string_free(text, TRUE);
			return NULL;
		}
		g_string_append(text, n->text);
	}
	*line_end = n; /* the break, or NULL */
	return g_string_free(text, FALSE);
}

static void
remove_range(DocNode *from, DocNode *to_inclusive)
{
	DocNode *n = from;
	while (n) {
		DocNode *next = n == to_inclusive ? NULL : n->next;
		doc_unlink(n);
		doc_node_free(n);
		n = next;
	}
}

/* An attribute list on the first or last line of a paragraph (or heading)
 * belongs to it. Returns TRUE when nothing else was in the block. */
static gboolean
take_line_attributes(DocNode *block, Attributes *attrs)
{
	/* First line. */
	DocNode *end = NULL;
	g_autofree char *first = block->first ? line_text(block->first, &end) : NULL;
	if (first && parse_ial(first, attrs)) {
		remove_range(block->first, end ? end : block->last);
		if (!block->first)
			return TRUE;
	}
	/* Last line: the nodes after the last break. */
	DocNode *start = block->last;
	while (start && start->prev && start->prev->kind != DOC_SOFT_BREAK &&
	       start->prev->kind != DOC_LINE_BREAK)
		start = start->prev;
	if (start && start->prev) {
		DocNode *line_end = NULL;
		g_autofree char *last = line_text(start, &line_end);
		if (last && !line_end && parse_ial(last, attrs))
			remove_range(start->prev, block->last);
	}
	/* A heading's trailing {#id} on its own line of text. */
	if (block->kind == DOC_HEADING && block->last && block->last->kind == DOC_TEXT) {
		char *text = block->last->text;
		char *brace = strrchr(text, '{');
		if (brace && g_str_has_suffix(g_strchomp(text), "}") && parse_ial(brace, attrs)) {
			*brace = '\0';
			g_strchomp(text);
		}
	}
	return block->first == NULL;
}

/* Span attribute lists right after a link, image, code span or the like:
 * the element keeps its classes (a link that is a .btn, a span that is a
 * .label) and an image its width (it matters on paper); the rest means
 * nothing in a book and is dropped. */
static void
take_span_attributes(DocNode *block)
{
	for (DocNode *n = block->first; n; n = n->next) {
		if (n->kind != DOC_TEXT || !n->prev || n->prev->kind == DOC_TEXT ||
		    n->prev->kind == DOC_SOFT_BREAK ||
		    !(g_str_has_prefix(n->text, "{:") ||
		      (n->prev->kind == DOC_IMAGE && g_str_has_prefix(n->text, "{width="))))
			continue;
		char *close = strchr(n->text, '}');
		if (!close)
			continue;
		g_autofree char *list = g_strndup(n->text, (gsize)(close + 1 - n->text));
		Attributes attrs = {0};
		if (parse_ial(list, &attrs) && attrs.classes)
			apply_attributes(n->prev, &attrs);
		attributes_clear(&attrs);
		if (n->prev->kind == DOC_IMAGE) {
			g_autofree char *list = g_strndup(n->text, (gsize)(close - n->text));
			const char *w = strstr(list, "width=");
			if (w) {
				w += strlen("width=");
				char quote = (*w == '"' || *w == '\'') ? *w++ : ' ';
				const char *end = w;
				while (*end && *end != quote && *end != '}' &&
				       !g_ascii_isspace(*end))
					end++;
				g_free(n->prev->width);
				n->prev->width = g_strndup(w, (gsize)(end - w));
			}
		}
		memmove(n->text, close + 1, strlen(close + 1) + 1);
	}
}

/* kramdown's definition lists: "Term" then lines starting with ": ". md4c
 * reads them as one paragraph; they become a DEF_LIST of terms and data. A
 * line that is not data continues the data before it unless data follows it
 * (then it is the next term); a paragraph of data alone, right after a list,
 * adds to that list. */
static gboolean
is_data_line(const DocNode *first)
{
	return first && first->kind == DOC_TEXT && g_str_has_prefix(first->text, ": ");
}

static gboolean
make_definition_list(DocNode *para)
{
	g_autoptr(GPtrArray) starts = g_ptr_array_new();
	g_ptr_array_add(starts, para->first);
	for (DocNode *n = para->first; n; n = n->next)
		if (n->kind == DOC_SOFT_BREAK && n->next)
			g_ptr_array_add(starts, n->next);
	gboolean any = FALSE;
	for (guint i = 0; i < starts->len; i++)
		any |= is_data_line(g_ptr_array_index(starts, i));
	DocNode *previous = para->prev;
	gboolean continues = previous && previous->kind == DOC_DEF_LIST;
	if (!any || (is_data_line(para->first) && !continues))
		return FALSE;

	DocNode *list = continues ? previous : doc_node_new(DOC_DEF_LIST, para->line);
	DocNode *current = NULL;
	for (guint i = 0; i < starts->len; i++) {
		DocNode *first = g_ptr_array_index(starts, i);
		DocNode *stop = i + 1 < starts->len ? g_ptr_array_index(starts, i + 1) : NULL;
		gboolean data = is_data_line(first);
		if (data) {
			char *text = first->text + 2;
			while (*text == ' ')
				text++;
			memmove(first->text, text, strlen(text) + 1);
		}
		gboolean term = !data && (!current || is_data_line(stop));
		if (data || term) {
			current = doc_node_new(data ? DOC_DEF_DATA : DOC_DEF_TERM, first->line);
			doc_append_child(list, current);
		} else {
			/* a continuation: the line break becomes a space */
			DocNode *space = doc_node_new(DOC_SOFT_BREAK, first->line);
			doc_append_child(current, space);
		}
		for (DocNode *n = first; n != stop;) {
			DocNode *next = n->next;
			doc_unlink(n);
			if (n->kind == DOC_SOFT_BREAK && next == stop)
				doc_node_free(n); /* the break that ended the line */
			else
				doc_append_child(current, n);
			n = next;
		}
	}
	if (!continues)
		doc_insert_before(para, list);
	doc_unlink(para);
	doc_node_free(para);
	return TRUE;
}

/* ---- HTML with markdown="1" ------------------------------------------- */

/* Only closing tags (the end of a markdown="1" element after its content): nothing to print. */
static gboolean
only_closing_tags(const char *html)
{
	const char *p = html;
	while (*p) {
		while (g_ascii_isspace(*p))
			p++;
		if (!*p)
			return TRUE;
		if (p[0] != '<' || p[1] != '/')
			return FALSE;
		p = strchr(p, '>');
		if (!p)
			return FALSE;
		p++;
	}
	return TRUE;
}

/* <div markdown="1">...</div> and <details markdown="block">: the content is
 * Markdown. Returns the nodes that replace the block (in a DOCUMENT), or NULL. */
static DocNode *
markdown_in_html(Pass *p, DocNode *block)
{
	const char *html = block->text;
	const char *open_end = strchr(html, '>');
	if (html[0] != '<' || !open_end)
		return NULL;
	g_autofree char *open_tag = g_strndup(html, (gsize)(open_end - html + 1));
	if (!strstr(open_tag, "markdown=\"1\"") && !strstr(open_tag, "markdown=\"block\"") &&
	    !strstr(open_tag, "markdown='1'") && !strstr(open_tag, "markdown=\"span\""))
		return NULL;
	const char *name_start = html + 1;
	const char *name_end = name_start;
	while (g_ascii_isalnum(*name_end))
		name_end++;
	g_autofree char *name = g_strndup(name_start, (gsize)(name_end - name_start));
	g_autofree char *closing = g_strdup_printf("</%s>", name);

	g_autofree char *content = g_strdup(open_end + 1);
	char *end = g_strrstr(content, closing);
	if (end)
		*end = '\0';
	int line = block->line;
	for (const char *c = html; c <= open_end; c++)
		if (*c == '\n')
			line++;

	g_autofree char *summary = NULL;
	if (g_ascii_strcasecmp(name, "details") == 0) {
		char *s = strstr(content, "<summary");
		char *e = s ? strstr(s, "</summary>") : NULL;
		if (s && e) {
			g_autofree char *inner = g_strndup(s, (gsize)(e - s));
			summary = g_strstrip(html_strip_tags(inner));
			/* Blanked out, newlines kept, so the lines after keep their place. */
			for (char *c = s; c < e + strlen("</summary>"); c++)
				if (*c != '\n')
					*c = ' ';
		}
	}
	DocNode *root = doc_parse_fragment(content, line, TRUE, p->doc->path, p->diag);
	if (summary && *summary) {
		DocNode *para = doc_node_new(DOC_PARAGRAPH, block->line);
		DocNode *strong = doc_node_new(DOC_STRONG, block->line);
		DocNode *text = doc_node_new(DOC_TEXT, block->line);
		text->text = g_steal_pointer(&summary);
		doc_append_child(strong, text);
		doc_append_child(para, strong);
		para->classes = g_strdup("summary");
		if (root->first)
			doc_insert_before(root->first, para);
		else
			doc_append_child(root, para);
	}
	return root;
}

/* ---- the pass ---------------------------------------------------------- */

static void process_children(Pass *p, DocNode *parent);

static const SiteCallout *
callout_for(const Pass *p, const DocNode *node, gboolean *titled)
{
	if (!node->classes)
		return NULL;
	g_auto(GStrv) classes = g_strsplit(node->classes, " ", -1);
	for (char **c = classes; *c; c++) {
		g_autofree char *name = g_strdup(*c);
		*titled = g_str_has_suffix(name, "-title");
		if (*titled)
			name[strlen(name) - strlen("-title")] = '\0';
		const SiteCallout *callout = site_callout(p->site, name);
		if (callout)
			return callout;
	}
	return NULL;
}

static void process_block(Pass *p, DocNode *node);

/* ---- tables kramdown makes without a separator row ---------------------- */

static gboolean
is_break(const DocNode *n)
{
	return n->kind == DOC_SOFT_BREAK || n->kind == DOC_LINE_BREAK;
}

/* Whether every line of para starts and ends with '|' (kramdown reads such
 * lines as a table; CommonMark wants a separator row under the first). */
static gboolean
lines_are_table_rows(const DocNode *para)
{
	const DocNode *n = para->first;
	if (!n)
		return FALSE;
	while (n) {
		const DocNode *last = n;
		while (last->next && !is_break(last->next))
			last = last->next;
		if (n->kind != DOC_TEXT || last->kind != DOC_TEXT)
			return FALSE;
		const char *head = n->text;
		while (g_ascii_isspace(*head))
			head++;
		g_autofree char *tail = g_strchomp(g_strdup(last->text));
		if (*head != '|' || !g_str_has_suffix(tail, "|"))
			return FALSE;
		n = last->next ? last->next->next : NULL;
	}
	return TRUE;
}

/* |---|:---:| */
static gboolean
is_separator_row(const DocNode *row)
{
	gboolean dash = FALSE;
	for (const DocNode *cell = row->first; cell; cell = cell->next) {
		g_autofree char *text = doc_plain_text(cell);
		for (const char *c = text; *c; c++) {
			if (*c == '-')
				dash = TRUE;
			else if (*c != ':' && !g_ascii_isspace(*c))
				return FALSE;
		}
	}
	return dash;
}

static void
trim_cell(DocNode *cell)
{
	if (cell->first && cell->first->kind == DOC_TEXT)
		g_strchug(cell->first->text);
	if (cell->last && cell->last->kind == DOC_TEXT)
		g_strchomp(cell->last->text);
}

/* The nodes of one line split into cells at the '|' of its text. */
static DocNode *
make_row(DocNode *first, DocNode *stop, int line)
{
	DocNode *row = doc_node_new(DOC_TABLE_ROW, line);
	DocNode *cell = doc_node_new(DOC_TABLE_CELL, line);
	for (DocNode *n = first, *next; n != stop; n = next) {
		next = n->next;
		doc_unlink(n);
		if (n->kind != DOC_TEXT || !strchr(n->text, '|')) {
			doc_append_child(cell, n);
			continue;
		}
		const char *text = n->text;
		for (const char *bar; (bar = strchr(text, '|')); text = bar + 1) {
			if (bar > text) {
				DocNode *piece = doc_node_new(DOC_TEXT, n->line);
				piece->text = g_strndup(text, (gsize)(bar - text));
				doc_append_child(cell, piece);
			}
			trim_cell(cell);
			doc_append_child(row, cell);
			cell = doc_node_new(DOC_TABLE_CELL, line);
		}
		if (*text) {
			DocNode *piece = doc_node_new(DOC_TEXT, n->line);
			piece->text = g_strdup(text);
			doc_append_child(cell, piece);
		}
		doc_node_free(n);
	}
	trim_cell(cell);
	doc_append_child(row, cell);
	/* The bars at the two ends leave an empty cell before and after. */
	if (row->first && !row->first->first) {
		DocNode *empty = row->first;
		doc_unlink(empty);
		doc_node_free(empty);
	}
	if (row->last && !row->last->first) {
		DocNode *empty = row->last;
		doc_unlink(empty);
		doc_node_free(empty);
	}
	return row;
}

/* Makes para the table its lines are: a row above a separator row is the
 * header; a separator row first means a table without one. */
static void
make_table(DocNode *para)
{
	GPtrArray *rows = g_ptr_array_new();
	while (para->first) {
		DocNode *stop = para->first;
		while (stop && !is_break(stop))
			stop = stop->next;
		g_ptr_array_add(rows, make_row(para->first, stop, para->first->line));
		if (stop) {
			doc_unlink(stop);
			doc_node_free(stop);
		}
	}
	para->kind = DOC_TABLE;
	DocNode *head = NULL, *body = NULL;
	unsigned columns = 0;
	for (guint i = 0; i < rows->len; i++) {
		DocNode *row = g_ptr_array_index(rows, i);
		if (is_separator_row(row)) {
			/* The row just before it is the header. */
			if (i == 1 && body && body->first == body->last && !head) {
				head = body;
				head->kind = DOC_TABLE_HEAD;
				for (DocNode *cell = head->first->first; cell; cell = cell->next)
					cell->u.cell.header = TRUE;
				body = NULL;
			}
			doc_node_free(row);
			continue;
		}
		if (!body) {
			body = doc_node_new(DOC_TABLE_BODY, row->line);
			doc_append_child(para, body);
		}
		unsigned cells = 0;
		for (DocNode *cell = row->first; cell; cell = cell->next)
			cells++;
		columns = MAX(columns, cells);
		doc_append_child(body, row);
	}
	para->u.columns = MAX(1u, columns);
	g_ptr_array_unref(rows);
}

/* kramdown ends a paragraph at a line that is only an attribute list
 * (Text, then {: .fs-1 }, then more text): the list is the paragraph's, and
 * what follows is a paragraph of its own. */
static void
split_at_attribute_lines(Pass *p, DocNode *para)
{
	for (DocNode *n = para->first; n;) {
		DocNode *end = n;
		while (end && end->kind != DOC_SOFT_BREAK && end->kind != DOC_LINE_BREAK)
			end = end->next;
		DocNode *line_end = NULL;
		g_autofree char *text = n != para->first ? line_text(n, &line_end) : NULL;
		Attributes attrs = {0};
		gboolean ial = text && parse_ial(text, &attrs);
		attributes_clear(&attrs);
		if (!end)
			return;
		if (ial && end->next) {
			DocNode *rest = doc_node_new(DOC_PARAGRAPH, end->next->line);
			while (end->next) {
				DocNode *moved = end->next;
				doc_unlink(moved);
				doc_append_child(rest, moved);
			}
			doc_unlink(end);
			doc_node_free(end);
			if (para->next)
				doc_insert_before(para->next, rest);
			else
				doc_append_child(para->parent, rest);
			process_block(p, rest);
			return;
		}
		n = end->next;
	}
}

static void
process_block(Pass *p, DocNode *node)
{
	if (node->kind == DOC_PARAGRAPH)
		split_at_attribute_lines(p, node);
	switch (node->kind) {
	case DOC_PARAGRAPH:
	case DOC_HEADING: {
		take_span_attributes(node);
		Attributes attrs = {0};
		gboolean empty = take_line_attributes(node, &attrs);
		if (empty && node->kind == DOC_PARAGRAPH) {
			/* A list on a line of its own: for the block after it when that
			 * follows at once, else for the block before it. */
			DocNode *target = node->next && node->next->line == node->line + 1
			                      ? node->next
			                  : node->prev ? node->prev
			                               : node->next;
			if (target) {
				apply_attributes(target, &attrs);
				if (attrs.toc)
					target->marks |= MARK_TOC;
			}
			node->marks |= MARK_DOOMED;
		} else {
			apply_attributes(node, &attrs);
			if (node->kind == DOC_PARAGRAPH && lines_are_table_rows(node))
				make_table(node);
		}
		attributes_clear(&attrs);
		break;
	}
	case DOC_LIST:
	case DOC_ITEM:
	case DOC_BLOCKQUOTE:
		if (p->depth < PASS_MAX_DEPTH) {
			p->depth++;
			process_children(p, node);
			p->depth--;
		}
		break;
	default: break;
	}
}

/* A {:toc} list lives as the last line of its only item's paragraph. */
static void
mark_toc_lists(DocNode *list)
{
	DocNode *item = list->first;
	if (!item || item->next)
		return;
	DocNode *para = item->first;
	if (para && para->kind == DOC_TEXT) {
		/* a tight item: inlines straight under it */
		GString *text = g_string_new(NULL);
		for (DocNode *n = para; n; n = n->next)
			if (n->kind == DOC_TEXT)
				g_string_append(text, n->text);
			else if (n->kind == DOC_SOFT_BREAK)
				g_string_append_c(text, ' ');
		g_strstrip(text->str);
		if (g_str_has_suffix(text->str, "{:toc}"))
			list->marks |= MARK_TOC;
		g_string_free(text, TRUE);
	}
}

/* A block that starts with a span element (<span>, <a>, <img>, <br>, ...)
 * is a paragraph to kramdown, its content Markdown; CommonMark reads a line
 * holding only such a tag as the start of an HTML block. kramdown's span
 * elements, and the few more of HTML's that sites write as text's. */
static gboolean
starts_with_span_element(const char *html)
{
	static const char *const spans[] = {
	    "a",      "abbr", "acronym", "b",    "bdi",    "bdo",    "big",   "br",   "button",
	    "cite",   "code", "del",     "dfn",  "em",     "font",   "i",     "img",  "input",
	    "ins",    "kbd",  "label",   "mark", "option", "q",      "rb",    "rbc",  "rp",
	    "rt",     "rtc",  "ruby",    "s",    "samp",   "select", "small", "span", "strike",
	    "strong", "sub",  "sup",     "time", "tt",     "u",      "var",   "wbr"};
	while (g_ascii_isspace(*html))
		html++;
	if (*html != '<')
		return FALSE;
	const char *name = html + 1, *end = name;
	while (g_ascii_isalnum(*end))
		end++;
	if (end == name || (*end != '>' && *end != '/' && !g_ascii_isspace(*end)))
		return FALSE;
	for (gsize i = 0; i < G_N_ELEMENTS(spans); i++)
		if (strlen(spans[i]) == (gsize)(end - name) &&
		    g_ascii_strncasecmp(name, spans[i], (gsize)(end - name)) == 0)
			return TRUE;
	return FALSE;
}

/* How often the element name opens (<name ...>) and closes (</name>) in
 * text[0, len). */
static void
count_tags(const char *text, gsize len, const char *name, int *opens, int *closes)
{
	gsize n = strlen(name);
	for (gsize i = 0; i + n + 1 < len; i++) {
		if (text[i] != '<')
			continue;
		gboolean closing = text[i + 1] == '/';
		gsize at = i + 1 + closing;
		if (at + n > len || g_ascii_strncasecmp(text + at, name, n) != 0)
			continue;
		char after = at + n < len ? text[at + n] : '\0';
		if (g_ascii_isalnum(after) || after == '-')
			continue;
		if (closing)
			(*closes)++;
		else
			(*opens)++;
	}
}

/* kramdown ends an HTML element at its closing tag, CommonMark's HTML block
 * at a blank line: what follows the line the element closes on (a code
 * fence right after </div>) is Markdown again. The block keeps the element;
 * returns the nodes read from the rest, or NULL. */
static DocNode *
markdown_after_element(Pass *p, DocNode *block)
{
	static const char *const voids[] = {"area",  "base",   "br",    "col",  "embed",
	                                    "hr",    "img",    "input", "link", "meta",
	                                    "param", "source", "track", "wbr"};
	char *html = block->text;
	while (g_ascii_isspace(*html))
		html++;
	if (html[0] != '<' || !g_ascii_isalpha(html[1]))
		return NULL;
	const char *end = html + 1;
	while (g_ascii_isalnum(*end))
		end++;
	g_autofree char *name = g_ascii_strdown(html + 1, end - html - 1);
	for (gsize i = 0; i < G_N_ELEMENTS(voids); i++)
		if (strcmp(name, voids[i]) == 0)
			return NULL;
	int opens = 0, closes = 0, line = 0;
	for (char *at = block->text; *at; line++) {
		char *nl = strchr(at, '\n');
		gsize len = nl ? (gsize)(nl - at) : strlen(at);
		count_tags(at, len, name, &opens, &closes);
		if (!nl)
			return NULL;
		if (opens > 0 && closes >= opens) {
			const char *rest = nl + 1;
			const char *c = rest;
			while (g_ascii_isspace(*c))
				c++;
			if (!*c)
				return NULL;
			DocNode *root = doc_parse_fragment(rest, block->line + line + 1, TRUE,
			                                   p->doc->path, p->diag);
			nl[1] = '\0';
			return root;
		}
		at = nl + 1;
	}
	return NULL;
}

static void
process_children(Pass *p, DocNode *parent)
{
	for (DocNode *n = parent->first; n;) {
		DocNode *next = n->next;
		if (n->kind == DOC_HTML_BLOCK && n->text) {
			DocNode *replacement = markdown_in_html(p, n);
			if (!replacement && starts_with_span_element(n->text))
				replacement = doc_parse_fragment(n->text, n->line, FALSE,
				                                 p->doc->path, p->diag);
			if (replacement) {
				doc_mark_written_on(replacement, doc_written_on(n));
				DocNode *first_new = replacement->first;
				doc_move_children_before(replacement, n);
				doc_node_free(replacement);
				doc_unlink(n);
				doc_node_free(n);
				n = first_new ? first_new : next;
				continue;
			}
			if (only_closing_tags(n->text)) {
				doc_unlink(n);
				doc_node_free(n);
				n = next;
				continue;
			}
			DocNode *after = markdown_after_element(p, n);
			if (after) {
				doc_mark_written_on(after, doc_written_on(n));
				DocNode *first_new = after->first;
				while (after->last) {
					DocNode *child = after->last;
					doc_unlink(child);
					if (n->next)
						doc_insert_before(n->next, child);
					else
						doc_append_child(parent, child);
				}
				doc_node_free(after);
				if (first_new)
					next = first_new;
			}
		}
		if (n->kind == DOC_LIST)
			mark_toc_lists(n);
		process_block(p, n);
		if (n->kind == DOC_PARAGRAPH && !(n->marks & MARK_DOOMED))
			make_definition_list(n);
		n = next;
	}
	/* Remove the attribute-only paragraphs and the {:toc} lists, with the
	 * theme's label over them (a heading of class text-delta); any other
	 * heading before the list, the page's title with .no_toc say, stays. */
	for (DocNode *n = parent->first; n;) {
		DocNode *next = n->next;
		gboolean remove = n->marks & MARK_DOOMED;
		if (n->marks & MARK_TOC) {
			remove = TRUE;
			DocNode *prev = n->prev;
			if (prev && prev->kind == DOC_HEADING && has_class(prev, "text-delta")) {
				if (prev == next)
					next = prev->next;
				doc_unlink(prev);
				doc_node_free(prev);
			}
			if (n->prev && n->prev->classes && strstr(n->prev->classes, "summary") &&
			    !n->next) {
				DocNode *summary = n->prev;
				doc_unlink(summary);
				doc_node_free(summary);
			}
		}
		if (remove) {
			doc_unlink(n);
			doc_node_free(n);
		}
		n = next;
	}
	/* Callouts, now that every block has its classes. */
	for (DocNode *n = parent->first; n; n = n->next) {
		if (n->kind != DOC_PARAGRAPH && n->kind != DOC_BLOCKQUOTE)
			continue;
		gboolean titled = FALSE;
		const SiteCallout *callout = callout_for(p, n, &titled);
		if (callout) {
			n->callout = callout;
			n->callout_titled = titled;
		}
	}
}

/* {::comment} ... {:/comment} and {::options ... /}: kramdown's extensions
 * that print nothing. */
static void
drop_extensions(DocNode *parent)
{
	gboolean in_comment = FALSE;
	for (DocNode *n = parent->first; n;) {
		DocNode *next = n->next;
		g_autofree char *text = n->kind == DOC_PARAGRAPH ? doc_plain_text(n) : NULL;
		gboolean drop = in_comment;
		if (text && g_str_has_prefix(text, "{::comment}"))
			in_comment = drop = TRUE;
		if (text && (g_str_has_prefix(text, "{::options") ||
		             g_str_has_prefix(text, "{::nomarkdown")))
			drop = TRUE;
		if (in_comment && text && (strstr(text, "{:/comment}") || strstr(text, "{:/}")))
			in_comment = FALSE;
		if (drop) {
			doc_unlink(n);
			doc_node_free(n);
		}
		n = next;
	}
}

/* ---- footnotes ---------------------------------------------------------- */

gsize
kramdown_footnote_label(const char *text, const char **rest)
{
	if (text[0] != '[' || text[1] != '^')
		return 0;
	gsize n = 0;
	while (text[2 + n] && text[2 + n] != ']' && !g_ascii_isspace(text[2 + n]))
		n++;
	if (n == 0 || text[2 + n] != ']' || text[3 + n] != ':')
		return 0;
	if (rest)
		*rest = text + 4 + n;
	return n;
}

/* "[^name]:" at the start of a paragraph: the name, and where the text starts. */
static char *
footnote_label(const char *text, const char **rest)
{
	gsize n = kramdown_footnote_label(text, rest);
	return n ? g_strndup(text + 2, n) : NULL;
}

/* Splits TEXT node n at [^name] references to defined footnotes. */
static void
split_references(DocNode *n, GHashTable *defs, GHashTable *numbers, GPtrArray *order)
{
	const char *text = n->text;
	const char *at = text;
	while ((at = strstr(at, "[^"))) {
		const char *close = strchr(at, ']');
		if (!close) {
			break;
		}
		g_autofree char *name = g_strndup(at + 2, (gsize)(close - at - 2));
		if (!g_hash_table_contains(defs, name)) {
			at = close;
			continue;
		}
		int number = GPOINTER_TO_INT(g_hash_table_lookup(numbers, name));
		if (!number) {
			number = (int)order->len + 1;
			g_hash_table_insert(numbers, g_strdup(name), GINT_TO_POINTER(number));
			g_ptr_array_add(order, g_strdup(name));
		}
		DocNode *before = doc_node_new(DOC_TEXT, n->line);
		before->text = g_strndup(text, (gsize)(at - text));
		doc_insert_before(n, before);
		DocNode *ref = doc_node_new(DOC_FOOTNOTE_REF, n->line);
		ref->text = g_steal_pointer(&name);
		ref->u.number = number;
		doc_insert_before(n, ref);
		char *rest = g_strdup(close + 1);
		g_free(n->text);
		n->text = rest;
		text = at = n->text;
	}
}

/* kramdown's footnotes: definitions "[^name]: text" leave the flow and are
 * numbered in the order they are referenced; they come back at the end of
 * the page as FOOTNOTE blocks, for the back ends to place. */
static void
make_footnotes(Pass *p)
{
	DocNode *root = p->doc->root;
	g_autoptr(GHashTable) defs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (DocNode *n = root->first; n;) {
		DocNode *next = n->next;
		const char *rest = NULL;
		g_autofree char *name =
		    n->kind == DOC_PARAGRAPH && n->first && n->first->kind == DOC_TEXT
		        ? footnote_label(n->first->text, &rest)
		        : NULL;
		if (name) {
			while (*rest == ' ')
				rest++;
			char *text = g_strdup(rest);
			g_free(n->first->text);
			n->first->text = text;
			if (!*text) {
				DocNode *empty = n->first;
				doc_unlink(empty);
				doc_node_free(empty);
				if (n->first && n->first->kind == DOC_SOFT_BREAK) {
					DocNode *brk = n->first;
					doc_unlink(brk);
					doc_node_free(brk);
				}
			}
			doc_unlink(n);
			g_hash_table_insert(defs, g_steal_pointer(&name), n);
		}
		n = next;
	}
	if (g_hash_table_size(defs) == 0)
		return;
	g_autoptr(GPtrArray) texts = g_ptr_array_new();
	DocIter it;
	doc_iter_init(&it, root);
	DocNode *n;
	DocEvent ev;
	while (doc_iter_next(&it, &n, &ev))
		if (ev == DOC_ENTER && n->kind == DOC_TEXT && strstr(n->text, "[^"))
			g_ptr_array_add(texts, n);
	g_autoptr(GHashTable) numbers =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < texts->len; i++)
		split_references(g_ptr_array_index(texts, i), defs, numbers, order);
	for (guint i = 0; i < order->len; i++) {
		const char *name = g_ptr_array_index(order, i);
		DocNode *para = g_hash_table_lookup(defs, name);
		DocNode *note = doc_node_new(DOC_FOOTNOTE, para->line);
		note->text = g_strdup(name);
		note->u.number = (int)i + 1;
		doc_append_child(note, para);
		doc_append_child(root, note);
		g_hash_table_remove(defs, name);
	}
	/* Definitions nothing refers to. */
	GHashTableIter left;
	gpointer key, value;
	g_hash_table_iter_init(&left, defs);
	while (g_hash_table_iter_next(&left, &key, &value)) {
		DocNode *para = value;
		diag_warning(p->diag, p->doc->path, para->line, 0, "footnote",
		             "footnote [^%s] is never referred to; left out", (const char *)key);
		doc_node_free(para);
	}
}

void
kramdown_apply(const Site *site, Doc *doc, Diag *diag)
{
	Pass p = {site, doc, diag, 0};
	drop_extensions(doc->root);
	process_children(&p, doc->root);
	make_footnotes(&p);
}

/* ---- HTML blocks, before CommonMark reads them --------------------------- */

/* Elements whose start on a line of its own begins an HTML block to
 * kramdown; pre, script, style and textarea already run to their closing
 * tag in CommonMark too. */
static gboolean
is_block_element(const char *name, gsize n)
{
	static const char *const names[] = {
	    "address",  "article",    "aside",   "audio",   "blockquote", "canvas",   "center",
	    "dd",       "details",    "dialog",  "dir",     "div",        "dl",       "dt",
	    "fieldset", "figcaption", "figure",  "footer",  "form",       "h1",       "h2",
	    "h3",       "h4",         "h5",      "h6",      "header",     "hgroup",   "iframe",
	    "legend",   "li",         "main",    "menu",    "nav",        "noscript", "object",
	    "ol",       "p",          "section", "summary", "table",      "tbody",    "td",
	    "tfoot",    "th",         "thead",   "tr",      "ul",         "video"};
	for (gsize i = 0; i < G_N_ELEMENTS(names); i++)
		if (strlen(names[i]) == n && g_ascii_strncasecmp(names[i], name, n) == 0)
			return TRUE;
	return FALSE;
}

/* kramdown's parse_block_html: the content of HTML blocks is Markdown. */
static gboolean
parses_block_html(const Site *site)
{
	const YamlValue *root = site && site->config_doc ? site->config_doc->root : NULL;
	const YamlValue *k = root ? yaml_map_get(root, "kramdown") : NULL;
	const YamlValue *v = k && k->kind == YV_MAP ? yaml_map_get(k, "parse_block_html") : NULL;
	return v && v->kind == YV_SCALAR && v->scalar &&
	       (!strcmp(v->scalar, "true") || !strcmp(v->scalar, "yes"));
}

/* The name of the block element that line (up to 3 spaces in) starts, or
 * 0 when it starts none or names markdown= (its content is Markdown). */
static gsize
block_element_at(const char *line, gsize len, const char **name)
{
	gsize i = 0;
	while (i < len && i < 3 && line[i] == ' ')
		i++;
	if (i + 2 > len || line[i] != '<' || !g_ascii_isalpha(line[i + 1]))
		return 0;
	gsize start = i + 1, end = start;
	while (end < len && g_ascii_isalnum(line[end]))
		end++;
	if (end < len && line[end] != '>' && line[end] != ' ' && line[end] != '\t' &&
	    line[end] != '/')
		return 0;
	if (!is_block_element(line + start, end - start) ||
	    g_strstr_len(line, (gssize)len, "markdown="))
		return 0;
	*name = line + start;
	return end - start;
}

static gboolean
is_blank(const char *line, gsize len)
{
	for (gsize i = 0; i < len; i++)
		if (!g_ascii_isspace(line[i]))
			return FALSE;
	return TRUE;
}

static gboolean
indented_as_code(const char *line, gsize len)
{
	guint column = 0;
	for (gsize i = 0; i < len && column < 4; i++) {
		if (line[i] == ' ')
			column++;
		else if (line[i] == '\t')
			column = (column / 4 + 1) * 4;
		else
			break;
	}
	return column >= 4;
}

void
kramdown_join_html_blocks(const Site *site, GString *text, gsize body_start)
{
	if (parses_block_html(site) || body_start >= text->len ||
	    !memchr(text->str + body_start, '<', text->len - body_start))
		return; /* no HTML at all */
	/* The lines (offsets) of the page's body, and which blank ones to fill. */
	g_autoptr(GArray) fill = g_array_new(FALSE, FALSE, sizeof(gsize));
	const char *data = text->str;
	gsize at = body_start;
	gboolean after_blank = TRUE;
	char fence = 0;
	gsize fence_len = 0;
	/* Elements never closed are read to the page's end: a page of them
	 * (<div> after <div>, none closed) would take time quadratic in its
	 * lines. The lines read so are bounded by a multiple of the page's. */
	gsize lines = 1, budget;
	for (const char *nl = data + body_start;
	     (nl = memchr(nl, '\n', (gsize)(data + text->len - nl))); nl++)
		lines++;
	budget = 8 * lines + 4096;
	while (at < text->len && budget > 0) {
		const char *nl = memchr(data + at, '\n', text->len - at);
		gsize len = nl ? (gsize)(nl - (data + at)) : text->len - at;
		const char *line = data + at;
		gsize next = nl ? at + len + 1 : text->len;
		/* Fenced code is code to both. */
		gsize indent = 0;
		while (indent < len && indent < 4 && line[indent] == ' ')
			indent++;
		gsize run = 0;
		while (indent < 4 && indent + run < len &&
		       (line[indent + run] == '`' || line[indent + run] == '~') &&
		       line[indent + run] == line[indent])
			run++;
		if (run >= 3 && (!fence || (line[indent] == fence && run >= fence_len))) {
			if (fence)
				fence = 0;
			else {
				fence = line[indent];
				fence_len = run;
			}
			after_blank = FALSE;
			at = next;
			continue;
		}
		const char *name = NULL;
		gsize name_len = fence || !after_blank ? 0 : block_element_at(line, len, &name);
		after_blank = is_blank(line, len);
		if (!name_len) {
			at = next;
			continue;
		}
		/* Its lines up to the one its closing tag balances on. */
		g_autofree char *element = g_ascii_strdown(name, (gssize)name_len);
		int opens = 0, closes = 0;
		gsize first_fill = fill->len, pending = fill->len;
		gsize end = at;
		gboolean closed = FALSE;
		while (end < text->len && budget > 0) {
			budget--;
			const char *enl = memchr(data + end, '\n', text->len - end);
			gsize elen = enl ? (gsize)(enl - (data + end)) : text->len - end;
			if (end > at && is_blank(data + end, elen)) {
				g_array_append_val(fill, end);
			} else if (fill->len > pending) {
				/* Blank lines before a line indented as code are the
				 * element's (CommonMark would read that line as code);
				 * before any other, CommonMark reads what follows as
				 * Markdown, as Liquid's markdownify meant it. */
				if (!indented_as_code(data + end, elen))
					g_array_set_size(fill, pending);
				pending = fill->len;
			}
			count_tags(data + end, elen, element, &opens, &closes);
			end = enl ? end + elen + 1 : text->len;
			if (closes >= opens) {
				closed = TRUE;
				break;
			}
		}
		if (!closed) {
			g_array_set_size(fill,
			                 first_fill); /* never closed: as CommonMark reads it */
			at = next;
			continue;
		}
		at = end;
		after_blank = FALSE;
	}
	if (!fill->len)
		return;
	/* Each blank line inside holds an empty comment; the lines keep their
	 * numbers. */
	GString *out = g_string_sized_new(text->len + fill->len * 8);
	gsize copied = 0;
	for (guint i = 0; i < fill->len; i++) {
		gsize line = g_array_index(fill, gsize, i);
		const char *nl = memchr(data + line, '\n', text->len - line);
		gsize line_end = nl ? (gsize)(nl - data) : text->len;
		g_string_append_len(out, data + copied, (gssize)(line - copied));
		g_string_append(out, "<!---->");
		copied = line_end;
	}
	g_string_append_len(out, data + copied, (gssize)(text->len - copied));
	g_string_assign(text, out->str);
	g_string_free(out, TRUE);
}

/* The bytes a line's block markers take: up to three spaces and the '>'
 * of the quotes it stands in, each with its space. */
static gsize
quote_prefix(const char *line, gsize len)
{
	gsize at = 0;
	for (;;) {
		gsize indent = at;
		while (indent < len && indent - at < 3 && line[indent] == ' ')
			indent++;
		if (indent >= len || line[indent] != '>')
			return at;
		at = indent + 1;
		if (at < len && line[at] == ' ')
			at++;
	}
}

/* Whether "$$" stands in the len bytes at s (found by its first dollar,
 * which memchr finds a word at a time). */
static gboolean
has_dollars(const char *s, gsize len)
{
	for (const char *end = s + len; (s = memchr(s, '$', (gsize)(end - s))); s++)
		if (s + 1 < end && s[1] == '$')
			return TRUE;
	return FALSE;
}

void
kramdown_keep_math_blocks(GString *text, gsize body_start)
{
	if (body_start >= text->len || !has_dollars(text->str + body_start, text->len - body_start))
		return;
	GString *out = g_string_sized_new(text->len + 64);
	g_string_append_len(out, text->str, (gssize)body_start);
	const char *data = text->str;
	gsize at = body_start;
	gboolean in_math = FALSE;
	char fence = 0;
	while (at < text->len) {
		const char *nl = memchr(data + at, '\n', text->len - at);
		gsize len = nl ? (gsize)(nl - (data + at)) : text->len - at;
		const char *line = data + at;
		gsize next = nl ? at + len + 1 : text->len;
		gsize prefix = quote_prefix(line, len);
		const char *content = line + prefix;
		gsize content_len = len - prefix;
		gsize indent = 0;
		while (indent < content_len && content[indent] == ' ')
			indent++;
		char c = indent < content_len ? content[indent] : 0;
		if (!in_math && indent < 4 && content_len - indent >= 3 && (c == '`' || c == '~') &&
		    content[indent + 1] == c && content[indent + 2] == c) {
			/* Fenced code is code to both; a fence of the other kind
			 * inside it is its text. */
			if (!fence)
				fence = c;
			else if (fence == c)
				fence = 0;
		}
		g_string_append_len(out, line, (gssize)prefix);
		if (in_math && is_blank(content, content_len)) {
			in_math = FALSE; /* a blank line ends a paragraph, math or not */
		} else if (in_math) {
			if (indent < 4)
				g_string_append(out, "    ");
			if (has_dollars(content, content_len))
				in_math = FALSE;
		} else if (!fence && indent < 4 && content_len - indent >= 2 &&
		           !strncmp(content + indent, "$$", 2)) {
			/* Math that opens a line and closes on a later one. */
			in_math = !has_dollars(content + indent + 2, content_len - indent - 2);
		}
		g_string_append_len(out, content, (gssize)(next - at - prefix));
		at = next;
	}
	g_string_assign(text, out->str);
	g_string_free(out, TRUE);
}
