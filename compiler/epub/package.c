/* The files around the content documents: the package document (metadata,
 * manifest, spine), nav.xhtml with the contents and landmarks, toc.ncx for
 * older readers, the cover page and META-INF/container.xml. */
#include "epub_private.h"

#include "../output.h"

#include <string.h>

static void
add_string(EpubWriter *w, const char *name, GString *text)
{
	epub_add_file(w, name, g_string_free_to_bytes(text));
}

/* A stable identifier: the same site (and edition) always gets the same one,
 * so readers treat a new build as the same book. */
static char *
book_identifier(const Site *site)
{
	g_autofree char *key =
	    g_strdup_printf("folio\n%s\n%s\n%s\n%s", site->title, site->url ? site->url : "",
	                    site->baseurl ? site->baseurl : "", site->edition ? site->edition : "");
	g_autofree char *hex = g_compute_checksum_for_string(G_CHECKSUM_SHA1, key, -1);
	/* Shaped as a name-based (version 5) UUID. */
	return g_strdup_printf("urn:uuid:%.8s-%.4s-5%.3s-%c%.3s-%.12s", hex, hex + 8, hex + 13,
	                       "89ab"[g_ascii_xdigit_value(hex[16]) & 3], hex + 17, hex + 20);
}

static void
add_cover(EpubWriter *w)
{
	const Site *site = w->site;
	GString *out = g_string_new(NULL);
	epub_xhtml_head(w, out, site->title);
	g_string_append(out, "<body class=\"cover\">\n<section epub:type=\"titlepage\">\n"
	                     "<h1 class=\"book-title\">");
	epub_xml_text(out, site->title);
	g_string_append(out, "</h1>\n");
	if (site->description) {
		g_string_append(out, "<p class=\"book-description\">");
		epub_xml_text(out, site->description);
		g_string_append(out, "</p>\n");
	}
	if (site->edition) {
		g_string_append(out, "<p class=\"book-edition\">");
		epub_xml_text(out, w->words->edition);
		g_string_append_c(out, ' ');
		epub_xml_text(out, site->edition);
		g_string_append(out, "</p>\n");
	}
	const char *by = site->publisher ? site->publisher : site->author;
	if (by) {
		g_string_append(out, "<p class=\"book-publisher\">");
		epub_xml_text(out, by);
		g_string_append(out, "</p>\n");
	}
	g_string_append(out, "</section>\n</body>\n</html>\n");
	add_string(w, "OEBPS/cover.xhtml", out);
}

/* The colophon: the same lines as the PDF's last page. */
static void
add_colophon(EpubWriter *w, gint64 build_time)
{
	GString *out = g_string_new(NULL);
	g_auto(GStrv) lines = output_colophon(w->site, build_time);
	epub_xhtml_head(w, out, lines[0]);
	g_string_append(out, "<body>\n<section class=\"colophon\" epub:type=\"colophon\" "
	                     "role=\"doc-colophon\">\n");
	for (char **line = lines; *line; line++) {
		g_string_append(out, "<p>");
		epub_xml_text(out, *line);
		g_string_append(out, "</p>\n");
	}
	g_string_append(out, "</section>\n</body>\n</html>\n");
	add_string(w, "OEBPS/colophon.xhtml", out);
}

/* The navigation tree as nested lists, page by page. */
static void
nav_list(EpubWriter *w, GString *out, GPtrArray *pages, int depth)
{
	g_string_append_printf(out, "%*s<ol>\n", 2 * depth, "");
	for (guint i = 0; i < pages->len; i++) {
		const SitePage *p = g_ptr_array_index(pages, i);
		g_string_append_printf(out, "%*s<li><a href=\"%s\">", 2 * depth + 1, "",
		                       epub_page_href(w, p));
		epub_xml_text(out, p->title);
		g_string_append(out, "</a>");
		if (p->nav_children->len) {
			g_string_append_c(out, '\n');
			nav_list(w, out, p->nav_children, depth + 1);
			g_string_append_printf(out, "%*s", 2 * depth + 1, "");
		}
		g_string_append(out, "</li>\n");
	}
	g_string_append_printf(out, "%*s</ol>\n", 2 * depth, "");
}

/* The printed booklet's page numbers, each leading to the marker where its
 * page begins, so that "page 12" means the same on paper and on screen. */
static void
page_list(EpubWriter *w, GString *out)
{
	const GArray *pages = w->page_list;
	if (!pages->len)
		return;
	g_string_append(out, "<nav epub:type=\"page-list\" id=\"page-list\" role=\"doc-pagelist\" "
	                     "hidden=\"hidden\">\n<h2>");
	epub_xml_text(out, w->words->pages);
	g_string_append(out, "</h2>\n<ol>\n");
	for (guint i = 0; i < pages->len; i++) {
		const BookPrintPage *at = &g_array_index(pages, BookPrintPage, i);
		g_autofree char *id = epub_page_break_id(at->number);
		g_string_append_printf(out, "<li><a href=\"%s#%s\">%d</a></li>\n",
		                       epub_page_href(w, at->page), id, at->number);
	}
	g_string_append(out, "</ol>\n</nav>\n");
}

static void
add_nav(EpubWriter *w)
{
	GString *out = g_string_new(NULL);
	const char *contents = w->words->contents;
	epub_xhtml_head(w, out, contents);
	g_string_append(out, "<body>\n<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">\n<h1>");
	epub_xml_text(out, contents);
	g_string_append(out, "</h1>\n");
	nav_list(w, out, w->site->top, 0);
	g_string_append(out,
	                "</nav>\n<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n"
	                "<h2>");
	epub_xml_text(out, w->words->landmarks);
	g_string_append(out, "</h2>\n<ol>\n<li><a epub:type=\"cover\" href=\"cover.xhtml\">");
	epub_xml_text(out, w->words->cover);
	g_string_append(out, "</a></li>\n<li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">");
	epub_xml_text(out, contents);
	g_string_append(out, "</a></li>\n");
	if (w->site->book->len) {
		g_string_append_printf(out, "<li><a epub:type=\"bodymatter\" href=\"%s\">",
		                       epub_page_href(w, g_ptr_array_index(w->site->book, 0)));
		epub_xml_text(out, w->words->start_of_content);
		g_string_append(out, "</a></li>\n");
	}
	g_string_append(out, "</ol>\n</nav>\n");
	page_list(w, out);
	g_string_append(out, "</body>\n</html>\n");
	add_string(w, "OEBPS/nav.xhtml", out);
}

static void
ncx_points(EpubWriter *w, GString *out, GPtrArray *pages, GHashTable *play_order, int *count)
{
	for (guint i = 0; i < pages->len; i++) {
		const SitePage *p = g_ptr_array_index(pages, i);
		int n = ++*count;
		g_string_append_printf(out,
		                       "<navPoint id=\"np%d\" playOrder=\"%d\"><navLabel><text>", n,
		                       GPOINTER_TO_INT(g_hash_table_lookup(play_order, p)));
		epub_xml_text(out, p->title);
		g_string_append_printf(out, "</text></navLabel><content src=\"%s\"/>\n",
		                       epub_page_href(w, p));
		ncx_points(w, out, p->nav_children, play_order, count);
		g_string_append(out, "</navPoint>\n");
	}
}

static int
tree_depth(GPtrArray *pages)
{
	int depth = 0;
	for (guint i = 0; i < pages->len; i++) {
		const SitePage *p = g_ptr_array_index(pages, i);
		depth = MAX(depth, 1 + tree_depth(p->nav_children));
	}
	return depth;
}

static void
add_ncx(EpubWriter *w, const char *identifier)
{
	GString *out =
	    g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                 "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\">\n"
	                 "<head>\n<meta name=\"dtb:uid\" content=\"");
	epub_xml_attr(out, identifier);
	const GArray *pages = w->page_list;
	int last = pages->len ? g_array_index(pages, BookPrintPage, pages->len - 1).number : 0;
	g_string_append_printf(out,
	                       "\"/>\n<meta name=\"dtb:depth\" content=\"%d\"/>\n"
	                       "<meta name=\"dtb:totalPageCount\" content=\"%u\"/>\n"
	                       "<meta name=\"dtb:maxPageNumber\" content=\"%d\"/>\n</head>\n"
	                       "<docTitle><text>",
	                       MAX(1, tree_depth(w->site->top)), pages->len, last);
	epub_xml_text(out, w->site->title);
	g_string_append(out, "</text></docTitle>\n<navMap>\n");
	/* The reading order the NCX numbers: each page of the site, then the
	 * printed pages that begin in it. */
	g_autoptr(GHashTable) play_order = g_hash_table_new(g_direct_hash, g_direct_equal);
	g_autofree int *break_order = g_new0(int, pages->len + 1);
	int order = 0;
	guint next = 0;
	for (guint i = 0; i < w->site->book->len; i++) {
		const SitePage *page = g_ptr_array_index(w->site->book, i);
		g_hash_table_insert(play_order, (gpointer)page, GINT_TO_POINTER(++order));
		while (next < pages->len && g_array_index(pages, BookPrintPage, next).page == page)
			break_order[next++] = ++order;
	}
	int count = 0;
	ncx_points(w, out, w->site->top, play_order, &count);
	g_string_append(out, "</navMap>\n");
	/* The printed pages again, for readers that only know EPUB 2's NCX. */
	if (pages->len) {
		g_string_append(out, "<pageList>\n<navLabel><text>");
		epub_xml_text(out, w->words->pages);
		g_string_append(out, "</text></navLabel>\n");
		for (guint i = 0; i < pages->len; i++) {
			const BookPrintPage *at = &g_array_index(pages, BookPrintPage, i);
			g_autofree char *id = epub_page_break_id(at->number);
			g_string_append_printf(
			    out,
			    "<pageTarget id=\"pt%u\" type=\"normal\" value=\"%d\" "
			    "playOrder=\"%d\"><navLabel><text>%d</text></navLabel>"
			    "<content src=\"%s#%s\"/></pageTarget>\n",
			    i + 1, at->number, break_order[i], at->number,
			    epub_page_href(w, at->page), id);
		}
		g_string_append(out, "</pageList>\n");
	}
	g_string_append(out, "</ncx>\n");
	add_string(w, "OEBPS/toc.ncx", out);
}

static void
meta(GString *out, const char *property, const char *value)
{
	g_string_append_printf(out, "<meta property=\"%s\">", property);
	epub_xml_text(out, value);
	g_string_append(out, "</meta>\n");
}

static void
dc(GString *out, const char *element, const char *value)
{
	if (!value || !*value)
		return;
	g_string_append_printf(out, "<dc:%s>", element);
	epub_xml_text(out, value);
	g_string_append_printf(out, "</dc:%s>\n", element);
}

static void
add_opf(EpubWriter *w, const char *identifier, gint64 build_time)
{
	const Site *site = w->site;
	g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc(build_time);
	g_autofree char *modified = g_date_time_format(when, "%Y-%m-%dT%H:%M:%SZ");

	GString *out =
	    g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                 "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
	                 "unique-identifier=\"book-id\" xml:lang=\"");
	epub_xml_attr(out, w->lang);
	g_string_append(out, "\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
	                     "<dc:identifier id=\"book-id\">");
	epub_xml_text(out, identifier);
	g_string_append(out, "</dc:identifier>\n");
	dc(out, "title", site->title);
	dc(out, "language", w->lang);
	dc(out, "creator", site->author);
	dc(out, "publisher", site->publisher);
	dc(out, "description", site->description);
	/* A page list says which printed pages it follows (EPUB Accessibility
	 * 1.1: the page source). */
	if (w->page_source) {
		g_string_append(out, "<dc:source id=\"page-source\">");
		epub_xml_text(out, w->page_source);
		g_string_append(out, "</dc:source>\n<meta refines=\"#page-source\" "
		                     "property=\"source-of\">pagination</meta>\n");
	}
	meta(out, "dcterms:modified", modified);
	if (site->edition)
		meta(out, "schema:bookEdition", site->edition);
	/* Accessibility: what a reader needs to know before opening the book. */
	meta(out, "schema:accessMode", "textual");
	if (w->images->len)
		meta(out, "schema:accessMode", "visual");
	meta(out, "schema:accessModeSufficient", w->images_lack_alt ? "textual,visual" : "textual");
	meta(out, "schema:accessibilityFeature", "structuralNavigation");
	meta(out, "schema:accessibilityFeature", "tableOfContents");
	meta(out, "schema:accessibilityFeature", "readingOrder");
	if (w->page_list->len) {
		meta(out, "schema:accessibilityFeature", "pageBreakMarkers");
		meta(out, "schema:accessibilityFeature", "pageNavigation");
	}
	if (w->images->len && !w->images_lack_alt)
		meta(out, "schema:accessibilityFeature", "alternativeText");
	meta(out, "schema:accessibilityHazard", "none");
	/* WCAG 2.1 AA as folio can tell it (every image described, every page
	 * and link named, header cells scoped, callouts in contrast): claimed
	 * only when true of this book. No one has certified it. */
	if (!w->images_lack_alt)
		meta(out, "dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA");
	meta(out, "schema:accessibilitySummary",
	     w->images_lack_alt ? w->words->summary_some_undescribed
	                        : w->words->summary_all_described);
	g_string_append(
	    out, "</metadata>\n<manifest>\n"
	         "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" "
	         "properties=\"nav\"/>\n"
	         "<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n"
	         "<item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n"
	         "<item id=\"cover\" href=\"cover.xhtml\" media-type=\"application/xhtml+xml\"/>\n"
	         "<item id=\"colophon\" href=\"colophon.xhtml\" "
	         "media-type=\"application/xhtml+xml\"/>\n");
	for (guint i = 0; i < site->book->len; i++)
		g_string_append_printf(
		    out, "<item id=\"p%u\" href=\"%s\" media-type=\"application/xhtml+xml\"/>\n",
		    i + 1, epub_page_href(w, g_ptr_array_index(site->book, i)));
	for (guint i = 0; i < w->images->len; i++) {
		const EpubImage *image = g_ptr_array_index(w->images, i);
		g_string_append_printf(out, "<item id=\"img%u\" href=\"%s\" media-type=\"%s\"/>\n",
		                       i + 1, image->href, image->media_type);
	}
	g_string_append(out, "</manifest>\n<spine toc=\"ncx\">\n<itemref idref=\"cover\"/>\n"
	                     "<itemref idref=\"nav\"/>\n");
	for (guint i = 0; i < site->book->len; i++)
		g_string_append_printf(out, "<itemref idref=\"p%u\"/>\n", i + 1);
	g_string_append(out, "<itemref idref=\"colophon\"/>\n");
	g_string_append(out, "</spine>\n</package>\n");
	add_string(w, "OEBPS/content.opf", out);
}

void
epub_add_package(EpubWriter *w, gint64 build_time)
{
	g_autofree char *identifier = book_identifier(w->site);
	add_cover(w);
	add_colophon(w, build_time);
	add_nav(w);
	add_ncx(w, identifier);
	add_opf(w, identifier, build_time);
	add_string(w, "META-INF/container.xml",
	           g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                        "<container version=\"1.0\" "
	                        "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
	                        "<rootfiles>\n<rootfile full-path=\"OEBPS/content.opf\" "
	                        "media-type=\"application/oebps-package+xml\"/>\n"
	                        "</rootfiles>\n</container>\n"));
}
