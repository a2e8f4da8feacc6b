/* Notes at the foot of a page: footnotes, and on paper the address of each
 * external link, numbered, broken only where an address may break, with a
 * QR code beside it (libqrencode, drawn as vectors) when the style asks. */
#include "writer.h"

#include <qrencode.h>
#include <string.h>

enum {
	QR_GAP_MODULES = 3, /* white around a code, in modules: room for the camera */
	/* Past this an address is cut in its note: measuring where it may break
	 * costs the square of its length, and nobody types it from paper. */
	NOTE_ADDRESS_MAX_BYTES = 1000,
};

static PdfNote *
note_new(void)
{
	PdfNote *note = g_new0(PdfNote, 1);
	note->refs = 1;
	return note;
}

PdfNote *
pdf_note_new_paragraph(PdfParagraph *paragraph)
{
	PdfNote *note = note_new();
	note->paragraph = paragraph;
	note->height = pdf_paragraph_height(paragraph);
	return note;
}

PdfNote *
pdf_note_ref(PdfNote *note)
{
	note->refs++;
	return note;
}

void
pdf_note_unref(gpointer p)
{
	PdfNote *note = p;
	if (!note || --note->refs > 0)
		return;
	g_clear_pointer(&note->number, pdf_paragraph_unref);
	g_clear_pointer(&note->paragraph, pdf_paragraph_unref);
	g_clear_pointer(&note->followers, g_ptr_array_unref);
	if (note->qr)
		QRcode_free(note->qr);
	g_free(note);
}

/* The address a reader types: without mailto:, the rest as written. */
const char *
pdf_url_shown(const char *url)
{
	return g_str_has_prefix(url, "mailto:") ? url + 7 : url;
}

PdfNote *
pdf_note_new_url(PdfWriter *w, int number, const char *url, gboolean qr, int line)
{
	const Style *st = &w->style;
	PdfNote *note = note_new();
	if (qr) {
		note->qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
		if (note->qr)
			note->text_x = (note->qr->width + QR_GAP_MODULES) * st->qr_module;
	}
	char label[16];
	g_snprintf(label, sizeof label, "%d", number);
	const PdfSetting number_how = {.family = st->font_body,
	                               .weight = PANGO_WEIGHT_BOLD,
	                               .size = st->size_small,
	                               .spacing = 1,
	                               .unhyphenated = TRUE};
	note->number = pdf_paragraph_plain(w, label, w->text_width, &number_how);
	double number_width =
	    MAX(pdf_paragraph_line_end(note->number, 0) + 3, st->size_small * 1.4);
	note->number_x = note->text_x;
	note->text_x += number_width;
	g_autofree char *shown = g_strdup(pdf_url_shown(url));
	if (strlen(shown) > NOTE_ADDRESS_MAX_BYTES) {
		char *cut = g_utf8_find_prev_char(shown, shown + NOTE_ADDRESS_MAX_BYTES);
		g_autofree char *head = g_strndup(shown, (gsize)(cut ? cut - shown : 0));
		g_free(shown);
		shown = g_strconcat(head, "…", NULL);
		g_autofree char *what = g_strdup_printf("address\n%.64s", url);
		pdf_say_once(w, line, "limit", what,
		             "an address longer than %d bytes is cut in its note on paper",
		             NOTE_ADDRESS_MAX_BYTES);
	}
	/* Broken where an address may break (or, with nowhere to, between
	 * characters), never hyphenated. */
	const PdfSetting address_how = {.family = st->font_mono,
	                                .size = st->size_small * 0.92,
	                                .spacing = 1,
	                                .unhyphenated = TRUE};
	note->paragraph = pdf_paragraph_plain(w, shown, w->text_width - note->text_x, &address_how);
	note->height = pdf_paragraph_height(note->paragraph);
	if (note->qr)
		note->height = MAX(note->height, (note->qr->width + 1) * st->qr_module);
	return note;
}

/* Dark modules as filled rectangles, a row's run of them as one, so that no
 * seam shows between neighbours however the page is rasterised. */
void
pdf_draw_qr(PdfCanvas *canvas, const QRcode *qr, double x, double y, double module)
{
	pdf_canvas_rgb(canvas, 0, 0, 0);
	for (int row = 0; row < qr->width; row++) {
		const unsigned char *line = qr->data + row * qr->width;
		for (int col = 0; col < qr->width;) {
			if (!(line[col] & 1)) {
				col++;
				continue;
			}
			int from = col;
			while (col < qr->width && (line[col] & 1))
				col++;
			pdf_canvas_rectangle(canvas, x + from * module, y + row * module,
			                     (col - from) * module, module);
		}
	}
	pdf_canvas_fill(canvas);
}

/* A footnote's lines, each in a Span of its Note as a paragraph's are (its
 * links then in Link elements of it); in an untagged PDF its links are
 * annotations of their own. */
static void
draw_paragraph_note(PdfWriter *w, const PdfNote *note, PdfTag *parent, double x, double y)
{
	const PdfParagraph *p = note->paragraph;
	PdfTag *element = w->tagged ? pdf_tag_new("Note", parent) : NULL;
	g_autoptr(GArray) links = g_array_new(FALSE, FALSE, sizeof(PdfLink));
	double line_height = pdf_paragraph_line_height(p);
	for (int line = 0; line < pdf_paragraph_lines(p); line++) {
		double top = y + line * line_height;
		pdf_tags_leaf_begin(w, element, "Span");
		pdf_paragraph_draw_line(w, p, line, x + note->text_x,
		                        top + pdf_paragraph_baseline(p));
		pdf_tags_leaf_end(w, "Span");
		if (w->tagged)
			continue;
		g_array_set_size(links, 0);
		pdf_paragraph_line_links(p, line, links);
		for (guint i = 0; i < links->len; i++) {
			pdf_link_area(w, x + note->text_x, top, &g_array_index(links, PdfLink, i));
			pdf_link_clear(&g_array_index(links, PdfLink, i));
		}
	}
	pdf_tags_leaf_close(w);
	pdf_tag_unref(element);
}

void
pdf_note_draw(PdfWriter *w, const PdfNote *note, PdfTag *parent, double x, double y)
{
	const Style *st = &w->style;
	pdf_canvas_rgb(w->canvas, st->text.r, st->text.g, st->text.b);
	if (!note->number) {
		draw_paragraph_note(w, note, parent, x, y);
		return;
	}
	/* An address: its number on the baseline of its first line. */
	const PdfParagraph *p = note->paragraph;
	pdf_tags_leaf_begin(w, parent, "Note");
	if (note->qr) {
		pdf_draw_qr(w->canvas, note->qr, x, y, st->qr_module);
		pdf_canvas_rgb(w->canvas, st->text.r, st->text.g, st->text.b);
	}
	double baseline = y + pdf_paragraph_baseline(p);
	pdf_paragraph_draw_line(w, note->number, 0, x + note->number_x, baseline);
	for (int line = 0; line < pdf_paragraph_lines(p); line++)
		pdf_paragraph_draw_line(w, p, line, x + note->text_x,
		                        baseline + line * pdf_paragraph_line_height(p));
	pdf_tags_leaf_end(w, "Note");
}
