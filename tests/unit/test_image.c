/* image.c: a JPEG's orientation and size from its header, its bytes
 * without the camera's data, and its pixels upright. */
#define _GNU_SOURCE /* memmem */
#include "image.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* A JPEG of width x height pixels (left half red, right half blue). */
static GBytes *
make_jpeg(int width, int height)
{
	GdkPixbuf *pixels = gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, width, height);
	guint8 *p = gdk_pixbuf_get_pixels(pixels);
	int stride = gdk_pixbuf_get_rowstride(pixels);
	for (int y = 0; y < height; y++)
		for (int x = 0; x < width; x++) {
			guint8 *q = p + y * stride + x * 3;
			q[0] = x < width / 2 ? 220 : 20;
			q[1] = 20;
			q[2] = x < width / 2 ? 20 : 220;
		}
	GBytes *jpeg = image_jpeg(pixels);
	g_object_unref(pixels);
	return jpeg;
}

static void
put16(GByteArray *a, guint v, gboolean big)
{
	guint8 b[2] = {big ? v >> 8 : v & 0xFF, big ? v & 0xFF : v >> 8};
	g_byte_array_append(a, b, 2);
}

static void
put32(GByteArray *a, guint32 v, gboolean big)
{
	put16(a, big ? v >> 16 : v & 0xFFFF, big);
	put16(a, big ? v & 0xFFFF : v >> 16, big);
}

/* jpeg with, after its JFIF header, an Exif segment (the orientation and
 * a description "secret-place", in either byte order) and a comment
 * "secret-comment". */
static GBytes *
with_exif(GBytes *jpeg, int orientation, gboolean big)
{
	static const char desc[] = "secret-place";
	GByteArray *tiff = g_byte_array_new();
	g_byte_array_append(tiff, (const guint8 *)(big ? "MM" : "II"), 2);
	put16(tiff, 42, big);
	put32(tiff, 8, big);
	put16(tiff, 2, big);
	put16(tiff, 0x010E, big); /* the description, after the directory */
	put16(tiff, 2, big);
	put32(tiff, sizeof desc, big);
	put32(tiff, 8 + 2 + 2 * 12 + 4, big);
	put16(tiff, 0x0112, big);
	put16(tiff, 3, big);
	put32(tiff, 1, big);
	put16(tiff, (guint)orientation, big);
	put16(tiff, 0, big);
	put32(tiff, 0, big);
	g_byte_array_append(tiff, (const guint8 *)desc, sizeof desc);

	gsize len;
	const guint8 *data = g_bytes_get_data(jpeg, &len);
	gsize cut = 4 + ((gsize)data[4] << 8 | data[5]); /* SOI and APP0 */
	GByteArray *out = g_byte_array_new();
	g_byte_array_append(out, data, (guint)cut);
	guint8 app1[] = {0xFF, 0xE1, 0, 0};
	guint n = 2 + 6 + tiff->len;
	app1[2] = (guint8)(n >> 8);
	app1[3] = (guint8)n;
	g_byte_array_append(out, app1, 4);
	g_byte_array_append(out, (const guint8 *)"Exif\0\0", 6);
	g_byte_array_append(out, tiff->data, tiff->len);
	static const char comment[] = "secret-comment";
	guint8 com[] = {0xFF, 0xFE, 0, (guint8)(2 + strlen(comment))};
	g_byte_array_append(out, com, 4);
	g_byte_array_append(out, (const guint8 *)comment, (guint)strlen(comment));
	g_byte_array_append(out, data + cut, (guint)(len - cut));
	g_byte_array_unref(tiff);
	return g_byte_array_free_to_bytes(out);
}

static gboolean
holds(GBytes *bytes, const char *text)
{
	gsize len;
	const guint8 *data = g_bytes_get_data(bytes, &len);
	return memmem(data, len, text, strlen(text)) != NULL;
}

static void
test_jpeg_facts(void)
{
	g_autoptr(GBytes) plain = make_jpeg(6, 4);
	gsize len;
	const guint8 *data = g_bytes_get_data(plain, &len);
	guint32 width, height;
	g_assert_cmpint(image_jpeg_facts(data, len, &width, &height), ==, 1);
	g_assert_cmpuint(width, ==, 6);
	g_assert_cmpuint(height, ==, 4);
	for (int big = 0; big < 2; big++) {
		g_autoptr(GBytes) turned = with_exif(plain, 6, big);
		data = g_bytes_get_data(turned, &len);
		g_assert_cmpint(image_jpeg_facts(data, len, &width, &height), ==, 6);
		g_assert_cmpuint(width, ==, 6);
		/* Cut short anywhere, it is read without a fault. */
		for (gsize n = 0; n < len; n++)
			(void)image_jpeg_facts(data, n, NULL, NULL);
	}
	g_assert_cmpint(image_jpeg_facts((const guint8 *)"not a jpeg", 10, NULL, NULL), ==, 1);
	/* A directory said to be at the far end of the address space (make
	 * fuzz found it: the offset plus two wrapped to a small number). */
	for (guint32 far = 0xFFFFFFF0u; far != 0; far++) {
		guint8 exif[] = {0xFF, 0xD8, 0xFF, 0xE1, 0,  24, 'E',  'x', 'i', 'f',
		                 0,    0,    'I',  'I',  42, 0,  0,    0,   0,   0,
		                 0,    0,    0,    0,    0,  0,  0xFF, 0xDA};
		exif[16] = (guint8)far;
		exif[17] = (guint8)(far >> 8);
		exif[18] = (guint8)(far >> 16);
		exif[19] = (guint8)(far >> 24);
		g_assert_cmpint(image_jpeg_facts(exif, sizeof exif, NULL, NULL), ==, 1);
	}
}

static void
test_jpeg_plain(void)
{
	g_autoptr(GBytes) plain = make_jpeg(6, 4);
	g_autoptr(GBytes) turned = with_exif(plain, 8, TRUE);
	g_assert_true(holds(turned, "secret-place"));
	g_assert_true(holds(turned, "secret-comment"));
	gsize len;
	const guint8 *data = g_bytes_get_data(turned, &len);
	g_autoptr(GBytes) stripped = image_jpeg_plain(data, len);
	g_assert_false(holds(stripped, "secret-place"));
	g_assert_false(holds(stripped, "secret-comment"));
	g_assert_false(holds(stripped, "Exif"));
	/* The picture's bytes as they were: the JPEG before the camera's data. */
	g_assert_true(g_bytes_equal(stripped, plain));
	/* Not a JPEG, or one cut short before its scan: as it is. */
	g_autoptr(GBytes) other = image_jpeg_plain((const guint8 *)"GIF89a", 6);
	g_assert_cmpuint(g_bytes_get_size(other), ==, 6);
	g_autoptr(GBytes) cut = image_jpeg_plain(data, 40);
	g_assert_cmpuint(g_bytes_get_size(cut), ==, 40);
}

static void
test_upright(void)
{
	g_autoptr(GBytes) plain = make_jpeg(6, 4);
	g_autoptr(GBytes) turned = with_exif(plain, 6, FALSE);
	gsize len;
	const guint8 *data = g_bytes_get_data(turned, &len);
	const char *problem = NULL;
	g_autoptr(GdkPixbuf) pixels = image_decode(data, len, &problem);
	g_assert_nonnull(pixels);
	g_assert_cmpint(gdk_pixbuf_get_width(pixels), ==, 4);
	g_assert_cmpint(gdk_pixbuf_get_height(pixels), ==, 6);
	/* Turned a quarter clockwise: the red left half is on top. */
	const guint8 *top = gdk_pixbuf_read_pixels(pixels);
	g_assert_cmpint(top[0], >, 150);
	g_assert_cmpint(top[2], <, 100);
	/* Smaller as it is decoded: the longer side within the bound. */
	g_autoptr(GBytes) wide = make_jpeg(400, 10);
	data = g_bytes_get_data(wide, &len);
	g_autoptr(GdkPixbuf) smaller = image_decode_within(data, len, 100, &problem);
	g_assert_cmpint(gdk_pixbuf_get_width(smaller), ==, 100);
	g_assert_cmpint(gdk_pixbuf_get_height(smaller), >=, 2);
}

/* A GIF of one frame whose descriptor says 60,000 x 60,000 pixels (make
 * fuzz found the loader allocating such a frame: 12 GB) is refused, not
 * decoded. */
static void
test_gif_bomb(void)
{
	static const guint8 gif[] = {'G',  'I',  'F', '8',  '9', 'a',  1, 0,   1,    0,
	                             0,    0,    0,   0x2C, 0,   0,    0, 0,   0x60, 0xEA,
	                             0x60, 0xEA, 0,   2,    1,   0x44, 0, 0x3B};
	const char *problem = NULL;
	g_assert_null(image_decode(gif, sizeof gif, &problem));
	g_assert_cmpstr(problem, ==, "an image larger than the pixel budget");
	g_assert_false(image_decodes(gif, sizeof gif, &problem));
}

/* A GIF of 43 bytes whose screen says 15,843 x 65,377 pixels, with a small
 * frame on it and a stray byte before the frame (make fuzz: the loader
 * laid the screen out, 4 GB and 20 s) is refused, not decoded. */
static void
test_gif_screen_bomb(void)
{
	static const guint8 gif[] = {'G',  'I',  'F',  '8',  '9',  'a',  0xE3, 0x3D, 0x61,
	                             0xFF, 0xE1, 0x69, 0x78, 0x00, 0x3C, 0x73, 0x76, 0x67,
	                             0x45, 0x4D, 0x4D, 0x00, 0x00, 0x04, 0x00, 0x00, 0x2C,
	                             0x67, 0xFF, 0xFF, 0x60, 0xD0, 0x05, 0xD0, 0x00, 0x76,
	                             0x00, 0x00, 0x00, 0x00, 0x2F, 0x00, 0x3B};
	const char *problem = NULL;
	g_assert_null(image_decode(gif, sizeof gif, &problem));
	g_assert_cmpstr(problem, ==, "an image larger than the pixel budget");
	g_assert_false(image_decodes(gif, sizeof gif, &problem));
	g_assert_cmpstr(problem, ==, "an image larger than the pixel budget");
}

/* A PNG of 3 x 2 pixels of colour type color (0 grey, 2 RGB, 6 RGBA) from
 * its lines as stored (each a filter byte and its filtered pixels), with a
 * tRNS chunk when transparent. */
static GBytes *
make_png_sized(guint8 color, guint8 width, guint8 height, const guint8 *lines, gsize len,
               gboolean transparent)
{
	GByteArray *png = g_byte_array_new();
	g_byte_array_append(png, (const guint8 *)"\x89PNG\r\n\x1a\n", 8);
	guint8 header[13] = {0, 0, 0, width, 0, 0, 0, height, 8, color, 0, 0, 0};
	uLongf size = compressBound(len);
	g_autofree guint8 *packed = g_malloc(size);
	g_assert_cmpint(compress(packed, &size, lines, len), ==, Z_OK);
	struct {
		const char *type;
		const guint8 *data;
		guint32 len;
	} chunks[] = {{"IHDR", header, sizeof header},
	              {transparent ? "tRNS" : NULL, (const guint8 *)"\0\0\0\0\0\0", 6},
	              {"IDAT", packed, (guint32)size},
	              {"IEND", NULL, 0}};
	for (gsize i = 0; i < G_N_ELEMENTS(chunks); i++) {
		if (!chunks[i].type)
			continue;
		put32(png, chunks[i].len, TRUE);
		guint at = png->len;
		g_byte_array_append(png, (const guint8 *)chunks[i].type, 4);
		if (chunks[i].len)
			g_byte_array_append(png, chunks[i].data, chunks[i].len);
		put32(png, (guint32)crc32(0, png->data + at, chunks[i].len + 4), TRUE);
	}
	return g_byte_array_free_to_bytes(png);
}

static GBytes *
make_png(guint8 color, const guint8 *lines, gsize len, gboolean transparent)
{
	return make_png_sized(color, 3, 2, lines, len, transparent);
}

/* png again, its IDAT data cut into chunks of piece bytes; the last byte
 * of its zlib stream changed when corrupt; junk, an IDAT chunk of its own,
 * after the stream when extra. */
static GBytes *
png_rechunked(GBytes *png, gsize piece, gboolean corrupt, gboolean extra)
{
	gsize len;
	const guint8 *data = g_bytes_get_data(png, &len);
	g_autoptr(GByteArray) stream = g_byte_array_new();
	GByteArray *out = g_byte_array_new();
	g_byte_array_append(out, data, 8);
	for (gsize at = 8; at + 12 <= len;) {
		guint32 size = (guint32)data[at] << 24 | (guint32)data[at + 1] << 16 |
		               (guint32)data[at + 2] << 8 | data[at + 3];
		const guint8 *type = data + at + 4;
		if (memcmp(type, "IDAT", 4) == 0) {
			g_byte_array_append(stream, type + 4, size);
		} else {
			if (memcmp(type, "IEND", 4) == 0) {
				if (corrupt)
					stream->data[stream->len - 1] ^= 0x5A;
				for (gsize from = 0; from < stream->len; from += piece) {
					guint32 n = (guint32)MIN(piece, stream->len - from);
					put32(out, n, TRUE);
					guint mark = out->len;
					g_byte_array_append(out, (const guint8 *)"IDAT", 4);
					g_byte_array_append(out, stream->data + from, n);
					put32(out, (guint32)crc32(0, out->data + mark, n + 4),
					      TRUE);
				}
				if (extra) {
					put32(out, 3, TRUE);
					guint mark = out->len;
					g_byte_array_append(out, (const guint8 *)"IDATxyz", 7);
					put32(out, (guint32)crc32(0, out->data + mark, 7), TRUE);
				}
			}
			g_byte_array_append(out, data + at, 12 + size);
		}
		at += 12 + (gsize)size;
	}
	return g_byte_array_free_to_bytes(out);
}

/* The Paeth predictor as PNG's specification writes it. */
static int
spec_paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* pixels (width x height, channels bytes each) as a PNG's lines, row y
 * filtered with filter (y % 5): every filter PNG has, each row predicted
 * from the one above as a writer does. */
static guint8 *
filtered_lines(const guint8 *pixels, int width, int height, int channels, gsize *len)
{
	gsize row = (gsize)width * channels;
	*len = (row + 1) * height;
	guint8 *lines = g_malloc(*len);
	for (int y = 0; y < height; y++) {
		const guint8 *cur = pixels + y * row, *up = y ? cur - row : NULL;
		guint8 filter = (guint8)(y % 5), *out = lines + y * (row + 1);
		out[0] = filter;
		for (gsize i = 0; i < row; i++) {
			int a = i >= (gsize)channels ? cur[i - channels] : 0, b = up ? up[i] : 0;
			int c = up && i >= (gsize)channels ? up[i - channels] : 0;
			int predicted = filter == 1   ? a
			                : filter == 2 ? b
			                : filter == 3 ? (a + b) / 2
			                : filter == 4 ? spec_paeth(a, b, c)
			                              : 0;
			out[1 + i] = (guint8)(cur[i] - predicted);
		}
	}
	return lines;
}

/* Grey, grey and alpha, RGB and RGBA PNGs whose rows use every filter are
 * read back to the pixels written, as libpng (gdk-pixbuf) reads them too;
 * any other kind of PNG, or lines that do not inflate to the size its
 * header gives with filters PNG knows, are left to libpng. */
static void
test_png_pixels(void)
{
	static const guint8 colors[] = {0, 4, 2, 6};
	for (guint k = 0; k < G_N_ELEMENTS(colors); k++) {
		int channels = k + 1, width = 40, height = 25;
		gsize count = (gsize)width * height * channels, len;
		g_autofree guint8 *pixels = g_malloc(count);
		/* Half of them near each other, for the Paeth predictor's ties. */
		for (gsize i = 0; i < count; i++)
			pixels[i] = (guint8)g_test_rand_int_range(0, g_test_rand_bit() ? 4 : 256);
		g_autofree guint8 *lines = filtered_lines(pixels, width, height, channels, &len);
		g_autoptr(GBytes) png =
		    make_png_sized(colors[k], (guint8)width, (guint8)height, lines, len, FALSE);
		gsize size;
		const guint8 *data = g_bytes_get_data(png, &size);
		ImagePngPixels read;
		g_assert_true(image_png_pixels(data, size, &read));
		g_assert_cmpint(read.channels, ==, channels);
		g_assert_cmpuint(read.width, ==, width);
		g_assert_cmpuint(read.height, ==, height);
		const char *problem = NULL;
		g_autoptr(GdkPixbuf) libpng = image_decode(data, size, &problem);
		g_assert_nonnull(libpng);
		for (int y = 0; y < height; y++) {
			gsize row = (gsize)width * channels;
			g_assert_cmpmem(read.pixels + y * read.stride + 1, row, pixels + y * row,
			                row);
			/* gdk-pixbuf keeps RGB and RGBA as they are. */
			if (channels >= 3)
				g_assert_cmpmem(gdk_pixbuf_read_pixels(libpng) +
				                    y * gdk_pixbuf_get_rowstride(libpng),
				                row, pixels + y * row, row);
		}
		g_free(read.pixels);

		/* The same lines under a header with a row more, or a row fewer. */
		for (int dh = -1; dh <= 1; dh += 2) {
			g_autoptr(GBytes) wrong = make_png_sized(
			    colors[k], (guint8)width, (guint8)(height + dh), lines, len, FALSE);
			data = g_bytes_get_data(wrong, &size);
			g_assert_false(image_png_pixels(data, size, &read));
			g_assert_null(read.pixels);
		}
		/* A filter no PNG has. */
		lines[3 * (width * channels + 1)] = 5;
		g_autoptr(GBytes) unknown =
		    make_png_sized(colors[k], (guint8)width, (guint8)height, lines, len, FALSE);
		data = g_bytes_get_data(unknown, &size);
		g_assert_false(image_png_pixels(data, size, &read));
	}
	/* A colour made transparent, and a palette: libpng's. */
	static const guint8 grey[] = {0, 1, 2, 3, 1, 4, 5, 6};
	g_autoptr(GBytes) keyed = make_png(0, grey, sizeof grey, TRUE);
	gsize size;
	const guint8 *data = g_bytes_get_data(keyed, &size);
	ImagePngPixels read;
	g_assert_false(image_png_pixels(data, size, &read));
	g_autoptr(GBytes) palette = make_png(3, grey, sizeof grey, FALSE);
	data = g_bytes_get_data(palette, &size);
	g_assert_false(image_png_pixels(data, size, &read));
}

/* A grey or RGB PNG's compressed lines, carried as they are where a PDF
 * reads them so; not an RGBA one, one with a colour made transparent, or
 * one whose lines use a filter no PNG reader knows (5). */
static void
test_png_lines(void)
{
	static const guint8 rgb[] = {0, 1,  2,  3,  4,  5,  6,  7,  8,  9,
	                             4, 10, 11, 12, 13, 14, 15, 16, 17, 18};
	g_autoptr(GBytes) png = make_png(2, rgb, sizeof rgb, FALSE);
	gsize len;
	const guint8 *data = g_bytes_get_data(png, &len);
	ImagePngLines lines;
	g_assert_true(image_png_lines(data, len, &lines));
	g_assert_cmpuint(lines.width, ==, 3);
	g_assert_cmpuint(lines.height, ==, 2);
	g_assert_cmpint(lines.channels, ==, 3);
	gsize n;
	const guint8 *compressed = g_bytes_get_data(lines.compressed, &n);
	guint8 inflated[64];
	uLongf size = sizeof inflated;
	g_assert_cmpint(uncompress(inflated, &size, compressed, n), ==, Z_OK);
	g_assert_cmpmem(inflated, size, rgb, sizeof rgb);
	g_bytes_unref(lines.compressed);

	static const guint8 grey[] = {0, 1, 2, 3, 1, 4, 5, 6};
	g_autoptr(GBytes) grey_png = make_png(0, grey, sizeof grey, FALSE);
	data = g_bytes_get_data(grey_png, &len);
	g_assert_true(image_png_lines(data, len, &lines));
	g_assert_cmpint(lines.channels, ==, 1);
	g_bytes_unref(lines.compressed);

	g_autoptr(GBytes) keyed = make_png(0, grey, sizeof grey, TRUE);
	data = g_bytes_get_data(keyed, &len);
	g_assert_false(image_png_lines(data, len, &lines));
	g_assert_null(lines.compressed);

	static const guint8 rgba[26] = {0};
	g_autoptr(GBytes) rgba_png = make_png(6, rgba, sizeof rgba, FALSE);
	data = g_bytes_get_data(rgba_png, &len);
	g_assert_false(image_png_lines(data, len, &lines));

	guint8 unknown[sizeof rgb];
	memcpy(unknown, rgb, sizeof rgb);
	unknown[10] = 5;
	g_autoptr(GBytes) unknown_png = make_png(2, unknown, sizeof unknown, FALSE);
	data = g_bytes_get_data(unknown_png, &len);
	g_assert_false(image_png_lines(data, len, &lines));
	/* One line short: refused too. */
	g_autoptr(GBytes) short_png = make_png(2, rgb, 10, FALSE);
	data = g_bytes_get_data(short_png, &len);
	g_assert_false(image_png_lines(data, len, &lines));

	/* The stream over many chunks: carried whole. After its end, a chunk
	 * of junk: read no further, and not carried. */
	for (int extra = 0; extra <= 1; extra++) {
		g_autoptr(GBytes) pieces = png_rechunked(png, 3, FALSE, extra);
		data = g_bytes_get_data(pieces, &len);
		g_assert_true(image_png_lines(data, len, &lines));
		compressed = g_bytes_get_data(lines.compressed, &n);
		size = sizeof inflated;
		g_assert_cmpint(uncompress(inflated, &size, compressed, n), ==, Z_OK);
		g_assert_cmpmem(inflated, size, rgb, sizeof rgb);
		gsize whole;
		const guint8 *one = g_bytes_get_data(png, &whole);
		g_assert_cmpuint(n, ==, whole - 8 - 25 - 12 - 12); /* the one IDAT's data */
		g_assert_cmpmem(compressed, n, one + 8 + 25 + 8, n);
		g_bytes_unref(lines.compressed);
	}
	/* Its check value wrong: refused. */
	g_autoptr(GBytes) corrupt = png_rechunked(png, 5, TRUE, FALSE);
	data = g_bytes_get_data(corrupt, &len);
	g_assert_false(image_png_lines(data, len, &lines));
	/* A line more than the header says: the lines it says are whole. */
	static const guint8 three[30] = {0};
	g_autoptr(GBytes) longer = make_png(2, three, sizeof three, FALSE);
	data = g_bytes_get_data(longer, &len);
	g_assert_true(image_png_lines(data, len, &lines));
	g_bytes_unref(lines.compressed);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/image/png-lines", test_png_lines);
	g_test_add_func("/image/png-pixels", test_png_pixels);
	g_test_add_func("/image/jpeg-facts", test_jpeg_facts);
	g_test_add_func("/image/jpeg-plain", test_jpeg_plain);
	g_test_add_func("/image/upright", test_upright);
	g_test_add_func("/image/gif-bomb", test_gif_bomb);
	g_test_add_func("/image/gif-screen-bomb", test_gif_screen_bomb);
	return g_test_run();
}
