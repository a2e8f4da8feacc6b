#include "image.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static gboolean
looks_like_svg(const guint8 *data, gsize len)
{
	/* An XML prolog, comments or a doctype may come before <svg. */
	gsize head = MIN(len, 4096);
	g_autofree char *start = g_strndup((const char *)data, head);
	const char *p = start;
	while (g_ascii_isspace(*p))
		p++;
	if (*p != '<')
		return FALSE;
	return strstr(start, "<svg") != NULL;
}

ImageFormat
image_sniff(const guint8 *data, gsize len)
{
	if (len >= 8 && memcmp(data, "\x89PNG\r\n\x1A\n", 8) == 0)
		return IMAGE_PNG;
	if (len >= 3 && memcmp(data, "\xFF\xD8\xFF", 3) == 0)
		return IMAGE_JPEG;
	if (len >= 6 && (memcmp(data, "GIF87a", 6) == 0 || memcmp(data, "GIF89a", 6) == 0))
		return IMAGE_GIF;
	if (len >= 12 && memcmp(data, "RIFF", 4) == 0 && memcmp(data + 8, "WEBP", 4) == 0)
		return IMAGE_WEBP;
	if (len >= 14 && memcmp(data, "BM", 2) == 0)
		return IMAGE_BMP;
	if (looks_like_svg(data, len))
		return IMAGE_SVG;
	return IMAGE_UNKNOWN;
}

const char *
image_format_name(ImageFormat format)
{
	static const char *const names[] = {"unknown", "PNG", "JPEG", "GIF", "WebP", "BMP", "SVG"};
	return names[format];
}

gboolean
image_format_in_epub(ImageFormat format)
{
	return format == IMAGE_PNG || format == IMAGE_JPEG || format == IMAGE_GIF;
}

typedef struct {
	gboolean too_large, svg;
	int max_side; /* the longest side wanted, or 0 for the image's own */
} Sizing;

/* Refuses a decompression bomb once its size is known, before its pixels;
 * draws an SVG at twice its size (it has no pixels of its own); makes a
 * picture past max_side smaller as it is decoded (a JPEG's decoder then
 * reads only the detail it keeps). */
static void
on_size(GdkPixbufLoader *loader, int width, int height, gpointer data)
{
	Sizing *sizing = data;
	if (width <= 0 || height <= 0 || (gint64)width * height > IMAGE_MAX_PIXELS) {
		sizing->too_large = TRUE;
		gdk_pixbuf_loader_set_size(loader, 1, 1);
		return;
	}
	int wanted_width = width, wanted_height = height;
	if (sizing->svg && (gint64)width * height * 4 <= IMAGE_MAX_PIXELS) {
		wanted_width *= 2;
		wanted_height *= 2;
	}
	int side = MAX(wanted_width, wanted_height);
	if (sizing->max_side > 0 && side > sizing->max_side) {
		wanted_width = MAX(1, (int)((gint64)wanted_width * sizing->max_side / side));
		wanted_height = MAX(1, (int)((gint64)wanted_height * sizing->max_side / side));
	}
	if (wanted_width != width || wanted_height != height)
		gdk_pixbuf_loader_set_size(loader, wanted_width, wanted_height);
}

static guint32
be32(const guint8 *p)
{
	return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

/* Every chunk whole up to IEND, the critical ones with their checksums,
 * a header with a size and some pixel data. */
static gboolean
png_intact(const guint8 *data, gsize len)
{
	gsize at = 8;
	gboolean header = FALSE, pixels = FALSE;
	while (at + 12 <= len) {
		guint32 size = be32(data + at);
		if (size > len - at - 12)
			return FALSE;
		const guint8 *type = data + at + 4;
		gboolean critical = !(type[0] & 0x20);
		if (critical && crc32(crc32(0, NULL, 0), type, size + 4) != be32(type + 4 + size))
			return FALSE;
		if (memcmp(type, "IHDR", 4) == 0)
			header = size >= 8 && be32(type + 4) > 0 && be32(type + 8) > 0;
		else if (!header)
			return FALSE; /* IHDR comes first */
		if (memcmp(type, "IDAT", 4) == 0)
			pixels = TRUE;
		if (memcmp(type, "IEND", 4) == 0)
			return pixels;
		at += 12 + (gsize)size;
	}
	return FALSE;
}

static void
jpeg_escape(j_common_ptr info)
{
	longjmp(((ImageJpegErrors *)info->err)->escape, 1);
}

static void
jpeg_message(j_common_ptr info, int level)
{
	if (level < 0)
		((ImageJpegErrors *)info->err)->damaged = TRUE;
}

static void
jpeg_silent(j_common_ptr info)
{
	(void)info;
}

struct jpeg_error_mgr *
image_jpeg_errors(ImageJpegErrors *errors)
{
	errors->damaged = FALSE;
	struct jpeg_error_mgr *manager = jpeg_std_error(&errors->manager);
	manager->error_exit = jpeg_escape;
	manager->emit_message = jpeg_message;
	manager->output_message = jpeg_silent;
	return manager;
}

gboolean
image_png_size(const guint8 *data, gsize len, guint32 *width, guint32 *height)
{
	if (image_sniff(data, len) != IMAGE_PNG || len < 24 || memcmp(data + 12, "IHDR", 4) != 0)
		return FALSE;
	*width = be32(data + 16);
	*height = be32(data + 20);
	return TRUE;
}

/* Decoded to its last line without an error or a warning. */
static gboolean
jpeg_intact(const guint8 *data, gsize len)
{
	struct jpeg_decompress_struct info;
	ImageJpegErrors errors;
	info.err = image_jpeg_errors(&errors);
	JSAMPLE *volatile row = NULL;
	if (setjmp(errors.escape)) {
		jpeg_destroy_decompress(&info);
		g_free(row);
		return FALSE;
	}
	jpeg_create_decompress(&info);
	jpeg_mem_src(&info, data, (unsigned long)len);
	jpeg_read_header(&info, TRUE);
	if ((guint64)info.image_width * info.image_height > IMAGE_MAX_PIXELS ||
	    info.image_width == 0 || info.image_height == 0) {
		jpeg_destroy_decompress(&info);
		return FALSE;
	}
	/* Pixels are only checked: a smaller scale decodes fewer of them. */
	info.scale_num = 1;
	info.scale_denom = 8;
	jpeg_start_decompress(&info);
	row = g_malloc((gsize)info.output_width * (gsize)info.output_components);
	while (info.output_scanline < info.output_height && !errors.damaged) {
		JSAMPROW rows[1] = {row};
		jpeg_read_scanlines(&info, rows, 1);
	}
	if (!errors.damaged)
		jpeg_finish_decompress(&info);
	jpeg_destroy_decompress(&info);
	g_free(row);
	return !errors.damaged;
}

gboolean
image_intact(const guint8 *data, gsize len)
{
	switch (image_sniff(data, len)) {
	case IMAGE_PNG: return png_intact(data, len);
	case IMAGE_JPEG: return jpeg_intact(data, len);
	case IMAGE_GIF: {
		/* Ends with its trailer (after any padding of zeros). */
		gsize end = len;
		while (end > 6 && data[end - 1] == 0)
			end--;
		return end > 13 && data[end - 1] == 0x3B;
	}
	default: return TRUE;
	}
}

GdkPixbuf *
image_decode(const guint8 *data, gsize len, const char **problem)
{
	return image_decode_within(data, len, 0, problem);
}

static const char *const broken[] = {
    "a file of no image format folio knows", "a PNG file that cannot be decoded",
    "a JPEG file that cannot be decoded",    "a GIF file that cannot be decoded",
    "a WebP file that cannot be decoded",    "a BMP file that cannot be decoded",
    "an SVG file that cannot be drawn"};

GdkPixbuf *
image_decode_within(const guint8 *data, gsize len, int max_side, const char **problem)
{
	ImageFormat format = image_sniff(data, len);
	*problem = broken[format];
	if (format == IMAGE_UNKNOWN || !image_intact(data, len))
		return NULL;
	return image_pixels_within(data, len, max_side, problem);
}

/* Whether a GIF's screen and every frame of it are within the pixel
 * budget: gdk-pixbuf's loader makes a frame as large as its descriptor
 * says (65,535 pixels a side) before it tells the size it loads (make fuzz
 * found a 12 GB one), and the screen the frames are laid on as large as
 * the header says (a 43-byte GIF took 4 GB and 20 s). The rest of a GIF
 * whose blocks cannot be followed is left to the loader. */
static gboolean
gif_frames_fit(const guint8 *data, gsize len)
{
	if (len < 13)
		return TRUE;
	guint32 screen_width = (guint32)data[7] << 8 | data[6];
	guint32 screen_height = (guint32)data[9] << 8 | data[8];
	if ((guint64)screen_width * screen_height > IMAGE_MAX_PIXELS)
		return FALSE;
	gsize at = 13;
	if (data[10] & 0x80) /* the global colour table */
		at += (gsize)3 << ((data[10] & 7) + 1);
	while (at < len) {
		guint8 block = data[at++];
		if (block == 0x3B) /* the trailer */
			return TRUE;
		if (block == 0x2C) { /* an image: its descriptor, colours, code size */
			if (at + 9 > len)
				return TRUE;
			guint32 width = (guint32)data[at + 5] << 8 | data[at + 4];
			guint32 height = (guint32)data[at + 7] << 8 | data[at + 6];
			if ((guint64)width * height > IMAGE_MAX_PIXELS)
				return FALSE;
			guint8 packed = data[at + 8];
			at += 9;
			if (packed & 0x80)
				at += (gsize)3 << ((packed & 7) + 1);
			at++;               /* the LZW code size */
		} else if (block == 0x21) { /* an extension: its label */
			at++;
		} else {
			return TRUE;
		}
		while (at < len && data[at] != 0) /* the sub-blocks, to the empty one */
			at += (gsize)data[at] + 1;
		at++;
	}
	return TRUE;
}

GdkPixbuf *
image_pixels_within(const guint8 *data, gsize len, int max_side, const char **problem)
{
	ImageFormat format = image_sniff(data, len);
	*problem = broken[format];
	if (format == IMAGE_UNKNOWN)
		return NULL;
	if (format == IMAGE_GIF && !gif_frames_fit(data, len)) {
		*problem = "an image larger than the pixel budget";
		return NULL;
	}
	GdkPixbufLoader *loader = gdk_pixbuf_loader_new();
	Sizing sizing = {FALSE, format == IMAGE_SVG, max_side};
	g_signal_connect(loader, "size-prepared", G_CALLBACK(on_size), &sizing);
	gboolean ok = gdk_pixbuf_loader_write(loader, data, len, NULL);
	ok = gdk_pixbuf_loader_close(loader, NULL) && ok;
	GdkPixbuf *pixbuf = ok ? gdk_pixbuf_loader_get_pixbuf(loader) : NULL;
	if (pixbuf && !sizing.too_large)
		g_object_ref(pixbuf);
	else
		pixbuf = NULL;
	g_object_unref(loader);
	if (sizing.too_large)
		*problem = "an image larger than the pixel budget";
	else if (pixbuf)
		*problem = NULL;
	/* Upright as a browser shows it: a camera's picture turned as its
	 * orientation says (the JPEG loader gives it as an option). */
	if (pixbuf) {
		GdkPixbuf *upright = gdk_pixbuf_apply_embedded_orientation(pixbuf);
		g_object_unref(pixbuf);
		pixbuf = upright;
	}
	return pixbuf;
}

/* The bytes a PNG's compressed lines hold: each line's filter byte and its
 * pixels, for each of the seven passes of an interlaced one. 0 when the
 * header makes no sense. */
static guint64
png_raw_size(guint32 width, guint32 height, guint8 depth, guint8 color, gboolean interlaced)
{
	static const guint8 channels[] = {1, 0, 3, 1, 2, 0, 4};
	if (color >= G_N_ELEMENTS(channels) || !channels[color] || !depth || depth > 16)
		return 0;
	guint64 bits = (guint64)channels[color] * depth;
	static const guint8 passes[7][4] = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4},
	                                    {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}};
	guint64 size = 0;
	for (guint i = 0; i < (interlaced ? 7u : 1u); i++) {
		guint32 x0 = interlaced ? passes[i][0] : 0, y0 = interlaced ? passes[i][1] : 0;
		guint32 dx = interlaced ? passes[i][2] : 1, dy = interlaced ? passes[i][3] : 1;
		guint64 w = width > x0 ? (width - x0 + dx - 1) / dx : 0;
		guint64 h = height > y0 ? (height - y0 + dy - 1) / dy : 0;
		if (w && h)
			size += h * (1 + (w * bits + 7) / 8);
	}
	return size;
}

/* Whether the filter bytes among the n inflated bytes at bytes (the
 * output's offset out) are ones PNG knows; *next: the output's next
 * filter byte (every line-th, within raw). */
static gboolean
png_filters_known(const guint8 *bytes, guint64 out, guint64 n, guint64 raw, guint64 line,
                  guint64 *next)
{
	gboolean known = TRUE;
	for (; line && *next < out + n && *next < raw; *next += line)
		known = known && bytes[*next - out] <= 4;
	return known;
}

/* Each thread's decompressor, made when it first inflates. */
static GPrivate decompressor = G_PRIVATE_INIT((GDestroyNotify)libdeflate_free_decompressor);

static struct libdeflate_decompressor *
thread_decompressor(void)
{
	struct libdeflate_decompressor *d = g_private_get(&decompressor);
	if (!d) {
		d = libdeflate_alloc_decompressor();
		if (d)
			g_private_set(&decompressor, d);
	}
	return d;
}

/* The data of a PNG's IDAT chunks, up to IEND, appended to into (the one
 * zlib stream they hold); with ends, where each chunk's data ends in into.
 * FALSE where a chunk runs past the file. */
static gboolean
png_join_idat(const guint8 *data, gsize len, GByteArray *into, GArray *ends)
{
	for (gsize at = 8; at + 12 <= len;) {
		guint32 size = be32(data + at);
		const guint8 *type = data + at + 4;
		if (size > len - at - 12)
			return FALSE;
		if (memcmp(type, "IDAT", 4) == 0) {
			g_byte_array_append(into, type + 4, size);
			if (ends) {
				guint end = into->len;
				g_array_append_val(ends, end);
			}
		} else if (memcmp(type, "IEND", 4) == 0) {
			break;
		}
		at += 12 + (gsize)size;
	}
	return TRUE;
}

/* Lines up to this many bytes are inflated at once by libdeflate, into room
 * of their size, at three times zlib's speed (a screenshot's lines, checked
 * before the PDF carries them, were most of its decoding); larger ones a
 * piece at a time by zlib, in little memory. */
enum { PNG_INFLATE_AT_ONCE = 8 * 1024 * 1024 };

/* png_inflates at once: 1 or 0 as it answers, -1 where it cannot tell
 * (the stream holds more than raw bytes, or no room was had). The chunks'
 * data goes to joined as png_inflates puts it there: up to the chunk the
 * stream ends in. */
static int
png_inflates_at_once(const guint8 *data, gsize len, guint64 raw, guint64 line, GByteArray *joined)
{
	struct libdeflate_decompressor *d = thread_decompressor();
	if (!d)
		return -1;
	g_autoptr(GByteArray) mine = joined ? NULL : g_byte_array_new();
	GByteArray *stream = joined ? joined : mine;
	guint start = stream->len;
	g_autoptr(GArray) ends = g_array_new(FALSE, FALSE, sizeof(guint)); /* each chunk's */
	if (!png_join_idat(data, len, stream, ends))
		return 0;
	g_autofree guint8 *out = g_try_malloc(MAX(raw, 1));
	gsize used = 0, got = 0;
	enum libdeflate_result result =
	    out ? libdeflate_zlib_decompress_ex(d, stream->data + start, stream->len - start, out,
	                                        raw, &used, &got)
	        : LIBDEFLATE_INSUFFICIENT_SPACE;
	if (result == LIBDEFLATE_INSUFFICIENT_SPACE) {
		g_byte_array_set_size(stream, start);
		return -1;
	}
	/* zlib stops taking chunks once the stream has ended in one. */
	for (guint i = 0; i < ends->len; i++)
		if (g_array_index(ends, guint, i) >= start + used) {
			g_byte_array_set_size(stream, g_array_index(ends, guint, i));
			break;
		}
	if (result != LIBDEFLATE_SUCCESS || got < raw)
		return 0;
	guint64 next = 0;
	return png_filters_known(out, 0, raw, raw, line, &next) ? 1 : 0;
}

/* A PNG's IDAT chunks inflate, to their end, to raw bytes. The file is
 * intact (its chunks checked). With line (the bytes of a line, its filter
 * byte first; 0: not looked at) every line's filter is one PNG knows (0
 * to 4); with joined, the chunks' data is appended to it: the one zlib
 * stream they hold. */
static gboolean
png_inflates(const guint8 *data, gsize len, guint64 raw, guint64 line, GByteArray *joined)
{
	if (raw > 0 && raw <= PNG_INFLATE_AT_ONCE) {
		int known = png_inflates_at_once(data, len, raw, line, joined);
		if (known >= 0)
			return known == 1;
	}
	z_stream z = {0};
	if (inflateInit(&z) != Z_OK)
		return FALSE;
	guint8 scratch[16384];
	guint64 out = 0;
	gboolean filters = TRUE;
	guint64 next_filter = 0;
	int status = Z_OK;
	for (gsize at = 8; at + 12 <= len && status == Z_OK;) {
		guint32 size = be32(data + at);
		const guint8 *type = data + at + 4;
		if (memcmp(type, "IDAT", 4) == 0) {
			if (joined)
				g_byte_array_append(joined, type + 4, size);
			z.next_in = (Bytef *)(type + 4);
			z.avail_in = size;
			while (status == Z_OK && z.avail_in > 0) {
				z.next_out = scratch;
				z.avail_out = sizeof scratch;
				status = inflate(&z, Z_NO_FLUSH);
				filters &=
				    png_filters_known(scratch, out, sizeof scratch - z.avail_out,
				                      raw, line, &next_filter);
				out += sizeof scratch - z.avail_out;
				if (status == Z_BUF_ERROR && z.avail_in == 0)
					status = Z_OK;
			}
		} else if (memcmp(type, "IEND", 4) == 0) {
			break;
		}
		at += 12 + (gsize)size;
	}
	while (status == Z_OK) { /* the stream's end may come with no input left */
		z.next_out = scratch;
		z.avail_out = sizeof scratch;
		status = inflate(&z, Z_FINISH);
		filters &= png_filters_known(scratch, out, sizeof scratch - z.avail_out, raw, line,
		                             &next_filter);
		out += sizeof scratch - z.avail_out;
		if (z.avail_out == sizeof scratch && status != Z_STREAM_END)
			break;
	}
	inflateEnd(&z);
	return status == Z_STREAM_END && out >= raw && filters;
}

/* An 8-bit PNG, not interlaced, within the pixel budget: its size, and
 * its channels (1 grey, 2 grey and alpha, 3 RGB, 4 RGBA); 0 for any other
 * (a palette, another depth). */
static int
png_plain_channels(const guint8 *data, gsize len, guint32 *width, guint32 *height)
{
	if (len < 29 || !image_png_size(data, len, width, height))
		return 0;
	static const int channels_of[7] = {1, 0, 3, 0, 2, 0, 4};
	guint8 depth = data[24], color = data[25];
	gboolean plain =
	    data[26] == 0 && data[27] == 0 && data[28] == 0; /* deflate, filters, lines */
	if (depth != 8 || color >= 7 || !plain || (guint64)*width * *height > IMAGE_MAX_PIXELS)
		return 0;
	return channels_of[color];
}

/* Whether a PNG has a colour made transparent (a tRNS chunk). */
static gboolean
png_keyed(const guint8 *data, gsize len)
{
	for (gsize at = 8; at + 12 <= len; at += 12 + (gsize)be32(data + at))
		if (memcmp(data + at + 4, "tRNS", 4) == 0)
			return TRUE;
	return FALSE;
}

gboolean
image_png_lines(const guint8 *data, gsize len, ImagePngLines *lines)
{
	*lines = (ImagePngLines){0};
	guint32 width, height;
	int channels = png_plain_channels(data, len, &width, &height);
	if (channels != 1 && channels != 3)
		return FALSE;
	/* A colour made transparent needs a mask: not the lines alone. */
	if (png_keyed(data, len))
		return FALSE;
	g_autoptr(GByteArray) joined = g_byte_array_new();
	if (!png_inflates(data, len, png_raw_size(width, height, 8, data[25], FALSE),
	                  1 + (guint64)width * channels, joined))
		return FALSE;
	*lines =
	    (ImagePngLines){.width = width,
	                    .height = height,
	                    .channels = channels,
	                    .compressed = g_byte_array_free_to_bytes(g_steal_pointer(&joined))};
	return TRUE;
}

/* PNG's Paeth predictor: of left, above and upper left, the one nearest
 * left + above - upper left. */
static guint8
paeth(int left, int above, int upper_left)
{
	int p = left + above - upper_left;
	int to_left = abs(p - left), to_above = abs(p - above), to_upper = abs(p - upper_left);
	if (to_left <= to_above && to_left <= to_upper)
		return (guint8)left;
	return (guint8)(to_above <= to_upper ? above : upper_left);
}

/* Undoes the filter of a row of n bytes, bpp bytes a pixel, given the row
 * above (NULL for the first); FALSE for a filter PNG does not know. */
static gboolean
png_unfilter(guint8 filter, guint8 *row, const guint8 *above, gsize n, gsize bpp)
{
	switch (filter) {
	case 0: return TRUE;
	case 1:
		for (gsize i = bpp; i < n; i++)
			row[i] = (guint8)(row[i] + row[i - bpp]);
		return TRUE;
	case 2:
		for (gsize i = 0; above && i < n; i++)
			row[i] = (guint8)(row[i] + above[i]);
		return TRUE;
	case 3:
		for (gsize i = 0; i < n; i++) {
			int left = i >= bpp ? row[i - bpp] : 0, up = above ? above[i] : 0;
			row[i] = (guint8)(row[i] + ((left + up) >> 1));
		}
		return TRUE;
	case 4:
		for (gsize i = 0; i < n; i++) {
			int left = i >= bpp ? row[i - bpp] : 0, up = above ? above[i] : 0;
			int upper_left = above && i >= bpp ? above[i - bpp] : 0;
			row[i] = (guint8)(row[i] + paeth(left, up, upper_left));
		}
		return TRUE;
	default: return FALSE;
	}
}

gboolean
image_png_pixels(const guint8 *data, gsize len, ImagePngPixels *out)
{
	*out = (ImagePngPixels){0};
	guint32 width, height;
	int channels = png_plain_channels(data, len, &width, &height);
	if (!channels || png_keyed(data, len))
		return FALSE;
	g_autoptr(GByteArray) joined = g_byte_array_new();
	if (!png_join_idat(data, len, joined, NULL))
		return FALSE;
	struct libdeflate_decompressor *d = thread_decompressor();
	if (!d)
		return FALSE;
	gsize stride = 1 + (gsize)width * channels, raw = stride * height, got = 0;
	g_autofree guint8 *pixels = g_try_malloc(raw);
	gboolean inflated =
	    pixels && libdeflate_zlib_decompress(d, joined->data, joined->len, pixels, raw, &got) ==
	                  LIBDEFLATE_SUCCESS;
	g_clear_pointer(&joined, g_byte_array_unref); /* not held beside the pixels */
	if (!inflated || got != raw)
		return FALSE;
	for (guint32 y = 0; y < height; y++) {
		guint8 *row = pixels + y * stride;
		if (!png_unfilter(row[0], row + 1, y ? row + 1 - stride : NULL, stride - 1,
		                  (gsize)channels))
			return FALSE;
	}
	*out = (ImagePngPixels){width, height, channels, stride, g_steal_pointer(&pixels)};
	return TRUE;
}

gboolean
image_decodes(const guint8 *data, gsize len, const char **problem)
{
	ImageFormat format = image_sniff(data, len);
	guint32 width, height;
	if (len >= 29 && image_png_size(data, len, &width, &height)) {
		*problem = "a PNG file that cannot be decoded";
		if (!image_intact(data, len))
			return FALSE;
		if ((guint64)width * height > IMAGE_MAX_PIXELS) {
			*problem = "an image larger than the pixel budget";
			return FALSE;
		}
		guint64 raw = png_raw_size(width, height, data[24], data[25], data[28] != 0);
		if (!raw || !png_inflates(data, len, raw, 0, NULL))
			return FALSE;
		*problem = NULL;
		return TRUE;
	}
	if (format == IMAGE_JPEG) {
		*problem = "a JPEG file that cannot be decoded";
		if (!image_intact(data, len))
			return FALSE;
		*problem = NULL;
		return TRUE;
	}
	g_autoptr(GdkPixbuf) pixels = image_decode(data, len, problem);
	return pixels != NULL;
}

gboolean
image_webp_lossy(const guint8 *data, gsize len)
{
	return image_sniff(data, len) == IMAGE_WEBP && len >= 16 &&
	       memcmp(data + 12, "VP8 ", 4) == 0;
}

GBytes *
image_jpeg(GdkPixbuf *pixbuf)
{
	gchar *buffer = NULL;
	gsize size = 0;
	if (gdk_pixbuf_get_has_alpha(pixbuf) ||
	    !gdk_pixbuf_save_to_buffer(pixbuf, &buffer, &size, "jpeg", NULL, "quality", "90", NULL))
		return NULL;
	return g_bytes_new_take(buffer, size);
}

GBytes *
image_png(GdkPixbuf *pixbuf)
{
	gchar *buffer = NULL;
	gsize size = 0;
	if (!gdk_pixbuf_save_to_buffer(pixbuf, &buffer, &size, "png", NULL, NULL))
		return NULL;
	return g_bytes_new_take(buffer, size);
}

/* ---- a JPEG's segments --------------------------------------------------- */

/* One segment before a JPEG's scan: its marker (the byte after 0xFF), where
 * the whole segment starts and ends in the file, and its data (after its
 * marker and length). */
typedef struct {
	guint8 marker;
	gsize start, end;
	const guint8 *body;
	gsize size;
} JpegSegment;

/* Hands each segment up to the scan to each; returns the offset of the scan
 * (0xFFDA), or 0 when the file is no JPEG or is cut short before it. */
static gsize
jpeg_segments(const guint8 *data, gsize len, void (*each)(const JpegSegment *, gpointer),
              gpointer user)
{
	if (len < 4 || data[0] != 0xFF || data[1] != 0xD8)
		return 0;
	gsize at = 2;
	while (at + 4 <= len) {
		if (data[at] != 0xFF)
			return 0;
		gsize start = at;
		while (at < len && data[at] == 0xFF) /* fill bytes */
			at++;
		if (at + 3 > len)
			return 0;
		if (data[at] == 0xDA)
			return start;
		gsize length = (gsize)data[at + 1] << 8 | data[at + 2];
		if (length < 2 || at + 1 + length > len)
			return 0;
		JpegSegment segment = {data[at], start, at + 1 + length, data + at + 3, length - 2};
		each(&segment, user);
		at = segment.end;
	}
	return 0;
}

typedef struct {
	int orientation;
	guint32 width, height;
} JpegFacts;

static guint
tiff16(const guint8 *p, gboolean big)
{
	return big ? (guint)p[0] << 8 | p[1] : (guint)p[1] << 8 | p[0];
}

static guint32
tiff32(const guint8 *p, gboolean big)
{
	return big ? be32(p)
	           : (guint32)p[3] << 24 | (guint32)p[2] << 16 | (guint32)p[1] << 8 | p[0];
}

/* The orientation tag (0x0112) of the first image of an Exif segment's
 * TIFF structure, tiff[0, len), or 0. */
static int
exif_orientation(const guint8 *tiff, gsize len)
{
	if (len < 8 || !(memcmp(tiff, "II", 2) == 0 || memcmp(tiff, "MM", 2) == 0))
		return 0;
	gboolean big = tiff[0] == 'M';
	guint32 ifd = tiff32(tiff + 4, big);
	if (tiff16(tiff + 2, big) != 42 || ifd < 8 || (gsize)ifd + 2 > len)
		return 0;
	guint entries = tiff16(tiff + ifd, big);
	for (guint i = 0; i < entries; i++) {
		gsize at = (gsize)ifd + 2 + (gsize)i * 12;
		if (at + 12 > len)
			return 0;
		if (tiff16(tiff + at, big) == 0x0112 && tiff16(tiff + at + 2, big) == 3) {
			guint value = tiff16(tiff + at + 8, big);
			return value >= 1 && value <= 8 ? (int)value : 0;
		}
	}
	return 0;
}

static void
note_fact(const JpegSegment *segment, gpointer user)
{
	JpegFacts *facts = user;
	const guint8 *body = segment->body;
	guint8 marker = segment->marker;
	if (marker == 0xE1 && segment->size > 6 && memcmp(body, "Exif\0\0", 6) == 0 &&
	    !facts->orientation)
		facts->orientation = exif_orientation(body + 6, segment->size - 6);
	gboolean frame =
	    marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
	if (frame && segment->size >= 5 && !facts->width) {
		facts->height = (guint32)body[1] << 8 | body[2];
		facts->width = (guint32)body[3] << 8 | body[4];
	}
}

int
image_jpeg_facts(const guint8 *data, gsize len, guint32 *width, guint32 *height)
{
	JpegFacts facts = {0, 0, 0};
	jpeg_segments(data, len, note_fact, &facts);
	if (width)
		*width = facts.width;
	if (height)
		*height = facts.height;
	return facts.orientation ? facts.orientation : 1;
}

typedef struct {
	const guint8 *data;
	GByteArray *out;
	gsize copied; /* bytes of data passed on, or left out, so far */
} Plain;

/* What a picture needs kept: JFIF's header (APP0), its colour profile
 * (APP2), Adobe's colour transform (APP14) and every segment that is not
 * an application's or a comment; the camera's Exif (its place, time and
 * serial number), XMP, Photoshop's and other applications' data and
 * comments are left out. */
static void
keep_segment(const JpegSegment *segment, gpointer user)
{
	Plain *plain = user;
	guint8 marker = segment->marker;
	gboolean application = (marker >= 0xE0 && marker <= 0xEF) || marker == 0xFE;
	if (application && marker != 0xE0 && marker != 0xE2 && marker != 0xEE) {
		g_byte_array_append(plain->out, plain->data + plain->copied,
		                    (guint)(segment->start - plain->copied));
		plain->copied = segment->end;
	}
}

GBytes *
image_jpeg_plain(const guint8 *data, gsize len)
{
	Plain plain = {data, g_byte_array_sized_new((guint)len), 0};
	if (!jpeg_segments(data, len, keep_segment, &plain)) {
		g_byte_array_unref(plain.out);
		return g_bytes_new(data, len);
	}
	g_byte_array_append(plain.out, data + plain.copied, (guint)(len - plain.copied));
	return g_byte_array_free_to_bytes(plain.out);
}

GBytes *
image_jpeg_carried(const guint8 *data, gsize len, int max_side, gboolean whole,
                   const char **problem)
{
	guint32 width = 0, height = 0;
	int orientation = image_jpeg_facts(data, len, &width, &height);
	*problem = NULL;
	if (orientation == 1 && (max_side <= 0 || MAX(width, height) <= (guint32)max_side))
		return image_jpeg_plain(data, len);
	g_autoptr(GdkPixbuf) pixels = whole ? image_pixels_within(data, len, max_side, problem)
	                                    : image_decode_within(data, len, max_side, problem);
	GBytes *written = pixels ? image_jpeg(pixels) : NULL;
	if (!written && !*problem)
		*problem = broken[IMAGE_JPEG];
	return written;
}

gboolean
image_stored_size(const guint8 *data, gsize len, guint32 *width, guint32 *height)
{
	*width = *height = 0;
	switch (image_sniff(data, len)) {
	case IMAGE_PNG: return image_png_size(data, len, width, height);
	case IMAGE_JPEG: image_jpeg_facts(data, len, width, height); return *width > 0;
	case IMAGE_GIF: /* the logical screen's */
		if (len < 10)
			return FALSE;
		*width = (guint32)data[7] << 8 | data[6];
		*height = (guint32)data[9] << 8 | data[8];
		return TRUE;
	default: return FALSE;
	}
}
