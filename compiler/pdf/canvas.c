/* Pages as lists of cairo's operations, drawn on a thread of their own.
 *
 * Text is turned into glyphs where it is set: a PangoRenderer of folio's
 * (the recorder) takes what Pango's own cairo renderer would draw - each
 * run's glyphs at their places with the clusters that map them to their
 * text, rectangles for underlines and backgrounds, colours - and writes it
 * down with the cairo font each run is drawn in. Pango's font caches are
 * not safe to share between threads; cairo's fonts and surfaces are, so
 * the drawing thread needs nothing but cairo. A glyph the fonts lack is the
 * exception: Pango draws its box with its code in hexadecimal from a font
 * of its own, which is readied where the text is set and only read where it
 * is drawn.
 *
 * A page's list and the bytes its operations point into are given to the
 * drawing thread when the page is shown, and come back empty to be used
 * again: a few pages are in hand at a time, whatever the book's length. */
#include "canvas.h"

#include <cairo-ft.h>
#include <math.h>
#include <string.h>

typedef enum {
	OP_SAVE,
	OP_RESTORE,
	OP_RGB,
	OP_RECTANGLE,
	OP_ARC,
	OP_MOVE_TO,
	OP_LINE_TO,
	OP_NEW_SUB_PATH,
	OP_CLOSE_PATH,
	OP_FILL,
	OP_STROKE,
	OP_LINE_WIDTH,
	OP_DASH,
	OP_TRANSLATE,
	OP_SCALE,
	OP_PAINT_SURFACE,
	OP_MASK_SURFACE, /* object: the surface drawn; mask: the surface it is drawn through */
	OP_FILL_TILED,   /* object: the surface; shifted by v0 */
	OP_PUSH_GROUP,
	OP_POP_GROUP_PAINT,
	OP_FONT,          /* object: the cairo_scaled_font_t to draw in */
	OP_GLYPHS,        /* n glyphs at a, text of m bytes at b, k clusters at c */
	OP_UNKNOWN_GLYPH, /* object: the PangoFont; one PangoGlyphInfo at a, from v0, v1 */
	OP_TAG_BEGIN,     /* name at a, attributes at b (when flags; else none) */
	OP_TAG_END,       /* name at a */
	OP_PAGE_LABEL,    /* at a */
	OP_OUTLINE,       /* depth n, title at a, link at b */
	OP_SHOW_PAGE,
} OpKind;

typedef struct {
	OpKind kind;
	int n, m, k, flags;
	double v[5];
	gpointer object;       /* a reference to a cairo surface or font, or a PangoFont */
	cairo_surface_t *mask; /* a reference, for OP_MASK_SURFACE */
	gsize a, b, c;         /* offsets into the page's bytes */
} Op;

typedef struct {
	GArray *ops;      /* Op */
	GByteArray *data; /* what the operations point into, each part aligned to 8 */
} Page;

enum { PAGES_IN_HAND = 6 };

typedef struct Recorder Recorder;

struct PdfCanvas {
	cairo_t *cr;
	Page *page;        /* being written */
	gboolean direct;   /* each operation drawn as it comes */
	GThread *drawer;   /* NULL: pages drawn where they are shown */
	GAsyncQueue *todo; /* Page, to draw; the canvas itself ends the thread */
	GAsyncQueue *done; /* Page, drawn and emptied */
	int pages;         /* made so far (at most PAGES_IN_HAND while drawing) */
	Recorder *recorder;
	GHashTable *hex_fonts; /* PangoFont (a reference) whose boxes are readied */
	gboolean spaces_with_words;
	GHashTable *spaced_faces;               /* cairo_font_face_t -> SpacedFace (drawing side) */
	int outline[PDF_CANVAS_OUTLINE_DEPTHS]; /* the drawing side's last bookmark at each depth */
};

/* ---- a page's list ----------------------------------------------------- */

static Page *
page_new(void)
{
	Page *p = g_new(Page, 1);
	p->ops = g_array_sized_new(FALSE, FALSE, sizeof(Op), 256);
	p->data = g_byte_array_sized_new(8192);
	return p;
}

static void
page_empty(Page *p)
{
	for (guint i = 0; i < p->ops->len; i++) {
		Op *op = &g_array_index(p->ops, Op, i);
		if (op->kind == OP_PAINT_SURFACE || op->kind == OP_FILL_TILED)
			cairo_surface_destroy(op->object);
		else if (op->kind == OP_MASK_SURFACE) {
			cairo_surface_destroy(op->object);
			cairo_surface_destroy(op->mask);
		} else if (op->kind == OP_FONT)
			cairo_scaled_font_destroy(op->object);
	}
	g_array_set_size(p->ops, 0);
	g_byte_array_set_size(p->data, 0);
}

static void
page_free(Page *p)
{
	page_empty(p);
	g_array_unref(p->ops);
	g_byte_array_unref(p->data);
	g_free(p);
}

/* Keeps n bytes of data in the page; returns their offset. */
static gsize
keep(Page *p, const void *data, gsize n)
{
	gsize at = (p->data->len + 7) & ~(gsize)7;
	g_byte_array_set_size(p->data, (guint)(at + n));
	if (n)
		memcpy(p->data->data + at, data, n);
	return at;
}

static gsize
keep_string(Page *p, const char *s)
{
	return keep(p, s, strlen(s) + 1);
}

static const char *
string_at(const Page *p, gsize at)
{
	return (const char *)p->data->data + at;
}

/* ---- drawing ----------------------------------------------------------- */

static void
draw_unknown(cairo_t *cr, const Op *op, const Page *p)
{
	PangoGlyphString glyphs = {.num_glyphs = 1,
	                           .glyphs = (PangoGlyphInfo *)(p->data->data + op->a),
	                           .log_clusters = (int[]){0}};
	cairo_move_to(cr, op->v[0], op->v[1]);
	pango_cairo_show_glyph_string(cr, op->object, &glyphs);
}

static void
fill_tiled(cairo_t *cr, cairo_surface_t *surface, double x)
{
	cairo_pattern_t *pattern = cairo_pattern_create_for_surface(surface);
	cairo_pattern_set_extend(pattern, CAIRO_EXTEND_REPEAT);
	cairo_matrix_t at;
	cairo_matrix_init_translate(&at, x, 0);
	cairo_pattern_set_matrix(pattern, &at);
	cairo_set_source(cr, pattern);
	cairo_fill(cr);
	cairo_pattern_destroy(pattern);
}

/* A space with its words.
 *
 * cairo 1.16 writes a font's glyphs in two subsets: those of characters
 * Windows' Latin encoding has (the space, digits, Latin letters) in one,
 * the rest in another. A line of Greek changed font at each space, and
 * back: four operators a word (a hundred-page book's pages held 78,000
 * font changes), and the most of cairo's work on a glyph. The Latin subset
 * takes each character once, for the first glyph shown for it. So where
 * the book's words are Greek, the first space of each font is shown as its
 * no-break space's glyph (as blank, and as wide), with the text " ": that
 * glyph takes the space's place in the Latin subset, and every space after
 * it goes with the words, its text still " ". A face is settled once a
 * space of it is shown. */
typedef struct {
	gboolean settled;           /* a space of it was shown */
	unsigned long space, blank; /* its glyphs: the space, the no-break space (0: none) */
} SpacedFace;

static SpacedFace *
spaced_face(PdfCanvas *c, cairo_scaled_font_t *scaled)
{
	cairo_font_face_t *face = cairo_scaled_font_get_font_face(scaled);
	SpacedFace *f = g_hash_table_lookup(c->spaced_faces, face);
	if (f)
		return f;
	f = g_new0(SpacedFace, 1);
	g_hash_table_insert(c->spaced_faces, face, f);
	FT_Face ft = cairo_scaled_font_get_type(scaled) == CAIRO_FONT_TYPE_FT
	                 ? cairo_ft_scaled_font_lock_face(scaled)
	                 : NULL;
	if (ft) {
		f->space = FT_Get_Char_Index(ft, ' ');
		f->blank = FT_Get_Char_Index(ft, 0xA0);
		cairo_ft_scaled_font_unlock_face(scaled);
	}
	f->settled = !f->space || !f->blank || f->blank == f->space; /* nothing to do */
	return f;
}

static void
space_with_words(PdfCanvas *c, cairo_t *cr, const char *text, int text_len, cairo_glyph_t *glyphs,
                 int count, const cairo_text_cluster_t *clusters, int num_clusters,
                 cairo_text_cluster_flags_t flags)
{
	SpacedFace *f = spaced_face(c, cairo_get_scaled_font(cr));
	if (f->settled)
		return;
	int at = -1; /* the glyph of the run's first space */
	for (int i = 0; i < count && at < 0; i++)
		if (glyphs[i].index == f->space)
			at = i;
	if (at < 0)
		return; /* no space yet: the face waits for its first */
	f->settled = TRUE;
	if (!text || num_clusters == 0 || (flags & CAIRO_TEXT_CLUSTER_FLAG_BACKWARD))
		return; /* no text to give it */
	int glyph = 0, byte = 0;
	for (int k = 0; k < num_clusters; k++) {
		if (glyph == at) {
			if (clusters[k].num_glyphs == 1 && clusters[k].num_bytes == 1 &&
			    byte < text_len && text[byte] == ' ')
				glyphs[at].index = f->blank;
			return;
		}
		glyph += clusters[k].num_glyphs;
		byte += clusters[k].num_bytes;
		if (glyph > at)
			return; /* the space shares its cluster */
	}
}

static void
draw_page(PdfCanvas *c, const Page *p)
{
	cairo_t *cr = c->cr;
	const guint8 *data = p->data->data;
	for (guint i = 0; i < p->ops->len; i++) {
		const Op *op = &g_array_index(p->ops, Op, i);
		const double *v = op->v;
		switch (op->kind) {
		case OP_SAVE: cairo_save(cr); break;
		case OP_RESTORE: cairo_restore(cr); break;
		case OP_RGB: cairo_set_source_rgb(cr, v[0], v[1], v[2]); break;
		case OP_RECTANGLE: cairo_rectangle(cr, v[0], v[1], v[2], v[3]); break;
		case OP_ARC: cairo_arc(cr, v[0], v[1], v[2], v[3], v[4]); break;
		case OP_MOVE_TO: cairo_move_to(cr, v[0], v[1]); break;
		case OP_LINE_TO: cairo_line_to(cr, v[0], v[1]); break;
		case OP_NEW_SUB_PATH: cairo_new_sub_path(cr); break;
		case OP_CLOSE_PATH: cairo_close_path(cr); break;
		case OP_FILL: cairo_fill(cr); break;
		case OP_STROKE: cairo_stroke(cr); break;
		case OP_LINE_WIDTH: cairo_set_line_width(cr, v[0]); break;
		case OP_DASH: cairo_set_dash(cr, v, op->n, 0); break;
		case OP_TRANSLATE: cairo_translate(cr, v[0], v[1]); break;
		case OP_SCALE: cairo_scale(cr, v[0], v[1]); break;
		case OP_PAINT_SURFACE:
			cairo_set_source_surface(cr, op->object, 0, 0);
			cairo_paint(cr);
			break;
		case OP_MASK_SURFACE:
			cairo_set_source_surface(cr, op->object, 0, 0);
			cairo_mask_surface(cr, op->mask, 0, 0);
			break;
		case OP_FILL_TILED: fill_tiled(cr, op->object, v[0]); break;
		case OP_PUSH_GROUP: cairo_push_group(cr); break;
		case OP_POP_GROUP_PAINT:
			cairo_pop_group_to_source(cr);
			cairo_paint(cr);
			break;
		case OP_FONT: cairo_set_scaled_font(cr, op->object); break;
		case OP_GLYPHS:
			if (c->spaces_with_words)
				space_with_words(c, cr, (const char *)data + op->b, op->m,
				                 (cairo_glyph_t *)(data + op->a), op->n,
				                 (const cairo_text_cluster_t *)(data + op->c),
				                 op->k, op->flags);
			cairo_show_text_glyphs(cr, (const char *)data + op->b, op->m,
			                       (const cairo_glyph_t *)(data + op->a), op->n,
			                       (const cairo_text_cluster_t *)(data + op->c), op->k,
			                       op->flags);
			break;
		case OP_UNKNOWN_GLYPH: draw_unknown(cr, op, p); break;
		case OP_TAG_BEGIN:
			cairo_tag_begin(cr, string_at(p, op->a),
			                op->flags ? string_at(p, op->b) : NULL);
			break;
		case OP_TAG_END: cairo_tag_end(cr, string_at(p, op->a)); break;
		case OP_PAGE_LABEL:
			cairo_pdf_surface_set_page_label(cairo_get_target(cr), string_at(p, op->a));
			break;
		case OP_OUTLINE: {
			int depth = op->n;
			int parent = depth == 0 ? CAIRO_PDF_OUTLINE_ROOT : c->outline[depth - 1];
			c->outline[depth] = cairo_pdf_surface_add_outline(
			    cairo_get_target(cr), parent, string_at(p, op->a), string_at(p, op->b),
			    0);
			for (int d = depth + 1; d < (int)G_N_ELEMENTS(c->outline); d++)
				c->outline[d] = c->outline[depth];
			break;
		}
		case OP_SHOW_PAGE: cairo_show_page(cr); break;
		}
	}
}

static gpointer
draw_in_turn(gpointer data)
{
	PdfCanvas *c = data;
	for (;;) {
		gpointer item = g_async_queue_pop(c->todo);
		if (item == c)
			return NULL;
		draw_page(c, item);
		page_empty(item);
		g_async_queue_push(c->done, item);
	}
}

/* ---- writing operations ------------------------------------------------ */

static Op *
op_add(PdfCanvas *c, OpKind kind)
{
	g_array_set_size(c->page->ops, c->page->ops->len + 1);
	Op *op = &g_array_index(c->page->ops, Op, c->page->ops->len - 1);
	memset(op, 0, sizeof *op);
	op->kind = kind;
	return op;
}

/* The operations written so far, drawn now (direct). */
static void
flush(PdfCanvas *c)
{
	draw_page(c, c->page);
	page_empty(c->page);
}

static void
done_op(PdfCanvas *c)
{
	if (c->direct)
		flush(c);
}

static void
op_values(PdfCanvas *c, OpKind kind, int n, const double *values)
{
	Op *op = op_add(c, kind);
	if (n)
		memcpy(op->v, values, n * sizeof *values);
	done_op(c);
}

void
pdf_canvas_save(PdfCanvas *c)
{
	op_values(c, OP_SAVE, 0, NULL);
}

void
pdf_canvas_restore(PdfCanvas *c)
{
	op_values(c, OP_RESTORE, 0, NULL);
}

void
pdf_canvas_rgb(PdfCanvas *c, double r, double g, double b)
{
	op_values(c, OP_RGB, 3, (double[]){r, g, b});
}

void
pdf_canvas_rectangle(PdfCanvas *c, double x, double y, double width, double height)
{
	op_values(c, OP_RECTANGLE, 4, (double[]){x, y, width, height});
}

void
pdf_canvas_arc(PdfCanvas *c, double x, double y, double radius, double from, double to)
{
	op_values(c, OP_ARC, 5, (double[]){x, y, radius, from, to});
}

void
pdf_canvas_move_to(PdfCanvas *c, double x, double y)
{
	op_values(c, OP_MOVE_TO, 2, (double[]){x, y});
}

void
pdf_canvas_line_to(PdfCanvas *c, double x, double y)
{
	op_values(c, OP_LINE_TO, 2, (double[]){x, y});
}

void
pdf_canvas_new_sub_path(PdfCanvas *c)
{
	op_values(c, OP_NEW_SUB_PATH, 0, NULL);
}

void
pdf_canvas_close_path(PdfCanvas *c)
{
	op_values(c, OP_CLOSE_PATH, 0, NULL);
}

void
pdf_canvas_fill(PdfCanvas *c)
{
	op_values(c, OP_FILL, 0, NULL);
}

void
pdf_canvas_stroke(PdfCanvas *c)
{
	op_values(c, OP_STROKE, 0, NULL);
}

void
pdf_canvas_line_width(PdfCanvas *c, double width)
{
	op_values(c, OP_LINE_WIDTH, 1, &width);
}

void
pdf_canvas_dash(PdfCanvas *c, double on, double off)
{
	Op *op = op_add(c, OP_DASH);
	op->n = on > 0 || off > 0 ? 2 : 0;
	op->v[0] = on;
	op->v[1] = off;
	done_op(c);
}

void
pdf_canvas_translate(PdfCanvas *c, double x, double y)
{
	op_values(c, OP_TRANSLATE, 2, (double[]){x, y});
}

void
pdf_canvas_scale(PdfCanvas *c, double x, double y)
{
	op_values(c, OP_SCALE, 2, (double[]){x, y});
}

void
pdf_canvas_paint_surface(PdfCanvas *c, cairo_surface_t *surface)
{
	Op *op = op_add(c, OP_PAINT_SURFACE);
	op->object = cairo_surface_reference(surface);
	done_op(c);
}

void
pdf_canvas_mask_surface(PdfCanvas *c, cairo_surface_t *surface, cairo_surface_t *mask)
{
	Op *op = op_add(c, OP_MASK_SURFACE);
	op->object = cairo_surface_reference(surface);
	op->mask = cairo_surface_reference(mask);
	done_op(c);
}

void
pdf_canvas_fill_tiled(PdfCanvas *c, cairo_surface_t *surface, double x)
{
	Op *op = op_add(c, OP_FILL_TILED);
	op->object = cairo_surface_reference(surface);
	op->v[0] = x;
	done_op(c);
}

void
pdf_canvas_push_group(PdfCanvas *c)
{
	op_values(c, OP_PUSH_GROUP, 0, NULL);
}

void
pdf_canvas_pop_group_paint(PdfCanvas *c)
{
	op_values(c, OP_POP_GROUP_PAINT, 0, NULL);
}

static void
op_strings(PdfCanvas *c, OpKind kind, int n, const char *a, const char *b)
{
	Op *op = op_add(c, kind);
	op->n = n;
	/* keep() may move the page's bytes, not its operations. */
	gsize at = a ? keep_string(c->page, a) : 0;
	gsize bt = b ? keep_string(c->page, b) : 0;
	op = &g_array_index(c->page->ops, Op, c->page->ops->len - 1);
	op->a = at;
	op->b = bt;
	op->flags = b != NULL; /* a tag's attributes may be none */
	done_op(c);
}

void
pdf_canvas_tag_begin(PdfCanvas *c, const char *name, const char *attributes)
{
	op_strings(c, OP_TAG_BEGIN, 0, name, attributes);
}

void
pdf_canvas_tag_end(PdfCanvas *c, const char *name)
{
	op_strings(c, OP_TAG_END, 0, name, NULL);
}

void
pdf_canvas_page_label(PdfCanvas *c, const char *label)
{
	op_strings(c, OP_PAGE_LABEL, 0, label, NULL);
}

void
pdf_canvas_outline(PdfCanvas *c, int depth, const char *title, const char *link)
{
	g_return_if_fail(depth >= 0 && depth < (int)G_N_ELEMENTS(c->outline));
	op_strings(c, OP_OUTLINE, depth, title, link);
}

void
pdf_canvas_show_page(PdfCanvas *c)
{
	op_add(c, OP_SHOW_PAGE);
	if (!c->drawer) {
		flush(c);
		return;
	}
	g_async_queue_push(c->todo, c->page);
	/* An emptied page back from the drawing thread, or a new one while
	 * fewer than PAGES_IN_HAND are about; else wait for one. */
	c->page = g_async_queue_try_pop(c->done);
	if (!c->page && c->pages < PAGES_IN_HAND) {
		c->page = page_new();
		c->pages++;
	}
	if (!c->page)
		c->page = g_async_queue_pop(c->done);
}

/* ---- text: the recorder ------------------------------------------------ */

struct Recorder {
	PangoRenderer parent;
	PdfCanvas *canvas;
	double x, y; /* where the text is drawn from */
};

typedef struct {
	PangoRendererClass parent_class;
} RecorderClass;

G_DEFINE_TYPE(Recorder, recorder, PANGO_TYPE_RENDERER)

static void
set_color(Recorder *r, PangoRenderPart part)
{
	PangoColor *color = pango_renderer_get_color((PangoRenderer *)r, part);
	if (color)
		pdf_canvas_rgb(r->canvas, color->red / 65535., color->green / 65535.,
		               color->blue / 65535.);
}

/* Pango draws such a glyph's box from a font it makes when first asked;
 * it is asked here, once per font, on a surface of no consequence. */
static void
ready_hex_box(PdfCanvas *c, PangoFont *font, const PangoGlyphInfo *gi)
{
	if (g_hash_table_contains(c->hex_fonts, font))
		return;
	g_hash_table_add(c->hex_fonts, g_object_ref(font));
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
	cairo_t *cr = cairo_create(s);
	PangoGlyphString glyphs = {
	    .num_glyphs = 1, .glyphs = (PangoGlyphInfo *)gi, .log_clusters = (int[]){0}};
	pango_cairo_show_glyph_string(cr, font, &glyphs);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

/* As Pango's cairo renderer shows a run: its glyphs from x, y (Pango
 * units from the recorder's point), with clusters when text is given. */
static void
show_glyphs(Recorder *r, const char *text, int text_len, PangoGlyphString *glyphs,
            const cairo_text_cluster_t *clusters, int num_clusters, gboolean backward,
            PangoFont *font, int x, int y)
{
	PdfCanvas *c = r->canvas;
	double base_x = r->x + (double)x / PANGO_SCALE;
	double base_y = r->y + (double)y / PANGO_SCALE;
	pdf_canvas_save(c);
	set_color(r, PANGO_RENDER_PART_FOREGROUND);
	cairo_scaled_font_t *scaled = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
	g_autofree cairo_glyph_t *placed = g_new(cairo_glyph_t, MAX(1, glyphs->num_glyphs));
	int count = 0, x_position = 0;
	for (int i = 0; i < glyphs->num_glyphs; i++) {
		PangoGlyphInfo *gi = &glyphs->glyphs[i];
		if (gi->glyph != PANGO_GLYPH_EMPTY) {
			double cx =
			    base_x + (double)(x_position + gi->geometry.x_offset) / PANGO_SCALE;
			double cy = gi->geometry.y_offset == 0
			                ? base_y
			                : base_y + (double)gi->geometry.y_offset / PANGO_SCALE;
			if (!scaled || (gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
				/* Its box, drawn by Pango from the recorder's point (which
				 * cairo's fixed point keeps as it is): at cx, cy. */
				PangoGlyphInfo one = *gi;
				one.geometry.x_offset += x + x_position;
				one.geometry.y_offset += y;
				ready_hex_box(c, font, &one);
				Op *op = op_add(c, OP_UNKNOWN_GLYPH);
				op->object = font; /* kept by hex_fonts */
				op->v[0] = r->x;
				op->v[1] = r->y;
				gsize at = keep(c->page, &one, sizeof one);
				g_array_index(c->page->ops, Op, c->page->ops->len - 1).a = at;
				done_op(c);
			} else {
				placed[count++] = (cairo_glyph_t){gi->glyph, cx, cy};
			}
		}
		x_position += gi->geometry.width;
	}
	if (scaled) {
		Op *op = op_add(c, OP_FONT);
		op->object = cairo_scaled_font_reference(scaled);
		done_op(c);
		/* Without text a run is drawn without clusters, as cairo_show_glyphs does. */
		gsize a = keep(c->page, placed, count * sizeof *placed);
		gsize b = keep(c->page, text ? text : "", text ? (gsize)text_len : 0);
		gsize cl = keep(c->page, clusters, num_clusters * sizeof *clusters);
		op = op_add(c, OP_GLYPHS);
		op->n = count;
		op->a = a;
		op->b = b;
		op->m = text ? text_len : 0;
		op->c = cl;
		op->k = text ? num_clusters : 0;
		op->flags = backward ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0;
		done_op(c);
	}
	pdf_canvas_restore(c);
}

static void
recorder_draw_glyphs(PangoRenderer *renderer, PangoFont *font, PangoGlyphString *glyphs, int x,
                     int y)
{
	show_glyphs((Recorder *)renderer, NULL, 0, glyphs, NULL, 0, FALSE, font, x, y);
}

/* Empty and unknown glyphs are not drawn as glyphs (an unknown one is
 * Pango's box, drawn apart). */
static gboolean
drawn_as_glyph(const PangoGlyphInfo *gi)
{
	return gi->glyph != PANGO_GLYPH_EMPTY && !(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG);
}

static void
recorder_draw_glyph_item(PangoRenderer *renderer, const char *text, PangoGlyphItem *glyph_item,
                         int x, int y)
{
	PangoGlyphString *glyphs = glyph_item->glyphs;
	PangoItem *item = glyph_item->item;
	gboolean backward = (item->analysis.level & 1) != 0;
	g_autofree cairo_text_cluster_t *clusters =
	    g_new(cairo_text_cluster_t, MAX(1, glyphs->num_glyphs));
	int num_clusters = 0;
	const int *log = glyphs->log_clusters;
	PangoGlyphItemIter iter;
	if (!backward) {
		/* Left to right, as Pango's iterator goes (without counting
		 * characters): a cluster runs to the first glyph of a later byte,
		 * its text from the cluster before's end to that byte. */
		for (int start = 0, end, from = 0; start < glyphs->num_glyphs; start = end) {
			int drawn = 0;
			for (end = start;
			     end < glyphs->num_glyphs && (end == start || log[end] <= log[start]);
			     end++)
				drawn += drawn_as_glyph(&glyphs->glyphs[end]);
			int to = end < glyphs->num_glyphs ? log[end] : item->length;
			clusters[num_clusters++] = (cairo_text_cluster_t){to - from, drawn};
			from = to;
		}
	} else if (pango_glyph_item_iter_init_start(&iter, glyph_item, text)) {
		/* Right to left: a cluster's glyphs run from start_glyph down. */
		do {
			int drawn = 0;
			for (int i = iter.end_glyph + 1; i <= iter.start_glyph; i++)
				drawn += drawn_as_glyph(&glyphs->glyphs[i]);
			clusters[num_clusters++] =
			    (cairo_text_cluster_t){iter.end_index - iter.start_index, drawn};
		} while (pango_glyph_item_iter_next_cluster(&iter));
	}
	show_glyphs((Recorder *)renderer, text + item->offset, item->length, glyphs, clusters,
	            num_clusters, backward, item->analysis.font, x, y);
}

static void
recorder_draw_rectangle(PangoRenderer *renderer, PangoRenderPart part, int x, int y, int width,
                        int height)
{
	Recorder *r = (Recorder *)renderer;
	pdf_canvas_save(r->canvas);
	set_color(r, part);
	pdf_canvas_rectangle(r->canvas, r->x + (double)x / PANGO_SCALE,
	                     r->y + (double)y / PANGO_SCALE, (double)width / PANGO_SCALE,
	                     (double)height / PANGO_SCALE);
	pdf_canvas_fill(r->canvas);
	pdf_canvas_restore(r->canvas);
}

static void
recorder_init(Recorder *r G_GNUC_UNUSED)
{
}

static void
recorder_class_init(RecorderClass *klass)
{
	PangoRendererClass *renderer = PANGO_RENDERER_CLASS(klass);
	renderer->draw_glyphs = recorder_draw_glyphs;
	renderer->draw_glyph_item = recorder_draw_glyph_item;
	renderer->draw_rectangle = recorder_draw_rectangle;
}

/* The recorder at x, y; what it drew is followed by a move back to there,
 * as Pango's renderer leaves the point where it found it. Pango reads the
 * point back from cairo, which keeps it in fixed point, 24.8: so it is
 * rounded here (text is drawn where user space is device space). */
static PangoRenderer *
recorder_at(PdfCanvas *c, double x, double y)
{
	pdf_canvas_move_to(c, x, y);
	c->recorder->x = nearbyint(x * 256) / 256;
	c->recorder->y = nearbyint(y * 256) / 256;
	return (PangoRenderer *)c->recorder;
}

void
pdf_canvas_glyph_item(PdfCanvas *c, const char *text, PangoGlyphItem *item, double x, double y)
{
	PangoRenderer *r = recorder_at(c, x, y);
	/* As pango_cairo_show_glyph_item: no colour of its own. */
	pango_renderer_activate(r);
	pango_renderer_set_color(r, PANGO_RENDER_PART_FOREGROUND, NULL);
	pango_renderer_draw_glyph_item(r, text, item, 0, 0);
	pango_renderer_deactivate(r);
	pdf_canvas_move_to(c, x, y);
}

void
pdf_canvas_layout(PdfCanvas *c, PangoLayout *layout, double x, double y)
{
	pango_renderer_draw_layout(recorder_at(c, x, y), layout, 0, 0);
	pdf_canvas_move_to(c, x, y);
}

/* ---- the canvas -------------------------------------------------------- */

PdfCanvas *
pdf_canvas_new(cairo_t *cr, gboolean threaded)
{
	PdfCanvas *c = g_new0(PdfCanvas, 1);
	c->cr = cairo_reference(cr);
	c->page = page_new();
	c->pages = 1;
	c->recorder = g_object_new(recorder_get_type(), NULL);
	c->recorder->canvas = c;
	c->hex_fonts = g_hash_table_new_full(g_direct_hash, g_direct_equal, g_object_unref, NULL);
	c->spaced_faces = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	if (threaded) {
		c->todo = g_async_queue_new();
		c->done = g_async_queue_new();
		c->drawer = g_thread_new("drawing", draw_in_turn, c);
	}
	return c;
}

void
pdf_canvas_spaces_with_words(PdfCanvas *c)
{
	c->spaces_with_words = TRUE;
}

void
pdf_canvas_direct(PdfCanvas *c)
{
	if (c->drawer) {
		g_async_queue_push(c->todo, c);
		g_thread_join(g_steal_pointer(&c->drawer));
		Page *p;
		while ((p = g_async_queue_try_pop(c->done)))
			page_free(p);
		g_clear_pointer(&c->todo, g_async_queue_unref);
		g_clear_pointer(&c->done, g_async_queue_unref);
	}
	c->direct = TRUE;
	flush(c); /* what was written since the last page was shown */
}

void
pdf_canvas_free(PdfCanvas *c)
{
	if (!c)
		return;
	pdf_canvas_direct(c);
	page_free(c->page);
	g_object_unref(c->recorder);
	g_hash_table_unref(c->hex_fonts);
	g_hash_table_unref(c->spaced_faces);
	cairo_destroy(c->cr);
	g_free(c);
}
