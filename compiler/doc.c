#include "doc.h"

#include "library.h"

#include <libxml/HTMLparser.h>
#include <md4c.h>
#include <string.h>

/* md4c's options for the pages folio reads: GitHub's tables, strikethrough,
 * task lists and bare links, as kramdown's GFM parser accepts them. */
#define DOC_MD_FLAGS                                                                               \
	(MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS |                              \
	 MD_FLAG_PERMISSIVEAUTOLINKS | MD_FLAG_LATEXMATHSPANS)

typedef struct {
	const SourceText *source;
	DocNode *current; /* the open node new children go into */
	GString *pending; /* text of the last TEXT node, still growing */
	DocNode *pending_node;
	int last_line, last_col;
	const void *last_on; /* the page the last text was written on, when another's */
	GString *literal;    /* text of the open code block, HTML block or code span */
	GHashTable *ids;     /* heading ids used so far -> count */
	Diag *diag;
	const char *path;
} Builder;

gboolean
doc_kind_is_block(DocKind kind)
{
	return kind <= DOC_ELEMENT_BLOCK;
}

gboolean
doc_kind_is_leaf(DocKind kind)
{
	switch (kind) {
	case DOC_CODE_BLOCK:
	case DOC_HTML_BLOCK:
	case DOC_THEMATIC_BREAK:
	case DOC_TEXT:
	case DOC_SOFT_BREAK:
	case DOC_LINE_BREAK:
	case DOC_CODE:
	case DOC_MATH:
	case DOC_HTML_INLINE:
	case DOC_FOOTNOTE_REF: return TRUE;
	default: return FALSE;
	}
}

const char *
doc_kind_name(DocKind kind)
{
	static const char *const names[] = {
	    "document",       "paragraph",  "heading",    "blockquote",     "list",
	    "item",           "code_block", "html_block", "thematic_break", "table",
	    "table_head",     "table_body", "table_row",  "table_cell",     "footnote",
	    "def_list",       "def_term",   "def_data",   "element_block",  "text",
	    "soft_break",     "line_break", "emph",       "strong",         "strike",
	    "code",           "link",       "image",      "html_inline",    "footnote_ref",
	    "element_inline", "math"};
	return (guint)kind < G_N_ELEMENTS(names) ? names[kind] : "?";
}

/* ---- building ---------------------------------------------------------- */

static void
flush_text(Builder *b)
{
	if (b->pending_node) {
		b->pending_node->text = g_string_free(b->pending, FALSE);
		b->pending = NULL;
		b->pending_node = NULL;
	}
}

static DocNode *
append(Builder *b, DocKind kind)
{
	flush_text(b);
	DocNode *node = doc_node_new(kind, b->last_line);
	node->col = b->last_col;
	node->written_on = b->last_on;
	if (b->current)
		doc_append_child(b->current, node);
	return node;
}

/* Records where text at ptr stands; open blocks that had no position yet
 * take it, so every block knows its first line. */
static void
note_position(Builder *b, const char *ptr)
{
	const SourceText *src = b->source;
	if (ptr < src->data || ptr > src->data + src->len)
		return;
	source_position_on(src, (gsize)(ptr - src->data), &b->last_line, &b->last_col, &b->last_on);
	for (DocNode *n = b->current; n && n->line == 0; n = n->parent) {
		n->line = b->last_line;
		n->col = b->last_col;
		n->written_on = b->last_on;
	}
}

#define ENTITY_FUNCTIONS(F) F(htmlEntityLookup)
static LIBRARY_TABLE(ENTITY_FUNCTIONS) xml;

/* HTML's entity of that name, from libxml2's table, opened when the first
 * one is met (library.h); NULL when there is none, or no libxml2: the
 * entity then stays as it was written, as an unknown one does. */
static const htmlEntityDesc *
entity_named(const char *name)
{
	static LibraryOnce xml_once;
	const char *why;
	if (!library_open(&xml_once, FOLIO_XML_LIBRARY, ENTITY_FUNCTIONS, xml, &why))
		return NULL;
	return xml.htmlEntityLookup((const xmlChar *)name);
}

static void
append_entity(GString *out, const char *entity, gsize size)
{
	g_autofree char *name = g_strndup(entity, size);
	gunichar c = 0;
	if (size > 3 && name[1] == '#') {
		gboolean hex = name[2] == 'x' || name[2] == 'X';
		c = (gunichar)g_ascii_strtoull(name + (hex ? 3 : 2), NULL, hex ? 16 : 10);
		if (c == 0 || !g_unichar_validate(c))
			c = 0xFFFD;
	} else if (size > 2) {
		name[size - 1] = '\0';
		const htmlEntityDesc *desc = entity_named(name + 1);
		if (desc)
			c = desc->value;
	}
	if (c)
		g_string_append_unichar(out, c);
	else
		g_string_append_len(out, entity, (gssize)size);
}

/* An md4c attribute (link destination, title, code info) as plain UTF-8. */
static char *
attribute_text(const MD_ATTRIBUTE *attr)
{
	if (!attr->text)
		return NULL;
	GString *out = g_string_sized_new(attr->size);
	for (int i = 0; attr->substr_offsets[i] < attr->size; i++) {
		const char *piece = attr->text + attr->substr_offsets[i];
		gsize len = attr->substr_offsets[i + 1] - attr->substr_offsets[i];
		switch (attr->substr_types[i]) {
		case MD_TEXT_ENTITY: append_entity(out, piece, len); break;
		case MD_TEXT_NULLCHAR: g_string_append_unichar(out, 0xFFFD); break;
		default: g_string_append_len(out, piece, (gssize)len); break;
		}
	}
	return g_string_free(out, FALSE);
}

static gboolean
collects_literal(const DocNode *node)
{
	return node && (node->kind == DOC_CODE_BLOCK || node->kind == DOC_HTML_BLOCK ||
	                node->kind == DOC_CODE || node->kind == DOC_MATH);
}

static void
open_literal(Builder *b)
{
	b->literal = g_string_new(NULL);
}

static void
close_literal(Builder *b, DocNode *node)
{
	if (collects_literal(node) && b->literal) {
		g_free(node->text);
		node->text = g_string_free(b->literal, FALSE);
		b->literal = NULL;
	}
}

static int
enter_block(MD_BLOCKTYPE type, void *detail, void *data)
{
	Builder *b = data;
	DocNode *node = NULL;
	switch (type) {
	case MD_BLOCK_DOC: return 0;
	case MD_BLOCK_QUOTE: node = append(b, DOC_BLOCKQUOTE); break;
	case MD_BLOCK_UL: {
		const MD_BLOCK_UL_DETAIL *d = detail;
		node = append(b, DOC_LIST);
		node->u.list.tight = d->is_tight;
		node->u.list.delimiter = d->mark;
		break;
	}
	case MD_BLOCK_OL: {
		const MD_BLOCK_OL_DETAIL *d = detail;
		node = append(b, DOC_LIST);
		node->u.list.ordered = TRUE;
		node->u.list.tight = d->is_tight;
		node->u.list.start = d->start;
		node->u.list.delimiter = d->mark_delimiter;
		break;
	}
	case MD_BLOCK_LI: {
		const MD_BLOCK_LI_DETAIL *d = detail;
		node = append(b, DOC_ITEM);
		if (d->is_task)
			node->u.task = (d->task_mark == ' ') ? DOC_TASK_OPEN : DOC_TASK_DONE;
		break;
	}
	case MD_BLOCK_HR: node = append(b, DOC_THEMATIC_BREAK); break;
	case MD_BLOCK_H:
		node = append(b, DOC_HEADING);
		node->u.level = (int)((const MD_BLOCK_H_DETAIL *)detail)->level;
		break;
	case MD_BLOCK_CODE: {
		const MD_BLOCK_CODE_DETAIL *d = detail;
		node = append(b, DOC_CODE_BLOCK);
		node->info = attribute_text(&d->info);
		open_literal(b);
		break;
	}
	case MD_BLOCK_HTML:
		node = append(b, DOC_HTML_BLOCK);
		open_literal(b);
		break;
	case MD_BLOCK_P: node = append(b, DOC_PARAGRAPH); break;
	case MD_BLOCK_TABLE:
		node = append(b, DOC_TABLE);
		node->u.columns = ((const MD_BLOCK_TABLE_DETAIL *)detail)->col_count;
		break;
	case MD_BLOCK_THEAD: node = append(b, DOC_TABLE_HEAD); break;
	case MD_BLOCK_TBODY: node = append(b, DOC_TABLE_BODY); break;
	case MD_BLOCK_TR: node = append(b, DOC_TABLE_ROW); break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD: {
		const MD_BLOCK_TD_DETAIL *d = detail;
		node = append(b, DOC_TABLE_CELL);
		node->u.cell.header = type == MD_BLOCK_TH;
		node->u.cell.align = d->align == MD_ALIGN_LEFT     ? DOC_ALIGN_LEFT
		                     : d->align == MD_ALIGN_CENTER ? DOC_ALIGN_CENTER
		                     : d->align == MD_ALIGN_RIGHT  ? DOC_ALIGN_RIGHT
		                                                   : DOC_ALIGN_DEFAULT;
		break;
	}
	}
	if (node) {
		node->line = 0; /* taken from the block's first text */
		b->current = node;
	}
	return 0;
}

static void
assign_heading_id(Builder *b, DocNode *heading)
{
	g_autofree char *text = doc_plain_text(heading);
	g_autofree char *slug = doc_heading_slug(text);
	if (!*slug)
		return;
	guint used = GPOINTER_TO_UINT(g_hash_table_lookup(b->ids, slug));
	char *id = used ? g_strdup_printf("%s-%u", slug, used) : g_strdup(slug);
	g_hash_table_insert(b->ids, g_strdup(slug), GUINT_TO_POINTER(used + 1));
	if (used)
		g_hash_table_insert(b->ids, g_strdup(id), GUINT_TO_POINTER(1));
	heading->id = id;
}

static int
leave_block(MD_BLOCKTYPE type, void *detail, void *data)
{
	(void)detail;
	Builder *b = data;
	if (type == MD_BLOCK_DOC)
		return 0;
	flush_text(b);
	/* Spans md4c left open (0.4.8: *http://a.b*c in a list item opens an
	 * emphasis it never closes) end with their block. */
	while (!doc_kind_is_block(b->current->kind) && b->current->parent) {
		close_literal(b, b->current);
		b->current = b->current->parent;
	}
	DocNode *node = b->current;
	if (node->line == 0 && node->parent) {
		/* An empty block (a rule, an empty item) stands where the last text ended. */
		node->line = b->last_line;
		node->col = b->last_col;
		node->written_on = b->last_on;
	}
	close_literal(b, node);
	if (node->kind == DOC_HEADING)
		assign_heading_id(b, node);
	b->current = node->parent;
	return 0;
}

static int
enter_span(MD_SPANTYPE type, void *detail, void *data)
{
	Builder *b = data;
	DocNode *node = NULL;
	switch (type) {
	case MD_SPAN_EM: node = append(b, DOC_EMPH); break;
	case MD_SPAN_STRONG: node = append(b, DOC_STRONG); break;
	case MD_SPAN_DEL: node = append(b, DOC_STRIKE); break;
	case MD_SPAN_CODE:
		node = append(b, DOC_CODE);
		open_literal(b);
		break;
	case MD_SPAN_LATEXMATH:
	case MD_SPAN_LATEXMATH_DISPLAY:
		node = append(b, DOC_MATH);
		node->u.dollars = type == MD_SPAN_LATEXMATH ? 1 : 2;
		open_literal(b);
		break;
	case MD_SPAN_A:
	case MD_SPAN_IMG: {
		const MD_ATTRIBUTE *href = type == MD_SPAN_A
		                               ? &((const MD_SPAN_A_DETAIL *)detail)->href
		                               : &((const MD_SPAN_IMG_DETAIL *)detail)->src;
		const MD_ATTRIBUTE *title = type == MD_SPAN_A
		                                ? &((const MD_SPAN_A_DETAIL *)detail)->title
		                                : &((const MD_SPAN_IMG_DETAIL *)detail)->title;
		note_position(b, href->text);
		node = append(b, type == MD_SPAN_A ? DOC_LINK : DOC_IMAGE);
		node->url = attribute_text(href);
		if (!node->url)
			node->url = g_strdup("");
		node->title = attribute_text(title);
		break;
	}
	default:
		/* No other span is enabled; keep the text in an emphasis-free group. */
		node = append(b, DOC_EMPH);
		break;
	}
	b->current = node;
	return 0;
}

/* The node enter_span made for a span of this type. */
static DocKind
span_kind(MD_SPANTYPE type)
{
	switch (type) {
	case MD_SPAN_STRONG: return DOC_STRONG;
	case MD_SPAN_DEL: return DOC_STRIKE;
	case MD_SPAN_CODE: return DOC_CODE;
	case MD_SPAN_A: return DOC_LINK;
	case MD_SPAN_IMG: return DOC_IMAGE;
	case MD_SPAN_LATEXMATH:
	case MD_SPAN_LATEXMATH_DISPLAY: return DOC_MATH;
	default: return DOC_EMPH;
	}
}

static int
leave_span(MD_SPANTYPE type, void *detail, void *data)
{
	(void)detail;
	Builder *b = data;
	flush_text(b);
	/* md4c 0.4.8 can close spans out of order (a permissive autolink that
	 * runs past the end of its emphasis: *http://a.b*c): the span closed is
	 * the nearest open one of its type within the block, and a span closed
	 * already is not closed again, so the tree never leaves its block. */
	DocKind kind = span_kind(type);
	DocNode *open = b->current;
	while (open && !doc_kind_is_block(open->kind) && open->kind != kind)
		open = open->parent;
	if (!open || doc_kind_is_block(open->kind))
		return 0;
	close_literal(b, b->current);
	b->current = open->parent;
	return 0;
}

static int
on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *data)
{
	Builder *b = data;
	note_position(b, text);
	if (collects_literal(b->current) && b->literal) {
		if (type == MD_TEXT_NULLCHAR)
			g_string_append_unichar(b->literal, 0xFFFD);
		else if (type == MD_TEXT_ENTITY)
			append_entity(b->literal, text, size);
		else if (type == MD_TEXT_SOFTBR || type == MD_TEXT_BR)
			g_string_append_c(b->literal, b->current->kind == DOC_CODE ||
			                                      b->current->kind == DOC_MATH
			                                  ? ' '
			                                  : '\n');
		else
			g_string_append_len(b->literal, text, (gssize)size);
		return 0;
	}
	switch (type) {
	case MD_TEXT_BR: append(b, DOC_LINE_BREAK); return 0;
	case MD_TEXT_SOFTBR: append(b, DOC_SOFT_BREAK); return 0;
	case MD_TEXT_HTML: {
		DocNode *node = append(b, DOC_HTML_INLINE);
		node->text = g_strndup(text, size);
		return 0;
	}
	default: break;
	}
	if (!b->pending_node) {
		DocNode *node = append(b, DOC_TEXT);
		b->pending_node = node;
		b->pending = g_string_new(NULL);
	}
	if (type == MD_TEXT_ENTITY)
		append_entity(b->pending, text, size);
	else if (type == MD_TEXT_NULLCHAR)
		g_string_append_unichar(b->pending, 0xFFFD);
	else
		g_string_append_len(b->pending, text, (gssize)size);
	return 0;
}

/* A link inside a link's text (an address the permissive autolinks found
 * there: [**a@b.org**](mailto:a@b.org)) is only its text: a link never holds
 * another, in CommonMark as in XHTML. */
static void
unwrap_nested_links(DocNode *node, gboolean in_link)
{
	for (DocNode *c = node->first, *next; c; c = next) {
		next = c->next;
		if (c->first)
			unwrap_nested_links(c, in_link || c->kind == DOC_LINK);
		if (c->kind != DOC_LINK || !in_link)
			continue;
		doc_move_children_before(c, c);
		doc_unlink(c);
		doc_node_free(c);
	}
}

static Doc *
parse_with_flags(const SourceText *text, gsize body_start, const char *path, Diag *diag,
                 unsigned flags)
{
	Doc *doc = g_new0(Doc, 1);
	doc->path = g_strdup(path);
	doc->root = g_new0(DocNode, 1);
	doc->root->kind = DOC_DOCUMENT;
	doc->root->line = 1;
	Builder b = {.source = text,
	             .current = doc->root,
	             .diag = diag,
	             .path = path,
	             .ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL)};
	if (body_start > text->len)
		body_start = text->len;
	source_position(text, body_start, &b.last_line, &b.last_col);
	doc->root->line = b.last_line;

	MD_PARSER parser = {0};
	parser.flags = flags;
	parser.enter_block = enter_block;
	parser.leave_block = leave_block;
	parser.enter_span = enter_span;
	parser.leave_span = leave_span;
	parser.text = on_text;
	if (md_parse(text->data + body_start, (MD_SIZE)(text->len - body_start), &parser, &b) != 0)
		diag_error(diag, path, 0, 0, NULL, "the Markdown parser gave up on this page");
	flush_text(&b);
	if (b.literal)
		g_string_free(b.literal, TRUE);
	g_hash_table_unref(b.ids);
	unwrap_nested_links(doc->root, FALSE);
	return doc;
}

Doc *
doc_parse(const SourceText *text, gsize body_start, const char *path, Diag *diag)
{
	return parse_with_flags(text, body_start, path, diag, DOC_MD_FLAGS);
}

/* Frees a subtree without recursion: a page of 10,000 nested quotes must not
 * exhaust the stack. The node must be unlinked (or the root). */
void
doc_node_free(DocNode *root)
{
	DocNode *node = root;
	root->next = NULL;
	root->parent = NULL;
	while (node) {
		if (node->first) {
			DocNode *child = node->first;
			node->first = NULL;
			node = child;
			continue;
		}
		DocNode *next = node == root ? NULL : node->next ? node->next : node->parent;
		g_free(node->text);
		g_free(node->url);
		g_free(node->title);
		g_free(node->info);
		g_free(node->id);
		g_free(node->target_file);
		g_free(node->target_fragment);
		g_free(node->classes);
		g_free(node->width);
		g_free(node->tag);
		g_strfreev(node->attrs);
		g_free(node);
		node = next;
	}
}

void
doc_free(Doc *doc)
{
	if (!doc)
		return;
	doc_node_free(doc->root);
	g_free(doc->path);
	g_free(doc);
}

DocNode *
doc_node_new(DocKind kind, int line)
{
	DocNode *node = g_new0(DocNode, 1);
	node->kind = kind;
	node->line = line;
	node->target = -1;
	return node;
}

GArray *
doc_table_grid(const DocNode *table, unsigned *columns, unsigned *rows)
{
	GArray *grid = g_array_new(FALSE, FALSE, sizeof(DocGridCell));
	/* The row each column is held until (by a cell spanning rows). */
	g_autoptr(GArray) held = g_array_new(FALSE, TRUE, sizeof(unsigned));
	unsigned row = 0, width = 0;
	for (const DocNode *part = table->first; part; part = part->next) {
		unsigned part_end = row;
		for (const DocNode *r = part->first; r; r = r->next)
			part_end++;
		for (const DocNode *r = part->first; r; r = r->next, row++) {
			unsigned column = 0;
			for (const DocNode *cell = r->first; cell; cell = cell->next) {
				while (column < held->len &&
				       g_array_index(held, unsigned, column) > row)
					column++;
				unsigned colspan = MAX(cell->u.cell.colspan, 1);
				unsigned rowspan = MAX(cell->u.cell.rowspan, 1);
				if (column + colspan > DOC_TABLE_SPAN_COLUMNS)
					colspan = column < DOC_TABLE_SPAN_COLUMNS
					              ? DOC_TABLE_SPAN_COLUMNS - column
					              : 1;
				rowspan = MIN(rowspan, part_end - row);
				if (held->len < column + colspan)
					g_array_set_size(held, column + colspan);
				for (unsigned c = column; c < column + colspan; c++)
					g_array_index(held, unsigned, c) = row + rowspan;
				DocGridCell at = {cell, row, column, colspan, rowspan};
				g_array_append_val(grid, at);
				column += colspan;
				width = MAX(width, column);
			}
		}
	}
	if (columns)
		*columns = width;
	if (rows)
		*rows = row;
	return grid;
}

const void *
doc_written_on(const DocNode *node)
{
	for (; node; node = node->parent)
		if (node->written_on)
			return node->written_on;
	return NULL;
}

void
doc_mark_written_on(DocNode *subtree, const void *written_on)
{
	if (!written_on)
		return;
	DocIter it;
	doc_iter_init(&it, subtree);
	DocNode *node;
	DocEvent event;
	while (doc_iter_next(&it, &node, &event))
		if (event == DOC_ENTER && !node->written_on)
			node->written_on = written_on;
}

void
doc_unlink(DocNode *node)
{
	DocNode *parent = node->parent;
	if (node->prev)
		node->prev->next = node->next;
	else if (parent)
		parent->first = node->next;
	if (node->next)
		node->next->prev = node->prev;
	else if (parent)
		parent->last = node->prev;
	node->parent = node->prev = node->next = NULL;
}

void
doc_insert_before(DocNode *sibling, DocNode *node)
{
	node->parent = sibling->parent;
	node->next = sibling;
	node->prev = sibling->prev;
	if (sibling->prev)
		sibling->prev->next = node;
	else if (sibling->parent)
		sibling->parent->first = node;
	sibling->prev = node;
}

void
doc_append_child(DocNode *parent, DocNode *node)
{
	node->parent = parent;
	node->next = NULL;
	node->prev = parent->last;
	if (parent->last)
		parent->last->next = node;
	else
		parent->first = node;
	parent->last = node;
}

void
doc_move_children_before(DocNode *from, DocNode *sibling)
{
	while (from->first) {
		DocNode *child = from->first;
		doc_unlink(child);
		doc_insert_before(sibling, child);
	}
}

void
doc_move_children_to(DocNode *from, DocNode *to)
{
	while (from->first) {
		DocNode *child = from->first;
		doc_unlink(child);
		doc_append_child(to, child);
	}
}

DocNode *
doc_parse_fragment(const char *markdown, int first_line, gboolean html_blocks, const char *path,
                   Diag *diag)
{
	g_autoptr(SourceText) text = source_from_memory(markdown, strlen(markdown), path, diag);
	if (!text)
		return doc_node_new(DOC_DOCUMENT, first_line);
	Doc *doc = parse_with_flags(text, 0, path, diag,
	                            DOC_MD_FLAGS | (html_blocks ? 0 : MD_FLAG_NOHTMLBLOCKS));
	DocNode *root = doc->root;
	/* Lines count from the fragment's place in the page. */
	DocIter it;
	doc_iter_init(&it, root);
	DocNode *n;
	DocEvent ev;
	while (doc_iter_next(&it, &n, &ev))
		if (ev == DOC_ENTER && n->line > 0)
			n->line += first_line - 1;
	g_free(doc->path);
	g_free(doc);
	return root;
}

/* ---- walking ----------------------------------------------------------- */

void
doc_iter_init(DocIter *iter, DocNode *root)
{
	*iter = (DocIter){.root = root};
}

gboolean
doc_iter_next(DocIter *iter, DocNode **node, DocEvent *event)
{
	if (!iter->started) {
		iter->started = TRUE;
		iter->node = iter->root;
		iter->event = DOC_ENTER;
	} else {
		DocNode *n = iter->node;
		if (iter->event == DOC_ENTER && !doc_kind_is_leaf(n->kind) && n->first) {
			iter->node = n->first;
			iter->event = DOC_ENTER;
		} else if (iter->event == DOC_ENTER && !doc_kind_is_leaf(n->kind)) {
			iter->event = DOC_EXIT; /* an empty container: exit it at once */
		} else if (n == iter->root) {
			return FALSE;
		} else if (n->next) {
			iter->node = n->next;
			iter->event = DOC_ENTER;
		} else {
			iter->node = n->parent;
			iter->event = DOC_EXIT;
		}
	}
	*node = iter->node;
	*event = iter->event;
	return TRUE;
}

static gboolean
is_space(const DocNode *n)
{
	if (n->kind == DOC_SOFT_BREAK || n->kind == DOC_LINE_BREAK)
		return TRUE;
	if (n->kind != DOC_TEXT)
		return FALSE;
	for (const char *p = n->text ? n->text : ""; *p; p++)
		if (!g_ascii_isspace(*p))
			return FALSE;
	return TRUE;
}

gboolean
doc_image_is_decorative(const DocNode *image)
{
	const DocNode *alt = image->first;
	return alt && !alt->next && alt->kind == DOC_TEXT && alt->text && !*alt->text;
}

gboolean
doc_image_lacks_alt(const DocNode *image)
{
	g_autofree char *alt = doc_plain_text(image);
	return !*g_strstrip(alt) && !doc_image_is_decorative(image);
}

gboolean
doc_is_image_run(const DocNode *first, const DocNode *stop)
{
	gboolean any = FALSE;
	for (const DocNode *n = first; n != stop; n = n->next) {
		if (n->kind == DOC_IMAGE) {
			any = TRUE;
		} else if (n->kind == DOC_LINK && n->first) {
			for (const DocNode *c = n->first; c; c = c->next) {
				if (c->kind == DOC_IMAGE)
					any = TRUE;
				else if (!is_space(c))
					return FALSE;
			}
		} else if (!is_space(n)) {
			return FALSE;
		}
	}
	return any;
}

char *
doc_footnote_id(const DocNode *node, gboolean reference)
{
	return g_strconcat(reference ? "fnref:" : "fn:", node->text, NULL);
}

const char *
doc_attr(const DocNode *node, const char *name)
{
	for (char **a = node->attrs; a && a[0] && a[1]; a += 2)
		if (strcmp(a[0], name) == 0)
			return a[1];
	return NULL;
}

void
doc_set_attr(DocNode *node, const char *name, const char *value)
{
	for (char **a = node->attrs; a && a[0] && a[1]; a += 2)
		if (strcmp(a[0], name) == 0) {
			g_free(a[1]);
			a[1] = g_strdup(value);
			return;
		}
	guint n = node->attrs ? g_strv_length(node->attrs) : 0;
	node->attrs = g_renew(char *, node->attrs, n + 3);
	node->attrs[n] = g_strdup(name);
	node->attrs[n + 1] = g_strdup(value);
	node->attrs[n + 2] = NULL;
}

static char *
plain_text(const DocNode *node, gboolean descriptions)
{
	GString *out = g_string_new(NULL);
	DocIter it;
	doc_iter_init(&it, (DocNode *)node);
	DocNode *n;
	DocEvent ev;
	int in_image = 0; /* inside an image's description */
	while (doc_iter_next(&it, &n, &ev)) {
		if (n->kind == DOC_IMAGE && !descriptions)
			in_image += ev == DOC_ENTER ? 1 : -1;
		if (ev != DOC_ENTER || in_image)
			continue;
		switch (n->kind) {
		case DOC_TEXT:
		case DOC_CODE:
		case DOC_MATH:
		case DOC_CODE_BLOCK: g_string_append(out, n->text ? n->text : ""); break;
		case DOC_SOFT_BREAK:
		case DOC_LINE_BREAK: g_string_append_c(out, ' '); break;
		default: break;
		}
	}
	return g_string_free(out, FALSE);
}

char *
doc_plain_text(const DocNode *node)
{
	return plain_text(node, TRUE);
}

char *
doc_words(const DocNode *node)
{
	return plain_text(node, FALSE);
}

char *
doc_heading_slug(const char *text)
{
	GString *out = g_string_new(NULL);
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		GUnicodeType t = g_unichar_type(c);
		gboolean word = g_unichar_isalpha(c) || g_unichar_ismark(c) ||
		                t == G_UNICODE_DECIMAL_NUMBER || t == G_UNICODE_CONNECT_PUNCTUATION;
		if (c == ' ')
			g_string_append_c(out, '-');
		else if (c == '-' || word)
			g_string_append_unichar(out, g_unichar_tolower(c));
	}
	return g_string_free(out, FALSE);
}
