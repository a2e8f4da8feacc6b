#define _GNU_SOURCE /* memmem */
/* A photograph's pixels for the PDF: its own bytes are embedded, so it is
 * decoded at an eighth of its size, and drawn at its own. */
#include "pdf/writer.h"
#include "testutil.h"

#include <jpeglib.h>
#include <stdio.h>

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

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/picture/jpeg-decoded-smaller", test_jpeg_decoded_smaller);
	g_test_add_func("/picture/jpeg-cut-short", test_jpeg_cut_short);
	return g_test_run();
}
