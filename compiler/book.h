/* book: the site's pages in reading order, read and resolved for the back
 * ends. Creating it reads every page once to learn its anchors and report
 * every problem, and keeps the trees it read (within a budget) for the back
 * ends, which ask for one page's tree at a time. */
#ifndef FOLIO_BOOK_H
#define FOLIO_BOOK_H

#include "doc.h"
#include "links.h"
#include "site.h"

/* Where a printed page of the PDF begins: the page of the site and the block
 * (DocNode.block; 0: the page's title) that holds its first line. The PDF's
 * pagination finds them (in page order, so that the pages of the site come
 * in the book's order) and hands them to the EPUB, whose page list points at
 * the same places. */
typedef struct BookPrintPage {
	const SitePage *page;
	unsigned block;
	int number; /* the body page number printed on it */
} BookPrintPage;

typedef struct Book {
	Site *site;
	LinkChecker *links;
	Diag *diag;
	guint references;            /* links and images checked */
	gboolean typography;         /* Greek typographic punctuation in the text */
	GHashTable *broken_images;   /* files already said to be broken */
	gboolean images_said_beside; /* the PDF, made by another process of the build,
	                              * says which images are broken */
	GHashTable *trees;           /* SitePage -> its tree as read, within the budget */
} Book;

/* The trees of a book's pages are kept from their first reading while their
 * pages' sources add up to at most this: each page of a site up to this
 * size is read once a build (and the sources are let go once read), and a
 * longer book reads its later pages again rather than hold every tree,
 * about three times its source, for the whole run. */
enum { BOOK_KEPT_TREES_SOURCE_BYTES = 1024 * 1024 };

/* Reads every page of site, reports its problems to diag. With typography,
 * the text gets the punctuation of greek_punctuate (both formats alike). */
Book *book_new(Site *site, Diag *diag, gboolean typography);
void book_free(Book *book);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Book, book_free)

/* The tree of page with every link and image resolved; NULL when the file
 * cannot be read any more. Diagnostics were given by book_new. The tree is
 * the book's, to read only, or, when it was not kept, *owned's: the
 * caller's to free. */
const Doc *book_page_doc(Book *book, const SitePage *page, Doc **owned);
/* Lets the kept trees go: nothing reads this book's pages again, or they
 * are read anew. */
void book_release_trees(Book *book);

/* Whether what a back end would say of node is said where node was
 * written: another page's text printed on this one, that page being in
 * the book too (and so typeset, and its problems said, itself). */
gboolean book_said_elsewhere(const DocNode *node);
/* Warns, once for both formats, that the image file (relative to the
 * site's root) referred to at path:line:col is problem and is left out
 * (only remembers it, with images_said_beside: the PDF meets every image
 * the EPUB does). */
void book_say_broken_image(Book *book, const char *path, int line, int col, const char *file,
                           const char *problem);

/* The title a page shows: its own first level-1 heading when it starts with
 * one (just-the-docs prints no other), or NULL when the title must be added. */
const DocNode *book_page_heading(const Doc *doc);

#endif
