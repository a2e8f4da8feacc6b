/* Imposition for saddle stitching: the book's pages two up on sheets twice
 * their size, in the order that, printed on both sides and folded in the
 * middle, gives the book back. The pages were drawn as cairo recordings, so
 * they are placed as vectors, text still text. */
#include "writer.h"

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

/* Where the two pages stand on the sheet: the spread centred on it. */
typedef struct {
	double sheet_width, sheet_height;
	double x, y; /* the spread's top left corner */
} SheetLayout;

enum { MARK_MM = 5 }; /* how long a crop mark is */

/* The style's sheet, or the spread's size with room for the marks around
 * it; a sheet too small for the spread grows, with a warning. */
static SheetLayout
sheet_layout(PdfWriter *w, const char *path)
{
	const Style *st = &w->style;
	double spread_w = 2 * st->page_width, spread_h = st->page_height;
	double room = st->crop_marks ? st->bleed + (MARK_MM + 1) * STYLE_MM_TO_PT : 0;
	double need_w = spread_w + 2 * room, need_h = spread_h + 2 * room;
	SheetLayout l = {st->sheet_width > 0 ? st->sheet_width : need_w,
	                 st->sheet_height > 0 ? st->sheet_height : need_h, 0, 0};
	if (l.sheet_width < need_w - 0.01 || l.sheet_height < need_h - 0.01) {
		diag_warning(w->diag, path, 0, 0, "style",
		             "the sheet (%.0f x %.0f mm) cannot hold two pages%s (%.0f x %.0f mm); "
		             "the sheet is made larger",
		             l.sheet_width / STYLE_MM_TO_PT, l.sheet_height / STYLE_MM_TO_PT,
		             st->crop_marks ? " and their marks" : "", need_w / STYLE_MM_TO_PT,
		             need_h / STYLE_MM_TO_PT);
		l.sheet_width = MAX(l.sheet_width, need_w);
		l.sheet_height = MAX(l.sheet_height, need_h);
	}
	l.x = (l.sheet_width - spread_w) / 2;
	l.y = (l.sheet_height - spread_h) / 2;
	return l;
}

/* Crop marks at the spread's outer corners, standing off by the bleed, and
 * fold marks above and below the spine. */
static void
draw_marks(cairo_t *cr, const Style *st, const SheetLayout *l)
{
	double left = l->x, right = l->x + 2 * st->page_width, top = l->y,
	       bottom = l->y + st->page_height, off = st->bleed, len = MARK_MM * STYLE_MM_TO_PT;
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 0.25);
	const double corners[4][2] = {{left, top}, {right, top}, {left, bottom}, {right, bottom}};
	for (int i = 0; i < 4; i++) {
		double x = corners[i][0], y = corners[i][1];
		double sx = x == left ? -1 : 1, sy = y == top ? -1 : 1;
		cairo_move_to(cr, x + sx * off, y);
		cairo_line_to(cr, x + sx * (off + len), y);
		cairo_move_to(cr, x, y + sy * off);
		cairo_line_to(cr, x, y + sy * (off + len));
	}
	cairo_stroke(cr);
	double dashes[] = {2, 1.5};
	cairo_set_dash(cr, dashes, 2, 0);
	double spine = l->x + st->page_width;
	cairo_move_to(cr, spine, top - off);
	cairo_line_to(cr, spine, top - off - len);
	cairo_move_to(cr, spine, bottom + off);
	cairo_line_to(cr, spine, bottom + off + len);
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
}

static void
place(cairo_t *cr, GPtrArray *recorded, int page, double x, double y)
{
	if (page < 1 || page > (int)recorded->len)
		return; /* a blank page that pads the book to a multiple of four */
	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_set_source_surface(cr, g_ptr_array_index(recorded, page - 1), 0, 0);
	cairo_paint(cr);
	cairo_restore(cr);
}

gboolean
pdf_impose(PdfWriter *w, GPtrArray *recorded, const char *path)
{
	double width = w->style.page_width;
	SheetLayout l = sheet_layout(w, path);
	OutputFile *file = output_file_open(path, w->diag);
	if (!file)
		return FALSE;
	cairo_surface_t *sheet = cairo_pdf_surface_create_for_stream(pdf_write_to_file, file,
	                                                             l.sheet_width, l.sheet_height);
	cairo_pdf_surface_restrict_to_version(sheet, CAIRO_PDF_VERSION_1_5);
	pdf_set_metadata(w, sheet, w->build_time);
	cairo_t *cr = cairo_create(sheet);
	int pages = (int)recorded->len, sheets = (pages + 3) / 4;
	for (int s = 0; s < sheets; s++) {
		for (int side = 0; side < 2; side++) {
			place(cr, recorded, pdf_impose_page(pages, s, side, FALSE), l.x, l.y);
			place(cr, recorded, pdf_impose_page(pages, s, side, TRUE), l.x + width,
			      l.y);
			if (w->style.crop_marks)
				draw_marks(cr, &w->style, &l);
			cairo_show_page(cr);
		}
	}
	cairo_destroy(cr);
	return pdf_finish_file(sheet, file, path, w->diag);
}
