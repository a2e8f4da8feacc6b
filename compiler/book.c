#include "book.h"

#include "formula.h"
#include "html.h"
#include "jekyll.h"
#include "kramdown.h"
#include "source.h"
#include "text/greek.h"

/* A page titled by its first '# ' heading, after a breadcrumb line: that
 * heading opens its chapter, as the title of a page with front matter
 * does. */
static void
lead_with_title(Doc *doc)
{
	for (DocNode *n = doc->root->first; n; n = n->next) {
		if (n->kind != DOC_HEADING || n->u.level != 1)
			continue;
		if (n != doc->root->first) {
			doc_unlink(n);
			doc_insert_before(doc->root->first, n);
		}
		return;
	}
}

/* Reads a page as Jekyll would render it: Liquid first, then Markdown, then
 * kramdown's additions, from the text site_load read. Problems go to diag.
 * Raw HTML is read into the tree here, once, so that no back end parses it. */
static Doc *
parse_page(const Site *site, const SitePage *page, Diag *diag)
{
	g_autoptr(SourceText) owned = NULL;
	const SourceText *raw = site_page_text(site, page, &owned);
	if (!raw)
		return NULL;
	FrontMatter fm = source_front_matter(raw);
	g_autoptr(SourceText) text = jekyll_liquid(site, page, raw, fm.body_start, diag);
	if (!text)
		return NULL;
	Doc *doc = doc_parse(text, fm.body_start, page->path, diag);
	kramdown_apply(site, doc, diag);
	formula_apply(doc, formula_is_set(site, page));
	if (page->title_from_heading)
		lead_with_title(doc);
	html_read_into(doc, diag);
	return doc;
}

/* A page's tree as book_new read it, resolved when first asked for. */
typedef struct {
	Doc *doc;
	gboolean resolved;
} KeptTree;

static void
kept_tree_free(gpointer p)
{
	KeptTree *tree = p;
	doc_free(tree->doc);
	g_free(tree);
}

Book *
book_new(Site *site, Diag *diag, gboolean typography)
{
	Book *book = g_new0(Book, 1);
	book->typography = typography;
	book->site = site;
	book->diag = diag;
	book->links = links_checker_new(site);
	book->broken_images = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	book->trees = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, kept_tree_free);
	gsize kept = 0;
	for (guint i = 0; i < site->pages->len; i++) {
		SitePage *page = g_ptr_array_index(site->pages, i);
		g_autoptr(Doc) doc = parse_page(site, page, diag);
		if (!doc)
			continue;
		links_checker_add_page(book->links, page, doc);
		if (page->depth >= 0 && kept + page->source_len <= BOOK_KEPT_TREES_SOURCE_BYTES) {
			kept += page->source_len;
			KeptTree *tree = g_new0(KeptTree, 1);
			tree->doc = g_steal_pointer(&doc);
			g_hash_table_insert(book->trees, page, tree);
		}
	}
	book->references = links_checker_report(book->links);
	/* The pages' text is read again from their files by what reads a page
	 * again (a tree not kept): a long site's text is not held through the
	 * build (6 MB of the bench's 1,000 pages). */
	site_release_sources(site);
	return book;
}

void
book_free(Book *book)
{
	if (!book)
		return;
	links_checker_free(book->links);
	g_hash_table_unref(book->broken_images);
	g_hash_table_unref(book->trees);
	g_free(book);
}

void
book_release_trees(Book *book)
{
	g_hash_table_remove_all(book->trees);
}

static void
number_blocks(Doc *doc)
{
	unsigned count = 0;
	DocIter it;
	doc_iter_init(&it, doc->root);
	DocNode *n;
	DocEvent ev;
	while (doc_iter_next(&it, &n, &ev))
		if (ev == DOC_ENTER && n->kind != DOC_DOCUMENT && doc_kind_is_block(n->kind))
			n->block = ++count;
}

/* What a back end reads of a tree beyond the parse: every link's and
 * image's target (all pages' anchors known), the typography, the blocks'
 * numbers. */
static void
resolve(Book *book, const SitePage *page, Doc *doc)
{
	links_resolve_doc(book->links, page, doc);
	if (book->typography)
		greek_typography(doc, lang_for(book->site->lang)->quotes);
	number_blocks(doc);
}

const Doc *
book_page_doc(Book *book, const SitePage *page, Doc **owned)
{
	*owned = NULL;
	KeptTree *tree = g_hash_table_lookup(book->trees, page);
	if (tree) {
		if (!tree->resolved)
			resolve(book, page, tree->doc);
		tree->resolved = TRUE;
		return tree->doc;
	}
	Diag silent;
	diag_init(&silent, NULL);
	*owned = parse_page(book->site, page, &silent);
	diag_clear(&silent);
	if (*owned)
		resolve(book, page, *owned);
	return *owned;
}

gboolean
book_said_elsewhere(const DocNode *node)
{
	const SitePage *written_on = doc_written_on(node);
	return written_on && written_on->depth >= 0;
}

void
book_say_broken_image(Book *book, const char *path, int line, int col, const char *file,
                      const char *problem)
{
	if (!g_hash_table_add(book->broken_images, g_strdup(file)) || book->images_said_beside)
		return;
	diag_warning(book->diag, path, line, col, "image",
	             "image '%s' is %s; it is left out (the PDF frames its description, the "
	             "EPUB shows it)",
	             file, problem);
}

const DocNode *
book_page_heading(const Doc *doc)
{
	const DocNode *first = doc->root->first;
	if (first && first->kind == DOC_HEADING && first->u.level == 1)
		return first;
	return NULL;
}
