/* Imposition for saddle stitching: the book's pages two up on sheets twice
 * their size, in the order that, printed on both sides and folded in the
 * middle, gives the book back. The sheets are made from the reading PDF as
 * it was written, with qpdf: each page becomes a form (its content stream
 * as cairo compressed it, its fonts and images shared), two to a
 * side. The sheets hold the very pages the reading PDF numbers, cost a
 * fraction of drawing them again, and need no page in memory. They hold no
 * links, bookmarks or structure: paper has none. */
#include "writer.h"

#include "../output.h"

#include "../library.h"

#include <qpdf/qpdf-c.h>
#include <sys/mman.h>

#ifndef FOLIO_QPDF_LIBRARY
#define FOLIO_QPDF_LIBRARY "libqpdf.so"
#endif

/* qpdf's C functions, found in the library when the first sheets are made
 * (library.h says why not at the start). */
/* clang-format off */
#define QPDF_FUNCTIONS(F) \
	F(add_page) F(cleanup) F(empty_pdf) F(get_error) F(get_error_full_text) \
	F(get_num_pages) F(get_page_n) F(get_pdf_version) F(get_root) F(get_trailer) \
	F(has_error) F(init) F(init_write) F(make_indirect_object) F(oh_append_item) \
	F(oh_begin_dict_key_iter) F(oh_copy_foreign_object) F(oh_dict_more_keys) \
	F(oh_dict_next_key) F(oh_get_array_item) F(oh_get_array_n_items) F(oh_get_dict) F(oh_get_key) \
	F(oh_get_page_content_data) F(oh_has_key) F(oh_is_array) F(oh_is_dictionary) \
	F(oh_is_indirect) F(oh_is_stream) F(oh_is_string) F(oh_new_array) \
	F(oh_new_dictionary) F(oh_new_name) F(oh_new_null) F(oh_new_stream) F(oh_parse) \
	F(oh_release) F(oh_replace_key) F(oh_replace_stream_data) F(oh_unparse_binary) \
	F(oh_unparse_resolved) F(push_inherited_attributes_to_page) F(read_memory) \
	F(register_progress_reporter) F(set_compress_streams) F(set_decode_level) \
	F(set_deterministic_ID) F(set_minimum_pdf_version) F(set_suppress_warnings) \
	F(silence_errors) F(write)
/* clang-format on */

static struct {
#define QPDF_POINTER(name) __typeof__(qpdf_##name) *name;
	QPDF_FUNCTIONS(QPDF_POINTER)
#undef QPDF_POINTER
} qpdf;

/* Whether libqpdf and each of the functions above were found; if not, why. */
static gboolean
qpdf_found(const char **why)
{
	gboolean found = TRUE;
#define QPDF_FIND(name)                                                                            \
	found = found &&                                                                           \
	        (*(void **)&qpdf.name = library_function(FOLIO_QPDF_LIBRARY, "qpdf_" #name, why));
	QPDF_FUNCTIONS(QPDF_FIND)
#undef QPDF_FIND
	return found;
}

int
pdf_impose_page(int pages, int sheet, gboolean back, gboolean right)
{
	int n = (pages + 3) / 4 * 4;
	/* Front: last and first; back: second and second-to-last (1-based). */
	if (!back)
		return right ? 2 * sheet + 1 : n - 2 * sheet;
	return right ? n - 2 * sheet - 1 : 2 * sheet + 2;
}

/* Where the two pages stand on the sheet: the spread centred on it. */
typedef struct {
	double sheet_width, sheet_height;
	double x, y; /* the spread's top left corner */
} SheetLayout;

enum { MARK_MM = 5 }; /* how long a crop mark is */

/* The style's sheet, or the spread's size with room for the marks around
 * it; a sheet too small for the spread grows, with a warning. */
static SheetLayout
sheet_layout(const Style *st, const char *path, Diag *diag)
{
	double spread_w = 2 * st->page_width, spread_h = st->page_height;
	double room = st->crop_marks ? st->bleed + (MARK_MM + 1) * STYLE_MM_TO_PT : 0;
	double need_w = spread_w + 2 * room, need_h = spread_h + 2 * room;
	SheetLayout l = {st->sheet_width > 0 ? st->sheet_width : need_w,
	                 st->sheet_height > 0 ? st->sheet_height : need_h, 0, 0};
	if (l.sheet_width < need_w - 0.01 || l.sheet_height < need_h - 0.01) {
		diag_warning(diag, path, 0, 0, "style",
		             "the sheet (%.0f x %.0f mm) cannot hold two pages%s (%.0f x %.0f mm); "
		             "the sheet is made larger",
		             l.sheet_width / STYLE_MM_TO_PT, l.sheet_height / STYLE_MM_TO_PT,
		             st->crop_marks ? " and their marks" : "", need_w / STYLE_MM_TO_PT,
		             need_h / STYLE_MM_TO_PT);
		l.sheet_width = MAX(l.sheet_width, need_w);
		l.sheet_height = MAX(l.sheet_height, need_h);
	}
	l.x = (l.sheet_width - spread_w) / 2;
	l.y = (l.sheet_height - spread_h) / 2;
	return l;
}

/* Crop marks at the spread's outer corners, standing off by the bleed, and
 * fold marks above and below the spine, as content operators (PDF's y runs
 * up from the sheet's foot). */
static void
add_marks(GString *ops, const Style *st, const SheetLayout *l)
{
	double left = l->x, right = l->x + 2 * st->page_width, top = l->y,
	       bottom = l->y + st->page_height, off = st->bleed, len = MARK_MM * STYLE_MM_TO_PT;
	double h = l->sheet_height;
	g_string_append(ops, "q 0 G 0.25 w\n");
	const double corners[4][2] = {{left, top}, {right, top}, {left, bottom}, {right, bottom}};
	for (int i = 0; i < 4; i++) {
		double x = corners[i][0], y = corners[i][1];
		double sx = x == left ? -1 : 1, sy = y == top ? -1 : 1;
		g_string_append_printf(ops, "%.2f %.2f m %.2f %.2f l\n", x + sx * off, h - y,
		                       x + sx * (off + len), h - y);
		g_string_append_printf(ops, "%.2f %.2f m %.2f %.2f l\n", x, h - (y + sy * off), x,
		                       h - (y + sy * (off + len)));
	}
	double spine = l->x + st->page_width;
	g_string_append_printf(ops, "S [2 1.5] 0 d\n%.2f %.2f m %.2f %.2f l\n", spine,
	                       h - (top - off), spine, h - (top - off - len));
	g_string_append_printf(ops, "%.2f %.2f m %.2f %.2f l S Q\n", spine, h - (bottom + off),
	                       spine, h - (bottom + off + len));
}

/* The qpdf C API keeps every handle it gives out until it is released or
 * the PDF closed: a handle used once is released at once (kept, they held
 * some 3 KB a page while the sheets were made). */

static void copy_key(qpdf_data dst, qpdf_oh dict, const char *dst_key, qpdf_data src, qpdf_oh from,
                     const char *src_key);

/* A value of the reading PDF (src) in the sheets' (dst): what is an object
 * of its own is copied with what it refers to, once however often asked;
 * what stands in a dictionary or array, copied in place. The value's
 * handle is src's to release. */
static qpdf_oh
copy_value(qpdf_data dst, qpdf_data src, qpdf_oh value)
{
	if (qpdf.oh_is_indirect(src, value))
		return qpdf.oh_copy_foreign_object(dst, src, value);
	if (qpdf.oh_is_dictionary(src, value)) {
		qpdf_oh dict = qpdf.oh_new_dictionary(dst);
		qpdf.oh_begin_dict_key_iter(src, value);
		while (qpdf.oh_dict_more_keys(src)) {
			const char *key = qpdf.oh_dict_next_key(src);
			copy_key(dst, dict, key, src, value, key);
		}
		return dict;
	}
	if (qpdf.oh_is_array(src, value)) {
		qpdf_oh array = qpdf.oh_new_array(dst);
		int n = qpdf.oh_get_array_n_items(src, value);
		for (int i = 0; i < n; i++) {
			qpdf_oh item = qpdf.oh_get_array_item(src, value, i);
			qpdf_oh copy = copy_value(dst, src, item);
			qpdf.oh_append_item(dst, array, copy);
			qpdf.oh_release(dst, copy);
			qpdf.oh_release(src, item);
		}
		return array;
	}
	return qpdf.oh_parse(dst, qpdf.oh_unparse_binary(src, value));
}

/* dst's dictionary gets src_key of src's dictionary as dst_key. */
static void
copy_key(qpdf_data dst, qpdf_oh dict, const char *dst_key, qpdf_data src, qpdf_oh from,
         const char *src_key)
{
	qpdf_oh value = qpdf.oh_get_key(src, from, src_key);
	qpdf_oh copy = copy_value(dst, src, value);
	qpdf.oh_replace_key(dst, dict, dst_key, copy);
	qpdf.oh_release(dst, copy);
	qpdf.oh_release(src, value);
}

/* A name of dst's, set as key of dict. */
static void
set_name(qpdf_data dst, qpdf_oh dict, const char *key, const char *name)
{
	qpdf_oh value = qpdf.oh_new_name(dst, name);
	qpdf.oh_replace_key(dst, dict, key, value);
	qpdf.oh_release(dst, value);
}

/* The resources of a page of src as dst's: cairo writes a dictionary a
 * page, and most pages use the same fonts and states, so a dictionary
 * already copied (same text, its fonts and images referred to alike) is
 * shared (at 4,000 pages some 190 are copied, and 10 MB less held).
 * shared maps the text to dst's handle. */
static qpdf_oh
page_resources(qpdf_data dst, qpdf_data src, qpdf_oh page, GHashTable *shared)
{
	qpdf_oh value = qpdf.oh_get_key(src, page, "/Resources");
	const char *text = qpdf.oh_unparse_resolved(src, value);
	gpointer known = g_hash_table_lookup(shared, text);
	qpdf_oh copy;
	if (known) {
		copy = GPOINTER_TO_UINT(known);
	} else {
		g_autofree char *key = g_strdup(text);
		qpdf_oh copied = copy_value(dst, src, value);
		copy = qpdf.make_indirect_object(dst, copied);
		qpdf.oh_release(dst, copied);
		g_hash_table_insert(shared, g_steal_pointer(&key), GUINT_TO_POINTER(copy));
	}
	qpdf.oh_release(src, value);
	return copy;
}

/* A page of the reading PDF as a form of the sheets': its content stream
 * as it is (still compressed), its resources and its transparency group. */
static qpdf_oh
page_form(qpdf_data dst, qpdf_data src, qpdf_oh page, GHashTable *shared)
{
	qpdf_oh contents = qpdf.oh_get_key(src, page, "/Contents");
	qpdf_oh form;
	if (qpdf.oh_is_stream(src, contents)) {
		form = qpdf.oh_copy_foreign_object(dst, src, contents);
	} else { /* several streams: their decoded text, one after another */
		unsigned char *data = NULL;
		size_t len = 0;
		qpdf.oh_get_page_content_data(src, page, &data, &len);
		form = qpdf.oh_new_stream(dst);
		qpdf_oh none = qpdf.oh_new_null(dst);
		qpdf.oh_replace_stream_data(dst, form, data, len, none, none);
		qpdf.oh_release(dst, none);
		free(data);
	}
	qpdf.oh_release(src, contents);
	qpdf_oh dict = qpdf.oh_get_dict(dst, form);
	set_name(dst, dict, "/Type", "/XObject");
	set_name(dst, dict, "/Subtype", "/Form");
	/* The page's key, and the form's for it. */
	static const char *const kept[][2] = {{"/MediaBox", "/BBox"}, {"/Group", "/Group"}};
	for (guint i = 0; i < G_N_ELEMENTS(kept); i++)
		if (qpdf.oh_has_key(src, page, kept[i][0]))
			copy_key(dst, dict, kept[i][1], src, page, kept[i][0]);
	if (qpdf.oh_has_key(src, page, "/Resources"))
		qpdf.oh_replace_key(dst, dict, "/Resources",
		                    page_resources(dst, src, page, shared));
	qpdf.oh_release(dst, dict);
	return form;
}

/* One side of a sheet: the forms of its two pages (0: a blank page that
 * pads the book), and the marks. */
static qpdf_oh
sheet_side(qpdf_data q, const Style *st, const SheetLayout *l, qpdf_oh left, qpdf_oh right)
{
	g_autoptr(GString) ops = g_string_new(NULL);
	qpdf_oh xobjects = qpdf.oh_new_dictionary(q);
	double y = l->sheet_height - l->y - st->page_height;
	if (left) {
		qpdf.oh_replace_key(q, xobjects, "/L", left);
		g_string_append_printf(ops, "q 1 0 0 1 %.2f %.2f cm /L Do Q\n", l->x, y);
	}
	if (right) {
		qpdf.oh_replace_key(q, xobjects, "/R", right);
		g_string_append_printf(ops, "q 1 0 0 1 %.2f %.2f cm /R Do Q\n",
		                       l->x + st->page_width, y);
	}
	if (st->crop_marks)
		add_marks(ops, st, l);
	qpdf_oh contents = qpdf.oh_new_stream(q);
	qpdf_oh none = qpdf.oh_new_null(q);
	qpdf.oh_replace_stream_data(q, contents, (const unsigned char *)ops->str, ops->len, none,
	                            none);
	g_autofree char *text = g_strdup_printf("<< /Type /Page /MediaBox [0 0 %.2f %.2f] >>",
	                                        l->sheet_width, l->sheet_height);
	qpdf_oh side = qpdf.oh_parse(q, text);
	qpdf_oh resources = qpdf.oh_new_dictionary(q);
	qpdf.oh_replace_key(q, resources, "/XObject", xobjects);
	qpdf.oh_replace_key(q, side, "/Resources", resources);
	qpdf.oh_replace_key(q, side, "/Contents", contents);
	qpdf_oh indirect = qpdf.make_indirect_object(q, side);
	qpdf_oh made[] = {xobjects, contents, none, side, resources};
	for (guint i = 0; i < G_N_ELEMENTS(made); i++)
		qpdf.oh_release(q, made[i]);
	return indirect;
}

/* What qpdf could not do, as one line. */
static void
say_qpdf_error(qpdf_data q, const char *path, Diag *diag)
{
	qpdf_error e = qpdf.get_error(q);
	diag_error(diag, path, 0, 0, NULL, "cannot impose the sheets: %s",
	           e ? qpdf.get_error_full_text(q, e) : "qpdf failed");
}

/* The reading PDF as the system maps it. */
typedef struct {
	void *start;
	size_t length;
} Mapped;

/* The reading PDF's pages that qpdf read leave this process's memory, as
 * the pages are copied and as the sheets are written (qpdf reports its
 * progress a hundred times): each part is read once or twice, and a page
 * read again comes back from the system's file cache. Else what qpdf read
 * of the file would count in the build's peak memory. */
static void
release_mapped(int percent, void *data)
{
	(void)percent;
	Mapped *mapped = data;
	madvise(mapped->start, mapped->length, MADV_DONTNEED);
}

/* The sheets, made in dst (an empty PDF) from the pages of src: only what
 * the pages draw is read and copied (the reading PDF's structure tree, by
 * far its most objects, is left unread). Returns how many sheets. */
static int
impose_pages(qpdf_data dst, qpdf_data src, const Style *st, const SheetLayout *l, Mapped *mapped)
{
	qpdf.push_inherited_attributes_to_page(src);
	int pages = qpdf.get_num_pages(src);
	g_autofree qpdf_oh *form = g_new0(qpdf_oh, MAX(pages, 1));
	g_autoptr(GHashTable) shared = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (int i = 0; i < pages; i++) {
		qpdf_oh page = qpdf.get_page_n(src, (size_t)i);
		form[i] = page_form(dst, src, page, shared);
		qpdf.oh_release(src, page);
		if (i % 256 == 255)
			release_mapped(0, mapped);
	}
	int sheets = (pages + 3) / 4;
	for (int s = 0; s < sheets; s++) {
		for (int back = 0; back < 2; back++) {
			int left = pdf_impose_page(pages, s, back, FALSE);
			int right = pdf_impose_page(pages, s, back, TRUE);
			qpdf_oh side = sheet_side(dst, st, l, left <= pages ? form[left - 1] : 0,
			                          right <= pages ? form[right - 1] : 0);
			qpdf.add_page(dst, dst, side, FALSE);
			qpdf.oh_release(dst, side);
		}
	}
	/* The title, author and date; the language. Paper has no structure,
	 * links or bookmarks. */
	qpdf_oh info = qpdf.oh_get_key(src, qpdf.get_trailer(src), "/Info");
	if (qpdf.oh_is_dictionary(src, info))
		qpdf.oh_replace_key(dst, qpdf.get_trailer(dst), "/Info",
		                    copy_value(dst, src, info));
	qpdf_oh lang = qpdf.oh_get_key(src, qpdf.get_root(src), "/Lang");
	if (qpdf.oh_is_string(src, lang))
		qpdf.oh_replace_key(dst, qpdf.get_root(dst), "/Lang", copy_value(dst, src, lang));
	return sheets;
}

static qpdf_data
new_qpdf(void)
{
	qpdf_data q = qpdf.init();
	qpdf.silence_errors(q);
	qpdf.set_suppress_warnings(q, TRUE);
	return q;
}

gboolean
pdf_impose(const Style *st, const char *reading, const char *path, Diag *diag, guint *sheets)
{
	SheetLayout l = sheet_layout(st, path, diag);
	const char *why = NULL;
	if (!qpdf_found(&why)) {
		diag_error(diag, path, 0, 0, NULL, "cannot impose the sheets: %s", why);
		return FALSE;
	}
	qpdf_data src = new_qpdf(), dst = new_qpdf();
	gboolean ok = FALSE;
	/* The reading PDF is read where the system maps it: qpdf's own file
	 * input seeks and reads some 300 times a page (a second at 2,000
	 * pages). */
	g_autoptr(GError) error = NULL;
	g_autoptr(GMappedFile) map = g_mapped_file_new(reading, FALSE, &error);
	if (!map) {
		diag_error(diag, path, 0, 0, NULL, "cannot impose the sheets: %s", error->message);
	} else if (qpdf.read_memory(src, reading, g_mapped_file_get_contents(map),
	                            g_mapped_file_get_length(map), NULL) &
	           QPDF_ERRORS) {
		say_qpdf_error(src, path, diag);
	} else if (qpdf.empty_pdf(dst) & QPDF_ERRORS) {
		say_qpdf_error(dst, path, diag);
	} else {
		Mapped mapped = {g_mapped_file_get_contents(map), g_mapped_file_get_length(map)};
		int count = impose_pages(dst, src, st, &l, &mapped);
		/* Written by qpdf under folio's temporary name, not into memory
		 * first (a second copy of the whole file). */
		OutputFile *file = output_file_open(path, diag);
		if (file) {
			qpdf.init_write(dst, output_file_temp_path(file));
			qpdf.register_progress_reporter(dst, release_mapped, &mapped);
			qpdf.set_deterministic_ID(dst, TRUE);
			qpdf.set_minimum_pdf_version(dst, qpdf.get_pdf_version(src));
			qpdf.set_decode_level(dst, qpdf_dl_none);
			qpdf.set_compress_streams(dst, TRUE);
			gboolean written = !qpdf.has_error(src) && !qpdf.has_error(dst) &&
			                   !(qpdf.write(dst) & QPDF_ERRORS);
			if (!written)
				say_qpdf_error(qpdf.has_error(src) ? src : dst, path, diag);
			ok = output_file_finish(file, written, diag);
			*sheets = (guint)count;
		}
	}
	qpdf.cleanup(&dst);
	qpdf.cleanup(&src);
	return ok;
}
