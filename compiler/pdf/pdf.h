/* pdf: the book as a print-ready PDF, typeset with Pango on a cairo PDF
 * surface: cover, contents with page numbers, every page of the book in
 * navigation order with running heads, bookmarks and working links. */
#ifndef FOLIO_PDF_H
#define FOLIO_PDF_H

#include "../book.h"
#include "style.h"

/* How the paragraphs' lines came out, for the build's report. */
typedef struct PdfLineStats {
	guint lines, loose, hyphens, overfull;
	guint hyphens_in_a_row;            /* the most hyphenated line ends in a row */
	double stretch_sum, stretch_worst; /* spaces as multiples of their natural width */
	guint stretched_lines;
	guint pages;
	guint sheets;           /* of the print PDF */
	guint passes;           /* over the book: 1, or on paper until its pages settle */
	gboolean written;       /* the reading PDF */
	gboolean print_written; /* the print PDF (never tried when the reading one failed) */
} PdfLineStats;

/* Writes the PDF of book to path (atomically) in style (see style_load), and
 * when print_path is given the print PDF:
 * the same pages two up in saddle-stitch order. FALSE when they could not
 * be made; the reason has been reported. stats (may be NULL) receives the
 * line statistics, page_list (may be NULL) where each page of the reading
 * PDF begins (BookPrintPage), once they are laid out, whether or not the
 * file could be written (NULL when the fonts could not be read); then, if
 * given, pages_known(data) is called at once, before the file is finished
 * and the sheets imposed. */
gboolean pdf_write(Book *book, const char *path, const char *print_path, const Style *style,
                   gint64 build_time, PdfLineStats *stats, GArray **page_list,
                   void (*pages_known)(gpointer data), gpointer data);

/* Paginates book as pdf_write would, without drawing, and returns where
 * each page begins (BookPrintPage): the EPUB's page list when the PDF is not
 * made in the same process. With report, says what only layout finds
 * (characters the fonts lack, images too small for print). NULL when the
 * fonts cannot be read (reported). */
GArray *pdf_locate_pages(Book *book, const Style *style, gboolean report);

/* Has the text of the SVG images decoded in this process set in the bundled
 * fonts, as the PDF's writer does for its own (for the EPUB's PNGs of
 * them, when no PDF writer ran here before). */
void pdf_lend_fonts_to_images(void);

/* What every layout of the book needs and no page changes, read once for
 * this process and the helpers forked after it: the bundled fonts and the
 * hyphenation patterns, a fifth of a small book's EPUB. They are read in
 * threads of their own while the site is read and its book made: the fonts
 * from the start (pdf_prepare_start), the patterns once the site's language
 * is known (pdf_prepare_language); pdf_prepare_wait waits for both, before
 * any layout and before a helper is forked. */
typedef struct PdfPreparing PdfPreparing;
PdfPreparing *pdf_prepare_start(void);
void pdf_prepare_language(PdfPreparing *preparing, const char *lang, gboolean hyphenate);
void pdf_prepare_wait(PdfPreparing *preparing);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PdfPreparing, pdf_prepare_wait)

/* Whether the page list can be laid out in parts, chapter by chapter (on
 * paper it cannot: links print the pages of chapters after them). */
gboolean pdf_locates_in_parts(const Style *style);
/* The page list of the top chapters [first, end) alone, their body pages
 * numbered from 1, and how many body pages they took (*pages, unless NULL). */
GArray *pdf_locate_chapters(Book *book, const Style *style, guint first, guint end, int *pages);
/* Appends to first (a part of first_pages body pages) the part after it,
 * renumbered: together, the page list of both parts laid out as one. */
void pdf_locate_join(GArray *first, int first_pages, const GArray *second, const Style *style);

#endif
