/* What every part of the PDF writer uses: page geometry, the file and its
 * metadata, images and the end of a page, fonts and the diagnostics said
 * once. */
#include "writer.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

gint64
pdf_block_key(PdfWriter *w, const SitePage *page, unsigned block)
{
	return (gint64)GPOINTER_TO_UINT(g_hash_table_lookup(w->page_index, page)) << 32 | block;
}

PangoFontDescription *
pdf_font_description(const char *family, double size, PangoWeight weight, PangoStyle style)
{
	PangoFontDescription *desc = pango_font_description_new();
	pango_font_description_set_family(desc, family);
	pango_font_description_set_size(desc, (int)(size * PANGO_SCALE));
	pango_font_description_set_weight(desc, weight);
	pango_font_description_set_style(desc, style);
	return desc;
}

void
pdf_say_once(PdfWriter *w, int line, const char *name, const char *what, const char *format, ...)
{
	if (w->reported) /* the first pass said it, or another process does */
		return;
	g_autofree char *key = g_strdup_printf("%s\n%s", w->page->path, what);
	if (g_hash_table_contains(w->said_once, key))
		return;
	g_hash_table_add(w->said_once, g_steal_pointer(&key));
	va_list args;
	va_start(args, format);
	g_autofree char *message = g_strdup_vprintf(format, args);
	va_end(args);
	diag_warning(w->diag, w->page->path, line, 0, name, "%s", message);
}

/* Characters that cannot be drawn: reported once per page and character,
 * in the first pass. */
void
pdf_report_missing_glyph(PdfWriter *w, gunichar c, int line)
{
	char utf8[8] = {0};
	g_unichar_to_utf8(c, utf8);
	g_autofree char *what = g_strdup_printf("glyph\n%u", c);
	pdf_say_once(w, line, "missing-glyph", what,
	             "the bundled fonts cannot draw '%s' (U+%04X); it prints as a box", utf8, c);
}

double
pdf_column_left(const PdfWriter *w, gboolean recto)
{
	return recto ? w->style.margin_inner : w->style.margin_outer;
}

PangoLayout *
pdf_simple_layout(PdfWriter *w, const char *family, double size, PangoWeight weight,
                  const char *text, double width)
{
	PangoLayout *layout = pango_layout_new(w->pango);
	PangoFontDescription *desc = pdf_font_description(family, size, weight, PANGO_STYLE_NORMAL);
	pango_layout_set_font_description(layout, desc);
	pango_font_description_free(desc);
	if (width > 0) {
		pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_text(layout, text, -1);
	return layout;
}

void
pdf_show_at(PdfWriter *w, PangoLayout *layout, double x, double y, PangoAlignment align,
            double width)
{
	int lw, lh;
	pango_layout_get_size(layout, &lw, &lh);
	double tx = x;
	if (align == PANGO_ALIGN_RIGHT)
		tx = x + width - lw / (double)PANGO_SCALE;
	else if (align == PANGO_ALIGN_CENTER)
		tx = x + (width - lw / (double)PANGO_SCALE) / 2;
	pdf_canvas_layout(w->canvas, layout, tx, y);
}

void
pdf_roman(int n, char *out, gsize size)
{
	static const struct {
		int value;
		const char *digits;
	} table[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"},
	             {90, "xc"},  {50, "l"},   {40, "xl"}, {10, "x"},   {9, "ix"},
	             {5, "v"},    {4, "iv"},   {1, "i"}};
	out[0] = '\0';
	for (gsize i = 0; i < G_N_ELEMENTS(table); i++)
		while (n >= table[i].value) {
			g_strlcat(out, table[i].digits, size);
			n -= table[i].value;
		}
}

gboolean
pdf_finish_file(cairo_surface_t *surface, OutputFile *file, const char *path, Diag *diag,
                gboolean damaged)
{
	cairo_surface_finish(surface);
	cairo_status_t status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	/* A write that failed is the file's to report; any other trouble is cairo's. */
	gboolean drawn = status == CAIRO_STATUS_SUCCESS || status == CAIRO_STATUS_WRITE_ERROR;
	if (!drawn)
		diag_error(diag, path, 0, 0, NULL, "cannot make the PDF: %s",
		           cairo_status_to_string(status));
	else if (damaged)
		diag_error(diag, path, 0, 0, NULL,
		           "cannot make the PDF: cairo's file is not as folio expects (its "
		           "content streams, pictures, page tree or structure)");
	drawn = drawn && !damaged;
	return output_file_finish(file, drawn, diag);
}

void
pdf_set_metadata(const PdfWriter *w, cairo_surface_t *s, gint64 build_time)
{
	const Site *site = w->site;
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, site->title);
	if (site->author || site->publisher)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR,
		                               site->author ? site->author : site->publisher);
	if (site->description)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, site->description);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "folio " FOLIO_VERSION);
	if (site->edition) {
		g_autofree char *keywords = g_strdup_printf("edition %s", site->edition);
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, keywords);
	}
	g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc(build_time);
	g_autofree char *date = g_date_time_format(when, "%Y-%m-%dT%H:%M:%SZ");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
}

void
pdf_end_page(PdfWriter *w)
{
	if (w->page_images)
		g_hash_table_remove_all(w->page_images);
	pdf_tags_leaf_close(w);
	pdf_canvas_show_page(w->canvas);
	w->page_has_content = FALSE;
	if (w->page_labels)
		g_ptr_array_add(w->page_labels, g_steal_pointer(&w->page_label));
}

void
pdf_page_label(PdfWriter *w, const char *label)
{
	pdf_canvas_page_label(w->canvas, label);
	g_free(w->page_label);
	w->page_label = g_strdup(label);
}
