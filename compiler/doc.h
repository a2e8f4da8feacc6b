/* doc: the document tree of one page, built from md4c's events. One node type
 * with a kind, like cmark's; the back ends walk it with doc_iter_next(). */
#ifndef FOLIO_DOC_H
#define FOLIO_DOC_H

#include "diag.h"
#include "source.h"

#include <glib.h>

typedef enum {
	/* blocks */
	DOC_DOCUMENT,
	DOC_PARAGRAPH,
	DOC_HEADING,
	DOC_BLOCKQUOTE,
	DOC_LIST,
	DOC_ITEM,
	DOC_CODE_BLOCK,
	DOC_HTML_BLOCK,
	DOC_THEMATIC_BREAK,
	DOC_TABLE,
	DOC_TABLE_HEAD,
	DOC_TABLE_BODY,
	DOC_TABLE_ROW,
	DOC_TABLE_CELL,
	DOC_FOOTNOTE, /* a footnote's text (kramdown's [^name]: ...), at the end of the page */
	DOC_DEF_LIST, /* kramdown's definition list: DEF_TERM and DEF_DATA children */
	DOC_DEF_TERM, /* holds inlines */
	DOC_DEF_DATA, /* holds inlines */
	/* An element of raw HTML with no Markdown kind of its own (div, details,
	 * figure, summary, ...): tag names it; it holds blocks, or inlines. */
	DOC_ELEMENT_BLOCK,
	/* inlines */
	DOC_TEXT,
	DOC_SOFT_BREAK,
	DOC_LINE_BREAK,
	DOC_EMPH,
	DOC_STRONG,
	DOC_STRIKE,
	DOC_CODE,
	DOC_LINK,
	DOC_IMAGE,
	DOC_HTML_INLINE,
	DOC_FOOTNOTE_REF,   /* [^name] in the text; text is the name, u.number its number */
	DOC_ELEMENT_INLINE, /* raw HTML's span, kbd, sup, sub, mark, ...: tag names it */
	/* Math as the page writes it ($$...$$; $...$ is no math to kramdown):
	 * text is its TeX, u.dollars how many dollars. Only while a page is
	 * read: math_apply turns it into what the book shows. */
	DOC_MATH,
} DocKind;

/* Where a link or an image leads, decided once (links.c) for every back end. */
typedef enum {
	LINK_EXTERNAL, /* another site: http:, https:, mailto:, tel: */
	LINK_PAGE,     /* a page of this site (maybe with a fragment) */
	LINK_FILE,     /* a file of this site that is not a page (an image, a PDF) */
	LINK_MISSING,  /* would be inside the site, but nothing is there */
	LINK_OUTSIDE,  /* leads outside the site root: never followed */
	LINK_UNSAFE,   /* javascript:, data:, any other scheme: kept as text */
} LinkKind;

typedef enum { DOC_ALIGN_DEFAULT, DOC_ALIGN_LEFT, DOC_ALIGN_CENTER, DOC_ALIGN_RIGHT } DocAlign;
typedef enum { DOC_TASK_NONE, DOC_TASK_OPEN, DOC_TASK_DONE } DocTask;

typedef struct DocNode {
	DocKind kind;
	struct DocNode *parent, *first, *last, *next, *prev;
	int line, col; /* 1-based position in the page's file; 0 when unknown */
	/* Another page's Markdown printed into this one ({{ p.content }}): the
	 * SitePage it was written on, whose links and images these are; NULL
	 * for the page's own text. Nodes made later from a node's text (raw
	 * HTML, kramdown's lists) are in their parent's: doc_written_on(). */
	const void *written_on;
	char *text;   /* TEXT, CODE, CODE_BLOCK, HTML_BLOCK, HTML_INLINE, MATH: the literal */
	char *url;    /* LINK, IMAGE: the destination as written */
	char *title;  /* LINK, IMAGE: the title; */
	char *info;   /* CODE_BLOCK: the info string (its first word is the language) */
	char *id;     /* HEADING: the id kramdown would give it; any node from raw HTML: its id */
	char *tag;    /* ELEMENT_BLOCK, ELEMENT_INLINE: the HTML element's name, lowercase */
	char **attrs; /* raw HTML attributes a book keeps (lang, dir, open, ...): name, value, ...,
	                 NULL */
	/* LINK, IMAGE: where the reference leads, filled in by links_resolve_doc()
	 * so that no back end decides it again. */
	int target;              /* a LinkKind; -1 before resolution */
	const void *target_page; /* LINK_PAGE: the SitePage */
	char *target_file;       /* LINK_FILE: path relative to the site root */
	char *target_fragment;   /* an anchor that exists on the target page, or NULL */
	/* Attributes from kramdown's {: ...} lists (kramdown.c). */
	char *classes;           /* space-separated class names, or NULL */
	char *width;             /* IMAGE: a width from {: width="..." }: "300" (pixels) or "50%" */
	gboolean no_toc;         /* HEADING: left out of the contents */
	const void *callout;     /* PARAGRAPH, BLOCKQUOTE: the site's SiteCallout */
	gboolean callout_titled; /* the callout's first line (or paragraph) is its title */
	/* Marks a tree pass puts on nodes it will act on later (kramdown.c); a
	 * mark on the node itself, never a set of addresses that a freed node could
	 * leave behind for a new one. */
	unsigned marks;
	/* Blocks: 1, 2, ... in document order (book_page_doc numbers them), so that
	 * the back ends can name the same place of a page (the printed page breaks
	 * the EPUB's page list points at); 0 for inlines. */
	unsigned block;
	union {
		int level; /* HEADING: 1..6 */
		struct {
			gboolean ordered, tight;
			unsigned start;
			char delimiter; /* '.' or ')' for ordered lists, the bullet otherwise */
		} list;
		DocTask task;     /* ITEM */
		int number;       /* FOOTNOTE, FOOTNOTE_REF: 1, 2, ... in order of reference */
		int dollars;      /* MATH: 1 ($...$) or 2 ($$...$$) */
		unsigned columns; /* TABLE */
		struct {
			DocAlign align;
			gboolean header;
			unsigned colspan, rowspan; /* raw HTML's; 0 or 1: one column, one row */
		} cell;                            /* TABLE_CELL */
	} u;
} DocNode;

typedef struct Doc {
	DocNode *root;
	char *path; /* the page's file, as diagnostics print it */
} Doc;

/* Builds the tree of the Markdown in text from byte body_start on (the front
 * matter before it is skipped, but lines keep counting from the top of the file). */
Doc *doc_parse(const SourceText *text, gsize body_start, const char *path, Diag *diag);

/* The blocks of a Markdown fragment that starts on line first_line of the
 * page (HTML with markdown="1"), as a DOCUMENT node to take children from.
 * Without html_blocks, raw HTML is inline HTML in paragraphs (kramdown's
 * reading of a block that starts with a span element). */
DocNode *doc_parse_fragment(const char *markdown, int first_line, gboolean html_blocks,
                            const char *path, Diag *diag);

/* Tree surgery for the passes after parsing. */

/* The page node was written on when another page's text was printed into
 * this one (its own written_on, or its nearest ancestor's), else NULL. */
const void *doc_written_on(const DocNode *node);
/* Gives every node of subtree that has none the page written_on: nodes
 * made from a node's text (raw HTML, Markdown within it), before they
 * take its place. */
void doc_mark_written_on(DocNode *subtree, const void *written_on);

void doc_unlink(DocNode *node);
void doc_node_free(DocNode *node);
void doc_insert_before(DocNode *sibling, DocNode *node);
void doc_append_child(DocNode *parent, DocNode *node);
/* Moves every child of from before sibling, or to the end of to. */
void doc_move_children_before(DocNode *from, DocNode *sibling);
void doc_move_children_to(DocNode *from, DocNode *to);
DocNode *doc_node_new(DocKind kind, int line);
void doc_free(Doc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Doc, doc_free)

gboolean doc_kind_is_block(DocKind kind);
/* Nodes that never have children are entered but not exited by the walker. */
gboolean doc_kind_is_leaf(DocKind kind);
const char *doc_kind_name(DocKind kind);

typedef enum { DOC_ENTER, DOC_EXIT } DocEvent;

typedef struct DocIter {
	DocNode *root, *node;
	DocEvent event;
	gboolean started;
} DocIter;

void doc_iter_init(DocIter *iter, DocNode *root);
/* Steps depth first; FALSE at the end. */
gboolean doc_iter_next(DocIter *iter, DocNode **node, DocEvent *event);

/* Whether the inlines first..stop (stop NULL: to the end) are images and
 * nothing else: blank text, line ends, and links around images (the
 * click-to-enlarge [![](a.png)](a.png), a row of linked logos). Both formats
 * set such a run as pictures, not as text. */
gboolean doc_is_image_run(const DocNode *first, const DocNode *stop);
/* Whether an image is decorative by its author's word: raw HTML's alt=""
 * (Markdown's ![](a.png) says nothing, and is an image without its text). */
gboolean doc_image_is_decorative(const DocNode *image);
/* Whether an image lacks the text a screen reader needs: no alt text, and
 * not decorative. What the warning and the EPUB's claim both go by. */
gboolean doc_image_lacks_alt(const DocNode *image);

/* The value of a kept HTML attribute of node, or NULL. */
const char *doc_attr(const DocNode *node, const char *name);
/* Sets attribute name of node to value (a copy), in place of any it had. */
void doc_set_attr(DocNode *node, const char *name, const char *value);

/* A table's cells where they stand in its grid, in document order: a cell
 * spanning rows takes its columns in the rows below, so the cells after it
 * stand further right (as in HTML). A span reaches no further than its
 * table part's rows, nor past a row's DOC_TABLE_SPAN_COLUMNS columns (the
 * cells past them a column each). */
enum { DOC_TABLE_SPAN_COLUMNS = 1000 };
typedef struct DocGridCell {
	const DocNode *cell;
	unsigned row;              /* 0-based, over the whole table */
	unsigned column;           /* its first */
	unsigned colspan, rowspan; /* at least 1 */
} DocGridCell;
/* The grid (DocGridCell), and its columns and rows. */
GArray *doc_table_grid(const DocNode *table, unsigned *columns, unsigned *rows);

/* The text of a node and its descendants, without markup. */
char *doc_plain_text(const DocNode *node);
/* The same without the descriptions of its images (a heading's words). */
char *doc_words(const DocNode *node);

/* kramdown's id for the note a footnote or a footnote reference names:
 * "fn:NAME" for the note itself, "fnref:NAME" (reference) for where the
 * text refers to it. Links written against the site lead to these. */
char *doc_footnote_id(const DocNode *node, gboolean reference);

/* A heading's id as kramdown's GFM parser makes it from the heading text. */
char *doc_heading_slug(const char *text);

#endif
