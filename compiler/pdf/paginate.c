/* Pagination: boxes go onto pages in order. A run of boxes tied by
 * keep_with_next (a heading and the lines after it, the first and last two
 * lines of a paragraph, a lead-in line and its screenshot) moves to the next
 * page whole when it does not fit, unless it could not fit on any page. In
 * the second pass every placed box is drawn, and each body page's frame
 * (running head, page number). */
#include "writer.h"

#include "../text/greek.h"

#include <string.h>

static void
draw_task_box(PdfCanvas *canvas, double x, double baseline, double size, gboolean done)
{
	double side = size * 0.75;
	pdf_canvas_rectangle(canvas, x, baseline - side, side, side);
	pdf_canvas_line_width(canvas, 0.6);
	pdf_canvas_stroke(canvas);
	if (done) {
		pdf_canvas_move_to(canvas, x + side * 0.18, baseline - side * 0.5);
		pdf_canvas_line_to(canvas, x + side * 0.42, baseline - side * 0.2);
		pdf_canvas_line_to(canvas, x + side * 0.85, baseline - side * 0.85);
		pdf_canvas_line_width(canvas, 1.0);
		pdf_canvas_stroke(canvas);
	}
}

static void
set_color(PdfCanvas *canvas, const StyleColor *c)
{
	pdf_canvas_rgb(canvas, c->r, c->g, c->b);
}

/* The frame of something that cannot be shown. */
static void
dashed_frame(PdfCanvas *canvas, const Style *st, double x, double y, double width, double height)
{
	pdf_canvas_rectangle(canvas, x + 0.5, y + 0.5, width - 1, height - 1);
	pdf_canvas_dash(canvas, 3, 2);
	pdf_canvas_line_width(canvas, 0.6);
	set_color(canvas, &st->rule);
	pdf_canvas_stroke(canvas);
	pdf_canvas_dash(canvas, 0, 0);
}

/* A figure whose PNG, whole to look at, turned out not to decode when it
 * was drawn: said, and its description framed in the room it was given. */
static void
undecoded_figure(PdfWriter *w, const Box *box, PdfTag *tag, double x, double y)
{
	pdf_say_undecoded(w, box->decoding);
	const char *file, *problem;
	int line, col;
	pdf_decoding_where(box->decoding, &file, &line, &col, &problem);
	const Style *st = &w->style;
	dashed_frame(w->canvas, st, x, y, box->width, box->height);
	const char *alt = box->tag && box->tag->alt ? box->tag->alt : "";
	g_autofree char *label = g_strdup_printf("%s\n%s", alt, file);
	g_autoptr(PangoLayout) layout = pdf_simple_layout(
	    w, st->font_heading, st->size_small, PANGO_WEIGHT_NORMAL, label, box->width - 16);
	pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
	int lw, lh;
	pango_layout_get_size(layout, &lw, &lh);
	pdf_tags_figure(w, tag, FALSE);
	set_color(w->canvas, &st->text);
	pdf_canvas_layout(w->canvas, layout, x + 8,
	                  y + (box->height - lh / (double)PANGO_SCALE) / 2);
	pdf_tags_figure(w, tag, TRUE);
}

static void
draw_box(PdfWriter *w, Box *box, double left, double top)
{
	PdfCanvas *canvas = w->canvas;
	const Style *st = &w->style;
	double x = left + box->x, y = top;
	/* The box's content in its element; what is drawn around it (tints,
	 * bars, frames, rules) belongs to none. A repeated header too. */
	PdfTag *tag = w->repeating ? NULL : box->tag;
	if (box->code_background || box->callout || box->bars || !tag || box->kind != BOX_LINE)
		pdf_tags_leaf_close(w);

	if (box->code_background) {
		pdf_canvas_rectangle(canvas, left + box->code_x, y, box->code_width, box->height);
		set_color(canvas, &st->code_background);
		pdf_canvas_fill(canvas);
	}
	if (box->callout) {
		const double *c = box->callout_rgb;
		double tint[3], title[3];
		site_callout_shades(c, tint, title);
		pdf_canvas_rectangle(canvas, left + box->callout_x, y, box->callout_width,
		                     box->height);
		pdf_canvas_rgb(canvas, tint[0], tint[1], tint[2]);
		pdf_canvas_fill(canvas);
		pdf_canvas_rectangle(canvas, left + box->callout_x, y, 2.4, box->height);
		pdf_canvas_rgb(canvas, c[0], c[1], c[2]);
		pdf_canvas_fill(canvas);
	}
	for (int i = 0; i < box->bars; i++) {
		pdf_canvas_rectangle(canvas, left + box->bar_x[i], y, 1.6, box->height);
		set_color(canvas, &st->quote_bar);
		pdf_canvas_fill(canvas);
	}
	switch (box->kind) {
	case BOX_LINE: {
		/* The list marker first, so that extracted text reads "1. item". */
		if (box->marker) {
			if (tag && box->item_tag)
				pdf_tags_leaf_begin(w, box->item_tag, "Lbl");
			set_color(canvas, &st->text);
			PangoRectangle ink, logical;
			pango_layout_get_extents(box->marker, &ink, &logical);
			double mw = logical.width / (double)PANGO_SCALE;
			double mb = pango_layout_get_baseline(box->marker) / (double)PANGO_SCALE;
			pdf_canvas_layout(canvas, box->marker, x - 4 - mw, y + box->baseline - mb);
			if (tag && box->item_tag)
				pdf_tags_leaf_end(w, "Lbl");
		}
		if (tag)
			pdf_tags_leaf_begin(w, tag, "Span");
		set_color(canvas, box->color ? box->color : &st->text);
		if (box->callout_title) {
			double tint[3], title[3];
			site_callout_shades(box->callout_rgb, tint, title);
			pdf_canvas_rgb(canvas, title[0], title[1], title[2]);
		}
		pdf_paragraph_draw_line(w, box->paragraph, box->line, x, y + box->baseline);
		if (tag)
			pdf_tags_leaf_end(w, "Span");
		/* A paragraph's lines run on in one Span (the line breaker writes
		 * the space each line breaks at); a line of code ends its own. */
		if (box->code_background || box->task)
			pdf_tags_leaf_close(w);
		if (box->continued) {
			/* A hooked arrow in the gutter: this line goes on from the one above. */
			double ax = left + box->code_x + 3, ay = y + box->baseline - 2.2;
			set_color(canvas, &st->rule);
			pdf_canvas_line_width(canvas, 0.6);
			pdf_canvas_move_to(canvas, ax, ay - 2.5);
			pdf_canvas_line_to(canvas, ax, ay);
			pdf_canvas_line_to(canvas, ax + 4, ay);
			pdf_canvas_stroke(canvas);
			pdf_canvas_move_to(canvas, ax + 2.6, ay - 1.3);
			pdf_canvas_line_to(canvas, ax + 4, ay);
			pdf_canvas_line_to(canvas, ax + 2.6, ay + 1.3);
			pdf_canvas_stroke(canvas);
		}
		set_color(canvas, &st->text);
		if (box->task)
			draw_task_box(canvas, x - 11, y + box->baseline, st->size_body,
			              box->task == 2);
		break;
	}
	case BOX_IMAGE: {
		if (!box->image && box->decoding) {
			box->image = pdf_decoding_surface(box->decoding);
			if (!box->image) {
				undecoded_figure(w, box, tag, x, y);
				break;
			}
		}
		if (!box->image) {
			/* Measured in the first pass, but it does not decode: a frame
			 * of the same size keeps the pages as they were counted. */
			dashed_frame(canvas, st, x, y, box->width, box->height);
			break;
		}
		int pw = MAX(1, box->image_px_width), ph = MAX(1, box->image_px_height);
		double ix = x + (box->width - box->image_width) / 2;
		pdf_tags_figure(w, tag, FALSE);
		pdf_canvas_save(canvas);
		pdf_canvas_translate(canvas, ix, y);
		pdf_canvas_scale(canvas, box->image_width / pw, box->image_height / ph);
		pdf_paint_image(w, box->image);
		pdf_canvas_restore(canvas);
		pdf_tags_figure(w, tag, TRUE);
		/* A hairline frame: screenshots are mostly white. */
		pdf_canvas_rectangle(canvas, ix, y, box->image_width, box->image_height);
		set_color(canvas, &st->rule);
		pdf_canvas_line_width(canvas, 0.4);
		pdf_canvas_stroke(canvas);
		break;
	}
	case BOX_PLACEHOLDER: {
		dashed_frame(canvas, st, x, y, box->width, box->height);
		pdf_tags_figure(w, tag, FALSE);
		if (box->qr) {
			double side = box->qr->width * st->qr_module;
			set_color(canvas, &st->text);
			pdf_draw_qr(canvas, box->qr, x + box->width - 6 - side,
			            y + (box->height - side) / 2, st->qr_module);
		}
		int lw, lh;
		pango_layout_get_size(box->layout, &lw, &lh);
		set_color(canvas, &st->text);
		pdf_canvas_layout(canvas, box->layout, x + 8,
		                  y + (box->height - lh / (double)PANGO_SCALE) / 2);
		pdf_tags_figure(w, tag, TRUE);
		break;
	}
	case BOX_RULE:
		pdf_canvas_move_to(canvas, x + box->width * 0.25, y + box->height / 2);
		pdf_canvas_line_to(canvas, x + box->width * 0.75, y + box->height / 2);
		pdf_canvas_line_width(canvas, 0.5);
		set_color(canvas, &st->rule);
		pdf_canvas_stroke(canvas);
		break;
	case BOX_ROW: {
		if (box->header) {
			pdf_canvas_rectangle(canvas, x, y, box->width, box->height);
			set_color(canvas, &st->table_header);
			pdf_canvas_fill(canvas);
		}
		set_color(canvas, &st->text);
		const char *cell_tag = box->header ? "TH" : "TD";
		for (int c = 0; c < box->columns; c++) {
			const PdfParagraph *cell = g_ptr_array_index(box->cells, c);
			int end = box->lines ? box->first_line + box->lines : G_MAXINT;
			end = cell ? MIN(end, pdf_paragraph_lines(cell)) : 0;
			if (box->first_line > 0 && end <= box->first_line)
				continue; /* a row going on: only its cells that do */
			if (tag)
				pdf_tags_cell_begin(w, tag, cell_tag,
				                    box->cell_colspan ? box->cell_colspan[c] : 1,
				                    box->cell_rowspan ? box->cell_rowspan[c] : 1);
			for (int line = box->first_line; line < end; line++)
				pdf_paragraph_draw_line(w, cell, line, x + box->cell_x[c],
				                        y + PDF_CELL_PAD +
				                            (line - box->first_line) *
				                                pdf_paragraph_line_height(cell) +
				                            pdf_paragraph_baseline(cell));
			if (tag)
				pdf_tags_leaf_end(w, cell_tag);
		}
		/* The rule under the row, but under a cell that goes on below. */
		double from = 0;
		guint gaps = box->rule_gaps ? box->rule_gaps->len : 0;
		if (box->row_goes_on)
			break;
		for (guint i = 0; i <= gaps; i += 2) {
			double to =
			    i < gaps ? g_array_index(box->rule_gaps, double, i) : box->width;
			if (to > from) {
				pdf_canvas_move_to(canvas, x + from, y + box->height);
				pdf_canvas_line_to(canvas, x + to, y + box->height);
			}
			if (i < gaps)
				from = g_array_index(box->rule_gaps, double, i + 1);
		}
		pdf_canvas_line_width(canvas, box->header ? 0.8 : 0.4);
		set_color(canvas, &st->rule);
		pdf_canvas_stroke(canvas);
		break;
	}
	}

	/* In the tagged PDF a line's links were set with their words. */
	gboolean placed = tag && box->kind == BOX_LINE && box->paragraph;
	for (guint i = 0; box->links && !placed && i < box->links->len; i++) {
		/* In the tagged PDF, a Link element in the box's. */
		if (tag)
			pdf_tags_enter(w, strcmp(tag->name, "Figure") ? tag : tag->parent);
		pdf_link_area(w, x, y, &g_array_index(box->links, PdfLink, i));
	}
}

/* Destinations, bookmarks, and (first pass) the page numbers of the contents. */
static void
place_marks(PdfWriter *w, Box *box, double left, double top)
{
	for (guint i = 0; box->marks && i < box->marks->len; i++) {
		PdfMark *mark = g_ptr_array_index(box->marks, i);
		mark->page_number = w->body_pages;
		if (!w->drawing)
			continue;
		g_autofree char *attributes =
		    g_strdup_printf("name='%s' x=%.2f y=%.2f", mark->dest, left, MAX(0, top - 8));
		pdf_canvas_tag_begin(w->canvas, CAIRO_TAG_DEST, attributes);
		pdf_canvas_tag_end(w->canvas, CAIRO_TAG_DEST);
		if (mark->depth < 0 || mark->depth >= PDF_CANVAS_OUTLINE_DEPTHS || !mark->title)
			continue;
		if (!mark->is_page && mark->level > 3)
			continue;
		g_autofree char *link = g_strdup_printf("dest='%s'", mark->dest);
		pdf_canvas_outline(w->canvas, mark->depth, mark->title, link);
	}
}

enum { NOTE_SEPARATOR = 12, NOTE_GAP = 2 };
/* A chapter's last page should hold at least this many lines of body text,
 * when the page before can give them (and stays at least half full). */
enum { LAST_PAGE_LINES = 5 };

static gboolean
on_page(const PdfWriter *w, const PdfNote *note)
{
	return g_ptr_array_find(w->page_notes, note, NULL);
}

/* What a box's notes would add at the foot of the open page (a note the page
 * has already is printed once). */
static double
notes_height(const PdfWriter *w, const Box *box)
{
	if (!box->notes || box->notes->len == 0)
		return 0;
	double height = 0;
	for (guint i = 0; i < box->notes->len; i++) {
		const PdfNote *note = g_ptr_array_index(box->notes, i);
		if (!on_page(w, note))
			height += note->height + NOTE_GAP;
	}
	return height > 0 && w->page_notes->len == 0 ? height + NOTE_SEPARATOR : height;
}

/* The footnotes of the page, under a short rule at the foot of the column. */
static void
draw_notes(PdfWriter *w)
{
	const Style *st = &w->style;
	double left = pdf_column_left(w, w->body_pages % 2 == 1);
	double y = st->margin_top + w->text_height - w->notes_height;
	pdf_canvas_move_to(w->canvas, left, y + NOTE_SEPARATOR / 2.0);
	pdf_canvas_line_to(w->canvas, left + w->text_width * 0.3, y + NOTE_SEPARATOR / 2.0);
	pdf_canvas_line_width(w->canvas, 0.4);
	set_color(w->canvas, &st->rule);
	pdf_canvas_stroke(w->canvas);
	y += NOTE_SEPARATOR;
	set_color(w->canvas, &st->text);
	/* Each a Note in the element open at the foot of the page. */
	PdfTag *open = w->open_tags && w->open_tags->len
	                   ? g_ptr_array_index(w->open_tags, w->open_tags->len - 1)
	                   : NULL;
	for (guint i = 0; i < w->page_notes->len; i++) {
		const PdfNote *note = g_ptr_array_index(w->page_notes, i);
		pdf_note_draw(w, note, open, left, y);
		y += note->height + NOTE_GAP;
	}
}

/* Running head (the chapter, on every page but a chapter's first) and the
 * page number at the foot, in the outer corner or the centre. */
static void
draw_frame(PdfWriter *w, int body_page, const char *chapter, gboolean chapter_start)
{
	const Style *st = &w->style;
	gboolean recto = body_page % 2 == 1;
	double left = pdf_column_left(w, recto);
	PdfCanvas *canvas = w->canvas;
	pdf_canvas_rgb(canvas, st->rule.r, st->rule.g, st->rule.b);
	if (!chapter_start && chapter && st->head != HEAD_NONE) {
		const char *head = st->head == HEAD_TITLE ? w->site->title : chapter;
		g_autofree char *upper = st->head_case == CASE_UPPER ? greek_upper(head) : NULL;
		if (upper)
			head = upper;
		/* Set once a chapter: its pages show the same head. */
		if (!w->head_layout || g_strcmp0(w->head_text, head) != 0) {
			g_clear_object(&w->head_layout);
			g_free(w->head_text);
			w->head_text = g_strdup(head);
			w->head_layout = pdf_simple_layout(w, st->font_heading, st->size_small,
			                                   PANGO_WEIGHT_NORMAL, head, -1);
			pango_layout_set_width(w->head_layout,
			                       (int)(w->text_width * 0.8 * PANGO_SCALE));
			pango_layout_set_ellipsize(w->head_layout, PANGO_ELLIPSIZE_END);
		}
		double y = st->margin_top - 9 - st->size_small;
		pdf_show_at(w, w->head_layout, left, y,
		            recto ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, w->text_width);
		pdf_canvas_move_to(canvas, left, st->margin_top - 5);
		pdf_canvas_line_to(canvas, left + w->text_width, st->margin_top - 5);
		pdf_canvas_line_width(canvas, 0.3);
		pdf_canvas_stroke(canvas);
	}
	char number[16];
	g_snprintf(number, sizeof number, "%d", body_page);
	double y = st->page_height - st->margin_bottom + 8;
	PdfSetting how = {.family = st->font_heading,
	                  .size = st->size_small,
	                  .align = st->page_number == NUMBER_CENTER ? PANGO_ALIGN_CENTER
	                           : recto                          ? PANGO_ALIGN_RIGHT
	                                                            : PANGO_ALIGN_LEFT};
	pdf_show_label(w, number, &how, left, y, w->text_width);
	if (st->foot_edition && w->site->edition) {
		g_autofree char *line = output_edition_line(w->site);
		/* Away from the number: the inner corner, or the outer when it is centred. */
		gboolean right = st->page_number == NUMBER_CENTER ? recto : !recto;
		how.align = right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
		pdf_show_label(w, line, &how, left, y, w->text_width);
	}
}

static void
close_page(PdfWriter *w)
{
	if (!w->page_open)
		return;
	if (w->drawing) {
		pdf_tags_leaf_close(w);
		if (w->page_notes->len)
			draw_notes(w);
		draw_frame(w, w->body_pages, w->running_head, w->chapter_page);
		pdf_end_page(w);
	}
	w->page_open = FALSE;
}

static void
open_page(PdfWriter *w, gboolean chapter_start, const char *chapter)
{
	close_page(w);
	w->body_pages++;
	w->page_open = TRUE;
	w->chapter_page = chapter_start;
	w->running_head = chapter;
	w->y = 0;
	w->page_located = FALSE;
	g_ptr_array_set_size(w->page_notes, 0);
	w->notes_height = 0;
	if (w->drawing) {
		char label[16];
		g_snprintf(label, sizeof label, "%d", w->body_pages);
		pdf_page_label(w, label);
	}
}

static void
place(PdfWriter *w, Box *box)
{
	if (w->print_pages && !w->page_located && box->source) {
		BookPrintPage at = {box->source, box->block, w->body_pages};
		g_array_append_val(w->print_pages, at);
		w->page_located = TRUE;
	}
	if (w->blocks_placed && box->source) {
		gint64 key = pdf_block_key(w, box->source, box->block);
		if (!g_hash_table_contains(w->blocks_placed, &key))
			g_hash_table_insert(w->blocks_placed, g_memdup2(&key, sizeof key),
			                    GINT_TO_POINTER(w->body_pages));
	}
	if (w->y > 0)
		w->y += box->space_before;
	if (w->drawing || box->marks) {
		/* Body page n is a right-hand page when n is odd (the front matter is even). */
		double left = pdf_column_left(w, w->body_pages % 2 == 1);
		double top = w->style.margin_top + w->y;
		place_marks(w, box, left, top);
		if (w->drawing)
			draw_box(w, box, left, top);
	}
	w->y += box->height;
	w->notes_height += notes_height(w, box);
	for (guint i = 0; box->notes && i < box->notes->len; i++) {
		PdfNote *note = g_ptr_array_index(box->notes, i);
		if (!on_page(w, note))
			g_ptr_array_add(w->page_notes, pdf_note_ref(note));
	}
}

/* The height of each line of row's cells, when they share one (they are
 * set alike), and how many lines its tallest cell has; 0 when they do not. */
static double
row_lines(const Box *row, int *lines)
{
	double height = 0;
	*lines = 0;
	for (guint c = 0; row->cells && c < row->cells->len; c++) {
		const PdfParagraph *cell = g_ptr_array_index(row->cells, c);
		if (!cell)
			continue;
		double h = pdf_paragraph_line_height(cell);
		if (height > 0 && h != height)
			return 0;
		height = h;
		*lines = MAX(*lines, pdf_paragraph_lines(cell));
	}
	return height;
}

/* Whether box is a row taller than the page's room under the header that
 * heads it, which pages can hold only in parts: a row of its own (no cell
 * of it spanning rows) whose cells' lines are all as tall. */
static gboolean
row_too_tall(const PdfWriter *w, const Box *box)
{
	int lines;
	if (box->kind != BOX_ROW || box->keep_with_next || box->rule_gaps ||
	    row_lines(box, &lines) == 0)
		return FALSE;
	for (int c = 0; box->cell_rowspan && c < box->columns; c++)
		if (box->cell_rowspan[c] > 1)
			return FALSE;
	double header = box->header_row ? box->header_row->height : 0;
	return box->height > w->text_height - w->notes_height - header;
}

/* The links on row's lines first to first + lines (each line_height
 * tall), moved up to the top of the part that draws them. */
static GArray *
links_of_part(const Box *row, int first, int lines, double line_height)
{
	if (!row->links)
		return NULL;
	GArray *links = g_array_new(FALSE, FALSE, sizeof(PdfLink));
	double top = PDF_CELL_PAD + first * line_height, bottom = top + lines * line_height;
	for (guint i = 0; i < row->links->len; i++) {
		PdfLink link = g_array_index(row->links, PdfLink, i);
		if (link.y < top - 0.01 || link.y >= bottom - 0.01)
			continue;
		link.y -= first * line_height;
		g_array_append_val(links, link);
	}
	return links;
}

/* The space before a part of a row: the row's, before its first. */
static double
part_space(const Box *row, int first)
{
	return first == 0 ? row->space_before : 0;
}

static void open_page(PdfWriter *w, gboolean chapter_start, const char *chapter);
static void place(PdfWriter *w, Box *box);

/* At the top of a page, the header of the table a row of is drawn again
 * above it. */
static void
repeat_header(PdfWriter *w, const Box *row)
{
	if (w->y == 0 && row->kind == BOX_ROW && row->header_row) {
		w->repeating = TRUE;
		place(w, row->header_row);
		w->repeating = FALSE;
	}
}

/* A row taller than a page, placed a page's worth of its lines at a time
 * from where the page has come to (at least two of them there), the
 * header above each part again. It stays one row of the structure, as
 * in the EPUB; a cell's lines on a later page are a cell of it too (an
 * element, once closed, cannot take more). Its marks and notes go with
 * the first part. */
static void
place_in_parts(PdfWriter *w, Box *row)
{
	int lines;
	double line_height = row_lines(row, &lines);
	for (int first = 0; first < lines;) {
		double room = w->text_height - w->notes_height - w->y;
		int fit =
		    (int)((room - 2 * PDF_CELL_PAD - (w->y > 0 ? part_space(row, first) : 0)) /
		          line_height);
		if (fit < MIN(2, lines - first) && w->y > 0) {
			open_page(w, FALSE, row->chapter);
			repeat_header(w, row);
			continue;
		}
		int n = MIN(MAX(fit, 1), lines - first);
		Box part = *row;
		part.space_before = part_space(row, first);
		part.first_line = first;
		part.lines = n;
		part.height = n * line_height + 2 * PDF_CELL_PAD;
		part.row_goes_on = first + n < lines;
		part.marks = first == 0 ? row->marks : NULL;
		part.notes = first == 0 ? row->notes : NULL;
		part.links = links_of_part(row, first, n, line_height);
		place(w, &part);
		if (part.links)
			g_array_unref(part.links);
		first += n;
	}
}

void
pdf_paginate(PdfWriter *w, GPtrArray *boxes, gboolean ends_chapter)
{
	if (!w->page_notes)
		w->page_notes = g_ptr_array_new_with_free_func(pdf_note_unref);
	/* At a chapter's end, what is left from each box on: a last page with a
	 * line or two, the rest of the chapter just before it, looks forgotten.
	 * Such a tail takes a few lines from the page before instead. */
	g_autofree double *rest = ends_chapter ? g_new0(double, boxes->len + 1) : NULL;
	for (guint i = boxes->len; rest && i-- > 0;) {
		const Box *b = g_ptr_array_index(boxes, i);
		rest[i] = rest[i + 1] + b->space_before + b->height;
		for (guint n = 0; b->notes && n < b->notes->len; n++)
			rest[i] += ((PdfNote *)g_ptr_array_index(b->notes, n))->height + NOTE_GAP;
	}
	double line = w->style.size_body * w->style.leading;
	for (guint i = 0; i < boxes->len;) {
		Box *box = g_ptr_array_index(boxes, i);
		/* The run of boxes that must stay together, and its height with the
		 * footnotes it brings. */
		guint end = i;
		double run = box->height + notes_height(w, box);
		while (end + 1 < boxes->len &&
		       ((Box *)g_ptr_array_index(boxes, end))->keep_with_next) {
			Box *next = g_ptr_array_index(boxes, ++end);
			run += next->space_before + next->height + notes_height(w, next);
		}
		double room = w->text_height - w->notes_height;
		if (box->new_page || !w->page_open) {
			/* A chapter that must open on a right-hand (odd) page leaves the
			 * left-hand page before it blank: no head, no number. */
			if (box->new_page && style_blank_before_chapter(&w->style, w->body_pages)) {
				close_page(w);
				w->body_pages++;
				if (w->drawing) {
					char label[16];
					g_snprintf(label, sizeof label, "%d", w->body_pages);
					pdf_page_label(w, label);
					pdf_end_page(w);
				}
			}
			open_page(w, box->new_page, box->chapter);
		} else if (w->y + box->space_before + run > room && run <= w->text_height) {
			open_page(w, FALSE, box->chapter);
		} else if (rest && w->y + rest[i] > room &&
		           rest[end + 1] < LAST_PAGE_LINES * line && rest[i] <= w->text_height &&
		           w->y >= w->text_height / 2) {
			/* After this run the chapter's end would spill onto a page of
			 * its own thinner than LAST_PAGE_LINES: it goes over with it. */
			open_page(w, FALSE, box->chapter);
		}
		for (guint k = i; k <= end; k++) {
			Box *b = g_ptr_array_index(boxes, k);
			double need =
			    (w->y > 0 ? b->space_before : 0) + b->height + notes_height(w, b);
			gboolean in_parts = row_too_tall(w, b);
			if (!in_parts && w->y > 0 &&
			    w->y + need > w->text_height - w->notes_height) {
				/* Only a run taller than a page breaks inside. */
				open_page(w, FALSE, b->chapter);
			}
			repeat_header(w, b);
			if (w->y == 0 && b->kind == BOX_RULE)
				continue; /* a rule separates; at the top of a page it has nothing
				             to */
			if (in_parts)
				place_in_parts(w, b);
			else
				place(w, b);
		}
		i = end + 1;
	}
}

void
pdf_paginate_end(PdfWriter *w)
{
	close_page(w);
}
