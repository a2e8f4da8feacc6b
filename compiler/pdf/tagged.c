/* The reading PDF's structure (tagged PDF): what a screen reader walks.
 *
 * Typesetting gives every box the element it belongs to (a PdfTag: a
 * paragraph, a list item's body, a table row, a figure), each with its
 * parent up to the page's section and the document. Drawing opens the
 * elements of each box as cairo structure tags, closing those of the box
 * before that it does not share, and draws the box's content in a leaf of
 * its own (a line's Span, a cell's TD, a figure). Between boxes no leaf is
 * open, so what is drawn there (running heads, page numbers, rules, a
 * repeated table header) belongs to no element: cairo 1.16 would otherwise
 * carry it into the element open across the page break, and its "Artifact"
 * tag damages the file. As cairo's bytes pass, contents.c marks what is
 * drawn there as an artifact, in content streams cairo writes uncompressed
 * and folio compresses, and a picture's stand-in (standin.c) is replaced
 * by the picture's own stream; the cross-reference offsets are moved to
 * match.
 * While the pages are drawn that is done by a thread of its own (the
 * passer), which cairo hands its bytes to in buffers, so that the drawing
 * goes on meanwhile; an untagged PDF's content is compressed there too.
 *
 * Cairo 1.16 writes no alternative text, no link's description, no
 * document language and no viewer preferences. It writes the structure tree
 * at the end of the file, uncompressed, one object per element in the order
 * the elements were opened; what it leaves out is added by an incremental
 * update (new versions of the figures' elements, of the links' annotations,
 * read back from where cairo wrote them, and of the catalogue, a
 * cross-reference section and a trailer appended after cairo's), which
 * leaves every byte cairo wrote in place. That end is written as it comes,
 * a copy kept of the few objects the update reads; only its
 * cross-reference table is held, to move its offsets. */
#define _GNU_SOURCE /* memmem, memrchr */
#include "writer.h"

#include "numbers.h"
#include "standin.h"
#include "syntax.h"

#include "../parallel.h"

#include <stdlib.h>
#include <string.h>

PdfTag *
pdf_tag_new(const char *name, PdfTag *parent)
{
	PdfTag *tag = g_new0(PdfTag, 1);
	tag->refs = 1;
	tag->name = name;
	tag->parent = parent ? pdf_tag_ref(parent) : NULL;
	return tag;
}

PdfTag *
pdf_tag_ref(PdfTag *tag)
{
	if (tag)
		tag->refs++;
	return tag;
}

void
pdf_tag_unref(PdfTag *tag)
{
	while (tag && --tag->refs == 0) {
		PdfTag *parent = tag->parent;
		g_free(tag->alt);
		g_free(tag);
		tag = parent;
	}
}

/* Cairo 1.16 fails the whole file ("invalid tag name, attributes, or
 * nesting") when the first thing drawn on a page is an image in an
 * element. A dot of white, in no element, drawn first on each page that
 * has elements, keeps it from that (one 0.1 pt square in the page's corner). */
static void
open_page_content(PdfWriter *w)
{
	if (!w->page_has_content) {
		pdf_canvas_save(w->canvas);
		pdf_canvas_rgb(w->canvas, 1, 1, 1);
		pdf_canvas_rectangle(w->canvas, 0, 0, 0.1, 0.1);
		pdf_canvas_fill(w->canvas);
		pdf_canvas_restore(w->canvas);
		w->page_has_content = TRUE;
	}
}

/* Opens an element (cairo's attributes: a link's), in language lang when
 * that is not NULL. The elements are counted, so that the end of the file
 * finds the n-th: cairo writes them in the order they were opened. */
static void
tag_begin_adding(PdfWriter *w, const char *name, const char *attributes, const char *lang,
                 guint colspan, guint rowspan)
{
	if (lang || colspan > 1 || rowspan > 1) {
		ElementAdded element = {w->elements_opened, lang, colspan, rowspan};
		g_array_append_val(w->elements_added, element);
	}
	w->elements_opened++;
	if (w->open_tags->len == 1) /* only the document is open */
		w->document_kids++;
	pdf_canvas_tag_begin(w->canvas, name, attributes);
}

static void
tag_begin(PdfWriter *w, const char *name, const char *attributes, const char *lang)
{
	tag_begin_adding(w, name, attributes, lang, 0, 0);
}

/* Opens a Figure, its alternative text kept for the end of the file (where
 * the figures are found in the order they were opened). */
static void
begin_figure(PdfWriter *w, const char *alt)
{
	g_ptr_array_add(w->figure_alts, g_strdup(alt ? alt : ""));
	tag_begin(w, "Figure", NULL, NULL);
}

static void
begin(PdfWriter *w, const PdfTag *tag)
{
	if (!strcmp(tag->name, "Figure"))
		begin_figure(w, tag->alt);
	else
		tag_begin(w, tag->name, NULL, tag->lang);
}

void
pdf_tags_enter(PdfWriter *w, PdfTag *tag)
{
	if (!w->tagged)
		return;
	pdf_tags_leaf_close(w);
	if (tag && w->open_tags->len &&
	    g_ptr_array_index(w->open_tags, w->open_tags->len - 1) == tag)
		return; /* the next line of the same element */
	/* The chain from the document down to tag. */
	g_autoptr(GPtrArray) chain = g_ptr_array_new();
	for (PdfTag *t = tag; t; t = t->parent)
		g_ptr_array_insert(chain, 0, t);
	guint same = 0;
	while (same < chain->len && same < w->open_tags->len &&
	       g_ptr_array_index(chain, same) == g_ptr_array_index(w->open_tags, same))
		same++;
	while (w->open_tags->len > same) {
		PdfTag *t = g_ptr_array_steal_index(w->open_tags, w->open_tags->len - 1);
		pdf_canvas_tag_end(w->canvas, t->name);
		pdf_tag_unref(t);
	}
	for (guint i = same; i < chain->len; i++) {
		PdfTag *t = g_ptr_array_index(chain, i);
		begin(w, t);
		g_ptr_array_add(w->open_tags, pdf_tag_ref(t));
	}
}

void
pdf_tags_close(PdfWriter *w)
{
	pdf_tags_enter(w, NULL);
}

/* A line's Span stays open for the next line of the same element on the
 * page (one leaf for a paragraph's lines there, not one a line), until
 * something else is drawn. It opens with the first words drawn in it
 * (pdf_tags_line_words), so that a line that begins with a link, an icon
 * or foreign words leaves no empty Span before them. */
static void
leaf_begin(PdfWriter *w, PdfTag *parent, const char *name, guint colspan, guint rowspan)
{
	if (!w->tagged)
		return;
	gboolean line = strcmp(name, "Span") == 0;
	if (line && w->line_leaf && w->line_leaf == parent)
		return;
	pdf_tags_enter(w, parent);
	open_page_content(w);
	if (line)
		w->line_leaf = parent;
	else
		tag_begin_adding(w, name, NULL, NULL, colspan, rowspan);
}

void
pdf_tags_leaf_begin(PdfWriter *w, PdfTag *parent, const char *name)
{
	leaf_begin(w, parent, name, 0, 0);
}

void
pdf_tags_cell_begin(PdfWriter *w, PdfTag *parent, const char *name, guint colspan, guint rowspan)
{
	leaf_begin(w, parent, name, colspan, rowspan);
}

void
pdf_tags_leaf_end(PdfWriter *w, const char *name)
{
	if (w->tagged && !(w->line_leaf && strcmp(name, "Span") == 0))
		pdf_canvas_tag_end(w->canvas, name);
}

void
pdf_tags_line_words(PdfWriter *w)
{
	if (w->tagged && w->line_leaf && !w->span_open && !w->link_open) {
		tag_begin(w, "Span", NULL, NULL);
		w->span_open = TRUE;
	}
}

void
pdf_tags_leaf_close(PdfWriter *w)
{
	if (w->line_leaf) {
		w->line_leaf = NULL;
		if (w->span_open)
			pdf_canvas_tag_end(w->canvas, "Span");
		w->span_open = FALSE;
	}
}

void
pdf_tags_figure(PdfWriter *w, PdfTag *figure, gboolean end)
{
	if (!w->tagged || !figure)
		return;
	if (!end) {
		pdf_tags_enter(w, figure->parent);
		open_page_content(w);
		begin(w, figure);
	} else {
		pdf_canvas_tag_end(w->canvas, figure->name);
	}
}

/* An element within a line (an icon, a link, words of another language)
 * stands between the line's Spans: the line's Span ends before it, and a
 * new one begins with the words after it (cairo 1.16 gives a Span's text
 * to no element when another opens inside it). Within a link it nests in
 * the link instead. */
static void
leave_line_span(PdfWriter *w)
{
	if (!w->link_open && w->span_open) {
		pdf_canvas_tag_end(w->canvas, "Span");
		w->span_open = FALSE;
	}
}

void
pdf_tags_inline_figure(PdfWriter *w, const char *alt, gboolean end)
{
	if (!w->tagged || !w->line_leaf)
		return; /* where no line's Span is open the icon stays in its element */
	if (!end) {
		leave_line_span(w);
		begin_figure(w, alt);
	} else {
		pdf_canvas_tag_end(w->canvas, "Figure");
	}
}

/* A link's words are its Link element's content (and its annotation's
 * area). */
void
pdf_tags_inline_link(PdfWriter *w, const char *attributes, const char *text, gboolean end)
{
	if (!w->tagged || !w->line_leaf)
		return;
	if (!end) {
		leave_line_span(w);
		pdf_link_begin(w, attributes, text);
		w->link_open = TRUE;
	} else {
		pdf_canvas_tag_end(w->canvas, CAIRO_TAG_LINK);
		w->link_open = FALSE;
	}
}

/* Words of another language: a Span whose language the end of the file adds. */
void
pdf_tags_inline_lang(PdfWriter *w, const char *lang, gboolean end)
{
	if (!w->tagged || !w->line_leaf)
		return;
	if (!end) {
		leave_line_span(w);
		tag_begin(w, "Span", NULL, lang);
	} else {
		pdf_canvas_tag_end(w->canvas, "Span");
	}
}

/* ---- what cairo leaves out: an incremental update ---------------------- */

/* needle in the bytes from at to end (which may hold NULs: fonts), or NULL. */
static const char *
find(const char *at, const char *end, const char *needle)
{
	return at < end ? memmem(at, (gsize)(end - at), needle, strlen(needle)) : NULL;
}

/* ---- cairo's bytes, content streams rewritten as they pass -------------- */

/* From cairo's offset from on, the file's bytes stand delta further. */
typedef struct {
	guint64 from;
	gint64 delta;
} PdfShift;

static gboolean take_bytes(PdfTaggedStream *ts, const void *data, gsize n);

/* Cairo's bytes handed to the passer that are not there yet: at most this
 * many buffers (a page's content is a few of them). */
enum { PASSER_BUFFERS = 16 };
static GByteArray passer_stop; /* a buffer that says no more come */

/* Takes the buffers cairo filled, in order: their bytes looked at and
 * passed on as pdf_tagged_write would (take_held), the buffers given back. */
static gpointer
pass_buffers(gpointer data)
{
	PdfTaggedStream *ts = data;
	for (GByteArray *bytes; (bytes = g_async_queue_pop(ts->full)) != &passer_stop;) {
		if (!g_atomic_int_get(&ts->failed))
			take_bytes(ts, bytes->data, bytes->len);
		/* A picture's bytes come in one buffer: it is not kept that big. */
		if (bytes->len > 4 * PDF_TAGGED_BATCH) {
			g_byte_array_unref(bytes);
			bytes = g_byte_array_sized_new(2 * PDF_TAGGED_BATCH);
		}
		g_byte_array_set_size(bytes, 0);
		g_async_queue_push(ts->empty, bytes);
	}
	return NULL;
}

/* The passer, when one runs, ends once it has passed on every buffer
 * handed to it; from here on cairo's bytes are passed on as they come. */
static void
passer_join(PdfTaggedStream *ts)
{
	if (!ts->passer)
		return;
	g_async_queue_push(ts->full, &passer_stop);
	g_thread_join(g_steal_pointer(&ts->passer));
	g_clear_pointer(&ts->full, g_async_queue_unref);
	g_clear_pointer(&ts->empty, g_async_queue_unref);
}

cairo_surface_t *
pdf_tagged_surface(PdfTaggedStream *ts, OutputFile *file, double width_pt, double height_pt,
                   gboolean tagged)
{
	*ts = (PdfTaggedStream){.file = file,
	                        .batch = g_malloc(PDF_TAGGED_BATCH),
	                        .hold = g_byte_array_new(),
	                        .shifts = g_array_new(FALSE, FALSE, sizeof(PdfShift))};
	if (!parallel_one_job()) {
		ts->full = g_async_queue_new();
		ts->empty = g_async_queue_new_full((GDestroyNotify)g_byte_array_unref);
		for (int i = 0; i < PASSER_BUFFERS; i++)
			g_async_queue_push(ts->empty, g_byte_array_sized_new(2 * PDF_TAGGED_BATCH));
		ts->passer = g_thread_new("pdf-writer", pass_buffers, ts);
	}
	/* Read when the surface is made: its content streams uncompressed,
	 * for the artifacts to be marked (tagged) and compressed here, beside
	 * the drawing when the passer runs. */
	ts->tagged = tagged;
	g_setenv("CAIRO_DEBUG_PDF", "1", TRUE);
	cairo_surface_t *surface =
	    cairo_pdf_surface_create_for_stream(pdf_tagged_write, ts, width_pt, height_pt);
	g_unsetenv("CAIRO_DEBUG_PDF");
	return surface;
}

void
pdf_tagged_stream_clear(PdfTaggedStream *ts)
{
	passer_join(ts);
	g_clear_pointer(&ts->batch, g_free);
	g_clear_pointer(&ts->hold, g_byte_array_unref);
	g_clear_pointer(&ts->tail, g_byte_array_unref);
	g_clear_pointer(&ts->kept, g_byte_array_unref);
	g_clear_pointer(&ts->kept_elements, g_array_unref);
	g_clear_pointer(&ts->shifts, g_array_unref);
}

void
pdf_tagged_capture(PdfTaggedStream *ts, const PdfWriter *w)
{
	passer_join(ts);
	ts->tail = g_byte_array_new();
	ts->kept = g_byte_array_new();
	g_byte_array_append(ts->kept, (const guint8 *)"\n", 1);
	ts->kept_elements = g_array_new(FALSE, FALSE, sizeof(guint));
	ts->elements_added = w->elements_added;
	ts->capturing = TRUE;
}

static gboolean
write_out(PdfTaggedStream *ts, const void *data, gsize n)
{
	ts->offset += n;
	return output_file_write(ts->file, data, n);
}

static gboolean
starts(const char *at, const char *end, const char *prefix)
{
	gsize n = strlen(prefix);
	return (gsize)(end - at) >= n && memcmp(at, prefix, n) == 0;
}

/* One object of cairo's end of file as it passes: counted if it is a
 * structure element, copied if the update reads it (the catalogue, the
 * page tree, the structure's root and document element, its figures,
 * links and elements of another language). */
static void
sort_object(PdfTaggedStream *ts, const char *object, const char *end)
{
	const char *p = object;
	while (p < end && *p == '\n')
		p++;
	const char *header = find(p, MIN(end, p + 32), " 0 obj\n");
	if (!header)
		return;
	const char *dict = header + strlen(" 0 obj\n");
	static const char element[] = "<< /Type /StructElem\n";
	gboolean keep;
	if (starts(dict, end, element)) {
		guint n = ts->elements++;
		const char *kind = dict + strlen(element);
		keep = starts(kind, end, "   /S /Figure\n") || starts(kind, end, "   /S /Link\n") ||
		       starts(kind, end, "   /S /Document\n");
		const GArray *added = ts->elements_added;
		while (added && ts->next_added < added->len &&
		       g_array_index(added, ElementAdded, ts->next_added).n < n)
			ts->next_added++;
		keep |= added && ts->next_added < added->len &&
		        g_array_index(added, ElementAdded, ts->next_added).n == n;
		if (keep)
			g_array_append_val(ts->kept_elements, n);
	} else {
		keep = starts(dict, end, "<< /Type /Catalog\n") ||
		       starts(dict, end, "<< /Type /Pages\n") ||
		       starts(dict, end, "<< /Type /StructTreeRoot\n");
	}
	if (!keep)
		return;
	if (*object != '\n')
		g_byte_array_append(ts->kept, (const guint8 *)"\n", 1);
	g_byte_array_append(ts->kept, (const guint8 *)object, (guint)(end - object));
}

/* The tail's whole objects (up to its last "\nendobj"), sorted and written:
 * a long book's end is mostly its structure tree (7 MB at 1,000 pages),
 * which the update reads little of. What stays is the object being
 * written, and at the end the cross-reference table and trailer. */
static gboolean
spill(PdfTaggedStream *ts)
{
	const char *data = (const char *)ts->tail->data, *end = data + ts->tail->len;
	/* Searched afresh: the bytes not searched yet, and a needle's length
	 * before them (a table of a megabyte comes a few kilobytes at a time). */
	gsize overlap = strlen("\nendobj\n") - 1;
	const char *from = data + (ts->tail_searched > overlap ? ts->tail_searched - overlap : 0);
	const char *object = data, *stop;
	while ((stop = find(MAX(object, from), end, "\nendobj\n")) != NULL) {
		sort_object(ts, object, stop + strlen("\nendobj"));
		object = stop + strlen("\nendobj");
	}
	gsize cut = (gsize)(object - data);
	ts->tail_searched = ts->tail->len - cut;
	if (cut == 0)
		return TRUE;
	gboolean ok = write_out(ts, data, cut);
	g_byte_array_remove_range(ts->tail, 0, (guint)cut);
	return ok;
}

/* Past this, the tail's whole objects are written. */
enum { TAIL_SPILL = 256 * 1024 };

/* Bytes for the file: written, or at the end of the document held in the
 * tail until cairo's offsets there are moved. */
static gboolean
pass_on(PdfTaggedStream *ts, const void *data, gsize n)
{
	if (ts->capturing) {
		g_byte_array_append(ts->tail, data, (guint)n);
		return ts->tail->len < TAIL_SPILL || spill(ts);
	}
	return write_out(ts, data, n);
}

/* The first n held bytes of cairo's replaced by text: passed on, and the
 * offsets after them moved by the difference. */
static gboolean
replace_held(PdfTaggedStream *ts, gsize n, const void *text, gsize text_len)
{
	guint64 at = ts->received - ts->hold->len;
	gint64 delta =
	    ts->shifts->len ? g_array_index(ts->shifts, PdfShift, ts->shifts->len - 1).delta : 0;
	delta += (gint64)text_len - (gint64)n;
	PdfShift shift = {at + n, delta};
	g_array_append_val(ts->shifts, shift);
	g_byte_array_remove_range(ts->hold, 0, (guint)n);
	ts->scanned = 0;
	return pass_on(ts, text, text_len);
}

/* The first n held bytes, passed on as they are. */
static gboolean
pass_held(PdfTaggedStream *ts, gsize n)
{
	gboolean ok = pass_on(ts, ts->hold->data, n);
	g_byte_array_remove_range(ts->hold, 0, (guint)n);
	ts->scanned = ts->scanned > n ? ts->scanned - n : 0;
	return ok;
}

/* A stream whose dictionary holds only its length, "<< /Length N 0 R\n>>":
 * under CAIRO_DEBUG_PDF, a page's content (or a font's ToUnicode map)
 * written uncompressed. */
static const char bare_stream[] = " 0 R\n>>\nstream\n";
static const char stream_end[] = "endstream\nendobj\n";

/* The held stream's bytes, up to its end at, as folio writes them. */
static gboolean
rewrite_stream(PdfTaggedStream *ts, gsize at)
{
	const char *text = (const char *)ts->hold->data;
	static const char page[] = "1 0 0 -1 0 "; /* cairo's flip: a page's content */
	g_autoptr(GString) marked =
	    ts->tagged && at > strlen(page) && !strncmp(text, page, strlen(page))
	        ? pdf_contents_mark_artifacts(text, at)
	        : NULL;
	g_autoptr(GByteArray) packed = marked ? pdf_contents_deflate(marked->str, marked->len)
	                                      : pdf_contents_deflate(text, at);
	if (!packed)
		return FALSE;
	ts->new_length = packed->len;
	g_byte_array_append(packed, (const guint8 *)"\n", 1);
	g_byte_array_append(packed, (const guint8 *)stream_end, strlen(stream_end));
	ts->in_stream = FALSE;
	return replace_held(ts, at + strlen(stream_end), packed->data, packed->len);
}

/* A stand-in's stream (standin.c): its filter, and its bytes beginning
 * with a JPEG comment. */
static const char standin_stream[] = "   /Filter /DCTDecode\n>>\nstream\n\xFF\xD8\xFF\xFE";

/* The stand-in's stream at standin, once it has all come: the held bytes
 * before it passed on, and it replaced by its picture's filter and stream
 * (the length object after it then given the new length). 1 when done, 0
 * when its end is still to come, -1 when the file could not take it. A
 * stand-in whose picture is not kept leaves the file damaged. */
static int
take_standin(PdfTaggedStream *ts, const char *standin, gboolean all)
{
	if (!pass_held(ts, (gsize)(standin - (const char *)ts->hold->data)))
		return -1;
	const char *data = (const char *)ts->hold->data, *end = data + ts->hold->len;
	const char *bytes = data + strlen(standin_stream) - 4; /* the JPEG's */
	/* A JPEG of the site's beginning with a comment is not a stand-in:
	 * told by the comment's first bytes. */
	int is = pdf_standin_is((const guint8 *)bytes, (gsize)(end - bytes));
	if (is < 0 && !all) {
		ts->scanned = 0;
		return 0;
	}
	if (is <= 0)
		return pass_held(ts, strlen(standin_stream)) ? 1 : -1;
	const char *stop = find(data, end, stream_end);
	if (!stop) {
		ts->scanned = 0;
		if (!all)
			return 0;
		ts->damaged = TRUE; /* cut short */
		return pass_held(ts, ts->hold->len) ? 1 : -1;
	}
	g_autofree char *name = pdf_standin_name((const guint8 *)bytes, (gsize)(stop - bytes));
	g_autofree char *entries = NULL;
	g_autoptr(GBytes) picture = name ? pdf_standin_take(name, &entries) : NULL;
	gsize whole = (gsize)(stop - data) + strlen(stream_end);
	if (!picture) {
		ts->damaged = TRUE; /* a picture drawn that was not kept */
		return pass_held(ts, whole) ? 1 : -1;
	}
	gsize size;
	const guint8 *stream = g_bytes_get_data(picture, &size);
	g_autoptr(GByteArray) text = g_byte_array_sized_new((guint)size + 256);
	g_byte_array_append(text, (const guint8 *)entries, (guint)strlen(entries));
	g_byte_array_append(text, (const guint8 *)">>\nstream\n", 10);
	g_byte_array_append(text, stream, (guint)size);
	g_byte_array_append(text, (const guint8 *)"\n", 1);
	g_byte_array_append(text, (const guint8 *)stream_end, strlen(stream_end));
	ts->new_length = size;
	ts->length_object = -1;
	return replace_held(ts, whole, text->data, text->len) ? 1 : -1;
}

/* Passes on what it can of the held bytes: a bare stream's header with its
 * filter, its bytes compressed (once they have all come), its length object
 * with the new length, and everything else as it is. */
static gboolean
take_held(PdfTaggedStream *ts, gboolean all)
{
	for (;;) {
		const char *data = (const char *)ts->hold->data;
		const char *end = data + ts->hold->len;
		if (ts->in_stream) {
			gsize overlap = strlen(stream_end) - 1;
			const char *stop =
			    find(data + (ts->scanned > overlap ? ts->scanned - overlap : 0), end,
			         stream_end);
			if (!stop) {
				ts->scanned = ts->hold->len;
				if (all) /* cut short: no stream end to come */
					ts->damaged = TRUE;
				return all ? pass_held(ts, ts->hold->len) : TRUE;
			}
			if (!rewrite_stream(ts, (gsize)(stop - data)))
				return FALSE;
			continue;
		}
		if (ts->length_object != 0) {
			const char *stop = find(data, end, "\nendobj\n");
			if (!stop && !all && ts->hold->len < 64)
				return TRUE; /* the length object has not all come */
			gint64 number = ts->length_object > 0 || !stop
			                    ? ts->length_object
			                    : g_ascii_strtoll(data, NULL, 10);
			char head[48];
			int n =
			    g_snprintf(head, sizeof head, "%" G_GINT64_FORMAT " 0 obj\n", number);
			ts->length_object = 0;
			if (!stop || number <= 0 || strncmp(data, head, (size_t)n) != 0) {
				ts->damaged =
				    TRUE; /* the stream's length is not where cairo says */
				continue;
			}
			g_autofree char *object = g_strdup_printf(
			    "%s   %" G_GSIZE_FORMAT "\nendobj\n", head, ts->new_length);
			if (!replace_held(ts, (gsize)(stop - data) + strlen("\nendobj\n"), object,
			                  strlen(object)))
				return FALSE;
			continue;
		}
		/* Searched afresh: the bytes not searched yet, and a needle's length
		 * before them (cairo writes a few bytes at a time). */
		gsize overlap = strlen(standin_stream) - 1;
		const char *from = data + (ts->scanned > overlap ? ts->scanned - overlap : 0);
		const char *mark = find(from, end, bare_stream);
		const char *standin = find(from, mark ? mark : end, standin_stream);
		if (standin) {
			int taken = take_standin(ts, standin, all);
			if (taken < 0)
				return FALSE;
			if (taken == 0)
				return TRUE; /* its end has not come */
			continue;
		}
		const char *head = NULL;
		if (mark) {
			/* "<< /Length N" just before, and nothing else in the dictionary. */
			const char *digits = mark;
			while (digits > data && g_ascii_isdigit(digits[-1]))
				digits--;
			static const char open[] = "obj\n<< /Length ";
			if (digits < mark && digits - data >= (ptrdiff_t)strlen(open) &&
			    !strncmp(digits - strlen(open), open, strlen(open)))
				head = digits - strlen(open) + strlen("obj\n");
		}
		if (!mark) {
			ts->scanned = ts->hold->len;
			/* Held back: the start of a header the next bytes may finish. */
			gsize keep = all ? 0 : MIN(ts->hold->len, 64);
			return ts->hold->len > keep ? pass_held(ts, ts->hold->len - keep) : TRUE;
		}
		if (!head) { /* a stream of another kind: as it is */
			if (!pass_held(ts, (gsize)(mark - data) + strlen(bare_stream)))
				return FALSE;
			continue;
		}
		gint64 length_object = g_ascii_strtoll(head + strlen("<< /Length "), NULL, 10);
		if (!pass_held(ts, (gsize)(head - data)))
			return FALSE;
		g_autofree char *header = g_strdup_printf(
		    "<< /Length %" G_GINT64_FORMAT " 0 R\n   /Filter /FlateDecode\n>>\nstream\n",
		    length_object);
		gsize old = (gsize)(mark + strlen(bare_stream) - head);
		if (!replace_held(ts, old, header, strlen(header)))
			return FALSE;
		ts->in_stream = TRUE;
		ts->length_object = length_object;
	}
}

/* n bytes of cairo's, held to be looked at. */
static void
hold_bytes(PdfTaggedStream *ts, const void *data, gsize n)
{
	g_byte_array_append(ts->hold, data, (guint)n);
	ts->received += n;
}

/* The batch's bytes, held. */
static void
gather(PdfTaggedStream *ts)
{
	hold_bytes(ts, ts->batch, ts->batch_len);
	ts->batch_len = 0;
}

/* n bytes of cairo's held and what can be passed on of them passed on
 * (by the passer, or as they come); FALSE, and no more is written, when
 * the file could not take them. */
static gboolean
take_bytes(PdfTaggedStream *ts, const void *data, gsize n)
{
	hold_bytes(ts, data, n);
	if (take_held(ts, FALSE))
		return TRUE;
	g_atomic_int_set(&ts->failed, TRUE);
	return FALSE;
}

/* A full batch and the bytes after it, passed on. */
static G_GNUC_NO_INLINE void
pass_batch(PdfTaggedStream *ts, const unsigned char *data, unsigned int length)
{
	if (ts->passer) { /* the batch and these bytes, to the passer */
		GByteArray *bytes = g_async_queue_pop(ts->empty);
		g_byte_array_append(bytes, ts->batch, (guint)ts->batch_len);
		g_byte_array_append(bytes, data, length);
		ts->batch_len = 0;
		g_async_queue_push(ts->full, bytes);
		return;
	}
	gather(ts);
	take_bytes(ts, data, length);
}

/* Cairo writes a few bytes at a time: they are gathered in a batch, and
 * looked at a batch at a time. Once the file has failed (a full disk) the
 * bytes are dropped and the failure is the file's to report: cairo is not
 * told, as its ways out of a failed write are not all safe (1.16 leaves an
 * uncompressed stream open, a picture's, and trips an assertion at the
 * end). */
cairo_status_t
pdf_tagged_write(void *closure, const unsigned char *data, unsigned int length)
{
	PdfTaggedStream *ts = closure;
	if (g_atomic_int_get(&ts->failed))
		return CAIRO_STATUS_SUCCESS;
	/* Most often a few bytes (a number, an operator): into the batch. */
	if (ts->batch_len + length <= PDF_TAGGED_BATCH) {
		memcpy(ts->batch + ts->batch_len, data, length);
		ts->batch_len += length;
	} else {
		pass_batch(ts, data, length);
	}
	return CAIRO_STATUS_SUCCESS;
}

/* Where cairo's offset now stands in the file. */
static guint64
moved(const PdfTaggedStream *ts, guint64 offset)
{
	gint64 delta = 0;
	guint lo = 0, hi = ts->shifts->len;
	while (lo < hi) { /* the last shift from at or before offset */
		guint mid = (lo + hi) / 2;
		if (g_array_index(ts->shifts, PdfShift, mid).from <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0)
		delta = g_array_index(ts->shifts, PdfShift, lo - 1).delta;
	return (guint64)((gint64)offset + delta);
}

/* The last place needle stands in the tail, or NULL. The places tried are
 * those of its second byte (its first is a line's end, as in
 * "\nxref\n"): a long cross-reference table, all digits, is passed over
 * at once, not a byte at a time. */
static const char *
find_last(const GByteArray *tail, const char *needle)
{
	gsize n = strlen(needle), probe = n > 1 ? 1 : 0;
	if (n == 0 || tail->len < n)
		return NULL;
	const guint8 *data = tail->data;
	gsize room = tail->len - n + 1; /* the places needle may start */
	for (const guint8 *hit;
	     room > 0 && (hit = memrchr(data + probe, needle[probe], room)) != NULL;
	     room = (gsize)(hit - data) - probe) {
		const guint8 *start = hit - probe;
		if (memcmp(start, needle, n) == 0)
			return (const char *)start;
	}
	return NULL;
}

/* The number written after key in text (up to end), or -1. */
static gint64
number_after(const char *text, const char *end, const char *key)
{
	const char *at = find(text, end, key);
	if (!at)
		return -1;
	return g_ascii_strtoll(at + strlen(key), NULL, 10);
}

/* The dictionary that begins at at ("<< ... >>\nendobj"), without its
 * closing ">>", or NULL. */
static char *
dict_at(const char *at, const char *end)
{
	const char *stop = find(at, end, "\nendobj");
	if (!stop)
		return NULL;
	while (stop > at && (stop[-1] == '\n' || stop[-1] == ' '))
		stop--;
	if (stop - at < 4 || strncmp(at, "<<", 2) != 0 || strncmp(stop - 2, ">>", 2) != 0)
		return NULL;
	return g_strndup(at, (gsize)(stop - 2 - at));
}

/* The dictionary of object number in the tail, or NULL. */
static char *
object_dict(const GByteArray *tail, gint64 number, const char *from)
{
	char head[32];
	g_snprintf(head, sizeof head, "\n%" G_GINT64_FORMAT " 0 obj\n", number);
	const char *end = (const char *)tail->data + tail->len;
	const char *at = find(from ? from : (const char *)tail->data, end, head);
	return at ? dict_at(at + strlen(head), end) : NULL;
}

/* A PDF text string: UTF-16BE with its byte order mark, as hex. */
static void
append_text_string(GString *out, const char *utf8)
{
	glong n = 0;
	g_autofree gunichar2 *units = g_utf8_to_utf16(utf8, -1, NULL, &n, NULL);
	g_string_append(out, "<FEFF");
	char unit[NUMBERS_LONGEST];
	for (glong i = 0; units && i < n; i++)
		g_string_append_len(out, unit, numbers_format(unit, sizeof unit, "%04X", units[i]));
	g_string_append_c(out, '>');
}

typedef struct {
	gint64 number;
	char *text; /* the object's new version, "N 0 obj ... endobj\n" */
} NewObject;

static void
new_object_clear(gpointer p)
{
	g_free(((NewObject *)p)->text);
}

/* cairo writes URIs into the PDF as they are: what would break it is
 * escaped (an unbalanced parenthesis, a quote, bytes outside ASCII). */
static char *
uri_attribute(const char *uri)
{
	GString *out = g_string_new(NULL);
	for (const unsigned char *p = (const unsigned char *)uri; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7F || strchr("()\\'\"<>{}|^`", *p))
			g_string_append_printf(out, "%%%02X", *p);
		else
			g_string_append_c(out, (char)*p);
	}
	return g_string_free(out, FALSE);
}

char *
pdf_link_attributes(double x, double y, double width, double height, const char *uri,
                    const char *dest)
{
	if (uri) {
		g_autofree char *escaped = uri_attribute(uri);
		return g_strdup_printf("rect=[%.2f %.2f %.2f %.2f] uri='%s'", x, y, width, height,
		                       escaped);
	}
	return g_strdup_printf("rect=[%.2f %.2f %.2f %.2f] dest='%s'", x, y, width, height,
	                       dest ? dest : "");
}

void
pdf_link_begin(PdfWriter *w, const char *attributes, const char *text)
{
	if (!w->tagged) {
		pdf_canvas_tag_begin(w->canvas, CAIRO_TAG_LINK, attributes);
		return;
	}
	/* for its annotation, found in the order links open */
	g_ptr_array_add(w->link_texts, g_strdup(text ? text : ""));
	tag_begin(w, CAIRO_TAG_LINK, attributes, NULL);
}

void
pdf_link_area(PdfWriter *w, double x, double y, const PdfLink *link)
{
	g_autofree char *attributes = pdf_link_attributes(x + link->x, y + link->y, link->width,
	                                                  link->height, link->uri, link->dest);
	pdf_link_begin(w, attributes, link->text ? link->text : link->uri);
	pdf_canvas_tag_end(w->canvas, CAIRO_TAG_LINK);
}

void
pdf_link_clear(PdfLink *link)
{
	g_clear_pointer(&link->dest, g_free);
	g_clear_pointer(&link->uri, g_free);
	g_clear_pointer(&link->text, g_free);
}

/* The entries of cairo's cross-reference table, one line of 20 bytes an
 * object from object 0, in the tail; NULL if it is not so. */
static const char *
xref_entries(const GByteArray *tail)
{
	const char *end = (const char *)tail->data + tail->len;
	const char *xref = find_last(tail, "\nxref\n");
	if (!xref)
		return NULL;
	const char *line = xref + strlen("\nxref\n");
	const char *entries = find(line, end, "\n");
	if (!entries || g_ascii_strtoll(line, NULL, 10) != 0)
		return NULL;
	return entries + 1;
}

/* The dictionary of an object cairo wrote before its end of file (a link's
 * annotation), read back from the file at the offset its cross-reference
 * entries give ("<< ... >>" without its closing ">>"), or NULL. */
static char *
written_dict(PdfTaggedStream *ts, const char *entries, gint64 number)
{
	const char *end = (const char *)ts->tail->data + ts->tail->len;
	if (!entries || number <= 0 || number > (end - entries) / 20)
		return NULL;
	const char *entry = entries + 20 * number; /* "%010d 00000 n \n" */
	if (entry + 20 > end || entry[17] != 'n')
		return NULL;
	guint64 offset = g_ascii_strtoull(entry, NULL, 10);
	g_autoptr(GByteArray) text = g_byte_array_new();
	const char *stop = NULL;
	for (gsize want = 4096; !stop && want <= 1 << 20; want *= 4) {
		g_byte_array_set_size(text, (guint)want);
		gsize got = 0;
		if (!output_file_read(ts->file, offset, text->data, want, &got))
			return NULL;
		g_byte_array_set_size(text, (guint)got);
		stop = find((const char *)text->data, (const char *)text->data + got, "\nendobj");
		if (got < want)
			break;
	}
	g_autofree char *head = g_strdup_printf("%" G_GINT64_FORMAT " 0 obj\n", number);
	const char *at = (const char *)text->data;
	if (!stop || strncmp(at, head, strlen(head)) != 0)
		return NULL;
	return dict_at(at + strlen(head), (const char *)text->data + text->len);
}

static int
by_number(gconstpointer a, gconstpointer b)
{
	const NewObject *x = a, *y = b;
	return (x->number > y->number) - (x->number < y->number);
}

/* Cairo's end of file, held since capturing began, written with the
 * offsets of its cross-reference table and startxref moved as the
 * rewritten streams moved the objects. FALSE (and nothing moved) when it
 * holds no table as cairo writes it. */
static gboolean
write_cairo_end(PdfTaggedStream *ts)
{
	GByteArray *tail = ts->tail;
	const char *end = (const char *)tail->data + tail->len;
	const char *xref = find_last(tail, "\nxref\n");
	const char *startxref = find_last(tail, "\nstartxref\n");
	gboolean found = xref && startxref && startxref > xref;
	if (found) {
		const char *line = xref + strlen("\nxref\n");
		gint64 count = g_ascii_strtoll(line + 2, NULL, 10);
		char *entry = (char *)find(line, end, "\n");
		found = !strncmp(line, "0 ", 2) && count > 0 && entry &&
		        count <= (startxref - entry) / 20;
		for (gint64 i = 0; found && i < count; i++) {
			char *e = entry + 1 + 20 * i; /* "%010d 00000 n \n" */
			if (e[17] != 'n')
				continue;
			gint64 offset = pdf_token_integer(e, (PdfToken){PDF_TOKEN_WORD, 0, 10});
			found = offset >= 0; /* ten digits, as cairo writes them */
			if (!found)
				break;
			char digits[NUMBERS_LONGEST];
			numbers_format(digits, sizeof digits, "%010ld",
			               (long)moved(ts, (guint64)offset));
			memcpy(e, digits, 10);
		}
	}
	if (found) {
		gsize at = (gsize)(startxref - (const char *)tail->data) + strlen("\nstartxref\n");
		guint64 xref_at =
		    moved(ts, g_ascii_strtoull(startxref + strlen("\nstartxref\n"), NULL, 10));
		g_byte_array_set_size(tail, (guint)at);
		g_autofree char *rest =
		    g_strdup_printf("%" G_GUINT64_FORMAT "\n%%%%EOF\n", xref_at);
		g_byte_array_append(tail, (const guint8 *)rest, (guint)strlen(rest));
	} else if (ts->shifts->len) {
		ts->damaged = TRUE;
	}
	ts->capturing = FALSE; /* what follows is not cairo's */
	return pass_on(ts, tail->data, tail->len) && found;
}

/* The array of references after key in dict ("/Kids [ 2 0 R 11 0 R ]"):
 * the object numbers, or NULL; *open and *close the brackets. */
static GArray *
references_after(const char *dict, const char *key, const char **open, const char **close)
{
	const char *at = strstr(dict, key);
	*open = at ? strchr(at, '[') : NULL;
	*close = *open ? strchr(*open, ']') : NULL;
	if (!*close)
		return NULL;
	GArray *numbers = g_array_new(FALSE, FALSE, sizeof(gint64));
	const char *p = *open + 1;
	for (;;) {
		while (p < *close && g_ascii_isspace(*p))
			p++;
		if (p >= *close)
			return numbers;
		char *after;
		gint64 n = g_ascii_strtoll(p, &after, 10);
		if (n <= 0 || strncmp(after, " 0 R", 4) != 0) {
			g_array_unref(numbers);
			return NULL;
		}
		g_array_append_val(numbers, n);
		p = after + 4;
	}
}

/* dict (without its closing ">>") with the references between open and
 * close (pointers into it) now numbers, the last `last` of them first. */
static char *
with_last_first(const char *dict, const char *open, const char *close, GArray *numbers, guint last)
{
	GString *out = g_string_new_len(dict, open - dict + 1);
	for (guint i = 0; i < numbers->len; i++) {
		guint k = (i + numbers->len - last) % numbers->len;
		g_string_append_printf(out, " %" G_GINT64_FORMAT " 0 R",
		                       g_array_index(numbers, gint64, k));
	}
	g_string_append(out, " ");
	g_string_append(out, close);
	return g_string_free(out, FALSE);
}

/* A page label as a PDF text string: its letters as they are when they
 * are plain (roman and arabic numbers), else UTF-16BE. */
static void
append_label(GString *out, const char *label)
{
	gboolean plain = TRUE;
	for (const char *c = label; *c; c++)
		plain = plain && g_ascii_isalnum(*c);
	if (plain)
		g_string_append_printf(out, "(%s)", label);
	else
		append_text_string(out, label);
}

/* The front matter, drawn after the body, put first: the page tree's
 * kids, the page labels (a run of numbers from 1 up as one entry) and the
 * document element's children (tagged). FALSE when cairo's objects are not
 * as expected. */
static gboolean
order_pages(const GByteArray *tail, const char *catalog, const PdfWriter *w, GArray *objects)
{
	guint count = w->page_labels->len;
	gint64 pages = number_after(catalog, catalog + strlen(catalog), "/Pages ");
	g_autofree char *tree = pages > 0 ? object_dict(tail, pages, NULL) : NULL;
	const char *open, *close;
	g_autoptr(GArray) kids = tree ? references_after(tree, "/Kids", &open, &close) : NULL;
	if (!kids || kids->len != count || w->front_pages > count)
		return FALSE;
	g_autofree char *ordered = with_last_first(tree, open, close, kids, w->front_pages);
	NewObject o = {
	    pages, g_strdup_printf("%" G_GINT64_FORMAT " 0 obj\n%s>>\nendobj\n", pages, ordered)};
	g_array_append_val(objects, o);

	gint64 labels = number_after(catalog, catalog + strlen(catalog), "/PageLabels ");
	if (labels <= 0)
		return FALSE;
	GString *nums = g_string_new(NULL);
	g_string_append_printf(nums, "%" G_GINT64_FORMAT " 0 obj\n<< /Nums [\n", labels);
	gint64 run = 0; /* the number the page before had, in a run from 1 up */
	for (guint i = 0; i < count; i++) {
		guint k = (i + count - w->front_pages) % count;
		const char *label = g_ptr_array_index(w->page_labels, k);
		char *after = NULL;
		gint64 number = label ? g_ascii_strtoll(label, &after, 10) : 0;
		gboolean arabic =
		    label && after && !*after && number > 0 && g_ascii_isdigit(*label);
		if (arabic && run > 0 && number == run + 1) {
			run = number;
			continue;
		}
		run = arabic ? number : 0;
		g_string_append_printf(nums, "   %u << ", i);
		if (arabic)
			g_string_append_printf(nums, "/S /D /St %" G_GINT64_FORMAT, number);
		else if (label) {
			g_string_append(nums, "/P ");
			append_label(nums, label);
		}
		g_string_append(nums, " >>\n");
	}
	g_string_append(nums, "  ]\n>>\nendobj\n");
	NewObject l = {labels, g_string_free(nums, FALSE)};
	g_array_append_val(objects, l);

	if (!w->tagged)
		return TRUE;
	gint64 root = number_after(catalog, catalog + strlen(catalog), "/StructTreeRoot ");
	g_autofree char *tree_root = root > 0 ? object_dict(tail, root, NULL) : NULL;
	g_autoptr(GArray) top = tree_root ? references_after(tree_root, "/K", &open, &close) : NULL;
	g_autofree char *document =
	    top && top->len == 1 ? object_dict(tail, g_array_index(top, gint64, 0), NULL) : NULL;
	g_autoptr(GArray) children =
	    document ? references_after(document, "/K", &open, &close) : NULL;
	if (!children || children->len != w->document_kids || w->front_kids > children->len)
		return FALSE;
	g_autofree char *doc = with_last_first(document, open, close, children, w->front_kids);
	gint64 number = g_array_index(top, gint64, 0);
	NewObject d = {number,
	               g_strdup_printf("%" G_GINT64_FORMAT " 0 obj\n%s>>\nendobj\n", number, doc)};
	g_array_append_val(objects, d);
	return TRUE;
}

static gboolean append_update(PdfTaggedStream *ts, const PdfWriter *w);
static gboolean tagged_objects(PdfTaggedStream *ts, const char *catalog, gint64 root,
                               const PdfWriter *w, GArray *objects);
static gboolean write_update(PdfTaggedStream *ts, GArray *objects, gint64 size, gint64 root,
                             gint64 info, gint64 prev);

gboolean
pdf_tagged_append(PdfTaggedStream *ts, const PdfWriter *w)
{
	if (g_atomic_int_get(&ts->failed))
		return TRUE; /* nothing more for a file that cannot take it */
	gather(ts);
	if (!take_held(ts, TRUE) || !spill(ts) || !write_cairo_end(ts)) {
		ts->damaged = TRUE; /* the pages would stand out of order */
		return FALSE;
	}
	return append_update(ts, w);
}

/* The incremental update after cairo's end of file: FALSE with
 * ts->damaged when the pages cannot be put in order, FALSE alone when
 * only what cairo leaves out of the structure is not added. */
static gboolean
append_update(PdfTaggedStream *ts, const PdfWriter *w)
{
	const GByteArray *tail = ts->tail;
	const char *end = (const char *)tail->data + tail->len;
	const char *trailer = find_last(tail, "\ntrailer\n");
	const char *startxref = find_last(tail, "\nstartxref\n");
	if (!trailer || !startxref) {
		ts->damaged = TRUE;
		return FALSE;
	}
	gint64 size = number_after(trailer, end, "/Size ");
	gint64 root = number_after(trailer, end, "/Root ");
	gint64 info = number_after(trailer, end, "/Info ");
	gint64 prev = g_ascii_strtoll(startxref + strlen("\nstartxref\n"), NULL, 10);
	g_autofree char *catalog =
	    size > 0 && root > 0 && prev > 0 ? object_dict(ts->kept, root, NULL) : NULL;
	g_autoptr(GArray) objects = g_array_new(FALSE, FALSE, sizeof(NewObject));
	g_array_set_clear_func(objects, new_object_clear); /* also when cut short */
	if (!catalog || !order_pages(ts->kept, catalog, w, objects)) {
		ts->damaged = TRUE;
		return FALSE;
	}
	guint ordered = objects->len;
	gboolean whole = !w->tagged || tagged_objects(ts, catalog, root, w, objects);
	if (!whole)
		g_array_set_size(objects, ordered); /* the pages' order alone */
	if (!write_update(ts, objects, size, root, info, prev)) {
		ts->damaged = TRUE;
		return FALSE;
	}
	return whole;
}

/* What cairo leaves out of a tagged PDF: the catalogue's language and
 * title display, the figures' alternative texts, the languages of
 * elements, what each link says. */
static gboolean
tagged_objects(PdfTaggedStream *ts, const char *catalog, gint64 root, const PdfWriter *w,
               GArray *objects)
{
	const GByteArray *kept = ts->kept;
	const char *end = (const char *)kept->data + kept->len;
	/* The catalogue: the document's language, and its title in the
	 * reader's window rather than the file's name. */
	GString *cat = g_string_new(NULL);
	g_string_append_printf(cat, "%" G_GINT64_FORMAT " 0 obj\n%s", root, catalog);
	GString *lang = g_string_new(NULL);
	for (const char *p = w->site->lang ? w->site->lang : ""; *p && lang->len < 35; p++)
		if (g_ascii_isalnum(*p) || *p == '-')
			g_string_append_c(lang, *p);
	if (lang->len)
		g_string_append_printf(cat, "   /Lang (%s)\n", lang->str);
	g_string_free(lang, TRUE);
	g_string_append(cat, "   /ViewerPreferences << /DisplayDocTitle true >>\n>>\nendobj\n");
	NewObject c = {root, g_string_free(cat, FALSE)};
	g_array_append_val(objects, c);

	/* The figures, in the order they were opened: cairo writes the tree
	 * depth first, each element before its children, in that order. */
	static const char figure[] = "<< /Type /StructElem\n   /S /Figure\n";
	guint found = 0;
	for (const char *at = (const char *)kept->data; (at = find(at, end, figure)) != NULL;
	     at += sizeof figure - 1) {
		/* "N 0 obj" stands on the line before. */
		const char *line = at - 1;
		while (line > (const char *)kept->data && line[-1] != '\n')
			line--;
		gint64 number = g_ascii_strtoll(line, NULL, 10);
		if (found >= w->figure_alts->len || number <= 0)
			return FALSE;
		g_autofree char *dict =
		    object_dict(kept, number, MAX(line - 1, (const char *)kept->data));
		if (!dict)
			return FALSE;
		GString *o = g_string_new(NULL);
		g_string_append_printf(o, "%" G_GINT64_FORMAT " 0 obj\n%s   /Alt ", number, dict);
		append_text_string(o, g_ptr_array_index(w->figure_alts, found));
		g_string_append(o, "\n>>\nendobj\n");
		NewObject f = {number, g_string_free(o, FALSE)};
		g_array_append_val(objects, f);
		found++;
	}
	if (found != w->figure_alts->len)
		return FALSE;

	/* The elements of another language and the merged cells, found by
	 * their number among all (as many as folio opened, or none is). */
	static const char element[] = "<< /Type /StructElem\n";
	if (ts->elements != w->elements_opened)
		return FALSE;
	guint additions = 0, kept_element = 0;
	for (const char *at = (const char *)kept->data;
	     additions < w->elements_added->len && kept_element < ts->kept_elements->len &&
	     (at = find(at, end, element)) != NULL;
	     at += sizeof element - 1, kept_element++) {
		const ElementAdded *added =
		    &g_array_index(w->elements_added, ElementAdded, additions);
		if (added->n != g_array_index(ts->kept_elements, guint, kept_element))
			continue;
		additions++;
		const char *line = at - 1;
		while (line > (const char *)kept->data && line[-1] != '\n')
			line--;
		gint64 number = g_ascii_strtoll(line, NULL, 10);
		g_autofree char *dict =
		    number > 0 ? object_dict(kept, number, MAX(line - 1, (const char *)kept->data))
		               : NULL;
		if (!dict)
			return FALSE;
		GString *object = g_string_new(NULL);
		g_string_append_printf(object, "%" G_GINT64_FORMAT " 0 obj\n%s", number, dict);
		if (added->lang)
			g_string_append_printf(object, "   /Lang (%s)\n", added->lang);
		/* A merged cell says how many columns and rows it takes. */
		if (added->colspan > 1 || added->rowspan > 1) {
			g_string_append(object, "   /A << /O /Table");
			if (added->colspan > 1)
				g_string_append_printf(object, " /ColSpan %u", added->colspan);
			if (added->rowspan > 1)
				g_string_append_printf(object, " /RowSpan %u", added->rowspan);
			g_string_append(object, " >>\n");
		}
		g_string_append(object, ">>\nendobj\n");
		NewObject o = {number, g_string_free(object, FALSE)};
		g_array_append_val(objects, o);
	}
	if (additions != w->elements_added->len)
		return FALSE;

	/* The links, in the order they were opened: each Link element names
	 * its annotation (/K [ << /Type /OBJR /Obj N 0 R >> ... ]), whose new
	 * version says what the link says. */
	static const char link[] = "<< /Type /StructElem\n   /S /Link\n";
	const char *entries = xref_entries(ts->tail);
	guint links = 0;
	for (const char *at = (const char *)kept->data; (at = find(at, end, link)) != NULL;
	     at += sizeof link - 1) {
		if (links >= w->link_texts->len)
			return FALSE;
		const char *text = g_ptr_array_index(w->link_texts, links++);
		const char *stop = find(at, end, "\nendobj");
		const char *obj = stop ? find(at, stop, "/Type /OBJR /Obj ") : NULL;
		if (!*text || !obj)
			continue; /* nothing to say, or no annotation */
		gint64 number = g_ascii_strtoll(obj + strlen("/Type /OBJR /Obj "), NULL, 10);
		g_autofree char *dict = written_dict(ts, entries, number);
		if (!dict)
			return FALSE;
		GString *o = g_string_new(NULL);
		g_string_append_printf(o, "%" G_GINT64_FORMAT " 0 obj\n%s\n   /Contents ", number,
		                       dict);
		append_text_string(o, text);
		g_string_append(o, "\n>>\nendobj\n");
		NewObject a = {number, g_string_free(o, FALSE)};
		g_array_append_val(objects, a);
	}
	return links == w->link_texts->len;
}

/* Appended after cairo's %%EOF line: the objects, then their offsets. */
static gboolean
write_update(PdfTaggedStream *ts, GArray *objects, gint64 size, gint64 root, gint64 info,
             gint64 prev)
{
	g_array_sort(objects, by_number);
	GString *xref = g_string_new("xref\n");
	for (guint i = 0; i < objects->len; i++) {
		NewObject *o = &g_array_index(objects, NewObject, i);
		g_string_append_printf(
		    xref, "%" G_GINT64_FORMAT " 1\n%010" G_GUINT64_FORMAT " 00000 n \n", o->number,
		    ts->offset);
		pass_on(ts, o->text, strlen(o->text));
	}
	guint64 xref_at = ts->offset;
	g_string_append_printf(
	    xref, "trailer\n<< /Size %" G_GINT64_FORMAT " /Root %" G_GINT64_FORMAT " 0 R", size,
	    root);
	if (info > 0)
		g_string_append_printf(xref, " /Info %" G_GINT64_FORMAT " 0 R", info);
	g_string_append_printf(
	    xref, " /Prev %" G_GINT64_FORMAT " >>\nstartxref\n%" G_GUINT64_FORMAT "\n%%%%EOF\n",
	    prev, xref_at);
	gboolean written = pass_on(ts, xref->str, xref->len);
	g_string_free(xref, TRUE);
	return written;
}
