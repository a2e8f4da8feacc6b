#define _GNU_SOURCE /* memmem */
/* A photograph's pixels for the PDF: its own bytes are embedded, so it is
 * decoded at an eighth of its size, and drawn at its own. */
#include "pdf/decoder.h"
#include "pdf/standin.h"
#include "pdf/writer.h"
#include "testutil.h"

#include <jpeglib.h>
#include <stdio.h>
#include <zlib.h>

/* A JPEG of width x height grey pixels, in memory. */
static guint8 *
grey_jpeg(int width, int height, gsize *len)
{
	struct jpeg_compress_struct info;
	struct jpeg_error_mgr errors;
	info.err = jpeg_std_error(&errors);
	jpeg_create_compress(&info);
	unsigned char *out = NULL;
	unsigned long size = 0;
	jpeg_mem_dest(&info, &out, &size);
	info.image_width = (JDIMENSION)width;
	info.image_height = (JDIMENSION)height;
	info.input_components = 3;
	info.in_color_space = JCS_RGB;
	jpeg_set_defaults(&info);
	jpeg_start_compress(&info, TRUE);
	g_autofree JSAMPLE *row = g_malloc((gsize)width * 3);
	memset(row, 0x80, (gsize)width * 3);
	while (info.next_scanline < info.image_height) {
		JSAMPROW rows[1] = {row};
		jpeg_write_scanlines(&info, rows, 1);
	}
	jpeg_finish_compress(&info);
	jpeg_destroy_compress(&info);
	guint8 *copy = g_memdup2(out, size);
	free(out);
	*len = size;
	return copy;
}

static void
test_jpeg_decoded_smaller(void)
{
	gsize len;
	g_autofree guint8 *jpeg = grey_jpeg(4000, 3001, &len);
	int width, height;
	const char *problem = NULL;
	cairo_surface_t *surface = pdf_picture_decode(jpeg, len, FALSE, &width, &height, &problem);
	g_assert_null(problem);
	g_assert_nonnull(surface);
	/* Its own size, for its place on the page and the print check. */
	g_assert_cmpint(width, ==, 4000);
	g_assert_cmpint(height, ==, 3001);
	/* Pixels for an eighth of it each way: 1.5 MB instead of 48. */
	g_assert_cmpint(cairo_image_surface_get_width(surface), ==, 500);
	g_assert_cmpint(cairo_image_surface_get_height(surface), ==, 376);
	double x, y;
	pdf_picture_reduction(surface, &x, &y);
	g_assert_cmpfloat_with_epsilon(x, 8.0, 1e-9);
	g_assert_cmpfloat_with_epsilon(y, 3001 / 376.0, 1e-9);
	/* The file's bytes go into the PDF, every pixel of them. */
	const unsigned char *mime;
	unsigned long mime_len;
	cairo_surface_get_mime_data(surface, CAIRO_MIME_TYPE_JPEG, &mime, &mime_len);
	g_assert_nonnull(mime);
	g_assert_cmpuint(mime_len, ==, len);

	/* Drawn into a PDF at its own size, from its own bytes. */
	g_autofree char *dir = g_dir_make_tmp("folio-picture-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "p.pdf", NULL);
	cairo_surface_t *pdf = cairo_pdf_surface_create(path, 400, 300);
	cairo_t *cr = cairo_create(pdf);
	cairo_scale(cr, 0.1, 0.1);
	cairo_scale(cr, x, y);
	cairo_set_source_surface(cr, surface, 0, 0);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(pdf);
	g_autofree char *bytes = NULL;
	gsize size;
	g_assert_true(g_file_get_contents(path, &bytes, &size, NULL));
	g_assert_nonnull(memmem(bytes, size, "/Width 4000", 11));
	g_assert_nonnull(memmem(bytes, size, "/DCTDecode", 10));
	g_unlink(path);
	g_rmdir(dir);
	cairo_surface_destroy(surface);
}

/* Cut short, it is refused, though decoded smaller. */
static void
test_jpeg_cut_short(void)
{
	gsize len;
	g_autofree guint8 *jpeg = grey_jpeg(800, 600, &len);
	int width, height;
	const char *problem = NULL;
	cairo_surface_t *surface =
	    pdf_picture_decode(jpeg, len / 2, FALSE, &width, &height, &problem);
	g_assert_null(surface);
	g_assert_nonnull(problem);
}

static cairo_status_t
append_bytes(void *closure, const unsigned char *data, unsigned int length)
{
	g_byte_array_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

/* surface as a PNG file's bytes (cairo writes RGB24 as RGB, ARGB32 as RGBA). */
static GBytes *
png_of(cairo_surface_t *surface)
{
	GByteArray *png = g_byte_array_new();
	g_assert_cmpint(cairo_surface_write_to_png_stream(surface, append_bytes, png), ==,
	                CAIRO_STATUS_SUCCESS);
	return g_byte_array_free_to_bytes(png);
}

/* pixels written as a PNG file (*png) and decoded for the PDF, as the
 * decoder does; pixels destroyed. */
static cairo_surface_t *
decoded_png(cairo_surface_t *pixels, GBytes **png, int *width, int *height)
{
	*png = png_of(pixels);
	cairo_surface_destroy(pixels);
	gsize len;
	const guint8 *data = g_bytes_get_data(*png, &len);
	const char *problem = NULL;
	cairo_surface_t *surface = pdf_picture_decode(data, len, FALSE, width, height, &problem);
	g_assert_null(problem);
	g_assert_nonnull(surface);
	return surface;
}

/* The picture named after the file's checksum and what, given up by the
 * stand-ins' keeping, inflated; its dictionary entries into *entries. */
static GByteArray *
taken(GBytes *file, const char *what, char **entries)
{
	g_autofree char *sum = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, file);
	g_autofree char *name = g_strconcat(sum, " ", what, NULL);
	g_autoptr(GBytes) stream = pdf_standin_take(name, entries);
	if (!stream)
		return NULL;
	gsize n;
	const guint8 *packed = g_bytes_get_data(stream, &n);
	GByteArray *inflated = g_byte_array_sized_new(1 << 16);
	g_byte_array_set_size(inflated, 1 << 16);
	uLongf size = inflated->len;
	g_assert_cmpint(uncompress(inflated->data, &size, packed, n), ==, Z_OK);
	g_byte_array_set_size(inflated, (guint)size);
	return inflated;
}

/* An RGB screenshot: a stand-in of one pixel drawn at the picture's size,
 * whose JPEG header names it; the PNG's own lines kept for the writer,
 * read through PNG's predictors, given once. */
static void
test_png_carried(void)
{
	cairo_surface_t *pixels = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 30, 20);
	cairo_t *cr = cairo_create(pixels);
	cairo_set_source_rgb(cr, 0.2, 0.4, 0.6);
	cairo_paint(cr);
	cairo_destroy(cr);
	g_autoptr(GBytes) png = NULL;
	int width, height;
	cairo_surface_t *surface = decoded_png(pixels, &png, &width, &height);
	g_assert_cmpint(width, ==, 30);
	g_assert_cmpint(height, ==, 20);
	g_assert_cmpint(cairo_image_surface_get_width(surface), ==, 1);
	double x, y;
	pdf_picture_reduction(surface, &x, &y);
	g_assert_cmpfloat(x, ==, 30);
	g_assert_cmpfloat(y, ==, 20);
	const unsigned char *mime;
	unsigned long mime_len;
	cairo_surface_get_mime_data(surface, CAIRO_MIME_TYPE_JPEG, &mime, &mime_len);
	g_assert_cmpint(pdf_standin_is(mime, mime_len), ==, 1);
	g_autofree char *name = pdf_standin_name(mime, mime_len);
	g_autofree char *sum = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, png);
	g_assert_true(g_str_has_prefix(name, sum));
	g_autofree char *entries = NULL;
	g_autoptr(GByteArray) lines = taken(png, "colour", &entries);
	g_assert_nonnull(lines);
	g_assert_nonnull(
	    strstr(entries, "/Predictor 15 /Colors 3 /BitsPerComponent 8 /Columns 30"));
	g_assert_cmpuint(lines->len, ==, 20 * (1 + 30 * 3)); /* a filter byte a line */
	g_autofree char *again = NULL;
	g_assert_null(taken(png, "colour", &again)); /* given once */
	cairo_surface_destroy(surface);
}

/* The decoder's threads take many pictures at once: each is given back
 * whole, as decoded alone, or NULL with its problem when its file is
 * damaged; freeing the decoder waits for what it was given. */
static void
test_decoder_many(void)
{
	enum { PICTURES = 12 };
	PdfDecoder *decoder = pdf_decoder_new();
	PdfDecoding *decodings[PICTURES];
	for (int i = 0; i < PICTURES; i++) {
		cairo_surface_t *pixels =
		    cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 40 + i, 30 + 2 * i);
		cairo_t *cr = cairo_create(pixels);
		cairo_set_source_rgba(cr, 0.1 * (i % 10), 0.5, 0.9, 0.5);
		cairo_paint(cr);
		cairo_destroy(cr);
		g_autoptr(GBytes) png = png_of(pixels);
		cairo_surface_destroy(pixels);
		gsize len;
		const guint8 *data = g_bytes_get_data(png, &len);
		/* Every fifth cut short: its lines end early. */
		GBytes *given = g_bytes_new(data, i % 5 == 4 ? len - 20 : len);
		g_autofree char *file = g_strdup_printf("shot%d.png", i);
		decodings[i] = pdf_decoder_add(decoder, given, "page.md", file, i + 1, 1);
	}
	for (int i = 0; i < PICTURES; i++) {
		cairo_surface_t *surface = pdf_decoding_surface(decodings[i]);
		const char *file, *problem;
		int line, col;
		pdf_decoding_where(decodings[i], &file, &line, &col, &problem);
		g_assert_cmpint(line, ==, i + 1);
		if (i % 5 == 4) {
			g_assert_null(surface);
			g_assert_nonnull(problem);
		} else {
			g_assert_nonnull(surface);
			g_assert_null(problem);
			double x, y;
			pdf_picture_reduction(surface, &x, &y);
			g_assert_cmpfloat(x, ==, 40 + i);
			g_assert_cmpfloat(y, ==, 30 + 2 * i);
			cairo_surface_destroy(surface);
		}
		pdf_decoding_unref(decodings[i]);
	}
	pdf_decoder_free(decoder);
	pdf_standin_clear();
}

/* A PNG with transparency: decoded, its colour un-premultiplied as cairo
 * writes it and its alphas a second picture, the soft mask. */
static void
test_png_transparent(void)
{
	cairo_surface_t *pixels = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 4, 1);
	guint32 *p = (guint32 *)cairo_image_surface_get_data(pixels);
	p[0] = 0xFF336699; /* opaque */
	p[1] = 0x8019334D; /* half transparent, premultiplied */
	p[2] = 0x00000000; /* transparent */
	p[3] = 0xFF336699;
	cairo_surface_mark_dirty(pixels);
	g_autoptr(GBytes) png = NULL;
	int width, height;
	cairo_surface_t *surface = decoded_png(pixels, &png, &width, &height);
	g_autofree char *entries = NULL, *alpha_entries = NULL;
	g_autoptr(GByteArray) colour = taken(png, "colour", &entries);
	g_autoptr(GByteArray) alpha = taken(png, "alpha", &alpha_entries);
	g_assert_nonnull(colour);
	g_assert_nonnull(alpha);
	g_assert_cmpstr(entries, ==, "   /Filter /FlateDecode\n");
	static const guint8 alphas[] = {0xFF, 0x80, 0x00, 0xFF};
	g_assert_cmpmem(alpha->data, alpha->len, alphas, sizeof alphas);
	static const guint8 rgb[] = {0x33, 0x66, 0x99};
	g_assert_cmpuint(colour->len, ==, 4 * 3);
	g_assert_cmpmem(colour->data, 3, rgb, 3);
	for (int i = 0; i < 3; i++) /* within what the premultiplied pixel keeps */
		g_assert_cmpint(ABS(colour->data[3 + i] - rgb[i]), <=, 2);
	g_assert_cmpmem(colour->data + 6, 3, "\0\0\0", 3);
	cairo_surface_destroy(surface);
}

/* A stand-in's header: what cairo reads of a JPEG (its size and
 * components) and the name in its comment; a JPEG of a site's is not one,
 * a picture wider than a JPEG's 65,535 pixels has none. */
static void
test_standin_header(void)
{
	g_autoptr(GBytes) header = pdf_standin_header("abc colour", 4000, 3001, 3);
	gsize n;
	const guint8 *b = g_bytes_get_data(header, &n);
	g_assert_cmpint(pdf_standin_is(b, n), ==, 1);
	g_assert_cmpint(pdf_standin_is(b, 8), ==, -1); /* too few bytes to tell */
	g_autofree char *name = pdf_standin_name(b, n);
	g_assert_cmpstr(name, ==, "abc colour");
	const guint8 *sof = memmem(b, n, "\xFF\xC0", 2);
	g_assert_nonnull(sof);
	g_assert_cmpint(sof[5] << 8 | sof[6], ==, 3001);
	g_assert_cmpint(sof[7] << 8 | sof[8], ==, 4000);
	g_assert_cmpint(sof[9], ==, 3);
	gsize len;
	g_autofree guint8 *jpeg = grey_jpeg(8, 8, &len);
	g_assert_cmpint(pdf_standin_is(jpeg, len), ==, 0);
	g_assert_null(pdf_standin_name(jpeg, len));
	g_assert_null(pdf_standin_header("wide", 70000, 10, 3));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/picture/png-carried", test_png_carried);
	g_test_add_func("/picture/decoder-many", test_decoder_many);
	g_test_add_func("/picture/png-transparent", test_png_transparent);
	g_test_add_func("/picture/standin-header", test_standin_header);
	g_test_add_func("/picture/jpeg-decoded-smaller", test_jpeg_decoded_smaller);
	g_test_add_func("/picture/jpeg-cut-short", test_jpeg_cut_short);
	return g_test_run();
}
