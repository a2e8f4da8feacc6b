/* picture.c: an image file of the site as something cairo draws, and drawn:
 * PNG and JPEG decoded here (a JPEG embedded as its own bytes, upright and
 * without its camera's data, its pixels decoded smaller; a PNG as a
 * stand-in whose stream folio writes, standin.c), GIF, WebP and BMP
 * through gdk-pixbuf (image.c), SVG through librsvg as vectors. */
#include "writer.h"

#include "../image.h"
#include "../library.h"
#include "standin.h"

#include <librsvg/rsvg.h>
#include <math.h>
#include <string.h>

/* librsvg's functions, found when the first SVG is drawn (library.h says
 * why not at the start). */
#define RSVG_FUNCTIONS(F)                                                                          \
	F(rsvg_handle_new_from_data)                                                               \
	F(rsvg_handle_get_intrinsic_size_in_pixels)                                                \
	F(rsvg_handle_get_intrinsic_dimensions) F(rsvg_handle_render_document)
static LIBRARY_TABLE(RSVG_FUNCTIONS) rsvg;

/* The size of a picture whose surface holds fewer pixels than it has. */
typedef struct {
	int width, height;
} PictureSize;
static const cairo_user_data_key_t picture_size_key;

void
pdf_picture_reduction(cairo_surface_t *surface, double *x, double *y)
{
	const PictureSize *size = cairo_surface_get_user_data(surface, &picture_size_key);
	*x = *y = 1;
	if (size) {
		*x = size->width / (double)MAX(1, cairo_image_surface_get_width(surface));
		*y = size->height / (double)MAX(1, cairo_image_surface_get_height(surface));
	}
}

static cairo_surface_t *
decode_jpeg(const guint8 *data, gsize len, const char **problem)
{
	struct jpeg_decompress_struct info;
	ImageJpegErrors errors;
	cairo_surface_t *volatile surface = NULL;
	info.err = image_jpeg_errors(&errors);
	if (setjmp(errors.escape)) {
		jpeg_destroy_decompress(&info);
		if (surface)
			cairo_surface_destroy(surface);
		*problem = "a JPEG file that cannot be decoded";
		return NULL;
	}
	jpeg_create_decompress(&info);
	jpeg_mem_src(&info, data, (unsigned long)len);
	jpeg_read_header(&info, TRUE);
	if ((guint64)info.image_width * info.image_height > IMAGE_MAX_PIXELS) {
		jpeg_destroy_decompress(&info);
		*problem = "an image larger than the pixel budget";
		return NULL;
	}
	info.out_color_space = JCS_RGB;
	/* The PDF embeds the file's own bytes (its MIME data) and draws from
	 * the surface only its extents: its pixels are decoded at an eighth of
	 * its width and height, which reads every byte of it all the same (a
	 * damaged file is found) in a sixty-fourth of the memory. */
	info.scale_num = 1;
	info.scale_denom = 8;
	jpeg_start_decompress(&info);
	surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)info.output_width,
	                                     (int)info.output_height);
	unsigned char *pixels = cairo_image_surface_get_data(surface);
	int stride = cairo_image_surface_get_stride(surface);
	g_autofree JSAMPLE *row = g_malloc((gsize)info.output_width * 3);
	while (info.output_scanline < info.output_height && !errors.damaged) {
		JSAMPROW rows[1] = {row};
		guint y = info.output_scanline;
		jpeg_read_scanlines(&info, rows, 1);
		guint32 *out = (guint32 *)(pixels + (gsize)y * stride);
		for (guint x = 0; x < info.output_width; x++)
			out[x] = (guint32)row[3 * x] << 16 | (guint32)row[3 * x + 1] << 8 |
			         row[3 * x + 2];
	}
	if (errors.damaged) {
		/* Cut short or corrupt: half a picture is not drawn. */
		jpeg_destroy_decompress(&info);
		cairo_surface_destroy(surface);
		*problem = "a JPEG file that is cut short or damaged";
		return NULL;
	}
	jpeg_finish_decompress(&info);
	jpeg_destroy_decompress(&info);
	cairo_surface_mark_dirty(surface);
	PictureSize *size = g_new(PictureSize, 1);
	*size = (PictureSize){(int)info.image_width, (int)info.image_height};
	cairo_surface_set_user_data(surface, &picture_size_key, size, g_free);
	return surface;
}

typedef struct {
	const guint8 *data;
	gsize len, at;
} ReadCursor;

static cairo_status_t
read_png(void *closure, unsigned char *out, unsigned int length)
{
	ReadCursor *c = closure;
	if (c->at + length > c->len)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(out, c->data + c->at, length);
	c->at += length;
	return CAIRO_STATUS_SUCCESS;
}

/* A colour times its transparency, rounded as cairo's PNG decoding does. */
static guint32
multiply_alpha(guint32 alpha, guint32 colour)
{
	guint32 t = alpha * colour + 0x80;
	return (t + (t >> 8)) >> 8;
}

/* A PNG's pixels as cairo's decoding gives them (RGB24, or premultiplied
 * ARGB32 where it has transparency), the same to the bit: decoded here
 * where image_png_pixels reads it (most screenshots), by cairo and libpng
 * otherwise. RGBA, the screenshot's usual kind, is turned into cairo's
 * pixels where it was inflated: each pixel's four bytes move back by its
 * row's number and one (the rows' filter bytes), never onto a pixel not
 * yet read. */
static cairo_surface_t *
decode_png(const guint8 *data, gsize len)
{
	ImagePngPixels png;
	if (!image_png_pixels(data, len, &png)) {
		ReadCursor cursor = {data, len, 0};
		return cairo_image_surface_create_from_png_stream(read_png, &cursor);
	}
	gboolean alpha = png.channels == 2 || png.channels == 4;
	cairo_format_t format = alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24;
	int width = (int)png.width, height = (int)png.height;
	gboolean in_place =
	    png.channels == 4 && cairo_format_stride_for_width(format, width) == width * 4;
	cairo_surface_t *surface =
	    in_place
	        ? cairo_image_surface_create_for_data(png.pixels, format, width, height, width * 4)
	        : cairo_image_surface_create(format, width, height);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		g_free(png.pixels);
		return surface;
	}
	static const cairo_user_data_key_t pixels_key;
	if (in_place)
		cairo_surface_set_user_data(surface, &pixels_key, png.pixels, g_free);
	cairo_surface_flush(surface);
	guint8 *base = cairo_image_surface_get_data(surface);
	int stride = cairo_image_surface_get_stride(surface);
	for (guint32 y = 0; y < png.height; y++) {
		const guint8 *in = png.pixels + y * png.stride + 1;
		guint32 *out = (guint32 *)(base + (gsize)y * stride);
		for (guint32 x = 0; x < png.width; x++, in += png.channels) {
			guint32 r = in[0], g = in[0], b = in[0], a = 0xFF;
			if (png.channels >= 3) {
				g = in[1];
				b = in[2];
			}
			if (alpha)
				a = in[png.channels - 1];
			if (a == 0) {
				out[x] = 0;
				continue;
			}
			if (a != 0xFF) {
				r = multiply_alpha(a, r);
				g = multiply_alpha(a, g);
				b = multiply_alpha(a, b);
			}
			out[x] = a << 24 | r << 16 | g << 8 | b;
		}
	}
	cairo_surface_mark_dirty(surface);
	if (!in_place)
		g_free(png.pixels);
	return surface;
}

/* cairo's pixels from gdk-pixbuf's: premultiplied, in native order. */
static cairo_surface_t *
surface_from_pixbuf(GdkPixbuf *pixbuf)
{
	int width = gdk_pixbuf_get_width(pixbuf), height = gdk_pixbuf_get_height(pixbuf);
	int channels = gdk_pixbuf_get_n_channels(pixbuf);
	gboolean alpha = gdk_pixbuf_get_has_alpha(pixbuf) && channels == 4;
	if (channels < 3 || gdk_pixbuf_get_bits_per_sample(pixbuf) != 8)
		return NULL;
	cairo_surface_t *surface = cairo_image_surface_create(
	    alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, width, height);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surface);
		return NULL;
	}
	const guint8 *in = gdk_pixbuf_read_pixels(pixbuf);
	int in_stride = gdk_pixbuf_get_rowstride(pixbuf);
	unsigned char *out = cairo_image_surface_get_data(surface);
	int out_stride = cairo_image_surface_get_stride(surface);
	for (int y = 0; y < height; y++) {
		const guint8 *src = in + (gsize)y * in_stride;
		guint32 *dst = (guint32 *)(out + (gsize)y * out_stride);
		for (int x = 0; x < width; x++, src += channels) {
			guint32 a = alpha ? src[3] : 255;
			guint32 r = src[0] * a / 255, g = src[1] * a / 255, b = src[2] * a / 255;
			dst[x] = a << 24 | r << 16 | g << 8 | b;
		}
	}
	cairo_surface_mark_dirty(surface);
	return surface;
}

/* An SVG drawn once into a recording surface: its paths reach the PDF as
 * paths, sharp at any size. Its size in CSS pixels (96 to the inch). */
static cairo_surface_t *
surface_from_svg(const guint8 *data, gsize len, int *width, int *height, const char **problem)
{
	const char *why = NULL;
	static LibraryOnce rsvg_once;
	if (!library_open(&rsvg_once, FOLIO_RSVG_LIBRARY, RSVG_FUNCTIONS, rsvg, &why)) {
		/* Said once a process, with the first picture it leaves out. */
		static char *unopened;
		if (!unopened)
			unopened = g_strdup_printf("an SVG file, which needs %s (%s)",
			                           FOLIO_RSVG_LIBRARY, why);
		*problem = unopened;
		return NULL;
	}
	*problem = "an SVG file that cannot be drawn";
	GError *error = NULL;
	RsvgHandle *svg = rsvg.rsvg_handle_new_from_data(data, len, &error);
	if (!svg) {
		g_clear_error(&error);
		return NULL;
	}
	gdouble w = 0, h = 0;
	if (!rsvg.rsvg_handle_get_intrinsic_size_in_pixels(svg, &w, &h) || w < 1 || h < 1) {
		/* Only a viewBox: its own units, as a browser would take them. */
		gboolean has_width, has_height, has_viewbox;
		RsvgLength lw, lh;
		RsvgRectangle viewbox;
		rsvg.rsvg_handle_get_intrinsic_dimensions(svg, &has_width, &lw, &has_height, &lh,
		                                          &has_viewbox, &viewbox);
		w = has_viewbox ? viewbox.width : 0;
		h = has_viewbox ? viewbox.height : 0;
	}
	if (w < 1 || h < 1 || w * h > IMAGE_MAX_PIXELS) {
		g_object_unref(svg);
		return NULL;
	}
	cairo_rectangle_t extents = {0, 0, w, h};
	cairo_surface_t *surface =
	    cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents);
	cairo_t *cr = cairo_create(surface);
	RsvgRectangle viewport = {0, 0, w, h};
	gboolean drawn = rsvg.rsvg_handle_render_document(svg, cr, &viewport, &error);
	cairo_destroy(cr);
	g_object_unref(svg);
	g_clear_error(&error);
	if (!drawn || cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surface);
		return NULL;
	}
	*width = (int)ceil(w);
	*height = (int)ceil(h);
	*problem = NULL;
	return surface;
}

/* A picture's soft mask: a second stand-in, drawn as the mask of the
 * first. */
static const cairo_user_data_key_t picture_mask_key;

/* A stand-in (standin.c) for the picture named name, its stream kept for
 * the writer: one pixel of cairo's (half grey, or half transparent in a
 * mask, so that cairo writes a mask that is not opaque), the picture's
 * size noted, embedded once by its name. NULL where a JPEG header cannot
 * hold the size. */
static cairo_surface_t *
standin_surface(const char *name, guint32 width, guint32 height, int components, gboolean mask,
                GBytes *stream, const char *entries)
{
	g_autoptr(GBytes) header = pdf_standin_header(name, width, height, components);
	if (!header)
		return NULL;
	cairo_surface_t *surface =
	    cairo_image_surface_create(mask ? CAIRO_FORMAT_A8 : CAIRO_FORMAT_RGB24, 1, 1);
	memset(cairo_image_surface_get_data(surface), 0x80, mask ? 1 : 4);
	cairo_surface_mark_dirty(surface);
	PictureSize *size = g_new(PictureSize, 1);
	*size = (PictureSize){(int)width, (int)height};
	cairo_surface_set_user_data(surface, &picture_size_key, size, g_free);
	gsize n;
	const guint8 *bytes = g_bytes_get_data(header, &n);
	guint8 *copy = g_memdup2(bytes, n);
	cairo_surface_set_mime_data(surface, CAIRO_MIME_TYPE_JPEG, copy, n, g_free, copy);
	char *unique = g_strdup(name);
	cairo_surface_set_mime_data(surface, CAIRO_MIME_TYPE_UNIQUE_ID,
	                            (const unsigned char *)unique, strlen(unique), g_free, unique);
	pdf_standin_put(name, stream, entries);
	return surface;
}

/* The dictionary entries of a stream of PNG lines, components a pixel. */
static char *
png_lines_entries(int components, guint32 width)
{
	return g_strdup_printf("   /Filter /FlateDecode\n"
	                       "   /DecodeParms << /Predictor 15 /Colors %d /BitsPerComponent 8 "
	                       "/Columns %u >>\n",
	                       components, width);
}

/* A decoded PNG's colour and transparency as cairo writes a picture's:
 * the colour un-premultiplied, grey (one component) where every pixel is,
 * the transparency (*alpha) only where a pixel is not opaque; each
 * compressed as it is (no predictor: a screenshot's flat colours compress
 * best so). */
static gboolean
png_planes(cairo_surface_t *decoded, GBytes **colour, int *components, GBytes **alpha)
{
	int width = cairo_image_surface_get_width(decoded);
	int height = cairo_image_surface_get_height(decoded);
	int stride = cairo_image_surface_get_stride(decoded);
	const guint8 *pixels = cairo_image_surface_get_data(decoded);
	gboolean premultiplied = cairo_image_surface_get_format(decoded) == CAIRO_FORMAT_ARGB32;
	gboolean grey = TRUE, opaque = TRUE;
	for (int y = 0; y < height && (grey || opaque); y++) {
		const guint32 *row = (const guint32 *)(pixels + (gsize)y * stride);
		for (int x = 0; x < width; x++) {
			guint32 p = row[x];
			opaque = opaque && (!premultiplied || p >> 24 == 0xFF);
			grey = grey && ((p >> 16) & 0xFF) == ((p >> 8) & 0xFF) &&
			       ((p >> 8) & 0xFF) == (p & 0xFF);
		}
	}
	*components = grey ? 1 : 3;
	gsize count = (gsize)width * height;
	g_autofree guint8 *plane = g_malloc(count * *components);
	g_autofree guint8 *alphas = opaque ? NULL : g_malloc(count);
	guint8 *c = plane, *a = alphas;
	for (int y = 0; y < height; y++) {
		const guint32 *row = (const guint32 *)(pixels + (gsize)y * stride);
		for (int x = 0; x < width; x++) {
			guint32 p = row[x], k = premultiplied ? p >> 24 : 0xFF;
			guint32 r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
			if (k != 0xFF) { /* un-premultiplied as cairo does */
				r = k ? (r * 255 + k / 2) / k : 0;
				g = k ? (g * 255 + k / 2) / k : 0;
				b = k ? (b * 255 + k / 2) / k : 0;
			}
			if (grey) {
				*c++ = (guint8)b;
			} else {
				c[0] = (guint8)r;
				c[1] = (guint8)g;
				c[2] = (guint8)b;
				c += 3;
			}
			if (a)
				*a++ = (guint8)k;
		}
	}
	g_autoptr(GByteArray) packed =
	    pdf_contents_deflate((const char *)plane, count * *components);
	g_autoptr(GByteArray) packed_alpha =
	    alphas ? pdf_contents_deflate((const char *)alphas, count) : NULL;
	if (!packed || (alphas && !packed_alpha))
		return FALSE;
	*colour = g_byte_array_free_to_bytes(g_steal_pointer(&packed));
	*alpha = packed_alpha ? g_byte_array_free_to_bytes(g_steal_pointer(&packed_alpha)) : NULL;
	return TRUE;
}

/* An intact PNG no larger than a stand-in holds, as the PDF carries it: a
 * stand-in whose stream folio writes, named by the file's checksum. Its
 * compressed lines as they are where the PDF reads them so (8-bit grey or
 * RGB, not interlaced, nothing made transparent); any other decoded (as
 * cairo decodes a PNG) and compressed here, its transparency a
 * second stand-in, the first one's soft mask. NULL with *problem where it
 * does not decode. */
static cairo_surface_t *
png_standin(const guint8 *data, gsize len, const char **problem)
{
	*problem = "a PNG file that cannot be decoded";
	g_autofree char *id = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
	g_autofree char *name = g_strconcat(id, " colour", NULL);
	ImagePngLines lines;
	if (image_png_lines(data, len, &lines)) {
		g_autofree char *entries = png_lines_entries(lines.channels, lines.width);
		cairo_surface_t *surface =
		    standin_surface(name, lines.width, lines.height, lines.channels, FALSE,
		                    lines.compressed, entries);
		g_bytes_unref(lines.compressed);
		*problem = surface ? NULL : *problem;
		return surface;
	}
	cairo_surface_t *decoded = decode_png(data, len);
	GBytes *colour = NULL, *alpha = NULL;
	int components = 3;
	if (cairo_surface_status(decoded) != CAIRO_STATUS_SUCCESS ||
	    !png_planes(decoded, &colour, &components, &alpha)) {
		cairo_surface_destroy(decoded);
		return NULL;
	}
	guint32 width = (guint32)cairo_image_surface_get_width(decoded);
	guint32 height = (guint32)cairo_image_surface_get_height(decoded);
	cairo_surface_destroy(decoded);
	static const char deflated[] = "   /Filter /FlateDecode\n";
	cairo_surface_t *surface =
	    standin_surface(name, width, height, components, FALSE, colour, deflated);
	g_bytes_unref(colour);
	if (surface && alpha) {
		g_autofree char *alpha_name = g_strconcat(id, " alpha", NULL);
		cairo_surface_t *mask =
		    standin_surface(alpha_name, width, height, 1, TRUE, alpha, deflated);
		cairo_surface_set_user_data(surface, &picture_mask_key, mask,
		                            (cairo_destroy_func_t)cairo_surface_destroy);
	}
	if (alpha)
		g_bytes_unref(alpha);
	*problem = surface ? NULL : *problem;
	return surface;
}

cairo_surface_t *
pdf_picture_decode(const guint8 *data, gsize len, gboolean size_only, int *width, int *height,
                   const char **problem)
{
	*problem = NULL;
	*width = *height = 0;
	cairo_surface_t *surface = NULL;
	ImageFormat format = image_sniff(data, len);
	/* A JPEG's decoder says itself whether it is whole. */
	if (format == IMAGE_PNG && !image_intact(data, len)) {
		*problem = "a PNG file that is cut short or damaged";
		return NULL;
	}
	guint32 png_width, png_height;
	if (image_png_size(data, len, &png_width, &png_height)) {
		/* Refuse a decompression bomb before decoding it. */
		if ((guint64)png_width * png_height > IMAGE_MAX_PIXELS) {
			*problem = "an image larger than the pixel budget";
			return NULL;
		}
		if (size_only && png_width > 0 && png_height > 0) {
			*width = (int)png_width;
			*height = (int)png_height;
			return NULL;
		}
		if (png_width <= PDF_STANDIN_MAX_SIDE && png_height <= PDF_STANDIN_MAX_SIDE) {
			surface = png_standin(data, len, problem);
			if (!surface)
				return NULL;
		} else { /* wider than a stand-in holds: cairo's pixels */
			surface = decode_png(data, len);
		}
		if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
			cairo_surface_destroy(surface);
			*problem = "a PNG file that cannot be decoded";
			return NULL;
		}
	} else if (format == IMAGE_JPEG) {
		/* Embedded as its own bytes, without the camera's data (where and
		 * when it was taken); a picture its camera says is turned is turned
		 * upright first, as a browser shows it (and written anew). */
		g_autoptr(GBytes) bytes = image_jpeg_carried(data, len, 0, FALSE, problem);
		if (!bytes)
			return NULL;
		gsize size = 0;
		const guint8 *embedded = g_bytes_get_data(bytes, &size);
		surface = decode_jpeg(embedded, size, problem);
		if (surface) {
			guint8 *copy = g_memdup2(embedded, size);
			cairo_surface_set_mime_data(surface, CAIRO_MIME_TYPE_JPEG, copy, size,
			                            g_free, copy);
		}
	} else if (format == IMAGE_SVG) {
		return surface_from_svg(data, len, width, height, problem);
	} else if (format != IMAGE_UNKNOWN && format != IMAGE_PNG) {
		g_autoptr(GdkPixbuf) pixels = image_decode(data, len, problem);
		surface = pixels ? surface_from_pixbuf(pixels) : NULL;
		if (pixels && !surface)
			*problem = "an image in a pixel format folio cannot draw";
	} else {
		*problem = "not an image folio can read (PNG, JPEG, GIF, WebP, BMP or SVG)";
	}
	if (!surface)
		return NULL;
	double x, y;
	pdf_picture_reduction(surface, &x, &y);
	*width = (int)lround(cairo_image_surface_get_width(surface) * x);
	*height = (int)lround(cairo_image_surface_get_height(surface) * y);
	if (*width == 0 || *height == 0) {
		cairo_surface_destroy(surface);
		*problem = "an empty image";
		return NULL;
	}
	/* cairo embeds an image once per id: derived from the bytes (a
	 * stand-in has its name). */
	const unsigned char *named;
	unsigned long named_len;
	cairo_surface_get_mime_data(surface, CAIRO_MIME_TYPE_UNIQUE_ID, &named, &named_len);
	if (!named) {
		char *id = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
		cairo_surface_set_mime_data(surface, CAIRO_MIME_TYPE_UNIQUE_ID,
		                            (const unsigned char *)id, strlen(id), g_free, id);
	}
	return surface;
}

/* cairo 1.16 lists an image in the page's resources once for each time it
 * is drawn: twice on one page, and the page's /XObject dictionary holds its
 * key twice (qpdf: "dictionary has duplicated key"). A second use on the
 * page is drawn through a group of its own, which names the image once in
 * its own resources; the image is still embedded once. */
void
pdf_paint_image(PdfWriter *w, cairo_surface_t *image)
{
	if (!w->page_images)
		w->page_images = g_hash_table_new(g_direct_hash, g_direct_equal);
	gboolean again = !g_hash_table_add(w->page_images, image);
	double x, y;
	pdf_picture_reduction(image, &x, &y);
	gboolean reduced = x != 1 || y != 1;
	if (reduced) {
		pdf_canvas_save(w->canvas);
		pdf_canvas_scale(w->canvas, x, y);
	}
	if (again)
		pdf_canvas_push_group(w->canvas);
	cairo_surface_t *mask = cairo_surface_get_user_data(image, &picture_mask_key);
	if (mask)
		pdf_canvas_mask_surface(w->canvas, image, mask);
	else
		pdf_canvas_paint_surface(w->canvas, image);
	if (again)
		pdf_canvas_pop_group_paint(w->canvas);
	if (reduced)
		pdf_canvas_restore(w->canvas);
}
