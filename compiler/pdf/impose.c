/* Imposition for saddle stitching: the book's pages two up on sheets twice
 * their size, in the order that, printed on both sides and folded in the
 * middle, gives the book back. The sheets are made from the reading PDF as
 * it was written: each page becomes a form whose content is the page's
 * content stream, its bytes as they were compressed, and whose fonts,
 * images and states are the page's, each copied once however many pages
 * use it. Only what the pages draw is read, found by the file's
 * cross-reference table, and it is copied as it was written, its references
 * renumbered: the sheets hold the very pages the reading PDF numbers, cost a
 * fraction of drawing them again and keep no page in memory. They hold no
 * links, bookmarks or structure: paper has none. */
#include "writer.h"

#include "syntax.h"

#include "../output.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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

/* The reading PDF as the system maps it, and where its objects begin. */
typedef struct {
	const char *data;
	gsize len;
	GArray *offsets; /* guint64 a number: 0 not said, 1 + the offset, or FREE */
	gint64 root, info;
	guint nodes;     /* of the page tree, read */
	const char *why; /* what could not be read */
	gsize where;     /* and where */
} Reading;

#define FREE G_MAXUINT64

static const PdfToken no_token = {PDF_TOKEN_END, 0, 0};

static PdfToken
token(const Reading *r, gsize at)
{
	return pdf_token(r->data, r->len, at);
}

/* Stops the reading at at, saying why (the first reason is kept). */
static gboolean
unreadable(Reading *r, gsize at, const char *why)
{
	if (!r->why) {
		r->why = why;
		r->where = at;
	}
	return FALSE;
}

static gint64
integer(const Reading *r, PdfToken t)
{
	return pdf_token_integer(r->data, t);
}

static gint64
reference(const Reading *r, PdfToken t)
{
	return pdf_reference(r->data, r->len, t, NULL);
}

/* The entry of a dictionary that begins at *at (its first: where the
 * dictionary's << ends), its key and value, and where the value ends (*at
 * then); FALSE after the last. */
static gboolean
next_entry(const Reading *r, gsize *at, PdfToken *key, PdfToken *value)
{
	*key = token(r, *at);
	if (key->kind != PDF_TOKEN_NAME)
		return FALSE;
	*value = token(r, key->end);
	*at = pdf_value_end(r->data, r->len, *value);
	return *at != 0;
}

/* Whether the token is the name name ("/Type"). */
static gboolean
name_is(const Reading *r, PdfToken t, const char *name)
{
	gsize n = strlen(name);
	return t.kind == PDF_TOKEN_NAME && t.end - t.start == n &&
	       memcmp(r->data + t.start, name, n) == 0;
}

/* The value of key in the dictionary that begins with the token open: its
 * first token, or no_token. */
static PdfToken
dict_get(const Reading *r, PdfToken open, const char *key)
{
	PdfToken k, value;
	for (gsize at = open.end;
	     open.kind == PDF_TOKEN_DICT_OPEN && next_entry(r, &at, &k, &value);)
		if (name_is(r, k, key))
			return value;
	return no_token;
}

/* The first token of object number's value, or no_token. */
static PdfToken
object(Reading *r, gint64 number)
{
	if (number <= 0 || (guint64)number >= r->offsets->len)
		return no_token;
	guint64 slot = g_array_index(r->offsets, guint64, number);
	if (slot == 0 || slot == FREE || slot - 1 >= r->len) {
		unreadable(r, 0, "an object it refers to is missing");
		return no_token;
	}
	gsize at = (gsize)(slot - 1);
	PdfToken n = token(r, at), gen = token(r, n.end), obj = token(r, gen.end);
	if (integer(r, n) != number || integer(r, gen) < 0 || !pdf_token_is(r->data, obj, "obj")) {
		unreadable(r, at, "an object is not where its cross-reference says");
		return no_token;
	}
	return token(r, obj.end);
}

/* The value t, or the object's it refers to. */
static PdfToken
resolved(Reading *r, PdfToken t)
{
	gint64 number = reference(r, t);
	return number > 0 ? object(r, number) : t;
}

/* The stream data after the dictionary that begins with open (its length
 * in *length), or 0 when no stream follows it. */
static gsize
stream_data(Reading *r, PdfToken open, gsize *length)
{
	gsize end = pdf_value_end(r->data, r->len, open);
	PdfToken keyword = end ? token(r, end) : no_token;
	if (!pdf_token_is(r->data, keyword, "stream"))
		return 0;
	gsize at = keyword.end;
	if (at < r->len && r->data[at] == '\r')
		at++;
	if (at < r->len && r->data[at] == '\n')
		at++;
	gint64 n = integer(r, resolved(r, dict_get(r, open, "/Length")));
	if (n < 0 || (guint64)n > r->len - at) {
		unreadable(r, open.start, "a stream's length is wrong");
		return 0;
	}
	*length = (gsize)n;
	return at;
}

/* One cross-reference section and its trailer, at at; the next (older)
 * one's offset in *prev (0: none). */
static gboolean
read_section(Reading *r, gsize at, gint64 *prev)
{
	PdfToken t = token(r, at);
	if (!pdf_token_is(r->data, t, "xref"))
		return unreadable(r, at, "no cross-reference table where the file says");
	for (t = token(r, t.end); !pdf_token_is(r->data, t, "trailer");) {
		PdfToken count = token(r, t.end);
		gint64 first = integer(r, t), n = integer(r, count);
		if (first < 0 || n < 0 || first + n > (1 << 24) || n > (gint64)(r->len / 4))
			return unreadable(r, t.start, "a cross-reference table is damaged");
		if ((guint64)(first + n) > r->offsets->len)
			g_array_set_size(r->offsets, (guint)(first + n));
		t = token(r, count.end);
		for (gint64 k = 0; k < n; k++) {
			PdfToken gen = token(r, t.end), kind = token(r, gen.end);
			gint64 offset = integer(r, t);
			if (offset < 0 || kind.kind != PDF_TOKEN_WORD)
				return unreadable(r, t.start, "a cross-reference table is damaged");
			guint64 *slot = &g_array_index(r->offsets, guint64, first + k);
			if (*slot == 0) /* a later section's entry stands */
				*slot = r->data[kind.start] == 'n' ? (guint64)offset + 1 : FREE;
			t = token(r, kind.end);
		}
	}
	PdfToken trailer = token(r, t.end);
	if (r->root <= 0)
		r->root = reference(r, dict_get(r, trailer, "/Root"));
	if (r->info <= 0)
		r->info = reference(r, dict_get(r, trailer, "/Info"));
	PdfToken p = dict_get(r, trailer, "/Prev");
	*prev = p.kind == PDF_TOKEN_END ? 0 : integer(r, p);
	if (*prev < 0 || (guint64)*prev >= r->len)
		return unreadable(r, p.start, "a cross-reference table is damaged");
	return TRUE;
}

/* The cross-reference sections, from the last back to cairo's. */
static gboolean
read_xref(Reading *r)
{
	if (r->len < 64)
		return unreadable(r, 0, "the file is not a PDF");
	gsize tail = MIN(r->len, 1024);
	const char *at = g_strrstr_len(r->data + r->len - tail, (gssize)tail, "startxref");
	if (!at)
		return unreadable(r, r->len, "the file has no end");
	gint64 offset = integer(r, token(r, (gsize)(at - r->data) + 9));
	for (int sections = 0; offset > 0; sections++) {
		if (sections == 64 || (guint64)offset >= r->len)
			return unreadable(r, (gsize)(at - r->data),
			                  "a cross-reference table is damaged");
		if (!read_section(r, (gsize)offset, &offset))
			return FALSE;
	}
	if (r->root <= 0)
		return unreadable(r, r->len, "the file has no catalogue");
	return TRUE;
}

/* A page of the reading PDF: its content stream's number, and its box,
 * resources and transparency group (where their values begin; 0: none). */
typedef struct {
	gint64 contents;
	gsize box, resources, group;
} Page;

/* The pages under the page tree node number, in order; box and resources
 * are what the nodes above give them. */
static gboolean
collect_pages(Reading *r, gint64 number, gsize box, gsize resources, GArray *pages, int depth)
{
	PdfToken node = object(r, number);
	/* A tree, not a net of nodes that name each other over and over. */
	if (node.kind != PDF_TOKEN_DICT_OPEN || depth > 32 || ++r->nodes > r->offsets->len)
		return unreadable(r, node.start, "the page tree is damaged");
	PdfToken t = dict_get(r, node, "/MediaBox");
	if (t.kind != PDF_TOKEN_END)
		box = t.start;
	t = dict_get(r, node, "/Resources");
	if (t.kind != PDF_TOKEN_END)
		resources = t.start;
	PdfToken kids = resolved(r, dict_get(r, node, "/Kids"));
	if (kids.kind == PDF_TOKEN_ARRAY_OPEN) {
		for (t = token(r, kids.end); t.kind != PDF_TOKEN_ARRAY_CLOSE;) {
			gint64 kid = reference(r, t);
			if (kid <= 0 || !collect_pages(r, kid, box, resources, pages, depth + 1))
				return unreadable(r, t.start, "the page tree is damaged");
			t = token(r, pdf_value_end(r->data, r->len, t));
		}
		return TRUE;
	}
	PdfToken contents = dict_get(r, node, "/Contents");
	t = dict_get(r, node, "/Group");
	Page page = {reference(r, contents), box, resources, t.kind == PDF_TOKEN_END ? 0 : t.start};
	if (page.contents <= 0 || !box)
		return unreadable(r, node.start, "a page's content is not one stream");
	g_array_append_val(pages, page);
	return TRUE;
}

/* The sheets' file as it is written: its objects numbered anew, the
 * reading PDF's copied as they are first referred to. */
typedef struct {
	Reading *r;
	OutputFile *file;
	GString *buf;
	guint64 flushed; /* bytes written before buf */
	GChecksum *md5;  /* of what is written up to the trailer: the file's identifier */
	gboolean failed;
	GArray *offsets;       /* guint64 each of the sheets' objects (number - 1) */
	GHashTable *renamed;   /* the reading PDF's object number -> the sheets' */
	GArray *waiting;       /* gint64: the reading PDF's objects still to copy */
	GHashTable *resources; /* a resource dictionary's text -> its number */
} Sheets;

static void
flush(Sheets *s)
{
	if (s->md5)
		g_checksum_update(s->md5, (const guchar *)s->buf->str, s->buf->len);
	s->failed = s->failed || !output_file_write(s->file, s->buf->str, s->buf->len);
	s->flushed += s->buf->len;
	g_string_truncate(s->buf, 0);
}

static void
put(Sheets *s, const void *data, gsize n)
{
	g_string_append_len(s->buf, (const char *)data, (gssize)n);
	if (s->buf->len >= 1 << 16)
		flush(s);
}

G_GNUC_PRINTF(2, 3)
static void
putf(Sheets *s, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	g_string_append_vprintf(s->buf, format, args);
	va_end(args);
	if (s->buf->len >= 1 << 16)
		flush(s);
}

/* A number for an object of the sheets. */
static gint64
new_number(Sheets *s)
{
	guint64 none = 0;
	g_array_append_val(s->offsets, none);
	return s->offsets->len;
}

/* Object number of the sheets begins here. */
static void
begin_object(Sheets *s, gint64 number)
{
	g_array_index(s->offsets, guint64, number - 1) = s->flushed + s->buf->len;
	putf(s, "%" G_GINT64_FORMAT " 0 obj\n", number);
}

/* The sheets' number for the reading PDF's object number, which is copied
 * in its turn when it is new. */
static gint64
renamed(Sheets *s, gint64 number)
{
	gpointer found = g_hash_table_lookup(s->renamed, GINT_TO_POINTER(number));
	if (found)
		return GPOINTER_TO_INT(found);
	gint64 mine = new_number(s);
	g_hash_table_insert(s->renamed, GINT_TO_POINTER(number), GINT_TO_POINTER(mine));
	g_array_append_val(s->waiting, number);
	return mine;
}

/* The reading PDF's bytes from up to to, each reference renumbered. */
static void
put_renumbered(Sheets *s, gsize from, gsize to)
{
	const char *d = s->r->data;
	gsize copied = from;
	for (PdfToken t = pdf_token(d, to, from); t.kind != PDF_TOKEN_END;) {
		gsize end;
		gint64 number = pdf_reference(d, to, t, &end);
		if (number > 0) {
			put(s, d + copied, t.start - copied);
			putf(s, "%" G_GINT64_FORMAT " 0 R", renamed(s, number));
			copied = end;
			t = pdf_token(d, to, end);
		} else {
			t = pdf_token(d, to, t.end);
		}
	}
	put(s, d + copied, to - copied);
}

/* The value that begins at at, renumbered. */
static gboolean
put_value(Sheets *s, gsize at)
{
	PdfToken t = token(s->r, at);
	gsize end = pdf_value_end(s->r->data, s->r->len, t);
	if (!end)
		return unreadable(s->r, at, "a value does not end");
	put_renumbered(s, t.start, end);
	return TRUE;
}

/* Whether the token is one of the names (a list ending in NULL). */
static gboolean
name_in(const Reading *r, PdfToken t, const char *const *names)
{
	for (; *names; names++)
		if (name_is(r, t, *names))
			return TRUE;
	return FALSE;
}

/* Objects of the reading PDF the sheets must not hold: they lead to the
 * pages, the structure or the links. */
static gboolean
kept_off(Reading *r, PdfToken value)
{
	static const char *const types[] = {"/Page",       "/Pages", "/Catalog", "/StructTreeRoot",
	                                    "/StructElem", "/Annot", NULL};
	return name_in(r, dict_get(r, value, "/Type"), types);
}

/* The entries of the dictionary that begins with open, renumbered, less
 * those named in left (a list ending in NULL). */
static void
put_entries(Sheets *s, PdfToken open, const char *const *left)
{
	PdfToken key, value;
	for (gsize at = open.end; next_entry(s->r, &at, &key, &value);) {
		if (!name_in(s->r, key, left)) {
			put(s, " ", 1);
			put_renumbered(s, key.start, at);
		}
	}
}

/* A stream's length (written out: the reading PDF's is often an object of
 * its own), the end of its dictionary, and its bytes as they are. */
static void
put_stream_data(Sheets *s, const void *bytes, gsize length)
{
	putf(s, "\n   /Length %" G_GSIZE_FORMAT "\n>>\nstream\n", length);
	put(s, bytes, length);
	put(s, "\nendstream\nendobj\n", 18);
}

/* Copies the reading PDF's object number as the sheets' mine. */
static gboolean
copy_object(Sheets *s, gint64 number, gint64 mine)
{
	Reading *r = s->r;
	PdfToken value = object(r, number);
	if (value.kind == PDF_TOKEN_END)
		return unreadable(r, 0, "an object the pages draw is missing");
	if (kept_off(r, value))
		return unreadable(r, value.start, "a page's resources lead back to the pages");
	begin_object(s, mine);
	gsize length = 0,
	      data = value.kind == PDF_TOKEN_DICT_OPEN ? stream_data(r, value, &length) : 0;
	g_autoptr(GByteArray) deflated = NULL;
	if (data && dict_get(r, value, "/Filter").kind == PDF_TOKEN_END && length > 64)
		deflated = pdf_contents_deflate(r->data + data, length);
	if (deflated) { /* cairo leaves a few small forms uncompressed */
		static const char *const left[] = {"/Length", "/DecodeParms", NULL};
		put(s, "<< /Filter /FlateDecode", 23);
		put_entries(s, value, left);
		put_stream_data(s, deflated->data, deflated->len);
	} else if (data) {
		static const char *const left[] = {"/Length", NULL};
		put(s, "<<", 2);
		put_entries(s, value, left);
		put_stream_data(s, r->data + data, length);
	} else if (put_value(s, value.start)) {
		put(s, "\nendobj\n", 8);
	}
	return !r->why;
}

/* The reading PDF's objects referred to and not yet copied. */
static gboolean
copy_waiting(Sheets *s)
{
	for (guint i = 0; i < s->waiting->len; i++) {
		gint64 number = g_array_index(s->waiting, gint64, i);
		gint64 mine =
		    GPOINTER_TO_INT(g_hash_table_lookup(s->renamed, GINT_TO_POINTER(number)));
		if (!copy_object(s, number, mine))
			return FALSE;
	}
	g_array_set_size(s->waiting, 0);
	return TRUE;
}

/* A page's resources: cairo writes a dictionary a page, most alike (the
 * same fonts and states); the sheets hold each once. */
static void
put_resources(Sheets *s, gsize at)
{
	Reading *r = s->r;
	PdfToken t = token(r, at);
	gint64 number = reference(r, t);
	PdfToken value = number > 0 ? object(r, number) : no_token;
	gsize end = pdf_value_end(r->data, r->len, value);
	if (!end) {
		put_value(s, at);
		return;
	}
	g_autofree char *text = g_strndup(r->data + value.start, end - value.start);
	gpointer mine = g_hash_table_lookup(s->resources, text);
	if (!mine) {
		mine = GINT_TO_POINTER(renamed(s, number));
		g_hash_table_insert(s->resources, g_steal_pointer(&text), mine);
	}
	putf(s, "%d 0 R", GPOINTER_TO_INT(mine));
}

/* A page as a form of the sheets': its content stream's dictionary (less
 * what a form says itself) and bytes, its box, resources and group. */
static gint64
put_form(Sheets *s, const Page *page)
{
	Reading *r = s->r;
	PdfToken dict = object(r, page->contents);
	gsize length = 0,
	      data = dict.kind == PDF_TOKEN_DICT_OPEN ? stream_data(r, dict, &length) : 0;
	if (!data) {
		unreadable(r, dict.start, "a page's content is not a stream");
		return 0;
	}
	gint64 mine = new_number(s);
	begin_object(s, mine);
	put(s, "<< /Type /XObject /Subtype /Form", 32);
	static const char *const own[] = {"/Type",  "/Subtype", "/BBox", "/Resources",
	                                  "/Group", "/Length",  NULL};
	put_entries(s, dict, own);
	put(s, "\n   /BBox ", 10);
	put_value(s, page->box);
	if (page->resources) {
		put(s, "\n   /Resources ", 15);
		put_resources(s, page->resources);
	}
	if (page->group) {
		put(s, "\n   /Group ", 11);
		put_value(s, page->group);
	}
	put_stream_data(s, r->data + data, length);
	return r->why ? 0 : mine;
}

/* One side of a sheet: the forms of its two pages (0: a blank page that
 * pads the book), and the marks. */
static gint64
put_side(Sheets *s, const Style *st, const SheetLayout *l, gint64 pages, gint64 left, gint64 right)
{
	g_autoptr(GString) ops = g_string_new(NULL);
	GString *xobjects = g_string_new(NULL);
	double y = l->sheet_height - l->y - st->page_height;
	if (left) {
		g_string_append_printf(xobjects, " /L %" G_GINT64_FORMAT " 0 R", left);
		g_string_append_printf(ops, "q 1 0 0 1 %.2f %.2f cm /L Do Q\n", l->x, y);
	}
	if (right) {
		g_string_append_printf(xobjects, " /R %" G_GINT64_FORMAT " 0 R", right);
		g_string_append_printf(ops, "q 1 0 0 1 %.2f %.2f cm /R Do Q\n",
		                       l->x + st->page_width, y);
	}
	if (st->crop_marks)
		add_marks(ops, st, l);
	gint64 contents = new_number(s), side = new_number(s);
	begin_object(s, contents);
	put(s, "<<", 2);
	put_stream_data(s, ops->str, ops->len);
	begin_object(s, side);
	putf(s,
	     "<< /Type /Page /Parent %" G_GINT64_FORMAT " 0 R /MediaBox [0 0 %.2f %.2f]\n"
	     "   /Resources << /XObject <<%s >> >>\n   /Contents %" G_GINT64_FORMAT " 0 R >>\n"
	     "endobj\n",
	     pages, l->sheet_width, l->sheet_height, xobjects->str, contents);
	g_string_free(xobjects, TRUE);
	return side;
}

/* The reading PDF's pages that were read leave this process's memory as
 * the sheets are written: each part is read once or twice, and a page
 * read again comes back from the system's file cache. Else what was read
 * of the file would count in the build's peak memory. */
static void
release_read(const Reading *r)
{
	madvise((void *)r->data, r->len, MADV_DONTNEED);
}

/* The sheets of the reading PDF's pages, written into s. Returns how many
 * sheets, or -1. */
static int
put_sheets(Sheets *s, const Style *st, const SheetLayout *l)
{
	Reading *r = s->r;
	g_autoptr(GArray) pages = g_array_new(FALSE, FALSE, sizeof(Page));
	PdfToken catalog = object(r, r->root);
	gint64 tree = reference(r, dict_get(r, catalog, "/Pages"));
	if (tree <= 0 || !collect_pages(r, tree, 0, 0, pages, 0))
		return unreadable(r, catalog.start, "the file has no pages"), -1;
	/* The version, from the reading PDF's first line. */
	gsize version = r->len > 8 && memcmp(r->data, "%PDF-1.", 7) == 0 ? 8 : 0;
	putf(s, "%%PDF-1.%c\n%%\xb5\xed\xae\xfb\n", version ? r->data[7] : '7');
	gint64 root = new_number(s), tree_mine = new_number(s);
	g_autofree gint64 *form = g_new0(gint64, MAX(pages->len, 1));
	for (guint i = 0; i < pages->len; i++) {
		form[i] = put_form(s, &g_array_index(pages, Page, i));
		if (!form[i] || !copy_waiting(s))
			return -1;
		if (i % 256 == 255)
			release_read(r);
	}
	int n = (int)pages->len, sheets = (n + 3) / 4;
	g_autoptr(GString) kids = g_string_new(NULL);
	for (int sheet = 0; sheet < sheets; sheet++) {
		for (int back = 0; back < 2; back++) {
			int left = pdf_impose_page(n, sheet, back, FALSE);
			int right = pdf_impose_page(n, sheet, back, TRUE);
			gint64 side = put_side(s, st, l, tree_mine, left <= n ? form[left - 1] : 0,
			                       right <= n ? form[right - 1] : 0);
			g_string_append_printf(kids, " %" G_GINT64_FORMAT " 0 R", side);
		}
	}
	begin_object(s, tree_mine);
	putf(s, "<< /Type /Pages /Count %d /Kids [%s ] >>\nendobj\n", 2 * sheets, kids->str);
	/* The title, author and date; the language. */
	begin_object(s, root);
	putf(s, "<< /Type /Catalog /Pages %" G_GINT64_FORMAT " 0 R", tree_mine);
	PdfToken lang = dict_get(r, catalog, "/Lang");
	if (lang.kind == PDF_TOKEN_STRING || lang.kind == PDF_TOKEN_HEX) {
		put(s, " /Lang ", 7);
		put(s, r->data + lang.start, lang.end - lang.start);
	}
	put(s, " >>\nendobj\n", 11);
	gint64 info = r->info > 0 ? renamed(s, r->info) : 0;
	if (!copy_waiting(s))
		return -1;
	/* The cross-reference table, and the trailer with the file's
	 * identifier: what was written before it, digested. */
	guint64 xref = s->flushed + s->buf->len;
	putf(s, "xref\n0 %u\n0000000000 65535 f \n", s->offsets->len + 1);
	for (guint i = 0; i < s->offsets->len; i++)
		putf(s, "%010" G_GUINT64_FORMAT " 00000 n \n",
		     g_array_index(s->offsets, guint64, i));
	flush(s);
	g_autofree char *id = g_strdup(g_checksum_get_string(s->md5));
	g_clear_pointer(&s->md5, g_checksum_free);
	putf(s, "trailer\n<< /Size %u /Root %" G_GINT64_FORMAT " 0 R", s->offsets->len + 1, root);
	if (info)
		putf(s, " /Info %" G_GINT64_FORMAT " 0 R", info);
	putf(s, " /ID [<%s><%s>] >>\nstartxref\n%" G_GUINT64_FORMAT "\n%%%%EOF\n", id, id, xref);
	flush(s);
	return sheets;
}

gboolean
pdf_impose(const Style *st, const char *reading, const char *path, Diag *diag, guint *sheets)
{
	SheetLayout l = sheet_layout(st, path, diag);
	g_autoptr(GError) error = NULL;
	g_autoptr(GMappedFile) map = g_mapped_file_new(reading, FALSE, &error);
	if (!map) {
		diag_error(diag, path, 0, 0, NULL, "cannot impose the sheets: %s", error->message);
		return FALSE;
	}
	Reading r = {.data = g_mapped_file_get_contents(map),
	             .len = g_mapped_file_get_length(map),
	             .offsets = g_array_new(FALSE, TRUE, sizeof(guint64))};
	gboolean ok = FALSE;
	OutputFile *file = read_xref(&r) ? output_file_open(path, diag) : NULL;
	if (file) {
		Sheets s = {.r = &r,
		            .file = file,
		            .buf = g_string_sized_new(1 << 17),
		            .md5 = g_checksum_new(G_CHECKSUM_MD5),
		            .offsets = g_array_new(FALSE, FALSE, sizeof(guint64)),
		            .renamed = g_hash_table_new(NULL, NULL),
		            .waiting = g_array_new(FALSE, FALSE, sizeof(gint64)),
		            .resources =
		                g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL)};
		int count = put_sheets(&s, st, &l);
		g_string_free(s.buf, TRUE);
		g_clear_pointer(&s.md5, g_checksum_free);
		g_array_unref(s.offsets);
		g_hash_table_unref(s.renamed);
		g_array_unref(s.waiting);
		g_hash_table_unref(s.resources);
		/* A failed write is said by output_file_finish. */
		ok = output_file_finish(file, count >= 0, diag);
		*sheets = (guint)MAX(count, 0);
	}
	if (r.why)
		diag_error(diag, path, 0, 0, NULL,
		           "cannot impose the sheets: %s: %s (at byte %" G_GSIZE_FORMAT ")",
		           reading, r.why, r.where);
	g_array_unref(r.offsets);
	release_read(&r);
	return ok;
}
