/* The reading PDF's pages as lists of drawing operations: typesetting and
 * pagination write each page's list (text as glyphs already placed, in the
 * fonts cairo will use), and a thread of its own draws the lists on cairo's
 * PDF surface in order, one page behind, while the next pages are set. The
 * list's operations are cairo's, so the file is the one cairo would write
 * if they were drawn as they come. Where they are drawn no Pango object is
 * used, but for the box of a glyph no font has (canvas.c). */
#ifndef FOLIO_PDF_CANVAS_H
#define FOLIO_PDF_CANVAS_H

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

typedef struct PdfCanvas PdfCanvas;

/* A canvas drawing on cr (a PDF surface's): on a thread of its own when
 * threaded, else each page when it is shown. */
PdfCanvas *pdf_canvas_new(cairo_t *cr, gboolean threaded);
/* Before the canvas draws: the book's words are in a script other than
 * Latin (Greek), and its spaces are to go with them (see canvas.c). */
void pdf_canvas_spaces_with_words(PdfCanvas *c);
/* Waits until every page shown is drawn; from then on each operation is
 * drawn as it is asked for (and cr may be drawn on directly between them). */
void pdf_canvas_direct(PdfCanvas *c);
/* pdf_canvas_direct, then frees the canvas (cr stays the caller's). */
void pdf_canvas_free(PdfCanvas *c);

void pdf_canvas_save(PdfCanvas *c);
void pdf_canvas_restore(PdfCanvas *c);
void pdf_canvas_rgb(PdfCanvas *c, double r, double g, double b);
void pdf_canvas_rectangle(PdfCanvas *c, double x, double y, double width, double height);
void pdf_canvas_arc(PdfCanvas *c, double x, double y, double radius, double from, double to);
void pdf_canvas_move_to(PdfCanvas *c, double x, double y);
void pdf_canvas_line_to(PdfCanvas *c, double x, double y);
void pdf_canvas_new_sub_path(PdfCanvas *c);
void pdf_canvas_close_path(PdfCanvas *c);
void pdf_canvas_fill(PdfCanvas *c);
void pdf_canvas_stroke(PdfCanvas *c);
void pdf_canvas_line_width(PdfCanvas *c, double width);
/* Dashes of lengths on, off (both 0: a solid line again). */
void pdf_canvas_dash(PdfCanvas *c, double on, double off);
void pdf_canvas_translate(PdfCanvas *c, double x, double y);
void pdf_canvas_scale(PdfCanvas *c, double x, double y);
/* surface as the source at 0,0, painted; cairo keeps a reference. */
void pdf_canvas_paint_surface(PdfCanvas *c, cairo_surface_t *surface);
/* surface drawn through mask (a picture's soft mask), both at the origin. */
void pdf_canvas_mask_surface(PdfCanvas *c, cairo_surface_t *surface, cairo_surface_t *mask);
/* The path filled with surface repeated, shifted by x (a pattern of it,
 * extended by repeating it; the canvas keeps a reference). */
void pdf_canvas_fill_tiled(PdfCanvas *c, cairo_surface_t *surface, double x);
void pdf_canvas_push_group(PdfCanvas *c);
/* The group as the source, painted. */
void pdf_canvas_pop_group_paint(PdfCanvas *c);

/* Text, as pango_cairo_show_glyph_item and pango_cairo_show_layout
 * draw it from the point x, y. */
void pdf_canvas_glyph_item(PdfCanvas *c, const char *text, PangoGlyphItem *item, double x,
                           double y);
void pdf_canvas_layout(PdfCanvas *c, PangoLayout *layout, double x, double y);

void pdf_canvas_tag_begin(PdfCanvas *c, const char *name, const char *attributes);
void pdf_canvas_tag_end(PdfCanvas *c, const char *name);
void pdf_canvas_page_label(PdfCanvas *c, const char *label);
/* A bookmark at depth (0 the outermost, below PDF_CANVAS_OUTLINE_DEPTHS),
 * under the last one a level up. */
enum { PDF_CANVAS_OUTLINE_DEPTHS = 16 };
void pdf_canvas_outline(PdfCanvas *c, int depth, const char *title, const char *link);
void pdf_canvas_show_page(PdfCanvas *c);

#endif
