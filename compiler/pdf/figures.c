/* Pictures: an image alone in its paragraph, a run of images (the
 * click-to-enlarge pattern, a row of logos), and the pictures a block's
 * text held, set after it. */
#include "setter.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void
set_image(Setter *s, const DocNode *image, double x, double width, double space_before)
{
	PdfWriter *w = s->w;
	ImageEntry *entry =
	    image->target == LINK_FILE
	        ? setter_load_image(s, image->target_file, image->line, image->col, TRUE)
	        : NULL;
	PdfTag *outer = setter_tag_push(s, "Figure");
	if (s->tag != outer)
		s->tag->alt = setter_figure_alt(image);
	if (!entry || (!entry->surface && !entry->measured_only && !entry->decoding)) {
		g_autofree char *alt = doc_plain_text(image);
		Box *box = setter_box(s, BOX_PLACEHOLDER, x, width);
		setter_tag_pop(s, outer);
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
		PangoLayout *layout = setter_layout(w, w->style.font_heading, w->style.size_small,
		                                    PANGO_WEIGHT_NORMAL,
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
	Box *box = setter_box(s, BOX_IMAGE, x, width);
	setter_tag_pop(s, outer);
	box->image = entry->surface ? cairo_surface_reference(entry->surface) : NULL;
	box->decoding =
	    entry->surface || !entry->decoding ? NULL : pdf_decoding_ref(entry->decoding);
	box->image_px_width = entry->width_px;
	box->image_px_height = entry->height_px;
	box->image_width = natural_w * scale;
	box->image_height = natural_h * scale;
	box->height = box->image_height;
	box->space_before = space_before;
	/* Print wants 150 pixels to the inch at the size the image is placed;
	 * an SVG is drawn as paths, sharp at any size. */
	double dpi = entry->width_px * 72.0 / box->image_width;
	gboolean paths = entry->surface &&
	                 cairo_surface_get_type(entry->surface) == CAIRO_SURFACE_TYPE_RECORDING;
	if (dpi < PRINT_MIN_DPI && !paths && !w->reported && !book_said_elsewhere(image))
		diag_warning(
		    w->diag, w->page->path, image->line, image->col, "image-resolution",
		    "image '%s' (%d x %d pixels) prints %.0f mm wide at %.0f dpi, blurred "
		    "on paper; print needs %d dpi: an image at least %.0f pixels wide, or a "
		    "smaller width",
		    image->url, entry->width_px, entry->height_px, box->image_width * 25.4 / 72,
		    dpi, PRINT_MIN_DPI, ceil(box->image_width / 72 * PRINT_MIN_DPI));
}

/* A run of inlines that holds images and nothing else (but blank text, line
 * ends and links around images: the click-to-enlarge [![](a.png)](a.png),
 * a row of linked logos) is set as the images, one below the other, each
 * clickable where its link leads. FALSE, with nothing set, for any other run. */
gboolean
figures_set_images(Setter *s, const DocNode *first, const DocNode *stop, double x, double width)
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
		setter_link_target(s->w, link, &area.dest, &area.uri);
		if (!area.dest && !area.uri)
			continue;
		area.text = setter_figure_alt(g_ptr_array_index(images, i));
		if (!box->links)
			box->links = g_array_new(FALSE, FALSE, sizeof(PdfLink));
		g_array_append_val(box->links, area);
	}
	return TRUE;
}

/* The pictures the text of the block just set holds, after it. */
void
figures_set_deferred(Setter *s, double x, double width)
{
	if (!s->deferred_images || !s->deferred_images->len)
		return;
	g_autoptr(GPtrArray) images = s->deferred_images;
	s->deferred_images = g_ptr_array_new();
	for (guint i = 0; i < images->len; i++)
		set_image(s, g_ptr_array_index(images, i), x, width, s->w->style.space_block);
}
