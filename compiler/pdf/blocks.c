/* Typesetting: each block kind of the tree becomes boxes of known height,
 * one function per kind, dispatched by set_blocks: headings, code, rules,
 * lists and callouts here, paragraphs in inlines.c, pictures in figures.c,
 * tables in tables.c. Every run of text, code too, is set by paragraph.c's
 * line breaker. */
#include "setter.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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
		setter_add_destination(
		    s, g_ptr_array_index(s->boxes, MIN(before, s->boxes->len - 1)), id);
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
		inlines_collect(s, &in, inline_first, NULL);
	else
		inlines_append_text(&in, text_plain);
	s->text_size = 0;
	int line = !inline_first          ? 0
	           : inline_first->line   ? inline_first->line
	           : inline_first->parent ? inline_first->parent->line
	                                  : 0;
	inlines_clip(s, &in, HEADING_MAX_BYTES, line);
	guint before = s->boxes->len;
	double space = shown == 1 ? 0 : w->style.space_heading_before * (shown <= 2 ? 1.3 : 1.0);
	static const char *const levels[] = {"H1", "H2", "H3", "H4", "H5", "H6"};
	PdfTag *outer = setter_tag_push(s, levels[shown - 1]);
	if (s->tag != outer && inline_first) /* tagged: the heading's own element */
		s->tag->lang = inlines_lang_of(s, inline_first->parent);
	const PdfSetting how = {.family = w->style.font_heading,
	                        .weight = PANGO_WEIGHT_BOLD,
	                        .size = size,
	                        .spacing = 1.15,
	                        .unhyphenated = TRUE};
	inlines_set_lines(s, &in, x, width, space, line, &how);
	setter_tag_pop(s, outer);
	inlines_clear(&in);
	for (guint i = before; i < s->boxes->len; i++) {
		Box *box = g_ptr_array_index(s->boxes, i);
		box->keep_with_next = TRUE; /* never stranded at the foot of a page */
		box->color = &w->style.heading;
	}
	if (s->boxes->len > before) {
		Box *first = g_ptr_array_index(s->boxes, before);
		setter_add_mark(s, first, toc_title, dest, level - 1, is_page);
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

/* The characters a code line keeps beside its indent, however deep. */
enum { INDENT_ROOM = 8 };

/* The width of a character of code (the mono font's every letter). */
static double
mono_advance(PdfWriter *w, const PdfSetting *how)
{
	Inlines in;
	inlines_init(&in);
	g_string_assign(in.text, "x");
	double word, line;
	pdf_paragraph_measure(w, &in, how, 0, &word, &line);
	inlines_clear(&in);
	return MAX(line, 0.1);
}

static void
set_code(Setter *s, const DocNode *code, double x, double width)
{
	PdfWriter *w = s->w;
	const double pad = 4, gutter = 9;
	Inlines in;
	inlines_init(&in);
	GString *text = in.text;
	for (const char *p = code->text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == '\t')
			g_string_append(text, "    ");
		else if (c == '\n' || (c >= 0x20 && !(c >= 0x7F && c < 0xA0)))
			g_string_append_len(text, p, g_utf8_next_char(p) - p);
	}
	/* At the font's own line height: a listing's lines close together. */
	const PdfSetting how = {.family = w->style.font_mono,
	                        .size = w->style.size_code,
	                        .spacing = 1,
	                        .align = PANGO_ALIGN_LEFT,
	                        .preformatted = TRUE};
	double column = width - 2 * pad - gutter;
	/* A code line past the limit is cut (a line of a million letters would
	 * be as many lines), and an indent as wide as the column or wider is
	 * made shorter, to leave the line INDENT_ROOM characters (one of
	 * thousands of spaces would be lines of nothing). */
	GString *kept = g_string_sized_new(text->len);
	gboolean cut = FALSE, changed = FALSE;
	int fits = (int)(column / mono_advance(w, &how));
	g_auto(GStrv) lines = g_strsplit(text->str, "\n", -1);
	for (char **line = lines; *line; line++) {
		if (strlen(*line) > CODE_LINE_MAX_BYTES) {
			*(char *)g_utf8_find_prev_char(*line, *line + CODE_LINE_MAX_BYTES) = '\0';
			cut = TRUE;
		}
		const char *start = *line;
		int indent = (int)strspn(start, " ");
		if (indent >= fits) {
			start += indent - MAX(0, fits - INDENT_ROOM);
			changed = TRUE;
		}
		g_string_append(kept, start);
		if (line[1])
			g_string_append_c(kept, '\n');
	}
	if (cut && !w->reported) /* said once, in the first pass */
		diag_warning(w->diag, w->page->path, code->line, 0, "limit",
		             "code line longer than %d bytes; cut in the PDF", CODE_LINE_MAX_BYTES);
	if (cut || changed)
		g_string_assign(text, kept->str);
	g_string_free(kept, TRUE);
	while (text->len && text->str[text->len - 1] == '\n')
		g_string_truncate(text, text->len - 1);
	PdfParagraph *p = pdf_paragraph_new(w, &in, column, &how, code->line);
	inlines_clear(&in);
	PdfTag *outer = setter_tag_push(s, "Code");
	int n = pdf_paragraph_lines(p);
	for (int i = 0; i < n; i++) {
		Box *box = setter_box(s, BOX_LINE, x + pad + gutter, width - 2 * pad - gutter);
		box->paragraph = pdf_paragraph_ref(p);
		box->line = i;
		box->height = pdf_paragraph_line_height(p);
		box->baseline = pdf_paragraph_baseline(p);
		box->code_background = TRUE;
		box->code_x = x;
		box->code_width = width;
		box->continued = pdf_paragraph_line_continues(p, i);
		if (i == 0) {
			box->height += pad;
			box->baseline += pad;
			box->space_before = w->style.space_block;
		}
		if (i == n - 1)
			box->height += pad;
	}
	setter_tag_pop(s, outer);
	pdf_paragraph_unref(p);
}

static void
set_rule(Setter *s, double x, double width)
{
	Box *box = setter_box(s, BOX_RULE, x, width);
	g_clear_pointer(&box->tag, pdf_tag_unref); /* a separator, not content */
	box->height = 14;
	box->space_before = s->w->style.space_block / 2;
	box->keep_with_next = TRUE; /* a rule separates: never the last thing on a page */
}

static const ThemeLook bold_look = {.weight = PANGO_WEIGHT_BOLD};

static void set_blocks(Setter *s, const DocNode *first, double x, double width, gboolean tight);

static void
set_list(Setter *s, const DocNode *list, double x, double width)
{
	PdfWriter *w = s->w;
	double indent = w->style.list_indent;
	unsigned number = list->u.list.ordered ? list->u.list.start : 0;
	Box *end_of_previous = NULL;
	s->lists++;
	PdfTag *outer = setter_tag_push(s, "L");
	for (const DocNode *item = list->first; item; item = item->next, number++) {
		guint before = s->boxes->len;
		/* The last item never stands alone at the top of a page. */
		if (!item->next && end_of_previous)
			end_of_previous->keep_with_next = TRUE;
		PdfTag *in_list = setter_tag_push(s, "LI");
		PdfTag *item_tag = s->tag != in_list ? pdf_tag_ref(s->tag) : NULL;
		PdfTag *in_item = setter_tag_push(s, "LBody");
		set_blocks(s, item->first, x + indent, width - indent, list->u.list.tight);
		setter_tag_pop(s, in_item);
		setter_tag_pop(s, in_list);
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
		first->marker = setter_layout(w, w->style.font_body, w->style.size_body,
		                              PANGO_WEIGHT_NORMAL, -1);
		pango_layout_set_text(first->marker, label, -1);
		end_of_previous = g_ptr_array_index(s->boxes, s->boxes->len - 1);
	}
	setter_tag_pop(s, outer);
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
		inlines_collect(s, &in, n->first, stop);
		content = stop ? stop->next : NULL;
	} else if (n->callout_titled && n->first && n->first->kind == DOC_PARAGRAPH) {
		inlines_collect(s, &in, n->first->first, NULL);
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
	PdfTag *outer = setter_tag_push(s, "Div");
	PdfTag *in_callout = setter_tag_push(s, "P");
	inlines_set_lines(s, &in, inner_x, inner_width, w->style.space_block, n->line, &how);
	setter_tag_pop(s, in_callout);
	inlines_clear(&in);
	guint title_end = s->boxes->len;
	if (n->kind == DOC_PARAGRAPH && content) {
		in_callout = setter_tag_push(s, "P");
		inlines_set_paragraph(s, content, NULL, inner_x, inner_width, 2, n->line);
		setter_tag_pop(s, in_callout);
	} else if (n->kind == DOC_BLOCKQUOTE) {
		set_blocks(s, content, inner_x, inner_width, FALSE);
	}
	setter_tag_pop(s, outer);
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
			tables_set_plain_paragraph(s, text, x, width, n->line);
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
			figures_set_deferred(s, x, width);
			continue;
		}
		switch (n->kind) {
		case DOC_PARAGRAPH: {
			if (!figures_set_images(s, n->first, NULL, x, width)) {
				/* Only here, where nothing holds on to earlier boxes, may a
				 * huge paragraph's lines be placed as they are set. */
				s->may_flush = s->nesting == 1;
				PdfTag *outer = setter_tag_push(s, "P");
				if (s->tag != outer)
					s->tag->lang = inlines_lang_of(s, n);
				ThemeLook look;
				gboolean looks = theme_look(n->classes, &look);
				Box *last = inlines_set_paragraph_looking(s, n->first, NULL, x,
				                                          width, space, n->line,
				                                          looks ? &look : NULL);
				setter_tag_pop(s, outer);
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
			PdfTag *outer = setter_tag_push(s, "BlockQuote");
			set_blocks(s, n->first, x + 10, width - 10, FALSE);
			setter_tag_pop(s, outer);
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
			PdfTag *outer = setter_tag_push(s, caption ? "Caption" : "Div");
			if ((!strcmp(n->tag, "summary") || caption) &&
			    !(n->first && doc_kind_is_block(n->first->kind)))
				inlines_set_paragraph_looking(
				    s, n->first, NULL, x, width, space, n->line,
				    strcmp(n->tag, "summary") ? NULL : &bold_look);
			else
				set_blocks(s, n->first, x, width, tight);
			setter_tag_pop(s, outer);
			break;
		}
		case DOC_THEMATIC_BREAK: set_rule(s, x, width); break;
		case DOC_TABLE: tables_set_table(s, n, x, width); break;
		case DOC_FOOTNOTE: break; /* printed at the foot of the page that refers to it */
		case DOC_DEF_LIST: {
			/* A list whose items are a term (the label) and its definitions. */
			PdfTag *outer = setter_tag_push(s, "L"), *in_list = s->tag;
			gboolean entry_open = FALSE;
			for (const DocNode *item = n->first; item; item = item->next) {
				gboolean term = item->kind == DOC_DEF_TERM;
				guint before = s->boxes->len;
				if (term || !entry_open) {
					setter_tag_pop(s, in_list);
					setter_tag_push(s, "LI");
					entry_open = TRUE;
				}
				PdfTag *in_entry = setter_tag_push(s, term ? "Lbl" : "LBody");
				inlines_set_paragraph_looking(
				    s, item->first, NULL, term ? x : x + w->style.list_indent,
				    term ? width : width - w->style.list_indent,
				    term ? w->style.space_paragraph : 1, item->line,
				    term ? &bold_look : NULL);
				setter_tag_pop(s, in_entry);
				/* A term stays with its definition. */
				if (term && s->boxes->len > before)
					((Box *)g_ptr_array_index(s->boxes, s->boxes->len - 1))
					    ->keep_with_next = TRUE;
			}
			setter_tag_pop(s, in_list);
			setter_tag_pop(s, outer);
			break;
		}
		default: {
			if (doc_kind_is_block(n->kind)) { /* none the model makes here */
				set_blocks(s, n->first, x, width, tight);
				break;
			}
			/* Inlines straight under a tight list item: one paragraph up to the
			 * next block. */
			const DocNode *stop = n, *run = n;
			while (stop && !doc_kind_is_block(stop->kind))
				stop = stop->next;
			if (!figures_set_images(s, n, stop, x, width)) {
				PdfTag *outer = setter_tag_push(s, "P");
				inlines_set_paragraph(s, n, stop, x, width, 0, n->line);
				setter_tag_pop(s, outer);
			}
			while (n->next != stop)
				n = n->next;
			place_ids(s, run, before);
			figures_set_deferred(s, x, width);
			continue;
		}
		}
		place_ids(s, n, before);
		figures_set_deferred(s, x, width);
	}
	s->nesting--;
}

static void
set_page(Setter *s, const SitePage *page, gboolean chapter_start)
{
	PdfWriter *w = s->w;
	w->page = page;
	g_autoptr(Doc) owned = NULL;
	const Doc *doc = book_page_doc(w->book, page, &owned);
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
			setter_add_destination(s, g_ptr_array_index(s->boxes, before), heading->id);
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
	g_autoptr(GPtrArray) made_ids = g_ptr_array_new_with_free_func(g_free);
	s->inline_ids = inline_ids;
	s->made_ids = made_ids;
	s->deferred_images = g_ptr_array_new();
	set_blocks(s, heading ? heading->next : doc->root->first, 0, w->text_width, FALSE);
	/* An id set nowhere else (on a table row, say) still leads to its
	 * page, as does a footnote's: every anchor the links know is a
	 * destination, so that a link never needs to know what is ahead. */
	doc_iter_init(&it, doc->root);
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev != DOC_ENTER)
			continue;
		if (n->id)
			g_ptr_array_add(inline_ids, n->id);
		if (n->kind == DOC_FOOTNOTE || n->kind == DOC_FOOTNOTE_REF)
			setter_made_id(s, doc_footnote_id(n, n->kind == DOC_FOOTNOTE_REF));
	}
	place_ids(s, doc->root, 0);
	figures_set_deferred(s, 0, w->text_width);
	g_clear_pointer(&s->deferred_images, g_ptr_array_unref);
	s->inline_ids = NULL;
	s->made_ids = NULL;
	s->footnotes = NULL;
	s->notes = NULL;
	s->ids = NULL;
}

void
pdf_set_page(PdfWriter *w, const SitePage *page, const char *chapter, gboolean chapter_start,
             gboolean ends_chapter)
{
	/* Notes are numbered through a chapter, as a book numbers them: the
	 * pages of the site it prints one after the other each number theirs
	 * from 1, and two notes 1 would stand at the foot of one page. */
	Setter s = {.w = w,
	            .boxes = g_ptr_array_new_with_free_func(pdf_box_free),
	            .chapter = chapter,
	            .notes_numbered = chapter_start ? 0 : w->chapter_notes};
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
	w->chapter_notes = s.notes_numbered;
	pdf_paginate(w, s.boxes, ends_chapter);
	g_ptr_array_unref(s.boxes);
}
