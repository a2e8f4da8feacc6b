/* What every file of the EPUB writer uses: its state, the files it gathers,
 * the images it carries and the XML and URL escapes. */
#include "epub_private.h"

#include "../image.h"
#include "../output.h"

#include <string.h>

/* ---- XML --------------------------------------------------------------- */

/* The bytes that may need more than copying: the markup characters,
 * control characters, and the first bytes of C1 controls and of U+FFFE and
 * U+FFFF; and the end (a table: every byte of every document is looked
 * at). */
static const guint8 xml_special[256] = {
    [0x00 ... 0x08] = 1, [0x0B] = 1, [0x0C] = 1, [0x0E ... 0x1F] = 1, ['&'] = 1,  ['<'] = 1,
    ['>'] = 1,           ['"'] = 1,  [0x7F] = 1, [0xC2] = 1,          [0xEF] = 1,
};

/* Escapes text for XML, dropping what XML 1.0 forbids (most control
 * characters, C1 controls, U+FFFE and U+FFFF); runs of plain text are
 * copied whole. text is valid UTF-8. */
static void
xml_escape(GString *out, const char *text, gboolean attribute)
{
	if (!text)
		return;
	const char *run = text, *p = text;
	while (*p) {
		while (!xml_special[(guchar)*p])
			p++;
		if (!*p)
			break;
		const unsigned char *u = (const unsigned char *)p;
		const char *entity = NULL;
		gsize drop = 0;
		if (*u == '&')
			entity = "&amp;";
		else if (*u == '<')
			entity = "&lt;";
		else if (*u == '>')
			entity = "&gt;";
		else if (*u == '"' && attribute)
			entity = "&quot;";
		else if ((*u < 0x20 && *u != '\t' && *u != '\n' && *u != '\r') || *u == 0x7F)
			drop = 1;
		else if (u[0] == 0xC2 && u[1] >= 0x80 && u[1] <= 0x9F)
			drop = 2;
		else if (u[0] == 0xEF && u[1] == 0xBF && (u[2] == 0xBE || u[2] == 0xBF))
			drop = 3;
		if (!entity && !drop) {
			p++;
			continue;
		}
		g_string_append_len(out, run, p - run);
		if (entity)
			g_string_append(out, entity);
		p += entity ? 1 : drop;
		run = p;
	}
	g_string_append_len(out, run, p - run);
}

void
epub_xml_text(GString *out, const char *text)
{
	xml_escape(out, text, FALSE);
}

void
epub_xml_attr(GString *out, const char *text)
{
	xml_escape(out, text, TRUE);
}

char *
epub_url_escape(const char *url)
{
	GString *out = g_string_new(NULL);
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p <= 0x20 || *p == 0x7F || strchr("\"<>\\^`{|}", *p))
			g_string_append_printf(out, "%%%02X", *p);
		else
			g_string_append_c(out, (char)*p);
	}
	return g_string_free(out, FALSE);
}

void
epub_url_attr(GString *out, const char *url)
{
	g_autofree char *escaped = epub_url_escape(url);
	xml_escape(out, escaped, TRUE);
}

/* ---- files and images -------------------------------------------------- */

EpubFile *
epub_add_file(EpubWriter *w, const char *name, GBytes *data)
{
	EpubFile *file = g_new0(EpubFile, 1);
	file->name = g_strdup(name);
	file->data = data;
	g_ptr_array_add(w->files, file);
	return file;
}

static void
file_free(gpointer p)
{
	EpubFile *file = p;
	g_free(file->name);
	g_bytes_unref(file->data);
	if (file->steps)
		g_array_unref(file->steps);
	g_free(file);
}

static void
image_free(gpointer p)
{
	EpubImage *image = p;
	if (!image)
		return;
	g_free(image->file);
	g_free(image->href);
	g_free(image);
}

const char *
epub_page_href(EpubWriter *w, const SitePage *page)
{
	return g_hash_table_lookup(w->page_files, page);
}

/* A photograph (a JPEG) past this many pixels on its longer side is made
 * smaller: the largest e-reader screens are about as wide (1,872 x 2,480),
 * and a phone's photographs of 4,000 pixels make a book of megabytes that
 * a reader turns slowly. It is halved (a JPEG's decoder halves, quarters
 * and eighths for nothing) until it is no larger: between 1,025 and 2,048
 * pixels. Other pictures (screenshots and drawings, whose text blurs when
 * they are scaled) only past twice as many. */
enum { EPUB_PICTURE_SIDE = 2048, EPUB_DRAWING_SIDE = 2 * EPUB_PICTURE_SIDE };

/* The longer side a picture of this longer side is carried at. */
static int
carried_side(int side, ImageFormat format)
{
	if (format != IMAGE_JPEG)
		return side > EPUB_DRAWING_SIDE ? EPUB_DRAWING_SIDE : side;
	while (side > EPUB_PICTURE_SIDE)
		side /= 2;
	return side;
}

/* A picture the EPUB carries (found whole), as a reader needs it: a JPEG as
 * a book carries it (image_jpeg_carried); a large one made smaller
 * (carried_side; a JPEG stays a JPEG, another becomes a PNG: *png). NULL
 * where the file goes in as it is. */
static GBytes *
fitted_picture(ImageFormat format, const guint8 *data, gsize len, gboolean *png)
{
	guint32 width, height;
	image_stored_size(data, len, &width, &height);
	int side = (int)MIN(MAX(width, height), G_MAXINT);
	const char *problem = NULL;
	if (format == IMAGE_JPEG) {
		GBytes *carried =
		    image_jpeg_carried(data, len, carried_side(side, format), TRUE, &problem);
		return carried ? carried : image_jpeg_plain(data, len);
	}
	if (carried_side(side, format) == side)
		return NULL;
	g_autoptr(GdkPixbuf) pixels =
	    image_pixels_within(data, len, carried_side(side, format), &problem);
	if (!pixels)
		return NULL;
	*png = TRUE;
	return image_png(pixels);
}

const char *
epub_image_href(EpubWriter *w, const char *file, int line, int col)
{
	if (g_hash_table_contains(w->images_by_file, file)) {
		EpubImage *known = g_hash_table_lookup(w->images_by_file, file);
		return known ? known->href : NULL;
	}
	const char *path = w->page ? w->page->path : NULL;
	g_autofree char *full = g_build_filename(w->site->root, file, NULL);
	g_autofree char *data = NULL;
	gsize len = 0;
	const char *extension = NULL, *media_type = NULL;
	if (!g_file_get_contents(full, &data, &len, NULL)) {
		diag_warning(w->diag, path, line, col, "missing-image", "image '%s' cannot be read",
		             file);
	} else {
		/* Only what decodes goes in: a reader refuses a broken image. */
		const char *problem = NULL;
		ImageFormat format = image_sniff((const guint8 *)data, len);
		/* A format the EPUB carries is checked, not decoded; another is
		 * decoded, to be carried as PNG (or a photograph as JPEG), no
		 * larger than EPUB_DRAWING_SIDE. */
		gboolean carried = image_format_in_epub(format);
		g_autoptr(GdkPixbuf) pixels =
		    carried ? NULL
		            : image_decode_within((const guint8 *)data, len, EPUB_DRAWING_SIDE,
		                                  &problem);
		if (carried ? !image_decodes((const guint8 *)data, len, &problem) : !pixels) {
			book_say_broken_image(w->book, path, line, col, file, problem);
		} else if (carried) {
			static const char *const types[][2] = {{NULL, NULL},
			                                       {"png", "image/png"},
			                                       {"jpg", "image/jpeg"},
			                                       {"gif", "image/gif"}};
			extension = types[format][0];
			media_type = types[format][1];
			gboolean png = FALSE;
			GBytes *fitted = fitted_picture(format, (const guint8 *)data, len, &png);
			if (fitted) {
				g_free(data);
				data = g_bytes_unref_to_data(fitted, &len);
				if (png) {
					extension = "png";
					media_type = "image/png";
				}
			}
		} else {
			/* A lossy WebP is a photograph: as JPEG it stays a tenth of
			 * the size it takes as PNG, and is made in a fraction of the
			 * time (a 4000 x 2801 picture: 0.2 s against 2.2 s). */
			gboolean photo = image_webp_lossy((const guint8 *)data, len) &&
			                 !gdk_pixbuf_get_has_alpha(pixels);
			GBytes *converted = photo ? image_jpeg(pixels) : image_png(pixels);
			if (converted) {
				g_free(data);
				data = g_bytes_unref_to_data(converted, &len);
				extension = photo ? "jpg" : "png";
				media_type = photo ? "image/jpeg" : "image/png";
			}
		}
	}
	if (!media_type) {
		g_hash_table_insert(w->images_by_file, g_strdup(file), NULL);
		return NULL;
	}
	/* The same picture under two names is carried once. */
	g_autofree char *hash =
	    g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
	EpubImage *image = g_hash_table_lookup(w->images_by_hash, hash);
	if (!image) {
		image = g_new0(EpubImage, 1);
		image->file = g_strdup(file);
		image->media_type = media_type;
		image->href = g_strdup_printf("images/img%03u.%s", w->images->len + 1, extension);
		g_ptr_array_add(w->images, image);
		g_hash_table_insert(w->images_by_hash, g_steal_pointer(&hash), image);
		g_autofree char *name = g_strconcat("OEBPS/", image->href, NULL);
		epub_add_file(w, name, g_bytes_new_take(g_steal_pointer(&data), len));
	}
	g_hash_table_insert(w->images_by_file, g_strdup(file), image);
	return image->href;
}

/* ---- the writer ------------------------------------------------------- */

void
epub_writer_init(EpubWriter *w, Book *book, const GArray *page_list)
{
	Site *site = book->site;
	*w = (EpubWriter){
	    .book = book,
	    .page_list = page_list ? g_array_ref((GArray *)page_list)
	                           : g_array_new(FALSE, FALSE, sizeof(BookPrintPage)),
	    .site = site,
	    .diag = book->diag,
	    .lang = site->lang ? site->lang : "el",
	    .words = lang_for(site->lang),
	    .page_files = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free),
	    .images_by_file = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
	    .images_by_hash = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
	    .images = g_ptr_array_new_with_free_func(image_free),
	    .files = g_ptr_array_new_with_free_func(file_free),
	};
	for (guint i = 0; i < site->book->len; i++)
		g_hash_table_insert(w->page_files, g_ptr_array_index(site->book, i),
		                    g_strdup_printf("p%03u.xhtml", i + 1));
	epub_writer_set_page_list(w, w->page_list);
}

void
epub_writer_set_page_list(EpubWriter *w, const GArray *page_list)
{
	if (page_list != w->page_list) {
		g_array_unref(w->page_list);
		w->page_list = page_list ? g_array_ref((GArray *)page_list)
		                         : g_array_new(FALSE, FALSE, sizeof(BookPrintPage));
	}
	/* The page list's pages are those of the site's PDF, which the package
	 * names as their source: its title and its file's name. */
	g_clear_pointer(&w->page_source, g_free);
	if (w->page_list->len) {
		g_autofree char *pdf = output_path(".", w->site, ".pdf");
		g_autofree char *name = g_path_get_basename(pdf);
		w->page_source = g_strdup_printf("%s (%s)", w->site->title, name);
	}
}

void
epub_writer_clear(EpubWriter *w)
{
	g_hash_table_unref(w->page_files);
	g_hash_table_unref(w->images_by_file);
	g_hash_table_unref(w->images_by_hash);
	g_ptr_array_unref(w->images);
	g_ptr_array_unref(w->files);
	g_array_unref(w->page_list);
	g_free(w->page_source);
}
