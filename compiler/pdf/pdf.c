/* The PDF writer: reads the style and the bundled fonts, typesets the book
 * twice (first to learn on which page every chapter and heading lands, then
 * to draw), and frames it with a cover, the contents, page labels,
 * bookmarks and the colophon; the print sheets are imposed from its pages.
 * What the typesetting below it shares (the page frame, the file, images,
 * fonts) is in writer.c. */
#include "writer.h"

#include "../output.h"
#include "../parallel.h"
#include "../site.h"
#include "../text/greek.h"
#include "fonts.h"
#include "standin.h"

#include <math.h>
#include <string.h>

static void
front_page(PdfWriter *w, int number, gboolean show_number)
{
	char label[32];
	pdf_roman(number, label, sizeof label);
	pdf_page_label(w, label);
	if (show_number) {
		const Style *st = &w->style;
		pdf_canvas_rgb(w->canvas, st->rule.r, st->rule.g, st->rule.b);
		const PdfSetting how = {.family = st->font_heading,
		                        .size = st->size_small,
		                        .align = PANGO_ALIGN_CENTER};
		pdf_show_label(w, label, &how, pdf_column_left(w, number % 2 == 1),
		               st->page_height - st->margin_bottom + 8, w->text_width);
	}
	pdf_end_page(w);
}

/* The site's address on the cover, as text and as a QR code, so that the
 * booklet leads to the help pages as they are kept up to date online. */
static void
draw_cover_address(PdfWriter *w)
{
	const Style *st = &w->style;
	const Site *site = w->site;
	if (!site->url || !*site->url || !st->qr_codes)
		return;
	g_autofree char *address =
	    g_strconcat(site->url, site->baseurl ? site->baseurl : "", "/", NULL);
	QRcode *qr = QRcode_encodeString(address, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return;
	double module = st->qr_module * 1.5, side = qr->width * module;
	double left = pdf_column_left(w, TRUE);
	double top = st->page_height - st->margin_bottom - 48 - side;
	pdf_draw_qr(w->canvas, qr, left, top, module);
	QRcode_free(qr);
	g_autoptr(PangoLayout) text =
	    pdf_simple_layout(w, st->font_mono, st->size_small, PANGO_WEIGHT_NORMAL, address, -1);
	int tw, th;
	pango_layout_get_size(text, &tw, &th);
	pdf_canvas_rgb(w->canvas, st->text.r, st->text.g, st->text.b);
	pdf_tags_leaf_begin(w, w->document, "P");
	pdf_show_at(w, text, left + side + 3 * module + 4, top + side - th / (double)PANGO_SCALE,
	            PANGO_ALIGN_LEFT, 0);
	pdf_tags_leaf_end(w, "P");
	g_autofree char *link = pdf_link_attributes(
	    left, top, side + 3 * module + 4 + tw / (double)PANGO_SCALE, side, address, NULL);
	pdf_link_begin(w, link, address);
	pdf_canvas_tag_end(w->canvas, CAIRO_TAG_LINK);
}

/* A cover's paragraph, set by the line breaker (ragged, unhyphenated) at
 * x, y: its lines are one run of text for a reader, where a wrapped
 * layout's would break at a marked space. Returns its height. */
static double
cover_paragraph(PdfWriter *w, const char *text, const PdfSetting *how, double x, double y)
{
	PdfParagraph *p = pdf_paragraph_plain(w, text, w->text_width, how);
	pdf_tags_leaf_begin(w, w->document, "P");
	for (int line = 0; line < pdf_paragraph_lines(p); line++)
		pdf_paragraph_draw_line(w, p, line, x,
		                        y + line * pdf_paragraph_line_height(p) +
		                            pdf_paragraph_baseline(p));
	pdf_tags_leaf_end(w, "P");
	double height = pdf_paragraph_height(p);
	pdf_paragraph_unref(p);
	return height;
}

/* The cover title's size: how's, or less so that its longest word fits
 * the column (a compound word, a folder's name the book is titled by),
 * which would else break between two letters; never below a chapter
 * title's. */
static double
cover_title_size(PdfWriter *w, const char *title, const PdfSetting *how)
{
	double widest = 0;
	g_auto(GStrv) words = g_strsplit_set(title, " \t\n", -1);
	for (char **word = words; *word; word++) {
		if (!**word)
			continue;
		PdfParagraph *p = pdf_paragraph_plain(w, *word, 100000, how);
		widest = MAX(widest, pdf_paragraph_line_end(p, 0));
		pdf_paragraph_unref(p);
	}
	if (widest <= w->text_width)
		return how->size;
	return MAX(w->style.size_heading[0], floor(how->size * w->text_width / widest * 10) / 10);
}

static void
draw_cover(PdfWriter *w)
{
	const Style *st = &w->style;
	const Site *site = w->site;
	double left = pdf_column_left(w, TRUE), width = w->text_width;
	pdf_canvas_rgb(w->canvas, st->heading.r, st->heading.g, st->heading.b);
	pdf_canvas_rectangle(w->canvas, left, st->page_height * 0.26, width * 0.2, 2.2);
	pdf_canvas_fill(w->canvas);
	PdfSetting title = {.family = st->font_heading,
	                    .weight = PANGO_WEIGHT_BOLD,
	                    .size = st->size_heading[0] * 1.45,
	                    .spacing = 1.1,
	                    .unhyphenated = TRUE};
	title.size = cover_title_size(w, site->title, &title);
	double y = st->page_height * 0.26 + 12;
	y += cover_paragraph(w, site->title, &title, left, y) + 10;
	pdf_canvas_rgb(w->canvas, st->text.r, st->text.g, st->text.b);
	if (site->description) {
		const PdfSetting desc = {
		    .size = st->size_heading[2], .spacing = 1, .unhyphenated = TRUE};
		y += cover_paragraph(w, site->description, &desc, left, y) + 14;
	}
	if (site->edition) {
		g_autofree char *line = output_edition_line(w->site);
		g_autoptr(PangoLayout) edition = pdf_simple_layout(
		    w, st->font_heading, st->size_body, PANGO_WEIGHT_BOLD, line, width);
		pdf_canvas_rgb(w->canvas, st->heading.r, st->heading.g, st->heading.b);
		pdf_tags_leaf_begin(w, w->document, "P");
		pdf_show_at(w, edition, left, y, PANGO_ALIGN_LEFT, width);
		pdf_tags_leaf_end(w, "P");
		pdf_canvas_rgb(w->canvas, st->text.r, st->text.g, st->text.b);
	}
	draw_cover_address(w);
	const char *by = site->publisher ? site->publisher : site->author;
	if (by) {
		g_autoptr(PangoLayout) publisher = pdf_simple_layout(
		    w, st->font_heading, st->size_body, PANGO_WEIGHT_NORMAL, by, width);
		pdf_tags_leaf_begin(w, w->document, "P");
		pdf_show_at(w, publisher, left, st->page_height - st->margin_bottom - 30,
		            PANGO_ALIGN_LEFT, width);
		pdf_tags_leaf_end(w, "P");
	}
	front_page(w, 1, FALSE);
	front_page(w, 2, FALSE); /* the back of the cover stays blank */
}

/* ---- the contents ------------------------------------------------------ */

typedef struct {
	const PdfMark *mark;
	PdfSetting title_how, how; /* the title's; its number's (at the right) */
	double indent, width, height;
	int toc_page; /* 0-based page of the contents */
	double y;
} TocEntry;

static gboolean
in_contents(const PdfWriter *w, const PdfMark *mark)
{
	if (mark->depth < 0 || !mark->title)
		return FALSE;
	return mark->is_page || (mark->level >= 2 && mark->level - 1 <= w->style.contents_depth);
}

/* Lays the contents out on pages; returns how many pages they take. */
static int
layout_contents(PdfWriter *w, GPtrArray *marks, GArray *entries)
{
	const Style *st = &w->style;
	const double number_width = 22, gap = 6;
	double y = st->size_heading[0] * 2.2, room = w->text_height;
	int page = 0;
	for (guint i = 0; i < marks->len; i++) {
		const PdfMark *mark = g_ptr_array_index(marks, i);
		if (!in_contents(w, mark))
			continue;
		TocEntry e = {.mark = mark};
		gboolean top = mark->is_page && mark->depth == 0;
		e.indent = mark->depth * 10;
		PdfSetting how = {.family = top ? st->font_heading : NULL,
		                  .weight = top ? PANGO_WEIGHT_BOLD : 0,
		                  .size = mark->is_page ? st->size_body : st->size_small + 0.5,
		                  .spacing = 1,
		                  .unhyphenated = TRUE};
		/* Each title is set again where it is drawn: a long book's
		 * contents, all set at once, were its peak of memory. */
		e.width = w->text_width - e.indent - number_width - gap;
		PdfParagraph *title = pdf_paragraph_plain(w, mark->title, e.width, &how);
		e.title_how = e.how = how;
		e.how.align = PANGO_ALIGN_RIGHT;
		e.height = pdf_paragraph_height(title) + (top ? 5 : 2);
		pdf_paragraph_unref(title);
		double before = top && entries->len ? 5 : 0;
		if (y + before + e.height > room) {
			page++;
			y = 0;
			before = 0;
		}
		e.y = y + before;
		e.toc_page = page;
		y = e.y + e.height;
		g_array_append_val(entries, e);
	}
	return page + 1;
}

enum { LEADER_STEP = 3 }; /* points from one leader dot to the next */

/* The dot leaders of a contents page, each a segment (from, to, baseline)
 * whose from is on the grid of LEADER_STEP from the column's edge at left.
 * One pattern a page draws them: a strip one step wide holding a square dot
 * (0.8 pt) at each leader's height, repeated across the column and seen
 * through one rectangle per leader. A dashed stroke would write less, but
 * cairo measures every dash of it, which took a third of a long contents'
 * time, and a dot of its own each took more. The list is emptied. */
static void
draw_leaders(PdfWriter *w, GArray *segments, double left)
{
	if (segments->len == 0)
		return;
	const Style *st = &w->style;
	const double dot = 0.8;
	cairo_rectangle_t strip = {0, 0, LEADER_STEP, st->page_height};
	cairo_surface_t *tile = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &strip);
	cairo_t *t = cairo_create(tile);
	cairo_set_source_rgb(t, st->rule.r, st->rule.g, st->rule.b);
	for (guint i = 0; i + 2 < segments->len; i += 3) {
		const double *s = &g_array_index(segments, double, i);
		cairo_rectangle(t, 0, s[2] - dot, dot, dot);
		/* Whole dots only: the leader ends with one. */
		double dots = floor((s[1] - s[0] - dot) / LEADER_STEP);
		if (dots >= 0)
			pdf_canvas_rectangle(w->canvas, s[0], s[2] - dot, dots * LEADER_STEP + dot,
			                     dot);
	}
	cairo_fill(t);
	cairo_destroy(t);
	pdf_canvas_fill_tiled(w->canvas, tile, -left);
	cairo_surface_destroy(tile);
	g_array_set_size(segments, 0);
}

static void
draw_contents(PdfWriter *w, GArray *entries, int pages, int first_number)
{
	const Style *st = &w->style;
	PdfCanvas *canvas = w->canvas;
	guint next = 0;
	g_autoptr(GArray) leaders = g_array_new(FALSE, FALSE, sizeof(double));
	PdfTag *toc = w->tagged ? pdf_tag_new("TOC", w->document) : NULL;
	for (int page = 0; page < pages; page++) {
		int number = first_number + page;
		double left = pdf_column_left(w, number % 2 == 1), top = st->margin_top;
		if (page == 0) {
			const char *title = lang_for(w->site->lang)->contents;
			g_autoptr(PangoLayout) heading = pdf_simple_layout(
			    w, st->font_heading, st->size_heading[0], PANGO_WEIGHT_BOLD, title, -1);
			pdf_canvas_rgb(canvas, st->heading.r, st->heading.g, st->heading.b);
			pdf_tags_leaf_begin(w, w->document, "H1");
			pdf_show_at(w, heading, left, top, PANGO_ALIGN_LEFT, w->text_width);
			pdf_tags_leaf_end(w, "H1");
			pdf_canvas_tag_begin(canvas, CAIRO_TAG_DEST, "name='contents'");
			pdf_canvas_tag_end(canvas, CAIRO_TAG_DEST);
		}
		for (; next < entries->len; next++) {
			TocEntry *e = &g_array_index(entries, TocEntry, next);
			if (e->toc_page != page)
				break;
			/* Set as layout_contents set it (and counted there once in
			 * the report on the text). */
			PdfLineStats counted = w->stats;
			PdfParagraph *title =
			    pdf_paragraph_plain(w, e->mark->title, e->width, &e->title_how);
			w->stats = counted;
			double y = top + e->y;
			pdf_canvas_rgb(canvas, st->text.r, st->text.g, st->text.b);
			g_autofree char *link =
			    pdf_link_attributes(left + e->indent, y, w->text_width - e->indent,
			                        pdf_paragraph_height(title), NULL, e->mark->dest);
			/* Tagged, an entry is a link that holds its title and number. */
			PdfTag *entry = toc ? pdf_tag_new("TOCI", toc) : NULL;
			if (entry) {
				pdf_tags_enter(w, entry);
				pdf_link_begin(w, link, e->mark->title);
			}
			int lines = pdf_paragraph_lines(title);
			double step = pdf_paragraph_line_height(title);
			double baseline = pdf_paragraph_baseline(title);
			for (int line = 0; line < lines; line++)
				pdf_paragraph_draw_line(w, title, line, left + e->indent,
				                        y + line * step + baseline);
			/* The number on the title's last line. */
			char number[16];
			g_snprintf(number, sizeof number, "%d", e->mark->page_number);
			double number_left = pdf_show_label(w, number, &e->how, left,
			                                    y + (lines - 1) * step, w->text_width);
			double last = y + (lines - 1) * step + baseline;
			if (entry) {
				pdf_canvas_tag_end(canvas, CAIRO_TAG_LINK);
				pdf_tag_unref(entry);
			} else {
				pdf_link_begin(w, link, e->mark->title);
				pdf_canvas_tag_end(canvas, CAIRO_TAG_LINK);
			}
			/* Dot leaders from the end of the title's last line to the number. */
			double from =
			    left + e->indent + pdf_paragraph_line_end(title, lines - 1) + 4;
			double to = number_left - 4;
			/* On a grid from the column's edge, so that the dots of every
			 * line stand in columns; all of a page's drawn at once. */
			from = left + ceil((from - left) / LEADER_STEP) * LEADER_STEP;
			if (to > from) {
				double segment[] = {from, to, last};
				g_array_append_vals(leaders, segment, 3);
			}
			pdf_paragraph_unref(title);
		}
		draw_leaders(w, leaders, left);
		if (page == pages - 1)
			pdf_tags_enter(w, w->document); /* the contents end */
		front_page(w, number, TRUE);
	}
	pdf_tag_unref(toc);
}

/* ---- the two passes ---------------------------------------------------- */

static void
mark_free(gpointer p)
{
	PdfMark *mark = p;
	g_free(mark->title);
	g_free(mark->dest);
	g_free(mark);
}

static void
image_entry_free(gpointer p)
{
	ImageEntry *entry = p;
	if (entry->surface)
		cairo_surface_destroy(entry->surface);
	pdf_decoding_unref(entry->decoding);
	g_free(entry);
}

/* Each page of the site is set and placed on pages before the next is read,
 * so that memory holds one page's boxes however long a chapter is. */
static void
typeset_subtree(PdfWriter *w, const SitePage *page, const char *chapter, gboolean chapter_start,
                gboolean last_in_chapter)
{
	gboolean leaf = page->nav_children->len == 0;
	pdf_set_page(w, page, chapter, chapter_start, last_in_chapter && leaf);
	diag_progress(w->diag, w->stage, ++w->pages_set, w->site->book->len);
	/* Decoded images stay for the next pages while they are few; cairo
	 * embeds each once, by id, whatever happens here. */
	if (g_hash_table_size(w->images) > 32)
		g_hash_table_remove_all(w->images);
	for (guint i = 0; i < page->nav_children->len; i++)
		typeset_subtree(w, g_ptr_array_index(page->nav_children, i), chapter, FALSE,
		                last_in_chapter && i + 1 == page->nav_children->len);
}

/* The chapters [first, end) of the book, their body pages numbered from 1. */
static void
typeset_chapters(PdfWriter *w, guint first, guint end)
{
	w->pages_set = 0;
	w->stage = w->purpose ? w->purpose : w->drawing ? "PDF, drawing" : "PDF, laying out";
	w->body_pages = 0;
	w->unnamed_headings = 0;
	w->page_open = FALSE;
	for (guint i = first; i < end; i++) {
		const SitePage *top = g_ptr_array_index(w->site->top, i);
		typeset_subtree(w, top, top->title, TRUE, TRUE);
		pdf_paginate_end(w);
	}
}

static void
typeset_book(PdfWriter *w)
{
	typeset_chapters(w, 0, w->site->top->len);
}

static void draw_colophon(PdfWriter *w, gint64 build_time);
static void begin_pass(PdfWriter *w);

/* The pass that draws: the body and the colophon, then the cover and the
 * contents, which know the body's pages by then. The end of the file puts
 * the front matter first (tagged.c), so that every page is set once.
 * Returns how many front pages there were. */
static int
draw_pages(PdfWriter *w)
{
	w->drawing = TRUE;
	g_hash_table_remove_all(w->images); /* a pass before only measured them */
	begin_pass(w);
	typeset_book(w);
	w->print_pages = NULL;
	draw_colophon(w, w->build_time);
	guint body = w->page_labels->len;
	w->front_kids = w->document_kids;

	draw_cover(w);
	g_autoptr(GArray) entries = g_array_new(FALSE, FALSE, sizeof(TocEntry));
	int toc_pages = layout_contents(w, w->marks, entries);
	draw_contents(w, entries, toc_pages, 3);
	int front = 2 + toc_pages;
	if (front % 2 == 1)
		front_page(w, ++front, FALSE); /* the body starts on a right-hand page */
	w->front_pages = w->page_labels->len - body;
	w->front_kids = w->document_kids - w->front_kids;
	pdf_canvas_direct(w->canvas);
	return front;
}

/* The colophon: a last page with the edition, the date, the revision and
 * the folio version, set small at the foot of the column. */
static void
draw_colophon(PdfWriter *w, gint64 build_time)
{
	const Style *st = &w->style;
	g_auto(GStrv) lines = output_colophon(w->site, build_time);
	g_autofree char *text = g_strjoinv("\n", lines);
	g_autoptr(PangoLayout) layout = pdf_simple_layout(w, st->font_body, st->size_small,
	                                                  PANGO_WEIGHT_NORMAL, text, w->text_width);
	int lw, lh;
	pango_layout_get_size(layout, &lw, &lh);
	int page = w->body_pages + 1;
	char label[16];
	g_snprintf(label, sizeof label, "%d", page);
	pdf_page_label(w, label);
	pdf_canvas_rgb(w->canvas, st->text.r, st->text.g, st->text.b);
	pdf_tags_leaf_begin(w, w->document, "P");
	pdf_show_at(w, layout, pdf_column_left(w, page % 2 == 1),
	            st->margin_top + w->text_height - lh / (double)PANGO_SCALE, PANGO_ALIGN_LEFT,
	            0);
	pdf_tags_leaf_end(w, "P");
	pdf_end_page(w);
}

/* The destinations a pass found, with their pages: links to anything else
 * fall back to the page, and on paper links print these numbers. The names
 * stay marks' (kept alive by the caller). */
static void
know_destinations(PdfWriter *w, GPtrArray *marks)
{
	g_clear_pointer(&w->dest_pages, g_hash_table_unref);
	w->dest_pages = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < marks->len; i++) {
		const PdfMark *mark = g_ptr_array_index(marks, i);
		g_hash_table_insert(w->dest_pages, mark->dest, GINT_TO_POINTER(mark->page_number));
	}
}

static gboolean
writer_init(PdfWriter *w, Book *book, const Style *style, gint64 build_time)
{
	/* The style's strings stay the caller's. */
	*w = (PdfWriter){.book = book,
	                 .site = book->site,
	                 .diag = book->diag,
	                 .style = *style,
	                 .build_time = build_time};
	g_autofree char *dir = fonts_dir();
	w->font_map = fonts_map_new(dir, w->diag);
	if (!w->font_map)
		return FALSE;
	fonts_lend_to_images(w->font_map);
	w->pango = fonts_context_new(w->font_map, w->site->lang);
	w->itemizer = itemizer_new(w->pango);
	w->hyphenator = w->style.hyphenate
	                    ? hyphen_new(w->site->lang, w->style.hyphen_left, w->style.hyphen_right)
	                    : NULL;
	w->page_index = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (guint i = 0; i < w->site->book->len; i++)
		g_hash_table_insert(w->page_index, g_ptr_array_index(w->site->book, i),
		                    GUINT_TO_POINTER(i + 1));
	w->images = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, image_entry_free);
	w->said_once = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	w->text_width = w->style.page_width - w->style.margin_inner - w->style.margin_outer;
	w->text_height = w->style.page_height - w->style.margin_top - w->style.margin_bottom;
	w->kept_marks = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
	w->page_list = g_array_new(FALSE, FALSE, sizeof(BookPrintPage));
	/* One layout a build: when the booklet is printed its links print for
	 * paper, and the reading PDF (and the EPUB's page list) keep its pages,
	 * so that a page number means one page everywhere. */
	w->paper = style_links_on_paper(&w->style);
	return TRUE;
}

/* What a drawing keeps of the pages and the structure. */
static void
drawing_clear(PdfWriter *w)
{
	g_clear_pointer(&w->page_labels, g_ptr_array_unref);
	g_clear_pointer(&w->page_label, g_free);
	g_clear_pointer(&w->sections, g_ptr_array_unref);
	g_clear_pointer(&w->open_tags, g_ptr_array_unref);
	g_clear_pointer(&w->figure_alts, g_ptr_array_unref);
	g_clear_pointer(&w->link_texts, g_ptr_array_unref);
	g_clear_pointer(&w->elements_added, g_array_unref);
	g_clear_pointer(&w->document, pdf_tag_unref);
	g_clear_pointer(&w->decoder, pdf_decoder_free);
	g_clear_object(&w->head_layout);
	g_clear_pointer(&w->head_text, g_free);
}

static void
writer_clear(PdfWriter *w)
{
	g_clear_pointer(&w->dest_pages, g_hash_table_unref);
	g_clear_pointer(&w->block_pages, g_hash_table_unref);
	g_clear_pointer(&w->blocks_placed, g_hash_table_unref);
	g_ptr_array_unref(w->kept_marks);
	g_array_unref(w->page_list);
	drawing_clear(w);
	if (w->marks)
		g_ptr_array_unref(w->marks);
	g_hash_table_unref(w->page_index);
	g_hash_table_unref(w->images);
	g_hash_table_unref(w->said_once);
	if (w->page_notes)
		g_ptr_array_unref(w->page_notes);
	if (w->shapes)
		g_hash_table_unref(w->shapes);
	g_clear_pointer(&w->words, g_hash_table_unref);
	g_clear_pointer(&w->digit_items, g_hash_table_unref);
	if (w->page_images)
		g_hash_table_unref(w->page_images);
	hyphen_free(w->hyphenator);
	itemizer_free(w->itemizer);
	g_object_unref(w->pango);
	g_object_unref(w->font_map);
}

/* pdf_block_key puts the page in the high half and the block in the low
 * one; GLib's g_int64_hash keeps only the low half, so that every one-block
 * page would share a bucket. The whole key, mixed (splitmix64's finish). */
static guint
block_key_hash(gconstpointer key)
{
	guint64 x = *(const guint64 *)key;
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9u;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebu;
	x ^= x >> 31;
	return (guint)x;
}

/* A pass begins: its marks, the page list it records (the EPUB follows
 * these pages) and, on paper, where it puts each block, for the next pass
 * (a link to the page it stands on prints no number). */
static void
begin_pass(PdfWriter *w)
{
	if (w->marks)
		g_ptr_array_unref(w->marks);
	w->marks = g_ptr_array_new_with_free_func(mark_free);
	g_array_set_size(w->page_list, 0);
	w->print_pages = w->page_list;
	if (w->paper) {
		g_clear_pointer(&w->block_pages, g_hash_table_unref);
		w->block_pages = w->blocks_placed;
		w->blocks_placed =
		    g_hash_table_new_full(block_key_hash, g_int64_equal, g_free, NULL);
	}
}

/* A pass that only lays the chapters [first, end) out: where every chapter
 * and heading lands, and where each printed page begins. Returns the marks. */
static GPtrArray *
locate_chapters(PdfWriter *w, guint first, guint end)
{
	w->drawing = FALSE;
	begin_pass(w);
	typeset_chapters(w, first, end);
	w->print_pages = NULL;
	w->reported = TRUE;
	GPtrArray *located = w->marks;
	w->marks = NULL;
	return located;
}

/* The same over the whole book. */
static GPtrArray *
locate(PdfWriter *w)
{
	return locate_chapters(w, 0, w->site->top->len);
}

/* On paper, the most passes after the first that lay the book out again
 * (for the EPUB's page list) or draw it: past them the last is kept. */
enum { PAPER_PASSES = 4 };

static gboolean
same_pages(GPtrArray *a, GPtrArray *b)
{
	if (a->len != b->len)
		return FALSE;
	for (guint i = 0; i < a->len; i++)
		if (((PdfMark *)g_ptr_array_index(a, i))->page_number !=
		    ((PdfMark *)g_ptr_array_index(b, i))->page_number)
			return FALSE;
	return TRUE;
}

/* On paper a link within the book prints the page it leads to, which moves
 * what follows: pass again with the pages of the pass before until they
 * stay put (twice is the rule; a few passes at most). The pass that draws
 * keeps the last pass's numbers, so it lays the pages out as it did. */
static GPtrArray *
locate_on_paper(PdfWriter *w, GPtrArray *previous)
{
	GPtrArray *located = g_ptr_array_ref(previous);
	for (int pass = 0; pass < PAPER_PASSES; pass++) {
		know_destinations(w, located);
		GPtrArray *next = locate(w);
		gboolean settled = same_pages(located, next);
		/* dest_pages points into located's names: keep them alive. */
		g_ptr_array_add(w->kept_marks, located);
		located = next;
		if (settled)
			break;
	}
	return located;
}

/* ---- the first pass on paper, in two processes ----------------------- */

/* Where a part of the book laid out on its own (its pages numbered from 1)
 * begins in the whole, after first_pages: on the next page, or on the one
 * after that when pdf_paginate leaves the left-hand page before it blank. */
static int
part_offset(const Style *style, int first_pages)
{
	return first_pages + (style_blank_before_chapter(style, first_pages) ? 1 : 0);
}

static void
put_number(GByteArray *bytes, gint64 n)
{
	g_byte_array_append(bytes, (const guint8 *)&n, sizeof n);
}

static void
put_string(GByteArray *bytes, const char *s)
{
	put_number(bytes, s ? (gint64)strlen(s) : -1);
	if (s)
		g_byte_array_append(bytes, (const guint8 *)s, (guint)strlen(s));
}

static gboolean
get_number(FILE *from, gint64 *n)
{
	return fread(n, sizeof *n, 1, from) == 1;
}

static gboolean
get_string(FILE *from, char **s)
{
	gint64 n;
	*s = NULL;
	if (!get_number(from, &n) || n < -1 || n > G_MAXINT)
		return FALSE;
	if (n < 0)
		return TRUE;
	*s = g_malloc((gsize)n + 1);
	(*s)[n] = '\0';
	return fread(*s, 1, (size_t)n, from) == (size_t)n;
}

/* What a first pass over some chapters found, as bytes for the process
 * that forked this one: its pages, its marks and where it placed each
 * block. */
static GByteArray *
located_bytes(const PdfWriter *w, const GPtrArray *marks)
{
	GByteArray *bytes = g_byte_array_new();
	put_number(bytes, w->body_pages);
	put_number(bytes, marks->len);
	for (guint i = 0; i < marks->len; i++) {
		const PdfMark *mark = g_ptr_array_index(marks, i);
		put_string(bytes, mark->title);
		put_string(bytes, mark->dest);
		put_number(bytes, mark->depth);
		put_number(bytes, mark->level);
		put_number(bytes, mark->is_page);
		put_number(bytes, mark->page_number);
	}
	put_number(bytes, g_hash_table_size(w->blocks_placed));
	GHashTableIter it;
	gpointer key, page;
	g_hash_table_iter_init(&it, w->blocks_placed);
	while (g_hash_table_iter_next(&it, &key, &page)) {
		put_number(bytes, *(const gint64 *)key);
		put_number(bytes, GPOINTER_TO_INT(page));
	}
	return bytes;
}

/* Adds what the helper found for the chapters after this process's to
 * marks and the blocks placed, as one pass over the whole book would have
 * found it: its pages follow this part's (part_offset). FALSE when its
 * bytes are not whole. (Its headings without an id are named as this part's are, from
 * heading.1: no link leads to them.) */
static gboolean
join_located(PdfWriter *w, GPtrArray *marks, FILE *from)
{
	gint64 pages, count;
	if (!get_number(from, &pages) || !get_number(from, &count) || pages < 0 || count < 0)
		return FALSE;
	int offset = part_offset(&w->style, w->body_pages);
	for (gint64 i = 0; i < count; i++) {
		PdfMark *mark = g_new0(PdfMark, 1);
		g_ptr_array_add(marks, mark);
		gint64 depth, level, is_page, number;
		if (!get_string(from, &mark->title) || !get_string(from, &mark->dest) ||
		    !get_number(from, &depth) || !get_number(from, &level) ||
		    !get_number(from, &is_page) || !get_number(from, &number))
			return FALSE;
		mark->depth = (int)depth;
		mark->level = (int)level;
		mark->is_page = is_page != 0;
		mark->page_number = (int)number + offset;
	}
	if (!get_number(from, &count) || count < 0)
		return FALSE;
	for (gint64 i = 0; i < count; i++) {
		gint64 key, page;
		if (!get_number(from, &key) || !get_number(from, &page))
			return FALSE;
		g_hash_table_insert(w->blocks_placed, g_memdup2(&key, sizeof key),
		                    GINT_TO_POINTER((int)page + offset));
	}
	w->body_pages = offset + (int)pages;
	return TRUE;
}

/* On paper the first pass (links print no pages yet, so each chapter is
 * laid out as it would be anywhere) in two halves at once: the book's
 * second half by a helper process on the other core, while this one lays
 * out the first; then joined. The pass that draws cannot begin before it
 * ends, so alone on one core it was most of what the print sheets cost. */
static GPtrArray *
locate_first(PdfWriter *w)
{
	guint cut = site_chapters_cut(w->site, 4);
	Helper helper = {0};
	if (cut == 0)
		return locate(w);
	if (parallel_start(&helper, w->diag)) {
		GPtrArray *marks = locate_chapters(w, cut, w->site->top->len);
		g_autoptr(GByteArray) bytes = located_bytes(w, marks);
		gboolean handed = fwrite(bytes->data, 1, bytes->len, helper.result) == bytes->len;
		parallel_helper_exit(&helper, w->diag, handed ? 0 : 1);
	}
	if (!helper.pid)
		return locate(w);
	GPtrArray *marks = locate_chapters(w, 0, cut);
	FILE *result = NULL;
	parallel_wait(&helper, w->diag, "PDF's first pass", &result);
	gboolean joined = result && join_located(w, marks, result);
	if (result)
		fclose(result);
	if (joined)
		return marks;
	/* The helper gave nothing whole: the whole pass here, as it would
	 * have been. */
	g_ptr_array_unref(marks);
	g_clear_pointer(&w->blocks_placed, g_hash_table_unref);
	return locate(w);
}

/* The reading PDF's pages: one pass, or with links set for paper, passes
 * until their page numbers settle; their destinations' pages are then
 * known for the pass that draws. */
static GPtrArray *
locate_reading(PdfWriter *w)
{
	GPtrArray *located = locate(w);
	if (!w->paper)
		return located;
	GPtrArray *settled = locate_on_paper(w, located);
	g_ptr_array_unref(located);
	return settled;
}

GArray *
pdf_locate_pages(Book *book, const Style *style, gboolean report)
{
	PdfWriter w;
	if (!writer_init(&w, book, style, 0))
		return NULL;
	w.reported = !report;
	/* Seen from the command line this is the EPUB's page list, or the check. */
	w.purpose = report ? "checking the layout" : "EPUB page list, laying out";
	GPtrArray *located = locate_reading(&w);
	g_ptr_array_unref(located);
	GArray *pages = g_array_ref(w.page_list);
	writer_clear(&w);
	return pages;
}

struct PdfPreparing {
	GThread *fonts, *patterns;
};

static gpointer
prepare_fonts(gpointer unused)
{
	(void)unused;
	fonts_prepare();
	return NULL;
}

static gpointer
prepare_patterns(gpointer lang)
{
	hyphen_prepare(lang);
	g_free(lang);
	return NULL;
}

PdfPreparing *
pdf_prepare_start(void)
{
	PdfPreparing *preparing = g_new0(PdfPreparing, 1);
	if (parallel_one_job())
		fonts_prepare();
	else
		preparing->fonts = g_thread_new("fonts", prepare_fonts, NULL);
	return preparing;
}

void
pdf_prepare_language(PdfPreparing *preparing, const char *lang, gboolean hyphenate)
{
	if (!hyphenate || preparing->patterns)
		return;
	if (parallel_one_job())
		hyphen_prepare(lang);
	else
		preparing->patterns = g_thread_new("patterns", prepare_patterns, g_strdup(lang));
}

void
pdf_prepare_wait(PdfPreparing *preparing)
{
	if (preparing->fonts)
		g_thread_join(preparing->fonts);
	if (preparing->patterns)
		g_thread_join(preparing->patterns);
	g_free(preparing);
}

gboolean
pdf_locates_in_parts(const Style *style)
{
	return !style_links_on_paper(style);
}

GArray *
pdf_locate_chapters(Book *book, const Style *style, guint first, guint end, int *pages)
{
	PdfWriter w;
	if (!writer_init(&w, book, style, 0))
		return NULL;
	w.reported = TRUE;
	w.purpose = "EPUB page list, laying out";
	g_ptr_array_unref(locate_chapters(&w, first, MIN(end, w.site->top->len)));
	if (pages)
		*pages = w.body_pages;
	GArray *located = g_array_ref(w.page_list);
	writer_clear(&w);
	return located;
}

void
pdf_locate_join(GArray *first, int first_pages, const GArray *second, const Style *style)
{
	int offset = part_offset(style, first_pages);
	for (guint i = 0; i < second->len; i++) {
		BookPrintPage at = g_array_index(second, BookPrintPage, i);
		at.number += offset;
		g_array_append_val(first, at);
	}
}

/* Whether a language is written in Latin letters (or is not known). */
static gboolean
latin_script(const char *lang)
{
	int count = 0;
	const PangoScript *scripts =
	    pango_language_get_scripts(pango_language_from_string(lang ? lang : "en"), &count);
	if (!scripts || count == 0)
		return TRUE;
	for (int i = 0; i < count; i++)
		if (scripts[i] == PANGO_SCRIPT_LATIN)
			return TRUE;
	return FALSE;
}

/* The reading PDF's surface over file, and the structure's state. */
static void
drawing_open(PdfWriter *w, OutputFile *file, PdfTaggedStream *stream)
{
	w->surface = pdf_tagged_surface(stream, file, w->style.page_width, w->style.page_height,
	                                w->style.tagged);
	w->page_labels = g_ptr_array_new_with_free_func(g_free);
	cairo_pdf_surface_restrict_to_version(w->surface, CAIRO_PDF_VERSION_1_5);
	w->cr = cairo_create(w->surface);
	w->decoder = pdf_decoder_new();
	pdf_set_metadata(w, w->surface, w->build_time);
	if (w->style.tagged) {
		w->tagged = TRUE;
		w->document = pdf_tag_new("Document", NULL);
		w->sections = g_ptr_array_new_with_free_func((GDestroyNotify)pdf_tag_unref);
		w->open_tags = g_ptr_array_new_with_free_func((GDestroyNotify)pdf_tag_unref);
		w->figure_alts = g_ptr_array_new_with_free_func(g_free);
		w->link_texts = g_ptr_array_new_with_free_func(g_free);
		w->elements_added = g_array_new(FALSE, FALSE, sizeof(ElementAdded));
	} else {
		/* A structure tag keeps cairo from writing a damaged file when the
		 * only other tags are links. */
		cairo_tag_begin(w->cr, "NonStruct", NULL);
		cairo_tag_end(w->cr, "NonStruct");
	}
	w->canvas = pdf_canvas_new(w->cr, !parallel_one_job());
	if (!latin_script(w->site->lang))
		pdf_canvas_spaces_with_words(w->canvas);
}

/* A drawing the book does not keep: its file removed, the structure's
 * state cleared for the next. */
static void
drawing_drop(PdfWriter *w, OutputFile *file, PdfTaggedStream *stream)
{
	pdf_tags_close(w);
	g_clear_pointer(&w->canvas, pdf_canvas_free);
	cairo_destroy(w->cr);
	pdf_tagged_capture(stream, w); /* cairo's end of file: into the file dropped */
	cairo_surface_finish(w->surface);
	cairo_surface_destroy(w->surface);
	pdf_tagged_stream_clear(stream);
	output_file_finish(file, FALSE, w->diag);
	drawing_clear(w);
	w->elements_opened = w->document_kids = w->front_kids = w->front_pages = 0;
	w->stats = (PdfLineStats){0};
}

gboolean
pdf_write(Book *book, const char *path, const char *print_path, const Style *style,
          gint64 build_time, PdfLineStats *stats, GArray **page_list,
          void (*pages_known)(gpointer data), gpointer data)
{
	PdfWriter w;
	if (!writer_init(&w, book, style, build_time))
		return FALSE;
	/* On paper links print the pages they lead to: a first pass finds
	 * them, and the pass that draws prints them. Its pages are the book's
	 * when they are the pages the numbers came from (twice is the rule);
	 * else it draws again with the numbers it found. */
	/* On paper the first pass says nothing: the pass that draws says what
	 * it finds (in chapter order, once, however the first was made). */
	w.reported = w.paper;
	GPtrArray *located = w.paper ? locate_first(&w) : NULL;
	w.reported = FALSE;
	OutputFile *file = NULL;
	PdfTaggedStream stream = {0};
	int front = 0;
	int pass = 1;
	for (;; pass++) {
		if (located)
			know_destinations(&w, located);
		file = output_file_open(path, w.diag);
		if (!file)
			break;
		drawing_open(&w, file, &stream);
		front = draw_pages(&w);
		if (!located || same_pages(located, w.marks) || pass == PAPER_PASSES)
			break;
		drawing_drop(&w, file, &stream);
		w.reported = TRUE;
		file = NULL;
		/* dest_pages points into located's names: keep them alive. */
		g_ptr_array_add(w.kept_marks, located);
		located = g_steal_pointer(&w.marks);
	}
	if (!file) {
		if (located)
			g_ptr_array_unref(located);
		writer_clear(&w);
		return FALSE;
	}
	if (page_list)
		*page_list = g_array_ref(w.page_list);
	if (pages_known)
		pages_known(data);
	pdf_tags_close(&w);
	g_clear_pointer(&w.canvas, pdf_canvas_free);
	cairo_destroy(w.cr);
	/* The pages in their order, and what cairo leaves out of the
	 * structure, after cairo's end of file. */
	/* The decoded pictures are cairo's to write now: they go before its end
	 * of file, when the build's memory peaks. */
	g_hash_table_remove_all(w.images);
	pdf_tagged_capture(&stream, &w);
	cairo_surface_finish(w.surface);
	gboolean appended = cairo_surface_status(w.surface) != CAIRO_STATUS_SUCCESS ||
	                    pdf_tagged_append(&stream, &w);
	/* A file that could not be written says so itself (output.c): what
	 * could not be read back of it is not cairo's doing. Bytes dropped
	 * while the file could take them (a stream not compressed) leave it
	 * unusable. */
	gboolean failed = output_file_failed(file);
	gboolean damaged = (stream.damaged || g_atomic_int_get(&stream.failed)) && !failed;
	if (!appended && !damaged && !failed)
		diag_warning(w.diag, path, 0, 0, NULL,
		             "the PDF's structure is written without its figures' alternative "
		             "texts, languages and what its links say: cairo's end of file is "
		             "not as folio expects");
	gboolean ok = pdf_finish_file(w.surface, file, path, w.diag, damaged);
	pdf_tagged_stream_clear(&stream);
	pdf_standin_clear();                             /* pictures drawn twice, written once */
	guint pages = (guint)(front + w.body_pages + 1); /* and the colophon */
	if (stats) {
		*stats = w.stats;
		stats->pages = pages;
		stats->passes = (guint)pass + (w.paper ? 1 : 0);
		stats->written = ok;
	}
	if (located)
		g_ptr_array_unref(located);
	writer_clear(&w);
	/* The print sheets are the reading PDF's pages, imposed from its file
	 * once the book's layout is out of memory. */
	guint sheets = 0;
	gboolean print_ok =
	    ok && print_path && pdf_impose(style, path, print_path, book->diag, &sheets);
	if (stats) {
		stats->sheets = sheets;
		stats->print_written = print_ok;
	}
	return ok && (!print_path || print_ok);
}
