/* What the typesetting of a page's blocks stands on: boxes, structure
 * elements, marks and destinations, layouts for code, images loaded and
 * measured, and where a link leads. */
#include "setter.h"

#include "../image.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- boxes ------------------------------------------------------------- */

Box *
setter_box(Setter *s, BoxKind kind, double x, double width)
{
	Box *box = g_new0(Box, 1);
	box->kind = kind;
	box->x = x;
	box->width = width;
	box->chapter = s->chapter;
	box->source = s->w->page;
	box->block = s->block;
	box->tag = pdf_tag_ref(s->tag);
	g_ptr_array_add(s->boxes, box);
	return box;
}

/* ---- structure (tagged PDF) ---------------------------------------------
 * The element the next boxes belong to: a new one, name, under the one
 * they belonged to, which is returned for tag_pop. Only in the drawing pass
 * of a tagged PDF; elsewhere nothing. */
PdfTag *
setter_tag_push(Setter *s, const char *name)
{
	PdfTag *outer = s->tag;
	if (s->w->tagged)
		s->tag = pdf_tag_new(name, outer);
	return outer;
}

void
setter_tag_pop(Setter *s, PdfTag *outer)
{
	if (s->tag != outer) {
		pdf_tag_unref(s->tag);
		s->tag = outer;
	}
}

/* What a figure says to a reader who cannot see it: its alternative text,
 * else the words of its file's name. */
char *
setter_figure_alt(const DocNode *image)
{
	g_autofree char *alt = doc_plain_text(image);
	g_strstrip(alt);
	if (*alt || !image->url)
		return g_steal_pointer(&alt);
	const char *name = strrchr(image->url, '/');
	name = name ? name + 1 : image->url;
	char *words = g_strdup(name);
	char *dot = strrchr(words, '.');
	if (dot && dot != words)
		*dot = '\0';
	for (char *p = words; *p; p++)
		if (*p == '-' || *p == '_' || *p == '+')
			*p = ' ';
	return words;
}

void
pdf_box_free(gpointer p)
{
	Box *box = p;
	g_clear_object(&box->layout);
	g_clear_pointer(&box->qr, QRcode_free);
	g_clear_object(&box->marker);
	pdf_paragraph_unref(box->paragraph);
	pdf_tag_unref(box->tag);
	pdf_tag_unref(box->item_tag);
	if (box->image)
		cairo_surface_destroy(box->image);
	pdf_decoding_unref(box->decoding);
	if (box->cells)
		g_ptr_array_unref(box->cells);
	g_free(box->cell_x);
	g_free(box->cell_width);
	g_free(box->cell_colspan);
	g_free(box->cell_rowspan);
	if (box->rule_gaps)
		g_array_unref(box->rule_gaps);
	if (box->links) {
		for (guint i = 0; i < box->links->len; i++)
			pdf_link_clear(&g_array_index(box->links, PdfLink, i));
		g_array_unref(box->links);
	}
	if (box->marks)
		g_ptr_array_unref(box->marks);
	if (box->notes)
		g_ptr_array_unref(box->notes);
	g_free(box);
}

void
setter_add_mark(Setter *s, Box *box, const char *title, char *dest, int depth, gboolean is_page)
{
	PdfMark *mark = g_new0(PdfMark, 1);
	mark->title = g_strdup(title);
	mark->dest = dest;
	mark->depth = depth;
	mark->is_page = is_page;
	g_ptr_array_add(s->w->marks, mark);
	if (!box->marks)
		box->marks = g_ptr_array_new();
	g_ptr_array_add(box->marks, mark);
}

/* ---- destinations ------------------------------------------------------ */

/* An anchor of the page (a heading's or raw HTML's id) at box: a destination
 * only, in neither the contents nor the bookmarks. */
void
setter_add_destination(Setter *s, Box *box, const char *id)
{
	setter_add_mark(s, box, NULL, pdf_dest_anchor(s->w, s->w->page, id), -1, FALSE);
}

char *
pdf_dest_page(PdfWriter *w, const SitePage *page)
{
	return g_strdup_printf("page.%u",
	                       GPOINTER_TO_UINT(g_hash_table_lookup(w->page_index, page)));
}

char *
pdf_dest_anchor(PdfWriter *w, const SitePage *page, const char *id)
{
	/* Destination names stay ASCII: other bytes are written as %XX. */
	GString *name = g_string_new(NULL);
	g_string_printf(name, "page.%u.",
	                GPOINTER_TO_UINT(g_hash_table_lookup(w->page_index, page)));
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
		if (g_ascii_isalnum(*p) || *p == '-' || *p == '_') {
			g_string_append_c(name, (char)*p);
		} else { /* "%XX" (a Greek id is all of them: no printf a byte) */
			char escaped[] = {'%', hex[*p >> 4], hex[*p & 15]};
			g_string_append_len(name, escaped, sizeof escaped);
		}
	}
	return g_string_free(name, FALSE);
}

/* ---- fonts and text ----------------------------------------------------- */

PangoLayout *
setter_layout(PdfWriter *w, const char *family, double size, PangoWeight weight, double width)
{
	PangoLayout *layout = pango_layout_new(w->pango);
	PangoFontDescription *desc = pdf_font_description(family, size, weight, PANGO_STYLE_NORMAL);
	pango_layout_set_font_description(layout, desc);
	pango_font_description_free(desc);
	if (width > 0)
		pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_line_spacing(layout, (float)w->style.leading);
	return layout;
}

void
setter_check_glyphs(Setter *s, PangoLayout *layout, int line)
{
	if (pango_layout_get_unknown_glyphs_count(layout) == 0)
		return;
	PangoLayoutIter *it = pango_layout_get_iter(layout);
	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
		if (!run)
			continue;
		for (int i = 0; i < run->glyphs->num_glyphs; i++) {
			PangoGlyph g = run->glyphs->glyphs[i].glyph;
			if (!(g & PANGO_GLYPH_UNKNOWN_FLAG))
				continue;
			gunichar c = g & ~PANGO_GLYPH_UNKNOWN_FLAG;
			if (c >= 0x20)
				pdf_report_missing_glyph(s->w, c, line);
		}
	} while (pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
}

/* ---- images ------------------------------------------------------------ */

void
pdf_say_undecoded(PdfWriter *w, const PdfDecoding *decoding)
{
	const char *file, *problem;
	int line, col;
	const char *path = pdf_decoding_where(decoding, &file, &line, &col, &problem);
	if (problem && !w->reported)
		book_say_broken_image(w->book, path, line, col, file, problem);
}

/* A PNG picture whose pixels are being decoded, needed now. */
static void
settle(PdfWriter *w, ImageEntry *entry)
{
	entry->surface = pdf_decoding_surface(entry->decoding);
	if (!entry->surface)
		pdf_say_undecoded(w, entry->decoding);
	g_clear_pointer(&entry->decoding, pdf_decoding_unref);
}

ImageEntry *
setter_load_image(Setter *s, const char *file, int line, int col, gboolean later)
{
	PdfWriter *w = s->w;
	ImageEntry *entry = g_hash_table_lookup(w->images, file);
	if (entry) {
		if (entry->decoding && !later)
			settle(w, entry);
		return entry;
	}
	entry = g_new0(ImageEntry, 1);
	g_hash_table_insert(w->images, g_strdup(file), entry);
	g_autofree char *full = g_build_filename(w->site->root, file, NULL);
	g_autofree guint8 *data = NULL;
	gsize len = 0;
	const char *problem = NULL;
	if (!g_file_get_contents(full, (char **)&data, &len, NULL)) {
		problem = "a file that cannot be read";
	} else if (later && w->decoder && image_sniff(data, len) == IMAGE_PNG &&
	           !pdf_picture_decode(data, len, TRUE, &entry->width_px, &entry->height_px,
	                               &problem) &&
	           !problem && entry->width_px > 0) {
		/* A figure's PNG, drawn: its size from the header (checked whole
		 * and within the pixel budget), its pixels decoded beside. */
		entry->decoding =
		    pdf_decoder_add(w->decoder, g_bytes_new_take(g_steal_pointer(&data), len),
		                    w->page->path, file, line, col);
	} else if (!problem) {
		/* The first pass needs only the size (whether a PNG decodes is
		 * checked when it is drawn). */
		entry->surface = pdf_picture_decode(data, len, !w->drawing, &entry->width_px,
		                                    &entry->height_px, &problem);
		entry->measured_only = !entry->surface && !problem;
	}
	if (problem && !w->reported)
		book_say_broken_image(w->book, w->page->path, line, col, file, problem);
	return entry;
}

void
setter_made_id(Setter *s, char *id)
{
	if (!s->inline_ids || !s->made_ids) {
		g_free(id);
		return;
	}
	g_ptr_array_add(s->made_ids, id);
	g_ptr_array_add(s->inline_ids, id);
}

/* Where a link leads in this PDF: a destination or an address (both NULL:
 * nowhere a reader of the PDF can go). */
void
setter_link_target(PdfWriter *w, const DocNode *n, char **dest, char **uri)
{
	*dest = *uri = NULL;
	if (n->target == LINK_EXTERNAL) {
		*uri = g_strdup(n->url);
	} else if (n->target == LINK_PAGE && g_hash_table_contains(w->page_index, n->target_page)) {
		/* Every anchor the links know is a destination (blocks.c). */
		*dest = n->target_fragment ? pdf_dest_anchor(w, n->target_page, n->target_fragment)
		                           : pdf_dest_page(w, n->target_page);
	}
}
