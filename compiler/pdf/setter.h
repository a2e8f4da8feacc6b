/* What the typesetting of a page's blocks shares: the state of the page
 * being set (Setter), the limits that keep hostile pages cheap, and the
 * functions of its files. blocks.c dispatches over the blocks of the tree
 * (headings, code, lists, callouts there; paragraphs and the inlines they
 * gather in inlines.c, pictures in figures.c, tables in tables.c), all of
 * them over setter.c (boxes, elements, destinations, images, link targets). */
#ifndef FOLIO_PDF_SETTER_H
#define FOLIO_PDF_SETTER_H

#include "../theme.h"
#include "writer.h"

/* Limits that keep hostile pages cheap. Code lines are laid out by Pango, as
 * table cells are measured, and Pango's breaking of one long unbreakable run
 * costs the square of its length; a heading or a cell is a line or two on
 * paper: past these sizes the text is cut, with a warning. */
enum {
	MAX_NESTING = 48,
	TABLE_MAX_COLUMNS = 24, /* past them a table's rows are set as paragraphs */
	HEADING_MAX_BYTES = 2000,
	CELL_MAX_BYTES = 4000,
	CODE_LINE_MAX_BYTES = 4000,
	PARAGRAPH_MAX_BYTES = 64 * 1024,
	PRINT_MIN_DPI = 150, /* an image placed with fewer pixels to the inch is reported */
	MAX_QR_CODES = 100,  /* on one page of the site: past them, addresses print alone */
};

/* An image in running text at most this many times the text's size tall is
 * an icon, set in the line at most ICON_HEIGHT times the size tall. */
#define ICON_MAX_LINES 2.5
#define ICON_HEIGHT    1.1

/* Lines of a table cell, as a multiple of their (small) size. */
#define CELL_LEADING 1.4

typedef struct {
	PdfWriter *w;
	GPtrArray *boxes;
	int depth;           /* navigation depth of the page being set */
	const char *chapter; /* running head */
	int nesting;
	int lists;             /* how many lists the block being set is in */
	GHashTable *footnotes; /* the page's footnotes: name -> DOC_FOOTNOTE node */
	GHashTable *notes;     /* the page's notes: "fn\nname" or "url\naddress" -> PdfNote */
	int notes_numbered;    /* through the chapter; on paper addresses are notes too */
	unsigned block;        /* the block being set (DocNode.block) */
	GHashTable *ids;       /* the page's ids with a destination (or about to have one) */
	GPtrArray *inline_ids; /* ids of the inlines being set, for the block's first box */
	GPtrArray *made_ids;   /* char *: ids made here (footnotes'), which inline_ids may hold */
	GPtrArray *deferred_images; /* pictures in running text, set after their block */
	gboolean may_flush;         /* boxes set so far may go to pagination (flush_boxes) */
	int qr_codes;               /* QR codes made for the page's addresses */
	PdfTag *tag;                /* the element the boxes being set belong to */
	gboolean uppercase;         /* text being collected is set in capitals (a label) */
	gboolean no_break;          /* and on one line */
	const ThemeLook *look;      /* the look of the paragraph being set, or NULL */
	double text_size;           /* of the text being collected, when not the body's */
	const DocNode *looking;     /* the inline being collected with a look of its own */
	gboolean paper_pending;     /* its link's marks for paper wait for the look's end */
	LinkSpan paper_span;        /* (names not owned: the link's in the inlines) */
	int paper_line;
} Setter;

/* setter.c: boxes, structure elements, marks and destinations, fonts,
 * images and where links lead. */
Box *setter_box(Setter *s, BoxKind kind, double x, double width);
PdfTag *setter_tag_push(Setter *s, const char *name);
void setter_tag_pop(Setter *s, PdfTag *outer);
char *setter_figure_alt(const DocNode *image);
void setter_add_mark(Setter *s, Box *box, const char *title, char *dest, int depth,
                     gboolean is_page);
void setter_add_destination(Setter *s, Box *box, const char *id);
PangoLayout *setter_layout(PdfWriter *w, const char *family, double size, PangoWeight weight,
                           double width);
void setter_check_glyphs(Setter *s, PangoLayout *layout, int line);
ImageEntry *setter_load_image(Setter *s, const char *file, int line, int col, gboolean later);
void setter_link_target(PdfWriter *w, const DocNode *n, char **dest, char **uri);
/* An id made for the page being set (a footnote's "fn:1"), to become a
 * destination like the inlines' ids; the setter keeps it. */
void setter_made_id(Setter *s, char *id);

/* inlines.c: a run of inlines gathered (text, attributes, links, notes,
 * icons) and set as a paragraph's lines. */
void inlines_attr_range(Inlines *in, PangoAttribute *attr, int start);
void inlines_append_text(Inlines *in, const char *text);
void inlines_collect(Setter *s, Inlines *in, const DocNode *first, const DocNode *stop);
/* The language n says it is in (its lang attribute) when that is not the
 * book's, interned; else NULL. */
const char *inlines_lang_of(Setter *s, const DocNode *n);
/* The text collected since start, when n says it is in another language
 * than the book's: its own language (LangSpan and Pango's attribute). */
void inlines_mark_lang(Setter *s, Inlines *in, const DocNode *n, int start);
void inlines_clip(Setter *s, Inlines *in, gsize max, int line);
void inlines_init(Inlines *in);
void inlines_clear(Inlines *in);
void inlines_attach_notes(Setter *s, const Inlines *in, guint before, const PdfParagraph *p);
void inlines_set_lines(Setter *s, const Inlines *in, double x, double width, double space_before,
                       int line, const PdfSetting *how);
Box *inlines_set_paragraph_looking(Setter *s, const DocNode *first, const DocNode *stop, double x,
                                   double width, double space_before, int line,
                                   const ThemeLook *look);
Box *inlines_set_paragraph(Setter *s, const DocNode *first, const DocNode *stop, double x,
                           double width, double space_before, int line);

/* figures.c: pictures, alone or in a run of images (each clickable where
 * its link leads), and those a block's text held, after it. */
gboolean figures_set_images(Setter *s, const DocNode *first, const DocNode *stop, double x,
                            double width);
void figures_set_deferred(Setter *s, double x, double width);

/* tables.c: a table, as a grid of cells or, past the columns a page can
 * show, as a paragraph a row; and plain text where a limit cuts blocks. */
void tables_set_plain_paragraph(Setter *s, const char *text, double x, double width, int line);
void tables_set_table(Setter *s, const DocNode *table, double x, double width);

#endif
