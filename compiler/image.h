/* image: what an image file of the site is, told by its bytes, and its
 * pixels, decoded once by gdk-pixbuf (PNG, JPEG, GIF's first frame, WebP,
 * BMP; SVG through librsvg's loader), for both formats: the PDF draws them,
 * the EPUB carries the formats every reader shows and PNG for the rest. */
#ifndef FOLIO_IMAGE_H
#define FOLIO_IMAGE_H

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>
#include <setjmp.h>
#include <stdio.h>

#include <jpeglib.h> /* after stdio.h, which it needs */

typedef enum {
	IMAGE_UNKNOWN,
	IMAGE_PNG,
	IMAGE_JPEG,
	IMAGE_GIF,
	IMAGE_WEBP,
	IMAGE_BMP,
	IMAGE_SVG,
} ImageFormat;

/* Images past this many pixels are refused before they are decoded. */
enum { IMAGE_MAX_PIXELS = 50 * 1000 * 1000 };

ImageFormat image_sniff(const guint8 *data, gsize len);
const char *image_format_name(ImageFormat format);
/* Whether the EPUB carries the file as it is (PNG, JPEG, GIF: every reader
 * shows them); the others go in as PNG (an SVG drawn at twice its size: its
 * scripts, links and fonts never reach a reader). */
gboolean image_format_in_epub(ImageFormat format);

/* libjpeg's errors as folio takes them, for every JPEG it reads: an error
 * jumps to escape (set it with setjmp first), a warning (a premature end,
 * corrupt data) marks the file damaged; nothing is printed. Returns the
 * manager for jpeg_decompress_struct.err. */
typedef struct {
	struct jpeg_error_mgr manager;
	jmp_buf escape;
	gboolean damaged;
} ImageJpegErrors;
struct jpeg_error_mgr *image_jpeg_errors(ImageJpegErrors *errors);

/* A PNG's width and height from its header; FALSE when it has none. */
gboolean image_png_size(const guint8 *data, gsize len, guint32 *width, guint32 *height);

/* Whether the file is whole, as far as its format tells: a PNG's chunks
 * to IEND with their checksums, a JPEG decoded without a warning, a GIF
 * ending with its trailer. A truncated file decodes as half a picture. */
gboolean image_intact(const guint8 *data, gsize len);

/* The pixels (the first frame of an animation) of an intact file, upright
 * as a browser shows it (a JPEG turned as its Exif orientation says), or
 * NULL with *problem set to what is wrong ("a GIF file that cannot be
 * decoded", ...). */
GdkPixbuf *image_decode(const guint8 *data, gsize len, const char **problem);
/* The same, made smaller as it is decoded where its longer side is past
 * max_side pixels (0: as large as it is). */
GdkPixbuf *image_decode_within(const guint8 *data, gsize len, int max_side, const char **problem);
/* The same for a file image_decodes or image_intact has found whole: not
 * checked again (a JPEG's check reads all its data). */
GdkPixbuf *image_pixels_within(const guint8 *data, gsize len, int max_side, const char **problem);

/* A JPEG's Exif orientation (1, upright, to 8; 1 when it has none) and,
 * where width and height are not NULL, its size in pixels as stored (0 when
 * its header has none). */
int image_jpeg_facts(const guint8 *data, gsize len, guint32 *width, guint32 *height);
/* The JPEG's bytes without what is not the picture: the camera's Exif
 * (where and when it was taken, its serial number), XMP, comments and other
 * applications' data; its colour profile stays. The pixels are the same
 * bytes: nothing is decoded. A file that is no JPEG comes back as it is. */
GBytes *image_jpeg_plain(const guint8 *data, gsize len);
/* A JPEG as a book carries it: without the camera's data, upright as its
 * orientation says (then decoded and written anew), and its longer side
 * no more than max_side (0: any). NULL, with *problem, where it must be
 * decoded and cannot be; whole: image_decodes has found it whole, so it is
 * not checked again. */
GBytes *image_jpeg_carried(const guint8 *data, gsize len, int max_side, gboolean whole,
                           const char **problem);
/* A PNG's, a JPEG's (as stored) or a GIF's (its screen's) width and height
 * from its header; FALSE, with both 0, for other formats or no header. */
gboolean image_stored_size(const guint8 *data, gsize len, guint32 *width, guint32 *height);

/* Whether the file decodes, as image_decode would find, without making its
 * pixels where its format allows: a PNG's compressed lines inflate to the
 * size its header gives, a JPEG decodes at an eighth of its size; other
 * formats are decoded. FALSE with *problem set as image_decode sets it. */
gboolean image_decodes(const guint8 *data, gsize len, const char **problem);

/* Whether an intact PNG (image_intact) is one whose compressed lines a PDF
 * can carry as they are (FlateDecode with PNG's predictors): 8-bit grey
 * or RGB, not interlaced, no colour made transparent, within the pixel
 * budget, its lines inflating whole with filters PNG knows. compressed:
 * the IDAT chunks' data joined (one zlib stream), the caller's to unref. */
typedef struct {
	guint32 width, height;
	int channels; /* 1 grey, 3 RGB */
	GBytes *compressed;
} ImagePngLines;
gboolean image_png_lines(const guint8 *data, gsize len, ImagePngLines *lines);

/* An intact PNG's pixels as its lines hold them, unfiltered: 8-bit grey,
 * grey and alpha, RGB or RGBA, not interlaced, no colour made transparent,
 * within the pixel budget, its IDAT data inflating to exactly the size its
 * header gives, with filters PNG knows. Row y's channels bytes a pixel
 * start at pixels + y * stride + 1 (each row's filter byte before it).
 * FALSE for any other PNG, which libpng is left to read: libpng inflates
 * with zlib, a third as fast as libdeflate on screenshots. */
typedef struct {
	guint32 width, height;
	int channels; /* 1 grey, 2 grey and alpha, 3 RGB, 4 RGBA */
	gsize stride;
	guint8 *pixels; /* the caller's to free */
} ImagePngPixels;
gboolean image_png_pixels(const guint8 *data, gsize len, ImagePngPixels *out);

/* The image as PNG bytes, or NULL. */
GBytes *image_png(GdkPixbuf *pixbuf);
/* Whether data is a WebP stored lossily (a photograph: its one chunk VP8,
 * not VP8L nor the extended format, which may hold transparency). */
gboolean image_webp_lossy(const guint8 *data, gsize len);
/* The image (without transparency) as JPEG bytes at quality 90, or NULL. */
GBytes *image_jpeg(GdkPixbuf *pixbuf);

#endif
