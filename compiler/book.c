#include "book.h"

#include "source.h"

/* Reads a page's text and tree; re-reads print nothing (book_new has spoken). */
static Doc *
parse_page(const Site *site, const SitePage *page, Diag *diag)
{
	g_autofree char *file = g_build_filename(site->root, page->rel_path, NULL);
	g_autoptr(SourceText) text = source_read(file, page->path, diag);
	if (!text)
		return NULL;
	FrontMatter fm = source_front_matter(text);
	return doc_parse(text, fm.body_start, page->path, diag);
}

Book *
book_new(Site *site, Diag *diag)
{
	Book *book = g_new0(Book, 1);
	book->site = site;
	book->diag = diag;
	book->links = links_checker_new(site);
	/* site_load already reported what reading the files found. */
	Diag silent;
	diag_init(&silent, NULL);
	for (guint i = 0; i < site->pages->len; i++) {
		SitePage *page = g_ptr_array_index(site->pages, i);
		g_autoptr(Doc) doc = parse_page(site, page, &silent);
		if (doc)
			links_checker_add_page(book->links, page, doc);
	}
	diag_clear(&silent);
	book->references = links_checker_report(book->links);
	return book;
}

void
book_free(Book *book)
{
	if (!book)
		return;
	links_checker_free(book->links);
	g_free(book);
}

Doc *
book_page_doc(Book *book, const SitePage *page)
{
	Diag silent;
	diag_init(&silent, NULL);
	Doc *doc = parse_page(book->site, page, &silent);
	diag_clear(&silent);
	if (doc)
		links_resolve_doc(book->links, page, doc);
	return doc;
}

const DocNode *
book_page_heading(const Doc *doc)
{
	const DocNode *first = doc->root->first;
	if (first && first->kind == DOC_HEADING && first->u.level == 1)
		return first;
	return NULL;
}
