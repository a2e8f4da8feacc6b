/* epub: the book as an EPUB 3 for e-readers: one XHTML content document per
 * page in navigation order, a package document, nav.xhtml and toc.ncx,
 * zipped with libzip. */
#ifndef FOLIO_EPUB_H
#define FOLIO_EPUB_H

#include "../book.h"

/* Writes the EPUB of book to path (atomically), its page list marking where
 * each page of page_list begins (BookPrintPage, the PDF's pages; NULL: no
 * page list). FALSE when it could not be made; the reason has been reported. */
gboolean epub_write(Book *book, const char *path, gint64 build_time, const GArray *page_list);

/* As epub_write, with a page list known only once the documents are
 * written (it is laid out beside them): page_list(data) is called once,
 * after the last document, and gives it (NULL: none); the markers go in
 * where they would have been written. */
typedef GArray *(*EpubPageListFn)(gpointer data);
gboolean epub_write_list_later(Book *book, const char *path, gint64 build_time,
                               EpubPageListFn page_list, gpointer data);

#endif
