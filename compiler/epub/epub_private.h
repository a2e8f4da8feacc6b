/* What the EPUB writer's files share: the writer's state and the XML helpers. */
#ifndef FOLIO_EPUB_PRIVATE_H
#define FOLIO_EPUB_PRIVATE_H

#include "epub.h"

#include <glib.h>

typedef struct EpubImage {
	char *file; /* relative to the site root */
	char *href; /* inside the EPUB: images/img001.png */
	const char *media_type;
} EpubImage;

/* A step of a document's page-break markers, kept when the page list comes
 * after the documents, to be taken again once it has come. (An id a marker
 * may have is marked in the document itself, between two U+0001, which
 * XML text never holds: it may be written into a tag before the tag is.) */
typedef enum { BREAK_TAKE, BREAK_PLACE, BREAK_END } BreakStepKind;
typedef struct BreakStep {
	BreakStepKind kind;
	unsigned block; /* BREAK_TAKE: the block whose pages become due */
	gsize at;       /* BREAK_PLACE, BREAK_END: where in the document */
} BreakStep;

typedef struct EpubWriter {
	Book *book;
	Site *site;
	Diag *diag;
	const char *lang;
	const Language *words;      /* what the book says in its language */
	GHashTable *page_files;     /* SitePage -> "p001.xhtml", for the pages in the book */
	GHashTable *images_by_file; /* site-relative path -> EpubImage, or NULL if refused */
	GHashTable *images_by_hash; /* SHA-256 of the bytes -> EpubImage */
	GPtrArray *images;          /* EpubImage, in order of first use */
	GPtrArray *files;           /* EpubFile: everything to zip after mimetype */
	gboolean images_lack_alt;   /* some image has no alt text */
	GArray *page_list; /* BookPrintPage: where each printed page begins (a reference) */
	char *page_source; /* the PDF those pages are of, for dc:source */
	/* Per content document: */
	const SitePage *page;
	guint next_break;    /* the first printed page (page_list) not yet marked */
	GArray *due_breaks;  /* page numbers whose markers wait for a place to stand */
	GHashTable *ids;     /* ids used in the document so far */
	GArray *steps;       /* BreakStep, when the page list comes after the documents */
	const DocNode *skip; /* a node already written (a callout's title) */
	gboolean pictures;   /* the inlines being written are pictures only: set apart */
	int links_open;      /* links being written (a link never holds another) */
} EpubWriter;

typedef struct EpubFile {
	char *name;
	GBytes *data;
	const SitePage *page; /* a content document's page, while its markers wait */
	GArray *steps;        /* BreakStep: the markers' places, while they wait */
} EpubFile;

/* The writer of book's EPUB, its files named (p001.xhtml, ...) and no file
 * gathered yet; and what it holds, freed. */
void epub_writer_init(EpubWriter *w, Book *book, const GArray *page_list);
void epub_writer_clear(EpubWriter *w);

/* Adds a file to the package (takes the bytes). */
EpubFile *epub_add_file(EpubWriter *w, const char *name, GBytes *data);

/* The page list, come after the writer was made (a reference is taken). */
void epub_writer_set_page_list(EpubWriter *w, const GArray *page_list);

/* XML text and attribute values: escaped, and characters XML forbids dropped. */
void epub_xml_text(GString *out, const char *text);
void epub_xml_attr(GString *out, const char *text);
/* A URL with spaces and the characters URLs cannot hold percent-encoded
 * (non-ASCII letters stay: EPUB takes IRIs). */
char *epub_url_escape(const char *url);
/* The same, escaped for an attribute value. */
void epub_url_attr(GString *out, const char *url);

/* The href of a page in the book, or NULL when it is not in the book. */
const char *epub_page_href(EpubWriter *w, const SitePage *page);
/* The href of a link to page (and one of its anchors, or NULL) from the
 * page being written; NULL when the page is not in the book. */
char *epub_page_link(EpubWriter *w, const SitePage *page, const char *fragment);
/* The href of an image file of the site, adding it on first use; NULL when
 * EPUB cannot carry it (reported at path:line:col). */
const char *epub_image_href(EpubWriter *w, const char *file, int line, int col);

/* The start of an XHTML document up to </head>: language, title, style sheet. */
void epub_xhtml_head(EpubWriter *w, GString *out, const char *title);

/* The content document of one page, with a page-break marker where each
 * printed page that begins in it begins (the pages come in the book's order,
 * one document after the other). */
GBytes *epub_xhtml_page(EpubWriter *w, const SitePage *page, const Doc *doc);
/* A content document written with w->steps, its markers put in from the
 * page list that has come since (takes document and steps). */
GBytes *epub_xhtml_place_breaks(EpubWriter *w, const SitePage *page, GBytes *document,
                                GArray *steps);
/* The id of the marker of printed page number. */
char *epub_page_break_id(int number);

/* The package document, nav, NCX, cover and container. */
void epub_add_package(EpubWriter *w, gint64 build_time);

#endif
