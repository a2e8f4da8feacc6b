/* The EPUB writer: names the files, gathers the images, writes the content
 * documents page by page and zips everything with libzip, reproducibly. */
#include "epub_private.h"

#include "../image.h"
#include "../output.h"
#include "../theme.h"

#include <string.h>
#include <zip.h>

#include "epub_css.h" /* styles/epub.css, compiled in */

/* ---- XML --------------------------------------------------------------- */

static void
xml_escape(GString *out, const char *text, gboolean attribute)
{
	if (!text)
		return;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		switch (c) {
		case '&': g_string_append(out, "&amp;"); break;
		case '<': g_string_append(out, "&lt;"); break;
		case '>': g_string_append(out, "&gt;"); break;
		case '"':
			if (attribute)
				g_string_append(out, "&quot;");
			else
				g_string_append_c(out, '"');
			break;
		default:
			/* XML 1.0 forbids most control characters and U+FFFE/U+FFFF. */
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE ||
			    c == 0xFFFF || (c >= 0x7F && c <= 0x9F))
				break;
			g_string_append_len(out, p, g_utf8_next_char(p) - p);
		}
	}
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

/* ---- strings in the book's language ------------------------------------ */

/* ---- files and images -------------------------------------------------- */

void
epub_add_file(EpubWriter *w, const char *name, GBytes *data)
{
	EpubFile *file = g_new0(EpubFile, 1);
	file->name = g_strdup(name);
	file->data = data;
	g_ptr_array_add(w->files, file);
}

static void
file_free(gpointer p)
{
	EpubFile *file = p;
	g_free(file->name);
	g_bytes_unref(file->data);
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
		g_autoptr(GdkPixbuf) pixels = image_decode((const guint8 *)data, len, &problem);
		if (!pixels) {
			book_say_broken_image(w->book, path, line, col, file, problem);
		} else if (image_format_in_epub(format)) {
			static const char *const types[][2] = {{NULL, NULL},
			                                       {"png", "image/png"},
			                                       {"jpg", "image/jpeg"},
			                                       {"gif", "image/gif"}};
			extension = types[format][0];
			media_type = types[format][1];
		} else {
			GBytes *png = image_png(pixels);
			if (png) {
				g_free(data);
				data = g_bytes_unref_to_data(png, &len);
				extension = "png";
				media_type = "image/png";
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

/* ---- the zip ----------------------------------------------------------- */

/* Every entry gets the build's date in DOS form, in UTC, so that the archive
 * is the same in any time zone. */
static void
dos_time(gint64 build_time, zip_uint16_t *time, zip_uint16_t *date)
{
	g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc(build_time);
	int year = g_date_time_get_year(t);
	if (year < 1980) {
		*time = 0;
		*date = (1 << 5) | 1;
		return;
	}
	*time = (zip_uint16_t)((g_date_time_get_hour(t) << 11) | (g_date_time_get_minute(t) << 5) |
	                       (g_date_time_get_second(t) / 2));
	*date = (zip_uint16_t)(((year - 1980) << 9) | (g_date_time_get_month(t) << 5) |
	                       g_date_time_get_day_of_month(t));
}

static gboolean
zip_add_entry(zip_t *zip, const char *name, GBytes *data, gboolean store, gint64 build_time)
{
	gsize len;
	const void *bytes = g_bytes_get_data(data, &len);
	zip_source_t *source = zip_source_buffer(zip, bytes, len, 0);
	if (!source)
		return FALSE;
	zip_int64_t index = zip_file_add(zip, name, source, ZIP_FL_ENC_UTF_8);
	if (index < 0) {
		zip_source_free(source);
		return FALSE;
	}
	zip_uint16_t time, date;
	dos_time(build_time, &time, &date);
	return zip_set_file_compression(zip, (zip_uint64_t)index,
	                                store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
	                                store ? 0 : 9) == 0 &&
	       zip_file_set_dostime(zip, (zip_uint64_t)index, time, date, 0) == 0 &&
	       zip_file_set_external_attributes(zip, (zip_uint64_t)index, 0, ZIP_OPSYS_UNIX,
	                                        0100644u << 16) == 0;
}

/* Zips the files in memory; NULL with a diagnostic on failure. */
static GBytes *
zip_files(EpubWriter *w, const char *path, gint64 build_time)
{
	zip_error_t error;
	zip_error_init(&error);
	zip_source_t *buffer = zip_source_buffer_create(NULL, 0, 0, &error);
	zip_t *zip = buffer ? zip_open_from_source(buffer, ZIP_TRUNCATE, &error) : NULL;
	if (!zip) {
		diag_error(w->diag, path, 0, 0, NULL, "cannot make the EPUB archive: %s",
		           zip_error_strerror(&error));
		zip_source_free(buffer);
		zip_error_fini(&error);
		return NULL;
	}
	zip_source_keep(buffer);
	g_autoptr(GBytes) mimetype = g_bytes_new_static("application/epub+zip", 20);
	gboolean ok = zip_add_entry(zip, "mimetype", mimetype, TRUE, build_time);
	for (guint i = 0; ok && i < w->files->len; i++) {
		EpubFile *file = g_ptr_array_index(w->files, i);
		/* Images are compressed already: deflating them again only costs time. */
		gboolean store = g_str_has_prefix(file->name, "OEBPS/images/");
		ok = zip_add_entry(zip, file->name, file->data, store, build_time);
	}
	if (!ok || zip_close(zip) != 0) {
		diag_error(w->diag, path, 0, 0, NULL, "cannot make the EPUB archive: %s",
		           zip_strerror(zip));
		zip_discard(zip);
		zip_source_free(buffer);
		return NULL;
	}
	zip_stat_t st;
	GBytes *result = NULL;
	if (zip_source_stat(buffer, &st) == 0 && zip_source_open(buffer) == 0) {
		guint8 *data = g_malloc(st.size ? st.size : 1);
		zip_int64_t got = zip_source_read(buffer, data, st.size);
		zip_source_close(buffer);
		if (got == (zip_int64_t)st.size)
			result = g_bytes_new_take(data, st.size);
		else
			g_free(data);
	}
	zip_source_free(buffer);
	if (!result)
		diag_error(w->diag, path, 0, 0, NULL, "cannot read back the EPUB archive");
	return result;
}

gboolean
epub_write(Book *book, const char *path, gint64 build_time)
{
	Site *site = book->site;
	EpubWriter w = {
	    .book = book,
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
		g_hash_table_insert(w.page_files, g_ptr_array_index(site->book, i),
		                    g_strdup_printf("p%03u.xhtml", i + 1));

	GString *css = g_string_new(epub_css);
	theme_append_css(css);
	gsize css_length = css->len;
	epub_add_file(&w, "OEBPS/style.css",
	              g_bytes_new_take(g_string_free(css, FALSE), css_length));
	gboolean ok = TRUE;
	for (guint i = 0; i < site->book->len; i++) {
		const SitePage *page = g_ptr_array_index(site->book, i);
		g_autoptr(Doc) doc = book_page_doc(book, page);
		if (!doc) {
			diag_error(w.diag, page->path, 0, 0, NULL, "page cannot be read any more");
			ok = FALSE;
			break;
		}
		diag_progress(w.diag, "EPUB", i + 1, site->book->len);
		g_autofree char *name = g_strconcat("OEBPS/", epub_page_href(&w, page), NULL);
		epub_add_file(&w, name, epub_xhtml_page(&w, page, doc));
	}
	if (ok) {
		epub_add_package(&w, build_time);
		g_autoptr(GBytes) archive = zip_files(&w, path, build_time);
		gsize len = 0;
		const void *data = archive ? g_bytes_get_data(archive, &len) : NULL;
		ok = archive && output_write_atomic(path, data, len, w.diag);
	}
	g_hash_table_unref(w.page_files);
	g_hash_table_unref(w.images_by_file);
	g_hash_table_unref(w.images_by_hash);
	g_ptr_array_unref(w.images);
	g_ptr_array_unref(w.files);
	return ok;
}
