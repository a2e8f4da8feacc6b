/* The book reads each page once a build: the trees its link check read are
 * the ones the back ends get, resolved, while they fit the budget. */
#include "book.h"
#include "testutil.h"

/* The first link of doc. */
static const DocNode *
first_link(const Doc *doc)
{
	DocIter it;
	doc_iter_init(&it, doc->root);
	DocNode *n;
	DocEvent ev;
	while (doc_iter_next(&it, &n, &ev))
		if (ev == DOC_ENTER && n->kind == DOC_LINK)
			return n;
	return NULL;
}

static void
test_trees_kept_and_resolved(void)
{
	Captured c;
	captured_init(&c);
	g_autofree char *root = site_make(
	    "_config.yml", "title: Βοήθεια\n", "index.md",
	    "---\ntitle: Αρχή\nnav_order: 1\n---\nΔείτε [τον κωδικό](b.md#αλλαγή).\n", "b.md",
	    "---\ntitle: Κωδικός\nnav_order: 2\n---\n## Αλλαγή\n\nΚείμενο.\n", NULL);
	Site *site = site_load(root, NULL, &c.diag);
	g_assert_nonnull(site);
	Book *book = book_new(site, &c.diag, FALSE);
	g_assert_cmpstr(captured_text(&c), ==, "");
	/* Every page's tree is kept: the sources read to make them are let go. */
	for (guint i = 0; i < site->book->len; i++)
		g_assert_null(((SitePage *)g_ptr_array_index(site->book, i))->source);

	SitePage *index = g_hash_table_lookup(site->by_path, "index.md");
	Doc *owned = NULL;
	const Doc *doc = book_page_doc(book, index, &owned);
	g_assert_nonnull(doc);
	g_assert_null(owned);
	/* Resolved against the later page's anchors, blocks numbered. */
	const DocNode *link = first_link(doc);
	g_assert_nonnull(link);
	g_assert_cmpint(link->target, ==, LINK_PAGE);
	g_assert_cmpstr(((const SitePage *)link->target_page)->rel_path, ==, "b.md");
	g_assert_cmpstr(link->target_fragment, ==, "αλλαγή");
	g_assert_cmpuint(doc->root->first->block, ==, 1);
	/* Asked again (another layout of the same build): the same tree, as it was. */
	g_assert_true(book_page_doc(book, index, &owned) == doc);
	g_assert_null(owned);
	g_assert_cmpuint(first_link(doc)->target, ==, LINK_PAGE);
	g_assert_cmpuint(doc->root->first->block, ==, 1);

	/* Let go, a page is read again, to the same tree. */
	book_release_trees(book);
	const Doc *again = book_page_doc(book, index, &owned);
	g_assert_nonnull(owned);
	g_assert_true(again == owned);
	g_assert_cmpstr(first_link(again)->target_fragment, ==, "αλλαγή");
	g_assert_cmpuint(again->root->first->block, ==, 1);
	doc_free(owned);

	book_free(book);
	site_free(site);
	tree_remove(root);
	captured_clear(&c);
}

/* A book longer than the budget keeps the first pages' trees and reads the
 * rest again, from their files: no page's text is held through the build. */
static void
test_budget(void)
{
	Captured c;
	captured_init(&c);
	GString *long_page = g_string_new("---\ntitle: Μακριά\nnav_order: 1\n---\n");
	while (long_page->len < (gsize)BOOK_KEPT_TREES_SOURCE_BYTES * 3 / 4)
		g_string_append(long_page, "Μια παράγραφος με [σύνδεσμο](b.md) και λέξεις.\n\n");
	g_autofree char *root = site_make("_config.yml", "title: Βοήθεια\n", "a.md", long_page->str,
	                                  "b.md", long_page->str, NULL);
	g_string_free(long_page, TRUE);
	Site *site = site_load(root, NULL, &c.diag);
	g_assert_nonnull(site);
	Book *book = book_new(site, &c.diag, FALSE);
	SitePage *a = g_hash_table_lookup(site->by_path, "a.md");
	SitePage *b = g_hash_table_lookup(site->by_path, "b.md");
	g_assert_null(a->source);
	g_assert_null(b->source);

	Doc *owned_a = NULL, *owned_b = NULL;
	const Doc *doc_a = book_page_doc(book, a, &owned_a);
	const Doc *doc_b = book_page_doc(book, b, &owned_b);
	g_assert_nonnull(doc_a);
	g_assert_null(owned_a);
	g_assert_nonnull(doc_b);
	g_assert_true(doc_b == owned_b);
	g_assert_true(first_link(doc_a)->target_page == b);
	g_assert_true(first_link(doc_b)->target_page == b);
	doc_free(owned_b);

	book_free(book);
	site_free(site);
	tree_remove(root);
	captured_clear(&c);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/book/trees-kept-and-resolved", test_trees_kept_and_resolved);
	g_test_add_func("/book/budget", test_budget);
	return g_test_run();
}
