#include "image.h"

#include <string.h>

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
} Sizing;

/* Refuses a decompression bomb once its size is known, before its pixels;
 * draws an SVG at twice its size (it has no pixels of its own). */
static void
on_size(GdkPixbufLoader *loader, int width, int height, gpointer data)
{
	Sizing *sizing = data;
	if (width <= 0 || height <= 0 || (gint64)width * height > IMAGE_MAX_PIXELS) {
		sizing->too_large = TRUE;
		gdk_pixbuf_loader_set_size(loader, 1, 1);
	} else if (sizing->svg && (gint64)width * height * 4 <= IMAGE_MAX_PIXELS) {
		gdk_pixbuf_loader_set_size(loader, width * 2, height * 2);
	}
}

GdkPixbuf *
image_decode(const guint8 *data, gsize len, const char **problem)
{
	static const char *const broken[] = {
	    "a file of no image format folio knows", "a PNG file that cannot be decoded",
	    "a JPEG file that cannot be decoded",    "a GIF file that cannot be decoded",
	    "a WebP file that cannot be decoded",    "a BMP file that cannot be decoded",
	    "an SVG file that cannot be drawn"};
	ImageFormat format = image_sniff(data, len);
	*problem = broken[format];
	if (format == IMAGE_UNKNOWN)
		return NULL;
	GdkPixbufLoader *loader = gdk_pixbuf_loader_new();
	Sizing sizing = {FALSE, format == IMAGE_SVG};
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
	return pixbuf;
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
