#include "book.h"
#include "kramdown.h"
#include "testutil.h"

#include <stdlib.h>

/* The heading ids of every page of the shared corpus equal the ids kramdown
 * wrote for the live site (just-the-docs.oracle/ids.tsv), in order. */
static void
test_corpus_heading_ids(void)
{
	const char *shared = shared_dir();
	if (!shared) {
		g_test_skip("../shared is not beside the repository");
		return;
	}
	g_autofree char *root = g_build_filename(shared, "corpora", "just-the-docs", NULL);
	g_autofree char *ids_file =
	    g_build_filename(shared, "corpora", "just-the-docs.oracle", "ids.tsv", NULL);
	Diag quiet;
	diag_init(&quiet, NULL);
	g_autoptr(Site) site = site_load(root, NULL, &quiet);
	g_autoptr(Book) book = book_new(site, &quiet, FALSE);

	/* URL -> the ids kramdown wrote, in order (empty ones are raw HTML headings). */
	g_autofree char *tsv = NULL;
	g_assert_true(g_file_get_contents(ids_file, &tsv, NULL, NULL));
	g_autoptr(GHashTable) expected = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                                       (GDestroyNotify)g_ptr_array_unref);
	g_auto(GStrv) rows = g_strsplit(tsv, "\n", -1);
	for (char **row = rows; *row && **row; row++) {
		g_auto(GStrv) cols = g_strsplit(*row, "\t", 4);
		if (!cols[2] || !*cols[2])
			continue;
		GPtrArray *list = g_hash_table_lookup(expected, cols[0]);
		if (!list) {
			list = g_ptr_array_new_with_free_func(g_free);
			g_hash_table_insert(expected, g_strdup(cols[0]), list);
		}
		g_ptr_array_add(list, g_strdup(cols[2]));
	}

	guint pages = 0, ids = 0;
	for (guint i = 0; i < site->pages->len; i++) {
		const SitePage *page = g_ptr_array_index(site->pages, i);
		GPtrArray *want = g_hash_table_lookup(expected, page->url);
		g_autoptr(Doc) owned = NULL;
		const Doc *doc = book_page_doc(book, page, &owned);
		g_autoptr(GPtrArray) got = g_ptr_array_new();
		DocIter it;
		doc_iter_init(&it, doc->root);
		DocNode *n;
		DocEvent ev;
		while (doc_iter_next(&it, &n, &ev))
			if (ev == DOC_ENTER && n->kind == DOC_HEADING && n->id)
				g_ptr_array_add(got, n->id);
		/* Ours, in order, are kramdown's, but for the heading of a page-local
		 * contents ({:toc}), which the book leaves out. */
		guint expected_count = want ? want->len : 0, k = 0, skipped = 0;
		for (guint j = 0; j < got->len; j++) {
			while (k < expected_count &&
			       strcmp(g_ptr_array_index(got, j), g_ptr_array_index(want, k)) != 0) {
				skipped++;
				k++;
			}
			if (k == expected_count)
				g_error("%s: heading id '%s' is not among kramdown's, in order",
				        page->rel_path, (char *)g_ptr_array_index(got, j));
			k++;
		}
		skipped += expected_count - k;
		if (skipped > 1)
			g_error("%s: %u of kramdown's heading ids are missing", page->rel_path,
			        skipped);
		pages++;
		ids += got->len;
	}
	g_assert_cmpuint(pages, ==, site->pages->len);
	g_assert_cmpuint(ids, >, 300);
	diag_clear(&quiet);
}

/* The page's text as md4c reads it once kramdown's HTML blocks are joined. */
static char *
joined(const char *body)
{
	GString *text = g_string_new(body);
	guint lines = 0;
	for (const char *p = body; *p; p++)
		lines += *p == '\n';
	kramdown_join_html_blocks(NULL, text, 0);
	guint after = 0;
	for (const char *p = text->str; *p; p++)
		after += *p == '\n';
	g_assert_cmpuint(after, ==, lines);
	return g_string_free(text, FALSE);
}

static void
test_html_blocks(void)
{
	static const struct {
		const char *body, *expected;
	} cases[] = {
	    /* A Liquid loop's empty lines in a list, its items indented. */
	    {"<ul>\n  \n    <li>a</li>\n  \n    <li>b</li>\n</ul>\n\ntext\n",
	     "<ul>\n<!---->\n    <li>a</li>\n<!---->\n    <li>b</li>\n</ul>\n\ntext\n"},
	    /* Nested divs: the outer one's closing tag ends it. */
	    {"<div>\n<div>\n\n    <p>x</p>\n</div>\n\n    <p>y</p>\n</div>\n\n    code\n",
	     "<div>\n<div>\n<!---->\n    <p>x</p>\n</div>\n<!---->\n    <p>y</p>\n</div>\n\n    "
	     "code\n"},
	    /* Markdown after a blank line in the element (markdownify) stays Markdown. */
	    {"<details>\n<summary>s</summary>\n\n| a | b |\n|---|---|\n\n</details>\n", NULL},
	    /* Never closed, in fenced code, markdown="1", a span, a paragraph's line. */
	    {"<div>\n\n    <p>x</p>\n", NULL},
	    {"```\n<div>\n\n    <p>x</p>\n</div>\n```\n", NULL},
	    {"<div markdown=\"1\">\n\n    code\n</div>\n", NULL},
	    {"<span>\n\n    code\n</span>\n", NULL},
	    {"text\n<div>\n\n    <p>x</p>\n</div>\n", NULL},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *got = joined(cases[i].body);
		const char *want = cases[i].expected ? cases[i].expected : cases[i].body;
		if (strcmp(got, want) != 0)
			g_error("case %zu: got\n%s\nexpected\n%s", i, got, want);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/kramdown/corpus-heading-ids", test_corpus_heading_ids);
	g_test_add_func("/kramdown/html-blocks", test_html_blocks);
	return g_test_run();
}
