/* The EPUB writer: writes the content documents page by page and the
 * package, and zips everything with libzip, reproducibly. */
#include "epub_private.h"

#include "../library.h"
#include "../output.h"
#include "../parallel.h"
#include "../theme.h"

#include <string.h>
#include <zip.h>
#include <zlib.h>

#include "epub_css.h" /* styles/epub.css, compiled in */

/* ---- the zip ----------------------------------------------------------- */

/* libzip's functions, found when the first EPUB is zipped (library.h says
 * why not at the start). */
/* clang-format off */
#define ZIP_FUNCTIONS(F) \
	F(zip_error_init) F(zip_error_fini) F(zip_error_set) F(zip_error_strerror) \
	F(zip_error_to_data) F(zip_source_buffer_create) F(zip_source_buffer) \
	F(zip_source_function) F(zip_source_keep) F(zip_source_free) F(zip_source_stat) \
	F(zip_source_open) F(zip_source_read) F(zip_source_close) \
	F(zip_source_make_command_bitmap) F(zip_open_from_source) F(zip_file_add) \
	F(zip_set_file_compression) F(zip_file_set_dostime) \
	F(zip_file_set_external_attributes) F(zip_stat_init) F(zip_close) F(zip_strerror) \
	F(zip_discard)
/* clang-format on */
static LIBRARY_TABLE(ZIP_FUNCTIONS) libzip;

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

/* ---- entries deflated beforehand ----------------------------------------
 * libzip deflates an archive's entries one after another as it closes it,
 * after the page list has come: a tenth of a small book's EPUB, on one
 * core. The documents are deflated here instead, on both cores, exactly as
 * libzip would (raw deflate, level 9, memory level 9), and handed to it as
 * sources whose data is deflated already, which it copies as they are. */

typedef struct {
	GBytes *plain;
	guint8 *deflated; /* NULL: not smaller deflated, or not deflated */
	gsize deflated_len;
	guint32 crc;
	gsize read;
	zip_error_t error;
} Deflated;

static void
deflate_entry(Deflated *d)
{
	gsize len;
	const guint8 *plain = g_bytes_get_data(d->plain, &len);
	z_stream z = {0};
	if (len > G_MAXUINT32 || deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS,
	                                      MAX_MEM_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
		return;
	uLong bound = deflateBound(&z, (uLong)len);
	guint8 *out = g_malloc(bound);
	z.next_in = (Bytef *)plain;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)bound;
	int status = deflate(&z, Z_FINISH);
	deflateEnd(&z);
	/* As libzip, which stores what does not get smaller. */
	if (status != Z_STREAM_END || z.total_out >= len) {
		g_free(out);
		return;
	}
	d->deflated = out;
	d->deflated_len = z.total_out;
	d->crc = (guint32)crc32(crc32(0, NULL, 0), plain, (uInt)len);
}

typedef struct {
	Deflated *entries;
	guint count;
	gint next; /* the next entry to deflate, taken by either thread */
} Deflating;

static gpointer
deflate_entries(gpointer data)
{
	Deflating *work = data;
	for (guint i; (i = (guint)g_atomic_int_add(&work->next, 1)) < work->count;)
		if (work->entries[i].plain)
			deflate_entry(&work->entries[i]);
	return NULL;
}

/* A source of an entry deflated beforehand: its stat says so, with its CRC
 * and both sizes, and its attributes are those libzip's own deflating at
 * level 9 gives (version 2.0 needed; general-purpose bits 1-2: maximum). */
static zip_int64_t
deflated_source(void *userdata, void *data, zip_uint64_t len, zip_source_cmd_t command)
{
	Deflated *d = userdata;
	switch (command) {
	case ZIP_SOURCE_OPEN: d->read = 0; return 0;
	case ZIP_SOURCE_READ: {
		gsize n = MIN((gsize)len, d->deflated_len - d->read);
		memcpy(data, d->deflated + d->read, n);
		d->read += n;
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_CLOSE: return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		libzip.zip_stat_init(st);
		st->valid =
		    ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
		st->size = g_bytes_get_size(d->plain);
		st->comp_size = d->deflated_len;
		st->comp_method = ZIP_CM_DEFLATE;
		st->crc = d->crc;
		return sizeof *st;
	}
	case ZIP_SOURCE_GET_FILE_ATTRIBUTES: {
		zip_file_attributes_t *attributes = data;
		if (len < sizeof *attributes) {
			libzip.zip_error_set(&d->error, ZIP_ER_INVAL, 0);
			return -1;
		}
		attributes->valid |= ZIP_FILE_ATTRIBUTES_VERSION_NEEDED |
		                     ZIP_FILE_ATTRIBUTES_GENERAL_PURPOSE_BIT_FLAGS;
		attributes->version_needed = 20;
		attributes->general_purpose_bit_mask = 0x0836; /* the bits libzip takes */
		attributes->general_purpose_bit_flags = 1 << 1;
		return sizeof *attributes;
	}
	case ZIP_SOURCE_ERROR: return libzip.zip_error_to_data(&d->error, data, len);
	case ZIP_SOURCE_FREE: return 0;
	case ZIP_SOURCE_SUPPORTS:
		return ZIP_SOURCE_SUPPORTS_READABLE |
		       libzip.zip_source_make_command_bitmap(ZIP_SOURCE_GET_FILE_ATTRIBUTES, -1);
	default: libzip.zip_error_set(&d->error, ZIP_ER_INTERNAL, 0); return -1;
	}
}

/* An entry stored as it is (deflated NULL), or deflated: beforehand when
 * that made it smaller, else by libzip (which then stores it). */
static gboolean
zip_add_entry(zip_t *zip, const char *name, GBytes *data, Deflated *deflated, gint64 build_time)
{
	gboolean store = deflated == NULL;
	gsize len;
	const void *bytes = g_bytes_get_data(data, &len);
	zip_source_t *source = deflated && deflated->deflated
	                           ? libzip.zip_source_function(zip, deflated_source, deflated)
	                           : libzip.zip_source_buffer(zip, bytes, len, 0);
	if (!source)
		return FALSE;
	zip_int64_t index = libzip.zip_file_add(zip, name, source, ZIP_FL_ENC_UTF_8);
	if (index < 0) {
		libzip.zip_source_free(source);
		return FALSE;
	}
	zip_uint16_t time, date;
	dos_time(build_time, &time, &date);
	return libzip.zip_set_file_compression(zip, (zip_uint64_t)index,
	                                       store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
	                                       store ? 0 : 9) == 0 &&
	       libzip.zip_file_set_dostime(zip, (zip_uint64_t)index, time, date, 0) == 0 &&
	       libzip.zip_file_set_external_attributes(zip, (zip_uint64_t)index, 0, ZIP_OPSYS_UNIX,
	                                               0100644u << 16) == 0;
}

/* Zips the files in memory; NULL with a diagnostic on failure. */
static GBytes *
zip_files(EpubWriter *w, const char *path, gint64 build_time)
{
	static LibraryOnce zip_once;
	const char *why = NULL;
	if (!library_open(&zip_once, FOLIO_ZIP_LIBRARY, ZIP_FUNCTIONS, libzip, &why)) {
		diag_error(w->diag, path, 0, 0, NULL,
		           "the EPUB is zipped with %s, which cannot be opened (%s)",
		           FOLIO_ZIP_LIBRARY, why);
		return NULL;
	}
	zip_error_t error;
	libzip.zip_error_init(&error);
	zip_source_t *buffer = libzip.zip_source_buffer_create(NULL, 0, 0, &error);
	zip_t *zip = buffer ? libzip.zip_open_from_source(buffer, ZIP_TRUNCATE, &error) : NULL;
	if (!zip) {
		diag_error(w->diag, path, 0, 0, NULL, "cannot make the EPUB archive: %s",
		           libzip.zip_error_strerror(&error));
		libzip.zip_source_free(buffer);
		libzip.zip_error_fini(&error);
		return NULL;
	}
	libzip.zip_source_keep(buffer);
	g_autoptr(GBytes) mimetype = g_bytes_new_static("application/epub+zip", 20);
	gboolean ok = zip_add_entry(zip, "mimetype", mimetype, NULL, build_time);
	/* Images are compressed already: deflating them again only costs time.
	 * The rest is deflated here, on both cores (FOLIO_JOBS=1: on one). */
	Deflating work = {g_new0(Deflated, w->files->len), w->files->len, 0};
	for (guint i = 0; i < w->files->len; i++) {
		EpubFile *file = g_ptr_array_index(w->files, i);
		if (!g_str_has_prefix(file->name, "OEBPS/images/"))
			work.entries[i].plain = file->data;
	}
	GThread *other =
	    parallel_one_job() ? NULL : g_thread_new("deflate", deflate_entries, &work);
	deflate_entries(&work);
	if (other)
		g_thread_join(other);
	for (guint i = 0; ok && i < w->files->len; i++) {
		EpubFile *file = g_ptr_array_index(w->files, i);
		Deflated *deflated = work.entries[i].plain ? &work.entries[i] : NULL;
		ok = zip_add_entry(zip, file->name, file->data, deflated, build_time);
	}
	ok = ok && libzip.zip_close(zip) == 0;
	if (!ok) {
		diag_error(w->diag, path, 0, 0, NULL, "cannot make the EPUB archive: %s",
		           libzip.zip_strerror(zip));
		libzip.zip_discard(zip);
	}
	for (guint i = 0; i < work.count; i++)
		g_free(work.entries[i].deflated);
	g_free(work.entries);
	if (!ok) {
		libzip.zip_source_free(buffer);
		return NULL;
	}
	zip_stat_t st;
	GBytes *result = NULL;
	if (libzip.zip_source_stat(buffer, &st) == 0 && libzip.zip_source_open(buffer) == 0) {
		guint8 *data = g_malloc(st.size ? st.size : 1);
		zip_int64_t got = libzip.zip_source_read(buffer, data, st.size);
		libzip.zip_source_close(buffer);
		if (got == (zip_int64_t)st.size)
			result = g_bytes_new_take(data, st.size);
		else
			g_free(data);
	}
	libzip.zip_source_free(buffer);
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
		g_autoptr(Doc) owned = NULL;
		const Doc *doc = book_page_doc(book, page, &owned);
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
