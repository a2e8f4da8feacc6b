#include "pdf/style.h"
#include "pdf/writer.h"
#include "testutil.h"

/* Folded, the sheets of a saddle-stitched book read: the right half of
 * each sheet's front and the left half of its back, going in, then the
 * right half of each back and the left half of each front, coming out. The
 * imposition must give 1, 2, ..., n (then blanks) in that reading order. */
static void
test_saddle_order(void)
{
	static const int sizes[] = {1, 4, 5, 8, 13, 60, 61};
	for (gsize k = 0; k < G_N_ELEMENTS(sizes); k++) {
		int n = sizes[k], sheets = (n + 3) / 4;
		GArray *order = g_array_new(FALSE, FALSE, sizeof(int));
		for (int s = 0; s < sheets; s++) {
			int a = pdf_impose_page(n, s, FALSE, TRUE),
			    b = pdf_impose_page(n, s, TRUE, FALSE);
			g_array_append_val(order, a);
			g_array_append_val(order, b);
		}
		for (int s = sheets - 1; s >= 0; s--) {
			int a = pdf_impose_page(n, s, TRUE, TRUE),
			    b = pdf_impose_page(n, s, FALSE, FALSE);
			g_array_append_val(order, a);
			g_array_append_val(order, b);
		}
		g_assert_cmpuint(order->len, ==, (guint)(4 * sheets));
		for (guint i = 0; i < order->len; i++)
			if (g_array_index(order, int, i) != (int)i + 1)
				g_error("%d pages: position %u holds page %d", n, i + 1,
				        g_array_index(order, int, i));
		g_array_unref(order);
	}
}

/* A PDF of the objects given (object i + 1 is objects[i]; a stream's
 * dictionary and data in one), its cross-reference table and trailer
 * (extra: what else it says) written as they should be. */
static GString *
make_pdf(const char *const *objects, guint n, const char *extra)
{
	GString *pdf = g_string_new("%PDF-1.5\n%\xb5\xed\xae\xfb\n");
	g_autofree gsize *offsets = g_new0(gsize, n);
	for (guint i = 0; i < n; i++) {
		offsets[i] = pdf->len;
		g_string_append_printf(pdf, "%u 0 obj\n%s\nendobj\n", i + 1, objects[i]);
	}
	gsize xref = pdf->len;
	g_string_append_printf(pdf, "xref\n0 %u\n0000000000 65535 f \n", n + 1);
	for (guint i = 0; i < n; i++)
		g_string_append_printf(pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", offsets[i]);
	g_string_append_printf(
	    pdf,
	    "trailer\n<< /Size %u /Root 1 0 R /Info 3 0 R%s >>\nstartxref\n%" G_GSIZE_FORMAT
	    "\n%%%%EOF\n",
	    n + 1, extra ? extra : "", xref);
	return pdf;
}

/* Five pages, each its own content stream, sharing one font through
 * resource dictionaries alike; the font's widths an indirect array. */
static const char *const book[] = {
    "<< /Type /Catalog /Pages 2 0 R /Lang (el) >>",
    "<< /Type /Pages /Count 5 /Kids [ 4 0 R 6 0 R 8 0 R 10 0 R 12 0 R ] >>",
    "<< /Title (A book) >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 420 595 ] /Contents 5 0 R /Resources 14 0 R "
    "/Annots [ 16 0 R ] >>",
    "<< /Length 26 >>\nstream\nBT /F1 12 Tf (one) Tj ET\n\nendstream",
    "<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 420 595 ] /Contents 7 0 R /Resources 15 0 R "
    ">>",
    "<< /Length 26 >>\nstream\nBT /F1 12 Tf (two) Tj ET\n\nendstream",
    "<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 420 595 ] /Contents 9 0 R /Resources 14 0 R "
    ">>",
    "<< /Length 17 0 R >>\nstream\nBT /F1 12 Tf (three) Tj ET\nendstream",
    "<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 420 595 ] /Contents 11 0 R /Resources 15 0 R "
    ">>",
    "<< /Length 27 >>\nstream\nBT /F1 12 Tf (four) Tj ET\n\nendstream",
    "<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 420 595 ] /Contents 13 0 R /Resources 14 0 R "
    ">>",
    "<< /Length 27 >>\nstream\nBT /F1 12 Tf (five) Tj ET\n\nendstream",
    "<< /Font << /F1 18 0 R >> >>",
    "<< /Font << /F1 18 0 R >> >>",
    "<< /Type /Annot /Subtype /Link /P 4 0 R /Rect [ 0 0 1 1 ] >>",
    "28",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Widths 19 0 R (not 4 0 R) >>",
    "[ 500 500 ]",
};

/* Imposes the PDF text (NULL: the file is not made); returns whether the
 * sheets were made, the diagnostics in *said and the sheets' bytes in
 * *sheets (NULL when there is no file). */
static gboolean
impose_text(const GString *text, char **said, char **sheets)
{
	g_autofree char *dir = g_dir_make_tmp("folio-impose-XXXXXX", NULL);
	g_autofree char *reading = g_build_filename(dir, "book.pdf", NULL);
	g_autofree char *print = g_build_filename(dir, "book-print.pdf", NULL);
	if (text)
		g_assert_true(g_file_set_contents(reading, text->str, (gssize)text->len, NULL));
	Captured c;
	captured_init(&c);
	g_auto(Style) st = {0};
	g_assert_true(style_load(&st, NULL, &c.diag));
	guint count = 0;
	gboolean ok = pdf_impose(&st, reading, print, &c.diag, &count);
	*said = g_strdup(captured_text(&c));
	captured_clear(&c);
	*sheets = NULL;
	g_file_get_contents(print, sheets, NULL, NULL);
	g_assert_true(!ok || count == 2);
	/* Nothing but the sheets is left in the folder. */
	g_remove(reading);
	g_remove(print);
	g_assert_cmpint(g_rmdir(dir), ==, 0);
	return ok;
}

static guint
count(const char *text, const char *what)
{
	guint n = 0;
	for (const char *at = text; (at = strstr(at, what)); at++)
		n++;
	return n;
}

static void
test_sheets(void)
{
	g_autoptr(GString) pdf = make_pdf(book, G_N_ELEMENTS(book), NULL);
	g_autofree char *said = NULL, *sheets = NULL;
	g_assert_true(impose_text(pdf, &said, &sheets));
	g_assert_cmpstr(said, ==, "");
	g_assert_nonnull(sheets);
	g_assert_true(g_str_has_prefix(sheets, "%PDF-1.5\n"));
	/* Each page a form, its content copied as it was. */
	g_assert_cmpuint(count(sheets, "/Subtype /Form"), ==, 5);
	static const char *const words[] = {"(one)", "(two)", "(three)", "(four)", "(five)"};
	for (guint i = 0; i < G_N_ELEMENTS(words); i++)
		g_assert_cmpuint(count(sheets, words[i]), ==, 1);
	/* Two sheets, both sides; the resource dictionaries alike held once,
	 * the font once; the link and the pages' tree left behind. */
	g_assert_cmpuint(count(sheets, "/Type /Page "), ==, 4);
	g_assert_cmpuint(count(sheets, "/Count 4"), ==, 1);
	g_assert_cmpuint(count(sheets, "/Font << /F1"), ==, 1);
	g_assert_cmpuint(count(sheets, "/BaseFont /Helvetica"), ==, 1);
	g_assert_cmpuint(count(sheets, "[ 500 500 ]"), ==, 1);
	g_assert_cmpuint(count(sheets, "/Annot"), ==, 0);
	g_assert_cmpuint(count(sheets, "(not 4 0 R)"), ==, 1); /* a string is no reference */
	g_assert_cmpuint(count(sheets, "/Title (A book)"), ==, 1);
	g_assert_cmpuint(count(sheets, "/Lang (el)"), ==, 1);
	g_assert_nonnull(strstr(sheets, "/ID [<"));
	g_assert_true(g_str_has_suffix(sheets, "%%EOF\n"));
	/* The same reading PDF gives the same sheets, byte for byte. */
	g_autofree char *said2 = NULL, *again = NULL;
	g_assert_true(impose_text(pdf, &said2, &again));
	g_assert_cmpstr(sheets, ==, again);
}

/* A reading PDF that cannot be read is said, and no sheets are written:
 * never a crash, a hang or half a file. */
static void
test_unreadable(void)
{
	const char *objects[G_N_ELEMENTS(book)];
	struct {
		guint object;
		const char *text, *extra;
		gsize cut; /* the file cut to this many bytes */
		const char *why;
	} cases[] = {
	    {0, NULL, NULL, 0, "No such file"},
	    {0, NULL, NULL, 40, "not a PDF"},
	    {0, NULL, NULL, 900, "has no end"},
	    {2, "<< /Type /Pages /Count 1 /Kids [ 2 0 R ] >>", NULL, 0, "page tree"},
	    {2, "<< /Type /Pages /Count 1 /Kids [ 4 0 R 99 0 R ] >>", NULL, 0, "page tree"},
	    {4, "<< /Type /Page /MediaBox [ 0 0 1 1 ] /Contents [ 5 0 R ] >>", NULL, 0,
	     "not one stream"},
	    {5, "<< /Length 99999 >>\nstream\nBT ET\nendstream", NULL, 0, "length"},
	    {14, "<< /Font << /F1 18 0 R >> /Back 4 0 R >>", NULL, 0, "lead back to the pages"},
	    {18, "<< /Widths [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ 1",
	     NULL, 0, "does not end"},
	    {0, NULL, " /Prev 9", 0, "cross-reference table"},
	};
	for (guint k = 0; k < G_N_ELEMENTS(cases); k++) {
		memcpy(objects, book, sizeof book);
		if (cases[k].object)
			objects[cases[k].object - 1] = cases[k].text;
		g_autoptr(GString) pdf = make_pdf(objects, G_N_ELEMENTS(book), cases[k].extra);
		if (cases[k].cut)
			g_string_truncate(pdf, cases[k].cut);
		if (cases[k].extra) { /* /Prev at the file's own table: a loop */
			g_autofree char *at = g_strdup_printf(
			    "%" G_GSIZE_FORMAT, (gsize)(strstr(pdf->str, "xref\n") - pdf->str));
			char *prev = strstr(pdf->str, "/Prev 9");
			g_string_insert(pdf, prev + 6 - pdf->str, at);
		}
		g_autofree char *said = NULL, *sheets = NULL;
		gboolean ok = impose_text(k == 0 ? NULL : pdf, &said, &sheets);
		if (ok || sheets || !strstr(said, "cannot impose the sheets") ||
		    !strstr(said, cases[k].why))
			g_error("case %u: ok %d, sheets %s, said: %s", k, ok,
			        sheets ? "made" : "none", said);
	}
}

/* A page tree of 30 nodes, each naming the next twice: 2^29 pages to
 * walk, said at once. */
static void
test_page_net(void)
{
	enum { LEVELS = 30 };
	const char *objects[LEVELS + 4];
	g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func(g_free);
	objects[0] = "<< /Type /Catalog /Pages 2 0 R >>";
	objects[2] = "<< >>";
	objects[1] = "<< /Type /Pages /Kids [ 4 0 R 4 0 R ] >>";
	for (guint i = 3; i < LEVELS + 2; i++) {
		char *text =
		    g_strdup_printf("<< /Type /Pages /Kids [ %u 0 R %u 0 R ] >>", i + 2, i + 2);
		g_ptr_array_add(texts, text);
		objects[i] = text;
	}
	objects[LEVELS + 2] = "<< /Type /Page /MediaBox [ 0 0 1 1 ] /Contents 34 0 R >>";
	objects[LEVELS + 3] = "<< /Length 5 >>\nstream\nBT ET\nendstream";
	g_autoptr(GString) pdf = make_pdf(objects, G_N_ELEMENTS(objects), NULL);
	g_autofree char *said = NULL, *sheets = NULL;
	g_assert_false(impose_text(pdf, &said, &sheets));
	g_assert_null(sheets);
	g_assert_nonnull(strstr(said, "the page tree is damaged"));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/impose/saddle-order", test_saddle_order);
	g_test_add_func("/impose/sheets", test_sheets);
	g_test_add_func("/impose/unreadable", test_unreadable);
	g_test_add_func("/impose/page-net", test_page_net);
	return g_test_run();
}
