/* cairo-probe TEXT IMAGES PNG OUT.pdf: what cairo alone needs to write the
 * pages folio wrote, for make bench. TEXT is pdftotext's text of folio's
 * PDF (pages split by form feeds), IMAGES the page numbers that hold a
 * screenshot, one a line (from pdfimages -list), PNG the screenshot. Every
 * line of every page is shaped first, untimed; then the pages are drawn,
 * each line one glyph run at its place, each screenshot where its page has
 * one, into a PDF on A5 pages. Prints the seconds the drawing took and the
 * pages drawn. */
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	PangoFont *font;
	PangoGlyphString *glyphs;
} Run;

int
main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: cairo-probe TEXT IMAGES PNG OUT.pdf\n");
		return 2;
	}
	char *text = NULL, *images = NULL;
	if (!g_file_get_contents(argv[1], &text, NULL, NULL) ||
	    !g_file_get_contents(argv[2], &images, NULL, NULL)) {
		fprintf(stderr, "cairo-probe: cannot read %s or %s\n", argv[1], argv[2]);
		return 1;
	}
	const double width = 419.53, height = 595.28, left = 54, top = 50, step = 13.2;
	PangoFontMap *map = pango_cairo_font_map_get_default();
	PangoContext *context = pango_font_map_create_context(map);
	PangoFontDescription *desc = pango_font_description_from_string("Noto Serif 9.5");
	pango_context_set_font_description(context, desc);

	/* Shaped before the clock starts: pages of runs. */
	char **pages = g_strsplit(text, "\f", -1);
	guint npages = g_strv_length(pages);
	if (npages && !*g_strstrip(pages[npages - 1]))
		npages--;
	GPtrArray **page_runs = g_new0(GPtrArray *, npages);
	for (guint p = 0; p < npages; p++) {
		page_runs[p] = g_ptr_array_new();
		char **lines = g_strsplit(pages[p], "\n", -1);
		for (char **l = lines; *l; l++) {
			if (!**l)
				continue;
			GList *items = pango_itemize(context, *l, 0, (int)strlen(*l), NULL, NULL);
			for (GList *i = items; i; i = i->next) {
				PangoItem *item = i->data;
				Run *run = g_new0(Run, 1);
				run->font = g_object_ref(item->analysis.font);
				run->glyphs = pango_glyph_string_new();
				pango_shape(*l + item->offset, item->length, &item->analysis,
				            run->glyphs);
				g_ptr_array_add(page_runs[p], run);
				pango_item_free(item);
			}
			g_list_free(items);
			g_ptr_array_add(page_runs[p], NULL); /* the line's end */
		}
		g_strfreev(lines);
	}
	gboolean *has_image = g_new0(gboolean, npages + 1);
	char **numbers = g_strsplit(images, "\n", -1);
	for (char **n = numbers; *n; n++) {
		long page = strtol(*n, NULL, 10);
		if (page >= 1 && page <= (long)npages)
			has_image[page - 1] = TRUE;
	}
	cairo_surface_t *png = cairo_image_surface_create_from_png(argv[3]);

	gint64 start = g_get_monotonic_time();
	cairo_surface_t *surface = cairo_pdf_surface_create(argv[4], width, height);
	cairo_t *cr = cairo_create(surface);
	for (guint p = 0; p < npages; p++) {
		double y = top, x = left;
		if (has_image[p] && cairo_surface_status(png) == CAIRO_STATUS_SUCCESS) {
			double scale = (width - 2 * left) / cairo_image_surface_get_width(png);
			cairo_save(cr);
			cairo_translate(cr, left, height / 2);
			cairo_scale(cr, scale, scale);
			cairo_set_source_surface(cr, png, 0, 0);
			cairo_paint(cr);
			cairo_restore(cr);
		}
		for (guint r = 0; r < page_runs[p]->len; r++) {
			Run *run = g_ptr_array_index(page_runs[p], r);
			if (!run) {
				y += step;
				x = left;
				continue;
			}
			cairo_move_to(cr, x, y);
			pango_cairo_show_glyph_string(cr, run->font, run->glyphs);
			x += pango_glyph_string_get_width(run->glyphs) / (double)PANGO_SCALE;
		}
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	cairo_surface_destroy(surface);
	printf("%.3f %u\n", (g_get_monotonic_time() - start) / 1e6, npages);
	return 0;
}
