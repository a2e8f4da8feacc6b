/* Imposition for saddle stitching: the book's pages two up on sheets twice
 * their size, in the order that, printed on both sides and folded in the
 * middle, gives the book back. The pages were drawn as cairo recordings, so
 * they are placed as vectors, text still text. */
#include "pdf_private.h"

#include "../output.h"

int
pdf_impose_page(int pages, int sheet, gboolean back, gboolean right)
{
	int n = (pages + 3) / 4 * 4;
	/* Front: last and first; back: second and second-to-last (1-based). */
	if (!back)
		return right ? 2 * sheet + 1 : n - 2 * sheet;
	return right ? n - 2 * sheet - 1 : 2 * sheet + 2;
}

static void
place(cairo_t *cr, GPtrArray *recorded, int page, double x)
{
	if (page < 1 || page > (int)recorded->len)
		return; /* a blank page that pads the book to a multiple of four */
	cairo_save(cr);
	cairo_translate(cr, x, 0);
	cairo_set_source_surface(cr, g_ptr_array_index(recorded, page - 1), 0, 0);
	cairo_paint(cr);
	cairo_restore(cr);
}

gboolean
pdf_impose(PdfWriter *w, GPtrArray *recorded, const char *path)
{
	double width = w->style.page_width, height = w->style.page_height;
	GByteArray *bytes = g_byte_array_new();
	cairo_surface_t *sheet =
	    cairo_pdf_surface_create_for_stream(pdf_append_bytes, bytes, 2 * width, height);
	cairo_pdf_surface_restrict_to_version(sheet, CAIRO_PDF_VERSION_1_5);
	pdf_set_metadata(w, sheet, w->build_time);
	cairo_t *cr = cairo_create(sheet);
	int pages = (int)recorded->len, sheets = (pages + 3) / 4;
	for (int s = 0; s < sheets; s++) {
		for (int side = 0; side < 2; side++) {
			place(cr, recorded, pdf_impose_page(pages, s, side, FALSE), 0);
			place(cr, recorded, pdf_impose_page(pages, s, side, TRUE), width);
			cairo_show_page(cr);
		}
	}
	cairo_destroy(cr);
	cairo_surface_finish(sheet);
	cairo_status_t status = cairo_surface_status(sheet);
	cairo_surface_destroy(sheet);
	gboolean ok = status == CAIRO_STATUS_SUCCESS;
	if (!ok)
		diag_error(w->diag, path, 0, 0, NULL, "cannot make the print PDF: %s",
		           cairo_status_to_string(status));
	else
		ok = output_write_atomic(path, bytes->data, bytes->len, w->diag);
	g_byte_array_unref(bytes);
	return ok;
}
