/* What the PDF writer's files share: the context, the boxes that typesetting
 * makes and pagination places, and the records the contents are made from. */
#ifndef FOLIO_PDF_WRITER_H
#define FOLIO_PDF_WRITER_H

#include "../output.h"
#include "../text/hyphenate.h"
#include "canvas.h"
#include "decoder.h"
#include "itemize.h"
#include "pdf.h"
#include "style.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

/* A clickable area of a box, relative to the box's top left corner. */
typedef struct PdfLink {
	double x, y, width, height;
	char *dest; /* a named destination in the book, or NULL */
	char *uri;  /* an address outside the book, or NULL */
	char *text; /* what it says (its words, an image's description), or NULL */
} PdfLink;

/* Inline content gathered for typesetting: text, Pango attributes and links. */
typedef struct LinkSpan {
	int start, end; /* byte range in the text */
	char *dest, *uri;
} LinkSpan;

/* What the end of the file adds to the n-th structure element opened (from
 * 0), which cairo 1.16 cannot give it: its language (or NULL), a table
 * cell's columns and rows (1 or more; 0: not a cell). */
typedef struct ElementAdded {
	guint n;
	const char *lang;
	guint colspan, rowspan;
} ElementAdded;

/* A stretch of text in another language than the book's (a lang
 * attribute): in the tagged PDF a Span of its own, with /Lang. */
typedef struct LangSpan {
	int start, end;   /* byte range in the text */
	const char *lang; /* a language tag, interned */
} LangSpan;

/* An image in a line of text (an icon), standing in the text as U+FFFC. */
typedef struct InlineImage {
	int offset;               /* of its U+FFFC in the text */
	cairo_surface_t *surface; /* NULL when only measured */
	int px_width, px_height;  /* its own size */
	double width, height;     /* points */
	char *alt;                /* what it shows, for the tagged PDF's Figure */
} InlineImage;

/* paragraph.c: an array of InlineImage that releases each image's surface
 * and alt text with it; a copy of one, holding its own. */
GArray *pdf_inline_images_new(void);
InlineImage pdf_inline_image_copy(const InlineImage *image);

/* The character an inline image stands in the text as. */
#define PDF_OBJECT_CHAR "\xEF\xBF\xBC"

typedef struct Inlines {
	GString *text;
	PangoAttrList *attrs;
	GArray *links;          /* LinkSpan */
	GArray *langs;          /* LangSpan, innermost first */
	GArray *notes;          /* NoteRef: footnote references, for the foot of the page */
	GArray *images;         /* InlineImage, in text order (their surfaces referenced) */
	gboolean images_inline; /* set by the paragraph engine, which can draw them */
	gboolean after_picture; /* a picture was taken out of the text just now */
	gboolean unhyphenated;  /* never hyphenated: the author's soft hyphens are left out */
} Inlines;

typedef struct PdfParagraph PdfParagraph;

/* A note at the foot of the page: a footnote, or on paper a link's address
 * (with its number apart and a QR code beside it). Shared by every reference
 * to it on a page of the site, so a page of the book prints it once. */
typedef struct PdfNote {
	int refs;
	/* Its text set by the line breaker: a footnote's, its number part of
	 * it; or an address's lines, beside their number. */
	PdfParagraph *paragraph;
	PdfParagraph *number;    /* an address's; NULL for a footnote */
	QRcode *qr;              /* beside an address, or NULL */
	double number_x, text_x; /* from the column's left edge */
	double height;
	int ordinal; /* the number its references print */
	/* On paper, the notes of the addresses its own text links to: they go
	 * to the foot of its page after it. */
	GPtrArray *followers;
} PdfNote;

typedef struct NoteRef {
	int offset;    /* byte of the reference in the text */
	PdfNote *note; /* owned by the page's table of notes */
} NoteRef;

/* A paragraph set by folio's own line breaker (paragraph.c): its lines, each
 * drawn as runs of glyphs, shared by the boxes of its lines (declared with
 * PdfNote, above). */

/* A heading or page start that the contents and the bookmarks point at. */
typedef struct PdfMark {
	char *title;
	char *dest;
	int depth; /* in the contents: page depth, or page depth + heading level - 1;
	            * -1 for a destination that is in neither the contents nor the bookmarks */
	int level; /* 1 for a page, the heading's level otherwise */
	gboolean is_page;
	int page_number; /* body page number, found by pagination */
} PdfMark;

typedef enum {
	BOX_LINE, /* one line of a paragraph, heading, list item or code block */
	BOX_IMAGE,
	BOX_PLACEHOLDER, /* a framed stand-in for an image that cannot be shown */
	BOX_RULE,
	BOX_ROW, /* one table row */
} BoxKind;

/* An element of the reading PDF's structure (tagged.c): a standard
 * structure type, under its parent (NULL: under the document's root). */
typedef struct PdfTag PdfTag;
struct PdfTag {
	int refs;
	const char *name; /* "Sect", "P", "L", "LI", "Table", "Figure", ... (static) */
	PdfTag *parent;   /* a reference */
	char *alt;        /* a Figure's alternative text */
	const char *lang; /* another language than the book's (interned), or NULL */
};

/* Room above and below a table cell's text, points. */
enum { PDF_CELL_PAD = 3 };

typedef struct Box Box;
struct Box {
	BoxKind kind;
	double height;           /* points */
	double space_before;     /* dropped at the top of a page */
	gboolean keep_with_next; /* no page break between this box and the next */
	gboolean new_page;       /* a chapter starts here */
	double x, width;         /* within the text column */

	/* Decorations drawn behind the box. */
	int bars; /* quote bars, at x positions bar_x[] */
	double bar_x[8];
	gboolean code_background;
	double code_x, code_width;
	gboolean callout; /* a tinted box with a coloured rule on the left */
	double callout_rgb[3], callout_x, callout_width;
	gboolean callout_title; /* a line of the callout's title, set in its colour */

	/* BOX_LINE */
	PdfParagraph *paragraph; /* the paragraph set by paragraph.c it is a line of (a
	                          * reference each) */
	int line;
	double baseline;     /* from the top of the box */
	gboolean continued;  /* a code line that wraps: a mark in the margin */
	PangoLayout *marker; /* a list bullet or number, right-aligned before x */
	int task;            /* 1 open box, 2 ticked box, drawn before x */
	const StyleColor *color;

	/* BOX_IMAGE, BOX_PLACEHOLDER */
	cairo_surface_t *image;
	PdfDecoding *decoding; /* IMAGE: its pixels, being decoded (image NULL till drawn) */
	int image_px_width, image_px_height; /* its own size (an SVG's in CSS pixels) */
	QRcode *qr;          /* PLACEHOLDER on paper: the address of an image on another host */
	PangoLayout *layout; /* PLACEHOLDER: its label */
	double image_width, image_height;

	/* BOX_ROW */
	GPtrArray *cells; /* PdfParagraph per cell (NULL for an empty cell) */
	double *cell_x, *cell_width;
	guint *cell_colspan, *cell_rowspan; /* NULL where the table has no merged cells */
	int columns;                        /* its cells (a cell of a row above takes none) */
	GArray *rule_gaps;                  /* from, to (double): where the rule under it stops, a
	                                       cell going on into the next row; NULL: none */
	gboolean header;
	Box *header_row; /* for a body row: the header to repeat after a break */
	/* Of a row taller than a page, the part on one page: its cells' lines
	 * from first_line, lines of them (0: the whole row), and whether the
	 * row goes on below (no rule under it). */
	int first_line, lines;
	gboolean row_goes_on;

	GArray *links;          /* PdfLink */
	GPtrArray *marks;       /* PdfMark placed at this box (owned by the writer) */
	GPtrArray *notes;       /* PangoLayout: footnotes printed at the foot of this box's page */
	const char *chapter;    /* the running head from this box on */
	const SitePage *source; /* the page of the site and the block it was set from */
	unsigned block;

	/* The element the box's content belongs to (its lines are drawn in a
	 * Span of it, a row's cells in TH or TD; a Figure is the figure
	 * itself), and a list item's, whose Lbl the marker is; NULL when the
	 * reading PDF is not tagged, and for what belongs to no element (a rule). */
	PdfTag *tag, *item_tag;
};

typedef struct ImageEntry {
	cairo_surface_t *surface; /* NULL when it cannot be shown (or was only measured) */
	int width_px, height_px;
	gboolean measured_only; /* first pass: the size from the header, not decoded */
	PdfDecoding *decoding;  /* or decoded beside the drawing, for its figures */
} ImageEntry;

typedef struct PdfWriter {
	Book *book;
	Site *site;
	Diag *diag;
	Style style;
	PangoFontMap *font_map;
	PangoContext *pango;
	Itemizer *itemizer; /* a paragraph's items, as Pango makes them */
	Hyphenator *hyphenator;
	GHashTable *page_index;  /* SitePage -> index in the book + 1 */
	GHashTable *images;      /* site-relative path -> ImageEntry */
	PdfDecoder *decoder;     /* while drawing: PNG pictures decoded beside it */
	GHashTable *page_images; /* the image surfaces drawn on the page being drawn */
	GPtrArray *marks;        /* PdfMark, in book order */
	GHashTable *said_once;   /* problems reported once whatever the pass: "path\nwhat" */
	double text_width, text_height;
	gboolean drawing; /* the second pass: draw, not just count */
	int body_pages;
	unsigned unnamed_headings; /* headings without an id, numbered in each pass */
	int chapter_notes;         /* notes numbered so far in the chapter being set */
	GHashTable *shapes;        /* "font\ntext" -> ShapedText: each word shaped once */
	GHashTable *words;         /* a token's word in its font -> its pieces (paragraph.c) */
	GHashTable *digit_items;   /* "family\nweight\nsize" -> the PangoItem of its digits */
	struct {
		const char *family; /* the style's string */
		PangoWeight weight;
		double size, ascent, descent;
	} metrics[16];        /* of the fonts and sizes asked so far (paragraph.c) */
	const char *stage;    /* what the pass is doing, for the progress line */
	const char *purpose;  /* set by the caller when the passes serve another end */
	guint pages_set;      /* pages of the site set by this pass */
	PdfLineStats stats;   /* of the drawing pass */
	gint64 build_time;    /* for the colophon */
	const SitePage *page; /* the page being typeset */
	cairo_t *cr;
	cairo_surface_t *surface;
	PdfCanvas *canvas; /* what is drawn on cr: the body on a thread of its own */
	/* Pagination state. */
	gboolean page_open;
	gboolean chapter_page; /* the open page is a chapter's first */
	const char *running_head;
	PangoLayout *head_layout;  /* the running head as set, for the pages after */
	char *head_text;           /* what head_layout holds */
	double y;                  /* used height of the open page's column */
	GPtrArray *page_notes;     /* PdfNote: the open page's notes, each once */
	double notes_height;       /* what they take at the foot of the column */
	GArray *page_list;         /* BookPrintPage: where each page of the reading PDF begins */
	GArray *print_pages;       /* page_list, when this pass records it */
	gboolean reported;         /* the first pass has said what is wrong with the pages */
	gboolean paper;            /* links as a reader of paper needs them (notes, page numbers) */
	GHashTable *dest_pages;    /* destination -> page number, from the pass before (paper) */
	GPtrArray *kept_marks;     /* the marks of earlier passes, whose names dest_pages holds */
	GHashTable *block_pages;   /* pdf_block_key -> the page a block began on, the pass before */
	GHashTable *blocks_placed; /* the same, being found by this pass */
	gboolean page_located;     /* the open page's beginning is recorded */
	/* The order of the file's pages: the body is drawn first, then the
	 * front matter, which the end of the file puts first (tagged.c). */
	char *page_label;       /* the label of the page being drawn, or NULL */
	GPtrArray *page_labels; /* char *: each page's label, in the order drawn */
	guint front_pages;      /* the pages drawn last that come first */
	guint document_kids;    /* elements opened in the document itself */
	guint front_kids;       /* of those, the front matter's (opened last) */
	/* The structure of the reading PDF (tagged.c). */
	gboolean tagged;        /* [pdf] tagged, while the reading PDF is drawn */
	PdfTag *document;       /* the root element of the drawing pass */
	GPtrArray *sections;    /* PdfTag: the open page's Sect and its parent pages', by depth */
	GPtrArray *open_tags;   /* PdfTag: the elements open in cairo, outermost first */
	GPtrArray *figure_alts; /* char *: each Figure's alternative text, in order */
	GPtrArray *link_texts;  /* char *: what each Link says, in the order opened */
	GArray *elements_added; /* ElementAdded: the elements of another language, merged cells */
	guint elements_opened;  /* structure elements opened so far */
	gboolean link_open;     /* a link's words are being drawn in its element */
	gboolean repeating;     /* drawing a table's header again: it belongs to no element */
	gboolean page_has_content; /* something is drawn on the page being drawn (tagged.c) */
	PdfTag *line_leaf;         /* the element whose lines' Span is in use, or NULL (tagged.c) */
	gboolean span_open;        /* that Span is open in cairo (it opens with its first words) */
} PdfWriter;

/* How paragraph.c sets a run of text: the font, the lines and their breaks. */
typedef struct PdfSetting {
	const char *family;    /* NULL: the body font */
	PangoWeight weight;    /* 0: normal */
	double size;           /* points */
	double leading;        /* each line's height, times size */
	double spacing;        /* when > 0, the height is this times the font's own instead */
	PangoAlignment align;  /* of the lines that are not justified */
	gboolean justify;      /* every line but the last as wide as the column */
	gboolean unhyphenated; /* never hyphenated (headings, the contents) */
	/* Code: every space as wide as written, a line's indent kept; lines end
	 * at the text's newlines and, where one is too long, at the last space
	 * that fits (or inside a word wider than the column); never hyphenated. */
	gboolean preformatted;
} PdfSetting;

/* paragraph.c: total-fit (or greedy) line breaking over words shaped once,
 * hyphenated with libhyphen, every line exactly as wide as the column (when
 * justified). Only body text counts in the build's line statistics. */
PdfParagraph *pdf_paragraph_new(PdfWriter *w, const Inlines *in, double width,
                                const PdfSetting *how, int source_line);
/* How wide in would be set as how wants, in points: its widest word (what
 * a column must give it) and its widest line unbroken (what it would
 * take). */
void pdf_paragraph_measure(PdfWriter *w, const Inlines *in, const PdfSetting *how, int source_line,
                           double *widest_word, double *widest_line);
/* The same of text without attributes: a label, a page number, a title. */
PdfParagraph *pdf_paragraph_plain(PdfWriter *w, const char *text, double width,
                                  const PdfSetting *how);
PdfParagraph *pdf_paragraph_ref(PdfParagraph *p);
void pdf_paragraph_unref(PdfParagraph *p);
int pdf_paragraph_lines(const PdfParagraph *p);
/* The line that holds the byte at offset of the paragraph's text. */
int pdf_paragraph_line_of(const PdfParagraph *p, int offset);
/* Height of every line, and the baseline below the line's top. */
double pdf_paragraph_line_height(const PdfParagraph *p);
double pdf_paragraph_baseline(const PdfParagraph *p);
/* Where line's first letter starts and its last ends, in points from the
 * paragraph's left edge. */
double pdf_paragraph_line_start(const PdfParagraph *p, int line);
double pdf_paragraph_line_end(const PdfParagraph *p, int line);
/* Whether line goes on from the line before it: the breaker ended that
 * one, not a newline of the text. */
gboolean pdf_paragraph_line_continues(const PdfParagraph *p, int line);
/* Height of all the lines. */
double pdf_paragraph_height(const PdfParagraph *p);
/* The links of line as rectangles relative to the line's top left corner. */
void pdf_paragraph_line_links(const PdfParagraph *p, int line, GArray *links);
void pdf_paragraph_draw_line(PdfWriter *w, const PdfParagraph *p, int line, double x,
                             double baseline);
/* Draws a label (a page number: one line, no attributes) in the font of how
 * (family, weight, size, alignment within width from x), its top at y;
 * returns where its first letter stands. Its words are shaped once a build,
 * as paragraphs' are, and a number is itemized once a font. */
double pdf_show_label(PdfWriter *w, const char *text, const PdfSetting *how, double x, double y,
                      double width);

/* notes.c: a footnote's note (takes the paragraph); a link's address
 * (written on line) as note number, broken to the column, with a QR code
 * when the style asks. */
PdfNote *pdf_note_new_paragraph(PdfParagraph *paragraph);
PdfNote *pdf_note_new_url(PdfWriter *w, int number, const char *url, gboolean qr, int line);
PdfNote *pdf_note_ref(PdfNote *note);
void pdf_note_unref(gpointer note);
/* A QR code's dark modules, its top left corner at x, y. */
void pdf_draw_qr(PdfCanvas *c, const QRcode *qr, double x, double y, double module);
/* Draws note with its top left corner at x, y, in a Note element of parent
 * (tagged PDF): a footnote's lines as a paragraph's, its links clickable. */
void pdf_note_draw(PdfWriter *w, const PdfNote *note, PdfTag *parent, double x, double y);
/* The address as a reader types it (no mailto:). */
const char *pdf_url_shown(const char *url);

/* setter.c: says, once a file, that a figure's PNG decoded beside the
 * drawing does not decode (not in a pass that says nothing). */
void pdf_say_undecoded(PdfWriter *w, const PdfDecoding *decoding);

/* impose.c: which page (1-based; beyond the book: blank) stands on the
 * left or right half of the front or back of sheet (0-based) of a
 * saddle-stitched book of pages, padded to a multiple of four. */
int pdf_impose_page(int pages, int sheet, gboolean back, gboolean right);
/* Writes the pages of the reading PDF at reading two up, in saddle-stitch
 * order, to path; sets how many sheets that makes. Errors are reported. */
gboolean pdf_impose(const Style *style, const char *reading, const char *path, Diag *diag,
                    guint *sheets);

/* The end of the reading PDF's surface (written through tagged.c's stream
 * into file): finished, checked, renamed into place (or removed, reported);
 * damaged: the bytes it wrote are not a PDF (an error). */
gboolean pdf_finish_file(cairo_surface_t *surface, OutputFile *file, const char *path, Diag *diag,
                         gboolean damaged);

/* pdf.c: title, author, subject, keywords and the build's date (SOURCE_DATE_EPOCH). */
void pdf_set_metadata(const PdfWriter *w, cairo_surface_t *surface, gint64 build_time);

/* writer.c: ends the page being drawn. */
void pdf_end_page(PdfWriter *w);
/* The label of the page being drawn ("iii", "12"), for cairo and for the
 * end of the file, which puts the pages in order. */
void pdf_page_label(PdfWriter *w, const char *label);

/* writer.c: a warning about the page being set, given once for each what,
 * by the first pass only (the passes after it meet the same pages; the
 * EPUB's process, laying them out for its page list, leaves it to the PDF's). */
void pdf_say_once(PdfWriter *w, int line, const char *name, const char *what, const char *format,
                  ...) G_GNUC_PRINTF(5, 6);

/* writer.c: a character the bundled fonts lack, reported once per page. */
void pdf_report_missing_glyph(PdfWriter *w, gunichar c, int line);

/* picture.c: an image file's bytes as a surface to draw (an image surface,
 * or for SVG a recording of its paths) and its size in pixels; with
 * size_only, a PNG only measured (NULL, no problem). NULL with *problem set
 * to what is wrong when it cannot be shown. */
cairo_surface_t *pdf_picture_decode(const guint8 *data, gsize len, gboolean size_only, int *width,
                                    int *height, const char **problem);
/* How many of the picture's pixels each of surface's stands for, across
 * and down: 1 but for a JPEG, whose own bytes are embedded and whose
 * surface is decoded smaller (a surface of pdf_picture_decode's). */
void pdf_picture_reduction(cairo_surface_t *surface, double *x, double *y);
/* Paints image (a surface of pdf_picture_decode's) at its own size at the
 * origin of the current matrix (see picture.c). */
void pdf_paint_image(PdfWriter *w, cairo_surface_t *image);

/* blocks.c: typesetting (over inlines.c, figures.c, tables.c and setter.c;
 * setter.h). Sets one page of the site and places it on pages (as it goes,
 * for a huge one): chapter is the running head; a chapter's first page
 * opens a new page. */
void pdf_set_page(PdfWriter *w, const SitePage *page, const char *chapter, gboolean chapter_start,
                  gboolean ends_chapter);
/* setter.c */
void pdf_box_free(gpointer box);

/* tagged.c: elements (pdf_tag_new takes a reference to parent). */
PdfTag *pdf_tag_new(const char *name, PdfTag *parent);
PdfTag *pdf_tag_ref(PdfTag *tag);
void pdf_tag_unref(PdfTag *tag);
/* While drawing the tagged reading PDF (else nothing): opens tag and the
 * elements above it, closing the open ones that are not among them. */
void pdf_tags_enter(PdfWriter *w, PdfTag *tag);
void pdf_tags_close(PdfWriter *w);
/* Content of its own (a line, a cell, a label) in a new leaf element under parent. */
void pdf_tags_leaf_begin(PdfWriter *w, PdfTag *parent, const char *name);
/* A table cell's (TH or TD) of colspan columns and rowspan rows. */
void pdf_tags_cell_begin(PdfWriter *w, PdfTag *parent, const char *name, guint colspan,
                         guint rowspan);
void pdf_tags_leaf_end(PdfWriter *w, const char *name);
/* Ends a line's Span left open for the next line (before anything else is drawn). */
void pdf_tags_leaf_close(PdfWriter *w);
/* Words of a line's own are drawn next: its Span opens if it is not open
 * (a line's Span opens with its first words). */
void pdf_tags_line_words(PdfWriter *w);
/* A figure, itself a leaf: opened (end FALSE), then closed. */
void pdf_tags_figure(PdfWriter *w, PdfTag *figure, gboolean end);
/* An icon in a line: a Figure in the line's element, opened, then closed. */
void pdf_tags_inline_figure(PdfWriter *w, const char *alt, gboolean end);
/* Words of another language in a line: a Span in the line's element with
 * its /Lang, opened, then closed. */
void pdf_tags_inline_lang(PdfWriter *w, const char *lang, gboolean end);
/* A link's words in a line: a Link element (cairo's attributes: its area
 * and target; text: what it says) in the line's element, opened, then
 * closed; icons and words of another language stand within it. */
void pdf_tags_inline_link(PdfWriter *w, const char *attributes, const char *text, gboolean end);
/* Opens a link (cairo's attributes) that says text (its words, else its
 * address): in the tagged PDF its annotation's /Contents. */
void pdf_link_begin(PdfWriter *w, const char *attributes, const char *text);
/* link's area, its corner at x, y plus its own offset, as a link of its own
 * (opened and closed; in the tagged PDF a Link element where the drawing
 * stands). */
void pdf_link_area(PdfWriter *w, double x, double y, const PdfLink *link);
/* Frees what link holds. */
void pdf_link_clear(PdfLink *link);
/* cairo's attributes for a link over an area of the page: to an address
 * outside the book (uri, escaped for cairo) or else a destination in it. */
char *pdf_link_attributes(double x, double y, double width, double height, const char *uri,
                          const char *dest);

/* tagged.c: the tagged PDF's file: cairo's bytes, its content streams
 * uncompressed (CAIRO_DEBUG_PDF) and rewritten as they pass (contents.c),
 * and from when capturing is set (the end of the document) held, to be
 * completed. */
#define PDF_TAGGED_BATCH 16384
typedef struct PdfTaggedStream {
	OutputFile *file;
	guint64 offset; /* bytes written */
	gboolean capturing;
	GByteArray *tail;    /* of cairo's end of file, what is not written yet */
	gsize tail_searched; /* of tail, the bytes searched for an object's end */
	/* Of cairo's end of file, a copy of each object the update reads
	 * ("\nN 0 obj\n...\nendobj"), in order; the structure's elements
	 * counted as they pass, and the number among them of each kept. */
	GByteArray *kept;
	guint elements;
	GArray *kept_elements;        /* guint */
	const GArray *elements_added; /* ElementAdded: elements kept for their additions */
	guint next_added;
	guint8 *batch; /* cairo's latest bytes, PDF_TAGGED_BATCH at most */
	gsize batch_len;
	GByteArray *hold;     /* cairo's bytes looked at, not passed on yet */
	gsize scanned;        /* of hold, already searched */
	guint64 received;     /* cairo's bytes so far: its offsets count them */
	gboolean in_stream;   /* hold begins with a content stream's bytes */
	gint64 length_object; /* where cairo writes that stream's length (-1: next), or 0 */
	gsize new_length;     /* the length it now has */
	gboolean damaged;     /* a length could not be told: the file is unusable */
	GArray *shifts;       /* PdfShift: how far cairo's offsets have moved */
	/* While the pages are drawn, cairo's bytes are looked at, rewritten and
	 * written by a thread of their own: cairo hands them over in buffers
	 * (full, in order) and takes empty ones back (a bounded number). */
	GThread *passer;
	GAsyncQueue *full, *empty;
	gint failed;     /* the passer could not write (atomic) */
	gboolean tagged; /* the artifacts are marked (else content is only compressed) */
} PdfTaggedStream;
/* The reading PDF's surface, written through ts (whose fields it sets);
 * its content streams come uncompressed, tagged for the artifacts, and are
 * compressed as they pass. Its bytes are passed on by a second thread
 * until pdf_tagged_capture (not with FOLIO_JOBS=1). */
cairo_surface_t *pdf_tagged_surface(PdfTaggedStream *ts, OutputFile *file, double width_pt,
                                    double height_pt, gboolean tagged);
cairo_status_t pdf_tagged_write(void *closure, const unsigned char *data, unsigned int length);
/* After cairo_surface_finish: cairo's end of file written with its offsets
 * moved as the contents moved them, then an incremental update: the pages
 * in their order (the front matter, drawn last, first), and when tagged
 * the figures' alternative texts, what each link says (/Contents, its
 * annotation read back from the file), the document's language and title
 * display. FALSE, and ts->damaged, when the pages cannot be put in order
 * (the file is then unusable); FALSE alone when only the structure's
 * additions could not be made. */
gboolean pdf_tagged_append(PdfTaggedStream *ts, const PdfWriter *w);
/* From here on (cairo_surface_finish), cairo's end of file is held until
 * pdf_tagged_append: from its last object on, with a copy of the objects
 * before that the update reads. */
void pdf_tagged_capture(PdfTaggedStream *ts, const PdfWriter *w);
void pdf_tagged_stream_clear(PdfTaggedStream *ts);

/* contents.c: a page's content as cairo writes it uncompressed, with each
 * run of drawing outside every element marked as an artifact; NULL when it
 * is not as expected (then left as it is). */
GString *pdf_contents_mark_artifacts(const char *text, gsize len);
/* The bytes compressed for a /FlateDecode stream, or NULL. */
GByteArray *pdf_contents_deflate(const char *data, gsize len);

/* paginate.c: places boxes on pages, drawing them in the second pass; with
 * ends_chapter, they are the last of their chapter. */
void pdf_paginate(PdfWriter *w, GPtrArray *boxes, gboolean ends_chapter);
/* Ends the open page (at a chapter's end, and the book's). */
void pdf_paginate_end(PdfWriter *w);

/* A block of a page of the site, as one number (for block_pages). */
gint64 pdf_block_key(PdfWriter *w, const SitePage *page, unsigned block);

/* setter.c: named destinations: the start of a page, or one of its headings. */
char *pdf_dest_page(PdfWriter *w, const SitePage *page);
char *pdf_dest_anchor(PdfWriter *w, const SitePage *page, const char *id);

/* writer.c. Page geometry: the text column's left edge on a page (recto or verso). */
double pdf_column_left(const PdfWriter *w, gboolean recto);
/* A font of family at size (points), weight and style. */
PangoFontDescription *pdf_font_description(const char *family, double size, PangoWeight weight,
                                           PangoStyle style);
/* A layout of one text in one font, wrapped at width (points) when > 0. */
PangoLayout *pdf_simple_layout(PdfWriter *w, const char *family, double size, PangoWeight weight,
                               const char *text, double width);
/* Draws layout with its top at y, aligned within width from x. */
void pdf_show_at(PdfWriter *w, PangoLayout *layout, double x, double y, PangoAlignment align,
                 double width);
/* n in lower-case Roman numerals (the front pages' numbers). */
void pdf_roman(int n, char *out, gsize size);

#endif
