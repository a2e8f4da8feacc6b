#define _GNU_SOURCE /* memmem */
#include "diag.h"
#include "pdf/canvas.h"
#include "pdf/fonts.h"
#include "testutil.h"

/* The canvas writes the pages down and draws them elsewhere, later; the PDF
 * must be the one cairo and Pango write when the same is drawn at once:
 * the same bytes, with the drawing on a thread of its own or not. */

typedef struct {
	PangoFontMap *map;
	PangoContext *context;
} Fonts;

static void
fonts_set_up(Fonts *f)
{
	Diag diag;
	diag_init(&diag, stderr);
	f->map = fonts_map_new("fonts", &diag); /* the tests run from the top of the repository */
	g_assert_nonnull(f->map);
	diag_clear(&diag);
	f->context = fonts_context_new(f->map, "el");
}

static void
fonts_tear_down(Fonts *f)
{
	g_object_unref(f->context);
	g_object_unref(f->map);
}

static cairo_status_t
append(void *closure, const unsigned char *data, unsigned int length)
{
	g_byte_array_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

/* A PDF surface writing into bytes, its dates fixed. */
static cairo_surface_t *
surface_into(GByteArray *bytes)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(append, bytes, 300, 400);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2026-09-01T00:00:00Z");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, "2026-09-01T00:00:00Z");
	return s;
}

static PangoLayout *
layout_of(Fonts *f, const char *markup, int width)
{
	PangoLayout *layout = pango_layout_new(f->context);
	PangoFontDescription *desc = pango_font_description_from_string("Noto Serif 9.5");
	pango_layout_set_font_description(layout, desc);
	pango_font_description_free(desc);
	pango_layout_set_width(layout, width * PANGO_SCALE);
	pango_layout_set_markup(layout, markup, -1);
	return layout;
}

/* What is drawn: text of every kind Pango's renderer draws (colours,
 * underlines, strikes, backgrounds, raised text, a glyph no font has, a
 * ligature, clusters of several characters, Hebrew), one glyph item,
 * shapes, an image twice, a tiled fill (the contents' leaders), tags,
 * bookmarks and labels, on pages enough that the drawing thread runs
 * behind. At once on cr, or on the canvas. */
static void
draw(Fonts *f, cairo_t *cr, PdfCanvas *c, cairo_surface_t *image, cairo_surface_t *tile)
{
	static const char *const markups[] = {
	    "Καλημέρα, <span foreground='#aa2200'>κόσμε</span> office fi",
	    "<u>υπογραμμισμένο</u> και <s>διαγραμμένο</s> <span background='#eeeeee'>tint</span>",
	    "x<span rise='3000' size='smaller'>2</span> \xee\x80\x80 \xf0\x9f\x98\x80 end",
	    /* A combining accent, a zero-width space, text from right to left. */
	    "\xce\xb5\xcc\x81\xce\xb9 a\xe2\x80\x8b"
	    "b \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d 12",
	    ("Μια μακριά παράγραφος που αναδιπλώνεται σε περισσότερες γραμμές από μία, "
	     "με αρκετές λέξεις ώστε να χρειαστούν τρεις."),
	};
	for (int page = 0; page < 9; page++) {
		char label[8];
		g_snprintf(label, sizeof label, "%d", page + 1);
		if (c)
			pdf_canvas_page_label(c, label);
		else
			cairo_pdf_surface_set_page_label(cairo_get_target(cr), label);
		g_autofree char *dest = g_strdup_printf("name='p%d' x=10 y=10", page);
		g_autofree char *to = g_strdup_printf("dest='p%d'", page);
		if (c) {
			pdf_canvas_tag_begin(c, CAIRO_TAG_DEST, dest);
			pdf_canvas_tag_end(c, CAIRO_TAG_DEST);
			pdf_canvas_outline(c, page % 2, label, to);
			pdf_canvas_tag_begin(c, "P", NULL);
			pdf_canvas_rgb(c, 0.1, 0.2, 0.3);
		} else {
			cairo_tag_begin(cr, CAIRO_TAG_DEST, dest);
			cairo_tag_end(cr, CAIRO_TAG_DEST);
			static int outline[2];
			outline[page % 2] = cairo_pdf_surface_add_outline(
			    cairo_get_target(cr), page % 2 ? outline[0] : CAIRO_PDF_OUTLINE_ROOT,
			    label, to, 0);
			cairo_tag_begin(cr, "P", NULL);
			cairo_set_source_rgb(cr, 0.1, 0.2, 0.3);
		}
		double y = 20;
		for (guint m = 0; m < G_N_ELEMENTS(markups); m++) {
			g_autoptr(PangoLayout) layout = layout_of(f, markups[m], 200 + page);
			double x = 20.3 + page * 0.37;
			if (c)
				pdf_canvas_layout(c, layout, x, y);
			else {
				cairo_move_to(cr, x, y);
				pango_cairo_show_layout(cr, layout);
			}
			int lw, lh;
			pango_layout_get_size(layout, &lw, &lh);
			y += lh / (double)PANGO_SCALE + 4.1;
			PangoLayoutLine *line = pango_layout_get_line_readonly(layout, 0);
			/* A glyph item of the line's first run. */
			PangoGlyphItem *run = line->runs->data;
			if (c)
				pdf_canvas_glyph_item(c, pango_layout_get_text(layout), run, x,
				                      y + 10);
			else {
				cairo_move_to(cr, x, y + 10);
				pango_cairo_show_glyph_item(cr, pango_layout_get_text(layout), run);
			}
			y += 14;
		}
		if (c) {
			pdf_canvas_tag_end(c, "P");
			pdf_canvas_save(c);
			pdf_canvas_translate(c, 30, 330);
			pdf_canvas_scale(c, 0.5, 0.5);
			pdf_canvas_paint_surface(c, image);
			pdf_canvas_push_group(c);
			pdf_canvas_paint_surface(c, image);
			pdf_canvas_pop_group_paint(c);
			pdf_canvas_restore(c);
			pdf_canvas_dash(c, 3, 2);
			pdf_canvas_line_width(c, 0.6);
			pdf_canvas_rectangle(c, 100, 330, 50, 30);
			pdf_canvas_stroke(c);
			pdf_canvas_dash(c, 0, 0);
			pdf_canvas_new_sub_path(c);
			pdf_canvas_arc(c, 200, 350, 10, 0, G_PI);
			pdf_canvas_move_to(c, 220, 350);
			pdf_canvas_line_to(c, 240, 360);
			pdf_canvas_close_path(c);
			pdf_canvas_fill(c);
			pdf_canvas_rectangle(c, 20, 370, 200, 1);
			pdf_canvas_fill_tiled(c, tile, -20);
			pdf_canvas_show_page(c);
		} else {
			cairo_tag_end(cr, "P");
			cairo_save(cr);
			cairo_translate(cr, 30, 330);
			cairo_scale(cr, 0.5, 0.5);
			cairo_set_source_surface(cr, image, 0, 0);
			cairo_paint(cr);
			cairo_push_group(cr);
			cairo_set_source_surface(cr, image, 0, 0);
			cairo_paint(cr);
			cairo_pop_group_to_source(cr);
			cairo_paint(cr);
			cairo_restore(cr);
			cairo_set_dash(cr, (double[]){3, 2}, 2, 0);
			cairo_set_line_width(cr, 0.6);
			cairo_rectangle(cr, 100, 330, 50, 30);
			cairo_stroke(cr);
			cairo_set_dash(cr, NULL, 0, 0);
			cairo_new_sub_path(cr);
			cairo_arc(cr, 200, 350, 10, 0, G_PI);
			cairo_move_to(cr, 220, 350);
			cairo_line_to(cr, 240, 360);
			cairo_close_path(cr);
			cairo_fill(cr);
			cairo_rectangle(cr, 20, 370, 200, 1);
			cairo_pattern_t *pattern = cairo_pattern_create_for_surface(tile);
			cairo_pattern_set_extend(pattern, CAIRO_EXTEND_REPEAT);
			cairo_matrix_t at;
			cairo_matrix_init_translate(&at, -20, 0);
			cairo_pattern_set_matrix(pattern, &at);
			cairo_set_source(cr, pattern);
			cairo_fill(cr);
			cairo_pattern_destroy(pattern);
			cairo_show_page(cr);
		}
	}
}

static GByteArray *
drawn(Fonts *f, gboolean canvas, gboolean threaded)
{
	GByteArray *bytes = g_byte_array_new();
	cairo_surface_t *s = surface_into(bytes);
	cairo_t *cr = cairo_create(s);
	cairo_surface_t *image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 8, 6);
	cairo_t *ic = cairo_create(image);
	cairo_set_source_rgb(ic, 0.2, 0.6, 0.4);
	cairo_paint(ic);
	cairo_destroy(ic);
	cairo_rectangle_t strip = {0, 0, 4, 400};
	cairo_surface_t *tile = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &strip);
	cairo_t *tc = cairo_create(tile);
	cairo_rectangle(tc, 0, 370, 0.8, 0.8);
	cairo_fill(tc);
	cairo_destroy(tc);
	PdfCanvas *c = canvas ? pdf_canvas_new(cr, threaded) : NULL;
	draw(f, cr, c, image, tile);
	if (c) {
		/* After the pages, drawing goes on at once, on the canvas and on cr. */
		pdf_canvas_direct(c);
		pdf_canvas_rgb(c, 0, 0, 0);
	} else {
		cairo_set_source_rgb(cr, 0, 0, 0);
	}
	cairo_rectangle(cr, 10, 10, 5, 5);
	cairo_fill(cr);
	cairo_show_page(cr);
	pdf_canvas_free(c);
	cairo_surface_destroy(tile);
	cairo_surface_destroy(image);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	return bytes;
}

static void
same_bytes(GByteArray *a, GByteArray *b)
{
	g_assert_cmpuint(a->len, >, 1000);
	gsize at = 0;
	while (at < a->len && at < b->len && a->data[at] == b->data[at])
		at++;
	if ((at < a->len || at < b->len) && g_getenv("CANVAS_DUMP")) {
		g_file_set_contents("/tmp/canvas-a.pdf", (char *)a->data, a->len, NULL);
		g_file_set_contents("/tmp/canvas-b.pdf", (char *)b->data, b->len, NULL);
	}
	if (at < a->len || at < b->len)
		g_error("the PDFs differ from byte %" G_GSIZE_FORMAT " (%u and %u bytes)", at,
		        a->len, b->len);
}

static void
test_as_drawn_at_once(void)
{
	Fonts f;
	fonts_set_up(&f);
	g_autoptr(GByteArray) direct = drawn(&f, FALSE, FALSE);
	g_autoptr(GByteArray) inline_pages = drawn(&f, TRUE, FALSE);
	g_autoptr(GByteArray) threaded = drawn(&f, TRUE, TRUE);
	same_bytes(direct, inline_pages);
	same_bytes(direct, threaded);
	/* What was drawn is there: nine pages and a tenth. */
	g_assert_nonnull(memmem(direct->data, direct->len, "/Count 10", 9));
	fonts_tear_down(&f);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/canvas/as-drawn-at-once", test_as_drawn_at_once);
	return g_test_run();
}
