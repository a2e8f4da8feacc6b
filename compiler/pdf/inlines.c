/* Inline content: a run of inlines gathered into text with Pango
 * attributes, links, notes and icons, and set as a paragraph's lines by
 * paragraph.c's line breaker (paragraphs, headings, cells, callout titles). */
#include "setter.h"

#include "../text/greek.h"
#include "../text/lang.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- inline content ---------------------------------------------------- */

void
inlines_attr_range(Inlines *in, PangoAttribute *attr, int start)
{
	attr->start_index = (guint)start;
	attr->end_index = (guint)in->text->len;
	pango_attr_list_insert(in->attrs, attr);
}

/* Emoji that no bundled font draws, as the monochrome symbols of the same
 * meaning that Noto Sans Symbols 2 has: a table of features marked ✅ and
 * ❌ prints check marks and crosses, not boxes. */
static gunichar
printable_symbol(gunichar c)
{
	static const struct {
		gunichar emoji, symbol;
	} symbols[] = {
	    {0x2705, 0x2714}, /* white heavy check mark: heavy check mark */
	    {0x274C, 0x2716}, /* cross mark: heavy multiplication x */
	    {0x274E, 0x2612}, /* negative squared cross mark: ballot box with x */
	};
	for (gsize i = 0; i < G_N_ELEMENTS(symbols); i++)
		if (symbols[i].emoji == c)
			return symbols[i].symbol;
	return c;
}

/* Appends text without the control characters fonts cannot shape.
 * (Hyphenation is the line breaker's business: paragraph.c.) */
void
inlines_append_text(Inlines *in, const char *text)
{
	/* Where a picture left the line, one space stands for the two around it. */
	if (in->after_picture && text[0] == ' ' && in->text->len &&
	    in->text->str[in->text->len - 1] == ' ')
		text++;
	in->after_picture = FALSE;
	/* Runs of characters kept as they are are copied whole; text is valid
	 * UTF-8. */
	const char *run = text, *p = text;
	while (*p) {
		const char *next = g_utf8_next_char(p);
		gunichar c = g_utf8_get_char(p);
		gunichar shown =
		    c == '\n' || c == '\t' ? ' '
		    : c < 0x20 || (c >= 0x7F && c < 0xA0) || (c == 0xAD && in->unhyphenated)
		        ? 0
		        : printable_symbol(c);
		if (shown != c) {
			g_string_append_len(in->text, run, p - run);
			if (shown)
				g_string_append_unichar(in->text, shown);
			run = next;
		}
		p = next;
	}
	g_string_append_len(in->text, run, p - run);
}

static void collect_element(Setter *s, Inlines *in, const DocNode *n);
static void collect_image(Setter *s, Inlines *in, const DocNode *n);
static PdfNote *footnote_note(Setter *s, const DocNode *note, int number);

/* A raised, smaller number after the text: a note's reference. */
static void
raised_number(Inlines *in, int number)
{
	int start = (int)in->text->len;
	g_string_append_printf(in->text, "%d", number);
	inlines_attr_range(in, pango_attr_scale_new(0.7), start);
	inlines_attr_range(in, pango_attr_rise_new(3 * PANGO_SCALE), start);
}

/* The reference to note, which goes to the foot of the page of its line,
 * and the notes that follow it there. */
static void
refer_to_note(Inlines *in, PdfNote *note)
{
	NoteRef ref = {(int)in->text->len, note};
	raised_number(in, note->ordinal);
	g_array_append_val(in->notes, ref);
	for (guint i = 0; note->followers && i < note->followers->len; i++) {
		NoteRef follower = {ref.offset, g_ptr_array_index(note->followers, i)};
		g_array_append_val(in->notes, follower);
	}
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
	inlines_collect(s, in, n->first, NULL);
	LinkSpan span = {start, (int)in->text->len, NULL, NULL};
	setter_link_target(w, n, &span.dest, &span.uri);
	if (span.dest || span.uri) {
		/* In the link colour, unless the link is a button of its own colour. */
		ThemeLook look;
		if (!theme_look(n->classes, &look) || !look.has_color)
			inlines_attr_range(
			    in,
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
	/* Its size first: a picture set after the block has its pixels decoded
	 * beside, as a lone image's; an icon's are needed where its line is
	 * drawn, and decoded now. */
	ImageEntry *entry = n->target == LINK_FILE
	                        ? setter_load_image(s, n->target_file, n->line, n->col, TRUE)
	                        : NULL;
	double size = s->text_size > 0 ? s->text_size : w->style.size_body;
	gboolean icon =
	    entry && in->images_inline && entry->height_px * 72.0 / 96.0 <= ICON_MAX_LINES * size;
	if (icon && entry->decoding)
		entry = setter_load_image(s, n->target_file, n->line, n->col, FALSE);
	if (entry && (entry->surface || entry->measured_only || entry->decoding) &&
	    entry->height_px > 0) {
		double natural_h = entry->height_px * 72.0 / 96.0;
		double natural_w = entry->width_px * 72.0 / 96.0;
		if (icon) {
			double height = MIN(natural_h, ICON_HEIGHT * size);
			InlineImage image = {
			    (int)in->text->len,
			    entry->surface ? cairo_surface_reference(entry->surface) : NULL,
			    entry->width_px,
			    entry->height_px,
			    natural_w * height / natural_h,
			    height,
			    setter_figure_alt(n)};
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
		inlines_append_text(in, "\u201c");
	inlines_collect(s, in, n->first, NULL);
	if (quote)
		inlines_append_text(in, "\u201d");
	if (!strcmp(tag, "kbd") || !strcmp(tag, "samp") || !strcmp(tag, "code")) {
		inlines_attr_range(in, pango_attr_family_new(s->w->style.font_mono), start);
		inlines_attr_range(in, pango_attr_scale_new(0.88), start);
	} else if (!strcmp(tag, "sup") || !strcmp(tag, "sub")) {
		int rise = (int)(s->w->style.size_body * 0.33 * PANGO_SCALE);
		inlines_attr_range(in, pango_attr_rise_new(!strcmp(tag, "sup") ? rise : -rise / 2),
		                   start);
		inlines_attr_range(in, pango_attr_scale_new(0.7), start);
	} else if (!strcmp(tag, "small")) {
		inlines_attr_range(in, pango_attr_scale_new(0.85), start);
	} else if (!strcmp(tag, "u") || !strcmp(tag, "ins")) {
		inlines_attr_range(in, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE), start);
	} else if (!strcmp(tag, "cite") || !strcmp(tag, "dfn") || !strcmp(tag, "var")) {
		inlines_attr_range(in, pango_attr_style_new(PANGO_STYLE_ITALIC), start);
	} else if (!strcmp(tag, "mark")) {
		inlines_attr_range(in, pango_attr_background_new(0xffff, 0xf5f5, 0x9d9d), start);
	} else if (!g_strcmp0(n->classes, "math")) {
		/* A formula (formula.h) in the text's font; its operators, arrows
		 * and letter-like symbols (− ≤ → ∑ ℝ), which that font lacks, in
		 * Noto Sans Math, not in whatever font has them first. */
		g_autofree char *families =
		    g_strdup_printf("%s,Noto Sans Math", s->w->style.font_body);
		inlines_attr_range(in, pango_attr_family_new(families), start);
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
		inlines_append_text(in, text);
		return;
	}
	g_autofree char *upper = s->uppercase ? greek_upper(text) : g_strdup(text);
	if (s->no_break) {
		g_auto(GStrv) words = g_strsplit(upper, " ", -1);
		g_free(upper);
		upper = g_strjoinv("\u00A0", words);
	}
	inlines_append_text(in, upper);
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
		inlines_attr_range(in, pango_attr_scale_new(MIN(look->scale, INLINE_MAX_SCALE)),
		                   start);
	if (look->weight)
		inlines_attr_range(in, pango_attr_weight_new((PangoWeight)look->weight), start);
	if (look->mono || look->frame)
		inlines_attr_range(in,
		                   pango_attr_family_new(look->mono ? s->w->style.font_mono
		                                                    : s->w->style.font_heading),
		                   start);
	if (look->has_color)
		inlines_attr_range(
		    in,
		    pango_attr_foreground_new((guint16)(((look->color >> 16) & 0xFF) * 257),
		                              (guint16)(((look->color >> 8) & 0xFF) * 257),
		                              (guint16)((look->color & 0xFF) * 257)),
		    start);
	if (look->has_background)
		inlines_attr_range(
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

const char *
inlines_lang_of(Setter *s, const DocNode *n)
{
	return n ? g_intern_string(lang_of_span(doc_attr(n, "lang"), s->w->site->lang)) : NULL;
}

void
inlines_mark_lang(Setter *s, Inlines *in, const DocNode *n, int start)
{
	const char *lang = inlines_lang_of(s, n);
	if (!lang || (int)in->text->len <= start)
		return;
	LangSpan span = {start, (int)in->text->len, lang};
	g_array_append_val(in->langs, span);
	inlines_attr_range(in, pango_attr_language_new(pango_language_from_string(lang)), start);
}

void
inlines_collect(Setter *s, Inlines *in, const DocNode *first, const DocNode *stop)
{
	for (const DocNode *n = first; n != stop; n = n->next) {
		if (n->id && s->inline_ids)
			g_ptr_array_add(s->inline_ids, n->id);
		int start = (int)in->text->len;
		ThemeLook look;
		if (n->kind != DOC_TEXT && theme_look(n->classes, &look))
			collect_looking(s, in, n, &look);
		else
			collect_node(s, in, n);
		if (n->attrs)
			inlines_mark_lang(s, in, n, start);
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
		inlines_collect(s, in, n->first, NULL);
		inlines_attr_range(in, pango_attr_style_new(PANGO_STYLE_ITALIC), start);
		break;
	case DOC_STRONG:
		inlines_collect(s, in, n->first, NULL);
		inlines_attr_range(in, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start);
		break;
	case DOC_STRIKE:
		inlines_collect(s, in, n->first, NULL);
		inlines_attr_range(in, pango_attr_strikethrough_new(TRUE), start);
		break;
	case DOC_CODE:
		inlines_append_text(in, n->text);
		inlines_attr_range(in, pango_attr_family_new(w->style.font_mono), start);
		inlines_attr_range(in, pango_attr_scale_new(0.88), start);
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
		/* A link to the note or to its reference leads here (the note
		 * stands at this page's foot). */
		setter_made_id(s, doc_footnote_id(n, TRUE));
		setter_made_id(s, doc_footnote_id(n, FALSE));
		g_autofree char *key = g_strconcat("fn\n", n->text, NULL);
		PdfNote *note = g_hash_table_lookup(s->notes, key);
		if (!note) {
			int number = ++s->notes_numbered;
			note = footnote_note(s, footnote, number);
			keep_page_note(s, key, note, number);
		}
		refer_to_note(in, note);
		break;
	}
	default: break;
	}
}

/* Cuts in's text to at most max bytes (at a character), marking the cut. */
void
inlines_clip(Setter *s, Inlines *in, gsize max, int line)
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

void
inlines_init(Inlines *in)
{
	in->text = g_string_new(NULL);
	in->attrs = pango_attr_list_new();
	in->links = g_array_new(FALSE, FALSE, sizeof(LinkSpan));
	in->langs = g_array_new(FALSE, FALSE, sizeof(LangSpan));
	in->notes = g_array_new(FALSE, FALSE, sizeof(NoteRef));
	in->images = pdf_inline_images_new();
	in->images_inline = FALSE;
	in->after_picture = FALSE;
	in->unhyphenated = FALSE;
}

void
inlines_clear(Inlines *in)
{
	g_string_free(in->text, TRUE);
	pango_attr_list_unref(in->attrs);
	for (guint i = 0; i < in->links->len; i++) {
		g_free(g_array_index(in->links, LinkSpan, i).dest);
		g_free(g_array_index(in->links, LinkSpan, i).uri);
	}
	g_array_unref(in->links);
	g_array_unref(in->langs);
	g_array_unref(in->notes);
	g_array_unref(in->images);
}

/* A footnote for the foot of the page: its number, its text, set small by
 * the line breaker as the text is (its links clickable); on paper, with
 * the notes of the addresses it links to after it. */
static PdfNote *
footnote_note(Setter *s, const DocNode *note, int number)
{
	PdfWriter *w = s->w;
	Inlines in;
	inlines_init(&in);
	g_string_append_printf(in.text, "%d ", number);
	inlines_attr_range(&in, pango_attr_weight_new(PANGO_WEIGHT_BOLD), 0);
	for (const DocNode *block = note->first; block; block = block->next) {
		if (block != note->first)
			g_string_append_c(in.text, ' ');
		if (block->kind == DOC_PARAGRAPH)
			inlines_collect(s, &in, block->first, NULL);
		else {
			g_autofree char *text = doc_plain_text(block);
			inlines_append_text(&in, text);
		}
	}
	PdfSetting how = {.size = w->style.size_small,
	                  .spacing = 1,
	                  .align = PANGO_ALIGN_LEFT,
	                  .justify = w->style.justify};
	PdfNote *made =
	    pdf_note_new_paragraph(pdf_paragraph_new(w, &in, w->text_width, &how, note->line));
	for (guint i = 0; i < in.notes->len; i++) {
		if (!made->followers)
			made->followers = g_ptr_array_new_with_free_func(pdf_note_unref);
		g_ptr_array_add(made->followers,
		                pdf_note_ref(g_array_index(in.notes, NoteRef, i).note));
	}
	inlines_clear(&in);
	return made;
}

/* Hangs the footnotes referred to in in onto the boxes of the lines that
 * refer to them (boxes from `before` on; p may be NULL: the first box). */
void
inlines_attach_notes(Setter *s, const Inlines *in, guint before, const PdfParagraph *p)
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
	inlines_set_lines(s, in, x, width, space_before, line, &how);
}

/* The boxes of a run of inlines set by paragraph.c as how says. */
void
inlines_set_lines(Setter *s, const Inlines *in, double x, double width, double space_before,
                  int line, const PdfSetting *how)
{
	guint before = s->boxes->len;
	PdfParagraph *p = pdf_paragraph_new(s->w, in, width, how, line);
	int n = pdf_paragraph_lines(p);
	for (int i = 0; i < n; i++) {
		Box *box = setter_box(s, BOX_LINE, x, width);
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
	inlines_attach_notes(s, in, before, p);
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
		const InlineImage *image = &g_array_index(in->images, InlineImage, i);
		if (image->offset >= from && image->offset < to) {
			InlineImage copy = pdf_inline_image_copy(image);
			copy.offset -= from;
			g_array_append_val(part->images, copy);
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
Box *
inlines_set_paragraph_looking(Setter *s, const DocNode *first, const DocNode *stop, double x,
                              double width, double space_before, int line, const ThemeLook *look)
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
	inlines_collect(s, &in, first, stop);
	/* An item or a cell in another language (a paragraph's element says
	 * its language itself). */
	if (first && first->parent && first->parent->kind != DOC_PARAGRAPH)
		inlines_mark_lang(s, &in, first->parent, 0);
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

Box *
inlines_set_paragraph(Setter *s, const DocNode *first, const DocNode *stop, double x, double width,
                      double space_before, int line)
{
	return inlines_set_paragraph_looking(s, first, stop, x, width, space_before, line, NULL);
}
