/* The EPUB writer: writes the content documents page by page and the
 * package, and zips everything with libzip, reproducibly. */
#include "epub_private.h"

#include "../output.h"
#include "../theme.h"

#include <string.h>
#include <zip.h>

#include "epub_css.h" /* styles/epub.css, compiled in */

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

/* The markers of the page list that has come, put into the documents
 * written before it, in their order (the list runs through them). */
static void
place_breaks(EpubWriter *w, const GArray *page_list)
{
	epub_writer_set_page_list(w, page_list);
	for (guint i = 0; i < w->files->len; i++) {
		EpubFile *file = g_ptr_array_index(w->files, i);
		if (file->steps)
			file->data = epub_xhtml_place_breaks(w, file->page, file->data,
			                                     g_steal_pointer(&file->steps));
	}
}

static gboolean
write_epub(Book *book, const char *path, gint64 build_time, const GArray *page_list,
           EpubPageListFn later, gpointer data)
{
	Site *site = book->site;
	EpubWriter w;
	epub_writer_init(&w, book, page_list);

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
		if (later)
			w.steps = g_array_new(FALSE, FALSE, sizeof(BreakStep));
		EpubFile *file = epub_add_file(&w, name, epub_xhtml_page(&w, page, doc));
		file->page = page;
		file->steps = g_steal_pointer(&w.steps);
	}
	if (later) {
		GArray *pages = later(data);
		place_breaks(&w, pages);
	}
	if (ok) {
		epub_add_package(&w, build_time);
		g_autoptr(GBytes) archive = zip_files(&w, path, build_time);
		gsize len = 0;
		const void *data = archive ? g_bytes_get_data(archive, &len) : NULL;
		ok = archive && output_write_atomic(path, data, len, w.diag);
	}
	epub_writer_clear(&w);
	return ok;
}

gboolean
epub_write(Book *book, const char *path, gint64 build_time, const GArray *page_list)
{
	return write_epub(book, path, build_time, page_list, NULL, NULL);
}

gboolean
epub_write_list_later(Book *book, const char *path, gint64 build_time, EpubPageListFn page_list,
                      gpointer data)
{
	return write_epub(book, path, build_time, NULL, page_list, data);
}
