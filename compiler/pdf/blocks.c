/* Typesetting: each block kind of the tree becomes boxes of known height,
 * one function per kind. Every run of text but code is set by paragraph.c's
 * line breaker (paragraphs, headings, cells, callout titles); code lines are
 * laid out by Pango, each as the source has it. */
#include "writer.h"

#include "../text/greek.h"
#include "../theme.h"

#include <libxml/HTMLparser.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Limits that keep hostile pages cheap. Code lines are laid out by Pango, as
 * table cells are measured, and Pango's breaking of one long unbreakable run
 * costs the square of its length; a heading or a cell is a line or two on
 * paper: past these sizes the text is cut, with a warning. */
enum {
	MAX_NESTING = 48,
	TABLE_MAX_COLUMNS = 24, /* past them a table's rows are set as paragraphs */
	HEADING_MAX_BYTES = 2000,
	CELL_MAX_BYTES = 4000,
	CODE_LINE_MAX_BYTES = 4000,
	PARAGRAPH_MAX_BYTES = 64 * 1024,
	PRINT_MIN_DPI = 150, /* an image placed with fewer pixels to the inch is reported */
	MAX_QR_CODES = 100,  /* on one page of the site: past them, addresses print alone */
};

/* An image in running text at most this many times the text's size tall is
 * an icon, set in the line at most ICON_HEIGHT times the size tall. */
#define ICON_MAX_LINES 2.5
#define ICON_HEIGHT    1.1

/* Lines of a table cell, as a multiple of their (small) size. */
#define CELL_LEADING 1.4

typedef struct {
	PdfWriter *w;
	GPtrArray *boxes;
	int depth;           /* navigation depth of the page being set */
	const char *chapter; /* running head */
	int nesting;
	int lists;                  /* how many lists the block being set is in */
	GHashTable *footnotes;      /* the page's footnotes: name -> DOC_FOOTNOTE node */
	GHashTable *notes;          /* the page's notes: "fn\nname" or "url\naddress" -> PdfNote */
	int notes_numbered;         /* on paper: footnotes and addresses share the numbers */
	unsigned block;             /* the block being set (DocNode.block) */
	GHashTable *ids;            /* the page's ids with a destination (or about to have one) */
	GPtrArray *inline_ids;      /* ids of the inlines being set, for the block's first box */
	GPtrArray *deferred_images; /* pictures in running text, set after their block */
	gboolean may_flush;         /* boxes set so far may go to pagination (flush_boxes) */
	int qr_codes;               /* QR codes made for the page's addresses */
	PdfTag *tag;                /* the element the boxes being set belong to */
	gboolean uppercase;         /* text being collected is set in capitals (a label) */
	gboolean no_break;          /* and on one line */
	const ThemeLook *look;      /* the look of the paragraph being set, or NULL */
	double text_size;           /* of the text being collected, when not the body's */
	const DocNode *looking;     /* the inline being collected with a look of its own */
	gboolean paper_pending;     /* its link's marks for paper wait for the look's end */
	LinkSpan paper_span;        /* (names not owned: the link's in the inlines) */
	int paper_line;
} Setter;

/* ---- boxes ------------------------------------------------------------- */

static Box *
box_new(Setter *s, BoxKind kind, double x, double width)
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
static PdfTag *
tag_push(Setter *s, const char *name)
{
	PdfTag *outer = s->tag;
	if (s->w->tagged)
		s->tag = pdf_tag_new(name, outer);
	return outer;
}

static void
tag_pop(Setter *s, PdfTag *outer)
{
	if (s->tag != outer) {
		pdf_tag_unref(s->tag);
		s->tag = outer;
	}
}

/* What a figure says to a reader who cannot see it: its alternative text,
 * else the words of its file's name. */
static char *
figure_alt(const DocNode *image)
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
	if (box->cells)
		g_ptr_array_unref(box->cells);
	g_free(box->cell_x);
	g_free(box->cell_width);
	if (box->links) {
		for (guint i = 0; i < box->links->len; i++) {
			PdfLink *l = &g_array_index(box->links, PdfLink, i);
			g_free(l->dest);
			g_free(l->uri);
			g_free(l->text);
		}
		g_array_unref(box->links);
	}
	if (box->marks)
		g_ptr_array_unref(box->marks);
	if (box->notes)
		g_ptr_array_unref(box->notes);
	g_free(box);
}

static void
add_mark(Setter *s, Box *box, const char *title, char *dest, int depth, gboolean is_page)
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
static void
add_destination(Setter *s, Box *box, const char *id)
{
	add_mark(s, box, NULL, pdf_dest_anchor(s->w, s->w->page, id), -1, FALSE);
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
	for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
		if (g_ascii_isalnum(*p) || *p == '-' || *p == '_')
			g_string_append_c(name, (char)*p);
		else
			g_string_append_printf(name, "%%%02X", *p);
	}
	return g_string_free(name, FALSE);
}

/* ---- fonts and text ----------------------------------------------------- */

static PangoLayout *
layout_new(PdfWriter *w, const char *family, double size, PangoWeight weight, double width)
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

static void
check_glyphs(Setter *s, PangoLayout *layout, int line)
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

/* ---- inline content ---------------------------------------------------- */

static void
attr_range(Inlines *in, PangoAttribute *attr, int start)
{
	attr->start_index = (guint)start;
	attr->end_index = (guint)in->text->len;
	pango_attr_list_insert(in->attrs, attr);
}

/* Appends text without the control characters fonts cannot shape.
 * (Hyphenation is the line breaker's business: paragraph.c.) */
static void
append_text(Inlines *in, const char *text)
{
	/* Where a picture left the line, one space stands for the two around it. */
	if (in->after_picture && text[0] == ' ' && in->text->len &&
	    in->text->str[in->text->len - 1] == ' ')
		text++;
	in->after_picture = FALSE;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == '\n' || c == '\t')
			g_string_append_c(in->text, ' ');
		else if (c >= 0x20 && !(c >= 0x7F && c < 0xA0) && !(c == 0xAD && in->unhyphenated))
			g_string_append_len(in->text, p, g_utf8_next_char(p) - p);
	}
}

static void collect_inlines(Setter *s, Inlines *in, const DocNode *first, const DocNode *stop);
static void collect_element(Setter *s, Inlines *in, const DocNode *n);
static void collect_image(Setter *s, Inlines *in, const DocNode *n);
static ImageEntry *load_image(Setter *s, const char *file, int line, int col);
static void link_target(PdfWriter *w, const DocNode *n, char **dest, char **uri);
static PdfNote *footnote_note(Setter *s, const DocNode *note, int number);

/* A raised, smaller number after the text: a note's reference. */
static void
raised_number(Inlines *in, int number)
{
	int start = (int)in->text->len;
	g_string_append_printf(in->text, "%d", number);
	attr_range(in, pango_attr_scale_new(0.7), start);
	attr_range(in, pango_attr_rise_new(3 * PANGO_SCALE), start);
}

/* The reference to note, which goes to the foot of the page of its line. */
static void
refer_to_note(Inlines *in, PdfNote *note)
{
	NoteRef ref = {(int)in->text->len, note};
	raised_number(in, note->ordinal);
	g_array_append_val(in->notes, ref);
}

/* The notes of a page of the site, by key: each is made once, on its first
 * reference, and keeps its number (PdfNote.ordinal). */
static void
keep_page_note(Setter *s, const char *key, PdfNote *note, int number)
{
	note->ordinal = number;
	g_hash_table_insert(s->notes, g_strdup(key), note);
}

/* On paper, an address stands in a note at the foot of the page (unless the
 * text already shows it and no QR code is wanted), and a link within the
 * book is followed by the page it leads to. */
static void
link_on_paper(Setter *s, Inlines *in, const LinkSpan *span, int line)
{
	PdfWriter *w = s->w;
	if (span->uri) {
		const char *shown = pdf_url_shown(span->uri);
		g_autofree char *text =
		    g_strndup(in->text->str + span->start, (gsize)(span->end - span->start));
		gboolean seen = strcmp(g_strstrip(text), shown) == 0;
		gboolean qr = w->style.qr_codes && s->qr_codes < MAX_QR_CODES;
		if (seen && (!qr || shown != span->uri))
			return;
		g_autofree char *key = g_strconcat("url\n", span->uri, NULL);
		PdfNote *note = g_hash_table_lookup(s->notes, key);
		if (!note) {
			int number = ++s->notes_numbered;
			if (qr)
				s->qr_codes++;
			else if (w->style.qr_codes)
				pdf_say_once(
				    w, line, "limit", "qr",
				    "more than %d addresses on one page; the rest are printed "
				    "without QR codes",
				    MAX_QR_CODES);
			note = pdf_note_new_url(w, number, span->uri, qr, line);
			keep_page_note(s, key, note, number);
		}
		refer_to_note(in, note);
		return;
	}
	int page =
	    w->dest_pages ? GPOINTER_TO_INT(g_hash_table_lookup(w->dest_pages, span->dest)) : 0;
	/* A link to the page it stands on needs no number. */
	gint64 key = pdf_block_key(w, w->page, s->block);
	int here = w->block_pages ? GPOINTER_TO_INT(g_hash_table_lookup(w->block_pages, &key)) : 0;
	if (page > 0 && page == here)
		return;
	g_autofree char *number = page > 0 ? g_strdup_printf("%d", page) : g_strdup("?");
	/* A no-break space holds the number to its word. */
	g_string_append_printf(in->text, " (%s\u00A0%s)", lang_for(w->site->lang)->page, number);
}

static void
collect_link(Setter *s, Inlines *in, const DocNode *n)
{
	PdfWriter *w = s->w;
	int start = (int)in->text->len;
	collect_inlines(s, in, n->first, NULL);
	LinkSpan span = {start, (int)in->text->len, NULL, NULL};
	link_target(w, n, &span.dest, &span.uri);
	if (span.dest || span.uri) {
		/* In the link colour, unless the link is a button of its own colour. */
		ThemeLook look;
		if (!theme_look(n->classes, &look) || !look.has_color)
			attr_range(in,
			           pango_attr_foreground_new((guint16)(w->style.link.r * 65535),
			                                     (guint16)(w->style.link.g * 65535),
			                                     (guint16)(w->style.link.b * 65535)),
			           start);
		/* On a button or a label the note's number or the page stands
		 * after it, outside its tint. */
		if (w->paper && s->notes && s->looking == n) {
			s->paper_pending = TRUE;
			s->paper_span = span;
			s->paper_line = n->line;
		} else if (w->paper && s->notes) {
			link_on_paper(s, in, &span, n->line);
		}
		g_array_append_val(in->links, span);
	}
}

/* An image inside running text. An icon (not much taller than the text) is
 * set in the line, at the text's height; a picture is set after the block
 * that holds it, across the column, as a lone image would be. What cannot be
 * shown (a missing file) leaves its description in brackets. */
static void
collect_image(Setter *s, Inlines *in, const DocNode *n)
{
	PdfWriter *w = s->w;
	ImageEntry *entry =
	    n->target == LINK_FILE ? load_image(s, n->target_file, n->line, n->col) : NULL;
	if (entry && (entry->surface || entry->measured_only) && entry->height_px > 0) {
		double size = s->text_size > 0 ? s->text_size : w->style.size_body;
		double natural_h = entry->height_px * 72.0 / 96.0;
		double natural_w = entry->width_px * 72.0 / 96.0;
		if (in->images_inline && natural_h <= ICON_MAX_LINES * size) {
			double height = MIN(natural_h, ICON_HEIGHT * size);
			InlineImage image = {
			    (int)in->text->len,
			    entry->surface ? cairo_surface_reference(entry->surface) : NULL,
			    entry->width_px,
			    entry->height_px,
			    natural_w * height / natural_h,
			    height,
			    figure_alt(n)};
			g_array_append_val(in->images, image);
			g_string_append(in->text, PDF_OBJECT_CHAR);
			return;
		}
		if (s->deferred_images) {
			g_ptr_array_add(s->deferred_images, (gpointer)n);
			in->after_picture = TRUE;
			return;
		}
	}
	g_autofree char *alt = doc_plain_text(n);
	g_string_append_printf(in->text, "[%s]", *alt ? alt : n->url);
}

/* An element of raw HTML inside text: its content, looking as a browser
 * shows it where print can (keys and samples in the monospace, raised and
 * lowered figures, small print, underlines). */
static void
collect_element(Setter *s, Inlines *in, const DocNode *n)
{
	int start = (int)in->text->len;
	const char *tag = n->tag;
	gboolean quote = !strcmp(tag, "q");
	if (quote)
		append_text(in, "\u201c");
	collect_inlines(s, in, n->first, NULL);
	if (quote)
		append_text(in, "\u201d");
	if (!strcmp(tag, "kbd") || !strcmp(tag, "samp") || !strcmp(tag, "code")) {
		attr_range(in, pango_attr_family_new(s->w->style.font_mono), start);
		attr_range(in, pango_attr_scale_new(0.88), start);
	} else if (!strcmp(tag, "sup") || !strcmp(tag, "sub")) {
		int rise = (int)(s->w->style.size_body * 0.33 * PANGO_SCALE);
		attr_range(in, pango_attr_rise_new(!strcmp(tag, "sup") ? rise : -rise / 2), start);
		attr_range(in, pango_attr_scale_new(0.7), start);
	} else if (!strcmp(tag, "small")) {
		attr_range(in, pango_attr_scale_new(0.85), start);
	} else if (!strcmp(tag, "u") || !strcmp(tag, "ins")) {
		attr_range(in, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE), start);
	} else if (!strcmp(tag, "cite") || !strcmp(tag, "dfn") || !strcmp(tag, "var")) {
		attr_range(in, pango_attr_style_new(PANGO_STYLE_ITALIC), start);
	} else if (!strcmp(tag, "mark")) {
		attr_range(in, pango_attr_background_new(0xffff, 0xf5f5, 0x9d9d), start);
	}
}

/* The thin space inside either end of a label or a button; the largest
 * size the theme's classes give text inside a line. */
#define FRAME_PAD        "\u2009"
#define INLINE_MAX_SCALE 1.25

/* Text as the look of what holds it has it: in capitals (as Greek sets
 * them, without accents), its spaces unbreakable. */
static void
append_looking(Setter *s, Inlines *in, const char *text)
{
	if (!s->uppercase && !s->no_break) {
		append_text(in, text);
		return;
	}
	g_autofree char *upper = s->uppercase ? greek_upper(text) : g_strdup(text);
	if (s->no_break) {
		g_auto(GStrv) words = g_strsplit(upper, " ", -1);
		g_free(upper);
		upper = g_strjoinv("\u00A0", words);
	}
	append_text(in, upper);
}

/* The attributes of a look over the text from start on. A frame (a label,
 * a button) has a thin space inside it at either end, so that its tint
 * stands a little beyond the letters. */
static void
apply_look(Setter *s, Inlines *in, const ThemeLook *look, int start, gboolean whole_block)
{
	/* In a line of text a size grows at most by a quarter, so that the
	 * line never runs into its neighbours. */
	if (look->scale && !whole_block)
		attr_range(in, pango_attr_scale_new(MIN(look->scale, INLINE_MAX_SCALE)), start);
	if (look->weight)
		attr_range(in, pango_attr_weight_new((PangoWeight)look->weight), start);
	if (look->mono || look->frame)
		attr_range(in,
		           pango_attr_family_new(look->mono ? s->w->style.font_mono
		                                            : s->w->style.font_heading),
		           start);
	if (look->has_color)
		attr_range(in,
		           pango_attr_foreground_new((guint16)(((look->color >> 16) & 0xFF) * 257),
		                                     (guint16)(((look->color >> 8) & 0xFF) * 257),
		                                     (guint16)((look->color & 0xFF) * 257)),
		           start);
	if (look->has_background)
		attr_range(
		    in,
		    pango_attr_background_new((guint16)(((look->background >> 16) & 0xFF) * 257),
		                              (guint16)(((look->background >> 8) & 0xFF) * 257),
		                              (guint16)((look->background & 0xFF) * 257)),
		    start);
}

static void collect_node(Setter *s, Inlines *in, const DocNode *n);

/* An inline whose classes mean something in the theme (a label, a button,
 * a size, a colour), set with that look. */
static void
collect_looking(Setter *s, Inlines *in, const DocNode *n, const ThemeLook *look)
{
	int start = (int)in->text->len;
	gboolean uppercase = s->uppercase, no_break = s->no_break;
	s->uppercase |= look->uppercase;
	s->no_break |= look->no_break;
	if (look->frame)
		g_string_append(in->text, FRAME_PAD);
	const DocNode *looking = s->looking;
	s->looking = n;
	collect_node(s, in, n);
	s->looking = looking;
	if (look->frame)
		g_string_append(in->text, FRAME_PAD);
	s->uppercase = uppercase;
	s->no_break = no_break;
	apply_look(s, in, look, start, FALSE);
	if (s->paper_pending) {
		s->paper_pending = FALSE;
		link_on_paper(s, in, &s->paper_span, s->paper_line);
	}
}

static void
collect_inlines(Setter *s, Inlines *in, const DocNode *first, const DocNode *stop)
{
	for (const DocNode *n = first; n != stop; n = n->next) {
		if (n->id && s->inline_ids)
			g_ptr_array_add(s->inline_ids, n->id);
		ThemeLook look;
		if (n->kind != DOC_TEXT && theme_look(n->classes, &look))
			collect_looking(s, in, n, &look);
		else
			collect_node(s, in, n);
	}
}

static void
collect_node(Setter *s, Inlines *in, const DocNode *n)
{
	PdfWriter *w = s->w;
	int start = (int)in->text->len;
	switch (n->kind) {
	case DOC_TEXT: append_looking(s, in, n->text); break;
	case DOC_ELEMENT_INLINE: collect_element(s, in, n); break;
	case DOC_SOFT_BREAK: g_string_append_c(in->text, ' '); break;
	case DOC_LINE_BREAK: g_string_append_c(in->text, '\n'); break;
	case DOC_EMPH:
		collect_inlines(s, in, n->first, NULL);
		attr_range(in, pango_attr_style_new(PANGO_STYLE_ITALIC), start);
		break;
	case DOC_STRONG:
		collect_inlines(s, in, n->first, NULL);
		attr_range(in, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start);
		break;
	case DOC_STRIKE:
		collect_inlines(s, in, n->first, NULL);
		attr_range(in, pango_attr_strikethrough_new(TRUE), start);
		break;
	case DOC_CODE:
		append_text(in, n->text);
		attr_range(in, pango_attr_family_new(w->style.font_mono), start);
		attr_range(in, pango_attr_scale_new(0.88), start);
		break;
	case DOC_LINK: collect_link(s, in, n); break;
	case DOC_IMAGE: collect_image(s, in, n); break;
	case DOC_FOOTNOTE_REF: {
		/* The note goes to the foot of the page. On paper the addresses
		 * of links are notes too, and the two share one count. */
		const DocNode *footnote =
		    s->footnotes ? g_hash_table_lookup(s->footnotes, n->text) : NULL;
		if (!footnote || !s->notes) {
			raised_number(in, n->u.number);
			break;
		}
		g_autofree char *key = g_strconcat("fn\n", n->text, NULL);
		PdfNote *note = g_hash_table_lookup(s->notes, key);
		if (!note) {
			int number = w->paper ? ++s->notes_numbered : n->u.number;
			note = footnote_note(s, footnote, number);
			keep_page_note(s, key, note, number);
		}
		refer_to_note(in, note);
		break;
	}
	default: break;
	}
}

static void attach_notes(Setter *s, const Inlines *in, guint before, const PdfParagraph *p);

/* Cuts in's text to at most max bytes (at a character), marking the cut. */
static void
clip_for_layout(Setter *s, Inlines *in, gsize max, int line)
{
	if (in->text->len <= max)
		return;
	const char *end = g_utf8_find_prev_char(in->text->str, in->text->str + max);
	g_string_truncate(in->text, end ? (gsize)(end - in->text->str) : 0);
	g_string_append(in->text, "…");
	if (!s->w->reported) /* said once, in the first pass */
		diag_warning(
		    s->w->diag, s->w->page->path, line, 0, "limit",
		    "text longer than %zu bytes in a heading or table cell; cut in the PDF", max);
}

static void
inlines_init(Inlines *in)
{
	in->text = g_string_new(NULL);
	in->attrs = pango_attr_list_new();
	in->links = g_array_new(FALSE, FALSE, sizeof(LinkSpan));
	in->notes = g_array_new(FALSE, FALSE, sizeof(NoteRef));
	in->images = g_array_new(FALSE, FALSE, sizeof(InlineImage));
	in->images_inline = FALSE;
	in->after_picture = FALSE;
	in->unhyphenated = FALSE;
}

static void
inlines_clear(Inlines *in)
{
	g_string_free(in->text, TRUE);
	pango_attr_list_unref(in->attrs);
	for (guint i = 0; i < in->links->len; i++) {
		g_free(g_array_index(in->links, LinkSpan, i).dest);
		g_free(g_array_index(in->links, LinkSpan, i).uri);
	}
	g_array_unref(in->links);
	g_array_unref(in->notes);
	for (guint i = 0; i < in->images->len; i++)
		if (g_array_index(in->images, InlineImage, i).surface)
			cairo_surface_destroy(g_array_index(in->images, InlineImage, i).surface);
	for (guint i = 0; i < in->images->len; i++)
		g_free(g_array_index(in->images, InlineImage, i).alt);
	g_array_unref(in->images);
}

/* A footnote for the foot of the page: its number, its text. */
static PdfNote *
footnote_note(Setter *s, const DocNode *note, int number)
{
	PdfWriter *w = s->w;
	Inlines in;
	inlines_init(&in);
	g_string_append_printf(in.text, "%d ", number);
	attr_range(&in, pango_attr_weight_new(PANGO_WEIGHT_BOLD), 0);
	for (const DocNode *block = note->first; block; block = block->next) {
		if (block != note->first)
			g_string_append_c(in.text, ' ');
		if (block->kind == DOC_PARAGRAPH)
			collect_inlines(s, &in, block->first, NULL);
		else {
			g_autofree char *text = doc_plain_text(block);
			append_text(&in, text);
		}
	}
	PangoLayout *layout = pango_layout_new(w->pango);
	PangoFontDescription *desc = pango_font_description_new();
	pango_font_description_set_family(desc, w->style.font_body);
	pango_font_description_set_size(desc, (int)(w->style.size_small * PANGO_SCALE));
	pango_layout_set_font_description(layout, desc);
	pango_font_description_free(desc);
	pango_layout_set_width(layout, (int)(w->text_width * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(layout, in.text->str, (int)in.text->len);
	pango_layout_set_attributes(layout, in.attrs);
	inlines_clear(&in);
	return pdf_note_new_text(layout);
}

/* Hangs the footnotes referred to in in onto the boxes of the lines that
 * refer to them (boxes from `before` on; p may be NULL: the first box). */
static void
attach_notes(Setter *s, const Inlines *in, guint before, const PdfParagraph *p)
{
	for (guint i = 0; i < in->notes->len && s->boxes->len > before; i++) {
		const NoteRef *ref = &g_array_index(in->notes, NoteRef, i);
		guint line = p ? (guint)pdf_paragraph_line_of(p, ref->offset) : 0;
		Box *box = g_ptr_array_index(s->boxes, MIN(before + line, s->boxes->len - 1));
		if (!box->notes)
			box->notes = g_ptr_array_new_with_free_func(pdf_note_unref);
		g_ptr_array_add(box->notes, pdf_note_ref(ref->note));
	}
}

static void set_lines(Setter *s, const Inlines *in, double x, double width, double space_before,
                      int line, const PdfSetting *how);

/* The boxes of one paragraph's lines, set by paragraph.c. */
static void
set_inlines(Setter *s, const Inlines *in, double x, double width, double space_before, int line)
{
	/* A paragraph of the theme's classes: its size and alignment; a label,
	 * a button or large text is never stretched to the column. */
	const ThemeLook *look = s->look;
	double size = s->w->style.size_body * (look && look->scale ? look->scale : 1);
	PangoAlignment align = !look                             ? PANGO_ALIGN_LEFT
	                       : look->align == DOC_ALIGN_CENTER ? PANGO_ALIGN_CENTER
	                       : look->align == DOC_ALIGN_RIGHT  ? PANGO_ALIGN_RIGHT
	                                                         : PANGO_ALIGN_LEFT;
	PdfSetting how = {.size = size,
	                  .leading = s->w->style.leading,
	                  .align = align,
	                  .justify = s->w->style.justify &&
	                             !(look && (look->align || look->frame || look->scale > 1))};
	set_lines(s, in, x, width, space_before, line, &how);
}

/* The boxes of a run of inlines set by paragraph.c as how says. */
static void
set_lines(Setter *s, const Inlines *in, double x, double width, double space_before, int line,
          const PdfSetting *how)
{
	guint before = s->boxes->len;
	PdfParagraph *p = pdf_paragraph_new(s->w, in, width, how, line);
	int n = pdf_paragraph_lines(p);
	for (int i = 0; i < n; i++) {
		Box *box = box_new(s, BOX_LINE, x, width);
		box->paragraph = pdf_paragraph_ref(p);
		box->line = i;
		box->height = pdf_paragraph_line_height(p);
		box->baseline = pdf_paragraph_baseline(p);
		box->space_before = i == 0 ? space_before : 0;
		/* Widows and orphans: the first two and the last two lines stay together. */
		box->keep_with_next = i < n - 1 && (i == 0 || i == n - 2 || n <= 3);
		GArray *links = g_array_new(FALSE, FALSE, sizeof(PdfLink));
		pdf_paragraph_line_links(p, i, links);
		if (links->len)
			box->links = links;
		else
			g_array_unref(links);
	}
	attach_notes(s, in, before, p);
	pdf_paragraph_unref(p);
}

/* The part [from, to) of in, with its attributes, links and notes moved to
 * start at 0. */
static void
inlines_slice(const Inlines *in, GPtrArray *attrs, int from, int to, Inlines *part)
{
	inlines_init(part);
	g_string_append_len(part->text, in->text->str + from, to - from);
	/* Each attribute that reaches into the part, clipped to it (copying the
	 * whole list and cutting it down would cost the square of its length). */
	for (guint i = 0; i < attrs->len; i++) {
		const PangoAttribute *a = g_ptr_array_index(attrs, i);
		if ((int)a->end_index <= from || (int)a->start_index >= to)
			continue;
		PangoAttribute *copy = pango_attribute_copy(a);
		copy->start_index = (guint)(MAX((int)a->start_index, from) - from);
		copy->end_index = (guint)(MIN((int)a->end_index, to) - from);
		pango_attr_list_insert(part->attrs, copy);
	}
	for (guint i = 0; i < in->links->len; i++) {
		LinkSpan span = g_array_index(in->links, LinkSpan, i);
		if (span.end <= from || span.start >= to)
			continue;
		span.start = MAX(span.start, from) - from;
		span.end = MIN(span.end, to) - from;
		span.dest = g_strdup(span.dest);
		span.uri = g_strdup(span.uri);
		g_array_append_val(part->links, span);
	}
	for (guint i = 0; i < in->notes->len; i++) {
		NoteRef ref = g_array_index(in->notes, NoteRef, i);
		if (ref.offset >= from && ref.offset < to) {
			ref.offset -= from;
			g_array_append_val(part->notes, ref);
		}
	}
	for (guint i = 0; i < in->images->len; i++) {
		InlineImage image = g_array_index(in->images, InlineImage, i);
		if (image.offset >= from && image.offset < to) {
			image.offset -= from;
			if (image.surface)
				cairo_surface_reference(image.surface);
			image.alt = g_strdup(image.alt);
			g_array_append_val(part->images, image);
		}
	}
}

/* Hands the boxes set so far to pagination, but for the last few (which the
 * code setting them may still adjust) and those tied to them: a page of the
 * site that is one huge paragraph then never holds all its lines at once. */
static void
flush_boxes(Setter *s)
{
	guint cut = s->boxes->len > 8 ? s->boxes->len - 8 : 0;
	while (cut > 0 && ((Box *)g_ptr_array_index(s->boxes, cut - 1))->keep_with_next)
		cut--;
	if (cut == 0)
		return;
	GPtrArray *rest = g_ptr_array_new_with_free_func(pdf_box_free);
	for (guint i = cut; i < s->boxes->len; i++)
		g_ptr_array_add(rest, g_ptr_array_index(s->boxes, i));
	g_ptr_array_set_free_func(s->boxes, NULL);
	g_ptr_array_set_size(s->boxes, cut);
	g_ptr_array_set_free_func(s->boxes, pdf_box_free);
	pdf_paginate(s->w, s->boxes, FALSE);
	g_ptr_array_unref(s->boxes);
	s->boxes = rest;
}

/* A paragraph of the inlines first..stop (in the given weight), set by
 * paragraph.c's line breaker. One longer than PARAGRAPH_MAX_BYTES is set in
 * parts cut at spaces, so that its cost stays bounded (and, at the top level
 * of a page, its lines are placed part by part). Returns its last box. */
static Box *
set_paragraph_looking(Setter *s, const DocNode *first, const DocNode *stop, double x, double width,
                      double space_before, int line, const ThemeLook *look)
{
	Inlines in;
	inlines_init(&in);
	in.images_inline = TRUE;
	gboolean uppercase = s->uppercase, no_break = s->no_break;
	const ThemeLook *outer = s->look;
	if (look) {
		s->uppercase |= look->uppercase;
		s->no_break |= look->no_break;
		if (look->frame)
			g_string_append(in.text, FRAME_PAD);
	}
	collect_inlines(s, &in, first, stop);
	if (look) {
		if (look->frame)
			g_string_append(in.text, FRAME_PAD);
		apply_look(s, &in, look, 0, TRUE);
	}
	s->uppercase = uppercase;
	s->no_break = no_break;
	s->look = look;
	guint before = s->boxes->len;
	gboolean made = FALSE; /* any box (some may have been placed already) */
	int length = (int)in.text->len;
	if (length > PARAGRAPH_MAX_BYTES) {
		if (!s->w->reported)
			diag_warning(s->w->diag, s->w->page->path, line, 0, "limit",
			             "paragraph longer than %d bytes; set in parts",
			             PARAGRAPH_MAX_BYTES);
		g_autoptr(GPtrArray) attrs =
		    g_ptr_array_new_with_free_func((GDestroyNotify)pango_attribute_destroy);
		GSList *list = pango_attr_list_get_attributes(in.attrs);
		for (GSList *l = list; l; l = l->next)
			g_ptr_array_add(attrs, l->data);
		g_slist_free(list);
		for (int from = 0; from < length;) {
			int to = MIN(length, from + PARAGRAPH_MAX_BYTES);
			while (to < length && to > from + 1 && in.text->str[to] != ' ')
				to--;
			if (to <= from + 1)
				to = MIN(length, from + PARAGRAPH_MAX_BYTES);
			while (to < length && (in.text->str[to] & 0xC0) == 0x80)
				to++; /* never inside a character */
			Inlines part;
			inlines_slice(&in, attrs, from, to, &part);
			guint at = s->boxes->len;
			set_inlines(s, &part, x, width, from == 0 ? space_before : 0, line);
			made |= s->boxes->len > at;
			inlines_clear(&part);
			from = to;
			if (s->may_flush && from < length)
				flush_boxes(s);
		}
	} else if (length > 0) {
		set_inlines(s, &in, x, width, space_before, line);
		made = s->boxes->len > before;
	}
	inlines_clear(&in);
	s->look = outer;
	return made ? g_ptr_array_index(s->boxes, s->boxes->len - 1) : NULL;
}

static Box *
set_paragraph(Setter *s, const DocNode *first, const DocNode *stop, double x, double width,
              double space_before, int line)
{
	return set_paragraph_looking(s, first, stop, x, width, space_before, line, NULL);
}

static const ThemeLook bold_look = {.weight = PANGO_WEIGHT_BOLD};

/* ---- images ------------------------------------------------------------ */

static ImageEntry *
load_image(Setter *s, const char *file, int line, int col)
{
	PdfWriter *w = s->w;
	ImageEntry *entry = g_hash_table_lookup(w->images, file);
	if (entry)
		return entry;
	entry = g_new0(ImageEntry, 1);
	g_hash_table_insert(w->images, g_strdup(file), entry);
	g_autofree char *full = g_build_filename(w->site->root, file, NULL);
	g_autofree guint8 *data = NULL;
	gsize len = 0;
	const char *problem = NULL;
	if (!g_file_get_contents(full, (char **)&data, &len, NULL)) {
		problem = "a file that cannot be read";
	} else {
		/* The first pass needs only the size (whether a PNG decodes is
		 * checked when it is drawn). */
		entry->surface = pdf_picture_decode(data, len, !w->drawing, &entry->width_px,
		                                    &entry->height_px, &problem);
		entry->measured_only = !entry->surface && !problem;
	}
	if (entry->surface && cairo_surface_get_type(entry->surface) == CAIRO_SURFACE_TYPE_IMAGE) {
		/* cairo embeds an image once per id: derive it from the bytes. */
		char *id = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
		cairo_surface_set_mime_data(entry->surface, CAIRO_MIME_TYPE_UNIQUE_ID,
		                            (const unsigned char *)id, strlen(id), g_free, id);
	}
	if (problem && !w->reported)
		book_say_broken_image(w->book, w->page->path, line, col, file, problem);
	return entry;
}

static void
set_image(Setter *s, const DocNode *image, double x, double width, double space_before)
{
	PdfWriter *w = s->w;
	ImageEntry *entry = image->target == LINK_FILE
	                        ? load_image(s, image->target_file, image->line, image->col)
	                        : NULL;
	PdfTag *outer = tag_push(s, "Figure");
	if (s->tag != outer)
		s->tag->alt = figure_alt(image);
	if (!entry || (!entry->surface && !entry->measured_only)) {
		g_autofree char *alt = doc_plain_text(image);
		Box *box = box_new(s, BOX_PLACEHOLDER, x, width);
		tag_pop(s, outer);
		box->height = 54;
		box->space_before = space_before;
		/* On paper, an image on another host is a QR code a phone opens. */
		double qr_width = 0;
		if (image->target == LINK_EXTERNAL && w->paper && w->style.qr_codes) {
			box->qr = QRcode_encodeString(image->url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
			if (box->qr) {
				qr_width = box->qr->width * w->style.qr_module;
				box->height = MAX(box->height, qr_width + 12);
			}
		}
		PangoLayout *layout =
		    layout_new(w, w->style.font_heading, w->style.size_small, PANGO_WEIGHT_NORMAL,
		               width - 16 - (qr_width > 0 ? qr_width + 8 : 0));
		pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
		g_autofree char *label = g_strdup_printf("%s\n%s", *alt ? alt : "", image->url);
		pango_layout_set_text(layout, label, -1);
		pango_layout_set_height(layout, -3);
		pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
		box->layout = layout;
		return;
	}
	/* Natural size at 96 dpi, never wider than the column nor taller than
	 * most of the page. */
	double natural_w = entry->width_px * 72.0 / 96.0,
	       natural_h = entry->height_px * 72.0 / 96.0;
	if (image->width && *image->width) {
		/* {: width="300" } in pixels at 96 dpi, or {: width="50%" } of the column. */
		double value = g_ascii_strtod(image->width, NULL);
		double wanted =
		    g_str_has_suffix(image->width, "%") ? width * value / 100 : value * 72.0 / 96.0;
		if (wanted > 0) {
			natural_h *= wanted / natural_w;
			natural_w = wanted;
		}
	}
	double scale = MIN(1.0, MIN(width / natural_w, (w->text_height * 0.82) / natural_h));
	Box *box = box_new(s, BOX_IMAGE, x, width);
	tag_pop(s, outer);
	box->image = entry->surface ? cairo_surface_reference(entry->surface) : NULL;
	box->image_px_width = entry->width_px;
	box->image_px_height = entry->height_px;
	box->image_width = natural_w * scale;
	box->image_height = natural_h * scale;
	box->height = box->image_height;
	box->space_before = space_before;
	/* Print wants 150 pixels to the inch at the size the image is placed. */
	double dpi = entry->width_px * 72.0 / box->image_width;
	if (dpi < PRINT_MIN_DPI && !w->reported)
		diag_warning(
		    w->diag, w->page->path, image->line, image->col, "image-resolution",
		    "image '%s' (%d x %d pixels) prints %.0f mm wide at %.0f dpi, blurred "
		    "on paper; print needs %d dpi: an image at least %.0f pixels wide, or a "
		    "smaller width",
		    image->url, entry->width_px, entry->height_px, box->image_width * 25.4 / 72,
		    dpi, PRINT_MIN_DPI, ceil(box->image_width / 72 * PRINT_MIN_DPI));
}

/* Where a link leads in this PDF: a destination or an address (both NULL:
 * nowhere a reader of the PDF can go). */
static void
link_target(PdfWriter *w, const DocNode *n, char **dest, char **uri)
{
	*dest = *uri = NULL;
	if (n->target == LINK_EXTERNAL) {
		*uri = g_strdup(n->url);
	} else if (n->target == LINK_PAGE && g_hash_table_contains(w->page_index, n->target_page)) {
		*dest = n->target_fragment ? pdf_dest_anchor(w, n->target_page, n->target_fragment)
		                           : pdf_dest_page(w, n->target_page);
		/* An anchor the book has no destination for (an id inside raw
		 * HTML text): the link leads to its page rather than nowhere. */
		if (n->target_fragment && w->dest_pages &&
		    !g_hash_table_contains(w->dest_pages, *dest)) {
			g_free(*dest);
			*dest = pdf_dest_page(w, n->target_page);
		}
	}
}

/* A run of inlines that holds images and nothing else (but blank text, line
 * ends and links around images: the click-to-enlarge [![](a.png)](a.png),
 * a row of linked logos) is set as the images, one below the other, each
 * clickable where its link leads. FALSE, with nothing set, for any other run. */
static gboolean
set_images(Setter *s, const DocNode *first, const DocNode *stop, double x, double width)
{
	if (!doc_is_image_run(first, stop))
		return FALSE;
	g_autoptr(GPtrArray) images = g_ptr_array_new();
	g_autoptr(GPtrArray) links = g_ptr_array_new();
	for (const DocNode *n = first; n != stop; n = n->next) {
		for (const DocNode *c = n->kind == DOC_LINK ? n->first : n; c;
		     c = n->kind == DOC_LINK ? c->next : NULL) {
			if (c->kind == DOC_IMAGE) {
				g_ptr_array_add(images, (gpointer)c);
				g_ptr_array_add(links, n->kind == DOC_LINK ? (gpointer)n : NULL);
			}
		}
	}
	for (guint i = 0; i < images->len; i++) {
		set_image(s, g_ptr_array_index(images, i), x, width,
		          i == 0 ? s->w->style.space_block : s->w->style.space_paragraph);
		const DocNode *link = g_ptr_array_index(links, i);
		Box *box = s->boxes->len ? g_ptr_array_index(s->boxes, s->boxes->len - 1) : NULL;
		if (!link || !box || box->kind != BOX_IMAGE)
			continue;
		PdfLink area = {(box->width - box->image_width) / 2,
		                0,
		                box->image_width,
		                box->image_height,
		                NULL,
		                NULL,
		                NULL};
		link_target(s->w, link, &area.dest, &area.uri);
		if (!area.dest && !area.uri)
			continue;
		area.text = figure_alt(g_ptr_array_index(images, i));
		if (!box->links)
			box->links = g_array_new(FALSE, FALSE, sizeof(PdfLink));
		g_array_append_val(box->links, area);
	}
	return TRUE;
}

/* ---- blocks ------------------------------------------------------------ */

static void set_blocks(Setter *s, const DocNode *first, double x, double width, gboolean tight);

/* The pictures the text of the block just set holds, after it. */
static void
set_deferred_images(Setter *s, double x, double width)
{
	if (!s->deferred_images || !s->deferred_images->len)
		return;
	g_autoptr(GPtrArray) images = s->deferred_images;
	s->deferred_images = g_ptr_array_new();
	for (guint i = 0; i < images->len; i++)
		set_image(s, g_ptr_array_index(images, i), x, width, s->w->style.space_block);
}

/* Destinations for the ids raw HTML gave: a block's own and those of the
 * inlines set with it, at the first box the block made (the boxes before it
 * may have gone to pagination already: then at the first one left). */
static void
place_ids(Setter *s, const DocNode *n, guint before)
{
	if (!s->ids || !s->inline_ids)
		return;
	if (n->id)
		g_ptr_array_insert(s->inline_ids, 0, n->id);
	for (guint i = 0; i < s->inline_ids->len && s->boxes->len > 0; i++) {
		const char *id = g_ptr_array_index(s->inline_ids, i);
		if (g_hash_table_contains(s->ids, id))
			continue;
		g_hash_table_add(s->ids, g_strdup(id));
		add_destination(s, g_ptr_array_index(s->boxes, MIN(before, s->boxes->len - 1)), id);
	}
	g_ptr_array_set_size(s->inline_ids, 0);
}

static void
set_heading_text(Setter *s, const char *text_plain, const DocNode *inline_first, int level,
                 double x, double width, char *dest, const char *toc_title, gboolean is_page)
{
	PdfWriter *w = s->w;
	int shown = CLAMP(level, 1, 6);
	double size = w->style.size_heading[shown - 1];
	Inlines in;
	inlines_init(&in);
	/* An icon stands in the heading's line, as tall as its letters; a
	 * heading is never hyphenated. */
	in.images_inline = TRUE;
	in.unhyphenated = TRUE;
	s->text_size = size;
	if (inline_first)
		collect_inlines(s, &in, inline_first, NULL);
	else
		append_text(&in, text_plain);
	s->text_size = 0;
	int line = !inline_first          ? 0
	           : inline_first->line   ? inline_first->line
	           : inline_first->parent ? inline_first->parent->line
	                                  : 0;
	clip_for_layout(s, &in, HEADING_MAX_BYTES, line);
	guint before = s->boxes->len;
	double space = shown == 1 ? 0 : w->style.space_heading_before * (shown <= 2 ? 1.3 : 1.0);
	static const char *const levels[] = {"H1", "H2", "H3", "H4", "H5", "H6"};
	PdfTag *outer = tag_push(s, levels[shown - 1]);
	const PdfSetting how = {.family = w->style.font_heading,
	                        .weight = PANGO_WEIGHT_BOLD,
	                        .size = size,
	                        .spacing = 1.15,
	                        .unhyphenated = TRUE};
	set_lines(s, &in, x, width, space, line, &how);
	tag_pop(s, outer);
	inlines_clear(&in);
	for (guint i = before; i < s->boxes->len; i++) {
		Box *box = g_ptr_array_index(s->boxes, i);
		box->keep_with_next = TRUE; /* never stranded at the foot of a page */
		box->color = &w->style.heading;
	}
	if (s->boxes->len > before) {
		Box *first = g_ptr_array_index(s->boxes, before);
		add_mark(s, first, toc_title, dest, level - 1, is_page);
		((PdfMark *)g_ptr_array_index(first->marks, first->marks->len - 1))->level =
		    is_page ? 1 : level - s->depth;
		/* The space after a heading: before the next block. */
		Box *last = g_ptr_array_index(s->boxes, s->boxes->len - 1);
		last->height += w->style.space_heading_after;
	} else {
		g_free(dest);
	}
}

/* A heading's words for the contents and the bookmarks: its text without
 * the descriptions of its icons (their pictures are not there), unless
 * they are all it has. */
static char *
heading_title(const DocNode *h)
{
	char *title = g_strstrip(doc_words(h));
	if (*title)
		return title;
	g_free(title);
	return doc_plain_text(h);
}

static void
set_heading(Setter *s, const DocNode *h, double x, double width)
{
	PdfWriter *w = s->w;
	g_autofree char *text = heading_title(h);
	char *dest = h->id ? pdf_dest_anchor(w, w->page, h->id) : NULL;
	int level = h->u.level + s->depth;
	if (!dest) /* every heading gets a destination, for its bookmark */
		dest = g_strdup_printf("heading.%u", ++w->unnamed_headings);
	set_heading_text(s, text, h->first, level, x, width, dest, text, FALSE);
}

static void
set_code(Setter *s, const DocNode *code, double x, double width)
{
	PdfWriter *w = s->w;
	const double pad = 4, gutter = 9;
	PangoLayout *layout = layout_new(w, w->style.font_mono, w->style.size_code,
	                                 PANGO_WEIGHT_NORMAL, width - 2 * pad - gutter);
	pango_layout_set_line_spacing(layout, 1.2f);
	GString *text = g_string_new(NULL);
	for (const char *p = code->text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == '\t')
			g_string_append(text, "    ");
		else if (c == '\n' || (c >= 0x20 && !(c >= 0x7F && c < 0xA0)))
			g_string_append_len(text, p, g_utf8_next_char(p) - p);
	}
	/* A code line past the limit is cut (Pango wraps long runs slowly). */
	GString *kept = g_string_sized_new(text->len);
	gboolean cut = FALSE;
	g_auto(GStrv) lines = g_strsplit(text->str, "\n", -1);
	for (char **line = lines; *line; line++) {
		if (strlen(*line) > CODE_LINE_MAX_BYTES) {
			*(char *)g_utf8_find_prev_char(*line, *line + CODE_LINE_MAX_BYTES) = '\0';
			cut = TRUE;
		}
		g_string_append(kept, *line);
		if (line[1])
			g_string_append_c(kept, '\n');
	}
	if (cut) {
		if (!w->reported) /* said once, in the first pass */
			diag_warning(w->diag, w->page->path, code->line, 0, "limit",
			             "code line longer than %d bytes; cut in the PDF",
			             CODE_LINE_MAX_BYTES);
		g_string_assign(text, kept->str);
	}
	g_string_free(kept, TRUE);
	while (text->len && text->str[text->len - 1] == '\n')
		g_string_truncate(text, text->len - 1);
	pango_layout_set_text(layout, text->str, (int)text->len);
	check_glyphs(s, layout, code->line);
	PdfTag *outer = tag_push(s, "Code");
	PangoLayoutIter *it = pango_layout_get_iter(layout);
	int index = 0, n = pango_layout_get_line_count(layout);
	do {
		int y0, y1;
		pango_layout_iter_get_line_yrange(it, &y0, &y1);
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		Box *box = box_new(s, BOX_LINE, x + pad + gutter, width - 2 * pad - gutter);
		box->layout = g_object_ref(layout);
		box->line = index;
		box->height = (y1 - y0) / (double)PANGO_SCALE;
		box->baseline = (pango_layout_iter_get_baseline(it) - y0) / (double)PANGO_SCALE;
		box->code_background = TRUE;
		box->code_x = x;
		box->code_width = width;
		/* A line that does not start after a newline continues the one before. */
		box->continued = line->start_index > 0 && text->str[line->start_index - 1] != '\n';
		if (index == 0) {
			box->height += pad;
			box->baseline += pad;
			box->space_before = w->style.space_block;
		}
		if (index == n - 1)
			box->height += pad;
		index++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	tag_pop(s, outer);
	g_string_free(text, TRUE);
	g_object_unref(layout);
}

static void
set_rule(Setter *s, double x, double width)
{
	Box *box = box_new(s, BOX_RULE, x, width);
	g_clear_pointer(&box->tag, pdf_tag_unref); /* a separator, not content */
	box->height = 14;
	box->space_before = s->w->style.space_block / 2;
	box->keep_with_next = TRUE; /* a rule separates: never the last thing on a page */
}

/* The links of a table cell's lines, as rectangles of its row. */
static void
add_cell_links(Box *row, const PdfParagraph *text, double cell_x, double top)
{
	g_autoptr(GArray) links = g_array_new(FALSE, FALSE, sizeof(PdfLink));
	for (int line = 0; line < pdf_paragraph_lines(text); line++) {
		guint before = links->len;
		pdf_paragraph_line_links(text, line, links);
		for (guint i = before; i < links->len; i++) {
			PdfLink *link = &g_array_index(links, PdfLink, i);
			link->x += cell_x;
			link->y += top + line * pdf_paragraph_line_height(text);
		}
	}
	if (!links->len)
		return;
	if (!row->links)
		row->links = g_array_new(FALSE, FALSE, sizeof(PdfLink));
	g_array_append_vals(row->links, links->data, links->len);
}

/* text as a paragraph of plain text: what a limit leaves of blocks the
 * PDF cannot set as they are. */
static void
set_plain_paragraph(Setter *s, const char *text, double x, double width, int line)
{
	DocNode plain = {.kind = DOC_TEXT, .text = (char *)text};
	PdfTag *outer = tag_push(s, "P");
	set_paragraph(s, &plain, NULL, x, width, s->w->style.space_paragraph, line);
	tag_pop(s, outer);
}

/* Column widths from the content: each column gets at least its longest
 * word, and what is left is shared in proportion to the columns' full text. */
static void
set_table(Setter *s, const DocNode *table, double x, double width)
{
	PdfWriter *w = s->w;
	const double pad = 3;
	int columns = (int)MAX(1u, table->u.columns);
	if (columns > TABLE_MAX_COLUMNS) {
		/* Too many to read side by side on a page: each row as a line of
		 * its cells, so that nothing is lost. */
		pdf_say_once(w, table->line, "limit", "table columns",
		             "a table of %d columns, more than the %d a page can show side by "
		             "side; the PDF sets each row as a paragraph of its cells",
		             columns, TABLE_MAX_COLUMNS);
		for (const DocNode *part = table->first; part; part = part->next)
			for (const DocNode *row = part->first; row; row = row->next) {
				GString *text = g_string_new(NULL);
				for (const DocNode *cell = row->first; cell; cell = cell->next) {
					g_autofree char *plain = doc_plain_text(cell);
					if (text->len)
						g_string_append(text, " · ");
					g_string_append(text, plain);
				}
				set_plain_paragraph(s, text->str, x, width, row->line);
				g_string_free(text, TRUE);
			}
		return;
	}
	g_autofree double *min_w = g_new0(double, columns);
	g_autofree double *max_w = g_new0(double, columns);
	g_autoptr(GPtrArray) rows = g_ptr_array_new();
	for (const DocNode *part = table->first; part; part = part->next)
		for (const DocNode *row = part->first; row; row = row->next)
			g_ptr_array_add(rows, (gpointer)row);

	/* Each cell's text, gathered once: measured, then set, as it is. */
	g_autoptr(GArray) texts = g_array_new(FALSE, TRUE, sizeof(Inlines));
	g_array_set_size(texts, rows->len * (guint)columns);
	for (guint r = 0; r < rows->len; r++) {
		const DocNode *row = g_ptr_array_index(rows, r);
		int c = 0;
		for (const DocNode *cell = row->first; cell && c < columns;
		     cell = cell->next, c++) {
			Inlines *in = &g_array_index(texts, Inlines, r * (guint)columns + (guint)c);
			inlines_init(in);
			in->images_inline = TRUE;
			collect_inlines(s, in, cell->first, NULL);
			clip_for_layout(s, in, CELL_MAX_BYTES, cell->line);
			if (row->parent->kind == DOC_TABLE_HEAD)
				attr_range(in, pango_attr_weight_new(PANGO_WEIGHT_BOLD), 0);
		}
	}

	/* Measure, with the cells' own fonts (code in the monospace). */
	for (guint r = 0; r < rows->len; r++) {
		const DocNode *row = g_ptr_array_index(rows, r);
		int c = 0;
		for (const DocNode *cell = row->first; cell && c < columns;
		     cell = cell->next, c++) {
			const Inlines *in =
			    &g_array_index(texts, Inlines, r * (guint)columns + (guint)c);
			PangoLayout *l = layout_new(
			    w, w->style.font_body, w->style.size_small,
			    cell->u.cell.header ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL, -1);
			pango_layout_set_text(l, in->text->str, (int)in->text->len);
			pango_layout_set_attributes(l, in->attrs);
			int lw, lh;
			pango_layout_get_size(l, &lw, &lh);
			max_w[c] = MAX(max_w[c], lw / (double)PANGO_SCALE + 2 * pad);
			/* The widest word: from its start to its end on the one line. */
			const char *t = in->text->str;
			for (int a = 0; t[a];) {
				while (t[a] == ' ' || t[a] == '\n')
					a++;
				int b = a;
				while (t[b] && t[b] != ' ' && t[b] != '\n')
					b++;
				if (b > a) {
					PangoRectangle from, to;
					pango_layout_index_to_pos(l, a, &from);
					pango_layout_index_to_pos(l, b, &to);
					double word = (t[b] ? to.x : lw) - from.x;
					min_w[c] = MAX(min_w[c], MIN(word / PANGO_SCALE + 2 * pad,
					                             width / columns * 1.5));
				}
				a = b;
			}
			g_object_unref(l);
		}
	}
	g_autofree double *col_w = g_new0(double, columns);
	double sum_min = 0, sum_max = 0;
	for (int c = 0; c < columns; c++) {
		max_w[c] = MAX(max_w[c], min_w[c]);
		sum_min += min_w[c];
		sum_max += max_w[c];
	}
	for (int c = 0; c < columns; c++) {
		if (sum_max <= width)
			col_w[c] = max_w[c] * (width / sum_max > 1.25 ? 1 : width / sum_max);
		else if (sum_min >= width)
			col_w[c] = width * min_w[c] / sum_min;
		else
			col_w[c] = min_w[c] +
			           (width - sum_min) * (max_w[c] - min_w[c]) / (sum_max - sum_min);
	}
	double total = 0;
	for (int c = 0; c < columns; c++)
		total += col_w[c];
	if (total > width)
		for (int c = 0; c < columns; c++)
			col_w[c] *= width / total;

	/* Set. */
	Box *header = NULL;
	PdfTag *outer = tag_push(s, "Table");
	for (guint r = 0; r < rows->len; r++) {
		const DocNode *row = g_ptr_array_index(rows, r);
		s->block = row->block;
		PdfTag *table = tag_push(s, "TR");
		Box *box = box_new(s, BOX_ROW, x, width);
		tag_pop(s, table);
		box->columns = columns;
		box->cells = g_ptr_array_new_with_free_func((GDestroyNotify)pdf_paragraph_unref);
		box->cell_x = g_new0(double, columns);
		box->cell_width = g_new0(double, columns);
		box->header = row->parent->kind == DOC_TABLE_HEAD;
		box->space_before = r == 0 ? w->style.space_block : 0;
		double cx = 0, height = 0;
		const DocNode *cell = row->first;
		for (int c = 0; c < columns; c++) {
			box->cell_x[c] = cx + pad;
			box->cell_width[c] = col_w[c] - 2 * pad;
			cx += col_w[c];
			PdfParagraph *text = NULL;
			if (cell) {
				/* Set by the line breaker, as paragraphs are: hyphenated,
				 * never wider than the column, its links clickable. */
				Inlines *in =
				    &g_array_index(texts, Inlines, r * (guint)columns + (guint)c);
				if (in->text->len) {
					PdfSetting how = {
					    .size = w->style.size_small,
					    .leading = CELL_LEADING,
					    .align = cell->u.cell.align == DOC_ALIGN_RIGHT
					                 ? PANGO_ALIGN_RIGHT
					             : cell->u.cell.align == DOC_ALIGN_CENTER
					                 ? PANGO_ALIGN_CENTER
					                 : PANGO_ALIGN_LEFT};
					text = pdf_paragraph_new(w, in, box->cell_width[c], &how,
					                         cell->line);
					add_cell_links(box, text, box->cell_x[c], pad);
				}
				attach_notes(s, in, s->boxes->len - 1, NULL);
				inlines_clear(in);
				cell = cell->next;
			}
			if (text)
				height = MAX(height, pdf_paragraph_lines(text) *
				                         pdf_paragraph_line_height(text));
			g_ptr_array_add(box->cells, text);
		}
		box->height = height + 2 * pad;
		if (box->header) {
			header = box;
			box->keep_with_next = TRUE;
		} else {
			box->header_row = header;
		}
	}
	tag_pop(s, outer);
}

static void
set_list(Setter *s, const DocNode *list, double x, double width)
{
	PdfWriter *w = s->w;
	double indent = w->style.list_indent;
	unsigned number = list->u.list.ordered ? list->u.list.start : 0;
	Box *end_of_previous = NULL;
	s->lists++;
	PdfTag *outer = tag_push(s, "L");
	for (const DocNode *item = list->first; item; item = item->next, number++) {
		guint before = s->boxes->len;
		/* The last item never stands alone at the top of a page. */
		if (!item->next && end_of_previous)
			end_of_previous->keep_with_next = TRUE;
		PdfTag *in_list = tag_push(s, "LI");
		PdfTag *item_tag = s->tag != in_list ? pdf_tag_ref(s->tag) : NULL;
		PdfTag *in_item = tag_push(s, "LBody");
		set_blocks(s, item->first, x + indent, width - indent, list->u.list.tight);
		tag_pop(s, in_item);
		tag_pop(s, in_list);
		if (s->boxes->len == before) {
			pdf_tag_unref(item_tag);
			continue;
		}
		Box *first = g_ptr_array_index(s->boxes, before);
		/* The marker is the item's label, before its body. */
		pdf_tag_unref(first->item_tag);
		first->item_tag = item_tag;
		if (item == list->first)
			first->space_before = MAX(first->space_before, w->style.space_paragraph);
		else if (list->u.list.tight)
			first->space_before = 1.5;
		if (item->u.task != DOC_TASK_NONE) {
			first->task = item->u.task == DOC_TASK_DONE ? 2 : 1;
			end_of_previous = g_ptr_array_index(s->boxes, s->boxes->len - 1);
			continue;
		}
		g_autofree char *label =
		    list->u.list.ordered ? g_strdup_printf("%u%c", number, list->u.list.delimiter)
		                         : g_strdup(s->lists % 2 ? "•" : "–");
		first->marker =
		    layout_new(w, w->style.font_body, w->style.size_body, PANGO_WEIGHT_NORMAL, -1);
		pango_layout_set_text(first->marker, label, -1);
		end_of_previous = g_ptr_array_index(s->boxes, s->boxes->len - 1);
	}
	tag_pop(s, outer);
	s->lists--;
}

/* A callout: its title in the callout's colour, then its content, on a tint. */
static void
set_callout(Setter *s, const DocNode *n, double x, double width)
{
	PdfWriter *w = s->w;
	const SiteCallout *callout = n->callout;
	const double pad = 6;
	double rgb[3];
	site_callout_rgb(callout, rgb);
	guint before = s->boxes->len;
	double inner_x = x + pad + 2, inner_width = width - 2 * pad - 2;

	const DocNode *content = n->first;
	Inlines in;
	inlines_init(&in);
	if (n->callout_titled && n->kind == DOC_PARAGRAPH) {
		const DocNode *stop = n->first;
		while (stop && stop->kind != DOC_SOFT_BREAK && stop->kind != DOC_LINE_BREAK)
			stop = stop->next;
		collect_inlines(s, &in, n->first, stop);
		content = stop ? stop->next : NULL;
	} else if (n->callout_titled && n->first && n->first->kind == DOC_PARAGRAPH) {
		collect_inlines(s, &in, n->first->first, NULL);
		content = n->first->next;
	} else {
		g_autofree char *title = site_callout_title(w->site, callout);
		g_string_append(in.text, title);
	}
	const PdfSetting how = {.family = w->style.font_heading,
	                        .weight = PANGO_WEIGHT_BOLD,
	                        .size = w->style.size_small + 0.5,
	                        .spacing = w->style.leading,
	                        .unhyphenated = TRUE};
	/* A box of its own in the structure, its title a paragraph. */
	PdfTag *outer = tag_push(s, "Div");
	PdfTag *in_callout = tag_push(s, "P");
	set_lines(s, &in, inner_x, inner_width, w->style.space_block, n->line, &how);
	tag_pop(s, in_callout);
	inlines_clear(&in);
	guint title_end = s->boxes->len;
	if (n->kind == DOC_PARAGRAPH && content) {
		in_callout = tag_push(s, "P");
		set_paragraph(s, content, NULL, inner_x, inner_width, 2, n->line);
		tag_pop(s, in_callout);
	} else if (n->kind == DOC_BLOCKQUOTE) {
		set_blocks(s, content, inner_x, inner_width, FALSE);
	}
	tag_pop(s, outer);
	if (s->boxes->len == before)
		return;
	for (guint i = before; i < s->boxes->len; i++) {
		Box *box = g_ptr_array_index(s->boxes, i);
		box->callout = TRUE;
		memcpy(box->callout_rgb, rgb, sizeof rgb);
		box->callout_x = x;
		box->callout_width = width;
		if (i < title_end) {
			box->keep_with_next = TRUE;
			box->callout_title = TRUE;
		}
	}
	Box *first = g_ptr_array_index(s->boxes, before);
	first->height += pad / 2;
	first->baseline += pad / 2;
	Box *last = g_ptr_array_index(s->boxes, s->boxes->len - 1);
	last->height += pad / 2;
}

static void
set_blocks(Setter *s, const DocNode *first, double x, double width, gboolean tight)
{
	PdfWriter *w = s->w;
	if (++s->nesting > MAX_NESTING) {
		/* Deeper than any real page: the rest is set as plain text. */
		pdf_say_once(w, first->line, "limit", "nesting",
		             "lists, quotes or callouts nested deeper than %d levels; the deeper "
		             "ones are set as plain text in the PDF",
		             MAX_NESTING);
		for (const DocNode *n = first; n; n = n->next) {
			g_autofree char *text = doc_plain_text(n);
			set_plain_paragraph(s, text, x, width, n->line);
		}
		s->nesting--;
		return;
	}
	for (const DocNode *n = first; n; n = n->next) {
		double space = tight ? 0 : w->style.space_paragraph;
		guint before = s->boxes->len;
		/* Inlines straight under a tight list item belong to the item. */
		s->block = n->block ? n->block : n->parent ? n->parent->block : 0;
		if (n->callout && (n->kind == DOC_PARAGRAPH || n->kind == DOC_BLOCKQUOTE)) {
			set_callout(s, n, x, width);
			place_ids(s, n, before);
			set_deferred_images(s, x, width);
			continue;
		}
		switch (n->kind) {
		case DOC_PARAGRAPH: {
			if (!set_images(s, n->first, NULL, x, width)) {
				/* Only here, where nothing holds on to earlier boxes, may a
				 * huge paragraph's lines be placed as they are set. */
				s->may_flush = s->nesting == 1;
				PdfTag *outer = tag_push(s, "P");
				ThemeLook look;
				gboolean looks = theme_look(n->classes, &look);
				Box *last =
				    set_paragraph_looking(s, n->first, NULL, x, width, space,
				                          n->line, looks ? &look : NULL);
				tag_pop(s, outer);
				s->may_flush = FALSE;
				/* A label (New, Deprecated) tells of what follows it. */
				if (last && looks && look.frame == THEME_FRAME_LABEL && n->next)
					last->keep_with_next = TRUE;
				/* A lead-in line that ends with ':' stays with what it
				 * introduces: a screenshot, a command, a list, a table. */
				g_autofree char *text = doc_plain_text(n);
				g_strchomp(text);
				if (last && g_str_has_suffix(text, ":") && n->next)
					last->keep_with_next = TRUE;
			}
			break;
		}
		case DOC_HEADING: set_heading(s, n, x, width); break;
		case DOC_BLOCKQUOTE: {
			guint before = s->boxes->len;
			PdfTag *outer = tag_push(s, "BlockQuote");
			set_blocks(s, n->first, x + 10, width - 10, FALSE);
			tag_pop(s, outer);
			for (guint i = before; i < s->boxes->len; i++) {
				Box *box = g_ptr_array_index(s->boxes, i);
				if (box->bars < (int)G_N_ELEMENTS(box->bar_x))
					box->bar_x[box->bars++] = x + 2;
			}
			break;
		}
		case DOC_LIST: set_list(s, n, x, width); break;
		case DOC_CODE_BLOCK: set_code(s, n, x, width); break;
		case DOC_ELEMENT_BLOCK: {
			gboolean caption = !strcmp(n->tag, "figcaption");
			PdfTag *outer = tag_push(s, caption ? "Caption" : "Div");
			if ((!strcmp(n->tag, "summary") || caption) &&
			    !(n->first && doc_kind_is_block(n->first->kind)))
				set_paragraph_looking(s, n->first, NULL, x, width, space, n->line,
				                      strcmp(n->tag, "summary") ? NULL
				                                                : &bold_look);
			else
				set_blocks(s, n->first, x, width, tight);
			tag_pop(s, outer);
			break;
		}
		case DOC_THEMATIC_BREAK: set_rule(s, x, width); break;
		case DOC_TABLE: set_table(s, n, x, width); break;
		case DOC_FOOTNOTE: break; /* printed at the foot of the page that refers to it */
		case DOC_DEF_LIST: {
			/* A list whose items are a term (the label) and its definitions. */
			PdfTag *outer = tag_push(s, "L"), *in_list = s->tag;
			gboolean entry_open = FALSE;
			for (const DocNode *item = n->first; item; item = item->next) {
				gboolean term = item->kind == DOC_DEF_TERM;
				guint before = s->boxes->len;
				if (term || !entry_open) {
					tag_pop(s, in_list);
					tag_push(s, "LI");
					entry_open = TRUE;
				}
				PdfTag *in_entry = tag_push(s, term ? "Lbl" : "LBody");
				set_paragraph_looking(s, item->first, NULL,
				                      term ? x : x + w->style.list_indent,
				                      term ? width : width - w->style.list_indent,
				                      term ? w->style.space_paragraph : 1,
				                      item->line, term ? &bold_look : NULL);
				tag_pop(s, in_entry);
				/* A term stays with its definition. */
				if (term && s->boxes->len > before)
					((Box *)g_ptr_array_index(s->boxes, s->boxes->len - 1))
					    ->keep_with_next = TRUE;
			}
			tag_pop(s, in_list);
			tag_pop(s, outer);
			break;
		}
		default: {
			/* Inlines straight under a tight list item: one paragraph up to the
			 * next block. */
			const DocNode *stop = n, *run = n;
			while (stop && !doc_kind_is_block(stop->kind))
				stop = stop->next;
			if (!set_images(s, n, stop, x, width)) {
				PdfTag *outer = tag_push(s, "P");
				set_paragraph(s, n, stop, x, width, 0, n->line);
				tag_pop(s, outer);
			}
			while (n->next != stop)
				n = n->next;
			place_ids(s, run, before);
			set_deferred_images(s, x, width);
			continue;
		}
		}
		place_ids(s, n, before);
		set_deferred_images(s, x, width);
	}
	s->nesting--;
}

static void
set_page(Setter *s, const SitePage *page, gboolean chapter_start)
{
	PdfWriter *w = s->w;
	w->page = page;
	g_autoptr(Doc) doc = book_page_doc(w->book, page);
	if (!doc)
		return;
	s->depth = page->depth;
	guint before = s->boxes->len;
	g_autoptr(GHashTable) footnotes = g_hash_table_new(g_str_hash, g_str_equal);
	for (const DocNode *n = doc->root->first; n; n = n->next)
		if (n->kind == DOC_FOOTNOTE)
			g_hash_table_insert(footnotes, n->text, (gpointer)n);
	s->footnotes = footnotes;
	/* Destinations are unique on a page: headings' ids first, then raw HTML's. */
	g_autoptr(GHashTable) ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	DocIter it;
	doc_iter_init(&it, doc->root);
	DocNode *n;
	DocEvent ev;
	while (doc_iter_next(&it, &n, &ev))
		if (ev == DOC_ENTER && n->kind == DOC_HEADING && n->id)
			g_hash_table_add(ids, g_strdup(n->id));
	s->ids = ids;
	g_autoptr(GHashTable) notes =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, pdf_note_unref);
	s->notes = notes;
	s->notes_numbered = 0;
	s->qr_codes = 0;
	s->block = 0;
	const DocNode *heading = book_page_heading(doc);
	char *dest = pdf_dest_page(w, page);
	if (heading) {
		/* The page's own first heading is its title; it gets the page's
		 * destination and its own id as well. */
		g_autofree char *text = doc_plain_text(heading);
		set_heading_text(s, text, heading->first, 1 + page->depth, 0, w->text_width, dest,
		                 page->title, TRUE);
		if (heading->id && s->boxes->len > before)
			add_destination(s, g_ptr_array_index(s->boxes, before), heading->id);
	} else {
		set_heading_text(s, page->title, NULL, 1 + page->depth, 0, w->text_width, dest,
		                 page->title, TRUE);
	}
	/* The title opens a page for a chapter, or stands apart from the page
	 * before (set before the rest: that may be placed as it is set). */
	if (s->boxes->len > before) {
		Box *first = g_ptr_array_index(s->boxes, before);
		first->new_page = chapter_start;
		if (!chapter_start)
			first->space_before = w->style.space_heading_before * 2;
	}
	g_autoptr(GPtrArray) inline_ids = g_ptr_array_new();
	s->inline_ids = inline_ids;
	s->deferred_images = g_ptr_array_new();
	set_blocks(s, heading ? heading->next : doc->root->first, 0, w->text_width, FALSE);
	/* An id set nowhere else (on a table row, say) still leads to its page. */
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &n, &ev))
		if (ev == DOC_ENTER && n->id)
			g_ptr_array_add(inline_ids, n->id);
	place_ids(s, doc->root, 0);
	set_deferred_images(s, 0, w->text_width);
	g_clear_pointer(&s->deferred_images, g_ptr_array_unref);
	s->inline_ids = NULL;
	s->footnotes = NULL;
	s->notes = NULL;
	s->ids = NULL;
}

void
pdf_set_page(PdfWriter *w, const SitePage *page, const char *chapter, gboolean chapter_start,
             gboolean ends_chapter)
{
	Setter s = {
	    .w = w, .boxes = g_ptr_array_new_with_free_func(pdf_box_free), .chapter = chapter};
	if (w->tagged) {
		/* A section for each page of the site, in its parent page's. */
		guint depth = (guint)MAX(0, page->depth);
		if (w->sections->len > depth)
			g_ptr_array_set_size(w->sections, depth);
		PdfTag *parent = w->sections->len
		                     ? g_ptr_array_index(w->sections, w->sections->len - 1)
		                     : w->document;
		s.tag = pdf_tag_new("Sect", parent);
		g_ptr_array_add(w->sections, s.tag);
	}
	set_page(&s, page, chapter_start);
	pdf_paginate(w, s.boxes, ends_chapter);
	g_ptr_array_unref(s.boxes);
}
